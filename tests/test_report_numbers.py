"""What a reader reads agrees with the numbers computed (``Assessment.to_dict()``).

A number shown beside what it is compared with must not read as it when it differs: a score of
0.00167 is not "0.00" beside "a single 0 makes the overall score 0", a conflict share of 0.498
under the warning threshold of 0.5 is not "50%", and a gain of 0.00002 is not "+0.0000". Each
view (the terminal, the HTML report, the notebook views, the change report, the gap texts)
writes them through the helpers of :mod:`collective_impact._text` and
:func:`collective_impact._changes.decimals_adding_up`. The numbers of each initiative below are
worked out by hand in the docstrings.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

import attrs
import pytest

import collective_impact as ci
from collective_impact.html import assessment_html, diff_html
from collective_impact.htmlreport import render_report
from conftest import partial_said

D = dt.date


def words(element: ET.Element) -> str:
    """The text of an element as a reader sees it (white space collapsed)."""
    return " ".join("".join(element.itertext()).split())


def page(result: ci.Assessment, **options: object) -> ET.Element:
    """The HTML report, parsed (it is well-formed XML)."""
    return ET.fromstring(render_report(result, **options))  # type: ignore[arg-type]


def by_id(root: ET.Element, id_: str) -> ET.Element:
    found = root.find(f".//*[@id='{id_}']")
    assert found is not None, id_
    return found


def bars(root: ET.Element) -> list[str | None]:
    """The widths of the bars of the chart of the scores: the five conditions, then overall."""
    return [e.get("width") for e in root.iter() if e.tag == "rect" and e.get("class") == "bar"]


def cells(fragment: str) -> list[str]:
    """The text of every table cell of a notebook view, unescaped."""
    found = re.findall(r"<td[^>]*>(.*?)</td>", fragment)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in found]


def plain(fragment: str) -> str:
    """The text of a notebook view, unescaped (tags removed, white space collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


# --------------------------------------------------------------------------- initiatives


def measured(
    id_: str,
    reports: Iterable[tuple[dt.date, float, str]],
    *,
    baseline: float,
    target: float,
    frequency: str | None = None,
) -> ci.Indicator:
    """Indicator ``id_`` from ``baseline`` on 2024-01-01 to ``target`` by 2030-01-01.

    ``reports`` are its observations: ``(date, value, partner reporting it)``.
    """
    return ci.Indicator(
        id=id_,
        name=id_.capitalize(),
        frequency=frequency,
        baseline={"date": D(2024, 1, 1), "value": baseline},
        target={"date": D(2030, 1, 1), "value": target},
        observations=[ci.Observation(date=d, value=v, reported_by=p) for d, v, p in reports],
    )


def thin_backbone() -> ci.Initiative:
    """Three partners; the backbone ``b`` has a project manager for 0.01 FTE and no function.

    Staffing (0.01 + 0 + 0) / 3 = 0.00333, functions 0 / 6 = 0: backbone support is their mean,
    0.001667. Every other condition is 0 (no goal, no tie), so the overall score is 0.
    """
    return ci.Initiative(
        name="Thin backbone",
        partners=[ci.Partner(id=p, name=p.upper(), sector="nonprofit") for p in ("b", "p", "q")],
        backbone=ci.Backbone(organization="b", staff={"project_manager": 0.01}),
    )


def many_reporters() -> ci.Initiative:
    """300 partners run one activity on agenda indicator ``i``; 299 of them report it.

    Readiness 1 (baseline, target, an observation), freshness 1, reporting 299 / 300 = 0.99667:
    shared measurement is their mean, (1 + 0.99667 + 1) / 3 = 0.998889, and ``p299``, which
    reports nothing, has a ``non-reporting-partner`` gap.
    """
    ids = [f"p{k:03d}" for k in range(300)]
    return ci.Initiative(
        name="Many reporters",
        partners=[ci.Partner(id=p, name=p, sector="nonprofit") for p in ids],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        indicators=[
            measured("i", [(D(2024, 6, 1), 11.0, p) for p in ids[:299]], baseline=10, target=20)
        ],
        activities=[ci.Activity(id="a", name="A", partners=ids, contributes={"i": 0.8})],
    )


def almost_aligned(eps: float) -> ci.Initiative:
    """``p`` and ``q`` (tied) help ``i`` by 1 each; ``r`` (not tied) helps it by ``eps``.

    The reinforcement of a pair here is the product of the two contributions: 1 between ``p``'s
    and ``q``'s activities, coordinated, and ``eps`` between ``r``'s and each of the others,
    not. The alignment index is 1 / (1 + 2 eps), and tying ``r`` to ``p`` (the first
    recommendation) makes it (1 + eps) / (1 + 2 eps): a gain of eps / (1 + 2 eps), which is
    also the share of the reinforcement lost between them today. Efficiency is 1, so the
    mutually reinforcing activities score is the index.
    """
    return ci.Initiative(
        name="Almost aligned",
        partners=[ci.Partner(id=p, name=p.upper(), sector="nonprofit") for p in ("p", "q", "r")],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        indicators=[ci.Indicator(id="i", name="I")],
        activities=[
            ci.Activity(id="a", name="A", partners=["p"], contributes={"i": 1.0}),
            ci.Activity(id="b", name="B", partners=["q"], contributes={"i": 1.0}),
            ci.Activity(id="c", name="C", partners=["r"], contributes={"i": eps}),
        ],
        ties=[ci.Tie(source="p", target="q", strength=1.0)],
    )


def pushing(against: float, helping: float) -> ci.Initiative:
    """``x`` helps ``i`` and ``j`` by 1; ``z`` pushes ``i`` the other way and helps ``j``.

    The conflict of ``z`` with ``x`` is ``against`` · 1, their joint help ``helping`` · 1, so
    ``conflict_share`` = against / (against + helping).
    """
    return ci.Initiative(
        name="Push",
        partners=[ci.Partner(id=p, name=p.upper(), sector="nonprofit") for p in ("p", "q")],
        goals=[ci.Goal(id="g", statement="G", indicators=["i", "j"])],
        indicators=[ci.Indicator(id="i", name="I"), ci.Indicator(id="j", name="J")],
        activities=[
            ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 1.0, "j": 1.0}),
            ci.Activity(
                id="z", name="Z", partners=["q"], contributes={"i": -against, "j": helping}
            ),
        ],
    )


