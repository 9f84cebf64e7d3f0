"""The standalone HTML report, checked without a browser: the page is parsed as XML.

The report is written to be well-formed XML (void elements closed, attributes quoted, no ``<`` or
``&`` in the inline script), so :mod:`xml.etree.ElementTree` parses it whole and every check
below reads the parsed tree rather than searching the text. ``tests/test_report_browser.py``
opens the same pages in headless Chromium.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import itertools
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import markupsafe
import pytest

import collective_impact as ci
from collective_impact.htmlreport import render_report, write_report

EXAMPLES = ci.list_examples()
HOSTILE = "<script>alert(1)</script> \"quoted\" & 'single' </title></svg>"

PHASES = {
    0: "Not yet in Phase I",
    1: "Phase I — Initiate action",
    2: "Phase II — Organize for impact",
    3: "Phase III — Sustain action and impact",
}


class Page:
    """A rendered report and its parsed tree."""

    def __init__(self, assessment: Any, text: str) -> None:
        self.assessment = assessment
        self.text = text
        self.root = ET.fromstring(text)

    def by_id(self, id_: str) -> ET.Element:
        found = self.root.find(f".//*[@id='{id_}']")
        assert found is not None, id_
        return found

    def all_text(self, element: ET.Element | None = None) -> str:
        """The element's text content with white space collapsed (as a reader sees it)."""
        node = self.root if element is None else element
        return " ".join("".join(node.itertext()).split())

    def gap_rows(self) -> list[ET.Element]:
        return self.root.findall(".//table[@id='gap-table']/tbody/tr")


@pytest.fixture(scope="module", params=EXAMPLES)
def page(request: pytest.FixtureRequest) -> Page:
    assessment = ci.assess(ci.load_example(request.param))
    return Page(assessment, render_report(assessment))


def _elements(root: ET.Element) -> Iterator[ET.Element]:
    yield from root.iter()


class TestStructure:
    def test_is_a_complete_html_document(self, page: Page) -> None:
        assert page.text.startswith("<!DOCTYPE html>\n")
        assert page.root.tag == "html"
        assert page.root.get("lang") == "en"
        head = page.root.find("head")
        assert head is not None
        assert head.find("meta[@charset='utf-8']") is not None
        viewport = head.find("meta[@name='viewport']")
        assert viewport is not None
        assert "width=device-width" in (viewport.get("content") or "")
        title = head.find("title")
        assert title is not None
        assert page.assessment.initiative.name in (title.text or "")

    def test_has_every_section(self, page: Page) -> None:
        for id_ in (
            "conditions",
            "indicators",
            "network",
            "gaps",
            "recommendations",
            "data-quality",
            "reproduce",
        ):
            page.by_id(id_)

    def test_is_deterministic(self, page: Page) -> None:
        assert render_report(page.assessment) == page.text

    def test_title_argument(self, page: Page) -> None:
        root = ET.fromstring(render_report(page.assessment, title="Steering committee, May"))
        assert root.findtext("head/title") == "Steering committee, May"
        assert root.findtext(".//h1") == "Steering committee, May"


class TestContent:
    def test_phase_in_plain_language(self, page: Page) -> None:
        section = page.all_text(page.by_id("conditions"))
        assert PHASES[page.assessment.phase.phase] in section

    def test_the_last_phase_beside_unmet_preconditions(self) -> None:
        """workforce is in phase III with its funding run out (secured until 2010-12-31, the
        date of judgement): "The initiative meets every criterion of the last phase" stood
        alone, an all-clear beside a critical short-funding gap (found by a reviewer). The
        sentence now says what the preconditions lack, and the funding line what is needed."""
        assessment = ci.assess(ci.load_example("workforce"))
        assert assessment.phase.phase == 3
        assert assessment.phase.preconditions.met is False
        page = Page(assessment, render_report(assessment))
        section = page.all_text(page.by_id("conditions"))
        assert (
            "The initiative meets every criterion of the last phase. Its preconditions are not "
            "met: it lacks funding secured for 2 years (below)." in section
        )
        assert "0 years secured, 2 needed" in section
        # an earlier phase: after what it still needs
        c2c = ci.assess(ci.load_example("cradle-to-career"))
        text = Page(c2c, render_report(c2c)).all_text()
        assert "Its preconditions are not met either: it lacks funding secured for 2 years" in text
        assert "0.75 years secured, 2 needed" in text

    def test_one_year_of_funding_is_one_year(self) -> None:
        """workforce under ``min_funding_years = 1`` lacked "funding secured for 1 years", and
        funding for a year after the date of judgement read "1 years secured"."""
        init = ci.load_example("workforce")
        one = ci.assess(init, config=ci.ScoringConfig(min_funding_years=1))
        text = Page(one, render_report(one)).all_text()
        assert "it lacks funding secured for 1 year (below)." in text
        assert "1 years" not in text
        init = init.evolve(
            conditions=attrs.evolve(
                init.conditions, funding_secured_until=datetime.date(2011, 12, 31)
            )
        )
        funded = ci.assess(init)
        text = Page(funded, render_report(funded)).all_text()
        assert "1 year secured, 2 needed" in text
        assert "1 years" not in text

    def test_funding_that_ended_says_so(self) -> None:
        """workforce's funding runs to 2010-12-31. Judged on 2011-06-30 it ended 181 days
        before (181/365 = 0.4959 years, written 0.5, as the short-funding gap writes it); the
        funding line read "0 years secured, 0 needed" under ``min_funding_years = 0``, as it
        does for funding up to the date of judgement, which is enough (found by a reviewer).
        It says when the funding ended and what is needed."""
        init = ci.load_example("workforce")
        ended = "ended on 2010-12-31, 0.5 years before the date of judgement (2011-06-30); "
        for config, needed in [
            (ci.ScoringConfig(), "2 years needed"),
            (ci.ScoringConfig(min_funding_years=0), "funding up to the date of judgement needed"),
        ]:
            late = ci.assess(init, config=config, as_of=datetime.date(2011, 6, 30))
            assert late.phase.preconditions.funding_years == pytest.approx(-181 / 365)
            (gap,) = [g for g in late.gaps if g.code == "short-funding"]
            assert "0.5 years before the date of judgement" in gap.message
            page = Page(late, render_report(late))
            section = page.all_text(page.by_id("conditions"))
            assert ended + needed in section
            assert "0 years secured" not in section
            # up to the date of judgement: 0 years left, enough without a minimum
            on_time = ci.assess(init, config=config)
            text = Page(on_time, render_report(on_time)).all_text()
            assert f"0 years secured, {config.min_funding_years:g} needed" in text

    def test_every_condition_with_its_score(self, page: Page) -> None:
        section = page.all_text(page.by_id("conditions"))
        for name, key in [
            ("Common agenda", "common_agenda"),
            ("Shared measurement", "shared_measurement"),
            ("Mutually reinforcing activities", "mutually_reinforcing_activities"),
            ("Continuous communication", "continuous_communication"),
            ("Backbone support", "backbone_support"),
        ]:
            score = getattr(page.assessment.scores, key)
            assert f"{name}: {score:.2f}" in section
            assert "What would raise it." in section
        assert f"Overall score: {page.assessment.scores.overall:.2f}" in section

    def test_every_gap_message_escaped(self, page: Page) -> None:
        for gap in page.assessment.gaps:
            assert str(markupsafe.escape(gap.message)) in page.text
        text = page.all_text(page.by_id("gap-table"))
        for gap in page.assessment.gaps:
            assert gap.message in text

    def test_one_row_per_gap_with_its_attributes(self, page: Page) -> None:
        rows = page.gap_rows()
        gaps = {g.key: g for g in page.assessment.gaps}
        assert sorted(r.get("data-key") or "" for r in rows) == sorted(gaps)
        for row in rows:
            gap = gaps[row.get("data-key") or ""]
            assert row.get("data-condition") == gap.condition.value
            assert row.get("data-severity") == gap.severity.value
            assert gap.message in page.all_text(row)

    def test_gaps_ranked_by_severity_first(self, page: Page) -> None:
        order = {"critical": 0, "warning": 1, "info": 2}
        ranks = [order[r.get("data-severity") or ""] for r in page.gap_rows()]
        assert ranks == sorted(ranks)

    def test_every_indicator_id_and_name(self, page: Page) -> None:
        section = page.all_text(page.by_id("indicators"))
        for record in page.assessment.measurement:
            assert record.indicator in section
            assert record.name in section

    def test_status_and_progress_in_words(self, page: Page) -> None:
        section = page.all_text(page.by_id("indicators"))
        words = {
            "met": "target met",
            "on-track": "on track",
            "at-risk": "at risk",
            "off-track": "off track",
            "insufficient-data": "insufficient data",
        }
        for record in page.assessment.measurement:
            assert words[record.status.value] in section
            if record.progress is None:  # why: "insufficient data" again said nothing
                assert "progress not measured: no " in section
            else:
                assert f"{record.progress:.0%} of the way from the baseline" in section

    def test_progress_not_measured_says_why(self) -> None:
        """tutoring-hours has no target: its card read "insufficient data — insufficient data
        to measure progress" beside four observations; it now says "no target"."""
        from collective_impact.htmlreport import _progress_words

        result = ci.assess(ci.load_example("cradle-to-career"))
        words = {m.indicator: _progress_words(m) for m in result.measurement}
        assert words["tutoring-hours"] == "progress not measured: no target"
        assert words["postsec-credential"] == (
            "progress not measured: no whole-population observation from the baseline on"
        )

    def test_one_chart_per_indicator_with_forecast_band(self, page: Page) -> None:
        section = page.by_id("indicators")
        charts = [
            s
            for s in section.iter("svg")
            if (s.findtext("title") or "").startswith("Legend") is False
        ]
        # the most pressing first: off track and at risk in the order of their gaps, then
        # insufficient data, on track and met, each by id
        urgency = {"insufficient-data": 0, "on-track": 1, "met": 2}
        lagging = list(page.assessment.lagging)
        others = [m for m in page.assessment.measurement if m not in lagging]
        records = lagging + sorted(others, key=lambda m: (urgency[m.status.value], m.indicator))
        assert len(charts) == len(page.assessment.measurement)
        for svg, record in zip(charts, records, strict=True):
            assert record.name in (svg.findtext("title") or "")
            bands = svg.findall("polygon[@class='band']")
            # no band once the value of the target date is in (the status is a fact then)
            forecast = record.forecast is not None and not record.target_date_observed
            assert len(bands) == (1 if forecast else 0)
            targets = svg.findall("polygon[@class='target']")
            assert len(targets) == (1 if record.target is not None else 0)

    def test_network_every_partner_and_the_backbone(self, page: Page) -> None:
        init = page.assessment.initiative
        svg = page.root.find(".//div[@class='network-box']/svg")
        assert svg is not None
        labels = [t.text for t in svg.iter("text") if t.get("class") == "node-label"]
        assert sorted(labels) == sorted(p.id for p in init.partners)
        backbone = [e for e in svg.iter() if "backbone" in (e.get("class") or "").split()]
        if init.backbone is not None:
            assert len(backbone) == 1
            assert backbone[0].tag == "rect"  # a distinct shape; the legend says so
        else:
            assert backbone == []

    def test_network_nodes_say_how_many_partners_they_are_tied_to(self, page: Page) -> None:
        """The title of a node said "5 ties" of a partner with 6 tie records to 5 partners
        (workforce's cha): it counts tied partners, and says so (found by a reviewer)."""
        init = page.assessment.initiative
        tied: dict[str, set[str]] = {p.id: set() for p in init.partners}
        for t in init.ties:
            tied[t.source].add(t.target)
            tied[t.target].add(t.source)
        svg = page.root.find(".//div[@class='network-box']/svg")
        assert svg is not None
        node = re.compile(r"\(([^()]*)\), [^,]+(?:, the backbone)?, tied to (\d+) partners?$")
        found = [m for t in svg.iter("title") if (m := node.search(t.text or ""))]
        assert len(found) == sum(1 for ids in tied.values() if ids)
        for m in found:
            assert int(m[2]) == len(tied[m[1]])

    def test_network_nodes_do_not_clump(self, page: Page) -> None:
        svg = page.root.find(".//div[@class='network-box']/svg")
        assert svg is not None
        centres = []
        for e in svg.iter():
            if "node" not in (e.get("class") or "").split():
                continue
            if e.tag == "circle":
                centres.append((float(e.get("cx") or 0), float(e.get("cy") or 0)))
            else:
                centres.append((float(e.get("x") or 0) + 8, float(e.get("y") or 0) + 8))
        assert len(centres) == len(page.assessment.initiative.partners)
        for i, (x1, y1) in enumerate(centres):
            for x2, y2 in centres[i + 1 :]:
                assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= 16

    def test_isolated_partners_in_their_own_row(self, page: Page) -> None:
        from collective_impact.analysis.network import tie_graph

        graph = tie_graph(page.assessment.initiative)
        alone = sorted(p for p in graph.nodes if graph.degree(p) == 0)
        text = page.all_text(page.by_id("network"))
        if alone:
            assert "Not tied to any partner:" in text
            assert all(p in text for p in alone)
        else:
            assert "Not tied to any partner:" not in text

    def test_recommendations_with_exact_gain(self, page: Page) -> None:
        values = [
            float(d.get("value") or "nan") for d in page.by_id("recommendations").iter("data")
        ]
        assert values == [r.gain for r in page.assessment.recommendations]

    def test_recommendations_write_the_index_before_once(self, page: Page) -> None:
        """Every tie is judged against one index: cradle-to-career's rows read "0.5660 →" in
        three rows and "0.56603 →" in two, the decimals chosen row by row (found by a
        reviewer). The rows share their decimals, and each still adds up as written."""
        rows = page.by_id("recommendations").findall(".//tbody/tr")
        changes = [[part.strip() for part in "".join(row[3].itertext()).split("→")] for row in rows]
        assert len({before for before, _ in changes}) <= 1
        gains = ["".join(row[4].itertext()).strip() for row in rows]
        for (before, after), gain in zip(changes, gains, strict=True):
            places = len(before.split(".")[1])
            assert len(after.split(".")[1]) == places
            assert f"{float(before) + float(gain):.{places}f}" == after

    def test_data_quality_notes(self, page: Page) -> None:
        text = page.all_text(page.by_id("data-quality"))
        for gap in page.assessment.gaps:
            if gap.code in ("non-reporting-partner", "unmeasured-indicator"):
                assert gap.message in text
        for record in page.assessment.measurement:
            if record.stale:
                assert record.name in text

    def test_an_indicator_unobserved_since_its_baseline(self) -> None:
        """postsec-credential: "never observed" beside "reported in 20% of periods" (its
        baseline's period): the baseline is a value, observed once, and its age is the
        indicator's freshness."""
        html = render_report(ci.assess(ci.load_example("cradle-to-career")))
        assert (
            "(postsec-credential): last measured (its baseline) 1,734 days before the date of "
            "judgement"
        ) in html
        assert "never observed" not in html
        # its period is the only one with a value: it was never reported in any period
        assert "reported in 20% of periods" not in html
        assert (
            "(postsec-credential): no report since its baseline; only the baseline&#39;s period "
            "has a value, 20% of periods"
        ) in html

    def test_no_agenda_is_not_an_all_clear(self) -> None:
        """Without a goal listing an indicator (every IATI import), "Agenda indicators not
        measured: None." and "Partners on the agenda that report nothing: None." read as good
        news; they now say that nothing was checked. With an agenda, "None." stays."""
        init = ci.load_example("cradle-to-career")
        groups = tuple(attrs.evolve(w, goals=()) for w in init.working_groups)
        html = render_report(ci.assess(init.evolve(goals=(), working_groups=groups)))
        quality = html[html.index('id="data-quality"') :]
        assert quality.count("Not checked: no goal lists an indicator") == 2
        kept = render_report(ci.assess(init))
        assert "Not checked: no goal lists an indicator" not in kept
        # the heading says what the non-reporting-partner gap says: nothing since the baseline
        assert "<h3>Partners on the agenda that report no measurement since the baseline</h3>" in (
            kept
        )

    def test_a_series_without_baseline_is_not_from_the_baseline_on(self) -> None:
        """An indicator without a baseline: its chart's text said "4 observed values from the
        baseline on"; it says "(no baseline)". One with a baseline keeps the words."""
        init = ci.load_example("workforce")
        first = init.indicators[0]
        changed = init.evolve(
            indicators=(attrs.evolve(first, baseline=None, target=None), *init.indicators[1:])
        )
        html = render_report(ci.assess(changed))
        n = len(first.observations)
        assert f"{n} observed values (no baseline)" in html
        assert "from the baseline on" in render_report(ci.assess(init))

    def test_reproducibility_footer(self, page: Page) -> None:
        a = page.assessment
        text = page.all_text(page.by_id("reproduce"))
        assert (a.as_of.isoformat() if a.as_of else "none") in text
        assert a.as_of_source in text
        assert f"collective_impact {ci.__version__}" in text
        table = page.by_id("reproduce").find(".//table")
        assert table is not None
        rows = {page.all_text(tr[0]): page.all_text(tr[1]) for tr in table.findall("tbody/tr")}
        assert rows == {name: repr(value) for name, value in a.config.to_dict().items()}
        for gap in a.gaps:
            assert gap.key in text


