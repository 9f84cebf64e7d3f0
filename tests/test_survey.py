"""Tests of :func:`collective_impact.io.survey.read_partner_survey` (PARTNER survey CSV import)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import (
    FormatError,
    Intensity,
    MissingFileError,
    ProblemCode,
    Tie,
    ValidationError,
)
from collective_impact.analysis.network import partner_ratings
from collective_impact.io.survey import (
    DEFAULT_STRENGTH,
    INTENSITY_STRENGTH,
    SURVEY_COLUMNS,
    SurveyRule,
    read_partner_survey,
)
from collective_impact.model.ties import RATINGS

DATA = Path(__file__).parent / "data" / "survey"
HEADER = ",".join(SURVEY_COLUMNS)


@pytest.fixture(scope="module")
def workforce() -> ci.Initiative:
    return ci.load_example("workforce")


def survey_ties(result: ci.Initiative, before: ci.Initiative) -> dict[tuple[str, str], Tie]:
    """The communication ties the survey added or replaced, by (source, target)."""
    return {
        (t.source, t.target): t
        for t in result.ties
        if t.kind == "communication" and t not in before.ties
    }


def write(tmp_path: Path, text: str, name: str = "survey.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


class TestHandMadeSurvey:
    """``tests/data/survey/workforce.csv``, worked out by hand.

    ======  =====  ===========  ============  =========  ============
    row     from   to           value         trust      strength
    ======  =====  ===========  ============  =========  ============
    2       cha    mowd         4, 3, 3       4, 4, 3    0.75 (coordination)
    3       mowd   cha          3, 3, 2       4, 3, -    0.6 (given)
    4       pnc    mowd         2, 4, -       3, 3, 3    0.5 (both blank: default_strength)
    5       cjc    cha          4, 4, 4       2, -, 2    1.0 (integration)
    6       pnc    cjc          -, -, -       -, -, -    0.25 (awareness)
    ======  =====  ===========  ============  =========  ============

    mowd is rated by cha and pnc: value (4+3+3+2+4)/5 = 16/5 = 3.2, trust (4+4+3+3+3+3)/6 = 20/6,
    11 ratings. cha is rated by mowd and cjc: value (3+3+2+4+4+4)/6 = 20/6, trust (4+3+2+2)/4 =
    2.75, 10 ratings. cjc's only row has no ratings, and the example's own ties carry none, so
    only mowd and cha appear in ``partner_ratings``. Row 4 gives neither intensity nor strength:
    the file is read with ``default_strength=DEFAULT_STRENGTH`` (0.5), and refused without it.
    """

    def test_ties_and_ratings(self, workforce: ci.Initiative) -> None:
        result = read_partner_survey(
            DATA / "workforce.csv", workforce, default_strength=DEFAULT_STRENGTH
        )
        expected = {
            ("cha", "mowd"): Tie(
                source="cha",
                target="mowd",
                strength=0.75,
                power_influence=4,
                involvement=3,
                resources=3,
                reliability=4,
                mission_congruence=4,
                openness=3,
                intensity="coordination",
            ),
            ("mowd", "cha"): Tie(
                source="mowd",
                target="cha",
                strength=0.6,
                power_influence=3,
                involvement=3,
                resources=2,
                reliability=4,
                mission_congruence=3,
                intensity="cooperation",
            ),
            ("pnc", "mowd"): Tie(
                source="pnc",
                target="mowd",
                strength=0.5,
                power_influence=2,
                involvement=4,
                reliability=3,
                mission_congruence=3,
                openness=3,
            ),
            ("cjc", "cha"): Tie(
                source="cjc",
                target="cha",
                strength=1.0,
                power_influence=4,
                involvement=4,
                resources=4,
                reliability=2,
                openness=2,
                intensity="integration",
            ),
            ("pnc", "cjc"): Tie(source="pnc", target="cjc", strength=0.25, intensity="awareness"),
        }
        assert expected == survey_ties(result, workforce)
        assert len(workforce.ties) + 5 == len(result.ties)
        assert workforce.ties == result.ties[: len(workforce.ties)]

    def test_row_4_is_refused_without_a_default_strength(self, workforce: ci.Initiative) -> None:
        with pytest.raises(ValidationError) as info:
            read_partner_survey(DATA / "workforce.csv", workforce)
        assert [p.path for p in info.value.problems] == ["row 4, column strength"]
        assert info.value.problems[0].code is ProblemCode.MISSING_KEY

    def test_partner_ratings(self, workforce: ci.Initiative) -> None:
        result = read_partner_survey(
            DATA / "workforce.csv", workforce, default_strength=DEFAULT_STRENGTH
        )
        expected = {
            "mowd": {"value": 3.2, "trust": 20 / 6, "ratings": 11.0},
            "cha": {"value": 20 / 6, "trust": 2.75, "ratings": 10.0},
        }
        actual = partner_ratings(result)
        assert set(expected) == set(actual)
        for partner, scores in expected.items():
            assert scores == pytest.approx(actual[partner])

    def test_missing_answers_stay_missing(self, workforce: ci.Initiative) -> None:
        ties = survey_ties(
            read_partner_survey(
                DATA / "workforce.csv", workforce, default_strength=DEFAULT_STRENGTH
            ),
            workforce,
        )
        assert ties[("mowd", "cha")].openness is None
        assert ties[("pnc", "mowd")].resources is None
        assert all(getattr(ties[("pnc", "cjc")], r) is None for r in RATINGS)

    def test_file_object_and_kind(self, workforce: ci.Initiative) -> None:
        with (DATA / "workforce.csv").open(encoding="utf-8", newline="") as handle:
            result = read_partner_survey(
                handle, workforce, kind="data-sharing", default_strength=DEFAULT_STRENGTH
            )
        added = [t for t in result.ties if t not in workforce.ties]
        assert {"data-sharing"} == {t.kind for t in added}
        # cha -> mowd data-sharing existed (0.7, no ratings) and was replaced, not duplicated
        assert len(workforce.ties) + 4 == len(result.ties)
        replaced = next(
            t
            for t in result.ties
            if (t.source, t.target, t.kind) == ("cha", "mowd", "data-sharing")
        )
        assert (replaced.strength, replaced.power_influence) == (0.75, 4.0)

    def test_existing_tie_replaced(self, workforce: ci.Initiative) -> None:
        text = "respondent,partner,openness\ncha,resident-council,4\n"
        result = read_partner_survey(io.StringIO(text), workforce, default_strength=0.5)
        assert len(workforce.ties) == len(result.ties)
        tie = next(t for t in result.ties if (t.source, t.target) == ("cha", "resident-council"))
        assert (tie.strength, tie.openness) == (DEFAULT_STRENGTH, 4.0)

    def test_header_only_changes_nothing(self, workforce: ci.Initiative) -> None:
        assert workforce == read_partner_survey(io.StringIO("respondent,partner\n"), workforce)

    def test_strength_table(self) -> None:
        assert dict(INTENSITY_STRENGTH) == {
            Intensity.AWARENESS: 0.25,
            Intensity.COOPERATION: 0.5,
            Intensity.COORDINATION: 0.75,
            Intensity.INTEGRATION: 1.0,
        }
        assert DEFAULT_STRENGTH == 0.5


class TestRules:
    """One reciprocated pair (cha <-> mowd) and one one-sided row (pnc -> cjc)."""

    TEXT = (
        "respondent,partner,openness,intensity\n"
        "cha,mowd,3,coordination\n"
        "mowd,cha,4,integration\n"
        "pnc,cjc,2,cooperation\n"
    )

    def read(self, init: ci.Initiative, rule: str) -> dict[tuple[str, str], Tie]:
        return survey_ties(read_partner_survey(io.StringIO(self.TEXT), init, rule=rule), init)

    def test_as_reported_is_the_default(self, workforce: ci.Initiative) -> None:
        default = survey_ties(read_partner_survey(io.StringIO(self.TEXT), workforce), workforce)
        assert default == self.read(workforce, "as-reported")
        assert {("cha", "mowd"), ("mowd", "cha"), ("pnc", "cjc")} == set(default)

    def test_reciprocated(self, workforce: ci.Initiative) -> None:
        """cjc answered (``respondents=``) without naming pnc: the pnc -> cjc row is left out.
        Without ``respondents=``, cjc did not answer and denied nothing: the row is kept."""
        answered = survey_ties(
            read_partner_survey(
                io.StringIO(self.TEXT), workforce, rule="reciprocated", respondents=["cjc"]
            ),
            workforce,
        )
        assert {("cha", "mowd"), ("mowd", "cha")} == set(answered)
        ties = self.read(workforce, SurveyRule.RECIPROCATED)
        assert {("cha", "mowd"), ("mowd", "cha"), ("pnc", "cjc")} == set(ties)

    def test_symmetrize(self, workforce: ci.Initiative) -> None:
        ties = self.read(workforce, "symmetrize")
        assert {("cha", "mowd"), ("mowd", "cha"), ("pnc", "cjc"), ("cjc", "pnc")} == set(ties)
        assert (
            Tie(source="cjc", target="pnc", strength=0.5, intensity="cooperation")
            == ties[("cjc", "pnc")]
        )
        assert ties[("pnc", "cjc")].openness == 2.0
        assert ties[("mowd", "cha")].openness == 4.0  # a reported direction is never overwritten

    def test_symmetrize_keeps_an_existing_reverse_tie(self, workforce: ci.Initiative) -> None:
        existing = Tie(source="cjc", target="pnc", strength=0.3, openness=1)
        init = workforce.with_ties(existing)
        result = read_partner_survey(io.StringIO(self.TEXT), init, rule="symmetrize")
        assert existing in result.ties
        assert len(init.ties) + 3 == len(result.ties)

    def test_reciprocated_drops_the_earlier_ties_of_a_one_sided_pair(
        self, workforce: ci.Initiative
    ) -> None:
        """Wave 1: cha <-> mowd at integration (1.0). Wave 2: cha says awareness, and mowd
        answers (it rates pnc) without naming cha: the one-sided row was left out and wave 1's
        cha -> mowd at 1.0 kept, which the new answer contradicts (found by a reviewer);
        dropping only that one left mowd -> cha at 1.0 alone, a one-sided pair from a rule that
        keeps reciprocated ones (found by the next). Both are left out: the pair is not
        reciprocated in this survey."""
        wave1 = "respondent,partner,intensity\ncha,mowd,integration\nmowd,cha,integration\n"
        first = read_partner_survey(io.StringIO(wave1), workforce, rule="reciprocated")
        wave2 = (
            "respondent,partner,intensity\ncha,mowd,awareness\nmowd,pnc,cooperation\n"
            "pnc,mowd,cooperation\n"
        )
        second = read_partner_survey(io.StringIO(wave2), first, rule="reciprocated")
        pairs = {(t.source, t.target) for t in second.ties if t.kind == ci.TieKind.COMMUNICATION}
        assert ("cha", "mowd") not in pairs
        assert ("mowd", "cha") not in pairs
        assert {("mowd", "pnc"), ("pnc", "mowd")} <= pairs
        # mowd answering with no row at all, said by respondents=, is the same denial
        alone = "respondent,partner,intensity\ncha,mowd,awareness\n"
        third = read_partner_survey(
            io.StringIO(alone), first, rule="reciprocated", respondents=["mowd"]
        )
        assert not any(
            {t.source, t.target} == {"cha", "mowd"}
            for t in third.ties
            if t.kind == ci.TieKind.COMMUNICATION
        )
        # ties of other kinds between the two are not the survey's
        other = [t for t in first.ties if t.kind != ci.TieKind.COMMUNICATION]
        assert all(t in second.ties for t in other)
        assert all(t in third.ties for t in other)
        # a pair reciprocated in the new wave is replaced, both ways
        again = "respondent,partner,intensity\ncha,mowd,awareness\nmowd,cha,awareness\n"
        fourth = read_partner_survey(io.StringIO(again), first, rule="reciprocated")
        strengths = {
            (t.source, t.target): t.strength
            for t in fourth.ties
            if t.kind == ci.TieKind.COMMUNICATION and {t.source, t.target} == {"cha", "mowd"}
        }
        assert strengths == {("cha", "mowd"): 0.25, ("mowd", "cha"): 0.25}

    def test_reciprocated_keeps_a_non_respondents_tie(self) -> None:
        """A missing answer is not an absence (found by a reviewer). Partners a, b, c, d; d's
        earlier answer d -> a (0.9) is in the initiative; this wave a <-> b and b <-> c rated
        each other at coordination with reliability 4, and d did not answer.

        Without a row naming d, d -> a stays: one component of 4 partners, connectivity 4/4 =
        1, backbone reach 0 (no backbone), trust (4 - 1)/3 = 1; communication (1 + 0 + 1)/3 =
        2/3. Adding the row a,d (more evidence of the tie) deleted d -> a, as if d had denied
        it: d alone, connectivity 3/4, communication (3/4 + 0 + 1)/3 = 0.5833, and an
        isolated-partner gap for d. Now a -> d is kept as reported, d -> a is left as it is,
        communication stays 2/3 and no gap is raised."""
        init = ci.Initiative(
            name="T",
            partners=[ci.Partner(id=p, name=p, sector="nonprofit") for p in "abcd"],
            ties=[Tie(source="d", target="a", strength=0.9)],
        )
        base = (
            "respondent,partner,reliability,intensity\n"
            "a,b,4,coordination\nb,a,4,coordination\nb,c,4,coordination\nc,b,4,coordination\n"
        )
        before = read_partner_survey(io.StringIO(base), init, rule="reciprocated")
        after = read_partner_survey(
            io.StringIO(base + "a,d,4,integration\n"), init, rule="reciprocated"
        )
        d_ties = {
            (t.source, t.target): t.strength for t in after.ties if "d" in (t.source, t.target)
        }
        assert d_ties == {("d", "a"): 0.9, ("a", "d"): 1.0}
        for rated in (before, after):
            result = ci.assess(rated)
            assert result.scores.continuous_communication == pytest.approx(2 / 3)
            assert not [g for g in result.gaps if g.code == "isolated-partner"]
        # when d says it answered (naming no one), the one-sided a -> d is a denial after all:
        # the row and d's earlier tie are left out, both ways
        denied = read_partner_survey(
            io.StringIO(base + "a,d,4,integration\n"), init, rule="reciprocated", respondents={"d"}
        )
        assert not [t for t in denied.ties if "d" in (t.source, t.target)]
        # as-reported and symmetrize do not use respondents=
        for rule in ("as-reported", "symmetrize"):
            text = base + "a,d,4,integration\n"
            plain = read_partner_survey(io.StringIO(text), init, rule=rule)
            told = read_partner_survey(io.StringIO(text), init, rule=rule, respondents=["d"])
            assert plain == told

    @pytest.mark.parametrize(
        ("respondents", "error", "message"),
        [
            ("cjc", ci.ArgumentTypeError, "a collection of partner ids .* got str"),
            (3, ci.ArgumentTypeError, "got int"),
            (["cjc", 3], ci.ArgumentTypeError, "it holds int items, not texts"),
            (["cjx", "zzz", "cha"], ci.ArgumentValueError,
             r"unknown partners: 'cjx' \(did you mean 'cjc'\?\) and 'zzz'; give the ids"),
            (["Chicago Jobs Council"], ci.ArgumentValueError,
             r"an unknown partner: 'Chicago Jobs Council' \(the name of partner 'cjc'; give its"),
        ],
    )  # fmt: skip
    def test_bad_respondents(
        self, workforce: ci.Initiative, respondents: Any, error: type, message: str
    ) -> None:
        with pytest.raises(error, match=message) as info:
            read_partner_survey(
                "no-such-file.csv", workforce, rule="reciprocated", respondents=respondents
            )
        assert info.value.argument == "respondents"

    @pytest.mark.parametrize("kind", ["funding", "referral", "data-sharing"])
    def test_symmetrize_refuses_a_directed_kind(self, workforce: ci.Initiative, kind: str) -> None:
        """A funding row cha -> mowd also added mowd -> cha funding, a flow nobody reported."""
        with pytest.raises(ci.ArgumentValueError, match="its reverse was not reported") as info:
            read_partner_survey(io.StringIO(self.TEXT), workforce, rule="symmetrize", kind=kind)
        assert info.value.argument == "rule"
        # before the file is read: no file to fix first
        with pytest.raises(ci.ArgumentValueError, match="its reverse was not reported"):
            read_partner_survey("no-such-file.csv", workforce, rule="symmetrize", kind=kind)
        mutual = read_partner_survey(
            io.StringIO(self.TEXT), workforce, rule="symmetrize", kind="joint-planning"
        )
        assert len(mutual.ties) > len(workforce.ties)

    @pytest.mark.parametrize("kind", ["funding", "referral", "data-sharing"])
    def test_reciprocated_refuses_a_directed_kind(
        self, workforce: ci.Initiative, kind: str
    ) -> None:
        """A funding row pnc -> cjc under 'reciprocated' was left out for want of a funding flow
        cjc -> pnc, and took the example's own funding tie pnc -> cjc (0.8) with it: a flow one
        way is complete by itself, so the rule is refused for a directed kind (found by a
        reviewer)."""
        assert ("pnc", "cjc", "funding") in {(t.source, t.target, t.kind) for t in workforce.ties}
        survey = "respondent,partner,strength\npnc,cjc,0.8\ncjc,resident-council,0.3\n"
        with pytest.raises(ci.ArgumentValueError, match="rule='reciprocated'") as info:
            read_partner_survey(io.StringIO(survey), workforce, rule="reciprocated", kind=kind)
        assert info.value.argument == "rule"
        message = str(info.value)
        assert f"a {kind!r} tie is a flow from its source to its target" in message
        assert "use rule='as-reported' for a directed kind, or a mutual kind" in message
        # before the file is read, as for 'symmetrize'
        with pytest.raises(ci.ArgumentValueError, match="rule='reciprocated'"):
            read_partner_survey("no-such-file.csv", workforce, rule="reciprocated", kind=kind)
        kept = read_partner_survey(io.StringIO(survey), workforce, kind=kind)
        assert ("pnc", "cjc") in {(t.source, t.target) for t in kept.ties if t.kind == kind}
        for mutual in ("communication", "joint-planning"):
            read_partner_survey(io.StringIO(survey), workforce, rule="reciprocated", kind=mutual)

    def test_rule_values(self) -> None:
        assert [r.value for r in SurveyRule] == ["as-reported", "reciprocated", "symmetrize"]

    @pytest.mark.parametrize(("option", "value"), [("rule", "mutual"), ("kind", "gossip")])
    def test_bad_option(self, workforce: ci.Initiative, option: str, value: str) -> None:
        with pytest.raises(ValueError, match=f"unknown {option} '{value}'; expected one of"):
            read_partner_survey(io.StringIO(self.TEXT), workforce, **{option: value})


class TestSpreadsheetQuirks:
    def test_bom_crlf_blank_rows_and_spaces(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        text = (
            "\ufeff Respondent , Partner ,OPENNESS, intensity ,\r\n"
            " cha , mowd , 3 , Coordination ,\r\n"
            "\r\n"
            ",,,,\r\n"
            "mowd,cha,,,\r\n"
            "\r\n"
            " , ,,,\r\n"
        )
        path = write(tmp_path, text)
        ties = survey_ties(read_partner_survey(path, workforce, default_strength=0.5), workforce)
        expected = {
            ("cha", "mowd"): Tie(
                source="cha", target="mowd", strength=0.75, openness=3, intensity="coordination"
            ),
            ("mowd", "cha"): Tie(source="mowd", target="cha", strength=0.5),
        }
        assert ties == expected

    def test_blank_rows_count_in_row_numbers(self, workforce: ci.Initiative) -> None:
        text = "respondent,partner,openness\r\n\r\ncha,mowd,3\r\n\r\n\r\nmowd,cha,9\r\n"
        with pytest.raises(ValidationError) as info:
            read_partner_survey(io.StringIO(text), workforce, default_strength=0.5)
        assert [p.path for p in info.value.problems] == ["row 6, column openness"]

    def test_semicolon_separator(self, workforce: ci.Initiative) -> None:
        text = "respondent;partner;openness;strength\ncha;mowd;3;0.8\n"
        ties = survey_ties(read_partner_survey(io.StringIO(text), workforce), workforce)
        assert Tie(source="cha", target="mowd", strength=0.8, openness=3) == ties[("cha", "mowd")]

    def test_quoted_cells(self, workforce: ci.Initiative) -> None:
        text = 'respondent,partner,openness\n"cha","mowd","2.5"\n'
        ties = survey_ties(
            read_partner_survey(io.StringIO(text), workforce, default_strength=0.5), workforce
        )
        assert ties[("cha", "mowd")].openness == 2.5

    def test_empty_unnamed_column_is_ignored(self, workforce: ci.Initiative) -> None:
        text = "respondent,partner,,\ncha,mowd,,\n"
        ties = survey_ties(
            read_partner_survey(io.StringIO(text), workforce, default_strength=0.5), workforce
        )
        assert {("cha", "mowd")} == set(ties)

    def test_short_rows_are_blank_cells(self, workforce: ci.Initiative) -> None:
        text = "respondent,partner,openness,strength\ncha,mowd\n"
        ties = survey_ties(
            read_partner_survey(io.StringIO(text), workforce, default_strength=0.5), workforce
        )
        assert Tie(source="cha", target="mowd", strength=0.5) == ties[("cha", "mowd")]

    def test_other_encoding(self, tmp_path: Path) -> None:
        init = ci.Initiative(
            name="Café",
            partners=[
                ci.Partner(id="café", name="Café", sector="business"),
                ci.Partner(id="école", name="École", sector="academic"),
            ],
        )
        path = tmp_path / "survey.csv"
        path.write_bytes("respondent,partner,openness\r\ncafé,école,3\r\n".encode("cp1252"))
        with pytest.raises(FormatError, match=r"not UTF-8 text.*pass encoding="):
            read_partner_survey(path, init)
        result = read_partner_survey(path, init, encoding="cp1252", default_strength=0.5)
        assert [Tie(source="café", target="école", strength=0.5, openness=3)] == list(result.ties)

    def test_binary_file_object(self, workforce: ci.Initiative) -> None:
        data = "\ufeffrespondent,partner\r\ncha,mowd\r\n".encode()
        result = read_partner_survey(
            io.BytesIO(data),  # type: ignore[arg-type]
            workforce,
            default_strength=0.5,
        )
        assert {("cha", "mowd")} == set(survey_ties(result, workforce))


def problems_of(
    text: str, init: ci.Initiative, tmp_path: Path, default_strength: float | None = 0.5
) -> ValidationError:
    """The problems of a survey, read with ``default_strength`` (0.5: a row may give neither
    intensity nor strength, so that each test sees the problems it is about)."""
    path = write(tmp_path, text)
    with pytest.raises(ValidationError) as info:
        read_partner_survey(path, init, default_strength=default_strength)
    err = info.value
    assert str(path) == err.source
    assert isinstance(err, ValueError)
    return err


class TestBadInput:
    """Every bad cell is reported, located by row and column, with what is allowed."""

    @pytest.mark.parametrize(
        ("cells", "column", "message"),
        [
            ("cha,mowd,x,,", "openness", "expected a number from 1 to 4, or a blank cell"),
            ("cha,mowd,3,5", "power_influence", "for no answer; got '5'"),
            ("cha,mowd,0.5,,", "openness", "got '0.5'"),
            ("cha,mowd,nan,,", "openness", "got 'nan'"),
            ("cha,mowd,\"3,5\",,", "openness", "use a dot as the decimal separator (3.5)"),
            ("cha,mowd,=1+2,,", "openness", "got '=1+2'"),
            ("cha,mowd,,,high", "intensity", "unknown intensity 'high'; expected one of "
             "awareness, cooperation, coordination, integration"),
            ("cha,mowd,,,coordinaton", "intensity", "(did you mean 'coordination'?)"),
            ("cha,mwod,,,", "partner", "unknown partner 'mwod' (did you mean 'mowd'?)"),
            ("CHA,mowd,,,", "respondent", "unknown partner 'CHA' (did you mean 'cha'?)"),
            ("zzz,mowd,,,", "respondent", "unknown partner 'zzz'"),
            ("Chicago Housing Authority,mowd,,,", "respondent", "unknown partner 'Chicago "
             "Housing Authority' (the name of partner 'cha'; give its id)"),
            ("cha,chicago   jobs COUNCIL,,,", "partner", "unknown partner 'chicago   jobs "
             "COUNCIL' (the name of partner 'cjc'; give its id)"),
            (",mowd,,,", "respondent", "required; give a partner id"),
            ("cha,cha,,,", "partner", "a respondent cannot rate itself ('cha')"),
        ],
    )  # fmt: skip
    def test_bad_cell(
        self, tmp_path: Path, workforce: ci.Initiative, cells: str, column: str, message: str
    ) -> None:
        path = f"row 2, column {column}"
        header = "respondent,partner,openness,power_influence,intensity"
        err = problems_of(f"{header}\n{cells}\n", workforce, tmp_path)
        assert [p.path for p in err.problems] == [path]
        assert message in err.problems[0].message
        assert f"{path}: " in str(err)

    def test_a_name_shared_by_partners_names_them_all(self, tmp_path: Path) -> None:
        """Two partners named alike (sites of one organisation): both ids are offered, sorted."""
        init = ci.Initiative(
            name="T",
            partners=[
                ci.Partner(id=i, name=n, sector="nonprofit")
                for i, n in [("yw-south", "YWCA"), ("yw-north", "ywca "), ("b", "Bank")]
            ],
        )
        err = problems_of("respondent,partner,openness\nYWCA,b,3\n", init, tmp_path)
        assert [p.message for p in err.problems] == [
            "unknown partner 'YWCA' (the name of partners 'yw-north' and 'yw-south'; give the "
            "id of the one meant)"
        ]

    def test_a_misspelt_id_is_one_problem(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        """A misspelt respondent answers about many partners: one problem, its first cell, with
        the later cells (of either column) named as its other places, not one per row."""
        text = "respondent,partner,openness\nchx,mowd,3\nchx,cha,3\nmowd,chx,2\nmowd,zzz,2\n"
        err = problems_of(text, workforce, tmp_path)
        assert [p.path for p in err.problems] == [
            "row 2, column respondent",
            "row 5, column partner",
        ]
        first = err.problems[0]
        assert first.code is ProblemCode.UNKNOWN_REFERENCE
        assert [(o.row, o.column) for o in first.others] == [(3, "respondent"), (4, "partner")]
        assert first.message.startswith("unknown partner 'chx' (did you mean 'cha'?)")
        assert first.message.endswith(
            "; also named at 2 other places: row 3 column respondent and row 4 column partner"
        )

    @pytest.mark.parametrize(
        ("value", "message"),
        [("0", "got '0'"), ("1.5", "got '1.5'"), ("-0.2", "got '-0.2'"), ("0,5", "(0.5)")],
    )
    def test_bad_strength(
        self, tmp_path: Path, workforce: ci.Initiative, value: str, message: str
    ) -> None:
        err = problems_of(f'respondent,partner,strength\ncha,mowd,"{value}"\n', workforce, tmp_path)
        assert [p.path for p in err.problems] == ["row 2, column strength"]
        assert "expected a number more than 0 and at most 1" in err.problems[0].message
        assert message in err.problems[0].message

    def test_duplicate_row(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        text = "respondent,partner,openness\ncha,mowd,3\nmowd,cha,2\n\ncha, mowd,4\n"
        err = problems_of(text, workforce, tmp_path)
        message = "'cha' already rated 'mowd' at row 2; keep one row per respondent and partner"
        assert list(err.problems) == [("row 5, column partner", message)]

    def test_missing_column(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        err = problems_of("respondent,openness\ncha,3\n", workforce, tmp_path)
        assert [p.path for p in err.problems] == ["row 1, column partner"]
        assert "missing required column 'partner'" in err.problems[0].message
        assert "row 1, column partner: missing required column 'partner'" in str(err)

    def test_missing_columns(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        err = problems_of("who,whom\ncha,mowd\n", workforce, tmp_path)
        assert [p.path for p in err.problems] == ["row 1"]
        assert "the header row names none of the columns (respondent, partner" in str(err)
        assert "it holds 'who', 'whom'; name the columns in the first row" in str(err)

    def test_unknown_column(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        err = problems_of("respondent,partner,opennes,notes\ncha,mowd,3,x\n", workforce, tmp_path)
        assert [p.path for p in err.problems] == ["row 1, column C", "row 1, column D"]
        first, second = (p.message for p in err.problems)
        assert "unknown column 'opennes' (did you mean 'openness'?)" in first
        assert "unknown column 'notes';" in second
        assert "the columns of a survey are " + ", ".join(SURVEY_COLUMNS) in second

    def test_duplicate_column(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        err = problems_of(
            "respondent,partner,openness,Openness\ncha,mowd,3,3\n", workforce, tmp_path
        )
        assert list(err.problems) == [
            (
                "row 1, column openness",
                "column 'Openness' appears twice (columns C and D); keep one",
            )
        ]

    def test_unnamed_column_with_content(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        err = problems_of("respondent,partner,\ncha,mowd,note\n", workforce, tmp_path)
        assert [p.path for p in err.problems] == ["row 2, column C"]
        assert "row 2, column C: this column has no name in the header row but holds 'note'" in str(
            err
        )

    def test_extra_cells(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        err = problems_of("respondent,partner\ncha,mowd,,\nmowd,cha,4\n", workforce, tmp_path)
        assert [p.path for p in err.problems] == ["row 3"]
        assert "the row has 3 cells but the header row names only 2 columns" in str(err)

    def test_every_problem_at_once(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        text = (
            "respondent,partner,openness,intensity,strength,extra\n"
            "cha,mowd,3,coordination,,\n"
            "cha,cha,7,often,2,\n"
            "pnc,cjx,,,,\n"
            "cha,mowd,,,,\n"
        )
        err = problems_of(text, workforce, tmp_path)
        assert [p.path for p in err.problems] == [
            "row 1, column F",
            "row 3, column partner",
            "row 3, column openness",
            "row 3, column intensity",
            "row 3, column strength",
            "row 4, column partner",
            "row 5, column partner",
        ]
        assert str(err).startswith(f"7 problems in {err.source}:")

    def test_source_of_a_file_object(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        path = write(tmp_path, "respondent,partner\ncha,cjx\n")
        with (
            path.open(encoding="utf-8", newline="") as handle,
            pytest.raises(ValidationError) as info,
        ):
            read_partner_survey(handle, workforce, default_strength=0.5)
        assert info.value.source == str(path)
        assert f"1 problem in {path}:\n  row 2, column partner: unknown partner 'cjx'" in str(
            info.value
        )

    def test_errors_pickle(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        import pickle

        err = problems_of("respondent,partner\ncha,cha\n", workforce, tmp_path)
        copy = pickle.loads(pickle.dumps(err))
        assert (err.problems, err.source) == (copy.problems, copy.source)


class TestFormatErrors:
    def test_missing_file(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        with pytest.raises(MissingFileError):
            read_partner_survey(tmp_path / "nowhere.csv", workforce)

    def test_directory(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        with pytest.raises(FormatError, match="is a directory"):
            read_partner_survey(tmp_path, workforce)

    @pytest.mark.parametrize("text", ["", "  \r\n\r\n", "\ufeff", ",,,\r\n,,\r\n"])
    def test_empty(self, tmp_path: Path, workforce: ci.Initiative, text: str) -> None:
        with pytest.raises(FormatError, match="the survey is empty"):
            read_partner_survey(write(tmp_path, text), workforce)

    def test_too_large_path(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        path = write(tmp_path, "respondent,partner\ncha,mowd\n" + "\n" * 100)
        with pytest.raises(FormatError, match="more than the limit of 100; pass max_bytes="):
            read_partner_survey(path, workforce, max_bytes=100)
        result = read_partner_survey(path, workforce, max_bytes=None, default_strength=0.5)
        assert len(result.ties) == len(workforce.ties) + 1

    def test_too_large_stream(self, workforce: ci.Initiative) -> None:
        text = "respondent,partner\n" + "cha,mowd\n" * 20
        with pytest.raises(FormatError, match="larger than the limit of 100 characters"):
            read_partner_survey(io.StringIO(text), workforce, max_bytes=100)

    def test_default_limit_is_32_mib(self) -> None:
        import inspect

        default = inspect.signature(read_partner_survey).parameters["max_bytes"].default
        assert 32 * 1024 * 1024 == default == ci.io.DEFAULT_MAX_BYTES

    def test_workbook(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        path = tmp_path / "survey.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "")
        with pytest.raises(FormatError, match=r"workbook \(\.xlsx\)"):
            read_partner_survey(path, workforce)

    def test_binary(self, tmp_path: Path, workforce: ci.Initiative) -> None:
        path = tmp_path / "survey.csv"
        path.write_bytes(b"respondent,partner\ncha,\0mowd\n")
        with pytest.raises(FormatError, match="binary file"):
            read_partner_survey(path, workforce)

    def test_huge_cell(self, workforce: ci.Initiative) -> None:
        text = "respondent,partner\ncha," + "m" * 200_000 + "\n"
        with pytest.raises(FormatError, match="invalid CSV: field larger than field limit"):
            read_partner_survey(io.StringIO(text), workforce)


# --------------------------------------------------------------------------- round trip

_PARTNERS = [p.id for p in ci.load_example("workforce").partners]
_RATING = st.one_of(st.none(), st.floats(min_value=1.0, max_value=4.0))


@st.composite
def surveys(draw: st.DrawFn) -> list[Tie]:
    """Ties as a survey would report them: distinct (respondent, partner) pairs, optional parts."""
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(_PARTNERS), st.sampled_from(_PARTNERS)).filter(
                lambda p: p[0] != p[1]
            ),
            unique=True,
            max_size=15,
        )
    )
    return [
        Tie(
            source=s,
            target=t,
            strength=draw(st.floats(min_value=0.0, max_value=1.0, exclude_min=True)),
            intensity=draw(st.one_of(st.none(), st.sampled_from(Intensity))),
            **{r: draw(_RATING) for r in RATINGS},
        )
        for s, t in pairs
    ]


def to_csv(ties: list[Tie], columns: list[str], derive_strength: bool) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    for tie in ties:
        cells = {
            "respondent": tie.source,
            "partner": tie.target,
            "intensity": "" if tie.intensity is None else tie.intensity.value,
            "strength": "" if derive_strength else repr(tie.strength),
            **{r: "" if getattr(tie, r) is None else repr(getattr(tie, r)) for r in RATINGS},
        }
        writer.writerow([cells[c] for c in columns])
    return out.getvalue()


class TestRoundTrip:
    @given(
        ties=surveys(),
        columns=st.permutations(SURVEY_COLUMNS),
        derive_strength=st.booleans(),
    )
    def test_ties_to_csv_and_back(
        self, ties: list[Tie], columns: list[str], derive_strength: bool
    ) -> None:
        init = ci.Initiative(
            name="Round trip", partners=ci.load_example("workforce").partners
        )  # no ties of its own, so every tie read back comes from the survey
        text = to_csv(ties, list(columns), derive_strength)
        result = read_partner_survey(io.StringIO(text), init, default_strength=DEFAULT_STRENGTH)
        if derive_strength:
            ties = [
                attrs.evolve(
                    t,
                    strength=DEFAULT_STRENGTH
                    if t.intensity is None
                    else INTENSITY_STRENGTH[t.intensity],
                )
                for t in ties
            ]
        assert ties == list(result.ties)


# --------------------------------------------------------------------------- hostile input (#15)


class TestHostile:
    @pytest.mark.parametrize("raw", ["1e400", "-1e400", "nan", "inf", "9" * 5000])
    def test_ratings_beyond_the_float_range(
        self, tmp_path: Path, workforce: ci.Initiative, raw: str
    ) -> None:
        path = write(tmp_path, f"respondent,partner,openness,strength\ncha,mowd,{raw},{raw}\n")
        with pytest.raises(ValidationError) as info:
            read_partner_survey(path, workforce)
        err = info.value
        assert err.source == str(path)
        assert [p.location.render() for p in err.problems] == [
            "row 2, column openness",
            "row 2, column strength",
        ]
        assert len(str(err)) < 600  # a 5,000-digit cell is not repeated whole

    def test_respondent_with_a_control_character(
        self, tmp_path: Path, workforce: ci.Initiative
    ) -> None:
        path = write(tmp_path, "respondent,partner\ncha\x1b[31m,mowd\n")
        with pytest.raises(ValidationError, match=r"row 2, column respondent: unknown partner"):
            read_partner_survey(path, workforce)

    def test_huge_field_is_a_located_format_error(
        self, tmp_path: Path, workforce: ci.Initiative
    ) -> None:
        path = write(tmp_path, "respondent,partner,openness\ncha,mowd," + "x" * 10_000_000 + "\n")
        with pytest.raises(FormatError, match="field larger than field limit") as info:
            read_partner_survey(path, workforce)
        assert (info.value.source, info.value.line) == (str(path), 2)


def test_a_title_line_above_the_header_is_one_problem(workforce: ci.Initiative) -> None:
    """A title line above the header (as a spreadsheet exports a sheet with its title): one
    problem counting the 6 rows below it, not one problem per row (it was 3 + 6 problems; a
    10,000-row survey gave 10,003), nor the header's unknown and missing columns besides it
    (then 4 problems), which follow from the title line."""
    text = "Survey export 2026\nrespondent,partner,reliability\n" + "cha,mowd,3\n" * 5
    with pytest.raises(ValidationError) as info:
        read_partner_survey(io.StringIO(text), workforce)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 1
    assert messages[-1] == (
        "6 data rows (the first at row 2) have cells in columns this header row does not "
        "name; the header row must be the first row of the file (is a title line above it?)"
    )


class TestStreamsAndEncodings:
    """Found by a report-only reviewer of the survey import."""

    @staticmethod
    def survey(init: ci.Initiative) -> tuple[bytes, set[tuple[str, str]]]:
        ids = [p.id for p in init.partners]
        pairs = {(a, b) for a in ids for b in ids if a != b}
        rows = "\n".join(f"{a},{b}" for a, b in sorted(pairs))
        return f"respondent,partner\n{rows}\n".encode(), pairs

    def test_a_stream_that_returns_a_little_at_a_time_is_read_whole(
        self, workforce: ci.Initiative
    ) -> None:
        """One ``read(n)`` of an unbuffered stream (a pipe) returns what has arrived: a survey
        sent in two parts was imported from the first alone (64 pairs of 110), silently."""
        data, pairs = self.survey(workforce)

        class Trickle(io.RawIOBase):  # at most 1,024 bytes a read, as a pipe gives them
            def __init__(self, data: bytes) -> None:
                self.data, self.at = data, 0

            def readable(self) -> bool:
                return True

            def readinto(self, buf: Any) -> int:
                n = min(len(buf), 1024, len(self.data) - self.at)
                buf[:n] = self.data[self.at : self.at + n]
                self.at += n
                return n

        assert len(data) > 3 * 1024
        result = read_partner_survey(
            Trickle(data),  # type: ignore[arg-type]
            workforce,
            default_strength=0.5,
        )
        got = {(t.source, t.target) for t in result.ties if t.kind == "communication"}
        assert pairs <= got
        with pytest.raises(ci.FormatError, match="larger than the limit of 2,000"):
            read_partner_survey(Trickle(data), workforce, max_bytes=2000)  # type: ignore[arg-type]

    def test_bytes_are_not_a_file(self, workforce: ci.Initiative) -> None:
        data, _ = self.survey(workforce)
        with pytest.raises(TypeError) as err:
            read_partner_survey(data, workforce)  # type: ignore[arg-type]
        assert str(err.value) == (
            "source: read_partner_survey expected a path (a str or an os.PathLike) or a file "
            "object opened in text or binary mode, got bytes (wrap bytes in io.BytesIO)"
        )
        assert read_partner_survey(
            io.BytesIO(data), workforce, default_strength=0.5
        ) == read_partner_survey(io.StringIO(data.decode()), workforce, default_strength=0.5)

    def test_utf8_with_its_mark_read_as_another_encoding(
        self, workforce: ci.Initiative, tmp_path: Path
    ) -> None:
        """Excel's "CSV UTF-8" writes a byte-order mark; read as cp1252 (the advice for Excel
        on Windows) the header's first column was "unknown column 'ï»¿respondent'"."""
        data, _ = self.survey(workforce)
        path = tmp_path / "s.csv"
        path.write_bytes(b"\xef\xbb\xbf" + data)
        with pytest.raises(ci.FormatError) as err:
            read_partner_survey(path, workforce, encoding="cp1252")
        assert str(err.value) == (
            f"{path}: the file is UTF-8 text (it starts with UTF-8's byte-order mark), not "
            "cp1252; read it as UTF-8 (the default encoding)"
        )
        read_partner_survey(path, workforce, default_strength=0.5)  # the default encoding reads it
        read_partner_survey(path, workforce, encoding="utf-8-sig", default_strength=0.5)

    def test_a_workbook_is_not_told_to_change_its_encoding(
        self, workforce: ci.Initiative, tmp_path: Path
    ) -> None:
        path = tmp_path / "s.csv"
        ci.write_workbook(workforce, tmp_path / "w.xlsx")
        path.write_bytes((tmp_path / "w.xlsx").read_bytes())
        with pytest.raises(ci.FormatError) as err:
            read_partner_survey(path, workforce)
        assert str(err.value) == (
            f"{path}: this is an Excel workbook (.xlsx), not CSV text; save it as 'CSV UTF-8'"
        )