def twins(*partners: str) -> ci.Initiative:
    """One activity per partner, same strategy, helping ``i`` and ``j`` by 0.8/0.6 or 0.6/0.8.

    Their redundancy is the cosine of the two profiles, 0.48 + 0.48 = 0.96 (at least the
    ``duplication_threshold`` of 0.8: they duplicate), and their coordination the strength of
    the tie of their partners: 0.2996 between the first two, just below ``weak_tie`` (0.3),
    0.5 between the others.
    """
    profiles = [{"i": 0.8, "j": 0.6}, {"i": 0.6, "j": 0.8}, {"i": 0.8, "j": 0.6}]
    ties = [ci.Tie(source=partners[0], target=partners[1], strength=0.2996)]
    if len(partners) == 3:
        ties += [ci.Tie(source=p, target=partners[2], strength=0.5) for p in partners[:2]]
    return ci.Initiative(
        name="Twins",
        partners=[ci.Partner(id=p, name=p.upper(), sector="nonprofit") for p in partners],
        goals=[ci.Goal(id="g", statement="G", indicators=["i", "j"])],
        indicators=[ci.Indicator(id="i", name="I"), ci.Indicator(id="j", name="J")],
        activities=[
            ci.Activity(id=f"a-{p}", name=p, partners=[p], strategy="s", contributes=c)
            for p, c in zip(partners, profiles, strict=False)
        ],
        ties=ties,
    )


def one_partner_twice() -> ci.Initiative:
    """One partner leads two activities that both help ``x``: no pair between partners.

    The alignment index counts only pairs of activities with different lead partners, so it is
    undefined (0 interdependent pairs).
    """
    return ci.Initiative(
        name="Alone",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        goals=[ci.Goal(id="g", statement="G", indicators=["x"])],
        indicators=[ci.Indicator(id="x", name="X")],
        activities=[
            ci.Activity(id="a", name="A", partners=["p"], contributes={"x": 0.5}),
            ci.Activity(id="b", name="B", partners=["p"], contributes={"x": 0.5}),
        ],
    )


def indicators(*found: ci.Indicator) -> ci.Initiative:
    return ci.Initiative(
        name="Indicators",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        goals=[ci.Goal(id="g", statement="G", indicators=[i.id for i in found])],
        indicators=list(found),
        activities=[
            ci.Activity(id="a", name="A", partners=["p"], contributes={i.id: 0.5 for i in found})
        ],
    )


# --------------------------------------------------------------------------- assessments


@pytest.fixture(scope="module")
def thin() -> ci.Assessment:
    return ci.assess(thin_backbone())


@pytest.fixture(scope="module")
def many() -> ci.Assessment:
    return ci.assess(many_reporters())


@pytest.fixture(scope="module")
def aligned() -> ci.Assessment:
    """eps = 0.0001: the index is 1 / 1.0002 = 0.99980004."""
    return ci.assess(almost_aligned(1e-4))


@pytest.fixture(scope="module")
def tiny_gain() -> ci.Assessment:
    """eps = 0.00002: the first recommended tie gains 0.00002 / 1.00004."""
    return ci.assess(almost_aligned(2e-5))


@pytest.fixture(scope="module")
def falling() -> ci.AssessmentDiff:
    """eps = 1/18, then (1/0.8995 − 1)/2: the index goes from 0.9 to 0.8995."""
    before = ci.assess(almost_aligned(1 / 18))
    after = ci.assess(almost_aligned((1 / 0.8995 - 1) / 2))
    return before.diff(after)


@pytest.fixture(scope="module")
def undefined() -> ci.Assessment:
    return ci.assess(one_partner_twice())


# --------------------------------------------------------------------------- 1. scores


class TestConditionScores:
    """A score above 0 never reads "0.00" (nor its bar empty), one below 1 never "1.00"."""

    def test_the_numbers(self, thin: ci.Assessment, many: ci.Assessment) -> None:
        assert thin.scores.backbone_support == pytest.approx(0.01 / 3 / 2, rel=1e-12)
        assert thin.scores.overall == 0.0
        assert many.scores.shared_measurement == pytest.approx((2 + 299 / 300) / 3, rel=1e-12)

    def test_terminal(self, thin: ci.Assessment, many: ci.Assessment) -> None:
        """0.001667 is "0.002" with one mark of 20 (not "0.00" and none); 0.998889 is "0.999"
        with 19 (not "1.00" and 20)."""
        assert "  backbone support                  0.002  #\n" in thin.summary()
        assert "  overall                            0.00  \n" in thin.summary()
        line = "  shared measurement                0.999  " + "#" * 19 + "\n"
        assert line in many.summary()

    def test_markdown(self, thin: ci.Assessment) -> None:
        assert "- backbone support: **0.002**" in thin.summary(markdown=True)

    def test_html_report(self, thin: ci.Assessment, many: ci.Assessment) -> None:
        """The card and the chart: "0.002" with a bar of 2 px of 200, "0.999" with 198 px, and
        the sub-measure reporting 0.99667 is "0.997", not "1.00"."""
        root = page(thin)
        assert words(by_id(root, "condition-backbone_support").find("h3")) == (  # type: ignore[arg-type]
            "Backbone support: 0.002"
        )
        assert "Backbone support 0.002;" in (by_id(root, "scores-d").text or "")
        assert bars(root)[4] == "2.0"  # backbone support, the fifth condition
        root = page(many)
        card = by_id(root, "condition-shared_measurement")
        assert words(card.find("h3")) == "Shared measurement: 0.999"  # type: ignore[arg-type]
        assert "Behind the score: readiness 1.00, reporting 0.997, freshness 1.00." in words(card)
        assert "'p299'" in words(card)  # the partner that reports nothing, beside 0.999
        assert bars(root)[1] == "198.0"

    def test_notebook(self, thin: ci.Assessment, many: ci.Assessment) -> None:
        out = assessment_html(thin)
        row = cells(out)
        assert row[row.index("backbone support") + 1] == "0.002"
        assert 'style="width:1%;' in out  # its bar: 1 % of the width, not 0
        out = assessment_html(many)
        row = cells(out)
        assert row[row.index("shared measurement") + 1] == "0.999"
        assert 'style="width:99%;' in out


# --------------------------------------------------------------------------- 2. the index


class TestAlignmentIndex:
    """eps = 0.0001: the index is 1 / 1.0002 = 0.99980004, not "1.000"."""

    def test_the_numbers(self, aligned: ci.Assessment) -> None:
        assert aligned.alignment.index == pytest.approx(1 / 1.0002, rel=1e-12)
        rec = aligned.recommendations[0]
        assert rec.index_after == pytest.approx(1.0001 / 1.0002, rel=1e-12)

    def test_terminal(self, aligned: ci.Assessment) -> None:
        """The index beside its recommendation: 0.9998 -> 0.9999 (+0.0001)."""
        text = " ".join(aligned.summary().split())
        assert "Alignment index: 0.9998, the share" in text
        assert "alignment index 0.9998 -> 0.9999 (+0.0001)" in text
        assert "mutually reinforcing activities 0.9998 " in text

    def test_html_report(self, aligned: ci.Assessment) -> None:
        root = page(aligned)
        intro = words(by_id(root, "conditions"))
        assert "Alignment index: 0.9998 over 3 interdependent pairs" in intro
        card = by_id(root, "condition-mutually_reinforcing_activities")
        assert words(card.find("h3")) == "Mutually reinforcing activities: 0.9998"  # type: ignore[arg-type]
        assert "Behind the score: alignment index 0.9998, efficiency 1.00." in words(card)

    def test_notebook(self, aligned: ci.Assessment) -> None:
        assert "Alignment index: 0.9998 over 3 interdependent activity pairs" in plain(
            assessment_html(aligned)
        )