@pytest.fixture(scope="module")
def cradle() -> Any:
    result = ci.assess(ci.load_example("cradle-to-career"))
    assert len(result.gaps) > 5
    return result


class TestMostPressingGaps:
    """``max_gaps``: the page lists the most pressing gaps and counts the others by kind."""

    @pytest.mark.parametrize("limit", [0, 1, 5])
    def test_lists_the_first_gaps_and_counts_the_rest(self, cradle: Any, limit: int) -> None:
        page = Page(cradle, render_report(cradle, max_gaps=limit))
        rows = page.gap_rows()
        assert [r.get("data-key") for r in rows] == [g.key for g in cradle.gaps[:limit]]
        counted = page.by_id("gap-counts").findall("tbody/tr")
        hidden = cradle.gaps[limit:]
        assert sum(int(page.all_text(r[-1])) for r in counted) == len(hidden)
        kinds = [(page.all_text(r[0]), page.all_text(r[2])) for r in counted]
        words = {"critical": "Critical", "warning": "Warning", "info": "Note"}
        expected = {(words[g.severity.value], g.code): 0 for g in hidden}  # order of rank
        for g in hidden:
            expected[(words[g.severity.value], g.code)] += 1
        # each kind by its plain name, then its code: "non-reporting-partner 253" said nothing
        # to a committee (found by a reviewer)
        from collective_impact.analysis.gaps import CODE_LABELS

        assert kinds == [
            (severity, f"{CODE_LABELS[code][0 if n == 1 else 1]} {code}")
            for (severity, code), n in expected.items()
        ]
        note = page.all_text(page.by_id("gaps-listed"))
        assert f"{len(cradle.gaps)}" in note
        assert "gaps_frame()" in note
        assert f"{len(cradle.gaps)} gaps:" in page.all_text(page.by_id("gaps"))

    @pytest.mark.parametrize("limit", [1, 3, 5])
    def test_the_filters_offer_what_is_listed(self, cradle: Any, limit: int) -> None:
        """The filters offered every condition and severity among all the gaps: choosing one
        found only among the gaps counted after the list showed "Showing 0 of 200 gaps"
        (found by a reviewer). They offer those of the rows listed."""
        page = Page(cradle, render_report(cradle, max_gaps=limit))
        listed = cradle.gaps[:limit]
        offered = {
            id_: [o.get("value") for o in page.by_id(id_).iter("option") if o.get("value")]
            for id_ in ("filter-condition", "filter-severity")
        }
        assert set(offered["filter-condition"]) == {g.condition.value for g in listed}
        assert set(offered["filter-severity"]) == {g.severity.value for g in listed}
        assert {g.condition.value for g in cradle.gaps} > set(offered["filter-condition"])

    @pytest.mark.parametrize("limit", [None, 0, 2, 5])
    def test_condition_cards_say_where_their_other_gaps_are(
        self, cradle: Any, limit: int | None
    ) -> None:
        """A card names its condition's most pressing gap and says how many more there are.
        With ``max_gaps`` some of them are only counted after the list; the card said "(6
        more in the gaps list)" for them all."""
        page = Page(cradle, render_report(cradle, max_gaps=limit))
        listed = cradle.gaps if limit is None else cradle.gaps[:limit]
        cards = [c for c in ci.Condition if page.root.find(f".//*[@id='condition-{c.value}']")]
        assert len(cards) == 5  # the five conditions; preconditions have no card
        for condition in cards:
            mine = [g for g in cradle.gaps if g.condition is condition]
            if not mine:
                continue
            in_list = sum(1 for g in listed if g.condition is condition and g is not mine[0])
            more = len(mine) - 1
            text = page.all_text(page.by_id(f"condition-{condition.value}"))
            if more == 0:
                assert " more" not in text
            elif in_list == more:
                assert f"({more} more in the gaps list)" in text
            elif in_list == 0:
                assert f"({more} more, counted by kind after the gaps list)" in text
            else:
                assert (
                    f"({more} more: {in_list} in the gaps list, {more - in_list} counted by "
                    "kind after it)"
                ) in text

    def test_every_gap_by_default_when_few(self, cradle: Any) -> None:
        page = Page(cradle, render_report(cradle))
        assert len(page.gap_rows()) == len(cradle.gaps)
        assert page.root.find(".//*[@id='gap-counts']") is None
        assert page.root.find(".//*[@id='gaps-listed']") is None
        assert render_report(cradle) == render_report(cradle, max_gaps=None)

    def test_the_keys_listed_and_the_digest_of_all(self, cradle: Any) -> None:
        page = Page(cradle, render_report(cradle, max_gaps=2))
        text = page.all_text(page.by_id("reproduce"))
        for gap in cradle.gaps[:2]:
            assert gap.key in text
        for gap in cradle.gaps[2:]:
            assert gap.key not in text
        lines = "".join(f"{k}\n" for k in sorted(g.key for g in cradle.gaps))
        digest = hashlib.sha256(lines.encode("utf-8")).hexdigest()
        assert page.all_text(page.by_id("gap-key-digest")) == digest
        # the digest is that of all the gaps, whatever is listed
        every = Page(cradle, render_report(cradle, max_gaps=None))
        assert every.all_text(every.by_id("gap-key-digest")) == digest

    def test_a_very_long_key_is_shown_by_its_start_length_and_digest(self) -> None:
        from collective_impact.htmlreport import _shown_key

        key = "duplication:" + "+".join(f"activity-{n:05d}" for n in range(2000))
        shown = _shown_key(key)
        assert len(shown) < 400
        assert shown.startswith(key[:200])
        assert f"{len(key):,} characters" in shown
        assert hashlib.sha256(key.encode("utf-8")).hexdigest() in shown
        assert _shown_key("short:key") == "short:key"

    def test_every_entry_point_has_the_same_default(self) -> None:
        """``to_html`` and ``report --max-gaps`` spell the default out (so that importing the
        package does not import Jinja2); it must stay ``MAX_GAPS``."""
        import inspect

        from collective_impact.cli import _build_parser
        from collective_impact.htmlreport import MAX_GAPS

        assert inspect.signature(ci.Assessment.to_html).parameters["max_gaps"].default == MAX_GAPS
        assert inspect.signature(write_report).parameters["max_gaps"].default == MAX_GAPS
        args = _build_parser().parse_args(["report", "--example", "workforce", "-o", "x.html"])
        assert args.max_gaps == MAX_GAPS

    @pytest.mark.parametrize("wrong", [-1, True])
    def test_a_negative_limit_is_refused(self, cradle: Any, wrong: Any) -> None:
        with pytest.raises(ValueError, match="max_gaps"):
            render_report(cradle, max_gaps=wrong)


@pytest.fixture(scope="module")
def large() -> Page:
    """400 partners, 900 ties, 80 indicators, hundreds of gaps and of silent partners."""
    from collective_impact import synth

    init = synth.generate(partners=400, activities=800, indicators=80, ties=900, seed=1)
    assessment = ci.assess(init)
    return Page(assessment, render_report(assessment))


class TestLargeInitiative:
    """A page people can read: the drawing, the lists and the gaps are cut, and say so."""

    def _drawn(self, large: Page) -> list[str]:
        box = large.root.find(".//div[@class='network-box']/*")
        assert box is not None
        groups = [g for g in box.iter() if g.tag.rsplit("}", 1)[-1] == "g"]
        titles = [g.findtext("{*}title") or g.findtext("title") or "" for g in groups]
        return [re.search(r"\(([^()]*)\), ", t).group(1) for t in titles]  # type: ignore[union-attr]

    def test_draws_the_backbone_and_the_partners_with_most_ties(self, large: Page) -> None:
        from collective_impact.analysis.network import tie_graph

        init = large.assessment.initiative
        graph = tie_graph(init)
        backbone = init.backbone.organization
        ranked = sorted(
            (p.id for p in init.partners), key=lambda p: (p != backbone, -graph.degree(p), p)
        )
        drawn = self._drawn(large)
        assert len(drawn) == len(set(drawn)) == 150
        assert set(drawn) == set(ranked[:150])
        assert backbone in drawn
        lines = large.root.findall(".//div[@class='network-box']/*/{*}line[@class='tie']")
        lines = lines or large.root.findall(".//div[@class='network-box']/*/line[@class='tie']")
        assert len(lines) == graph.subgraph(drawn).number_of_edges()
        text = large.all_text(large.by_id("network"))
        assert f"400 partners and {graph.number_of_edges()} tied pairs of partners" in text
        assert "drawn: the 150 partners with the most ties (and the backbone)" in text
        table = large.by_id("network").findall(".//details//table/tbody/tr")
        assert len(table) == 150

    def test_lists_are_cut_and_say_how_many_more(self, large: Page) -> None:
        silent = [g for g in large.assessment.gaps if g.code == "non-reporting-partner"]
        assert len(silent) > 50
        section = large.by_id("data-quality")
        lists = [[large.all_text(li) for li in ul.findall("li")] for ul in section.iter("ul")]
        cut = [items for items in lists if items and items[-1].startswith("… and ")]
        assert any(
            len(items) == 51
            and items[-1]
            == f"… and {len(silent) - 50} more: every one is in Assessment.gaps_frame()"
            for items in cut
        )
        assert len(large.gap_rows()) == 200
        assert large.root.find(".//*[@id='gap-counts']") is not None

    def test_charts_the_most_pressing_indicators_and_lists_the_others(self, large: Page) -> None:
        records = list(large.assessment.measurement)
        assert len(records) == 80
        urgency = {"off-track": 0, "at-risk": 1, "insufficient-data": 2, "on-track": 3, "met": 4}
        ranked = sorted(
            range(80),
            key=lambda k: (not records[k].on_agenda, urgency[records[k].status.value], k),
        )
        # shown the most pressing first: the lagging in the order of their gaps, then by status,
        # those with insufficient data as Assessment.unjudged lists them (the agenda's first)
        lagging = [m.indicator for m in large.assessment.lagging]
        unjudged = [m.indicator for m in large.assessment.unjudged]
        shown_order = sorted(
            range(80),
            key=lambda k: (
                (0, lagging.index(records[k].indicator))
                if records[k].indicator in lagging
                else (
                    1,
                    urgency[records[k].status.value],
                    unjudged.index(records[k].indicator) if records[k].indicator in unjudged else k,
                )
            ),
        )
        chosen = set(ranked[:60])
        charted = [records[k].indicator for k in shown_order if k in chosen]
        section = large.by_id("indicators")
        figures = section.findall(".//figure")
        assert len(figures) == 60
        shown = [large.all_text(f.find(".//code")) for f in figures]  # type: ignore[arg-type]
        assert shown == charted
        rows = large.by_id("indicator-table").findall("tbody/tr")
        assert [large.all_text(r[0].find("code")) for r in rows] == [  # type: ignore[arg-type]
            records[k].indicator for k in shown_order if k not in chosen
        ]
        note = large.all_text(large.by_id("indicators-charted"))
        assert "The 60 most pressing of the 80 indicators are charted" in note

    def test_names_end_with_how_many_more(self) -> None:
        from collective_impact.htmlreport import _names

        names = [f"p{k:03d}" for k in range(45)]
        assert _names(names) == [*names[:30], "and 15 more"]
        assert _names(names[:30]) == names[:30]


