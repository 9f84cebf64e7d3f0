"""The prepared object (:mod:`collective_impact.analysis.prepared`): lazy, shared, canonical."""

from __future__ import annotations

import datetime as dt

import pytest

import collective_impact as ci
from collective_impact import ScoringConfig
from collective_impact.analysis import prepared as prepared_module
from collective_impact.analysis._canonical import canonical

#: cradle-to-career's date of judgement (its latest observation).
ON = dt.date(2026, 9, 30)


class TestPrepare:
    def test_nothing_is_computed_until_asked(self) -> None:
        prepared = ci.prepare(ci.load_example("workforce"))
        assert "nothing" in repr(prepared)
        assert prepared.reinforcement.index is not None
        assert "reinforcement" in repr(prepared)

    def test_a_prepared_object_is_returned_as_it_is(self) -> None:
        prepared = ci.prepare(ci.load_example("workforce"))
        assert ci.prepare(prepared) is prepared
        assert ci.prepare(prepared, config=ScoringConfig(), as_of=prepared.as_of) is prepared

    def test_its_options_are_fixed(self) -> None:
        prepared = ci.prepare(ci.load_example("workforce"))
        with pytest.raises(ValueError, match="config"):
            ci.prepare(prepared, config=ScoringConfig(pathway_weight=0.1))
        with pytest.raises(ValueError, match="as_of"):
            ci.prepare(prepared, as_of=dt.date(2010, 1, 1))
        with pytest.raises(ValueError, match="config"):
            ci.reinforcement_scores(prepared, config=ScoringConfig(pathway_weight=0.1))

    def test_every_input_is_computed_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        calls: list[str] = []
        for name in ("build_arrays", "total_contributions", "reinforcement_from_arrays"):
            original = getattr(prepared_module, name)

            def counting(*args: object, _f: object = original, _n: str = name, **kw: object):  # type: ignore[no-untyped-def]
                calls.append(_n)
                return _f(*args, **kw)  # type: ignore[operator]

            monkeypatch.setattr(prepared_module, name, counting)
        ci.assess(ci.load_example("cradle-to-career"))
        assert sorted(calls) == ["build_arrays", "reinforcement_from_arrays", "total_contributions"]

    def test_works_on_the_canonical_form(self) -> None:
        init = ci.load_example("cradle-to-career")
        shuffled = init.evolve(partners=init.partners[::-1], activities=init.activities[::-1])
        prepared = ci.prepare(shuffled)
        assert prepared.initiative is shuffled
        # the canonical form, without the four activities that ended before the date
        assert prepared.analysed == canonical(init).evolve(
            activities=[a for a in canonical(init).activities if a.end is None or a.end >= ON]
        )
        assert len(prepared.not_running) == 4
        running = sorted(a.id for a in init.activities if a.end is None or a.end >= ON)
        assert prepared.arrays.activity_ids == tuple(running)
        assert prepared.reinforcement.index == ci.assess(init).alignment.index

    def test_as_of_and_measurement(self) -> None:
        init = ci.load_example("workforce")
        prepared = ci.prepare(init, as_of=dt.date(2009, 6, 30))
        assert (prepared.as_of, prepared.as_of_source) == (dt.date(2009, 6, 30), "argument")
        expected = ci.assess(init, as_of=dt.date(2009, 6, 30)).measurement
        assert repr(prepared.measurement) == repr(expected)  # repr: nan == nan

    def test_bad_as_of_fails_on_first_access(self) -> None:
        prepared = ci.prepare(ci.load_example("workforce"), as_of=dt.date(1990, 1, 1))
        with pytest.raises(ci.AsOfError):
            _ = prepared.as_of


class TestArrays:
    """The arrays are built in bulk (one pass per list); their content is the model's."""

    def test_sets_are_numbered_in_order_of_first_appearance(self) -> None:
        from collective_impact.analysis._arrays import set_table

        table = set_table(
            [("b", "a"), ("c",), ("a", "b"), (), ("c",), frozenset({"a", "b"})],
            {"a": 0, "b": 1, "c": 2},
        )
        assert table.of.tolist() == [0, 1, 0, 2, 1, 0]  # one set whatever the order or type
        assert table.members.toarray().tolist() == [[1, 1, 0], [0, 0, 1], [0, 0, 0]]
        assert table.sizes.tolist() == [2, 1, 0]
        # lists (not their own keys) and a repeated member: the same sets
        listed = set_table(
            [["b", "a", "b"], ["c"], ["a", "b"], [], ["c"]], {"a": 0, "b": 1, "c": 2}
        )
        assert listed.of.tolist() == [0, 1, 0, 2, 1]
        assert listed.members.toarray().tolist() == table.members.toarray().tolist()
        empty = set_table([], {"a": 0})
        assert (empty.of.size, empty.members.shape, empty.sizes.size) == (0, (0, 1), 0)

    def test_arrays_hold_the_model(self) -> None:
        from collective_impact.analysis._arrays import build_arrays

        init = ci.load_example("cradle-to-career")
        arrays = build_arrays(init)
        for a, act in enumerate(init.activities):
            row = arrays.contributions[[a]]
            assert {
                arrays.indicator_ids[i]: v
                for i, v in zip(row.indices.tolist(), row.data.tolist(), strict=True)
            } == dict(act.contributes)
            partners = arrays.partner_sets.members[[arrays.partner_sets.of[a]]].indices
            assert {arrays.partner_ids[p] for p in partners.tolist()} == set(act.partners)
            assert arrays.partner_ids[arrays.lead[a]] == act.lead
        for i, ind in enumerate(init.indicators):
            row = arrays.pathways[[i]]
            assert {
                arrays.indicator_ids[j]: w
                for j, w in zip(row.indices.tolist(), row.data.tolist(), strict=True)
            } == dict(ind.drives)