# --------------------------------------------------------------------------- 3. recommendations


class TestRecommendedTies:
    """eps = 0.00002: 1 / 1.00004 = 0.99996 → 1.00002 / 1.00004 = 0.99998, a gain (and a share
    lost today) of 0.00002 / 1.00004 = 0.0000199992: not "1.0000 → 1.0000", "+0.0000", "0.0%"."""

    def test_html_report(self, tiny_gain: ci.Assessment) -> None:
        root = page(tiny_gain)
        row = root.find(".//section[@id='recommendations']//tbody/tr")
        assert row is not None
        # what their uncoordinated work costs today in index points, as the gain (not "0.002%")
        # (the fixture's activities record no populations: all of the gain on assumed overlap)
        assert [words(td) for td in row][3:] == ["0.99996 → 0.99998", "+0.00002", "0.00002", "100%"]

    def test_the_cost_today_is_in_index_points(self) -> None:
        """cradle-to-career: boys-girls-club and schools cost the index 0.0664 points today
        (their gap's share); the last column read "6.6%", called "the share of the index",
        which 0.0664 of an index of 0.566 is not (11.7%). It is in index points now, with the
        decimals of the gain beside it (found by a reviewer)."""
        result = ci.assess(ci.load_example("cradle-to-career"))
        rec = next(r for r in result.recommendations if r.source == "boys-girls-club")
        assert rec.gap_share == pytest.approx(0.0664, abs=5e-5)
        (gap,) = [
            g
            for g in result.gaps_by(code="uncoordinated-interdependence")
            if g.subjects == ("boys-girls-club", "schools")
        ]
        assert gap.evidence["share"] == pytest.approx(rec.gap_share, rel=1e-12)
        section = by_id(page(result), "recommendations")
        head = [words(th) for th in section.iter("th")]
        assert "share" not in " ".join(head).lower()
        assert head[5] == "Index points lost between them today"
        # two of the five already share a working group: the column says so
        assert head[6:] == ["Already together"]
        together = [words(row[6]) for row in section.findall(".//tbody/tr")]
        assert together[3:] == [
            "share working groups early-learning, literacy",
            "share working group literacy",
        ]
        assert together[:3] == ["–"] * 3
        assert "share of the index" not in words(section)
        for row, r in zip(section.findall(".//tbody/tr"), result.recommendations, strict=True):
            gain, lost = words(row[4]), words(row[5])
            places = len(gain.split(".")[1])
            assert lost == f"{r.gap_share:.{places}f}"
            assert "%" not in lost

    def test_notebook(self, tiny_gain: ci.Assessment) -> None:
        row = cells(assessment_html(tiny_gain))
        at = row.index("0.99996 → 0.99998")
        assert row[at + 1] == "+0.00002"

    def test_terminal(self, tiny_gain: ci.Assessment) -> None:
        assert "alignment index 0.99996 -> 0.99998 (+0.00002)" in tiny_gain.summary()


# --------------------------------------------------------------------------- 4. comparisons


class TestComparisons:
    """eps = 1/18 then (1/0.8995 − 1)/2: the index (and the score, efficiency 1) goes from
    1 / (1 + 1/9) = 0.9 to 0.8995, a change of −0.0005, which "0.90 → 0.90 (-0.000)" hid."""

    def test_the_numbers(self, falling: ci.AssessmentDiff) -> None:
        b, a = falling.scores["mutually_reinforcing_activities"]
        assert (b, a) == (pytest.approx(0.9, rel=1e-12), pytest.approx(0.8995, rel=1e-12))

    def test_summary(self, falling: ci.AssessmentDiff) -> None:
        """Four decimals, as the change −0.0005 needs not to read −0.000 (and 0.9000 − 0.0005 =
        0.8995 as written); the sub-measure, with no change written, three: 0.900 → 0.899."""
        lines = falling.summary().splitlines()
        assert "  mutually reinforcing activities   0.9000 → 0.8995 (-0.0005)" in lines
        assert "  alignment index                   0.9000 → 0.8995 (-0.0005)" in lines
        assert (
            "behind the score: alignment index 0.900 → 0.899"
            in (falling.reasons["mutually_reinforcing_activities"])
        )

    def test_html_report(self, falling: ci.AssessmentDiff) -> None:
        result = ci.assess(almost_aligned((1 / 0.8995 - 1) / 2))
        root = page(result, changes=falling)
        rows = root.findall(".//table[@id='change-scores']/tbody/tr")
        table = {words(r[0]): [words(c) for c in r[1:]] for r in rows}
        assert table["Mutually reinforcing activities"] == ["0.9000", "0.8995", "-0.0005 (fell)"]
        # the index with the decimals its recommended tie needs to add up as written (0.8995
        # → 0.94975, +0.05025), chosen once for the page: it read "0.900" above, "0.8995" in
        # the table and "0.89950" in the recommendations
        assert table["Alignment index"] == ["0.90000", "0.89950", "-0.00050 (fell)"]
        intro = words(by_id(root, "conditions"))
        assert "Alignment index: 0.89950 over" in intro
        card = by_id(root, "condition-mutually_reinforcing_activities")
        assert words(card.find("h3")) == "Mutually reinforcing activities: 0.8995"  # type: ignore[arg-type]
        assert "alignment index 0.89950," in words(card)
        (rec, *_) = by_id(root, "recommendations").findall(".//tbody/tr")
        assert [words(td) for td in rec][3:6] == ["0.89950 → 0.94975", "+0.05025", "0.05025"]

    def test_notebook(self, falling: ci.AssessmentDiff) -> None:
        row = cells(diff_html(falling))
        at = row.index("mutually reinforcing activities")
        assert row[at + 1 : at + 4] == ["0.9000", "0.8995", "-0.0005"]


# --------------------------------------------------------------------------- 5. conflict