class TestSelfContained:
    URL_ATTRIBUTES = (
        "src",
        "href",
        "action",
        "formaction",
        "data",
        "poster",
        "srcset",
        "xlink:href",
    )

    def test_no_url_in_any_attribute(self, page: Page) -> None:
        for element in _elements(page.root):
            for name, value in element.attrib.items():
                assert "://" not in value, (element.tag, name, value)
                if name in self.URL_ATTRIBUTES:
                    # only links within the page, and the empty data: icon
                    assert value.startswith("#") or value == "data:,", (element.tag, name)

    def test_no_external_resource_in_style_or_script(self, page: Page) -> None:
        for tag in ("style", "script"):
            for element in page.root.iter(tag):
                code = element.text or ""
                assert "://" not in code
                assert "url(" not in code
                assert "@import" not in code
                assert "@font-face" not in code
                assert element.get("src") is None
        assert len(list(page.root.iter("script"))) == 1
        assert len(list(page.root.iter("style"))) == 1

    def test_no_stylesheet_link_image_or_frame(self, page: Page) -> None:
        for link in page.root.iter("link"):
            assert link.get("rel") == "icon"
            assert link.get("href") == "data:,"
        for tag in ("img", "iframe", "object", "embed", "image", "use", "video", "audio"):
            assert list(page.root.iter(tag)) == [], tag
        assert not re.search(r"https?://", page.text.split("<body>")[0])

    def test_content_security_policy_pins_the_inline_code(self, page: Page) -> None:
        meta = page.root.find("head/meta[@http-equiv='Content-Security-Policy']")
        assert meta is not None
        policy = meta.get("content") or ""
        assert "default-src 'none'" in policy

        def digest(text: str) -> str:
            return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

        style = page.root.find("head/style")
        script = page.root.find("body/script")
        assert style is not None
        assert script is not None
        assert f"style-src 'sha256-{digest(style.text or '')}'" in policy
        assert f"script-src 'sha256-{digest(script.text or '')}'" in policy


class TestAccessibility:
    def test_every_svg_is_an_image_with_title_and_desc(self, page: Page) -> None:
        svgs = list(page.root.iter("svg"))
        assert len(svgs) >= 2 + len(page.assessment.measurement)
        for svg in svgs:
            assert svg.get("role") == "img"
            assert (svg.findtext("title") or "").strip()
            assert (svg.findtext("desc") or "").strip()

    def test_status_colours_come_with_words(self, page: Page) -> None:
        for badge in page.root.iter("span"):
            if "badge" in (badge.get("class") or "").split():
                assert (badge.text or "").strip()


class TestFilters:
    def test_controls_exist_hidden_until_the_script_runs(self, page: Page) -> None:
        if not page.assessment.gaps:
            pytest.skip("no gap")
        box = page.by_id("gap-filters")
        assert box.get("hidden") == "hidden"
        conditions = [o.get("value") for o in page.by_id("filter-condition").iter("option")]
        severities = [o.get("value") for o in page.by_id("filter-severity").iter("option")]
        assert conditions[0] == ""
        assert severities[0] == ""
        assert set(conditions[1:]) == {g.condition.value for g in page.assessment.gaps}
        assert set(severities[1:]) == {g.severity.value for g in page.assessment.gaps}
        page.by_id("filter-reset")
        script = page.root.find("body/script")
        assert script is not None
        assert "gap-filters" in (script.text or "")

    def test_all_rows_visible_without_scripts(self, page: Page) -> None:
        for row in page.gap_rows():
            assert row.get("hidden") is None
            assert "display" not in (row.get("style") or "")

    def test_filters_hidden_in_print(self, page: Page) -> None:
        css = page.root.findtext("head/style") or ""
        print_rules = css[css.index("@media print") :]
        assert ".filters" in print_rules
        assert "break-before: page" in print_rules


# --------------------------------------------------------------------------- contrast


def _luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour (WCAG 2.1, definition of relative luminance)."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = []
    for i in (0, 2, 4):
        c = int(value[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05), the lighter colour on top."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _palette(text: str) -> dict[str, str]:
    root = ET.fromstring(text)
    css = root.findtext("head/style") or ""
    block = re.search(r":root\s*\{(.*?)\}", css, re.S)
    assert block is not None
    return dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", block.group(1)))


@pytest.fixture(scope="module")
def palette() -> dict[str, str]:
    return _palette(render_report(ci.assess(ci.load_example(EXAMPLES[0]))))


class TestContrast:
    """Every colour pair of the palette meets WCAG 2.1 AA for normal text (4.5:1).

    Reference values for the formula: black on white is 21:1 and #777777 on white 4.48:1
    (the WCAG 2.1 definition; the same figures as the WebAIM contrast checker).
    """

    def test_formula(self) -> None:
        assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
        assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)
        assert _contrast("#fff", "#fff") == pytest.approx(1.0)

    def test_text_on_backgrounds(self, palette: dict[str, str]) -> None:
        assert _contrast(palette["page-fg"], palette["page-bg"]) >= 7.0  # AAA for body text
        assert _contrast(palette["page-fg"], palette["panel-bg"]) >= 7.0

    def test_every_ink_colour(self, palette: dict[str, str]) -> None:
        inks = {k: v for k, v in palette.items() if k.startswith("ink-")}
        assert len(inks) >= 10
        for name, colour in inks.items():
            for background in ("page-bg", "panel-bg"):
                ratio = _contrast(colour, palette[background])
                assert ratio >= 4.5, (name, background, round(ratio, 2))

    def test_every_badge_pair(self, palette: dict[str, str]) -> None:
        badges = {k[len("badge-") : -len("-fg")] for k in palette if k.startswith("badge-")}
        assert {"critical", "warning", "info", "met", "on-track", "at-risk", "off-track"} <= badges
        assert "insufficient-data" in badges
        for name in badges:
            ratio = _contrast(palette[f"badge-{name}-fg"], palette[f"badge-{name}-bg"])
            assert ratio >= 4.5, (name, round(ratio, 2))

    def test_every_badge_used_has_colours(self, page: Page) -> None:
        palette = _palette(page.text)
        for span in page.root.iter("span"):
            classes = (span.get("class") or "").split()
            if "badge" in classes:
                (kind,) = [c[len("badge-") :] for c in classes if c.startswith("badge-")]
                assert f"badge-{kind}-fg" in palette
                assert f"badge-{kind}-bg" in palette


# --------------------------------------------------------------------------- hostile input


def _hostile_initiative(example: str = "cradle-to-career") -> ci.Initiative:
    data = ci.load_example(example).to_dict()
    data["name"] = HOSTILE
    data["description"] = HOSTILE
    for key in ("partners", "indicators", "activities"):
        for item in data.get(key) or []:
            item["name"] = f"{HOSTILE} {item['id']}"
    for item in data.get("indicators") or []:
        item["unit"] = HOSTILE
    return ci.Initiative.from_dict(data)


@pytest.fixture(scope="module")
def hostile() -> Page:
    assessment = ci.assess(_hostile_initiative())
    return Page(assessment, render_report(assessment, title=HOSTILE))


class TestEscaping:
    def test_no_markup_gets_through(self, hostile: Page) -> None:
        assert "<script>alert(1)" not in hostile.text
        assert "</title></svg>" not in hostile.text
        assert hostile.text.count("<script") == 1  # the filter script, nothing else
        assert len(list(hostile.root.iter("script"))) == 1
        assert str(markupsafe.escape(HOSTILE)) in hostile.text

    def test_names_read_back_as_text(self, hostile: Page) -> None:
        assert hostile.root.findtext("head/title") == HOSTILE
        assert hostile.root.findtext(".//h1") == HOSTILE
        text = hostile.all_text()
        for gap in hostile.assessment.gaps:
            assert " ".join(gap.message.split()) in text
        for record in hostile.assessment.measurement:
            assert record.name in text

    def test_svg_text_and_titles_escaped(self, hostile: Page) -> None:
        titles = [t.text or "" for svg in hostile.root.iter("svg") for t in svg.iter("title")]
        assert any(HOSTILE in t for t in titles)
        for svg in hostile.root.iter("svg"):
            assert svg.get("role") == "img"

    def test_attributes_stay_attributes(self, hostile: Page) -> None:
        allowed = {
            "id", "class", "lang", "charset", "name", "content", "http-equiv", "rel", "href",
            "role", "aria-labelledby", "aria-label", "aria-live", "viewBox", "width", "height",
            "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "points", "transform",
            "text-anchor", "dominant-baseline", "font-weight", "stroke-width", "hidden", "for",
            "value", "type", "scope", "data-condition", "data-severity", "data-key",
            "data-label", "data-direction", "data-total",
        }  # fmt: skip
        for element in hostile.root.iter():
            assert set(element.attrib) <= allowed, (element.tag, set(element.attrib) - allowed)
            assert not any(name.startswith("on") for name in element.attrib)


# --------------------------------------------------------------------------- changes since


@pytest.fixture(scope="module")
def changes_page() -> Page:
    """The 2027 snapshot of cradle-to-career, with the changes since the 2026 one."""
    old = ci.assess(ci.load_example("cradle-to-career"))
    new = ci.assess(ci.load_example("cradle-to-career-2027"))
    return Page(new, render_report(new, changes=old.diff(new)))


class TestChanges:
    def test_section_comes_first_and_is_in_the_contents(self, changes_page: Page) -> None:
        main = changes_page.root.find(".//main")
        assert main is not None
        first = main.find("section")
        assert first is not None
        assert first.get("id") == "changes"
        assert changes_page.root.findtext(".//h2[@id='h-changes']") == "Changes since 2026-09-30"
        links = [a.get("href") for a in changes_page.root.iter("a")]
        assert links[0] == "#changes"

    def test_scores_before_and_after(self, changes_page: Page) -> None:
        """Backbone support 0.50 -> 0.67 (facilitator hired: staffing 1/2 -> 5/6, functions 1/2,
        score their mean: +1/6, written +0.17 so that 0.50 + 0.17 = 0.67 as written); the
        alignment index 0.600 -> 0.633 (+0.033)."""
        rows = changes_page.root.findall(".//table[@id='change-scores']/tbody/tr")
        cells = {r[0].text: [changes_page.all_text(c) for c in r[1:]] for r in rows}
        assert cells["Backbone support"] == ["0.50", "0.67", "+0.17 (rose)"]
        assert cells["Alignment index"] == ["0.566", "0.610", "+0.044 (rose)"]
        assert len(rows) == 7  # five conditions, overall, the index

    def test_reasons_gaps_indicators_and_structure(self, changes_page: Page) -> None:
        section = changes_page.by_id("changes")
        text = changes_page.all_text(section)
        for phrase in (
            "facilitator staffed",
            "postsec-credential now measured",
            "faith-coalition is no longer isolated (tied to united-way)",
            "+0.076 predicted for a tie of strength 1",
            "off track → at risk, latest 82 → 84 (better); forecast 88.5 → 89.5 (better)",
            "Changes of 1e-9 (a billionth) or less are rounding, not reported as changes.",
        ):
            assert phrase in text, phrase
        assert "Still Phase I — Initiate action. 2 gaps opened, 8 closed, 26 still open." in text
        facts = section.find("dl")
        assert facts is not None
        assert [(dt.text, dd.text) for dt, dd in zip(facts[::2], facts[1::2], strict=True)][:1] == [
            ("Partners added", "restorative-center")
        ]
        closed = {li.get("data-key") for li in changes_page.by_id("gaps-closed")}
        assert "harmful-activity(activity=zero-tolerance-discipline)" in closed
        assert "backbone-staff-gap(backbone=united-way)" in closed
        opened = {li.get("data-key") for li in changes_page.by_id("gaps-opened")}
        assert opened == {
            "non-reporting-partner(partner=restorative-center)",
            "single-point-of-failure(partner=schools)",
        }

    def test_still_self_contained_and_accessible(self, changes_page: Page) -> None:
        checks = TestSelfContained()
        checks.test_no_url_in_any_attribute(changes_page)
        checks.test_no_external_resource_in_style_or_script(changes_page)
        checks.test_content_security_policy_pins_the_inline_code(changes_page)
        TestAccessibility().test_status_colours_come_with_words(changes_page)

    def test_long_lists_are_cut_and_say_how_many_more(self) -> None:
        """With ``max_gaps=1`` each list of gaps shows its first and says how many more; the
        counts in the headings and the summary stay those of the whole diff."""
        old = ci.assess(ci.load_example("cradle-to-career"))
        new = ci.assess(ci.load_example("cradle-to-career-2027"))
        diff = old.diff(new)
        assert len(diff.closed) > 1
        assert len(diff.opened) > 1
        page = Page(new, render_report(new, changes=diff, max_gaps=1))
        section = page.by_id("changes")
        text = page.all_text(section)
        assert f"{len(diff.opened)} gaps opened, {len(diff.closed)} closed" in text
        assert f"Gaps closed ({len(diff.closed)})" in text
        # opened first, as every view of a comparison: a new problem matters most (the
        # committee's report listed the closed ones first; a reviewer of the session's change)
        assert text.index(f"Gaps opened ({len(diff.opened)})") < text.index("Gaps closed (")
        closed = page.by_id("gaps-closed").findall("li")
        assert [li.get("data-key") for li in closed] == [diff.closed[0].key]
        assert f"… and {len(diff.closed) - 1} more: every one is in" in text
        assert f"… and {len(diff.opened) - 1} more: every one is in" in text
        whole = Page(new, render_report(new, changes=diff, max_gaps=None))
        assert len(whole.by_id("gaps-closed").findall("li")) == len(diff.closed)
        assert "more: every one is in" not in whole.all_text(whole.by_id("changes"))

    def test_no_change(self) -> None:
        result = ci.assess(ci.load_example("workforce"))
        page = Page(result, render_report(result, changes=result.diff(result)))
        assert "No change: the two assessments agree" in page.all_text(page.by_id("changes"))
        assert page.root.find(".//table[@id='change-scores']") is None

    def test_hostile_names_escaped(self) -> None:
        old = ci.assess(_hostile_initiative())
        new = ci.assess(_hostile_initiative("cradle-to-career-2027"))
        page = Page(new, render_report(new, changes=old.diff(new)))
        assert page.text.count("<script") == 1
        text = page.all_text(page.by_id("indicators-changed"))
        assert HOSTILE in text  # the indicator names, read back as text
        TestEscaping().test_attributes_stay_attributes(page)


# --------------------------------------------------------------------------- writing


@pytest.fixture(scope="module")
def assessment() -> Any:
    return ci.assess(ci.load_example("workforce"))


