"""The phase of an initiative (:mod:`collective_impact.analysis.phases`)."""

from __future__ import annotations

import attrs

import collective_impact as ci
from collective_impact import Initiative, Partner
from collective_impact.analysis.phases import assess_phase
from test_gaps import healthy


class TestPhase:
    def test_healthy_is_in_phase_three(self) -> None:
        phase = ci.assess(healthy()).phase
        assert (phase.phase, phase.label) == (3, "III")
        assert phase.unmet() == ()
        assert phase.preconditions.met

    def test_one_reporter_stops_at_phase_two(self) -> None:
        init = healthy()
        only_gov = attrs.evolve(
            init.indicators[0], observations=init.indicators[0].observations[:1]
        )
        phase = ci.assess(init.with_indicators(only_gov)).phase
        assert (phase.phase, phase.label) == (2, "II")
        assert [c.name for c in phase.unmet()] == ["progress reported by at least 2 partners"]

    def test_to_dict(self) -> None:
        data = ci.assess(healthy()).phase.to_dict()
        assert data["label"] == "III"
        assert data["components"]["evaluation"]["III"]["met"] == [
            "progress tracked (half observed after their baseline)",
            "progress reported by at least 2 partners",
        ]
        assert set(data["components"]) == {
            "governance",
            "strategic_planning",
            "community_involvement",
            "evaluation",
        }
        assert data["preconditions"]["champions"] == 1

    def test_nothing_in_place(self) -> None:
        bare = Initiative(name="Bare", partners=[Partner(id="a", name="A", sector="business")])
        phase = ci.assess(bare).phase
        assert phase.phase == 0
        assert phase.label == "none"
        assert not phase.preconditions.met

    def test_function_of_the_initiative_or_a_prepared_object(self) -> None:
        init = healthy()
        assert assess_phase(init) == ci.assess(init).phase
        assert assess_phase(ci.prepare(init)) == ci.assess(init).phase