class TestConflictShare:
    """A share just below the warning threshold (0.5) or short of all the joint work (1)."""

    def gap(self, against: float, helping: float) -> ci.Gap:
        (gap,) = ci.assess(pushing(against, helping)).gaps_by(code="conflicting-activities")
        return gap

    def test_below_the_warning_threshold(self) -> None:
        """0.498 / (0.498 + 0.502) = 0.498: a note, "49.8%", not "50%" (a warning from 50%)."""
        gap = self.gap(0.498, 0.502)
        assert gap.severity is ci.Severity.INFO
        assert gap.evidence["conflict_share"] == pytest.approx(0.498, rel=1e-12)
        assert "(conflict 0.498, 49.8% of their joint work)" in gap.message
        assert gap.impact_text == "49.8% of the joint work in conflict, with 1 activity"
        # the impact text has no configuration: the threshold is in the evidence
        assert gap.evidence["warning_share"] == 0.5

    def test_short_of_all_the_joint_work(self) -> None:
        """0.996 / (0.996 + 0.004) = 0.996: "99.6%", not "100%" (all of it)."""
        gap = self.gap(0.996, 0.004)
        assert gap.severity is ci.Severity.WARNING
        assert "(conflict 0.996, 99.6% of their joint work)" in gap.message
        assert gap.impact_text.startswith("99.6% of the joint work in conflict")

    def test_apart_from_the_threshold_configured(self) -> None:
        """With a threshold of 0.4, 0.3996 / (0.3996 + 0.6004) = 0.3996 is "39.96%", not "40%"."""
        config = ci.ScoringConfig(conflict_warning_share=0.4)
        (gap,) = ci.assess(pushing(0.3996, 0.6004), config=config).gaps_by(
            code="conflicting-activities"
        )
        assert gap.severity is ci.Severity.INFO
        assert "39.96% of their joint work" in gap.message
        assert gap.impact_text.startswith("39.96% of the joint work")


# --------------------------------------------------------------------------- 6. duplication


class TestDuplication:
    def test_redundancy_short_of_exact_duplicates(self) -> None:
        """cradle-to-career's two tutoring activities: redundancy 0.99984, not "1" (exact
        duplicates) nor "100%"."""
        result = ci.assess(ci.load_example("cradle-to-career"))
        (gap,) = result.gaps_by(code="duplication")
        assert gap.evidence["redundancy"] == pytest.approx(0.99984, abs=1e-5)
        assert "duplicate each other (redundancy 0.9998)" in gap.message
        assert "up to 99.98% redundancy" in gap.impact_text

    def test_coordination_just_below_the_weak_tie(self) -> None:
        """Tied at 0.2996, below ``weak_tie`` 0.3: "barely coordinate (k = 0.2996)", not 0.3."""
        (gap,) = ci.assess(twins("p", "q")).gaps_by(code="duplication")
        assert gap.severity is ci.Severity.WARNING
        assert gap.evidence["coordination"] == 0.2996
        assert "barely coordinate (coordination 0.2996 on a scale of 0 to 1)" in gap.message

    def test_cluster(self) -> None:
        """Three twins: the weakest coordination 0.2996 "as low as 0.2996"."""
        (gap,) = ci.assess(twins("p", "q", "r")).gaps_by(code="duplication")
        assert "(coordination as low as 0.2996 on a scale of 0 to 1)" in gap.message


# --------------------------------------------------------------------------- 7. the network


def test_network_says_which_coordination_gaps_are_not_drawn() -> None:
    """cradle-to-career has 3 ``uncoordinated-interdependence`` gaps; faith-coalition, one side
    of the gap with schools, has no tie and sits under the circle: 2 are drawn."""
    result = ci.assess(ci.load_example("cradle-to-career"))
    assert len(result.gaps_by(code="uncoordinated-interdependence")) == 3
    root = page(result)
    drawn = [e for e in root.iter() if e.tag.endswith("line") and e.get("class") == "gap-line"]
    assert len(drawn) == 2 + 1  # and the legend's
    desc = by_id(root, "net-d").text or ""
    assert (
        "; 3 coordination gaps, 2 drawn dashed (faith-coalition – schools not drawn: "
        "faith-coalition has no tie)."
    ) in desc


def test_network_says_a_gap_of_a_partner_left_out_of_the_drawing() -> None:
    """152 partners: the backbone ``b`` tied to ``p000``…``p149``, and ``x`` tied to ``y``.
    The drawing shows the backbone and the 150 with the most ties, then by id: ``p000`` to
    ``p148`` (one tie each, as ``x``), not ``p149``, ``x`` nor ``y``. ``x`` and ``p000`` lead
    the only two activities, which depend on each other, untied: the gap between them (all the
    reinforcement) cannot be drawn."""
    ids = [f"p{k:03d}" for k in range(150)]
    init = ci.Initiative(
        name="Star",
        partners=[ci.Partner(id=p, name=p, sector="nonprofit") for p in ["b", *ids, "x", "y"]],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        indicators=[ci.Indicator(id="i", name="I")],
        activities=[
            ci.Activity(id="a0", name="A0", partners=["p000"], contributes={"i": 0.5}),
            ci.Activity(id="ax", name="AX", partners=["x"], contributes={"i": 0.5}),
        ],
        ties=[ci.Tie(source="b", target=p) for p in ids] + [ci.Tie(source="x", target="y")],
        backbone=ci.Backbone(organization="b"),
    )
    result = ci.assess(init)
    assert [g.subjects for g in result.gaps_by(code="uncoordinated-interdependence")] == [
        ("p000", "x")
    ]
    desc = by_id(page(result), "net-d").text or ""
    assert (
        "; 1 coordination gap, none drawn (p000 – x not drawn: x is not among the partners drawn)."
    ) in desc


# --------------------------------------------------------------------------- 8. undefined index


class TestUndefinedIndex:
    """One partner, two activities helping ``x``: the index is undefined, said as the terminal
    says it, and never "over 0 interdependent pairs"."""

    def test_the_number(self, undefined: ci.Assessment) -> None:
        assert undefined.alignment.index is None
        assert undefined.alignment.interdependent_pairs == 0

    def test_terminal(self, undefined: ci.Assessment) -> None:
        text = " ".join(undefined.summary().split())
        assert (
            "Alignment index: undefined — no two partners' activities reinforce each other" in text
        )

    def test_html_report(self, undefined: ci.Assessment) -> None:
        root = page(undefined)
        intro = words(by_id(root, "conditions"))
        assert (
            "Alignment index: undefined — no two partners' activities reinforce each other."
        ) in intro
        assert "interdependent pair" not in intro
        assert by_id(root, "net-t").text == "Partner network: 1 partner, 0 tied pairs of partners"

    def test_notebook(self, undefined: ci.Assessment) -> None:
        text = plain(assessment_html(undefined))
        assert (
            "Alignment index: undefined — no two partners' activities reinforce each other" in text
        )
        assert "interdependent" not in text


# --------------------------------------------------------------------------- 9. data quality


def test_insufficient_data_names_the_periods_missing() -> None:
    """An annual indicator reported three times in two years (2024: March and September; 2025:
    March) has 2 points, one a year: fewer than 3 *years* to forecast from, though 3 dates.
    Without a frequency, the same 3 reports are 3 dates, and 2 of them fewer than 3 dates."""
    reports = [(D(2024, 3, 1), 11.0, "p"), (D(2024, 9, 1), 12.0, "p"), (D(2025, 3, 1), 13.0, "p")]
    annual = measured("annual", reports, baseline=10, target=20, frequency="annual")
    dated = measured("dated", reports[:2], baseline=10, target=20)
    result = ci.assess(indicators(annual, dated))
    statuses = {m.indicator: m.status.value for m in result.measurement}
    assert statuses == {"annual": "insufficient-data", "dated": "insufficient-data"}
    items = [words(li) for li in by_id(page(result), "data-quality").iter("li")]
    assert "Annual (annual): fewer than 3 years of data to forecast from" in items
    assert "Dated (dated): fewer than 3 dates to forecast from" in items