@pytest.mark.skipif(os.name != "posix", reason="file modes and umask are POSIX")
class TestWriteReport:
    @staticmethod
    def _write_with_umask(assessment: Any, path: Path, umask: int) -> None:
        old = os.umask(umask)
        try:
            write_report(assessment, path)
        finally:
            os.umask(old)

    def test_writes_the_page(self, assessment: Any, tmp_path: Path) -> None:
        path = tmp_path / "report.html"
        self._write_with_umask(assessment, path, 0o022)
        assert path.read_text(encoding="utf-8") == render_report(assessment)
        assert [p.name for p in tmp_path.iterdir()] == ["report.html"]

    def test_mode_follows_the_umask(self, assessment: Any, tmp_path: Path) -> None:
        path = tmp_path / "report.html"
        self._write_with_umask(assessment, path, 0o022)
        assert path.stat().st_mode & 0o777 == 0o644
        private = tmp_path / "private.html"
        self._write_with_umask(assessment, private, 0o077)
        assert private.stat().st_mode & 0o777 == 0o600

    def test_replaces_an_existing_file(self, assessment: Any, tmp_path: Path) -> None:
        """A replaced file keeps its permissions, as ``cp`` over it would (a 0o600 report
        became 0o644, readable by everyone, when the rename replaced it)."""
        path = tmp_path / "report.html"
        path.write_text("old")
        path.chmod(0o600)
        self._write_with_umask(assessment, path, 0o022)
        assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert path.stat().st_mode & 0o777 == 0o600
        assert [p.name for p in tmp_path.iterdir()] == ["report.html"]

    def test_failed_write_keeps_the_old_file(
        self, assessment: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "report.html"
        path.write_text("old")

        def fail(*args: Any) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(os, "replace", fail)
        with pytest.raises(OSError, match="disk full"):
            write_report(assessment, path)
        assert path.read_text() == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["report.html"]

    def test_accepts_a_string_path(self, assessment: Any, tmp_path: Path) -> None:
        write_report(assessment, str(tmp_path / "r.html"))
        assert (tmp_path / "r.html").stat().st_size > 0


# --------------------------------------------------------------------------- one point a period

#: Placements reported once a year, by two partners in three of the four years (1 and 3
#: September): 1,000 and 1,200 in 2007, 2,600 in 2008, 4,000 and 4,300 in 2009, 5,500 and
#: 5,700 in 2010; mowd reports on 1 September, cha on 3 September (:data:`REPORTED_BY`).
TWO_REPORTS_A_YEAR = (
    (datetime.date(2007, 9, 1), 1000.0),
    (datetime.date(2007, 9, 3), 1200.0),
    (datetime.date(2008, 9, 3), 2600.0),
    (datetime.date(2009, 9, 1), 4000.0),
    (datetime.date(2009, 9, 3), 4300.0),
    (datetime.date(2010, 9, 1), 5500.0),
    (datetime.date(2010, 9, 3), 5700.0),
)
#: The partner of each report of :data:`TWO_REPORTS_A_YEAR`.
REPORTED_BY = ("mowd", "cha", "cha", "mowd", "cha", "mowd", "cha")


def _placements_page(
    frequency: str | None,
    *,
    partners: bool = True,
    later: tuple[tuple[datetime.date, float, str], ...] = (),
    due: datetime.date = datetime.date(2011, 12, 31),
    reports: tuple[tuple[datetime.date, float], ...] = TWO_REPORTS_A_YEAR,
) -> Page:
    """The workforce example, its placements (baseline 0 on 2006-01-01, target 5,000 by
    ``due``, unit people) observed as ``reports`` (:data:`TWO_REPORTS_A_YEAR`), by
    :data:`REPORTED_BY` unless not ``partners``, and ``later`` ``(date, value, partner)``;
    judged on the example's date, 2010-12-31. The target is due a year after the example's,
    so that the value of its year is not in and the forecast is drawn (with the example's
    own target date, 2010's value is the value of that date: met, no forecast)."""
    init = ci.load_example("workforce")
    ind = init.indicator("placements")
    who = REPORTED_BY if partners else (None,) * len(REPORTED_BY)
    changed = attrs.evolve(
        ind,
        frequency=frequency,
        target=ci.DatedValue(date=due, value=5000.0),
        observations=[
            ci.Observation(date=d, value=v, reported_by=p)
            for (d, v), p in zip(reports, who, strict=False)
        ]
        + [ci.Observation(date=d, value=v, reported_by=p) for d, v, p in later],
    )
    init = init.evolve(indicators=[changed if i.id == ind.id else i for i in init.indicators])
    assessment = ci.assess(init)
    return Page(assessment, render_report(assessment))


@pytest.fixture(scope="module")
def annual() -> Page:
    return _placements_page("annual")


@pytest.fixture(scope="module")
def dated() -> Page:
    return _placements_page(None)


@pytest.fixture(scope="module")
def anonymous() -> Page:
    return _placements_page("annual", partners=False)


@pytest.fixture(scope="module")
def judged() -> Page:
    """mowd revises 2010's figure on the target date, the example's, 31 December: 5,300."""
    return _placements_page(
        "annual",
        later=((datetime.date(2010, 12, 31), 5300.0, "mowd"),),
        due=datetime.date(2010, 12, 31),
    )


@pytest.fixture(scope="module")
def baseline_year() -> Page:
    """The only reports are of the baseline's year, 2006: 300 and 500 by two partners."""
    return _placements_page(
        "annual", reports=((datetime.date(2006, 6, 30), 300.0), (datetime.date(2006, 9, 30), 500.0))
    )


def _figure(page: Page, indicator_id: str) -> ET.Element:
    (figure,) = [
        f for f in page.by_id("indicators").iter("figure") if f.findtext(".//code") == indicator_id
    ]
    return figure


def _chart(page: Page, indicator_id: str) -> ET.Element:
    svg = _figure(page, indicator_id).find("svg")
    assert svg is not None
    return svg


def _values(svg: ET.Element, circles: list[ET.Element]) -> list[float]:
    """The values at the circles' centres, read back through the value axis's ticks."""
    return _read_ys(svg, [float(c.get("cy") or "") for c in circles])


def _read_ys(svg: ET.Element, heights: list[float]) -> list[float]:
    """The values at the given heights of a chart, read back through the value axis's ticks."""
    ys = [float(line.get("y1") or "") for line in svg.findall("line[@class='grid']")]
    labels = [float((t.text or "").replace(",", "")) for t in svg.findall("text")]
    labels = labels[: len(ys)]  # the tick labels come first, one after each grid line
    (y0, y1), (v0, v1) = (ys[0], ys[-1]), (labels[0], labels[-1])
    return [v0 + (h - y0) * (v1 - v0) / (y1 - y0) for h in heights]


class TestIndicatorChartOnePointAPeriod:
    """With a reporting frequency, the chart draws the points the trend was fitted on.

    By hand: the annual points of :data:`TWO_REPORTS_A_YEAR` are each partner's latest report
    of the year, averaged, at the year's last date: (1,000 + 1,200) / 2 = 1,100 on 2007-09-03,
    2,600 on 2008-09-03, (4,000 + 4,300) / 2 = 4,150 on 2009-09-03 and (5,500 + 5,700) / 2 =
    5,600 on 2010-09-03; the latest value is the last of them, 5,600. The chart drew the seven
    reports as seven points; the trend and the forecast used four. The latest value was 5,700
    while 2010's point was 5,600: the reports carried no partner, and the latest value took
    them for one partner's, whose later report stood for its earlier one, while the point
    averaged both (now one rule gives both: see :meth:`test_reports_without_a_partner`).
    """

    def test_one_point_a_year_at_the_measurement_values(self, annual: Page) -> None:
        svg = _chart(annual, "placements")
        points = svg.findall("circle[@class='point']")
        assert [p.findtext("title") for p in points] == [
            "2007-09-03: 1,100, the mean of each partner's latest report of the year "
            "(1,000 on 2007-09-01, 1,200 on 2007-09-03)",
            "2008-09-03: 2,600",
            "2009-09-03: 4,150, the mean of each partner's latest report of the year "
            "(4,000 on 2009-09-01, 4,300 on 2009-09-03)",
            "2010-09-03: 5,600, the mean of each partner's latest report of the year "
            "(5,500 on 2010-09-01, 5,700 on 2010-09-03)",
        ]
        assert _values(svg, points) == pytest.approx([1100, 2600, 4150, 5600], abs=5)
        (line,) = svg.findall("polyline[@class='series']")
        assert len((line.get("points") or "").split()) == 4
        record = annual.assessment.indicator("placements")
        assert record.trend.n == 4
        assert (record.latest_date, record.latest_value) == (datetime.date(2010, 9, 3), 5600.0)
        # the forecast is drawn on the fitted line, from the trend's first point: by hand
        # (t = 0, 1, 2, 3 years, nearly) the slope is 7,525 / 5 = 1,505 a year and the fitted
        # values 1,105 and 5,620 at the first and last points (3,362.5 -+ 1.5 * 1,505); the
        # band widens from 5,620, not from the last point drawn, 5,600
        (band,) = svg.findall("polygon[@class='band']")
        (line,) = svg.findall("line[@class='forecast-line']")
        assert record.trend.origin == datetime.date(2007, 9, 3)
        assert line.get("x1") == points[0].get("cx")
        start = (band.get("points") or "").split()[0].split(",")
        assert start[0] == points[-1].get("cx")
        assert start[1] != points[-1].get("cy")
        fitted = _read_ys(svg, [float(line.get("y1") or ""), float(start[1])])
        # read back to a tenth of a pixel, about 5 people on this chart's scale
        assert fitted == pytest.approx([1105, 5620], abs=5)
        assert record.trend.value_at(datetime.date(2010, 9, 3)) == pytest.approx(5620, abs=3)
        assert "on the fitted trend (+1,50" in (svg.findtext("desc") or "")

    def test_the_reports_behind_their_points(self, annual: Page) -> None:
        svg = _chart(annual, "placements")
        reports = svg.findall("circle[@class='report']")
        combined = [r for r in TWO_REPORTS_A_YEAR if r[0].year != 2008]  # 2008: one report
        assert _values(svg, reports) == pytest.approx([v for _, v in combined], abs=5)
        assert reports[0].findtext("title") == (
            "report 1,000 on 2007-09-01, one of the 2 averaged into the point of 2007-09-03"
        )
        order = list(svg)
        assert max(map(order.index, reports)) < order.index(svg.find("polyline"))  # behind

    def test_the_latest_value_is_the_last_point(self, annual: Page) -> None:
        """Not circled: it is 2010's point, 5,600 (it was 5,700, circled beside it)."""
        svg = _chart(annual, "placements")
        assert svg.findall("circle[@class='latest']") == []
        card = annual.all_text(_figure(annual, "placements"))
        assert "Latest 5,600 on 2010-09-03." in card

    def test_the_text_alternative_says_what_the_chart_shows(self, annual: Page) -> None:
        svg = _chart(annual, "placements")
        desc = svg.findtext("desc") or ""
        assert desc.startswith(
            "4 points from the baseline on, one a year, from 7 reports: the point of "
            "2007-09-03, 1,100 people, is the mean of each partner's latest report of the year "
            "(1,000 on 2007-09-01, 1,200 on 2007-09-03); the point of 2009-09-03, 4,150 "
            "people, is the mean of each partner's latest report of the year (4,000 on "
            "2009-09-01, 4,300 on 2009-09-03); the point of 2010-09-03, 5,600 people, is the "
            "mean of each partner's latest report of the year (5,500 on 2010-09-01, 5,700 on "
            "2010-09-03); latest 5,600 people on 2010-09-03. Baseline 0 people on 2006-01-01."
        )
        caption = _figure(annual, "placements").find("figcaption")
        assert annual.all_text(caption).endswith(desc)  # "The chart in words", for everyone

    def test_reports_without_a_partner(self, anonymous: Page) -> None:
        """The same reports without ``reported_by`` are one partner's: its later report of a
        year stands for its earlier one. The points are 1,200, 2,600, 4,300 and 5,700, the
        latest value 5,700 (the points were the means, 1,100 to 5,600, while the latest value
        was 5,700); the reports superseded are drawn behind their points and named so. By
        hand (t = 0, 1, 2, 3 years, nearly) the slope is 7,600 / 5 = 1,520 a year and the
        fitted values 3,450 -+ 1.5 * 1,520 = 1,170 and 5,730 at the first and last points."""
        svg = _chart(anonymous, "placements")
        points = svg.findall("circle[@class='point']")
        assert [p.findtext("title") for p in points] == [
            "2007-09-03: 1,200, the latest report of the year "
            "(1,200 on 2007-09-03; superseded: 1,000 on 2007-09-01)",
            "2008-09-03: 2,600",
            "2009-09-03: 4,300, the latest report of the year "
            "(4,300 on 2009-09-03; superseded: 4,000 on 2009-09-01)",
            "2010-09-03: 5,700, the latest report of the year "
            "(5,700 on 2010-09-03; superseded: 5,500 on 2010-09-01)",
        ]
        assert _values(svg, points) == pytest.approx([1200, 2600, 4300, 5700], abs=5)
        reports = svg.findall("circle[@class='report']")
        assert [r.findtext("title") for r in reports[:2]] == [
            # without a reporter: not said to be the same partner's (found by a reviewer)
            "report 1,000 on 2007-09-01, superseded by a later report without a reporter "
            "(reports without one are one reporter's), not in the point of 2007-09-03",
            "report 1,200 on 2007-09-03, the point of 2007-09-03",
        ]
        assert svg.findall("circle[@class='latest']") == []
        record = anonymous.assessment.indicator("placements")
        assert (record.latest_date, record.latest_value) == (datetime.date(2010, 9, 3), 5700.0)
        assert record.trend.value_at(datetime.date(2007, 9, 3)) == pytest.approx(1170, abs=3)
        assert record.trend.value_at(datetime.date(2010, 9, 3)) == pytest.approx(5730, abs=3)
        assert "on the fitted trend (+1,52" in (svg.findtext("desc") or "")

    def test_the_value_of_the_target_s_year_is_its_point(self, judged: Page) -> None:
        """mowd revises 2010's figure to 5,300 on 31 December, the target date. 2010's point
        is each partner's latest report, (5,700 + 5,300) / 2 = 5,500 on 2010-12-31 (mowd's
        5,500 superseded), and it is the value judged against the target: met, not circled,
        no forecast (the value of the target's year is in, and its date has come). Only the
        reports from the target date on were judged, mowd's 5,300, circled beside the point,
        while cha's figure of the same year was left out. The point is drawn where the trend
        counts it, the series' usual place, 3 September (its latest report in the tooltip)."""
        svg = _chart(judged, "placements")
        points = svg.findall("circle[@class='point']")
        assert points[-1].findtext("title") == (
            "2010-12-31: 5,500, the mean of each partner's latest report of the year (5,700 on "
            "2010-09-03, 5,300 on 2010-12-31; superseded: 5,500 on 2010-09-01); drawn at "
            "2010-09-03, where the trend counts every year's figure"
        )
        assert svg.findall("circle[@class='latest']") == []
        record = judged.assessment.indicator("placements")
        assert (record.latest_value, record.status.value) == (5500.0, "met")
        assert (record.target_date_observed, record.forecast) == (True, None)
        assert "latest 5,500 people on 2010-12-31." in (svg.findtext("desc") or "")

    def test_a_latest_value_of_the_baseline_s_year_circled(self, baseline_year: Page) -> None:
        """The reports of 2006, the baseline's year, are the baseline again: no point of the
        trend, and the latest value, (300 + 500) / 2 = 400 on 2006-09-30, is circled."""
        svg = _chart(baseline_year, "placements")
        assert svg.findall("circle[@class='point']") == []
        (latest,) = svg.findall("circle[@class='latest']")
        assert latest.findtext("title") == (
            "latest value 400 on 2006-09-30, of the baseline's year: the baseline again, not a "
            "point of the trend"
        )
        record = baseline_year.assessment.indicator("placements")
        assert (record.latest_value, record.observed_after_baseline) == (400.0, False)

    def test_the_legend_explains_the_new_symbols(
        self, annual: Page, dated: Page, judged: Page, baseline_year: Page
    ) -> None:
        legend = annual.by_id("legend-t").text or ""
        assert "small hollow dots, the reports behind a point" in legend
        assert "ring" not in legend
        assert "ring" not in (judged.by_id("legend-t").text or "")
        assert "ring, the latest value." in (baseline_year.by_id("legend-t").text or "")
        intro = annual.all_text(annual.by_id("indicators").find("p"))
        assert (
            "its point is the mean of each partner's latest report of the period (a revised "
            "figure stands for the preliminary one), drawn at the series' usual place in the "
            "period, where the trend counts it" in intro
        )
        ringed = baseline_year.all_text(baseline_year.by_id("indicators").find("p"))
        assert "of the baseline's own date or period (the baseline again): a ring" in ringed
        assert "from that date on" not in judged.all_text(judged.by_id("indicators").find("p"))
        assert "hollow dots" not in (dated.by_id("legend-t").text or "")

    def test_no_new_symbol_where_no_point_combines_reports(self, page: Page) -> None:
        """The examples report once a year: their charts are as they were."""
        assert "hollow dots" not in (page.by_id("legend-t").text or "")
        assert "hollow dots" not in page.all_text(page.by_id("indicators").find("p"))
        assert page.root.find(".//circle[@class='report']") is None
        assert page.root.find(".//circle[@class='latest']") is None

    def test_without_frequency_one_point_a_date_as_before(self, dated: Page) -> None:
        svg = _chart(dated, "placements")
        points = svg.findall("circle[@class='point']")
        assert [p.findtext("title") for p in points] == [
            f"{d.isoformat()}: {v:,.0f}" for d, v in TWO_REPORTS_A_YEAR
        ]
        assert _values(svg, points) == pytest.approx([v for _, v in TWO_REPORTS_A_YEAR], abs=5)
        assert (svg.findtext("desc") or "").startswith(
            "7 observed values from the baseline on; latest 5,700 people on 2010-09-03. "
        )


def test_no_date_of_judgement_is_said_once() -> None:
    """ "Date of judgement: none (none: no date: ...)": the code of the source beside its words.
    Found by a report-only reviewer."""
    from collective_impact.htmlreport import render_report

    bare = ci.Initiative(name="Bare", partners=[ci.Partner(id="a", name="A", sector="other")])
    text = render_report(ci.assess(bare))
    assert "none: the initiative has no observation nor baseline, and none was given</dd>" in text
    assert "none (none:" not in text


def test_the_stalest_indicators_come_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data-quality lists are cut at 50 lines, and they were in the order of the ids: the
    50 shown of a large initiative's stale indicators were the first by name, not the oldest.
    The stalest now come first (never observed, then the oldest last measurement), and the
    least completely reported."""
    from collective_impact import htmlreport

    assessment = ci.assess(ci.load_example("cradle-to-career"), as_of="2031-01-01")
    stale = [m for m in assessment.measurement if m.stale]
    assert len(stale) >= 4
    ages = sorted({m.freshness_days for m in stale if m.freshness_days is not None})
    assert len(ages) >= 3  # the example's indicators were last measured on different days
    monkeypatch.setattr(htmlreport, "_QUALITY_LINES", 3)
    notes = htmlreport._data_quality(assessment, assessment.gaps)
    shown = notes["stale"][:3]
    oldest = sorted(stale, key=lambda m: -(m.freshness_days or 0))[:3]
    assert [line.split(": ")[0] for line in shown] == [f"{m.name} ({m.indicator})" for m in oldest]
    incomplete = [
        (m.completeness, f"{m.name} ({m.indicator})")
        for m in assessment.measurement  # ties stay in this order
        if m.completeness is not None and m.completeness < 1
    ]
    assert len({c for c, _ in incomplete}) >= 2
    assert [line.split(": ")[0] for line in notes["incomplete"][:3]] == [
        label for _, label in sorted(incomplete, key=lambda item: item[0])[:3]
    ]


def test_completeness_says_what_it_counts() -> None:
    """The completeness of reporting counts the baseline's period as measured: an indicator
    never reported since its baseline read "reported in 20% of periods" (found by a reviewer).
    The lines say what has a value: the baseline's period too, or only it."""
    from collective_impact import htmlreport

    assessment = ci.assess(ci.load_example("cradle-to-career"), as_of="2031-01-01")
    lines = {}
    for line in htmlreport._data_quality(assessment, assessment.gaps)["incomplete"]:
        label, said = line.split("): ", 1)
        lines[label.rsplit("(", 1)[1]] = said
    assert lines["postsec-credential"] == (
        "no report since its baseline; only the baseline's period has a value, 10% of periods"
    )
    assert lines["k-ready"] == "a value in 60% of periods, the baseline's period included"
    assert not any(line.startswith("reported in") for line in lines.values())


def test_group_reports_are_not_said_to_be_none() -> None:
    """A baseline, then only group reports (which feed the disparity): the line said "no
    report since its baseline" beside a gap built on those reports; it says no
    whole-population report (found by a reviewer)."""
    from collective_impact import htmlreport

    day = datetime.date
    ind = ci.Indicator(
        id="rate",
        name="Rate",
        frequency="annual",
        direction="increase",
        baseline={"date": day(2020, 6, 30), "value": 50.0},
        target={"date": day(2030, 6, 30), "value": 90.0},
        observations=[
            ci.Observation(date=day(year, 6, 30), value=value, group=group)
            for year in (2021, 2022, 2023)
            for group, value in (("a", 60.0), ("b", 55.0))
        ],
    )
    init = ci.Initiative(
        name="Groups only",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        indicators=[ind],
    )
    result = ci.assess(init, as_of=day(2023, 6, 30))
    (line,) = htmlreport._data_quality(result, result.gaps)["incomplete"]
    assert "no whole-population report since its baseline" in line


def test_complete_reporting_is_not_said_of_a_baseline_alone() -> None:
    """An annual indicator with a baseline this year and no report: complete, as the
    baseline's period is counted, and the page said it "was reported in every period"."""
    day = datetime.date
    ind = ci.Indicator(
        id="i",
        name="Yearly",
        frequency="annual",
        direction="increase",
        baseline={"date": day(2024, 3, 1), "value": 10.0},
        target={"date": day(2027, 1, 1), "value": 20.0},
    )
    init = ci.Initiative(
        name="Begun",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        indicators=[ind],
    )
    result = ci.assess(init, as_of=day(2024, 6, 30))
    assert result.indicator("i").completeness == 1.0
    page = Page(result, render_report(result))
    quality = page.all_text(page.by_id("data-quality"))
    assert "reported in every period" not in quality
    assert (
        "Incomplete reporting None: every indicator with a reporting frequency has a value in "
        "every period (the period of its baseline counts)." in quality
    )


def test_a_baseline_after_the_date_of_judgement_is_not_charted() -> None:
    """A baseline dated after ``as_of`` was not known then: the measurement ignores it, and
    the report's chart drew it. The measured period still begins on its date, so nothing is
    measured: the text said "N observed values (no baseline); latest –" of points the
    measurement did not use (found by a reviewer of dates at their boundaries)."""
    init = ci.load_example("workforce")
    ind = init.indicator("placements")
    # (in 2009, the year before its target's: a baseline of 2010 would be refused, its annual
    # target of 31 December 2010 being in the baseline's own reporting period)
    day = datetime.date(2009, 12, 31)
    moved = attrs.evolve(ind, baseline=attrs.evolve(ind.baseline, date=day))
    init = attrs.evolve(
        init.evolve(indicators=[moved if i.id == ind.id else i for i in init.indicators]),
        as_of=datetime.date(2009, 6, 30),
    )
    result = ci.assess(init)
    assert result.indicator("placements").baseline is None
    html = render_report(result)
    assert "on 2009-12-31." not in html
    assert "observed values (no baseline)" not in html
    assert (
        "No whole-population observation from the baseline date on (2009-12-31, after the "
        "date of judgement)." in html
    )


def test_the_reproduce_snippet_defines_what_it_uses() -> None:
    """The snippet called ``ci.assess(initiative, …)`` with ``initiative`` never defined, and a
    missing sector was "missing from the table" (found by a reviewer following the docs as a
    new user). Run with the file's path, the snippet gives the same assessment."""
    import html as html_module
    import re

    init = ci.load_example("workforce")
    result = ci.assess(init)
    page = render_report(result)
    code = html_module.unescape(re.search(r"<pre><code>(.*?)</code></pre>", page, re.S)[1])
    assert "initiative = ci.load(PATH)" in code
    scope: dict[str, object] = {}
    exec(code.replace("ci.load(PATH)", "ci.load_example('workforce')"), scope)
    again = scope["result"].to_dict()  # type: ignore[attr-defined]
    assert again.pop("as_of_source") == "argument"  # the date is given to assess()
    assert again == {k: v for k, v in result.to_dict().items() if k != "as_of_source"}
    from collective_impact.analysis.gaps import CODE_LABELS

    assert "table" not in CODE_LABELS["missing-sector"][0]


def _reproduce_code(page: str) -> str:
    """The Python code of the page's "How to reproduce" section, unescaped."""
    import html as html_module

    found = re.search(r"<pre><code>(.*?)</code></pre>", page, re.S)
    assert found is not None
    return html_module.unescape(found[1])


@pytest.mark.parametrize("asked", [0, 2, 12])
def test_the_reproduce_snippet_asks_for_as_many_ties(asked: int) -> None:
    """The call omitted ``recommendations=``: a report of ``assess(..., recommendations=12)``
    printed a call that gave the default 5 ties (and ``recommendations=0``, a call that searched
    5 where the report said "not computed"). It now passes how many were asked for."""
    result = ci.assess(ci.load_example("cradle-to-career"), recommendations=asked)
    code = _reproduce_code(render_report(result))
    assert f"recommendations={asked})" in code
    scope: dict[str, object] = {}
    exec(code.replace("ci.load(PATH)", "ci.load_example('cradle-to-career')"), scope)
    again = scope["result"].to_dict()  # type: ignore[attr-defined]
    assert again.pop("as_of_source") == "argument"
    assert again == {k: v for k, v in result.to_dict().items() if k != "as_of_source"}
    assert len(again["recommendations"]) == min(asked, 12)


def test_the_reproduce_snippet_of_an_old_assessment_asks_for_those_listed() -> None:
    """An assessment pickled before ``recommendations_asked`` was recorded: the call asks for
    as many ties as it lists, and says why."""
    result = ci.assess(ci.load_example("cradle-to-career"), recommendations=3)
    old = attrs.evolve(result, recommendations_asked=None)
    code = _reproduce_code(render_report(old))
    assert "recommendations=3)  # how many were asked for is not recorded" in code
    scope: dict[str, object] = {}
    exec(code.replace("ci.load(PATH)", "ci.load_example('cradle-to-career')"), scope)
    assert scope["result"].recommendations == result.recommendations  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name",
    [
        "Workforce\nimport os; os.system('echo pwned')  #",
        "Workforce\n",  # YAML ``name: |`` keeps a trailing line break
        "Work\r\nforce\rx = 1",
        "Work\u2028force\u2029x = 1",
        "Work\tforce\n\n\nx = 1",
        "مدرسة\nx = 1",
    ],
)
def test_the_reproduce_snippet_keeps_the_name_in_its_comment(name: str) -> None:
    """The name was written raw in a comment of the snippet: a line break ended the comment, and
    the name's next line ran (``import os; os.system(...)``) or was a SyntaxError (found by a
    reviewer). The name is now on one line, and the snippet compiles, with no line but the
    library's own."""
    init = ci.load_example("workforce").evolve(name=name)
    code = _reproduce_code(render_report(ci.assess(init)))
    compile(code, "snippet", "exec")
    running = [line for line in code.splitlines() if not line.lstrip().startswith("#")]
    assert [line.split(" ")[0] for line in running] == [
        "import", "import", "initiative", "config", "result"
    ]  # fmt: skip
    assert "os.system" not in "".join(running)