class TestNeitherIntensityNorStrength:
    """A row giving neither intensity nor strength was given 0.5 without a word (a strength
    that can change a verdict: 1.0 coordinates interdependent activities, 0.25 does not). It is
    refused, located, unless ``default_strength=`` gives such rows a strength."""

    TEXT = (
        "respondent,partner,openness,intensity,strength\n"
        "cha,mowd,3,coordination,\n"
        "mowd,cha,4,,\n"
        "pnc,cjc,,,0.4\n"
        "cjc,pnc,2,,\n"
    )

    def test_refused_at_each_row_with_what_to_add(self, workforce: ci.Initiative) -> None:
        with pytest.raises(ValidationError) as info:
            read_partner_survey(io.StringIO(self.TEXT), workforce)
        problems = info.value.problems
        assert [p.path for p in problems] == ["row 3, column strength", "row 5, column strength"]
        assert {p.code for p in problems} == {ProblemCode.MISSING_KEY}
        assert problems[0].message == (
            "give the tie's intensity or strength (the row gives neither), or pass "
            "default_strength= to give such rows one strength (for instance 0.5)"
        )

    def test_reported_with_every_other_problem(self, workforce: ci.Initiative) -> None:
        text = "respondent,partner,openness,intensity\ncha,mwod,9,\nmowd,cha,2,\npnc,cjc,,aware\n"
        with pytest.raises(ValidationError) as info:
            read_partner_survey(io.StringIO(text), workforce)
        assert [p.path for p in info.value.problems] == [
            "row 2, column partner",
            "row 2, column openness",
            "row 2, column intensity",  # no strength column: the intensity is what to give
            "row 3, column intensity",
            "row 4, column intensity",  # an unknown intensity, not also a missing one
        ]
        assert "unknown intensity 'aware'" in info.value.problems[-1].message

    def test_a_survey_without_either_column_is_one_problem(self, workforce: ci.Initiative) -> None:
        text = "respondent,partner,openness\n" + "cha,mowd,3\nmowd,cha,2\npnc,cjc,1\n"
        with pytest.raises(ValidationError) as info:
            read_partner_survey(io.StringIO(text), workforce)
        assert list(info.value.problems) == [
            (
                "row 1, column strength",
                "the survey has neither an intensity nor a strength column; add one and give "
                "each tie's intensity or strength, or pass default_strength= to give every tie "
                "one strength (for instance 0.5)",
            )
        ]
        # a header without data rows needs no strength
        assert workforce == read_partner_survey(io.StringIO("respondent,partner\n"), workforce)

    def test_default_strength_gives_those_rows_a_strength(self, workforce: ci.Initiative) -> None:
        for strength in (DEFAULT_STRENGTH, 0.3, 1):
            ties = survey_ties(
                read_partner_survey(io.StringIO(self.TEXT), workforce, default_strength=strength),
                workforce,
            )
            assert ties[("mowd", "cha")] == Tie(
                source="mowd", target="cha", strength=strength, openness=4
            )
            assert ties[("cjc", "pnc")].strength == strength
            assert ties[("cha", "mowd")].strength == 0.75  # from its intensity, as before
            assert ties[("pnc", "cjc")].strength == 0.4  # given

    @pytest.mark.parametrize("value", [0, 0.0, -0.5, 1.5, float("nan"), float("inf")])
    def test_a_default_strength_out_of_range_is_refused(
        self, workforce: ci.Initiative, value: float
    ) -> None:
        with pytest.raises(ci.ArgumentValueError) as info:
            read_partner_survey(io.StringIO(self.TEXT), workforce, default_strength=value)
        assert info.value.argument == "default_strength"
        assert str(info.value) == (
            f"default_strength must be a number more than 0 and at most 1, or None; got {value!r}"
        )

    @pytest.mark.parametrize("value", [True, "0.5", [0.5]])
    def test_a_default_strength_not_a_number_is_refused(
        self, workforce: ci.Initiative, value: Any
    ) -> None:
        with pytest.raises(ci.ArgumentTypeError, match="default_strength must be a number"):
            read_partner_survey(io.StringIO(self.TEXT), workforce, default_strength=value)

    def test_the_constants_are_kept(self) -> None:
        """``DEFAULT_STRENGTH`` stays exported (a suggested ``default_strength``), and the table
        of strengths is the model's own, one object wherever it is imported from."""
        from collective_impact.model import ties

        assert ci.io.DEFAULT_STRENGTH == DEFAULT_STRENGTH == 0.5
        assert "DEFAULT_STRENGTH" in ci.io.__all__
        assert ties.INTENSITY_STRENGTH is INTENSITY_STRENGTH is ci.INTENSITY_STRENGTH
        assert ci.io.INTENSITY_STRENGTH is INTENSITY_STRENGTH
        assert "INTENSITY_STRENGTH" in ties.__all__