def test_a_forecast_short_of_its_target_never_reads_as_it() -> None:
    """Baseline 80 (2020), then 81.99, 83.98, 85.97, 87.96 a year apart: a line of slope 1.99 a
    year, whose forecast for the target date 2025-01-01 is 87.96 + 1.99 = 89.955, short of 90
    with a band only as wide as the rounding of values typed to two decimals (the points lie on
    the line; 89.9468 to 89.9641): off track. The chart's text and tooltip wrote "Forecast at
    the target date 90 …, 80% prediction interval 90 to 90" beside "Target 90"; the two ends
    are written with the same figures (the lower end alone read "89.9")."""
    obs = [
        ci.Observation(date=D(2021 + k, 1, 1), value=v)
        for k, v in enumerate([81.99, 83.98, 85.97, 87.96])
    ]
    grad = ci.Indicator(
        id="grad",
        name="Graduation",
        direction="increase",
        baseline=ci.DatedValue(date=D(2020, 1, 1), value=80.0),
        target=ci.DatedValue(date=D(2025, 1, 1), value=90.0),
        observations=obs,
    )
    result = ci.assess(indicators(grad))
    (m,) = result.measurement
    assert m.status.value == "off-track"
    assert m.forecast is not None
    assert m.forecast.upper < 90
    html = render_report(result)
    assert "Forecast at the target date 89.96 on the fitted trend" in html
    assert "80% prediction interval 89.95 to 89.96." in html
    assert "forecast 89.96 on 2025-01-01 (80% prediction interval 89.95 to 89.96)" in html
    assert "Forecast at the target date 90" not in html


# --------------------------------------------------------------------------- 10. summary


def test_summary_with_no_gap_listed_does_not_say_none_was_found() -> None:
    """cradle-to-career has 34 gaps; ``max_gaps=0`` lists none of them."""
    result = ci.assess(ci.load_example("cradle-to-career"))
    assert len(result.gaps) == 34
    text = result.summary(max_gaps=0)
    assert "no gap found" not in text
    assert (
        "  34 gaps not listed (`--all`, or `summary(max_gaps=None)`, lists every one)"
        in text.splitlines()
    )


# --------------------------------------------------------------------------- smaller


class TestProgressOfAMetIndicator:
    def progress(self, result: ci.Assessment) -> str:
        (card,) = [
            f for f in page(result).iter() if f.tag == "figure" and f.get("id") == "indicator-1"
        ]
        return words(card.findall("p")[1])

    def test_met_by_a_mean_that_rounds_below_the_target(self) -> None:
        """Two partners' reports of 0.3 and 1.9 on one date: their mean, 1.0999999999999999,
        meets the target 1.1 (up to rounding); from a baseline of 1 the progress is
        0.9999999999999978, the whole way: "100%", not "100.000000%"."""
        reports = [(D(2025, 1, 1), 0.3, "p"), (D(2025, 1, 1), 1.9, "q")]
        ind = measured("i", reports, baseline=1, target=1.1)
        init = indicators(measured("i", [], baseline=1, target=1.1))
        q = ci.Partner(id="q", name="Q", sector="nonprofit")
        result = ci.assess(init.evolve(partners=[*init.partners, q]).evolve(indicators=[ind]))
        (m,) = result.measurement
        assert (m.status.value, m.progress) == ("met", 0.9999999999999978)
        # met before its target date: "met early" (the last value before the date met it)
        assert self.progress(result).startswith(
            "target met early (on 2025-01-01) 100% of the way from the baseline"
        )

    def test_a_reported_value_short_of_the_target_is_not_met(self) -> None:
        """999.9999999 was "met" against a target of 1,000 while the tolerance of rule 4 was
        the scores' 1e-9 of the target (1e-6). It is a value reported short of the target, not
        a rounding of one: rounding is now 2^-42 of the values (2.3e-10 here), and the value
        misses (docs/measurement.md, "Rounding never decides a status")."""
        ind = measured("i", [(D(2025, 1, 1), 999.9999999, "p")], baseline=0, target=1000)
        result = ci.assess(indicators(ind))
        (m,) = result.measurement
        assert m.status.value != "met"
        assert m.progress == pytest.approx(0.9999999999, rel=1e-12)
        assert not self.progress(result).startswith("target met")


class TestPlurals:
    def test_one_gap_counted_by_kind(self) -> None:
        """34 gaps, 33 listed: "the other one is counted", "The other gap", not "the other 1
        are" and "The other 1 gaps"."""
        root = page(ci.assess(ci.load_example("cradle-to-career")), max_gaps=33)
        assert words(by_id(root, "gaps-listed")).startswith(
            "The 33 most pressing of the 34 gaps are listed; the other one is counted by kind "
            "after the list."
        )
        assert words(by_id(root, "h-gaps-hidden")) == "The other gap, by kind"

    def test_one_indicator_not_charted(self) -> None:
        """61 indicators, 60 charted: "the other one is listed", "The other indicator"."""
        found = [ci.Indicator(id=f"i{k:02d}", name=f"I{k}") for k in range(61)]
        root = page(ci.assess(indicators(*found)))
        assert "; the other one is listed in the table after the charts." in words(
            by_id(root, "indicators-charted")
        )
        assert words(by_id(root, "h-indicators-other")) == "The other indicator"