@pytest.mark.parametrize("name", ["Work\x85force\nx = 1", "Work\x1cforce\x1dx\x1e = 1", "a\vb\fc"])
def test_the_reproduce_snippet_keeps_any_line_break_in_its_comment(name: str) -> None:
    """Every character :meth:`str.splitlines` breaks at is a space in the comment: the model
    refuses U+0085 and the other control characters in a name, but the snippet does not rely
    on it (the lines that read the initiative, of a stand-in with that name)."""
    from types import SimpleNamespace

    from collective_impact.htmlreport import _read_lines

    fake = SimpleNamespace(initiative=SimpleNamespace(name=name), source=None)
    lines = _read_lines(fake)  # type: ignore[arg-type]
    code = "\n".join(lines)
    compile(code, "snippet", "exec")
    assert len(code.splitlines()) == len(lines) == 6


def test_the_reproduce_snippet_lists_every_reader() -> None:
    """The comment named only ``ci.read_workbook`` besides ``ci.load``; an assessment that does
    not say which file it was of now lists the reader of each kind of file."""
    code = _reproduce_code(render_report(ci.assess(ci.load_example("workforce"))))
    for call in ("ci.load(PATH)", "ci.read_workbook(PATH)", "ci.read_csv_bundle(PATH)"):
        assert call in code
    assert "initiative = ci.load(PATH)\n" in code