class TestWhatTheViewsSay:
    """Reported by a reviewer: ties already there, order of the page, unchanged scores."""

    def test_a_recommended_tie_of_partners_tied_already_is_strengthened(self) -> None:
        """cradle-to-career: boys-girls-club and schools are tied at 0.2; the recommendations
        raise the tie to 1. The summary said "connect", the HTML "Each row is one new tie"."""
        result = ci.assess(ci.load_example("cradle-to-career"))
        text = " ".join(result.summary().split())
        # their tie is a referral: the tie recommended is communication, beside it
        assert (
            "tie boys-girls-club and schools by regular communication (strength 1; today their "
            "strongest tie is referral, 0.2)"
        ) in text
        assert "connect faith-coalition and united-way (strength 1)" in text
        assert "connect boys-girls-club and schools" not in text
        section = words(by_id(page(result), "recommendations"))
        assert "1 (today: referral 0.2)" in section
        assert "one new tie" not in section
        assert "1 (today: referral 0.2)" in assessment_html(result)

    def test_a_tie_beside_a_funding_tie_is_communication_not_more_funding(self) -> None:
        """workforce: cha funds job-readiness-provider (funding, 0.6), and the recommended tie
        of strength 1 read "strengthen the tie of cha and job-readiness-provider (0.6 -> 1)",
        which a committee reads as "fund them more", while applying it (``with_tie``) adds a
        communication tie beside the funding; the comparison afterwards said "the tie ...
        strengthened (0.6 → 1)" (found by a reviewer of the recommendations). A tie of a
        mutual kind is still strengthened."""
        init = ci.load_example("workforce")
        result = ci.assess(init)
        text = " ".join(result.summary().split())
        assert (
            "tie cha and job-readiness-provider by regular communication (strength 1; today "
            "their strongest tie is funding, 0.6; they already share working group retention)"
        ) in text
        assert "today their strongest tie is referral, 0.6" in text
        assert "strengthen the tie" not in text
        section = words(by_id(page(result), "recommendations"))
        assert "1 (today: funding 0.6)" in section
        assert "0.6 → 1" not in section
        assert "1 (today: funding 0.6)" in assessment_html(result)
        after = ci.assess(ci.with_tie(init, "cha", "job-readiness-provider"))
        assert (
            result.diff(after)
            .reasons["alignment_index"][0]
            .startswith(
                "cha and job-readiness-provider are now tied by communication (strength 1); their "
                "strongest tie was funding, 0.6; the 2010-12-31 assessment recommended this tie"
            )
        )
        # a communication tie of 0.6 in its place is strengthened, in every view
        mutual = init.evolve(
            ties=[
                attrs.evolve(t, kind="communication")
                if {t.source, t.target} == {"cha", "job-readiness-provider"}
                else t
                for t in init.ties
            ]
        )
        result = ci.assess(mutual)
        text = " ".join(result.summary().split())
        assert "strengthen the tie of cha and job-readiness-provider (0.6 -> 1;" in text
        assert "0.6 → 1" in words(by_id(page(result), "recommendations"))
        after = ci.assess(ci.with_tie(mutual, "cha", "job-readiness-provider"))
        assert (
            result.diff(after)
            .reasons["alignment_index"][0]
            .startswith("the tie between cha and job-readiness-provider strengthened (0.6 → 1)")
        )

    def test_the_page_is_the_same_for_ties_in_any_order(self) -> None:
        """Reversing the ties and the partners changed 27 lines of the page: each tie's line
        was drawn from the end listed first."""
        init = ci.load_example("cradle-to-career")
        turned = init.evolve(
            partners=tuple(reversed(init.partners)),
            ties=tuple(
                attrs.evolve(t, source=t.target, target=t.source) if not t.kind.directed else t
                for t in reversed(init.ties)
            ),
        )
        assert render_report(ci.assess(init)) == render_report(ci.assess(turned))

    def test_an_unchanged_score_reads_the_same_on_both_sides(self) -> None:
        """0.6449999999999 → 0.6450000000001 is no change (within 1e-9): it read "0.64 | 0.65 |
        no change"."""
        from collective_impact._changes import written_change

        assert written_change(0.6449999999999, 0.6450000000001, 0.0, 2) == ("0.65", "0.65", "")

    def test_nothing_checked_is_no_all_clear(self) -> None:
        """An indicator with a target but no observation and no baseline (a baseline is a
        measurement, and would date the judgement): no date of judgement, and the indicator is
        listed as never observed; with no indicator, there is nothing to judge.
        Both read "None: every indicator was observed recently enough". A partner alone
        scores 0 for the common agenda with no gap: "Most pressing gap: none found"."""
        day = dt.date
        init = ci.Initiative(
            name="New",
            partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[
                ci.Indicator(
                    id="i",
                    name="Readiness",
                    direction="increase",
                    target=ci.DatedValue(date=day(2030, 1, 1), value=2.0),
                )
            ],
            activities=[ci.Activity(id="a", name="A", partners=["p"], contributes={"i": 0.5})],
        )
        undated = ci.assess(init)
        assert undated.as_of is None
        quality = words(by_id(page(undated), "data-quality"))
        assert "Readiness (i): never observed" in quality
        assert "observed recently enough" not in quality
        alone = ci.assess(
            ci.Initiative(name="Solo", partners=[ci.Partner(id="p", name="P", sector="nonprofit")])
        )
        root = page(alone)
        quality = words(by_id(root, "data-quality"))
        assert "Not checked: the initiative has no indicator." in quality
        # every list says so: "None." beside "no indicator" read as an all-clear (a reviewer)
        assert quality.count("Not checked: the initiative has no indicator.") == 5
        assert "None" not in quality
        agenda = words(by_id(root, "condition-common_agenda"))
        assert "Common agenda: 0.00" in agenda
        # its gap now says why: no goal is recorded
        assert (
            "Most pressing gap Critical No goal is recorded, so there is no common agenda" in agenda
        )
        assert "none found" not in agenda


class TestStaleGroups:
    def test_groups_last_compared_too_long_ago_are_named(self) -> None:
        """The example's reading gap between income groups (31.5 on 2025-06-30, widening)
        vanished from the report of 2027-09-30 with no word of why: the groups were last
        compared 822 days before it (2027-09-30 - 2025-06-30), beyond the indicator's
        staleness, so no widening is judged (found by a reviewer of the committee's report).
        The data-quality section names it among the stale."""
        result = ci.assess(ci.load_example("cradle-to-career"), as_of=dt.date(2027, 9, 30))
        reading = result.indicator("grade3-reading")
        assert reading.disparity is not None
        assert reading.disparity.stale
        assert not reading.stale
        quality = words(by_id(page(result), "data-quality"))
        assert (
            "Third-grade reading proficiency (grade3-reading): its groups (low-income, "
            "not-low-income) last compared 822 days before the date of judgement, on "
            "2025-06-30 (a gap of 31.5 then): whether the gap between them widens is not "
            "judged until they are reported again"
        ) in quality
        fresh = words(by_id(page(ci.assess(ci.load_example("cradle-to-career"))), "data-quality"))
        assert "last compared" not in fresh

    def test_the_summary_and_the_notebook_view_say_it_too(self) -> None:
        """The summary and the notebook view said nothing of a disparity too old to judge
        (``disparity.stale``) while the HTML report did: a widening gap between the groups
        vanished from both with no word of why (found by a reviewer). They say it in the HTML
        report's words, in their list of latest values and gaps that leave reports out."""
        day = dt.date(2027, 9, 30)
        result = ci.assess(ci.load_example("cradle-to-career"), as_of=day)
        said = (
            "Third-grade reading proficiency (grade3-reading): its groups (low-income, "
            "not-low-income) last compared 822 days before the date of judgement, on "
            "2025-06-30 (a gap of 31.5 then): whether the gap between them widens is not "
            "judged until they are reported again"
        )
        section, notebook = partial_said(result)
        assert said in section
        assert "Latest values and gaps between groups that leave reports out: 1" in notebook
        assert said.split(": ", 1)[1] in notebook
        # a fresh disparity: nothing to say in either
        fresh = ci.assess(ci.load_example("cradle-to-career"))
        assert "last compared" not in fresh.summary(max_gaps=None)
        assert "last compared" not in fresh._repr_html_()