@pytest.mark.parametrize(
    ("suffix", "call"),
    [
        ("", "ci.read_csv_bundle(PATH)"),  # a folder
        (".zip", "ci.read_csv_bundle(PATH)"),
        (".yaml", "ci.load(PATH)"),
    ],
)
def test_the_reproduce_snippet_names_the_reader_of_its_file(
    tmp_path: Path, suffix: str, call: str
) -> None:
    """A batch's assessment of a CSV bundle (:attr:`Assessment.source`) was told to read "the
    file" with ``ci.load`` (or a workbook's reader): the snippet now calls the reader of the
    file it was of, and says its path; run with it, it gives the same assessment."""
    init = ci.load_example("workforce")
    path = tmp_path / f"workforce{suffix}"
    if suffix == ".yaml":
        ci.dump(init, path)
    else:
        ci.write_csv_bundle(init, path)
    (result,) = ci.assess_many([path])
    assert result.source == str(path)
    code = _reproduce_code(render_report(result))
    compile(code, "snippet", "exec")
    assert f"initiative = {call}  # PATH: " in code
    assert repr(str(path)) in code
    for other in {"ci.load(PATH)", "ci.read_csv_bundle(PATH)", "ci.read_workbook(PATH)"} - {call}:
        assert other not in code
    scope: dict[str, object] = {"PATH": path}
    exec(code, scope)
    again = scope["result"].to_dict()  # type: ignore[attr-defined]
    assert again.pop("as_of_source") == "argument"
    assert again == {k: v for k, v in result.to_dict().items() if k != "as_of_source"}


@pytest.mark.parametrize("name", ["wave\t2.zip", "wave\n2"])
def test_the_reproduce_snippet_quotes_the_real_path(tmp_path: Path, name: str) -> None:
    """:attr:`Assessment.source` is the path as messages show it (a tab written ``\\t``): the
    snippet quoted that with ``repr``, so a bundle named ``wave<TAB>2.zip`` read from
    ``'wave\\\\t2.zip'``, a backslash and a t, a file that is not there; and a folder named
    ``wave<LF>2`` was no folder by that text, so the snippet listed every reader (found by a
    reviewer). It quotes the path as given now, and tells its kind by it."""
    init = ci.load_example("workforce")
    path = tmp_path / name
    ci.write_csv_bundle(init, path)
    (result,) = ci.assess_many([path])
    code = _reproduce_code(render_report(result))
    compile(code, "snippet", "exec")
    assert "initiative = ci.read_csv_bundle(PATH)  # PATH: the CSV bundle of " in code
    assert f"(read from {str(path)!r})" in code


def test_the_gap_keys_of_one_gap_are_in_the_singular() -> None:
    """With ``max_gaps=1`` the note said "(here those of the 1 gaps listed)" (a reviewer)."""
    page = render_report(ci.assess(ci.load_example("cradle-to-career-2027")), max_gaps=1)
    assert "(here that of the one gap listed)" in page
    assert not re.search(r"\b1 gaps", page)