class TestDateOfJudgementOnABaseline:
    def test_said_at_a_glance(self) -> None:
        """The example without its observations and its as_of is judged on 2023-06-30, its
        latest baseline: ten activities start later and are not counted, and funding is
        counted from 2023. The report said why only in its last section, beside a confident
        0.58 (a reviewer of the committee's report); "At a glance" now says it first."""
        data = ci.load_example("cradle-to-career").to_dict()
        data.pop("as_of", None)
        for indicator in data["indicators"]:
            indicator.pop("observations", None)
        result = ci.assess(ci.Initiative.from_dict(data))
        assert (result.as_of, result.as_of_source) == (dt.date(2023, 6, 30), "latest baseline")
        glance = words(by_id(page(result), "glance-baseline-as-of"))
        assert glance.startswith(
            "Judged as of 2023-06-30, the date of the latest baseline in the data: no "
            "observation is as recent and the file gives no as_of."
        )
        example = page(ci.assess(ci.load_example("cradle-to-career")))
        assert example.find(".//*[@id='glance-baseline-as-of']") is None


class TestOneQuantityReadsOneWay:
    """cradle-to-career's page wrote the alignment index 0.566 (section 1), 0.56603 (the
    recommended ties), and its points +0.06638, 0.0664 and 6.6%; the page of changes wrote
    the common agenda 0.8635 → 0.8771 in its table above a card that said 0.88 (found by a
    reviewer). Each quantity now has its decimals chosen once for the page."""

    def test_the_index_and_its_points(self) -> None:
        result = ci.assess(ci.load_example("cradle-to-career"))
        root = page(result)
        index = f"{result.alignment.index:.3f}"
        assert index == "0.566"
        assert f"Alignment index: {index} over" in words(by_id(root, "conditions"))
        card = words(by_id(root, "condition-mutually_reinforcing_activities"))
        assert f"alignment index {index}," in card
        for row in by_id(root, "recommendations").findall(".//tbody/tr"):
            before, after = words(row[3]).split(" → ")
            gain, lost = words(row[4]), words(row[5])
            assert before == index
            for text in (after, gain, lost):
                assert len(text.split(".")[1]) == 3, text
            assert f"{float(before) + float(gain):.3f}" == after
        assert "0.56603" not in render_report(result)

    def test_each_score_of_a_page_of_changes(self) -> None:
        old = ci.assess(ci.load_example("cradle-to-career"))
        new = ci.assess(ci.load_example("cradle-to-career-2027"))
        root = page(new, changes=old.diff(new))
        table = {
            words(r[0]): [words(c) for c in r[1:]]
            for r in root.findall(".//table[@id='change-scores']/tbody/tr")
        }
        assert table["Common agenda"][:2] == ["0.8635", "0.8771"]  # adding up: +0.0136
        names = {
            "common_agenda": "Common agenda",
            "shared_measurement": "Shared measurement",
            "mutually_reinforcing_activities": "Mutually reinforcing activities",
            "continuous_communication": "Continuous communication",
            "backbone_support": "Backbone support",
        }
        desc = by_id(root, "scores-d").text or ""
        for key, name in names.items():
            now = table[name][1]
            assert words(by_id(root, f"condition-{key}").find("h3")) == f"{name}: {now}"  # type: ignore[arg-type]
            assert f"{name} {now};" in desc
        overall = table["Overall"][1]
        assert f"Overall score: {overall} " in words(by_id(root, "conditions"))
        assert f"Overall score {overall} of 1." in words(by_id(root, "glance"))
        index = table["Alignment index"][1]
        assert f"Alignment index: {index} over" in words(by_id(root, "conditions"))


def exact_halves(last: str) -> ci.Initiative:
    """Nine partners, eleven activities on one indicator (contributions ±0.5 and 1), the last
    activity named ``last``: the mutually reinforcing activities score is exactly 0.375, a
    ratio of two sums over pairs of activities taken in the order of their ids. Named "a10"
    it sums to 0.37499999999999994, named "a00" to 0.375 (found by a reviewer)."""
    act = [
        ("a0", ["p1", "p3", "p4"], -0.5, ["pb", "pa"], [], None),
        ("a1", ["p4"], 0.5, [], [], None),
        ("a2", ["p8"], 0.5, ["pa"], [], None),
        ("a3", ["p8", "p3", "p0"], 0.5, ["pa"], ["la"], "s1"),
        ("a4", ["p5", "p4", "p2"], 0.5, ["pb", "pa"], [], None),
        ("a5", ["p1"], -0.5, [], [], None),
        ("a6", ["p6", "p1", "p7"], -0.5, [], ["lb"], None),
        ("a7", ["p5", "p3", "p2"], 0.5, [], [], None),
        ("a8", ["p4", "p7"], 0.5, [], [], None),
        ("a9", ["p5", "p8"], 0.5, [], [], None),
        (last, ["p4"], 1.0, [], [], "s1"),
    ]
    sectors = ["philanthropy", "business", "government", "government", "nonprofit"]
    sectors += ["community", "philanthropy", "business", "business"]
    return ci.Initiative(
        name="Exact halves",
        partners=[ci.Partner(id=f"p{k}", name=f"P{k}", sector=s) for k, s in enumerate(sectors)],
        goals=[ci.Goal(id="g0", statement="G", indicators=["i0"], weight=2.0)],
        indicators=[ci.Indicator(id="i0", name="I", direction="decrease")],
        activities=[
            ci.Activity(
                id=a,
                name="act",
                partners=p,
                contributes={"i0": c},
                populations=pop,
                places=where,
                strategy=strategy,
            )
            for a, p, c, pop, where, strategy in act
        ],
        ties=[
            ci.Tie(source="p3", target="p8", strength=0.2),
            ci.Tie(source="p4", target="p8"),
            ci.Tie(source="p2", target="p4", strength=0.2),
            ci.Tie(source="p5", target="p7", strength=0.7),
        ],
    )


def test_renaming_an_activity_does_not_change_a_written_score() -> None:
    """The terminal and Markdown summaries and the HTML report read "0.37" (and a bar of 7
    units) under one name of an activity and "0.38" (8 units) under another: every number is
    settled to 12 significant figures before it is written (:func:`_text.settled`)."""
    first, second = ci.assess(exact_halves("a10")), ci.assess(exact_halves("a00"))
    raw = [r.scores.mutually_reinforcing_activities for r in (first, second)]
    assert raw == pytest.approx([0.375, 0.375], abs=1e-15)
    assert first.summary().replace("a10", "a00") == second.summary()
    assert first.summary(markdown=True).replace("a10", "a00") == second.summary(markdown=True)
    assert "mutually reinforcing activities    0.38  ########" in first.summary()
    digest = re.compile(r'<code id="gap-key-digest">[0-9a-f]+</code>')  # of the keys (ids)
    pages = [digest.sub("", render_report(r)) for r in (first, second)]
    assert pages[0].replace("a10", "a00") == pages[1]