_FAKE_DOM = """
var byId = {};
["gap-filters", "filter-condition", "filter-severity", "filter-reset", "filter-status"].forEach(
  function (id) { byId[id] = {value: "", hidden: true, addEventListener: function () {}}; });
var rows = JSON.parse(process.argv[2]).map(function (severity) {
  return {hidden: false, getAttribute: function (name) {
    return name === "data-severity" ? severity : "alignment"; }};
});
byId["gap-table"] = {
  querySelectorAll: function () { return rows; },
  getAttribute: function () { return process.argv[3] === "" ? null : process.argv[3]; },
};
global.window = {addEventListener: function () {}};
global.document = {
  getElementById: function (id) { return byId[id]; },
  querySelectorAll: function () { return []; },
};
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
@pytest.mark.parametrize(
    ("rows", "total", "said"),
    [
        (["warning"], "", "Showing 1 of 1 gap."),
        (["warning"], "5", "Showing 1 of 1 gap listed (5 in all)."),
        (["warning", "info"], "", "Showing 2 of 2 gaps."),
    ],
)
def test_the_filter_status_of_one_gap_is_in_the_singular(
    tmp_path: Path, rows: list[str], total: str, said: str
) -> None:
    """The script of the filters wrote "Showing 1 of 1 gaps." (a reviewer). Run under Node.js
    with a stand-in for the page's elements."""
    import json
    import subprocess

    from collective_impact.htmlreport import _asset

    script = tmp_path / "filter.js"
    script.write_text(
        _FAKE_DOM + _asset("filter.js") + 'console.log(byId["filter-status"].textContent);\n',
        encoding="utf-8",
    )
    out = subprocess.run(
        ["node", str(script), json.dumps(rows), total],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert out.stdout.strip() == said


# --------------------------------------------------------------------------- read as a committee


def _placements(target: float, target_day: datetime.date, *later: tuple[int, float]) -> Any:
    """workforce with its placements aiming at ``target`` by ``target_day``, and ``later``
    annual values (year, value) after the example's last, 5,696 on 2010-12-31."""
    init = ci.load_example("workforce")
    ind = init.indicator("placements")
    assert ind.observations[-1].date == datetime.date(2010, 12, 31)
    moved = attrs.evolve(
        ind,
        target={"date": target_day, "value": target},
        observations=[
            *ind.observations,
            *(
                attrs.evolve(ind.observations[-1], date=datetime.date(year, 12, 31), value=v)
                for year, v in later
            ),
        ],
    )
    return init.evolve(indicators=[moved if i.id == ind.id else i for i in init.indicators])


def _card(root: ET.Element, indicator: str) -> ET.Element:
    for figure in root.iter("figure"):
        if (figure.findtext(".//p/code") or "") == indicator:
            return figure
    raise AssertionError(indicator)


def _badge(card: ET.Element) -> str | None:
    """The text of the status badge of an indicator's card."""
    badge = next(e for e in card.iter("span") if "badge" in (e.get("class") or ""))
    return badge.text


class TestTargetDatePassed:
    """The IATI import judged on 2020-12-31, the target date of five indicators: each card's
    badge said "off track" (still reachable) while its gap said "missed its target of 9,600 by
    2020-12-31" (found by a reviewer reading the report as a committee member)."""

    def test_a_target_missed_says_so(self) -> None:
        result = ci.assess(
            _placements(9000.0, datetime.date(2010, 12, 31)), as_of=datetime.date(2010, 12, 31)
        )
        record = result.indicator("placements")
        assert record.status.value == "off-track"
        assert record.target_date_observed
        (gap,) = [g for g in result.gaps_by(code="off-track-indicator") if "placements" in g.key]
        assert "missed its target of 9,000 by 2010-12-31" in gap.message
        root = ET.fromstring(render_report(result))
        card = _card(root, "placements")
        assert _badge(card) == "target missed"
        assert (card.findtext(".//svg/title") or "").endswith(": target missed")
        assert "placements): target missed; latest 5,696, target 9,000" in " ".join(
            result.summary().split()
        )

    def test_a_target_met_then_lost_says_so(self) -> None:
        result = ci.assess(
            _placements(4000.0, datetime.date(2009, 12, 31), (2011, 3000.0)),
            as_of=datetime.date(2011, 12, 31),
        )
        record = result.indicator("placements")
        assert record.status.value == "off-track"
        assert record.target_met_on == datetime.date(2009, 12, 31)
        card = _card(ET.fromstring(render_report(result)), "placements")
        assert card.find(".//span[@class='badge badge-off-track']") is not None
        assert _badge(card) == "met, then fell back"

    def test_before_the_target_date_it_is_off_track(self) -> None:
        result = ci.assess(
            _placements(9000.0, datetime.date(2012, 12, 31)), as_of=datetime.date(2010, 12, 31)
        )
        assert not result.indicator("placements").target_date_observed
        card = _card(ET.fromstring(render_report(result)), "placements")
        assert _badge(card) == "off track"


@pytest.fixture(scope="module")
def tiny_quality() -> str:
    """The data-quality section of the tiny initiative's report (TestATinyInitiative)."""
    from collective_impact import synth

    init = synth.generate(partners=1, activities=0, indicators=1, ties=0, seed=5)
    result = ci.assess(init)
    (record,) = result.measurement
    assert record.observations == 0
    assert not record.stale  # its baseline, of the date of judgement, is a measurement
    assert any("has no observation since its baseline" in g.message for g in result.gaps)
    page = Page(result, render_report(result))
    return page.all_text(page.by_id("data-quality"))


class TestATinyInitiative:
    """One partner, no activity, one indicator with a baseline and no observation (``synth``,
    seed 5): the data-quality section said "every indicator was observed recently enough"
    beside a gap saying it "has no observation since its baseline", and "every activity runs
    on the date of judgement" of an initiative with no activity (found by a reviewer)."""

    def test_no_indicator_is_said_observed(self, tiny_quality: str) -> None:
        assert "every indicator was observed recently enough" not in tiny_quality
        assert (
            "None: every indicator was observed, or given its baseline, recently enough. "
            "1 indicator has a baseline but no observation yet: Prenatal care in the first "
            "trimester (i1)." in tiny_quality
        )

    def test_no_activity_is_said_to_run(self, tiny_quality: str) -> None:
        assert "every activity runs" not in tiny_quality
        assert "Activities not counted Not checked: the initiative has no activity." in tiny_quality


def _svg(root: ET.Element, indicator: str) -> ET.Element:
    svg = _card(root, indicator).find("svg")
    assert svg is not None
    return svg


def _x_labels(svg: ET.Element) -> list[str]:
    return [
        t.text or ""
        for t in svg.iter("text")
        if t.get("class") == "tick-label" and t.get("text-anchor") == "middle"
    ]


def test_the_date_of_judgement_shows_beyond_the_data() -> None:
    """workforce judged in mid-2015, four and a half years after its last value and target
    date: the dotted "as of" line fell outside the dates of the data and was not drawn, so the
    chart did not show how old the data are (found by a reviewer). The date of judgement is
    in the range now, at the right end of the chart."""
    result = ci.assess(ci.load_example("workforce"), as_of=datetime.date(2015, 6, 30))
    svg = _svg(ET.fromstring(render_report(result)), "placements")
    line = svg.find("line[@class='asof']")
    assert line is not None
    grid = svg.find("line[@class='grid']")
    assert grid is not None
    left, right = float(grid.get("x1") or 0), float(grid.get("x2") or 0)
    x = float(line.get("x1") or 0)
    assert left < x <= right
    points = [float(c.get("cx") or 0) for c in svg.iter("circle") if c.get("class") == "point"]
    assert points
    assert x > max(points) + 100  # the latest date of the chart, years after the data
    assert "2015" in _x_labels(svg)


def test_a_chart_within_one_year_has_dates() -> None:
    """Baseline, reports and target all in 2024: the date axis had a tick only on each
    1 January, so none at all (found by a reviewer). Months are written instead."""
    day = datetime.date
    ind = ci.Indicator(
        id="i",
        name="Monthly",
        direction="increase",
        baseline={"date": day(2024, 1, 15), "value": 10.0},
        target={"date": day(2024, 11, 30), "value": 20.0},
        observations=[
            {"date": day(2024, m, 15), "value": 10.0 + m, "reported_by": "p"} for m in (3, 5, 7)
        ],
    )
    init = ci.Initiative(
        name="One year",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        indicators=[ind],
    )
    svg = _svg(ET.fromstring(render_report(ci.assess(init))), "i")
    labels = _x_labels(svg)
    assert labels == ["Apr 2024", "Jul", "Oct"]


class TestAtAGlance:
    """A committee member had to read three sections to learn the phase, the score and what
    matters most (found by a reviewer). The page opens with them, in the words and the order
    of the terminal's "First things first"."""

    def test_opens_the_page(self, page: Page) -> None:
        header = page.root.find(".//header")
        assert header is not None
        glance = header.find(".//section[@id='glance']")
        assert glance is not None
        main = page.root.find(".//main")
        assert main is not None
        assert main.find(".//*[@id='glance']") is None  # before the sections, not one of them

    def test_says_what_the_sections_say(self, page: Page) -> None:
        from collective_impact.report import first_things, subject_names

        result = page.assessment
        glance = page.all_text(page.by_id("glance"))
        conditions = page.all_text(page.by_id("conditions"))
        phase = page.all_text(page.root.find(".//p[@class='phase-label']"))  # type: ignore[arg-type]
        assert glance.startswith(f"At a glance {phase}. Overall score ")
        score = glance.split("Overall score ", 1)[1].split(" ", 1)[0]
        assert f"Overall score: {score} " in conditions
        counts = {s: len(result.gaps_by(severity=s)) for s in ("critical", "warning", "info")}
        assert (
            f"{len(result.gaps)} gaps: {counts['critical']} critical, {counts['warning']} "
            "warning" in glance
        )
        lines, left = first_things(result.gaps, 5, subject_names(result.initiative))
        items = page.by_id("glance").findall(".//ul[@id='glance-gaps']/li")
        words = {"critical": "Critical", "warning": "Warning", "info": "Note"}
        assert [page.all_text(li) for li in items] == [
            f"{words[severity]} {' '.join(text.split())}" for severity, text in lines
        ]
        assert [li[0].get("class") for li in items] == [f"badge badge-{s}" for s, _ in lines]
        if left:
            assert f"… and {left} more gaps" in glance

    def test_names_what_each_line_is_about(self) -> None:
        """A committee member read "boys-girls-club & schools" and "grade3-reading": the
        lines name partners, indicators and activities by name. Two partners named alike
        are told apart by their ids; names are joined by "and" ("Boys & Girls Club" holds an
        "&"), or by "/" when a name holds "and" ("Job-readiness and placement"; an en dash
        read "Head Start – North – Reads – Tutoring" as four things: a fresh-eyes reviewer),
        and listed apart by semicolons (a name may hold a comma); a name on two lines reads
        on one, a long one is cut at a word; a right-to-left name is isolated, a U+2069 of
        its own left out; a backbone function is in words; an id the initiative does not
        hold is written as it is."""
        from collective_impact.analysis.gaps import Gap, Severity, gap_key
        from collective_impact.report import NAME_CHARS, first_things, subject_names

        init = ci.Initiative(
            name="Names",
            partners=[
                ci.Partner(id="a", name="Reading Program", sector="nonprofit"),
                ci.Partner(id="b", name="Reading Program", sector="nonprofit"),
                ci.Partner(id="c", name="Boys & Girls Club,\nNorth", sector="nonprofit"),
                ci.Partner(id="d", name="مدرسة المدينة", sector="government"),
                ci.Partner(id="e", name="Word " * 20, sector="business"),
            ],
        )
        names = subject_names(init)

        def gap(code: str, roles: dict[str, Any]) -> Gap:
            return Gap(
                key=gap_key(code, roles),
                code=code,
                condition=ci.Condition.CONTINUOUS_COMMUNICATION,
                severity=Severity.WARNING,
                subjects=(),
                evidence={},
                message="m",
            )

        pair = gap("uncoordinated-interdependence", {"partners": ["a", "c"]})
        assert names(pair) == ("Reading Program (a)", "Boys & Girls Club, North")
        rtl = gap("isolated-partner", {"partner": "d"})
        assert names(rtl) == ("\u2068مدرسة المدينة\u2069",)
        long = gap("isolated-partner", {"partner": "e"})
        (cut,) = names(long)
        assert cut == ("Word " * 12).strip() + "…"  # 12 words of 5: 59 characters
        assert len(cut) <= NAME_CHARS + 1
        unknown = gap("isolated-partner", {"partner": "z"})
        assert names(unknown) == ("z",)
        function = gap("backbone-function-gap", {"backbone": "a", "function": "advance_policy"})
        assert names(function) == ("advance policy",)
        comma = gap("isolated-partner", {"partner": "c"})
        lines, left = first_things([pair, rtl, unknown, comma], None, names)
        assert left == 0
        assert [text for _, text in lines] == [
            f"{pair.label}: Reading Program (a) and Boys & Girls Club, North — {pair.impact_text}",
            "3 partners with no tie to anyone: \u2068مدرسة المدينة\u2069; z; "
            "Boys & Girls Club, North",
        ]
        # a name that holds " and ", or a closing isolate of its own
        init = init.evolve(
            partners=[
                *init.partners,
                ci.Partner(id="f", name="Job-readiness and placement", sector="other"),
                ci.Partner(id="g", name="School\u2069 مدرسة", sector="other"),
            ]
        )
        names = subject_names(init)
        assert names(gap("uncoordinated-interdependence", {"partners": ["f", "c"]})) == (
            "Boys & Girls Club, North",
            "Job-readiness and placement",
        )
        lines, _ = first_things(
            [gap("uncoordinated-interdependence", {"partners": ["f", "c"]})], None, names
        )
        assert ": Boys & Girls Club, North / Job-readiness and placement — " in lines[0][1]
        assert names(gap("isolated-partner", {"partner": "g"})) == ("\u2068School مدرسة\u2069",)
        # an isolate it opens and does not close is closed before its own (a fresh-eyes
        # reviewer: the sentence after it stayed inside); "And" is an "and" too; more than
        # three names end "(and N more)", not "/ 2 more", as if a name
        from collective_impact.report import isolated

        assert isolated("Partner \u2067مدرسة") == "\u2068Partner \u2067مدرسة\u2069\u2069"
        init = init.evolve(
            partners=[
                *init.partners,
                ci.Partner(id="h", name="Boys And Girls Club", sector="other"),
                *(ci.Partner(id=f"m{k}", name=f"M{k}", sector="other") for k in range(4)),
            ]
        )
        names = subject_names(init)
        lines, _ = first_things(
            [gap("uncoordinated-interdependence", {"partners": ["c", "h"]})], None, names
        )
        assert ": Boys & Girls Club, North / Boys And Girls Club — " in lines[0][1]
        wide = gap("uncoordinated-interdependence", {"partners": ["m0", "m1", "m2", "m3", "c"]})
        lines, _ = first_things([wide], None, names)
        assert ": Boys & Girls Club, North and M0 and M1 (and 2 more) — " in lines[0][1]
        # by id, as the terminal writes them: joined by "&", listed apart by commas
        lines, _ = first_things([pair, rtl, unknown, comma], None)
        assert [text for _, text in lines] == [
            f"{pair.label}: a & c — {pair.impact_text}",
            "3 partners with no tie to anyone: d, z, c",
        ]

    def test_says_when_the_settings_are_not_the_defaults(self) -> None:
        """Scored with --config, the page read exactly like a default run (found by a
        reviewer of the terminal, which now says so too); the default says nothing."""
        init = ci.load_example("cradle-to-career")
        other = ET.fromstring(render_report(ci.assess(init, config=ci.ScoringConfig(weak_tie=0.9))))
        (said,) = [e for e in other.iter() if e.get("id") == "glance-settings"]
        assert "".join(said.itertext()) == (
            "Scored with settings other than the defaults: weak_tie 0.9 (default 0.3)."
        )
        plain = ET.fromstring(render_report(ci.assess(init)))
        assert not [e for e in plain.iter() if e.get("id") == "glance-settings"]


def test_one_reason_for_insufficient_data() -> None:
    """An indicator with observations but no baseline and no target: its card said "progress
    not measured: no baseline and no target" and the data-quality section "no target" (found
    by a reviewer of the IATI import). Both give the one reason (``_text.lacking``)."""
    day = datetime.date
    ind = ci.Indicator(
        id="i",
        name="Reached",
        observations=[{"date": day(2024, m, 1), "value": 10.0 + m} for m in (3, 5)],
    )
    init = ci.Initiative(
        name="No target",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        indicators=[ind],
    )
    result = ci.assess(init)
    page = Page(result, render_report(result))
    card = page.all_text(_card(page.root, "i"))
    assert "progress not measured: no baseline and no target." in card
    lines = [page.all_text(li) for li in page.by_id("data-quality").iter("li")]
    assert "Reached (i): no baseline and no target" in lines


def test_chart_symbols_stay_right_of_the_value_axis(page: Page) -> None:
    """A baseline at the first date of a chart was drawn on the value axis, its square over
    the axis's labels (found by a reviewer). The dates start a little right of the axis and
    end a little left of the chart's end: every symbol lies between them."""
    for svg in page.by_id("indicators").iter("svg"):
        grid = svg.find("line[@class='grid']")
        if grid is None:  # the legend
            continue
        left, right = float(grid.get("x1") or 0), float(grid.get("x2") or 0)
        spans = []
        for e in svg:
            kind = e.get("class")
            if e.tag == "rect" and kind == "baseline":
                x = float(e.get("x") or 0)
                spans.append((kind, x - 1, x + float(e.get("width") or 0) + 1))  # its stroke
            elif e.tag == "polygon" and kind == "target":
                xs = [float(p.split(",")[0]) for p in (e.get("points") or "").split()]
                spans.append((kind, min(xs), max(xs)))
            elif e.tag == "circle" and kind in ("point", "latest", "report"):
                cx, r = float(e.get("cx") or 0), float(e.get("r") or 0)
                spans.append((kind, cx - r, cx + r))
        assert spans
        for kind, start, end in spans:
            assert left <= start, (kind, start, left)
            assert end <= right, (kind, end, right)


def test_the_values_are_drawn_over_the_target() -> None:
    """A latest value on its target (met on the target date) was hidden under the target's
    star, drawn last (found by a reviewer). The star is drawn before the values."""
    result = ci.assess(_placements(5696.0, datetime.date(2010, 12, 31)))
    assert result.indicator("placements").status.value == "met"
    svg = _svg(ET.fromstring(render_report(result)), "placements")
    order = [e.get("class") for e in svg]
    assert order.index("target") < order.index("point")


def test_a_report_label_counts_the_partners_averaged() -> None:
    """Partner p's 5,696 entered twice and q's 5,689 of 2010: the point is their mean over two
    partners, (5,696 + 5,689) / 2 = 5,692.5; each report's label said "one of the 3 averaged",
    counting rows (found by a reviewer of the session's diff)."""
    from collective_impact.analysis.measurement import _period_points
    from collective_impact.htmlreport import _report_words
    from collective_impact.model import Frequency

    day, later = datetime.date(2010, 6, 1), datetime.date(2010, 6, 14)
    rows = [
        ci.Observation(date=day, value=5696.0, reported_by="p"),
        ci.Observation(date=day, value=5696.0, reported_by="p"),
        ci.Observation(date=later, value=5689.0, reported_by="q"),
    ]
    (point,) = _period_points(rows, Frequency.ANNUAL)
    assert (point.value, point.reporters) == (5692.5, 2)
    assert _report_words(point.reports[-1], point) == (
        "report 5,689 on 2010-06-14, one of the 2 averaged into the point of 2010-06-14"
    )


class TestARowEnteredTwice:
    """Without a frequency a date's value is the mean of each partner's report (a row entered
    twice is one report): p's 10 twice and q's 20 on one date are 15, and the chart's words
    said "the mean of 3 reports of that date (10, 10, 20)", whose mean is 13.33 (found by a
    reviewer once the value had been mended)."""

    @staticmethod
    def desc(rows: list[tuple[str, float]], frequency: str | None = None) -> str:
        import datetime as dt

        from collective_impact.analysis.measurement import measure_indicator
        from collective_impact.htmlreport import _indicator_desc, _measured

        day = dt.date(2025, 1, 1)
        indicator = ci.Indicator(
            id="i",
            name="I",
            frequency=frequency,
            observations=[
                ci.Observation(date=dt.date(2024, 1, 1), value=5.0, reported_by="p"),
                *(ci.Observation(date=day, value=v, reported_by=w) for w, v in rows),
            ],
        )
        record = measure_indicator(indicator, as_of=day)
        return _indicator_desc(indicator, record, _measured(indicator, day), day)

    def test_each_partner_s_report_once(self) -> None:
        text = self.desc([("p", 10.0), ("p", 10.0), ("q", 20.0)])
        assert text.startswith(
            "2 points (no baseline), one a date, from 3 reports: the point of 2025-01-01, 15, "
            "is the mean of 2 reports of that date (10 on 2025-01-01, 20 on 2025-01-01; "
            "entered again: 1 row)"
        )

    def test_one_partner_s_row_twice_is_one_report(self) -> None:
        text = self.desc([("p", 10.0), ("p", 10.0)])
        assert text.startswith(
            "2 points (no baseline), one a date, from 2 reports: the point of 2025-01-01, 10, "
            "is one report (10 on 2025-01-01; entered again: 1 row)"
        )

    def test_with_a_frequency_too(self) -> None:
        """An annual indicator: p's 10 twice and q's 20 were listed as three reports of the
        year ("10, 10, 20", whose mean is not 15), and p's superseded 44 twice as two."""
        text = self.desc([("p", 10.0), ("p", 10.0), ("q", 20.0)], "annual")
        assert text.startswith(
            "2 points (no baseline), one a year, from 3 reports: the point of 2025-01-01, 15, "
            "is the mean of each partner's latest report of the year (10 on 2025-01-01, 20 on "
            "2025-01-01; entered again: 1 row)"
        )
        text = self.desc([("p", 10.0), ("p", 10.0)], "annual")
        assert "is the latest report of the year (10 on 2025-01-01; entered again: 1 row)" in text

    def test_the_chart_draws_each_report_once(self) -> None:
        """The circles behind a point: one a partner's report, with a frequency or without
        (p's row twice drew two circles, each "one of the 2 averaged")."""
        import datetime as dt

        from collective_impact.analysis.measurement import measure_indicator
        from collective_impact.htmlreport import _indicator_chart, _measured

        day = dt.date(2025, 1, 1)
        for frequency in (None, "annual"):
            indicator = ci.Indicator(
                id="i",
                name="I",
                frequency=frequency,
                observations=[
                    ci.Observation(date=dt.date(2024, 1, 1), value=5.0, reported_by="p"),
                    *(
                        ci.Observation(date=day, value=v, reported_by=w)
                        for w, v in [("p", 10.0), ("p", 10.0), ("q", 20.0)]
                    ),
                ],
            )
            record = measure_indicator(indicator, as_of=day)
            chart = _indicator_chart(indicator, record, day, _measured(indicator, day))
            assert chart is not None
            labels = [r["label"] for r in chart["reports"]]
            assert labels == [
                "report 10 on 2025-01-01, one of the 2 averaged into the point of 2025-01-01",
                "report 20 on 2025-01-01, one of the 2 averaged into the point of 2025-01-01",
            ], frequency


def test_indicators_without_a_status_in_the_order_of_every_report() -> None:
    """The terminal, Markdown and notebook list the indicators with insufficient data as
    :attr:`Assessment.unjudged` does, the agenda's first; the HTML report listed them by id,
    so an indicator on no goal named ``a-side`` came before every agenda indicator."""
    from collective_impact import htmlreport

    init = ci.load_example("cradle-to-career")
    side = ci.Indicator(id="a-side", name="A side count", unit="count")
    init = init.evolve(indicators=[*init.indicators, side])
    assessment = ci.assess(init)
    unjudged = [m.indicator for m in assessment.unjudged]
    assert unjudged == ["postsec-credential", "a-side", "tutoring-hours"]  # by id, a-side first
    ranked = htmlreport._pressing_first(assessment)
    statuses = [m.status.value for m in ranked]
    shown = [m.indicator for m in ranked if m.status.value == "insufficient-data"]
    assert shown == unjudged
    assert statuses.index("insufficient-data") > max(
        k for k, s in enumerate(statuses) if s in ("off-track", "at-risk")
    )
    notes = htmlreport._data_quality(assessment, assessment.gaps)["insufficient"]
    assert [line.split(": ")[0].rsplit("(", 1)[-1].rstrip(")") for line in notes] == unjudged
    text = Page(assessment, render_report(assessment)).all_text()
    listed = text[text.index("Indicators with insufficient data for a status") :]
    assert listed.index("(postsec-credential)") < listed.index("(a-side)")


def test_a_lone_partner_is_not_on_a_circle() -> None:
    """A partner without any tie is drawn on no circle: the description of the drawing said
    "Partners on the circle are ordered by sector, then id" beside it (found by a reviewer)."""
    one = ci.Initiative(name="One", partners=[ci.Partner(id="p", name="P", sector="nonprofit")])
    text = render_report(ci.assess(one))
    assert "Partners on the circle" not in text
    assert "The table below lists every partner&#39;s ties." in text
    assert "Partners on the circle are ordered by sector, then id" in render_report(
        ci.assess(ci.load_example("cradle-to-career"))
    )


def test_the_date_of_judgement_says_its_source_once() -> None:
    """The Reproduce section read "2026-09-30 (latest observation: the latest observation in
    the data)" (found by a reviewer): the words, then the field's value as code."""
    text = render_report(ci.assess(ci.load_example("cradle-to-career")))
    assert "latest observation: the latest observation" not in text
    assert (
        '(the latest observation in the data; <code>as_of_source = "latest observation"</code>)'
        in text
    )


def test_the_condition_cards_say_the_rules_of_the_scores() -> None:
    """Goal g on indicator i; p's activity x helps i by 0.4, q's activity y harms it by 0.8;
    p and q tied at 0.8. The net direct effect on i is 0.4 - 0.8 = -0.4 <= 0, so goal
    coverage is 0 (docs/scoring.md, common agenda), and the card said the score counts "the
    share of goal weight that some activity helps" beside "goal coverage 0.00". The mutually
    reinforcing card said the share of joint work "not lost to conflict or duplication",
    leaving out joint harm, which its denominator d + conflict + h holds."""
    init = ci.Initiative(
        name="Net",
        partners=[
            ci.Partner(id="p", name="P", sector="nonprofit"),
            ci.Partner(id="q", name="Q", sector="government"),
        ],
        indicators=[ci.Indicator(id="i", name="I", direction="increase")],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        activities=[
            ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.4}),
            ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": -0.8}),
        ],
        ties=[ci.Tie(source="p", target="q", strength=0.8)],
    )
    result = ci.assess(init)
    assert result.scores.components["common_agenda"]["goal_coverage"] == 0.0
    page = Page(result, render_report(result))
    agenda = page.all_text(page.by_id("condition-common_agenda"))
    assert "some activity helps" not in agenda
    assert "goal coverage 0.00" in agenda
    assert (
        "an indicator the activities move forward on balance (their help on it outweighs "
        "their harm)" in agenda
    )
    assert "the share of all the activities' effects, help and harm, that is help" in agenda
    reinforcing = page.all_text(page.by_id("condition-mutually_reinforcing_activities"))
    assert "not lost to conflict, joint harm or duplication" in reinforcing
    communication = page.all_text(page.by_id("condition-continuous_communication"))
    assert "where ties carry trust ratings" in communication


def test_right_to_left_names_are_isolated_wherever_they_are_quoted() -> None:
    """A name holding U+202E RIGHT-TO-LEFT OVERRIDE, quoted raw in a sentence, turns the rest
    of the line around: the summary's title line, its lists of indicators and the gaps in
    detail, and on the page the <title>/<h1>, the gap table, the condition cards, the
    data-quality lists, the network's table and SVG titles and the reproduce comment put
    the initiative's, partners', indicators' and activities' names in raw. Each is now
    between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE; an ordinary name
    is as it was (the examples' pages and summaries are unchanged)."""
    init = ci.Initiative(
        name="abc\u202eevil",
        partners=[
            ci.Partner(id="p", name="\u202eP name", sector="nonprofit"),
            ci.Partner(id="q", name="Q", sector="government"),
        ],
        indicators=[ci.Indicator(id="i", name="\u202eInd", direction="increase")],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        activities=[ci.Activity(id="a", name="\u202eAct", partners=["p"], contributes={"i": -0.5})],
    )
    result = ci.assess(init)
    names = ("abc\u202eevil", "\u202eP name", "\u202eInd", "\u202eAct")

    def raw(text: str) -> list[str]:
        """The places a name stands without its isolate around it."""
        return [
            text[max(0, k - 40) : k + 40]
            for name in names
            for k in (m.start() for m in re.finditer(re.escape(name), text))
            if text[k - 1 : k] != "\u2068" or text[k + len(name) : k + len(name) + 1] != "\u2069"
        ]

    messages = [g.message for g in result.gaps]
    assert any("\u202eAct" in m for m in messages)
    assert any("\u202eInd" in m for m in messages)
    assert raw("\n".join(messages)) == []
    for markdown in (False, True):
        summary = result.summary(markdown=markdown, max_gaps=None)
        assert "\u202e" in summary
        assert raw(summary) == []
    text = render_report(result)
    assert text.count("\u202e") >= 10
    assert raw(text) == []
    page = Page(result, text)
    title = page.root.find("head/title")
    assert title is not None
    assert title.text == "Collective impact assessment: \u2068abc\u202eevil\u2069"
    ordinary = ci.assess(ci.load_example("workforce"))
    assert "\u2068" not in render_report(ordinary) + ordinary.summary(max_gaps=None)


def test_a_name_broken_across_paragraphs_is_isolated_on_one_line() -> None:
    """A paragraph separator (U+2029, or a line break) closes every isolate, so an override
    after one in a name (``"x\\u2029\\u202eEvil"``) held for the rest of the summary's line
    whatever the isolate around the name: the line read ``\\u202eEvil\\u2069) works against
    the common agenda …`` turned around (found by a reviewer). The name's breaks are written
    as spaces inside its isolate."""
    init = ci.Initiative(
        name="T",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        indicators=[ci.Indicator(id="i", name="I", direction="increase")],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        activities=[
            ci.Activity(id="a", name="x\u2029\u202eEvil", partners=["p"], contributes={"i": -0.5})
        ],
    )
    result = ci.assess(init)
    (gap,) = [g for g in result.gaps if g.code == "harmful-activity"]
    assert "'a' (\u2068x \u202eEvil\u2069)" in gap.message
    summary = result.summary(max_gaps=None)
    assert "\u2029" not in summary
    for line in summary.splitlines():
        if "\u202e" in line:
            assert line.index("\u2068") < line.index("\u202e") < line.index("\u2069")


class TestTheForecastBandRunsForwardOnly:
    """The chart's prediction band runs from the fitted value at the last point to the
    forecast's interval: only when the forecast is after the last point. With a frequency the
    forecast is of the target period's figure, where it sits (docs/measurement.md, "Forecast
    and its prediction interval"), which can be before the last point or on it."""

    @staticmethod
    def chart(
        rows: list[tuple[str, float]],
        baseline: tuple[str, float],
        target: tuple[str, float],
        day: str,
    ) -> tuple[dict[str, Any], str]:
        from collective_impact.analysis.measurement import measure_indicator
        from collective_impact.htmlreport import _indicator_chart, _measured

        indicator = ci.Indicator(
            id="x",
            name="X",
            frequency="annual",
            observations=[{"date": d, "value": v} for d, v in rows],
            baseline={"date": baseline[0], "value": baseline[1]},
            target={"date": target[0], "value": target[1]},
        )
        as_of = datetime.date.fromisoformat(day)
        record = measure_indicator(indicator, as_of=as_of)
        chart = _indicator_chart(indicator, record, as_of, _measured(indicator, as_of))
        assert chart is not None
        init = ci.Initiative(
            name="T",
            partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
            goals=[ci.Goal(id="g", statement="s", indicators=["x"])],
            indicators=[indicator],
        )
        page = render_report(ci.assess(init, as_of=as_of))
        return chart, page[page.index('id="h-indicators"') :]

    def test_a_forecast_after_the_last_point_has_its_band(self) -> None:
        """Figures of 1 March 2022-2024 (63, 67, 71), 76 by 2025-12-31, judged on 2024-06-01:
        2025's figure sits on 2025-03-01, after the last point (2024-03-01): the band runs from
        the fitted value there to the forecast's interval at its x."""
        rows = [("2022-03-01", 63.0), ("2023-03-01", 67.0), ("2024-03-01", 71.0)]
        chart, page = self.chart(rows, ("2021-03-01", 59.0), ("2025-12-31", 76.0), "2024-06-01")
        f = chart["forecast"]
        start, upper, lower = (tuple(map(float, p.split(","))) for p in f["band"].split())
        assert start[0] == chart["series"][-1]["x"] < f["x"]
        assert (upper, lower) == ((f["x"], f["upper"]), (f["x"], f["lower"]))
        assert page.count('<polygon class="band"') == 2  # the legend's and this chart's

    def test_no_band_backwards_to_a_past_periods_figure(self) -> None:
        """Figures of 1 September 2022 and 2023 (60, 66), no figure of 2024, 2025's 72 of 1
        March so far; 75 by 2024-06-30, judged on 2025-04-01: the forecast is of 2024's figure
        at 2024-09-01 (2024-12-31 - 121 days), before the last point, 2025-03-01. The band was
        drawn from 2025-03-01 back to 2024-09-01; now none, the interval mark alone."""
        rows = [("2022-09-01", 60.0), ("2023-09-01", 66.0), ("2025-03-01", 72.0)]
        chart, page = self.chart(rows, ("2021-09-01", 55.0), ("2024-06-30", 75.0), "2025-04-01")
        f = chart["forecast"]
        assert f["band"] is None
        assert f["x"] < chart["series"][-1]["x"]
        assert page.count('<polygon class="band"') == 1  # the legend's only
        assert f'<line class="interval" x1="{f["x"]}" y1="{f["upper"]}"' in page

    def test_no_band_of_no_width_at_a_late_reports_date(self) -> None:
        """Figures of 1 March 2022-2024 and 2025's 75.5 reported late, on 2 May; 76 by
        2025-12-31, judged on 2025-06-01: 2025's figure sat at least on 2 May, the last
        point's date, and the band was a polygon of no width there. It now sits at the
        series' usual place, 1 March, and so does 2025's point, drawn where the trend counts
        it (drawn at its report of 2 May, two months right of its place on the line, the
        forecast of its own figure stood before it): the forecast is at the last point's x,
        with no band. The points are whole years apart on the x axis (1 March to 1 March:
        365, 366 and 365 days, 2024 a leap year; x rounded to 0.1 px); the tooltip gives the
        report's date."""
        rows = [("2022-03-01", 63.0), ("2023-03-01", 67.0), ("2024-03-01", 71.0)]
        rows.append(("2025-05-02", 75.5))
        chart, page = self.chart(rows, ("2021-03-01", 59.0), ("2025-12-31", 76.0), "2025-06-01")
        f = chart["forecast"]
        assert f["band"] is None
        last = chart["series"][-1]
        assert f["x"] == last["x"]
        xs = [p["x"] for p in chart["series"]]
        steps = [b - a for a, b in itertools.pairwise(xs)]
        per_day = steps[0] / 365
        assert steps == pytest.approx([365 * per_day, 366 * per_day, 365 * per_day], abs=0.2)
        assert last["label"].startswith("2025-05-02: 75.5;")
        assert "drawn at 2025-03-01" in last["label"]
        assert page.count('<polygon class="band"') == 1


class TestAFigureSoFarIsNotDrawnAfterTheDateOfJudgement:
    """The chart draws each point where the trend counts it, at the indicator's usual place in
    its period (docs/measurement.md, "Time"), but the figure so far of a period still
    running, filed before that place, at its report: the place is after the date of
    judgement (found by a reviewer)."""

    chart = staticmethod(TestTheForecastBandRunsForwardOnly.chart)

    def test_at_its_report_with_a_tooltip_saying_so(self) -> None:
        """Figures of 1 September 2022-2024 (63, 69, 76) and 2026's 70 so far of 1 March; 75
        by 2025-06-30, judged on 2026-04-01. 2026's point was drawn at its place, 1 September
        2026, five months right of the "as of" line; it is drawn at its report, 31 days left
        of the line (1 March to 1 April), 546 days right of 2024's point (1 September 2024 to
        1 March 2026), and its tooltip says the trend counts it at 1 September. The others
        stay at their places, whole years apart (365, 366 days: 2024 a leap year)."""
        rows = [("2022-09-01", 63.0), ("2023-09-01", 69.0), ("2024-09-01", 76.0)]
        rows.append(("2026-03-01", 70.0))
        chart, page = self.chart(rows, ("2021-09-01", 59.0), ("2025-06-30", 75.0), "2026-04-01")
        xs = [p["x"] for p in chart["series"]]
        per_day = (xs[1] - xs[0]) / 365
        assert xs[2] - xs[1] == pytest.approx(366 * per_day, abs=0.2)
        assert xs[3] - xs[2] == pytest.approx(546 * per_day, abs=0.2)
        assert chart["as_of"]["x"] - xs[3] == pytest.approx(31 * per_day, abs=0.2)
        assert xs[3] < chart["as_of"]["x"] <= chart["right"]
        label = chart["series"][-1]["label"]
        assert label == (
            "2026-03-01: 70; the figure so far of 2026, the year still running, reported on "
            "2026-03-01, where it is drawn: the trend counts it at 2026-09-01, where it "
            "counts every year's figure, after the date of judgement, so it may sit off the "
            "line"
        )
        assert [p["label"] for p in chart["series"][:3]] == [
            "2022-09-01: 63",
            "2023-09-01: 69",
            "2024-09-01: 76",
        ]
        assert chart["series_path"].split()[-1] == f"{xs[3]},{chart['series'][-1]['y']}"
        assert "the figure so far of 2026, the year still running" in page

    def test_the_forecast_line_ends_before_the_date_of_judgement(self) -> None:
        """Figures of 1 September 2022 and 2023 (60, 66) and 2025's 72 so far of 1 March; 75
        by 2024-06-30, judged on 2025-04-01: the forecast of 2024's figure sits at
        2024-09-01; 2025's point, at its place 2025-09-01 five months after the date of
        judgement, is drawn at its report, before the "as of" line, and no band is drawn back
        to the forecast."""
        rows = [("2022-09-01", 60.0), ("2023-09-01", 66.0), ("2025-03-01", 72.0)]
        chart, _ = self.chart(rows, ("2021-09-01", 55.0), ("2024-06-30", 75.0), "2025-04-01")
        last = chart["series"][-1]
        assert chart["forecast"]["x"] < last["x"] < chart["as_of"]["x"]
        assert chart["forecast"]["band"] is None
        assert "the figure so far of 2025" in last["label"]