def test_a_large_initiative_writes_its_index_with_few_decimals() -> None:
    """150 partners, 3,000 activities: one recommended tie (0.3101648 → 0.3156177, +0.0054529)
    adds up as written only at 6 decimals, another (0.3101648 → 0.3178218, +0.0076571) not
    at 6; all five at 9 only, and the page wrote the index "0.310164773" everywhere, a
    point lost of 0.0000069 needing 6 more (found by a reviewer). Adding up is sought up
    to 5 decimals; the rows are then written with 3, and a sentence says that each number
    is rounded on its own. A point lost below 0.001 reads "< 0.001"."""
    from collective_impact.synth import generate

    result = ci.assess(generate(partners=150, activities=3000, indicators=40, ties=600, seed=1))
    root = page(result)
    table = words(by_id(root, "recommendations"))
    assert "0.310 → 0.318 +0.008" in table
    assert "0.310 → 0.316 +0.005" in table  # 0.3101648 → 0.3156177: rounded on its own
    assert "< 0.001" in table
    assert "Each number is rounded on its own" in table
    assert "0.310164773" not in render_report(result)
    text = " ".join(result.summary().split())
    assert "alignment index 0.310 -> 0.318 (+0.008)" in text
    assert "Each number is rounded on its own" in text
    # the bundled example adds up at 3 decimals, and says nothing of rounding
    small = ci.assess(ci.load_example("cradle-to-career"))
    assert "rounded on its own" not in render_report(small) + small.summary()


def test_a_target_of_many_figures_is_written_as_entered() -> None:
    """A target of 1,234,591.4 was written "1,234,591" (six figures), and the forecast of
    1,234,591.3 beside it, written apart from that, read above the target of an ``increase``
    indicator at risk of missing it (found by a reviewer of the command line). A target is
    written with the figures it was entered with, in every view."""
    init = ci.load_example("cradle-to-career")
    ind = init.indicator("tutoring-hours")
    moved = attrs.evolve(
        ind,
        baseline=ci.DatedValue(date=dt.date(2021, 6, 30), value=1234567.891),
        target=ci.DatedValue(date=dt.date(2028, 6, 30), value=1234591.4),
        observations=[
            attrs.evolve(o, value=v)
            for o, v in zip(
                ind.observations, (1234570.1, 1234575.2, 1234578.3, 1234580.4), strict=True
            )
        ],
    )
    result = ci.assess(init.with_indicators(moved))
    record = result.indicator("tutoring-hours")
    assert record.status is ci.IndicatorStatus.AT_RISK
    assert record.forecast is not None
    assert record.forecast.value < 1234591.4
    text = " ".join(result.summary(max_gaps=None).split())
    # the forecast of 2028's figure (the indicator is reported once a year)
    assert "target 1,234,591.4 by 2028-06-30, forecast of 2028's figure 1,234,591" in text
    assert (
        "at risk for its target of 1,234,591.4 by 2028-06-30 (forecast of 2028's figure 1,234,591)"
    ) in text
    assert "1,234,591.3" not in text
    html = render_report(result)
    assert "target 1,234,591.4" in html or "Target 1,234,591.4" in html
    assert "1,234,591.3" not in html


def test_every_activity_left_out_is_named_when_every_gap_is() -> None:
    """``assess --all`` still cut the activities not running on the date of judgement at six
    ("… and 2 more."), with no way to see the others (found by a reviewer of the command
    line); the short summary keeps six."""
    init = ci.load_example("workforce")
    ended = [
        attrs.evolve(a, start=dt.date(2004, 1, 1), end=dt.date(2005, 1, 1)) if k < 8 else a
        for k, a in enumerate(init.activities)
    ]
    result = ci.assess(init.evolve(activities=ended))
    every = " ".join(result.summary(max_gaps=None).split())
    assert all(f"{a.id} (ended 2005-01-01" in every for a in ended[:8])
    assert "and 2 more." not in every
    assert "and 2 more." in " ".join(result.summary().split())


def test_the_tie_recommended_is_said_by_its_kind_in_every_case() -> None:
    """After the first mend (found by a reviewer of the session's change): a pair that already
    communicated at 0.3 beside funding of 0.6 was told "tie ... by regular communication" and
    the comparison "now tied by communication", though their communication was raised from
    0.3; a pair tied by joint planning was told "strengthen the tie (0.5 -> 1)" while a
    communication tie is what is added; and a communication tie of 1 removed beside funding of
    0.6 read "the tie ... weakened (1 → 0.6)"."""
    init = ci.load_example("workforce")
    pair = {"cha", "job-readiness-provider"}
    talking = init.with_ties(ci.Tie(source="cha", target="job-readiness-provider", strength=0.3))
    result = ci.assess(talking)
    text = " ".join(result.summary().split())
    assert (
        "strengthen the communication of cha and job-readiness-provider (0.3 -> 1; today their "
        "strongest tie is funding, 0.6;"
    ) in text
    assert "0.3 → 1 (today: funding 0.6)" in words(by_id(page(result), "recommendations"))
    after = ci.assess(ci.with_tie(talking, "cha", "job-readiness-provider"))
    assert (
        result.diff(after)
        .reasons["alignment_index"][0]
        .startswith(
            "the communication tie between cha and job-readiness-provider strengthened (0.3 → 1); "
            "their strongest tie was funding, 0.6;"
        )
    )
    planning = init.evolve(
        ties=[
            attrs.evolve(t, kind="joint-planning") if {t.source, t.target} == pair else t
            for t in init.ties
        ]
    )
    text = " ".join(ci.assess(planning).summary().split())
    assert (
        "tie cha and job-readiness-provider by regular communication (strength 1; today their "
        "strongest tie is joint planning, 0.6;"
    ) in text
    # the communication tie removed again: the funding did not weaken
    back = after.diff(
        ci.assess(
            talking.evolve(
                ties=[
                    t
                    for t in talking.ties
                    if t.kind.value != "communication" or {t.source, t.target} != pair
                ]
            )
        )
    )
    assert (
        "the strongest tie between cha and job-readiness-provider is now funding, 0.6 (it was "
        "communication, 1)"
    ) in back.reasons["alignment_index"]


def test_a_target_moved_is_written_with_its_figures() -> None:
    """A target moved from 1,234,591.4 to 1,234,592.4 read "target 1,234,591 → 1,234,592" in
    a comparison (found by a reviewer of the session's change)."""
    init = ci.load_example("workforce")
    ind = init.indicator("placements")
    assert ind.target is not None
    before = init.with_indicators(
        attrs.evolve(ind, target=attrs.evolve(ind.target, value=1234591.4))
    )
    later = init.with_indicators(
        attrs.evolve(ind, target=attrs.evolve(ind.target, value=1234592.4))
    )
    change = ci.assess(before).diff(ci.assess(later))
    (moved,) = [c for c in change.indicators if c.indicator == "placements"]
    assert "target 1,234,591.4 → 1,234,592.4" in moved.text()
