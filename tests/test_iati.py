"""Tests of the IATI activity XML importer (collective_impact.io.iati).

Expected counts for the real files in tests/data/iati/ were counted by hand from the XML and
checked with ``grep -c`` on the element start tags (``<iati-activity ``, ``<participating-org``,
``<indicator ``, ``<actual ``, ``<target ``, ``<baseline ``, ``<period>``):

================================  ====  =====  ====  ======  ======  ========  ======
file                              acts  p-org  ind.  period  target  baseline  actual
================================  ====  =====  ====  ======  ======  ========  ======
dportal__LB-MOI-497                  1      2    12      12       9         0      10
dportal__CH-FDJP-CHE106823242        2      6    13      13      13        13      13
activity-standard-example            1      3     1       1       1         1       1
================================  ====  =====  ====  ======  ======  ========  ======

Partners are distinct ``@ref`` values: LB-MOI-497 and XM-DAC-7 (LB); XM-DAC-7 and
CH-FDJP-CHE-106823242 (CH: the Terre des hommes org appears twice per activity, roles 2 and 4);
AA-, BB-, CC-...-123456789 (example). XM-DAC-7 is shared, so the three files give 2 + 2 + 3 - 1 = 6.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import time
from pathlib import Path

import pytest

import collective_impact as ci
from collective_impact.errors import FormatError, MissingFileError
from collective_impact.io.iati import (
    MEASURE_UNIT,
    ORGANISATION_ROLE,
    ORGANISATION_TYPE_SECTOR,
    RESULT_TYPE_LEVEL,
    ImportIssue,
    ImportIssueCode,
    ImportReport,
    from_iati,
    parse_value,
)

DATA = Path(__file__).parent / "data" / "iati"
LB = DATA / "dportal__LB-MOI-497.xml"
CH = DATA / "dportal__CH-FDJP-CHE106823242.xml"
STD = DATA / "activity-standard-example-annotated.xml"


def counts(report: ImportReport) -> tuple[int, int, int, int]:
    return report.partners, report.activities, report.indicators, report.observations


def interpreted(report: ImportReport) -> list[ImportIssue]:
    """The warnings of what the import read and interpreted, without ``not-represented``."""
    return [w for w in report.warnings if w.code is not ImportIssueCode.NOT_REPRESENTED]


def interpreted_codes(report: ImportReport) -> dict[ImportIssueCode, int]:
    codes = report.codes()
    codes.pop(ImportIssueCode.NOT_REPRESENTED, None)
    return codes


def write(tmp_path: Path, text: str, name: str = "x.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def doc(body: str, root_attrs: str = 'version="2.03"') -> str:
    return f"<iati-activities {root_attrs}>{body}</iati-activities>"


class TestRealFiles:
    def test_lb_moi(self) -> None:
        init, report = from_iati(LB)
        # 12 indicators, two of which (results 7 and 8, outcomes) have an empty period -> 10 actuals
        assert counts(report) == (2, 1, 12, 10)
        assert [(w.code, w.path, w.line) for w in interpreted(report)] == [
            ("empty-period", "iati-activity[1]/result[7]/indicator[1]/period[1]", 198),
            ("empty-period", "iati-activity[1]/result[8]/indicator[1]/period[1]", 212),
            # its one transaction is an expenditure (type 4): no flow between partners
            ("no-funding-flow", "iati-activity[1]/transaction[1]/transaction-type[1]/@code", 40),
        ]
        assert init.ties == ()
        abaad = init.partner("LB-MOI-497")
        assert abaad.name == "ABAAD - Resource Center for Gender Equality"
        assert abaad.sector is ci.Sector.NONPROFIT  # type 22 National NGO
        assert abaad.roles == (ci.Role.SERVICE_PROVIDER,)  # role 4
        dutch = init.partner("XM-DAC-7")
        assert (dutch.sector, dutch.roles) == (ci.Sector.GOVERNMENT, (ci.Role.FUNDER,))
        (act,) = init.activities
        assert act.id == "LB-MOI-497-XM-DAC-7-PPR-4000003882"
        assert act.partners == ("LB-MOI-497", "XM-DAC-7")  # implementing first
        assert (act.start, act.end) == (dt.date(2020, 6, 1), dt.date(2020, 11, 30))
        assert act.places == ("LB",)
        assert dict(act.contributes) == {
            f"{act.id}/{k}": 1.0
            for k in (
                "1.1",
                "2.1",
                "3.1",
                "4.1",
                "4.2",
                "5.1",
                "6.1",
                "6.2",
                "6.3",
                "6.4",
                "7.1",
                "8.1",
            )
        }
        first = init.indicator(f"{act.id}/1.1")
        assert first.name.startswith("Output indicator 2.2.1 Number of ISF officers")
        assert (first.unit, first.direction, first.level, first.quadrant) == (
            None,
            ci.Direction.INCREASE,
            ci.Level.PERFORMANCE,
            ci.Quadrant.HOW_MUCH,
        )
        assert first.baseline is None
        assert first.target == ci.DatedValue(date="2020-11-30", value=120)
        assert first.observations == (
            ci.Observation(date="2020-11-30", value=124, reported_by="LB-MOI-497"),
        )
        only_actual = init.indicator(f"{act.id}/5.1")  # output 1.2.1: actual 87, no target
        assert only_actual.target is None
        assert [o.value for o in only_actual.observations] == [87.0]
        outcome = init.indicator(f"{act.id}/7.1")
        assert (outcome.unit, outcome.quadrant) == ("percent", ci.Quadrant.BETTER_OFF)
        assert outcome.observations == ()

    def test_terre_des_hommes(self) -> None:
        init, report = from_iati(CH)
        assert counts(report) == (2, 2, 13, 13)
        # indicators 1.1.4 and 1.1.3 have baseline iso-date 2021-03-31 but year 2020
        assert [(w.code, w.path, w.raw) for w in interpreted(report)] == [
            (
                "baseline-date",
                "iati-activity[2]/result[2]/indicator[1]/baseline[1]/@iso-date",
                "2021-03-31",
            ),
            (
                "baseline-date",
                "iati-activity[2]/result[2]/indicator[2]/baseline[1]/@iso-date",
                "2021-03-31",
            ),
            # the reporting-org's ref lacks the participating-org's hyphen: its 13 actuals
            # have no reporter (they had none before either, without a word)
            (
                "unmatched-reporter",
                "iati-activity[2]/reporting-org[1]/@ref",
                "CH-FDJP-CHE106823242",
            ),
            # 6 expenditures (type 4); the first activity's incoming funds name neither side:
            # no provider is assumed, and the receiver assumed, the reporting-org, is no partner
            ("no-funding-flow", "iati-activity[1]/transaction[2]/transaction-type[1]/@code", "4"),
            ("missing-funding-party", "iati-activity[1]/transaction[1]/provider-org[1]", None),
            (
                "unmatched-funding-party",
                "iati-activity[1]/transaction[1]/receiver-org[1]",
                "CH-FDJP-CHE106823242",
            ),
        ]
        assert "its 13 reported values have no reporter" in interpreted(report)[2].message
        # the second activity's incoming funds: from the Dutch ministry to Terre des hommes
        assert init.ties == (
            ci.Tie(source="XM-DAC-7", target="CH-FDJP-CHE-106823242", kind="funding"),
        )
        tdh = init.partner("CH-FDJP-CHE-106823242")
        # roles 2 (accountable) and 4 (implementing) merged into one partner
        assert tdh.roles == (ci.Role.SERVICE_PROVIDER, ci.Role.STEERING_COMMITTEE)
        # the narrative tagged EN is chosen, even though the publisher wrote French in it
        assert tdh.name == "Terre des hommes - Aide à l'enfance dans le monde - Fondation"
        a, b = init.activities
        assert a.id == "CH-FDJP-CHE106823242-2019723a"
        assert a.contributes == {}  # no results
        assert (a.start, a.end) == (dt.date(2019, 5, 1), dt.date(2020, 5, 31))
        # line breaks in the title collapsed
        assert b.name == (
            "Emergency COVID-19 pandemic adapted WASH, Protection, and Basic Needs Assistance "
            "for vulnerable returnee and/or IDP communities in post-conflict Iraq"
        )
        assert b.partners == ("CH-FDJP-CHE-106823242", "XM-DAC-7")
        ind = init.indicator("CH-FDJP-CHE-106823242-20119723b/1.1")
        # baseline with only @year -> 1 January; no @ascending: the target above the baseline
        # says higher is better (the direction is not stated, nor assumed)
        assert ind.baseline == ci.DatedValue(date="2020-01-01", value=0)
        assert (ind.direction, ind.better) == (None, ci.Direction.INCREASE)
        # the reporting-org ref (CH-FDJP-CHE106823242) differs from the participating one
        assert ind.observations[0].reported_by is None
        contradicted = init.indicator("CH-FDJP-CHE-106823242-20119723b/2.1")
        assert contradicted.baseline is not None
        assert contradicted.baseline.date == dt.date(2020, 1, 1)
        pct = init.indicator("CH-FDJP-CHE-106823242-20119723b/3.1")
        assert pct.unit == "percent"
        assert (pct.target.value if pct.target else None, pct.observations[0].value) == (60, 100)

    def test_standard_example(self) -> None:
        init, report = from_iati(STD)
        assert counts(report) == (3, 1, 1, 1)
        # the example's baseline, target and actual are each for two locations as well
        group = "age=adult, location=AF-KAN, location=KH-PNH, sex=female"  # sorted
        assert [(w.code, w.raw) for w in interpreted(report)] == [
            ("baseline-dimensions", group),
            ("target-dimensions", group),
            ("target-equals-baseline", None),  # 10 and 10: the model refuses such a target
        ]
        assert {p.id: (p.sector.value, [r.value for r in p.roles]) for p in init.partners} == {
            "BB-BBB-123456789": ("government", ["funder"]),  # type 40 multilateral, role 1
            "CC-CCC-123456789": ("government", ["steering-committee"]),  # type 10, role 2
            "AA-AAA-123456789": ("nonprofit", ["funder"]),  # type 21, role 3 extending
        }
        (act,) = init.activities
        # no implementing org: extending (3) leads, then accountable (2), then funding (1)
        assert act.partners == ("AA-AAA-123456789", "CC-CCC-123456789", "BB-BBB-123456789")
        assert (act.start, act.end) == (dt.date(2012, 4, 28), dt.date(2015, 12, 31))
        ind = init.indicator("AA-AAA-123456789-ABC123/1.1")
        assert ind.name == "Indicator title"
        assert ind.baseline == ci.DatedValue(date="2012-01-01", value=10)
        assert ind.target is None  # 10, the baseline: left out with a warning
        assert ind.observations == (
            ci.Observation(
                date="2013-03-31",
                value=11,
                reported_by="AA-AAA-123456789",  # the reporting-org is a participating org
                group=group,
            ),
        )

    def test_all_files_together(self) -> None:
        init, report = from_iati([LB, CH, STD], name="Three publishers")
        assert init.name == "Three publishers"
        assert counts(report) == (6, 4, 26, 24)  # XM-DAC-7 merged across files
        assert interpreted_codes(report) == {
            "baseline-date": 2,
            "baseline-dimensions": 1,
            "empty-period": 2,
            "missing-funding-party": 1,
            "no-funding-flow": 2,  # one per file with expenditures: LB and CH
            "target-dimensions": 1,
            "target-equals-baseline": 1,
            "unmatched-funding-party": 1,
            "unmatched-reporter": 1,
        }
        assert [(t.source, t.target) for t in init.ties] == [
            ("BB-BBB-123456789", "AA-AAA-123456789"),
            ("XM-DAC-7", "CH-FDJP-CHE-106823242"),
        ]
        assert report.ties == 2
        assert init.partner("XM-DAC-7").roles == (ci.Role.FUNDER,)

    def test_what_has_no_place_in_the_model_is_reported(self) -> None:
        """The module promised that nothing in a file is lost silently, but transactions,
        budgets, sectors, recipient regions, locations... were dropped without a word. One
        issue per file names each kind with its number, at the first one."""
        _, report = from_iati(STD)
        (issue,) = [w for w in report.warnings if w.code is ImportIssueCode.NOT_REPRESENTED]
        # the first is the activity's own @budget-not-provided, an attribute not read
        assert issue.path == "iati-activity[1]/@budget-not-provided"
        assert issue.line == 8  # its line, as every other issue has (it had none)
        assert issue.location.endswith(".xml:8: iati-activity[1]/@budget-not-provided")
        assert issue.message.startswith(
            # activity-status is read now (code 2, implementation: imported as before); the
            # transaction is read for its tie, the rest of it counted (12 parts for 1 element);
            # 18 attributes of elements read are counted too
            "84 elements and attributes of the activities have no place in the model and are not "
            "imported: "
            "activity-scope (1), actual/comment (1), "
            "actual/document-link (1), baseline/comment (1), baseline/document-link (1), "
            "budget (1),"
        )
        for kind in (
            "transaction/value (1)",
            "transaction/transaction-date (1)",
            "transaction/description (1)",
            "transaction/sector (1)",
            "sector (3)",
            "recipient-region (2)",
            "recipient-country/@percentage (2)",  # the country split (it was dropped silently)
            "location (2)",
            "indicator/reference (3)",
            "result/description (1)",
        ):
            assert kind in issue.message
        # every file has its own
        _, together = from_iati([LB, CH, STD])
        assert together.codes()[ImportIssueCode.NOT_REPRESENTED] == 3

    def test_attributes_not_read_of_elements_read_are_counted(self) -> None:
        """The summary said the elements and attributes with no place in the model were counted,
        but an attribute of an element the import reads was left out: LB-MOI-497's 12
        indicator/@aggregation-status (whether the values may be summed), its
        @default-currency, @humanitarian, @hierarchy, transaction/@ref... 36 in all, not 17.
        The attributes read (indicator/@measure and @ascending, dimension/@name...) are not."""
        _, report = from_iati(LB)
        (issue,) = [w for w in report.warnings if w.code is ImportIssueCode.NOT_REPRESENTED]
        assert issue.path == "iati-activity[1]/@default-currency"
        assert issue.message.startswith("36 elements and attributes of the activities ")
        for kind in (
            "iati-activity/@default-currency (1)",
            "iati-activity/@hierarchy (1)",
            "iati-activity/@humanitarian (1)",
            "indicator/@aggregation-status (12)",
            "result/@aggregation-status (8)",
            "participating-org/@activity-id (1)",
            "transaction/@humanitarian (1)",
            "transaction/@ref (1)",
            "recipient-country/@percentage (1)",
        ):
            assert kind in issue.message
        for read in ("@measure", "@ascending", "@version", "@last-updated", "@role", "@code"):
            assert read not in issue.message

    def test_attributes_of_the_elements_read_of_a_result_and_transaction(
        self, tmp_path: Path
    ) -> None:
        """Each attribute not read is counted once by its element, at the first; one of an
        extension namespace, or of an element already counted (a second provider-org), is
        not."""
        xml = """<iati-activities version="2.03" xmlns:x="http://example.org/x">
          <iati-activity default-currency="EUR" x:mine="1">
            <iati-identifier>A</iati-identifier><title><narrative>A</narrative></title>
            <participating-org ref="XM-1" role="4"><narrative>N</narrative></participating-org>
            <result type="1"><title><narrative>R</narrative></title>
              <indicator measure="1" ascending="1" aggregation-status="0">
                <title><narrative>I</narrative></title>
                <period><period-start iso-date="2020-01-01" /><period-end iso-date="2020-12-31" />
                  <actual value="3"><dimension name="sex" value="f" vocabulary="z"/></actual>
                </period>
              </indicator>
            </result>
            <transaction ref="t1"><transaction-type code="1"/>
              <provider-org ref="XM-2" type="10"/><provider-org ref="XM-3" type="10"/>
            </transaction>
          </iati-activity>
        </iati-activities>"""
        _, report = from_iati(write(tmp_path, xml))
        (issue,) = [w for w in report.warnings if w.code is ImportIssueCode.NOT_REPRESENTED]
        assert issue.path == "iati-activity[1]/@default-currency"
        assert issue.message == (
            "6 elements and attributes of the activities have no place in the model and are not "
            "imported: dimension/@vocabulary (1), iati-activity/@default-currency (1), "
            "indicator/@aggregation-status (1), transaction/@ref (1), "
            "transaction/provider-org after the first (1), transaction/provider-org/@type (1) "
            "(the first is here)"
        )

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_round_trip(self, fmt: str) -> None:
        init, _ = from_iati([LB, CH, STD])
        assert ci.loads(ci.dumps(init, fmt), fmt) == init

    def test_report_to_dict(self) -> None:
        _, report = from_iati(LB)
        d = report.to_dict()
        assert (d["partners"], d["activities"], d["indicators"], d["observations"]) == (
            2,
            1,
            12,
            10,
        )
        assert d["sources"] == [str(LB)]
        assert d["warnings"][0]["location"] == (
            f"{LB}:198: iati-activity[1]/result[7]/indicator[1]/period[1]"
        )
        assert pickle.loads(pickle.dumps(report)) == report

    def test_default_name(self) -> None:
        init, _ = from_iati(LB)
        assert init.name == "IATI activities: dportal__LB-MOI-497.xml"


class TestCodelists:
    """Every code the mapping tables use exists in the IATI codelists, and vice versa."""

    @staticmethod
    def codes(name: str) -> set[str]:
        from defusedxml.ElementTree import parse

        root = parse(DATA / "codelists" / f"{name}.xml").getroot()
        return {c.text or "" for c in root.iter("code")}

    def test_organisation_type(self) -> None:
        assert set(ORGANISATION_TYPE_SECTOR) == self.codes("OrganisationType")

    def test_organisation_role(self) -> None:
        assert set(ORGANISATION_ROLE) == self.codes("OrganisationRole")

    def test_measure(self) -> None:
        assert set(MEASURE_UNIT) == self.codes("IndicatorMeasure")

    def test_result_type(self) -> None:
        assert set(RESULT_TYPE_LEVEL) == self.codes("ResultType")


class TestParseValue:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("124", 124.0),
            (" 12.5 ", 12.5),
            ("-3", -3.0),
            ("1e3", 1000.0),
            ("£3,500,000", 3_500_000.0),
            ("USD 1,200", 1200.0),
            ("60%", 60.0),
            ("2015:1584728 (158%)", 1_584_728.0),
            ("Not available", None),
            ("", None),
            ("3 to 5", None),
            ("12,5", None),
            ("nan", None),
            ("inf", None),
        ],
    )
    def test_values(self, raw: str, expected: float | None) -> None:
        value, note = parse_value(raw)
        assert value == expected
        if expected is None or raw.strip() not in {"124", "12.5", "-3", "1e3"}:
            assert note is not None  # anything but a plain number is explained
        else:
            assert note is None


class TestPercentBesideACount:
    """A percentage indicator (measure 2) whose actual is "2015:1584728 (158%)" was imported
    as 1,584,728 percent, the number after the colon, the remark dropped (found by a
    reviewer): a count beside its share. Such a value is ambiguous on a percentage indicator,
    kept as raw text; a remark repeating the number, and any remark on a count, are read."""

    @staticmethod
    def one(measure: str, value: str) -> str:
        return doc(
            activity(
                "A",
                f'<result type="2"><indicator measure="{measure}" ascending="1"><title>'
                '<narrative>Share vaccinated</narrative></title><baseline year="2014" value="40"/>'
                + period(
                    "2015-01-01", "2015-12-31", f'<target value="100"/><actual value="{value}"/>'
                )
                + "</indicator></result>",
            )
        )

    def test_a_count_beside_its_percentage_is_refused(self, tmp_path: Path) -> None:
        init, report = from_iati(write(tmp_path, self.one("2", "2015:1584728 (158%)")))
        assert init.indicators[0].observations == ()
        (w,) = issues_of(report, "ambiguous-value")
        assert (w.path, w.raw) == (
            "iati-activity[1]/result[1]/indicator[1]/period[1]/actual[1]/@value",
            "2015:1584728 (158%)",
        )
        assert w.message == (
            "actual '2015:1584728 (158%)' is ambiguous on a percentage indicator (measure 2): "
            "its number is 1584728 but its remark gives 158%, which that number is not, cut or "
            "rounded to the nearest at the remark's last digit (a count or a fraction beside its "
            "percentage?); kept here as raw text, not in the model (if 158% is the value, write "
            "158)"
        )
        assert "parsed-value" not in report.codes()

    @pytest.mark.parametrize(
        ("raw", "value"),
        [
            # |33.3 - 33| = 0.3 <= 0.5 and |12.5 - 13| = 0.5 <= 0.5: the remark is the number
            # rounded to the nearest whole percent; 12 <= 12.9 < 13: cut after the units
            ("33.3 (33%)", 33.3),
            ("12.5 (13%)", 12.5),
            ("12.9 (12%)", 12.9),
            ("33.33 (33.3%)", 33.33),  # 33.3 <= 33.33 < 33.4: cut after the tenths
            ("2015:99.6 (100%)", 99.6),  # |99.6 - 100| = 0.4 <= 0.5
            ("99.5 (100%)", 99.5),  # |99.5 - 100| = 0.5 <= 0.5
            ("0.4 (0%)", 0.4),  # 0 <= 0.4 < 1
            ("7 (7.0%)", 7.0),  # the same number
            ("-5.5 (-6%)", -5.5),  # |-5.5 - -6| = 0.5 <= 0.5
            ("-5.9 (-5%)", -5.9),  # -6 < -5.9 <= -5: cut toward 0
            ("60.4 (60,4%)", 60.4),  # a decimal comma in the remark: 60.4
            ("1.35 (1,350%)", 1.35),  # 1.350 with a decimal comma (or 1350): the number
        ],
    )
    def test_a_remark_rounding_its_number_is_read(
        self, tmp_path: Path, raw: str, value: float
    ) -> None:
        """ "33.3 (33%)" and "12.5 (13%)" were refused as ambiguous, and the message asked
        whether 33.3 was "a count beside its percentage" (found by a reviewer): a remark that
        rounds the number to its last digit gives the same percentage."""
        init, report = from_iati(write(tmp_path, self.one("2", raw)))
        assert [o.value for o in init.indicators[0].observations] == [value]
        assert "ambiguous-value" not in report.codes()

    @pytest.mark.parametrize(
        "raw",
        [
            "61 (60%)",  # |61 - 60| = 1: a whole unit of the remark's last digit
            "33.4 (33.3%)",  # 0.1, a unit of the tenth (in decimal: not 0.0999...)
            "0.6 (60%)",  # a fraction beside its percentage
        ],
    )
    def test_a_unit_of_the_remark_apart_is_refused(self, tmp_path: Path, raw: str) -> None:
        init, report = from_iati(write(tmp_path, self.one("2", raw)))
        assert init.indicators[0].observations == ()
        (w,) = issues_of(report, "ambiguous-value")
        assert w.raw == raw

    @pytest.mark.parametrize(
        "raw",
        [
            "0.01 (1%)",  # 1 <= 0.01 fails, and |0.01 - 1| = 0.99 > 0.5
            "0.014 (1%)",  # |0.014 - 1| = 0.986 > 0.5
            "0.001 (0.1%)",  # 0.1 <= 0.001 fails, and |0.001 - 0.1| = 0.099 > 0.05
            "12.1 (13%)",  # 13 <= 12.1 fails, and |12.1 - 13| = 0.9 > 0.5
            "0.6 (60,5%)",  # a decimal comma in the remark: 60.5, and |0.6 - 60.5| > 0.05
            "-5.1 (-6%)",  # -7 < -5.1 <= -6 fails, and |-5.1 - -6| = 0.9 > 0.5
        ],
    )
    def test_a_remark_rounded_up_from_afar_is_refused(self, tmp_path: Path, raw: str) -> None:
        """ "0.01 (1%)" was read as 0.01 %, with only a parsed-value note (found by a
        reviewer): any number less than a unit of the remark's last digit from it was taken
        for the remark rounded, so a fraction beside its percentage passed as a hundredth of
        one; and a remark with a decimal comma, "(60,5%)", was not seen as a percentage and
        "0.6 (60,5%)" was read as 0.6 %. A remark cuts its number or rounds it to the
        nearest, nothing else."""
        init, report = from_iati(write(tmp_path, self.one("2", raw)))
        assert init.indicators[0].observations == ()
        (w,) = issues_of(report, "ambiguous-value")
        assert w.raw == raw

    def test_a_remark_of_two_readings_names_both(self, tmp_path: Path) -> None:
        """ "(1,350%)" is 1.35 % with a decimal comma, 1350 % with the comma grouping
        thousands: 5 is neither, cut or rounded."""
        init, report = from_iati(write(tmp_path, self.one("2", "5 (1,350%)")))
        assert init.indicators[0].observations == ()
        (w,) = issues_of(report, "ambiguous-value")
        assert "its number is 5 but its remark gives 1.35% or 1350%," in w.message
        assert w.message.endswith("(if one of them is the value, write it)")

    @pytest.mark.parametrize(
        ("measure", "raw", "value"),
        [
            ("2", "60 (60%)", 60.0),
            ("2", "2015:60 ( 60.0 % )", 60.0),
            ("2", "60 (est.)", 60.0),
            ("2", "60 (158% of plan)", 60.0),  # a remark, not a lone percentage
            ("1", "2015:1584728 (158%)", 1_584_728.0),  # a count: its number
        ],
    )
    def test_others_are_read(self, tmp_path: Path, measure: str, raw: str, value: float) -> None:
        init, report = from_iati(write(tmp_path, self.one(measure, raw)))
        assert [o.value for o in init.indicators[0].observations] == [value]
        assert "ambiguous-value" not in report.codes()


QUIRKS = """<?xml version="1.0" encoding="UTF-8"?>
<iati:iati-activities xmlns:iati="http://example.org/iati">
 <iati:iati-activity version="2.02" xml:lang="fr">
  <iati:iati-identifier>XM-1 with  spaces</iati:iati-identifier>
  <iati:reporting-org ref="XM-1"><iati:narrative>Reporter</iati:narrative></iati:reporting-org>
  <iati:title>
   <iati:narrative>Titre</iati:narrative>
   <iati:narrative xml:lang="ENG">Clinic
      network</iati:narrative>
  </iati:title>
  <iati:participating-org role="1" type="60">
   <iati:narrative>The  Example Foundation.</iati:narrative>
  </iati:participating-org>
  <iati:participating-org role="4">
   <iati:narrative>Local Health NGO</iati:narrative>
  </iati:participating-org>
  <iati:participating-org ref="XM-1" role="4" type="22">
   <iati:narrative>Reporter</iati:narrative>
  </iati:participating-org>
  <iati:result type="2">
   <iati:indicator measure="" ascending="0">
    <iati:title><iati:narrative>Visits</iati:narrative></iati:title>
    <iati:baseline year="2019" value="£3,500,000"/>
    <iati:period>
     <iati:period-start iso-date="2020-01-01"/><iati:period-end iso-date="2020-12-31"/>
     <iati:target value="Not available"/>
     <iati:actual value="2015:1584728 (158%)"/>
    </iati:period>
    <iati:period>
     <iati:period-start iso-date="2021-01-01"/><iati:period-end iso-date="2021-12-31"/>
    </iati:period>
    <iati:period>
     <iati:period-start iso-date="2022-01-01"/><iati:period-end iso-date="2022-12-31"/>
     <iati:actual value="Not available"/>
     <iati:actual value="60%"><iati:dimension name="sex" value="female"/></iati:actual>
    </iati:period>
   </iati:indicator>
   <iati:indicator measure="5">
    <iati:title><iati:narrative>Satisfaction</iati:narrative></iati:title>
   </iati:indicator>
  </iati:result>
 </iati:iati-activity>
 <iati:iati-activity version="2.02">
  <iati:iati-identifier>XM-2</iati:iati-identifier>
  <iati:title><iati:narrative>Second</iati:narrative></iati:title>
  <iati:participating-org role="2" type="10">
   <iati:narrative>the example foundation</iati:narrative>
  </iati:participating-org>
  <iati:participating-org role="4" type="22">
   <iati:narrative>LOCAL HEALTH NGO</iati:narrative>
  </iati:participating-org>
 </iati:iati-activity>
</iati:iati-activities>
"""


class TestTargetAgainstDirection:
    """The model refuses a target equal to the baseline or on the wrong side of it."""

    @staticmethod
    def indicator(
        tmp_path: Path, ascending: str, target: str
    ) -> tuple[ci.Indicator, list[tuple[str, str]]]:
        xml = doc(
            f"""<iati-activity><iati-identifier>XM-1 A</iati-identifier>
            <title><narrative>Clinics</narrative></title>
            <participating-org ref="XM-1" role="4" type="22"><narrative>NGO</narrative>
            </participating-org>
            <result type="1"><indicator measure="2" {ascending}>
              <title><narrative>Obesity</narrative></title>
              <baseline year="2020" iso-date="2020-01-01" value="24"/>
              <period><period-end iso-date="2025-12-31"/><target value="{target}"/></period>
            </indicator></result></iati-activity>"""
        )
        init, report = from_iati(write(tmp_path, xml))
        return init.indicators[0], [(w.code, w.path.rsplit("/", 1)[-1]) for w in report.warnings]

    def test_absent_ascending_follows_the_target(self, tmp_path: Path) -> None:
        ind, warnings = self.indicator(tmp_path, "", "18")
        assert (ind.direction, ind.better, ind.target.value if ind.target else None) == (
            None,
            ci.Direction.DECREASE,
            18.0,
        )
        assert warnings == [("direction-from-target", "@ascending")]

    def test_explicit_ascending_drops_the_target(self, tmp_path: Path) -> None:
        ind, warnings = self.indicator(tmp_path, 'ascending="1"', "18")
        assert (ind.direction, ind.target) == (ci.Direction.INCREASE, None)
        assert warnings == [("target-against-ascending", "@ascending")]

    def test_target_equal_to_baseline_is_dropped(self, tmp_path: Path) -> None:
        ind, warnings = self.indicator(tmp_path, 'ascending="0"', "24")
        assert (ind.direction, ind.target) == (ci.Direction.DECREASE, None)
        assert warnings == [("target-equals-baseline", "period")]

    def test_agreeing_target_is_kept(self, tmp_path: Path) -> None:
        ind, warnings = self.indicator(tmp_path, 'ascending="false"', "18")
        assert (ind.direction, ind.target.value if ind.target else None) == (
            ci.Direction.DECREASE,
            18.0,
        )
        assert warnings == []


class TestDescendingCount:
    """The message quoted ascending='0' when the attribute read "false" (or "False")."""

    @pytest.mark.parametrize("raw", ["0", "false", "False", " 0 "])
    def test_the_message_quotes_the_attribute(self, tmp_path: Path, raw: str) -> None:
        inner = period("2020-01-01", "2020-12-31", '<target value="80"/><actual value="90"/>')
        body = indicator(inner).replace('ascending="1"', f'ascending="{raw}"')
        _, report = from_iati(write(tmp_path, doc(activity("A", body))))
        (w,) = issues_of(report, "descending-count")
        assert w.raw == raw
        assert w.message.startswith(f"ascending={raw!r} on a count indicator: kept as 'decrease'")


class TestQuirks:
    @pytest.fixture
    def imported(self, tmp_path: Path) -> tuple[ci.Initiative, ImportReport]:
        return from_iati(write(tmp_path, QUIRKS))

    def test_counts(self, imported: tuple[ci.Initiative, ImportReport]) -> None:
        _, report = imported
        # partners: XM-1, the foundation and the NGO (both merged by name across activities);
        # one indicator with observations 1584728 and 60 (group sex=female); the qualitative
        # indicator has no period
        assert counts(report) == (3, 2, 2, 2)

    def test_warnings(self, imported: tuple[ci.Initiative, ImportReport]) -> None:
        _, report = imported
        a1 = "iati-activity[1]"
        ind = f"{a1}/result[1]/indicator[1]"
        assert [(w.code, w.path, w.raw) for w in interpreted(report)] == [
            ("no-ref", f"{a1}/participating-org[1]", "The Example Foundation."),
            ("no-ref", f"{a1}/participating-org[2]", "Local Health NGO"),
            ("no-measure", f"{ind}/@measure", ""),
            ("descending-count", f"{ind}/@ascending", "0"),
            ("parsed-value", f"{ind}/baseline[1]/@value", "£3,500,000"),
            ("non-numeric-value", f"{ind}/period[1]/target[1]/@value", "Not available"),
            ("parsed-value", f"{ind}/period[1]/actual[1]/@value", "2015:1584728 (158%)"),
            ("empty-period", f"{ind}/period[2]", None),
            ("non-numeric-value", f"{ind}/period[3]/actual[1]/@value", "Not available"),
            ("parsed-value", f"{ind}/period[3]/actual[2]/@value", "60%"),
            ("mixed-units", ind, "%, £"),  # a baseline in pounds, an actual in percent
            (
                "non-quantitative-measure",
                f"{a1}/result[1]/indicator[2]/@measure",
                "5",
            ),
            ("no-ref", "iati-activity[2]/participating-org[1]", "the example foundation"),
            ("no-ref", "iati-activity[2]/participating-org[2]", "LOCAL HEALTH NGO"),
            # two implementing organisations: the reporting-org, XM-1, leads, whatever their
            # order; reported once every partner's id is spelt
            ("chosen-lead", a1, "local-health-ngo, XM-1"),
            # typed 60 (philanthropy) once and 10 (government) once: a tie, which the model's
            # order of sectors decides, whatever the order of the activities; reported once
            # the organisation's occurrences are all known
            ("conflicting-org-type", "iati-activity[1]/participating-org[1]/@type", "60"),
        ]
        non_numeric = [w for w in report.warnings if w.code == "non-numeric-value"]
        assert all(w.line is not None for w in non_numeric)
        assert non_numeric[0].line == 26  # the <target> line in QUIRKS (counted with enumerate)

    def test_model(self, imported: tuple[ci.Initiative, ImportReport]) -> None:
        init, _ = imported
        a, b = init.activities
        assert a.id == "XM-1 with  spaces"  # kept exactly
        assert a.name == "Clinic network"  # ENG chosen over the default (fr) one
        # the reporting-org leads among the implementing organisations, though listed last
        assert a.partners == ("XM-1", "local-health-ngo", "the-example-foundation")
        assert b.partners == ("local-health-ngo", "the-example-foundation")
        foundation = init.partner("the-example-foundation")
        # 60 (Foundation) once, 10 (Government) once: a tie, decided by the order of the
        # sectors, not of the activities (the first known type won); roles from both
        assert foundation.sector is ci.Sector.GOVERNMENT
        assert foundation.roles == (ci.Role.FUNDER, ci.Role.STEERING_COMMITTEE)
        assert init.partner("local-health-ngo").sector is ci.Sector.NONPROFIT  # from activity 2
        ind = init.indicator("XM-1 with  spaces/1.1")
        assert (ind.unit, ind.direction) == (None, ci.Direction.DECREASE)
        assert ind.baseline == ci.DatedValue(date="2019-01-01", value=3_500_000)
        assert ind.target is None  # "Not available": only in the report
        assert ind.observations == (
            ci.Observation(date="2020-12-31", value=1_584_728, reported_by="XM-1"),
            ci.Observation(date="2022-12-31", value=60, reported_by="XM-1", group="sex=female"),
        )
        qual = init.indicator("XM-1 with  spaces/1.2")
        assert qual.unit == "qualitative"

    def test_org_merged_with_ref_by_name(self, tmp_path: Path) -> None:
        body = """<iati-activity><iati-identifier>A</iati-identifier><title>A</title>
          <participating-org ref="XM-9" role="4" type="22"><narrative>Acme NGO</narrative>
          </participating-org></iati-activity>
          <iati-activity><iati-identifier>B</iati-identifier><title>B</title>
          <participating-org role="1"><narrative>ACME  ngo</narrative></participating-org>
          </iati-activity>"""
        init, report = from_iati(write(tmp_path, doc(body)))
        assert [p.id for p in init.partners] == ["XM-9"]
        assert init.partner("XM-9").roles == (ci.Role.FUNDER, ci.Role.SERVICE_PROVIDER)
        assert [w.code for w in interpreted(report)] == ["no-ref"]
        assert "XM-9" in report.warnings[0].message

    def test_version_on_activity_only(self, tmp_path: Path) -> None:
        body = """<iati-activity version="2.03"><iati-identifier>A</iati-identifier><title>A</title>
          <participating-org ref="X" role="4" type="22"/></iati-activity>"""
        init, report = from_iati(write(tmp_path, doc(body, root_attrs="")))
        assert report.codes() == {"no-name": 1}
        assert init.partner("X").name == "X"

    def test_no_participating_org_uses_reporting_org(self, tmp_path: Path) -> None:
        body = """<iati-activity><iati-identifier> A </iati-identifier><title>A</title>
          <reporting-org ref="R" type="80"><narrative>Uni</narrative></reporting-org>
          </iati-activity>"""
        init, report = from_iati(write(tmp_path, doc(body)))
        assert init.activities[0].id == "A"
        assert init.activities[0].partners == ("R",)
        assert init.partner("R").sector is ci.Sector.ACADEMIC
        assert init.partner("R").roles == ()
        assert report.codes() == {"identifier-whitespace": 1, "no-participating-org": 1}

    def test_duplicate_activity_read_once(self, tmp_path: Path) -> None:
        init, report = from_iati([LB, LB])
        assert len(init.activities) == 1
        # the transaction of the copy skipped is not read: one expenditure, not two
        assert interpreted_codes(report) == {
            "duplicate-activity": 1,
            "empty-period": 2,
            "no-funding-flow": 1,
        }
        assert "1 transaction of the activities is no flow of funds" in (
            next(w for w in report.warnings if w.code == "no-funding-flow").message
        )

    def test_refs_differing_only_in_case_are_one_organisation(self, tmp_path: Path) -> None:
        """GB-1 implementing and gb-1 funding: the model tells ids apart caseless (it refused
        the whole import, naming ``partners[1].id``, which is nowhere in the file); the second
        is merged with the first, with a warning at its @ref."""
        orgs = (
            '<participating-org ref="GB-1" role="4" type="22"><narrative>Org</narrative>'
            '</participating-org><participating-org ref="gb-1" role="1" type="22">'
            "<narrative>Org two</narrative></participating-org>"
        )
        init, report = from_iati(write(tmp_path, one_activity(orgs=orgs)))
        assert [p.id for p in init.partners] == ["GB-1"]
        assert init.partner("GB-1").roles == (ci.Role.FUNDER, ci.Role.SERVICE_PROVIDER)
        (warning,) = [w for w in report.warnings if w.code == "case-variant"]
        assert (warning.path, warning.line) == ("iati-activity[1]/participating-org[2]/@ref", 3)
        assert "'gb-1' differs from 'GB-1'" in warning.message

    def test_identifiers_differing_only_in_case_keep_the_first(self, tmp_path: Path) -> None:
        first = one_activity(ident="A-1", value="5")
        second = one_activity(ident="a-1", value="7")
        text = first.replace("</iati-activities>", "") + second.split(">", 1)[1]
        init, report = from_iati(write(tmp_path, text))
        assert [a.id for a in init.activities] == ["A-1"]
        assert [o.value for i in init.indicators for o in i.observations] == [5.0]
        (warning,) = [w for w in report.warnings if w.code == "case-variant"]
        assert (warning.path, warning.line) == ("iati-activity[2]/iati-identifier[1]", 8)
        assert (
            "the copy at x.xml:1 is kept (neither says it was updated later: of such copies, "
            "the one whose id, then XML text (XML whitespace and orders the import does not "
            "read left out), comes first in code-point order)"
        ) in warning.message
        assert warning.message.endswith("this one is skipped")

    def test_a_target_without_baseline_or_ascending_says_increase_is_assumed(
        self, tmp_path: Path
    ) -> None:
        """An obesity-like percentage (measure 2): values 24, 27, then 30 with a target of 18,
        no baseline, no @ascending. IATI's default (ascending) makes it ``met``; the import
        said nothing while the verdict turned on it. Now a ``direction-assumed`` warning at
        @ascending, with its line; with ``ascending="0"`` none, and the status is off-track."""

        def xml(ascending: str) -> str:
            periods = "".join(
                f'<period><period-end iso-date="{y}-12-31"/>{target}<actual value="{v}"/></period>'
                for y, v, target in (
                    (2021, 24, ""),
                    (2022, 27, ""),
                    (2023, 30, '<target value="18"/>'),
                )
            )
            return doc(
                "<iati-activity><iati-identifier>A-1</iati-identifier>"
                "<title><narrative>T</narrative></title>\n"
                '<participating-org ref="R" role="4" type="22"><narrative>Org</narrative>'
                "</participating-org>\n"
                f'<result type="2"><indicator measure="2"{ascending}>\n'
                f"<title><narrative>Obesity</narrative></title>{periods}\n"
                "</indicator></result></iati-activity>"
            )

        init, report = from_iati(write(tmp_path, xml("")))
        (ind,) = init.indicators
        assert (ind.direction, ind.baseline) == (ci.Direction.INCREASE, None)
        (warning,) = [w for w in report.warnings if w.code == "direction-assumed"]
        assert (warning.path, warning.line) == (
            "iati-activity[1]/result[1]/indicator[1]/@ascending",
            3,
        )
        stated, report = from_iati(write(tmp_path, xml(' ascending="0"'), "y.xml"))
        assert "direction-assumed" not in report.codes()
        (ind,) = stated.indicators
        status = ci.measure_indicator(ind, as_of=dt.date(2024, 1, 1)).status
        assert status is ci.IndicatorStatus.OFF_TRACK

    def test_a_target_dated_before_its_baseline_is_left_out(self, tmp_path: Path) -> None:
        """Baseline dated 2021-03-31 (no @year), the target's period ending 2020-12-31: the
        model refuses such a pair, and the whole import stopped with an error naming no file,
        line or indicator. The target is now left out with a located warning; the actuals
        stay."""
        periods = (
            '<period><period-end iso-date="2020-12-31"/><target value="9"/>'
            '<actual value="5"/></period>'
        )
        text = one_activity(periods=periods).replace(
            '<baseline year="2019" value="1"/>', '<baseline iso-date="2021-03-31" value="1"/>'
        )
        init, report = from_iati(write(tmp_path, text))
        (ind,) = init.indicators
        assert (ind.target, [o.value for o in ind.observations]) == (None, [5.0])
        (warning,) = [w for w in report.warnings if w.code == "target-before-baseline"]
        assert warning.path == "iati-activity[1]/result[1]/indicator[1]/period"
        assert warning.line is not None
        assert "2020-12-31 is not after the baseline's 2021-03-31" in warning.message

    def test_no_ascending_and_no_target_leaves_the_direction_unknown(self, tmp_path: Path) -> None:
        """A child mortality rate by sex, with a baseline and no target or @ascending: IATI's
        default (ascending) made the lower group the worst off and sent activities to it. The
        direction is now unknown: no worst-off group is named; an unreadable @ascending is
        ignored likewise."""
        periods = (
            '<period><period-end iso-date="2021-12-31"/>'
            '<actual value="30"><dimension name="sex" value="female"/></actual>'
            '<actual value="40"><dimension name="sex" value="male"/></actual></period>'
        )
        for ascending in ("", ' ascending="yes"'):
            text = one_activity(periods=periods).replace(
                '<indicator measure="1">', f'<indicator measure="1"{ascending}>'
            )
            init, report = from_iati(write(tmp_path, text))
            (ind,) = init.indicators
            assert (ind.direction, ind.better) == (None, None)
            d = ci.measure_indicator(ind, as_of=dt.date(2021, 12, 31)).disparity
            assert d is not None
            assert (d.best, d.worst, d.highest, d.lowest) == (None, None, "sex=male", "sex=female")
            assert ("bad-ascending" in report.codes()) == bool(ascending)

    def test_a_comma_and_equals_sign_in_a_dimension_are_escaped(self, tmp_path: Path) -> None:
        """A dimension a whose value is "1, b=2" gave the group label "a=1, b=2", the label of
        the two dimensions a=1 and b=2: their actuals (30 and 40) of one period were taken as
        one group and dropped as conflicting. Names and values are now escaped with a
        backslash: two groups, both imported."""
        periods = (
            '<period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>'
            '<actual value="30"><dimension name="a" value="1, b=2"/></actual>'
            '<actual value="40"><dimension name="b" value="2"/><dimension name="a" value="1"/>'
            "</actual>"
            '<actual value="50"><dimension name="c\\d" value="x=y"/></actual></period>'
        )
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        groups = {o.group: o.value for o in init.indicators[0].observations}
        assert groups == {"a=1\\, b\\=2": 30, "a=1, b=2": 40, "c\\\\d=x\\=y": 50}
        assert ImportIssueCode.CONFLICTING_ACTUALS not in report.codes()

    def test_an_empty_dimension_is_reported_and_left_out(self, tmp_path: Path) -> None:
        """<dimension name="" value=""/> made the group "=" without a word. A dimension without
        name and value (or a location without ref) names no group: it is reported at its place
        and left out; the actual with no other dimension is the whole population's. A dimension
        with a name and no value makes the actual's group incomplete: it is not imported."""
        periods = (
            '<period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>'
            '<actual value="30"><dimension name="" value=""/></actual>'
            '<actual value="40"><dimension name="sex" value=" "/><dimension name="age" '
            'value="adult"/><location ref=""/></actual>'
            '<actual value="50"><dimension name="age" value="adult"/><location/></actual>'
            "</period>"
        )
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        groups = {o.group: o.value for o in init.indicators[0].observations}
        assert groups == {None: 30, "age=adult": 50}
        empty = [w for w in report.warnings if w.code is ImportIssueCode.EMPTY_DIMENSION]
        actual = "iati-activity[1]/result[1]/indicator[1]/period[1]/actual"
        assert [(w.path, w.message.split(":")[0], w.line is not None) for w in empty] == [
            (f"{actual}[1]/dimension[1]", "dimension without @name and @value", True),
            (f"{actual}[2]/dimension[1]", "dimension without @value", True),
            (f"{actual}[2]/location[1]", "location without @ref", True),
            (f"{actual}[3]/location[1]", "location without @ref", True),
        ]
        assert empty[0].message.endswith(
            "it names no group, and is left out of the actual's group (with no other "
            "dimension or location, the value is the whole population's)"
        )
        assert "the actual's group is incomplete" in empty[1].message
        assert "so the actual is not imported" in empty[1].message

    def test_a_dimension_with_a_value_and_no_name_is_not_the_whole_population(
        self, tmp_path: Path
    ) -> None:
        """<dimension name="" value="female"/> was left out of the group, so the female
        subgroup's values became the whole population's: of the targets 100 (whole) and 40
        (female, no name), "the whole population's, then the smallest" took 40 < 100; and the
        whole population's actual 90 and the female 35 were two actuals of one period and group
        with different values, both dropped (conflicting-actuals). A dimension with only a name
        or only a value describes a group that cannot be named: its value is not imported, so
        the target is 100 and the actual 90. Baselines likewise: the whole population's
        baseline of 2019 (value 1) is kept over an earlier (2018) half-named one of 0.5, which
        ranked first as the "whole population's" earliest. With only half-named dimensions an
        ``age=adult`` actual (70) is no longer joined by the ``age=adult, sex=`` one (40), so
        it is kept."""
        periods = (
            '<period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>'
            '<target value="100"/><target value="40"><dimension name="" value="female"/>'
            '</target><actual value="90"/><actual value="35"><dimension name="" '
            'value="female"/></actual>'
            '<actual value="70"><dimension name="age" value="adult"/></actual>'
            '<actual value="40"><dimension name="age" value="adult"/><dimension name="sex" '
            'value=""/></actual></period>'
        )
        text = one_activity(periods=periods).replace(
            '<baseline year="2019" value="1"/>',
            '<baseline year="2019" value="1"/><baseline year="2018" value="0.5">'
            '<dimension name="sex" value=""/></baseline>',
        )
        init, report = from_iati(write(tmp_path, text))
        (ind,) = init.indicators
        assert ind.target == ci.DatedValue(date=dt.date(2021, 12, 31), value=100)
        assert ind.baseline == ci.DatedValue(date=dt.date(2019, 1, 1), value=1)
        assert sorted((o.group or "", o.value) for o in ind.observations) == [
            ("", 90),
            ("age=adult", 70),
        ]
        codes = report.codes()
        assert ImportIssueCode.CONFLICTING_ACTUALS not in codes
        assert ImportIssueCode.EXTRA_TARGET not in codes
        assert ImportIssueCode.EXTRA_BASELINE not in codes
        empty = [w for w in report.warnings if w.code is ImportIssueCode.EMPTY_DIMENSION]
        assert sorted((w.path.split("/")[-2].split("[")[0], w.raw) for w in empty) == [
            ("actual", "female"),
            ("actual", "sex"),
            ("baseline", "sex"),
            ("target", "female"),
        ]
        assert all("group is incomplete" in w.message for w in empty)
        assert all("is not imported" in w.message for w in empty)

    def test_a_name_merges_with_refs_differing_only_in_case(self, tmp_path: Path) -> None:
        """GB-1 and gb-1 (one organisation, case-variant refs) named "Org": a participating-org
        without @ref named "Org" found two refs and became a third partner, "org"."""
        orgs = (
            '<participating-org ref="GB-1" role="4" type="22"><narrative>Org</narrative>'
            '</participating-org><participating-org ref="gb-1" role="1" type="22">'
            '<narrative>Org</narrative></participating-org><participating-org role="3" '
            'type="22"><narrative>Org</narrative></participating-org>'
        )
        init, report = from_iati(write(tmp_path, one_activity(orgs=orgs)))
        assert [p.id for p in init.partners] == ["GB-1"]
        (no_ref,) = [w for w in report.warnings if w.code == "no-ref"]
        assert "merged by name with the organisation whose @ref is 'GB-1'" in no_ref.message

    def test_a_reporting_ref_differing_in_case_still_reports(self, tmp_path: Path) -> None:
        """reporting-org gb-1, participating-org GB-1: the actuals had no reporter (and which
        file came first decided it). A ref that matches no participating organisation at all
        is reported, with the number of values left without a reporter."""
        reporting = '<reporting-org ref="gb-1" type="22"><narrative>Org</narrative></reporting-org>'
        orgs = (
            reporting + '<participating-org ref="GB-1" role="4" type="22"><narrative>Org'
            "</narrative></participating-org>"
        )
        init, report = from_iati(write(tmp_path, one_activity(orgs=orgs)))
        assert [o.reported_by for i in init.indicators for o in i.observations] == ["GB-1"]
        assert "unmatched-reporter" not in report.codes()
        other = orgs.replace('reporting-org ref="gb-1"', 'reporting-org ref="GB1"')
        init, report = from_iati(write(tmp_path, one_activity(orgs=other), "y.xml"))
        assert [o.reported_by for i in init.indicators for o in i.observations] == [None]
        (warning,) = [w for w in report.warnings if w.code == "unmatched-reporter"]
        assert warning.path == "iati-activity[1]/reporting-org[1]/@ref"
        assert "its 1 reported value has no reporter" in warning.message

    def test_the_copy_last_updated_is_kept_whatever_the_order(self, tmp_path: Path) -> None:
        """One activity in two downloads, the later updated (2024) with an actual of 100
        instead of 124: the copy given first was kept, so the order of the files decided the
        verdict (met or off-track). The copy last updated is kept in either order, and the
        skipped copy's issue says which is kept and why."""

        def copy(value: str, stamp: str) -> str:
            return one_activity(value=value).replace(
                "<iati-activity>", f'<iati-activity last-updated-datetime="{stamp}">'
            )

        old = write(tmp_path, copy("124", "2021-05-01T10:00:00Z"), "old.xml")
        new = write(tmp_path, copy("100", "2024-02-01T08:30:00+01:00"), "new.xml")
        for files in ([old, new], [new, old]):
            init, report = from_iati(files)
            (ind,) = init.indicators
            assert [o.value for o in ind.observations] == [100.0]
            (warning,) = [w for w in report.warnings if w.code == "duplicate-activity"]
            assert warning.source == str(old)
            assert "the copy at new.xml:1, last updated 2024-02-01T07:30:00" in warning.message
            assert "(this one 2021-05-01T10:00:00), is kept" in warning.message

    def test_missing_type(self, tmp_path: Path) -> None:
        body = """<iati-activity><iati-identifier>A</iati-identifier><title>A</title>
          <participating-org ref="X" role="4"><narrative>X</narrative>
          </participating-org></iati-activity>"""
        init, report = from_iati(write(tmp_path, doc(body)))
        assert init.partner("X").sector is ci.Sector.OTHER
        assert [(w.code, w.path) for w in interpreted(report)] == [
            ("no-org-type", "iati-activity[1]/participating-org[1]")
        ]

    def test_unknown_codes(self, tmp_path: Path) -> None:
        body = """<iati-activity><iati-identifier>A</iati-identifier><title>A</title>
          <participating-org ref="X" role="7" type="99"><narrative>X</narrative>
          </participating-org></iati-activity>"""
        init, report = from_iati(write(tmp_path, doc(body)))
        assert init.partner("X").sector is ci.Sector.OTHER
        assert report.codes() == {"no-org-type": 1, "unknown-org-type": 1, "unknown-role": 1}


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities><iati-activity><iati-identifier>&lol9;</iati-identifier>
</iati-activity></iati-activities>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<iati-activities><iati-activity><iati-identifier>&xxe;</iati-identifier>
</iati-activity></iati-activities>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE iati-activities SYSTEM "http://example.invalid/iati.dtd">
<iati-activities/>
"""


class TestGroupsAndTheWholePopulation:
    """Values for a group (``dimension``) or a place (``location``, IATI 2.03) are never taken
    as the whole population's: the model's baseline, target and whole-population series are
    the whole population's only."""

    def period(self, *elements: str) -> str:
        return '<period><period-end iso-date="2021-12-31"/>' + "".join(elements) + "</period>"

    def test_values_per_location_are_groups(self, tmp_path: Path) -> None:
        """Two actuals of one period, 600 for location KAN and 300 for KAB (900 in all): two
        groups, ``location=KAN`` and ``location=KAB``, and no whole-population value. (They
        were two whole-population values of one date, which measurement averages: 450.)"""
        periods = self.period(
            '<actual value="600"><location ref="KAN"/></actual>',
            '<actual value="300"><location ref="KAB"/></actual>',
        )
        init, _ = from_iati(write(tmp_path, one_activity(periods=periods)))
        [ind] = init.indicators
        expected = [
            (dt.date(2021, 12, 31), 600.0, "location=KAN"),
            (dt.date(2021, 12, 31), 300.0, "location=KAB"),
        ]
        assert expected == [(o.date, o.value, o.group) for o in ind.observations]
        m = ci.measure_indicator(ind, as_of=dt.date(2021, 12, 31))
        assert (m.latest_value, m.status) == (None, ci.IndicatorStatus.INSUFFICIENT_DATA)
        assert m.disparity is not None
        # no @ascending and no target: which group is worse off is unknown, not assumed
        assert (m.disparity.best, m.disparity.worst) == (None, None)
        assert (m.disparity.highest, m.disparity.lowest, m.disparity.gap) == (
            "location=KAN",
            "location=KAB",
            300.0,
        )

    def test_a_dimension_and_a_location_make_one_group(self, tmp_path: Path) -> None:
        periods = self.period(
            '<actual value="7"><dimension name="sex" value="female"/><location ref="KAN"/></actual>'
        )
        init, _ = from_iati(write(tmp_path, one_activity(periods=periods)))
        assert [o.group for o in init.indicators[0].observations] == ["location=KAN, sex=female"]

    def test_the_whole_populations_target_is_taken_before_a_groups(self, tmp_path: Path) -> None:
        """A period lists the target for women (400) before the total (1000): the target is
        1000, and the women's is reported as a further target. (It was 400, so an actual of
        900 for everyone read as met, progress 2.25.)"""
        periods = self.period(
            '<target value="400"><dimension name="sex" value="female"/></target>',
            '<target value="1000"/>',
            '<actual value="900"/>',
        )
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        ind = init.indicators[0]
        assert ind.target == ci.DatedValue(date=dt.date(2021, 12, 31), value=1000.0)
        extra = [w for w in report.warnings if w.code is ImportIssueCode.EXTRA_TARGET]
        assert [(w.path.rsplit("/", 1)[-1], w.raw) for w in extra] == [("target[1]", "400")]
        assert ImportIssueCode.TARGET_DIMENSIONS not in report.codes()

    def test_an_earlier_whole_target_beats_a_later_groups(self, tmp_path: Path) -> None:
        """The whole population decides first: its target of an earlier period is taken over a
        group's target of a later period, which is reported as set aside. (The group's target
        was taken, the latest: the girls' 400 became everyone's target.)"""
        periods = (
            '<period><period-end iso-date="2020-12-31"/><target value="800"/></period>'
            + self.period('<target value="400"><location ref="KAN"/></target>')
        )
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        assert init.indicators[0].target == ci.DatedValue(date=dt.date(2020, 12, 31), value=800.0)
        assert ImportIssueCode.TARGET_DIMENSIONS not in report.codes()
        (extra,) = [w for w in report.warnings if w.code is ImportIssueCode.EXTRA_TARGET]
        assert (extra.path.endswith("period[2]/target[1]"), extra.raw) == (True, "400")
        assert "'location=KAN'" in extra.message
        assert "2020-12-31" in extra.message

    def test_a_groups_target_only_without_a_whole_one(self, tmp_path: Path) -> None:
        periods = self.period('<target value="400"><location ref="KAN"/></target>')
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        assert init.indicators[0].target == ci.DatedValue(date=dt.date(2021, 12, 31), value=400.0)
        assert ImportIssueCode.TARGET_DIMENSIONS in report.codes()

    def test_the_whole_populations_baseline_is_taken_before_a_groups(self, tmp_path: Path) -> None:
        """Baselines for location KAN (0) then for everyone (5): the baseline is 5, the other
        reported as a further baseline."""
        text = one_activity().replace(
            '<baseline year="2019" value="1"/>',
            '<baseline year="2019" value="0"><location ref="KAN"/></baseline>'
            '<baseline year="2019" value="5"/>',
        )
        init, report = from_iati(write(tmp_path, text))
        assert init.indicators[0].baseline == ci.DatedValue(date=dt.date(2019, 1, 1), value=5.0)
        extra = [w for w in report.warnings if w.code is ImportIssueCode.EXTRA_BASELINE]
        assert [(w.path.rsplit("/", 1)[-1], w.raw) for w in extra] == [("baseline[1]", "0")]
        assert ImportIssueCode.BASELINE_DIMENSIONS not in report.codes()


class TestSecurity:
    @pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE, EXTERNAL_DTD])
    def test_rejected_fast(self, tmp_path: Path, payload: str) -> None:
        path = write(tmp_path, payload)
        t0 = time.perf_counter()
        with pytest.raises(FormatError, match="not allowed") as info:
            from_iati(path)
        assert time.perf_counter() - t0 < 1.0
        assert info.value.source == str(path)

    @pytest.mark.parametrize(
        ("payload", "line"), [(BILLION_LAUGHS, 2), (XXE, 2), (EXTERNAL_DTD, 2)]
    )
    def test_refused_at_its_line(self, tmp_path: Path, payload: str, line: int) -> None:
        """A forbidden DTD was refused without its line; three blank lines moved it to 5."""
        for text, expected in ((payload, line), (payload.replace("?>\n", "?>\n\n\n\n", 1), 5)):
            with pytest.raises(FormatError, match="not allowed") as info:
                from_iati(write(tmp_path, text))
            assert info.value.line == expected
            assert info.value.column is not None
            assert str(info.value).startswith(f"{tmp_path / 'x.xml'}, line {expected}, column ")

    def test_entity_without_dtd_is_undefined(self, tmp_path: Path) -> None:
        path = write(tmp_path, "<iati-activities>&xxe;</iati-activities>")
        with pytest.raises(FormatError, match="undefined entity"):
            from_iati(path)

    def test_size_limit(self, tmp_path: Path) -> None:
        with pytest.raises(FormatError, match="more than the limit of 100"):
            from_iati(LB, max_bytes=100)


class TestBadInput:
    def test_malformed_names_line_and_column(self, tmp_path: Path) -> None:
        path = write(tmp_path, "<iati-activities>\n <iati-activity>\n</iati-activities>\n")
        with pytest.raises(FormatError, match="mismatched tag") as info:
            from_iati(path)
        assert (info.value.source, info.value.line, info.value.column) == (str(path), 3, 3)
        assert str(info.value).startswith(f"{path}, line 3, column 3: invalid XML")

    def test_every_broken_file_is_listed(self, tmp_path: Path) -> None:
        """Of several files only the first broken one was reported, so each run showed one."""
        b1 = write(tmp_path, "<iati-activities><a></iati-activities>", "b1.xml")
        ok = write(tmp_path, doc(activity("A", "")), "ok.xml")
        dtd = write(
            tmp_path, '<?xml version="1.0"?>\n\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x/>', "d.xml"
        )
        b2 = write(tmp_path, "<iati-activities>\n<b></iati-activities>", "b2.xml")
        with pytest.raises(FormatError) as info:
            from_iati([b1, ok, dtd, b2])
        err = info.value
        assert err.source == f"{b1}, {dtd}, {b2}"
        assert [(p.message, p.code) for p in err.problems] == [
            (f"{b1}, line 1, column 23: invalid XML: mismatched tag", "syntax"),
            (
                f"{dtd}, line 3, column 13: XML document type declarations (DTDs) are not "
                "allowed: they can expand entities or fetch external files",
                "unsafe",
            ),
            (f"{b2}, line 2, column 6: invalid XML: mismatched tag", "syntax"),
        ]
        assert str(err).startswith(f"3 problems in {b1}, {dtd}, {b2}:")

    def test_one_broken_file_among_several_is_as_alone(self, tmp_path: Path) -> None:
        ok = write(tmp_path, doc(activity("A", "")), "ok.xml")
        bad = write(tmp_path, "<iati-activities>\n<b></iati-activities>", "b.xml")
        with pytest.raises(FormatError) as info:
            from_iati([ok, bad])
        assert (info.value.source, info.value.line, info.value.column) == (str(bad), 2, 6)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(MissingFileError):
            from_iati(tmp_path / "nope.xml")

    def test_empty_file(self, tmp_path: Path) -> None:
        with pytest.raises(FormatError, match="empty"):
            from_iati(write(tmp_path, "  \n"))

    def test_directory(self, tmp_path: Path) -> None:
        with pytest.raises(FormatError, match="directory"):
            from_iati(tmp_path)

    def test_not_iati(self, tmp_path: Path) -> None:
        with pytest.raises(FormatError, match="root element is <iati-organisations>"):
            from_iati(write(tmp_path, "<iati-organisations/>"))

    def test_no_organisation(self, tmp_path: Path) -> None:
        body = "<iati-activity><iati-identifier>A</iati-identifier></iati-activity>"
        with pytest.raises(FormatError, match="no participating organisations"):
            from_iati(write(tmp_path, doc(body)))

    def test_errors_are_picklable(self, tmp_path: Path) -> None:
        path = write(tmp_path, "<a>")
        with pytest.raises(FormatError) as info:
            from_iati(path)
        assert str(pickle.loads(pickle.dumps(info.value))) == str(info.value)


class TestImportIssueCode:
    def test_compares_equal_to_the_old_strings(self) -> None:
        assert ImportIssueCode.NON_NUMERIC_VALUE == "non-numeric-value"
        assert ci.ImportIssueCode is ImportIssueCode

    def test_every_reported_code_is_a_member(self) -> None:
        _, report = from_iati([LB, CH, STD])
        assert report.warnings
        assert all(isinstance(w.code, ImportIssueCode) for w in report.warnings)
        assert all(isinstance(code, ImportIssueCode) for code in report.codes())

    def test_issue_takes_the_value(self) -> None:
        issue = ImportIssue(code="no-ref", message="m", source="a.xml", path="p")
        assert issue.code is ImportIssueCode.NO_REF
        assert type(issue.to_dict()["code"]) is str
        with pytest.raises(ValueError, match="no-such-code"):
            ImportIssue(code="no-such-code", message="m", source="a.xml", path="p")

    def test_every_member_is_documented_and_used(self) -> None:
        import inspect

        from collective_impact.io import iati

        source = inspect.getsource(iati)
        for code in ImportIssueCode:
            assert f"``{code.value}``" in (ImportIssueCode.__doc__ or ""), code
            assert f"ImportIssueCode.{code.name}" in source, code


class TestFormatErrorCodes:
    def test_codes(self, tmp_path: Path) -> None:
        cases = [
            ("<iati-activities>\n<a>\n</iati-activities>", ci.ProblemCode.SYNTAX),
            ("  \n", ci.ProblemCode.EMPTY),
            (XXE, ci.ProblemCode.UNSAFE),
            ("<iati-organisations/>", ci.ProblemCode.WRONG_TYPE),
        ]
        for text, code in cases:
            with pytest.raises(FormatError) as info:
                from_iati(write(tmp_path, text))
            assert info.value.code is code, text

    def test_syntax_message_is_expat_s(self, tmp_path: Path) -> None:
        with pytest.raises(FormatError) as info:
            from_iati(write(tmp_path, "<a>"))
        assert info.value.message == "invalid XML: no element found"


# --------------------------------------------------------------------------- hostile input (#15)


def one_activity(
    *,
    ident: str = "A-1",
    title: str = "T",
    orgs: str = '<participating-org ref="R" role="4" type="22"><narrative>Org</narrative>'
    "</participating-org>",
    country: str = "KE",
    value: str = "5",
    year: str = "2019",
    dimension: str = "",
    periods: str | None = None,
) -> str:
    period = (
        f'<period><period-end iso-date="2020-12-31"/><target value="{value}"/>'
        f'<actual value="{value}">{dimension}</actual></period>'
    )
    return doc(
        f"<iati-activity><iati-identifier>{ident}</iati-identifier>\n"
        f"<title><narrative>{title}</narrative></title>\n{orgs}\n"
        f'<recipient-country code="{country}"/>\n'
        '<result type="1"><indicator measure="1"><title><narrative>I</narrative></title>\n'
        f'<baseline year="{year}" value="1"/>\n{period if periods is None else periods}\n'
        "</indicator></result></iati-activity>"
    )


def declared(encoding: str, body: str = "") -> bytes:
    text = body or one_activity()
    return f'<?xml version="1.0" encoding="{encoding}"?>\n{text}'.encode("latin-1")


class TestEncodings:
    @pytest.mark.parametrize(
        ("encoding", "why"),
        [
            ("UTF-7", "multi-byte"),
            ("shift_jis", "multi-byte"),
            ("UTF-32", "multi-byte"),
            ("bogus-enc", "not a known encoding"),
            ("rot13", "not a text encoding"),
        ],
    )
    def test_unreadable_declared_encoding(self, tmp_path: Path, encoding: str, why: str) -> None:
        path = tmp_path / "x.xml"
        path.write_bytes(declared(encoding))
        with pytest.raises(FormatError) as info:
            from_iati(path)
        err = info.value
        assert (err.source, err.line, err.column) == (str(path), 1, 31)
        assert err.code is ci.ProblemCode.ENCODING
        assert f"names the encoding {encoding!r}" in err.message
        assert why in err.message

    def test_utf32_with_bom_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "x.xml"
        path.write_bytes(one_activity().encode("utf-32"))
        with pytest.raises(FormatError, match="UTF-32") as info:
            from_iati(path)
        assert info.value.code is ci.ProblemCode.ENCODING

    @pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
    @pytest.mark.parametrize("declaration", [True, False])
    def test_utf16_with_and_without_bom(
        self, tmp_path: Path, codec: str, declaration: bool
    ) -> None:
        text = one_activity(title="Écoles")
        if declaration:
            text = '<?xml version="1.0" encoding="UTF-16"?>' + text
        path = tmp_path / "x.xml"
        path.write_bytes(text.encode(codec))
        init, _ = from_iati(path)
        assert init.activities[0].name == "Écoles"

    def test_bogus_encoding_declared_in_utf16(self, tmp_path: Path) -> None:
        path = tmp_path / "x.xml"
        path.write_bytes(
            ('<?xml version="1.0" encoding="bogus"?>' + one_activity()).encode("utf-16")
        )
        with pytest.raises(FormatError, match="'bogus', which is not a known encoding"):
            from_iati(path)

    def test_latin1_declared_holding_utf8_is_read_as_latin1(self, tmp_path: Path) -> None:
        path = tmp_path / "x.xml"
        text = '<?xml version="1.0" encoding="ISO-8859-1"?>' + one_activity(title="é")
        path.write_bytes(text.encode("utf-8"))
        init, _ = from_iati(path)
        assert init.activities[0].name == "Ã©"  # what the declaration says: a publisher's bug

    def test_invalid_utf8_is_located(self, tmp_path: Path) -> None:
        path = tmp_path / "x.xml"
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + one_activity(title="caf\x00")
        path.write_bytes(text.encode("utf-8").replace(b"caf\x00", b"caf\xe9"))
        with pytest.raises(FormatError) as info:
            from_iati(path)
        err = info.value
        assert err.code is ci.ProblemCode.ENCODING
        assert (err.source, err.line) == (str(path), 3)
        assert err.column == len("<title><narrative>caf") + 1
        assert "not UTF-8 text (invalid byte 0xe9)" in err.message

    def test_a_syntax_error_before_a_bad_byte_is_the_syntax_error(self, tmp_path: Path) -> None:
        path = tmp_path / "x.xml"
        path.write_bytes(b"<iati-activities>\n<a></b>\n\xe9</iati-activities>")
        with pytest.raises(FormatError, match="mismatched tag") as info:
            from_iati(path)
        assert info.value.line == 2


class TestHostileValues:
    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            ("1e400", ImportIssueCode.OUT_OF_RANGE_VALUE),
            ("-1e400", ImportIssueCode.OUT_OF_RANGE_VALUE),
            ("9" * 5000, ImportIssueCode.OUT_OF_RANGE_VALUE),
            ("$" + "9" * 5000, ImportIssueCode.OUT_OF_RANGE_VALUE),
            ("1e300", ImportIssueCode.OUT_OF_RANGE_VALUE),
            ("1e-20", ImportIssueCode.OUT_OF_RANGE_VALUE),
            ("1e-400", ImportIssueCode.OUT_OF_RANGE_VALUE),  # read as 0.0, a valid value
            ("-2.5E-330", ImportIssueCode.OUT_OF_RANGE_VALUE),
            ("nan", ImportIssueCode.NON_NUMERIC_VALUE),
            ("inf", ImportIssueCode.NON_NUMERIC_VALUE),
            ("-Infinity", ImportIssueCode.NON_NUMERIC_VALUE),
        ],
    )
    def test_never_reaches_the_model(self, tmp_path: Path, raw: str, code: str) -> None:
        init, report = from_iati(write(tmp_path, one_activity(value=raw)))
        (ind,) = init.indicators
        assert ind.target is None
        assert ind.observations == ()
        found = [w for w in report.warnings if w.path.endswith("/@value")]
        assert [w.code for w in found] == [code, code]
        assert found[0].line == 7
        assert found[0].raw == raw
        assert len(found[0].message) < 400  # the 5,000 digits are not repeated

    @pytest.mark.parametrize("raw", ["1e400", "9" * 5000, "£" + "9" * 400])
    def test_parse_value_never_returns_infinity(self, raw: str) -> None:
        value, note = parse_value(raw)
        assert value is None
        assert note is not None
        assert "not a finite number" in note

    @pytest.mark.parametrize(
        ("raw", "digit"),
        [
            ("\u0665e-400", "U+0665 ARABIC-INDIC DIGIT FIVE, character 1"),
            ("\u0665", "U+0665 ARABIC-INDIC DIGIT FIVE, character 1"),
            ("\uff15\uff10", "U+FF15 FULLWIDTH DIGIT FIVE, character 1"),
            ("\u00a3\u0663,500", "U+0663 ARABIC-INDIC DIGIT THREE, character 2"),
        ],
    )
    def test_parse_value_reads_only_the_digits_0_to_9(self, raw: str, digit: str) -> None:
        """An Arabic-Indic five with ``e-400`` read as 0 past the check of underflows (which
        looks for 1 to 9), as in every reader (reported by a reviewer): digits are 0 to 9."""
        value, note = parse_value(raw)
        assert value is None
        assert note == f"{raw!r} is not a number (it holds a digit other than 0 to 9: {digit})"

    @pytest.mark.parametrize("raw", ["1e-400", "-2.5E-330", "1e-0400"])
    def test_parse_value_never_returns_0_for_a_number_that_is_not(self, raw: str) -> None:
        """``1e-400`` is not 0, but reads as 0.0 as a float: every reader refuses it."""
        value, note = parse_value(raw)
        assert value is None
        assert note == (
            f"'{raw}' is too close to 0 for a floating-point number (the least is about "
            "4.9e-324): it would read as 0"
        )

    @pytest.mark.parametrize("raw", ["0e-400", "0.000e-999", "1e-310"])
    def test_parse_value_zero_and_subnormal_numbers(self, raw: str) -> None:
        assert parse_value(raw) == (float(raw), None)

    @pytest.mark.parametrize("year", ["²", "٢٠١٩", "9" * 5000, "99999"])
    def test_absurd_baseline_years(self, tmp_path: Path, year: str) -> None:
        init, report = from_iati(write(tmp_path, one_activity(year=year)))
        assert init.indicators[0].baseline is None
        assert ImportIssueCode.UNDATED_BASELINE in report.codes()

    def test_absurd_period_date(self, tmp_path: Path) -> None:
        periods = '<period><period-end iso-date="99999-01-01"/><actual value="3"/></period>'
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        assert init.indicators[0].observations == ()
        assert ImportIssueCode.UNDATED_PERIOD in report.codes()


def invalid_text(report: ImportReport) -> list[tuple[str, str, int | None]]:
    return [
        (w.path, w.message, w.line)
        for w in report.warnings
        if w.code is ImportIssueCode.INVALID_TEXT
    ]


class TestControlCharacters:
    def test_ref(self, tmp_path: Path) -> None:
        orgs = (
            '<participating-org ref="R&#x9b;X" role="4"><narrative>Bad</narrative>'
            '</participating-org><participating-org ref="G" role="1"><narrative>Good</narrative>'
            "</participating-org>"
        )
        init, report = from_iati(write(tmp_path, one_activity(orgs=orgs)))
        assert [p.id for p in init.partners] == ["G"]
        ((path, message, line),) = invalid_text(report)
        assert path == "iati-activity[1]/participating-org[1]/@ref"
        assert line == 3
        assert "U+009B" in message
        assert "skipped" in message

    def test_bidi_control_in_ref(self, tmp_path: Path) -> None:
        orgs = (
            '<participating-org ref="R&#x202e;X" role="4"><narrative>Bad</narrative>'
            "</participating-org>"
        )
        path = write(tmp_path, one_activity(orgs=orgs))
        with pytest.raises(FormatError, match=r"1 skipped, the first at .*U\+202E") as info:
            from_iati(path)
        assert info.value.source == str(path)

    def test_name_with_ref_is_named_by_the_ref(self, tmp_path: Path) -> None:
        orgs = (
            '<participating-org ref="R" role="4"><narrative>A&#x9b;B</narrative>'
            "</participating-org>"
        )
        init, report = from_iati(write(tmp_path, one_activity(orgs=orgs)))
        assert [(p.id, p.name) for p in init.partners] == [("R", "R")]
        ((path, message, _),) = invalid_text(report)
        assert path == "iati-activity[1]/participating-org[1]"
        assert "named by its @ref" in message
        assert ImportIssueCode.NO_NAME not in report.codes()

    def test_name_without_ref_cannot_identify(self, tmp_path: Path) -> None:
        orgs = (
            '<participating-org role="4"><narrative>A&#x9b;B</narrative></participating-org>'
            '<participating-org role="4"><narrative>Rights&#x202e;</narrative></participating-org>'
            '<participating-org ref="G" role="1"><narrative>Good</narrative></participating-org>'
        )
        init, report = from_iati(write(tmp_path, one_activity(orgs=orgs)))
        assert [p.id for p in init.partners] == ["G"]
        found = invalid_text(report)
        assert [p for p, _, _ in found] == [
            "iati-activity[1]/participating-org[1]",
            "iati-activity[1]/participating-org[2]",
        ]
        assert "cannot be identified" in found[0][1]
        assert "gives no valid id" in found[1][1]

    def test_identifier_title_country_and_group(self, tmp_path: Path) -> None:
        text = one_activity(
            ident="A&#x85;1",
            title="T&#x80;",
            country="K&#x9f;E",
            dimension='<dimension name="sex&#x9b;" value="f"/>',
        )
        init, report = from_iati(write(tmp_path, text, name="f.xml"))
        (act,) = init.activities
        assert act.id == act.name == "f.xml#iati-activity[1]"
        assert act.places == ()
        assert init.indicators[0].observations == ()
        assert [(p, line) for p, _, line in invalid_text(report)] == [
            ("iati-activity[1]/iati-identifier[1]", 1),
            ("iati-activity[1]/title[1]", 2),
            ("iati-activity[1]/recipient-country[1]/@code", 4),
            ("iati-activity[1]/result[1]/indicator[1]/period[1]/actual[1]", 7),
        ]
        assert ImportIssueCode.NO_TITLE not in report.codes()

    def test_line_break_inside_an_identifier(self, tmp_path: Path) -> None:
        init, report = from_iati(write(tmp_path, one_activity(ident="A\nB"), name="f.xml"))
        assert init.activities[0].id == "f.xml#iati-activity[1]"
        assert "line break" in invalid_text(report)[0][1]

    def test_issue_text_escapes_the_raw_text(self, tmp_path: Path) -> None:
        _, report = from_iati(write(tmp_path, one_activity(title="T&#x9b;[31m")))
        (issue,) = [w for w in report.warnings if w.code is ImportIssueCode.INVALID_TEXT]
        assert "\x9b" not in str(issue)
        assert "\\x9b" in str(issue)


@pytest.mark.slow  # 100,000-element IATI files: run by .ci/run
class TestScale:
    """Every path is linear: these sizes took minutes (organisations) before issue #15."""

    def test_many_participating_organisations(self, tmp_path: Path) -> None:
        n = 30_000
        orgs = "".join(
            f'<participating-org ref="O-{i}" role="2" type="22"><narrative>Org {i}</narrative>'
            "</participating-org>"
            for i in range(n)
        )
        path = write(tmp_path, one_activity(orgs=orgs))
        t0 = time.perf_counter()
        init, _ = from_iati(path)
        assert time.perf_counter() - t0 < 10  # about 1 s; quadratic, it was 10 s and more
        assert len(init.activities[0].partners) == n

    def test_many_periods(self, tmp_path: Path) -> None:
        n = 30_000
        first = dt.date(1950, 1, 1)
        ends = [(first + dt.timedelta(days=i)).isoformat() for i in range(n)]
        periods = "".join(
            f'<period><period-end iso-date="{end}"/><target value="{i + 2}"/>'
            f'<actual value="{i}"/></period>'
            for i, end in enumerate(ends)
        )
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        assert len(init.indicators[0].observations) == n
        assert report.codes()[ImportIssueCode.EXTRA_TARGET] == n - 1

    def test_groups_differing_in_case_are_one_group(self, tmp_path: Path) -> None:
        """Actuals 30 for sex=female and 40 for sex=Female of one period: one group, as the
        model and the analyses compare labels (case-folded), so they conflict and neither is
        imported. They passed the importer's checks as two groups, and the model refused the
        whole import (found by a reviewer of the session's diff)."""
        periods = (
            '<period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>'
            '<actual value="30"><dimension name="sex" value="female"/></actual>'
            '<actual value="40"><dimension name="sex" value="Female"/></actual></period>'
        )
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        assert init.indicators[0].observations == ()
        assert report.codes()[ImportIssueCode.CONFLICTING_ACTUALS] == 1  # one for both

    def test_many_conflicting_actuals(self, tmp_path: Path) -> None:
        """30,000 actuals of one period: one warning, naming five values, not 30,000."""
        n = 30_000
        periods = "".join(
            f'<period><period-end iso-date="2020-12-31"/><actual value="{i}"/></period>'
            for i in range(n)
        )
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        assert init.indicators[0].observations == ()
        assert report.codes()[ImportIssueCode.CONFLICTING_ACTUALS] == 1
        (w,) = [w for w in report.warnings if w.code is ImportIssueCode.CONFLICTING_ACTUALS]
        assert "30,000 actuals of this group" in w.message
        assert "(0, 1, 2, 3, 4 and 29,995 more)" in w.message
        # the others located, five of them, the rest counted (found by a reviewer: only the
        # first was)
        assert w.message.endswith(
            "the first is here, the others at period[2]/actual[1], period[3]/actual[1], "
            "period[4]/actual[1], period[5]/actual[1], period[6]/actual[1] and 29,994 more of "
            "this indicator)"
        )
        assert max(len(w.message) for w in report.warnings) < 550

    def test_many_repeated_actuals(self, tmp_path: Path) -> None:
        """100,000 actuals of 7 in one period made 99,999 issues: one, counting them."""
        n = 100_000
        periods = period("2020-01-01", "2020-12-31", '<actual value="7"/>' * n)
        init, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        assert [o.value for o in init.indicators[0].observations] == [7.0]
        (w,) = [w for w in report.warnings if w.code is ImportIssueCode.REPEATED_ACTUAL]
        assert w.path.endswith("period[1]/actual[2]")
        assert "100,000 actuals of this group, all 7: imported once; the 99,999 repeats" in (
            w.message
        )

    def test_many_actual_periods_within_targets(self, tmp_path: Path) -> None:
        """30,000 nested periods (each a target and an actual): the actuals-as-levels count
        sweeps them once, not target by actual."""
        first = dt.date(1950, 1, 1)
        periods = "".join(
            f'<period><period-start iso-date="{first.isoformat()}"/>'
            f'<period-end iso-date="{(first + dt.timedelta(days=i)).isoformat()}"/>'
            f'<target value="{i + 2}"/><actual value="{i}"/></period>'
            for i in range(30_000)
        )
        t0 = time.perf_counter()
        _, report = from_iati(write(tmp_path, one_activity(periods=periods)))
        assert time.perf_counter() - t0 < 20  # about 3 s, most of it the overlaps reported
        assert report.codes()[ImportIssueCode.ACTUALS_AS_LEVELS] == 1

    def test_deep_nesting_is_no_recursion(self, tmp_path: Path) -> None:
        depth = 100_000
        junk = "<x>" * depth + "</x>" * depth
        init, _ = from_iati(write(tmp_path, one_activity(periods=junk)))
        assert init.indicators[0].observations == ()

    def test_deep_copies_of_an_activity(self, tmp_path: Path) -> None:
        nest = "<x>" * 100_000 + "</x>" * 100_000
        a = activity("A", f"<description>{nest}</description>")
        _, report = from_iati(write(tmp_path, doc(a + a)))
        assert report.codes()[ImportIssueCode.DUPLICATE_ACTIVITY] == 1

    def test_deep_ordered_siblings_in_copies_of_an_activity(self, tmp_path: Path) -> None:
        """Narratives nested 50,000 deep, a pair at every level, in two copies: siblings the
        import reads in any order are put in order only six levels below the activity, so
        the comparison stays linear (each level in order would write each subtree once per
        ordered ancestor: 50,000 x 50,000 / 2)."""
        nest = "<narrative><narrative>z</narrative>" * 50_000 + "</narrative>" * 50_000
        a = activity("A", f"<description>{nest}</description>")
        _, report = from_iati(write(tmp_path, doc(a + a)))
        assert report.codes()[ImportIssueCode.DUPLICATE_ACTIVITY] == 1

    def test_element_limit(self, tmp_path: Path) -> None:
        path = write(tmp_path, one_activity(periods="\n<x/>" * 50))
        with pytest.raises(FormatError, match="more than 20 XML elements") as info:
            from_iati(path, max_elements=20)
        assert info.value.code is ci.ProblemCode.TOO_LARGE
        assert (info.value.source, info.value.line) == (str(path), 15)  # the 21st element
        init, _ = from_iati(path, max_elements=None)
        assert len(init.indicators) == 1

    def test_namespaced_elements_are_read(self, tmp_path: Path) -> None:
        text = one_activity().replace("<", "<i:").replace("<i:/", "</i:")
        text = text.replace("<i:iati-activities ", '<i:iati-activities xmlns:i="urn:x" ')
        init, _ = from_iati(write(tmp_path, text))
        assert [a.id for a in init.activities] == ["A-1"]


class TestNotRepresented:
    def test_a_file_with_only_what_the_model_reads_has_no_such_issue(self, tmp_path: Path) -> None:
        body = """<iati-activity><iati-identifier>A</iati-identifier><title>A</title>
            <participating-org ref="P" role="4" type="21"><narrative>P</narrative>
            </participating-org><!-- a comment is not an element --></iati-activity>"""
        _, report = from_iati(write(tmp_path, doc(body)))
        assert ImportIssueCode.NOT_REPRESENTED not in report.codes()

    def test_counts_each_kind_over_the_activities(self, tmp_path: Path) -> None:
        """Two activities: 3 budgets and a recipient-region in the first, 2 budgets in the
        second: one issue, at the first of them, counting 3 + 2 = 4 budgets and 1
        recipient-region. The second activity's namespaced ``x:budget`` is an extension of the
        standard, not an IATI budget: an issue of its own. (Transactions were counted so before
        they were read for funding ties.)"""
        org = '<participating-org ref="P" role="4" type="21"><narrative>P</narrative>'
        body = f"""<iati-activity><iati-identifier>A</iati-identifier><title>A</title>
            {org}</participating-org><recipient-region code="298"/>
            <budget/><budget/><budget/></iati-activity>
            <iati-activity xmlns:x="http://example.org/x"><iati-identifier>B</iati-identifier>
            <title>B</title>{org}</participating-org><x:budget/><budget/>
            </iati-activity>"""
        init, report = from_iati(write(tmp_path, doc(body)))
        issue, extension = [w for w in report.warnings if w.code is ImportIssueCode.NOT_REPRESENTED]
        assert issue.path == "iati-activity[1]/recipient-region[1]"
        assert issue.line == 2
        assert issue.message == (
            "5 elements of the activities have no place in the model and are not imported: "
            "budget (4), recipient-region (1) (the first is here)"
        )
        assert extension.path == "iati-activity[2]/{http://example.org/x}budget[1]"
        assert extension.line == 5
        assert init.activity("A").places == ()  # the region gave no place, and the report says

    def test_what_a_result_holds_beyond_its_numbers_is_reported(self, tmp_path: Path) -> None:
        """Inside results only what reaches the model was looked at: an indicator's
        description and references, a value's comment and a result with no indicator (all
        its content) were dropped without a word. Counted by where they are; a comment of a
        value without @value is not counted (the no-value issue keeps it), nor is anything
        read (titles, baseline, periods, dimensions, locations)."""
        org = '<participating-org ref="P" role="4" type="21"><narrative>P</narrative>'
        body = f"""<iati-activity><iati-identifier>A</iati-identifier><title>A</title>
            {org}</participating-org>
            <result type="1"><title><narrative>Qualitative only</narrative></title>
              <description><narrative>Trust rebuilt</narrative></description></result>
            <result type="1"><title><narrative>R</narrative></title>
              <indicator measure="1" ascending="1"><title><narrative>I</narrative></title>
                <description><narrative>How counted</narrative></description>
                <reference vocabulary="1" code="3"/><reference vocabulary="1" code="4"/>
                <baseline year="2020" value="1"><comment><narrative>c</narrative></comment>
                </baseline>
                <period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>
                  <target value="5"><dimension name="sex" value="f"/></target>
                  <actual value="3"><comment><narrative>kept</narrative></comment>
                    <document-link url="http://example.org/d"/></actual>
                  <actual><comment><narrative>no value: in its own issue</narrative></comment>
                  </actual>
                </period></indicator></result></iati-activity>"""
        init, report = from_iati(write(tmp_path, doc(body)))
        (issue,) = [w for w in report.warnings if w.code is ImportIssueCode.NOT_REPRESENTED]
        assert issue.message == (
            "7 elements of the activities have no place in the model and are not imported: "
            "actual/comment (1), actual/document-link (1), baseline/comment (1), "
            "indicator/description (1), indicator/reference (2), result without indicator (1) "
            "(the first is here)"
        )
        # the first in the file: the result without indicator, at its own line
        assert issue.path == "iati-activity[1]/result[1]"
        assert issue.line == 3
        assert [i.name for i in init.indicators] == ["I"]
        (no_value,) = [w for w in report.warnings if w.code is ImportIssueCode.NO_VALUE]
        assert no_value.raw == "no value: in its own issue"

    def test_a_nested_element_not_located_is_reported_at_its_parent(self, tmp_path: Path) -> None:
        """Only the first element of a name the import does not read keeps its line (memory):
        a later one is located by its path and the line of the nearest element kept, here
        its indicator."""
        org = '<participating-org ref="P" role="4" type="21"><narrative>P</narrative>'
        body = f"""<iati-activity><iati-identifier>A</iati-identifier><title>A</title>
            {org}</participating-org><result type="1"><title><narrative>R</narrative></title>
              <indicator measure="1" ascending="1"><title><narrative>I</narrative></title>
                <baseline year="2020" value="1"/>
                <period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>
                  <actual><comment><narrative>no value</narrative></comment></actual>
                </period></indicator>
              <indicator measure="1" ascending="1"><title><narrative>J</narrative></title>
                <baseline year="2020" value="1"/>
                <period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>
                  <actual value="2"><comment><narrative>too</narrative></comment></actual>
                </period></indicator></result></iati-activity>"""
        _, report = from_iati(write(tmp_path, doc(body)))
        (issue,) = [w for w in report.warnings if w.code is ImportIssueCode.NOT_REPRESENTED]
        assert issue.path == (
            "iati-activity[1]/result[1]/indicator[2]/period[1]/actual[1]/comment[1]"
        )
        assert issue.line == 11  # the actual's line: the comment's own is not kept
        assert "actual/comment (1)" in issue.message


# --------------------------------------------------------------------------- review of imports


def unidentified(org: str) -> str:
    """A file of one activity without an ``iati-identifier``, implemented by ``org``."""
    return doc(
        "<iati-activity><title><narrative>T</narrative></title>"
        f'<participating-org ref="{org}" role="4" type="22"><narrative>{org}'
        "</narrative></participating-org></iati-activity>"
    )


def activity(ident: str, inner: str, org: str = "") -> str:
    """One activity with a title and, unless ``org`` says otherwise, one implementing NGO."""
    org = org or (
        '<participating-org ref="XM-1" role="4" type="22"><narrative>NGO</narrative>'
        "</participating-org>"
    )
    return (
        f"<iati-activity><iati-identifier>{ident}</iati-identifier>"
        f"<title><narrative>T</narrative></title>{org}{inner}</iati-activity>"
    )


def indicator(inner: str) -> str:
    return (
        '<result type="1"><indicator measure="1" ascending="1"><title><narrative>I</narrative>'
        f"</title>{inner}</indicator></result>"
    )


def period(start: str, end: str, inner: str) -> str:
    return (
        f'<period><period-start iso-date="{start}"/><period-end iso-date="{end}"/>{inner}</period>'
    )


class TestOrderFree:
    """What the import makes of a file does not depend on the order of its elements."""

    def test_decimal_comma_is_not_a_thousands_separator(self) -> None:
        """'0,750' is 0.75 written with a decimal comma, not 750 (it was read as 750); the
        note says it may be a decimal comma (it said only "is not a number")."""
        for raw in ("0,750", "0,500", "00,250", "-0,750"):
            point = raw.replace(",", ".")
            assert parse_value(raw) == (
                None,
                f"{raw!r} is not a number (a decimal comma? IATI values are written with a "
                f"decimal point: {point})",
            ), raw
        assert parse_value("1,500")[0] == 1500.0
        assert parse_value("£10,000,000")[0] == 10_000_000.0

    def test_decimal_comma_is_kept_as_raw_text(self, tmp_path: Path) -> None:
        periods = period("2020-01-01", "2020-12-31", '<actual value="0,750"/>')
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert init.indicators[0].observations == ()
        (issue,) = [w for w in report.warnings if w.code is ImportIssueCode.NON_NUMERIC_VALUE]
        assert (issue.path.rsplit("/", 2)[-2:], issue.raw) == (["actual[1]", "@value"], "0,750")

    def test_dimensions_in_another_order_make_one_group(self, tmp_path: Path) -> None:
        sex, age = '<dimension name="sex" value="female"/>', '<dimension name="age" value="child"/>'
        periods = period(
            "2020-01-01", "2020-12-31", f'<actual value="10">{sex}{age}</actual>'
        ) + period("2021-01-01", "2021-12-31", f'<actual value="15">{age}{sex}</actual>')
        init, _ = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        groups = [o.group for o in init.indicators[0].observations]
        assert groups == ["age=child, sex=female", "age=child, sex=female"]

    @pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 0, 2)])
    def test_a_partners_sector_is_the_one_given_most_often(
        self, tmp_path: Path, order: tuple[int, int, int]
    ) -> None:
        """GB-1 typed 21 (nonprofit) twice and 10 (government) once: the sector was the first
        @type met, so it depended on the order of the activities."""
        acts = [
            activity(f"A-{k}", "", f'<participating-org ref="GB-1" role="4" type="{t}"/>')
            for k, t in enumerate(("21", "10", "21"))
        ]
        init, report = from_iati(write(tmp_path, doc("".join(acts[k] for k in order))))
        assert [p.sector.value for p in init.partners] == ["nonprofit"]
        (issue,) = [w for w in report.warnings if w.code is ImportIssueCode.CONFLICTING_ORG_TYPE]
        assert issue.raw == "10"
        assert "the sector 'government' here (1 time) but 'nonprofit' elsewhere (2 times)" in (
            issue.message
        )

    @pytest.mark.parametrize("reverse", [False, True])
    def test_a_partner_is_named_wherever_its_name_comes(
        self, tmp_path: Path, reverse: bool
    ) -> None:
        """A first occurrence without a narrative no longer names the partner by its @ref."""
        unnamed = activity("A-1", "", '<participating-org ref="GB-1" role="1" type="21"/>')
        named = activity(
            "A-2",
            "",
            '<participating-org ref="GB-1" role="4" type="21"><narrative>Oxfam GB</narrative>'
            "</participating-org>",
        )
        acts = [named, unnamed] if reverse else [unnamed, named]
        init, report = from_iati(write(tmp_path, doc("".join(acts))))
        assert [p.name for p in init.partners] == ["Oxfam GB"]
        assert ImportIssueCode.NO_NAME not in report.codes()

    def test_a_partner_never_named_is_reported_once(self, tmp_path: Path) -> None:
        unnamed = '<participating-org ref="GB-1" role="1" type="21"/>'
        acts = activity("A-1", "", unnamed) + activity("A-2", "", unnamed)
        init, report = from_iati(write(tmp_path, doc(acts)))
        assert [p.name for p in init.partners] == ["GB-1"]
        assert [(w.code, w.path) for w in report.warnings] == [
            ("no-name", "iati-activity[1]/participating-org[1]")
        ]

    @pytest.mark.parametrize("reverse", [False, True])
    def test_conflicting_names_are_reported(self, tmp_path: Path, reverse: bool) -> None:
        def org(name: str) -> str:
            return (
                f'<participating-org ref="XM-DAC-41122" role="4" type="40"><narrative>{name}'
                "</narrative></participating-org>"
            )

        names = ["UNICEF Lebanon", "UNICEF", "UNICEF"]  # the most frequent wins
        acts = [activity(f"A-{k}", "", org(n)) for k, n in enumerate(names)]
        init, report = from_iati(write(tmp_path, doc("".join(reversed(acts) if reverse else acts))))
        assert [p.name for p in init.partners] == ["UNICEF"]
        (issue,) = report.warnings
        assert (issue.code, issue.raw) == ("conflicting-name", "UNICEF Lebanon")
        assert issue.path == f"iati-activity[{3 if reverse else 1}]/participating-org[1]"

    def test_a_tie_of_names_goes_to_the_smallest(self, tmp_path: Path) -> None:
        def org(name: str) -> str:
            return f'<participating-org ref="R" role="4" type="40"><narrative>{name}</narrative>'

        for names in (["Bbb", "Aaa"], ["Aaa", "Bbb"]):
            acts = "".join(
                activity(f"A-{k}", "", org(n) + "</participating-org>") for k, n in enumerate(names)
            )
            init, report = from_iati(write(tmp_path, doc(acts)))
            assert [p.name for p in init.partners] == ["Aaa"]
            assert [w.raw for w in report.warnings] == ["Bbb"]

    def test_names_differing_in_case_only_are_no_conflict(self, tmp_path: Path) -> None:
        def org(name: str) -> str:
            return f'<participating-org ref="R" role="4" type="40"><narrative>{name}</narrative>'

        acts = "".join(
            activity(f"A-{k}", "", org(n) + "</participating-org>")
            for k, n in enumerate(["Save the Children", "SAVE THE CHILDREN"])
        )
        _, report = from_iati(write(tmp_path, doc(acts)))
        assert report.warnings == ()

    @pytest.mark.parametrize("reverse", [False, True])
    def test_baseline_and_target_do_not_depend_on_order(
        self, tmp_path: Path, reverse: bool
    ) -> None:
        """Two baselines of one year, and two targets of periods ending on one date: the
        earliest then smallest baseline; the longest period's target. (The first won.)"""
        b1, b2 = '<baseline year="2019" value="10"/>', '<baseline year="2019" value="40"/>'
        p1 = period("2020-01-01", "2022-12-31", '<target value="100"/>')
        p2 = period("2022-01-01", "2022-12-31", '<target value="60"/>')
        inner = b2 + b1 + p2 + p1 if reverse else b1 + b2 + p1 + p2
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(inner)))))
        ind = init.indicators[0]
        assert ind.baseline == ci.DatedValue(date=dt.date(2019, 1, 1), value=10.0)
        assert ind.target == ci.DatedValue(date=dt.date(2022, 12, 31), value=100.0)
        assert report.codes() == {"extra-baseline": 1, "extra-target": 1}

    def test_the_earliest_baseline_is_taken(self, tmp_path: Path) -> None:
        inner = '<baseline year="2019" value="40"/><baseline year="2018" value="50"/>'
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(inner)))))
        assert init.indicators[0].baseline == ci.DatedValue(date=dt.date(2018, 1, 1), value=50.0)
        (extra,) = report.warnings
        assert (extra.code, extra.raw) == ("extra-baseline", "40")

    def test_a_country_in_two_cases_is_reported_not_raised(self, tmp_path: Path) -> None:
        """'KE' and 'ke' in one activity: the model refused them and the whole import raised a
        ValidationError naming neither file nor element."""
        countries = '<recipient-country code="KE"/><recipient-country code="ke"/>'
        init, report = from_iati(write(tmp_path, doc(activity("A", countries))))
        assert init.activities[0].places == ("KE",)
        assert [(w.code, w.path, w.raw) for w in interpreted(report)] == [
            ("duplicate-country", "iati-activity[1]/recipient-country[2]/@code", "ke")
        ]

    @pytest.mark.parametrize("raw", ["2020-12-3100", "2020-12-31garbage", "2020-12-31 10:00"])
    def test_a_period_date_with_trailing_text_is_bad(self, tmp_path: Path, raw: str) -> None:
        periods = period("2020-01-01", raw, '<actual value="3"/>')
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert [o.date for o in init.indicators[0].observations] == [dt.date(2020, 1, 1)]
        assert [(w.code, w.raw) for w in report.warnings] == [
            ("bad-date", raw),
            ("no-period-end", None),
        ]

    @pytest.mark.parametrize("raw", ["2020-12-31Z", "2020-12-31+02:00", "2020-12-31T00:00:00Z"])
    def test_a_date_with_a_timezone_or_time_is_good(self, tmp_path: Path, raw: str) -> None:
        periods = period("2020-01-01", raw, '<actual value="3"/>')
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert [o.date for o in init.indicators[0].observations] == [dt.date(2020, 12, 31)]
        assert report.warnings == ()

    def test_a_period_ending_before_it_starts_is_reported(self, tmp_path: Path) -> None:
        periods = period("2021-01-01", "2020-01-01", '<actual value="3"/>')
        _, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert [(w.code, w.path) for w in report.warnings] == [
            ("end-before-start", "iati-activity[1]/result[1]/indicator[1]/period[1]")
        ]

    @pytest.mark.parametrize("reverse", [False, True])
    def test_repeated_activity_dates(self, tmp_path: Path, reverse: bool) -> None:
        """The earliest actual start and the latest actual end, whatever their order."""
        dates = [
            '<activity-date type="2" iso-date="2021-01-01"/>',
            '<activity-date type="2" iso-date="2019-06-01"/>',
            '<activity-date type="4" iso-date="2022-01-01"/>',
            '<activity-date type="4" iso-date="2023-06-01"/>',
        ]
        inner = "".join(reversed(dates) if reverse else dates)
        init, report = from_iati(write(tmp_path, doc(activity("A", inner))))
        (act,) = init.activities
        assert (act.start, act.end) == (dt.date(2019, 6, 1), dt.date(2023, 6, 1))
        assert sorted((w.code, w.raw) for w in report.warnings) == [
            ("repeated-date", "2021-01-01"),
            ("repeated-date", "2022-01-01"),
        ]

    def test_country_percentages_are_reported(self, tmp_path: Path) -> None:
        """The country split was dropped without a word, and a split summing to 140 too."""
        countries = (
            '<recipient-country code="KE" percentage="95"/>'
            '<recipient-country code="UG" percentage="5"/>'
            '<recipient-country code="TZ" percentage="40"/>'
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", countries))))
        assert init.activities[0].places == ("KE", "UG", "TZ")
        pct, unread = report.warnings
        assert (pct.code, pct.path, pct.raw) == (
            "percentage-sum",
            "iati-activity[1]",
            "95 + 5 + 40",
        )
        assert unread.code == "not-represented"
        assert unread.path == "iati-activity[1]/recipient-country[1]/@percentage"
        assert "recipient-country/@percentage (3)" in unread.message

    def test_country_and_region_percentages_summing_to_100(self, tmp_path: Path) -> None:
        places = (
            '<recipient-country code="KE" percentage="60"/>'
            '<recipient-region code="289" percentage="40.0"/>'
        )
        _, report = from_iati(write(tmp_path, doc(activity("A", places))))
        assert interpreted(report) == []

    def test_a_reporting_org_without_ref_is_found_by_name(self, tmp_path: Path) -> None:
        """Its actuals had no reporter, silently."""
        org = (
            '<reporting-org type="22"><narrative>Local NGO</narrative></reporting-org>'
            '<participating-org role="4" type="22"><narrative>Local NGO</narrative>'
            "</participating-org>"
        )
        periods = period("2020-01-01", "2020-12-31", '<actual value="8"/>')
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods), org))))
        assert [p.id for p in init.partners] == ["local-ngo"]
        assert [o.reported_by for o in init.indicators[0].observations] == ["local-ngo"]
        assert report.codes() == {"no-ref": 1}

    def test_a_reporting_org_without_ref_of_another_name_is_reported(self, tmp_path: Path) -> None:
        org = (
            '<reporting-org type="22"><narrative>Other NGO</narrative></reporting-org>'
            '<participating-org ref="XM-1" role="4" type="22"><narrative>NGO</narrative>'
            "</participating-org>"
        )
        periods = period("2020-01-01", "2020-12-31", '<actual value="8"/>')
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods), org))))
        assert [o.reported_by for o in init.indicators[0].observations] == [None]
        assert [(w.code, w.path, w.raw) for w in report.warnings] == [
            ("unmatched-reporter", "iati-activity[1]/reporting-org[1]", "Other NGO")
        ]
        assert [p.id for p in init.partners] == ["XM-1"]  # no partner added for it

    @pytest.mark.parametrize("reverse", [False, True])
    def test_a_year_and_its_last_quarter(self, tmp_path: Path, reverse: bool) -> None:
        """Two actuals on 2020-12-31 (the year's 400, the quarter's 100) were averaged: 250."""
        year = period("2020-01-01", "2020-12-31", '<actual value="400"/>')
        quarter = period("2020-10-01", "2020-12-31", '<actual value="100"/>')
        periods = quarter + year if reverse else year + quarter
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert [o.value for o in init.indicators[0].observations] == [400.0]
        (issue,) = report.warnings
        assert (issue.code, issue.raw) == ("overlapping-period", "100")
        assert "2020-10-01..2020-12-31" in issue.message

    @pytest.mark.parametrize("reverse", [False, True])
    def test_two_actuals_of_one_period_and_group_are_not_averaged(
        self, tmp_path: Path, reverse: bool
    ) -> None:
        """Actuals of 12 and 30 in one period, no dimension between them, were both imported
        on 2020-12-31 and averaged by the analyses: 21, which no one reported, and a target of
        20 "met". Which one holds cannot be told: neither is imported, both are reported.
        The same in two periods of the same dates, and in one group (``age=adult``)."""
        pair = ['<actual value="12"/>', '<actual value="30"/>']
        if reverse:
            pair.reverse()
        one = period("2020-01-01", "2020-12-31", '<target value="20"/>' + "".join(pair))
        two = period("2020-01-01", "2020-12-31", pair[0]) + period(
            "2020-01-01", "2020-12-31", pair[1]
        )
        adult = '<dimension name="age" value="adult"/>'
        grouped = period(
            "2020-01-01",
            "2020-12-31",
            '<actual value="40"/>' + "".join(a.replace("/>", f">{adult}</actual>") for a in pair),
        )
        for periods, kept, other in (
            (one, [], "period[1]/actual[2]"),
            (two, [], "period[2]/actual[1]"),
            (grouped, [(None, 40.0)], "period[1]/actual[3]"),
        ):
            init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
            observed = init.indicators[0].observations
            assert [(o.group, o.value) for o in observed] == kept
            # one issue for both, at the first in the file
            (issue,) = [w for w in report.warnings if w.code == "conflicting-actuals"]
            assert issue.raw == ("30" if reverse else "12")
            assert "2 actuals of this group with different values (12, 30)" in issue.message
            assert "2020-01-01..2020-12-31" in issue.message
            # the other named by its path from the indicator (found by a reviewer: unlocated)
            assert issue.message.endswith(
                f"; the first is here, the other at {other} of this indicator)"
            )

    def test_an_actual_given_twice_is_imported_once(self, tmp_path: Path) -> None:
        periods = period(
            "2020-01-01", "2020-12-31", '<actual value="12"/><actual value="12.0"/>'
        ) + period("2021-01-01", "2021-12-31", '<actual value="14"/>')
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert [o.value for o in init.indicators[0].observations] == [12.0, 14.0]
        (issue,) = interpreted(report)
        assert (issue.code, issue.raw) == ("repeated-actual", "12.0")
        assert issue.path.endswith("period[1]/actual[2]")
        assert issue.message == (
            "the period 2020-01-01..2020-12-31 has 2 actuals of this group, all 12: imported "
            "once; the 1 repeat after the first is not imported (the first repeat is here)"
        )

    def test_repeats_of_one_period_make_one_issue(self, tmp_path: Path) -> None:
        """Four actuals of 12 in one period made three repeated-actual issues (a file with a
        million made a million, found by a reviewer), and three conflicting ones three: one
        issue each, at the first repeat (the first not imported), counting them."""
        same = '<actual value="12"/>' * 4
        differ = '<actual value="5"/><actual value="6"/><actual value="5"/>'
        periods = period("2020-01-01", "2020-12-31", same) + period(
            "2021-01-01", "2021-12-31", differ
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert [o.value for o in init.indicators[0].observations] == [12.0]
        repeated, conflicting = interpreted(report)
        assert (repeated.code, repeated.path.rsplit("/", 2)[-2:]) == (
            "repeated-actual",
            ["period[1]", "actual[2]"],
        )
        assert repeated.message.endswith(
            "4 actuals of this group, all 12: imported once; the 3 repeats after the first "
            "are not imported (the first repeat is here, the others at period[1]/actual[3] and "
            "period[1]/actual[4] of this indicator)"
        )
        assert (conflicting.code, conflicting.path.rsplit("/", 2)[-2:]) == (
            "conflicting-actuals",
            ["period[2]", "actual[1]"],
        )
        assert "3 actuals of this group with different values (5, 6)" in conflicting.message
        # the others located too, not only the first (found by a reviewer)
        assert conflicting.message.endswith(
            "the first is here, the others at period[2]/actual[2] and period[2]/actual[3] of "
            "this indicator)"
        )

    def test_overlapping_periods_of_other_ends_are_kept_and_reported(self, tmp_path: Path) -> None:
        periods = (
            period("2020-01-01", "2020-12-31", '<actual value="400"/>')
            + period("2020-01-01", "2020-03-31", '<actual value="90"/>')
            + period("2021-01-01", "2021-12-31", '<actual value="500"/>')
            + period("2020-01-01", "2020-12-31", '<actual value="50"><location ref="K"/></actual>')
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert len(init.indicators[0].observations) == 4
        assert [(w.code, w.raw) for w in report.warnings] == [("overlapping-period", "400")]

    def test_values_in_different_currencies_are_reported(self, tmp_path: Path) -> None:
        periods = period(
            "2020-01-01", "2020-12-31", '<target value="USD 100,000"/><actual value="EUR 95,000"/>'
        ) + period("2021-01-01", "2021-12-31", '<actual value="£90,000"/>')
        _, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        (issue,) = [w for w in report.warnings if w.code is ImportIssueCode.MIXED_UNITS]
        assert (issue.path, issue.raw) == ("iati-activity[1]/result[1]/indicator[1]", "EUR, USD, £")

    def test_values_in_one_currency_are_not_mixed(self, tmp_path: Path) -> None:
        periods = period("2020-01-01", "2020-12-31", '<target value="USD 10"/><actual value="7"/>')
        _, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert ImportIssueCode.MIXED_UNITS not in report.codes()

    def test_a_dash_in_a_name_separates_words(self, tmp_path: Path) -> None:
        """'Save-the-Children' was 'savethechildren', another partner than 'Save the
        Children'; an apostrophe still joins ('d'Eau' is 'deau')."""

        def org(name: str, ref: str = "") -> str:
            ref = f' ref="{ref}"' if ref else ""
            return (
                f'<participating-org{ref} role="4" type="21"><narrative>{name}</narrative>'
                "</participating-org>"
            )

        names = [
            org("Save the Children"),
            org("Save-the-Children"),
            org("Save the Children UK", "GB-CHC-213890"),
            org("Save-the-Children UK"),
            org("Agence d'Eau"),
        ]
        acts = "".join(activity(f"A-{k}", "", o) for k, o in enumerate(names))
        init, _ = from_iati(write(tmp_path, doc(acts)))
        assert [p.id for p in init.partners] == [
            "save-the-children",
            "GB-CHC-213890",
            "agence-deau",
        ]


# --------------------------------------------------------------------------- review: statuses...


ACME = "http://example.org/acme/ns#"


def issues_of(report: ImportReport, code: str) -> list[ImportIssue]:
    return [w for w in report.warnings if w.code == code]


class TestExtensions:
    """Elements of another namespace than the root's are extensions: ignored, and reported.

    The namespace was stripped from every name, so ``acme:activity-date`` gave the end date,
    ``acme:participating-org`` a partner and ``x:title`` replaced the real title, unreported.
    """

    def test_extensions_are_not_read_as_iati_elements(self, tmp_path: Path) -> None:
        body = f"""<iati-activity xmlns:acme="{ACME}"><iati-identifier>A</iati-identifier>
            <acme:title><narrative>Internal code</narrative></acme:title>
            <title><narrative>Real title</narrative></title>
            <participating-org ref="P" role="4" type="21"><narrative>P</narrative>
            </participating-org>
            <activity-date type="2" iso-date="2020-01-01"/>
            <activity-date type="3" iso-date="2022-12-31"/>
            <acme:activity-date type="3" iso-date="2030-12-31"/>
            <acme:participating-org ref="ACME-7" role="4"><narrative>Unit</narrative>
            </acme:participating-org>
            <acme:recipient-country code="ZZ"/><acme:recipient-country code="YY"/>
            </iati-activity>"""
        init, report = from_iati(write(tmp_path, doc(body)))
        (act,) = init.activities
        assert (act.name, act.partners, act.places) == ("Real title", ("P",), ())
        assert (act.start, act.end) == (dt.date(2020, 1, 1), dt.date(2022, 12, 31))
        assert [p.id for p in init.partners] == ["P"]
        found = issues_of(report, "not-represented")
        assert [(w.path, w.line) for w in found] == [
            (f"iati-activity[1]/{{{ACME}}}title[1]", 2),
            (f"iati-activity[1]/{{{ACME}}}activity-date[1]", 8),
            (f"iati-activity[1]/{{{ACME}}}participating-org[1]", 9),
            (f"iati-activity[1]/{{{ACME}}}recipient-country[1]", 11),
        ]
        assert found[-1].message == (
            f"2 elements <recipient-country> of the namespace {ACME!r}, an extension of the "
            "IATI standard (whose elements are in the root element's namespace): not imported, "
            "as the standard asks of readers that do not know an extension (the first is here)"
        )
        assert [w.code for w in interpreted(report)] == []

    def test_inside_results_and_narratives(self, tmp_path: Path) -> None:
        """An extension deep inside: an ``x:narrative`` is no title, an ``x:actual`` no value,
        and what an extension holds is its own (counted once, with it)."""
        inner = period(
            "2020-01-01",
            "2020-12-31",
            f'<actual value="3"/><x:actual xmlns:x="{ACME}" value="99"><actual value="98"/>'
            "</x:actual>",
        )
        body = activity("A", indicator(inner)).replace(
            "<title><narrative>T</narrative></title>",
            f'<title><x:narrative xmlns:x="{ACME}">Ext</x:narrative><narrative>T</narrative>'
            "</title>",
        )
        init, report = from_iati(write(tmp_path, doc(body)))
        assert init.activities[0].name == "T"
        assert [o.value for o in init.indicators[0].observations] == [3.0]
        assert [w.path for w in issues_of(report, "not-represented")] == [
            f"iati-activity[1]/title[1]/{{{ACME}}}narrative[1]",
            f"iati-activity[1]/result[1]/indicator[1]/period[1]/{{{ACME}}}actual[1]",
        ]

    def test_a_document_in_one_namespace_and_an_element_in_none(self, tmp_path: Path) -> None:
        """The root's namespace is IATI's: an element in no namespace under it is the
        extension."""
        text = one_activity().replace("<", "<i:").replace("<i:/", "</i:")
        text = text.replace("<i:iati-activities ", '<i:iati-activities xmlns:i="urn:x" ')
        text = text.replace(
            "</i:iati-activity>", '<participating-org ref="Z" role="1"/>\n</i:iati-activity>'
        )
        init, report = from_iati(write(tmp_path, text))
        assert [p.id for p in init.partners] == ["R"]
        (issue,) = issues_of(report, "not-represented")
        assert issue.path == "iati-activity[1]/{}participating-org[1]"
        assert "<participating-org> of no namespace" in issue.message


def two_activities(status: str, inner: str = "", org: str = "") -> str:
    """A running activity A, and B with the ``activity-status`` given."""
    other = (
        '<participating-org ref="ONLY-B" role="1" type="10"><narrative>Donor</narrative>'
        "</participating-org>"
    )
    dates = (
        '<activity-date type="1" iso-date="2019-01-01"/>'
        '<activity-date type="3" iso-date="2030-12-31"/>'
    )
    return doc(activity("A", "") + activity("B", f"{status}{dates}{inner}", org=org or other))


class TestActivityStatus:
    """``activity-status`` was never read: a cancelled or suspended activity was imported with
    its dates and counted as running between them."""

    @pytest.mark.parametrize(
        ("code", "issue", "state"),
        [("5", "cancelled-activity", "cancelled"), ("6", "suspended-activity", "suspended")],
    )
    def test_cancelled_and_suspended_are_not_imported(
        self, tmp_path: Path, code: str, issue: str, state: str
    ) -> None:
        inner = indicator(period("2020-01-01", "2020-12-31", '<actual value="3"/>'))
        init, report = from_iati(
            write(tmp_path, two_activities(f'<activity-status code="{code}"/>', inner))
        )
        assert [a.id for a in init.activities] == ["A"]
        assert [i.id for i in init.indicators] == []  # its results went with it
        assert [p.id for p in init.partners] == ["XM-1"]  # ONLY-B took part only in B
        assert counts(report) == (1, 1, 0, 0)
        (w,) = interpreted(report)
        assert (w.code, w.path, w.line, w.raw) == (
            issue,
            "iati-activity[2]/activity-status[1]/@code",
            1,
            code,
        )
        assert w.message.startswith(f"activity 'B' is {state} (activity-status {code}): ")
        assert "it is not imported, nor is its 1 indicator" in w.message
        # the element is read: not in the not-represented issue
        assert all("activity-status" not in x.message for x in issues_of(report, "not-represented"))

    def test_pipeline_is_imported_and_reported(self, tmp_path: Path) -> None:
        init, report = from_iati(write(tmp_path, two_activities('<activity-status code="1"/>')))
        assert init.activity("B").end == dt.date(2030, 12, 31)
        assert [(w.code, w.raw) for w in interpreted(report)] == [("planned-activity", "1")]
        assert "only planned" in interpreted(report)[0].message

    @pytest.mark.parametrize("code", ["2", "3", "4", " 4 "])
    def test_running_and_closed_are_imported_as_before(self, tmp_path: Path, code: str) -> None:
        init, report = from_iati(
            write(tmp_path, two_activities(f'<activity-status code="{code}"/>'))
        )
        assert [a.id for a in init.activities] == ["A", "B"]
        assert interpreted(report) == []

    @pytest.mark.parametrize("status", ['<activity-status code="7"/>', "<activity-status/>"])
    def test_an_unknown_code_is_reported(self, tmp_path: Path, status: str) -> None:
        init, report = from_iati(write(tmp_path, two_activities(status)))
        assert [a.id for a in init.activities] == ["A", "B"]
        (w,) = interpreted(report)
        assert (w.code, w.path) == ("unknown-status", "iati-activity[2]/activity-status[1]/@code")

    def test_a_further_status_is_not_represented(self, tmp_path: Path) -> None:
        status = '<activity-status code="5"/><activity-status code="2"/>'
        init, report = from_iati(write(tmp_path, two_activities(status)))
        assert [a.id for a in init.activities] == ["A"]
        (w,) = issues_of(report, "not-represented")
        assert w.path == "iati-activity[2]/activity-status[2]"
        assert "activity-status after the first (1)" in w.message

    def test_a_cancelled_activity_merges_no_names(self, tmp_path: Path) -> None:
        """An organisation without ``@ref`` is not merged by a name only a cancelled activity
        gives with a ``@ref``."""
        org = '<participating-org ref="GB-9" role="1" type="10"><narrative>NGO</narrative>'
        org += "</participating-org>"
        noref = (
            '<participating-org role="4" type="22"><narrative>NGO</narrative></participating-org>'
        )
        text = doc(
            activity("A", "", org=noref) + activity("B", '<activity-status code="5"/>', org=org)
        )
        init, _ = from_iati(write(tmp_path, text))
        assert [p.id for p in init.partners] == ["ngo"]

    @pytest.mark.parametrize("cancelled_first", [True, False])
    def test_a_copy_kept_that_is_cancelled_is_said_so(
        self, tmp_path: Path, cancelled_first: bool
    ) -> None:
        """Two undated copies of ``A``, one cancelled, whose XML text comes first: it is kept,
        in either order, and it is not imported. The other copy's warning said "the copy ... is
        kept", while no copy of ``A`` was imported (found by a reviewer). (Its children in
        order of their names, '<activity-date' comes before '<activity-status'.)"""
        cancelled = activity(
            "A", '<activity-status code="5"/><activity-date type="1" iso-date="2020-01-01"/>'
        )
        running = activity("A", "<description/>" + '<activity-status code="2"/>')
        copies = [cancelled, running] if cancelled_first else [running, cancelled]
        init, report = from_iati(write(tmp_path, doc("".join(copies) + activity("C", ""))))
        assert [a.id for a in init.activities] == ["C"]
        (skipped,) = issues_of(report, "duplicate-activity")
        assert "comes first in code-point order)" in skipped.message
        assert "and it is cancelled: the activity is not imported" in skipped.message

    def test_only_cancelled_activities(self, tmp_path: Path) -> None:
        text = doc(activity("B", '<activity-status code="5"/>'))
        with pytest.raises(FormatError, match="1 activity cancelled or suspended was not imported"):
            from_iati(write(tmp_path, text))


class TestActivityDateType:
    """An ``activity-date`` of another ``@type`` than 1-4 was dropped without a word."""

    def test_iati_1_words_are_read(self, tmp_path: Path) -> None:
        dates = (
            '<activity-date type="start-planned" iso-date="2019-01-01"/>'
            '<activity-date type="Start-Actual" iso-date="2019-02-01"/>'
            '<activity-date type="end-planned" iso-date="2021-12-31"/>'
            '<activity-date type="end-actual" iso-date="2021-06-30"/>'
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", dates))))
        act = init.activities[0]
        assert (act.start, act.end) == (dt.date(2019, 2, 1), dt.date(2021, 6, 30))
        assert interpreted(report) == []

    @pytest.mark.parametrize("kind", ["5", "end", ""])
    def test_another_type_is_reported(self, tmp_path: Path, kind: str) -> None:
        dates = (
            '<activity-date type="2" iso-date="2019-01-01"/>'
            f'<activity-date type="{kind}" iso-date="2030-12-31"/>'
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", dates))))
        assert (init.activities[0].start, init.activities[0].end) == (dt.date(2019, 1, 1), None)
        (w,) = interpreted(report)
        assert (w.code, w.path, w.raw) == (
            "unknown-date-type",
            "iati-activity[1]/activity-date[2]/@type",
            kind,
        )

    def test_a_type_missing_is_reported(self, tmp_path: Path) -> None:
        dates = '<activity-date iso-date="2030-12-31"/>'
        _, report = from_iati(write(tmp_path, doc(activity("A", dates))))
        assert [(w.code, w.raw) for w in interpreted(report)] == [("unknown-date-type", None)]


QUARTERS = "".join(
    period(start, end, f'<actual value="{v}"/>')
    for start, end, v in [
        ("2020-01-01", "2020-03-31", 250),
        ("2020-04-01", "2020-06-30", 250),
        ("2020-07-01", "2020-09-30", 250),
        ("2020-10-01", "2020-12-31", 260),
    ]
)


class TestActualsAsLevels:
    """Quarterly actuals against a yearly target were taken as levels without a word."""

    def test_quarters_within_a_yearly_target(self, tmp_path: Path) -> None:
        year = period("2020-01-01", "2020-12-31", '<target value="1000"/>')
        inner = indicator('<baseline year="2019" value="0"/>' + year + QUARTERS)
        init, report = from_iati(write(tmp_path, doc(activity("A", inner))))
        ind = init.indicators[0]
        assert [o.value for o in ind.observations] == [250, 250, 250, 260]  # unchanged
        (w,) = interpreted(report)
        assert (w.code, w.path, w.raw) == (
            "actuals-as-levels",
            "iati-activity[1]/result[1]/indicator[1]",
            "250, 250, 250, 260",
        )
        assert w.message.startswith(
            "4 actual periods fall within the target's period 2020-01-01..2020-12-31"
        )
        assert "must be summed" in w.message

    def test_once_per_indicator(self, tmp_path: Path) -> None:
        """Two yearly targets, each with quarters inside (and groups): one issue."""
        q2021 = QUARTERS.replace("2020-", "2021-").replace(
            '"/></period>', '"><dimension name="sex" value="f"/></actual></period>'
        )
        years = period("2020-01-01", "2020-12-31", '<target value="900"/>') + period(
            "2021-01-01", "2021-12-31", '<target value="1000"/>'
        )
        inner = indicator('<baseline year="2019" value="0"/>' + years + QUARTERS + q2021)
        _, report = from_iati(write(tmp_path, doc(activity("A", inner))))
        assert [w.code for w in interpreted(report)] == ["actuals-as-levels", "extra-target"]
        # the earliest target period of those holding the most actual periods is named
        assert "2020-01-01..2020-12-31" in interpreted(report)[0].message

    @pytest.mark.parametrize(
        "periods",
        [
            # one actual per target period
            period("2020-01-01", "2020-12-31", '<target value="10"/><actual value="4"/>')
            + period("2021-01-01", "2021-12-31", '<target value="10"/><actual value="8"/>'),
            # quarters, but the target is of a quarter
            QUARTERS + period("2020-10-01", "2020-12-31", '<target value="300"/>'),
            # quarters, no target
            QUARTERS,
        ],
    )
    def test_no_issue_otherwise(self, tmp_path: Path, periods: str) -> None:
        inner = indicator('<baseline year="2019" value="0"/>' + periods)
        _, report = from_iati(write(tmp_path, doc(activity("A", inner))))
        assert "actuals-as-levels" not in report.codes()


class TestNonQuantitativeMeasures:
    """Nominal and qualitative indicators were judged on their numbers ("met")."""

    @staticmethod
    def imported(tmp_path: Path, measure: str) -> tuple[ci.Initiative, ImportReport]:
        inner = indicator(
            '<baseline year="2019" value="3"/>'
            + period("2020-01-01", "2020-12-31", '<target value="1"/><actual value="1"/>')
        ).replace('measure="1"', f'measure="{measure}"')
        return from_iati(write(tmp_path, doc(activity("A", inner))))

    @pytest.mark.parametrize(("measure", "unit"), [("3", "nominal"), ("5", "qualitative")])
    def test_not_imported_nor_judged(self, tmp_path: Path, measure: str, unit: str) -> None:
        init, report = self.imported(tmp_path, measure)
        ind = init.indicators[0]
        assert (ind.unit, ind.baseline, ind.target, ind.observations, ind.direction) == (
            unit,
            None,
            None,
            (),
            None,
        )
        (record,) = ci.measurement(init, as_of=dt.date(2021, 1, 1))
        assert record.status.value == "insufficient-data"
        (w,) = interpreted(report)
        assert (w.code, w.raw) == ("non-quantitative-measure", measure)
        assert w.message.startswith(f"measure {measure} ({unit}): ")
        assert "not quantities, so its 3 values (baseline, target, actual) are not imported" in (
            w.message
        )
        assert report.observations == 0

    def test_ordinal_is_imported_with_a_warning(self, tmp_path: Path) -> None:
        init, report = self.imported(tmp_path, "4")
        ind = init.indicators[0]
        assert ind.unit == "ordinal"
        assert [o.value for o in ind.observations] == [1.0]
        assert [w.code for w in interpreted(report)] == [
            "non-quantitative-measure",
            "target-against-ascending",
        ]


class TestEnglishWithUnderscore:
    @pytest.mark.parametrize("lang", ["en_GB", "EN_us", "en-GB"])
    def test_en_underscore_is_english(self, tmp_path: Path, lang: str) -> None:
        body = activity("A", "").replace(
            "<title><narrative>T</narrative></title>",
            f'<title><narrative>Titre</narrative><narrative xml:lang="{lang}">Title</narrative>'
            "</title>",
        )
        init, _ = from_iati(
            write(tmp_path, doc(body.replace("<iati-activity>", '<iati-activity xml:lang="fr">')))
        )
        assert init.activities[0].name == "Title"


class TestNarrativesWhateverTheOrder:
    """A title with en-GB "Colour" and en "Color" was named by the first of them, so
    reversing the two narratives renamed the activity (found by a reviewer); so with an
    organisation's name. Exact en/eng comes first, then other English, then the smallest
    text."""

    @pytest.mark.parametrize(
        ("narratives", "expected"),
        [
            ((("en-GB", "Colour"), ("en", "Color")), "Color"),
            ((("en-GB", "Colour"), ("ENG", "Kolor")), "Kolor"),  # exact eng beats en-GB
            ((("en-GB", "Colour"), ("en-US", "Color")), "Color"),  # two variants: smallest
            ((("en", "b"), ("en", "a")), "a"),
            ((("de", "Farbe"), ("es", "Color"), ("fr", "Couleur")), "Couleur"),  # default fr
            ((("de", "Farbe"), ("es", "Color")), "Color"),  # none: the smallest
        ],
    )
    def test_title_and_organisation_name(
        self, tmp_path: Path, narratives: tuple[tuple[str, str], ...], expected: str
    ) -> None:
        for order in (narratives, narratives[::-1]):
            texts = "".join(
                f'<narrative xml:lang="{lang}">{text}</narrative>' for lang, text in order
            )
            org = f'<participating-org ref="XM-1" role="4" type="22">{texts}</participating-org>'
            body = activity("A", "", org=org).replace("<narrative>T</narrative>", texts)
            body = body.replace("<iati-activity>", '<iati-activity xml:lang="fr">')
            init, _ = from_iati(write(tmp_path, doc(body)))
            assert (init.activities[0].name, init.partners[0].name) == (expected, expected)


class TestWhatTheImportReviewFound:
    """Found by a reviewer of the import (thirty-seventh session); each failed before."""

    def test_a_readable_baseline_is_chosen_over_an_earlier_unreadable_one(
        self, tmp_path: Path
    ) -> None:
        """Baselines of 2019 "not measured" and 2020 140, target 100, actual 120, no
        @ascending: the earlier unreadable baseline was chosen and refused, so the indicator
        had none, 'increase' was assumed and 120 read as met. The readable one makes lower
        better (target below baseline): progress (140 - 120) / (140 - 100) = 0.5, off-track."""
        inner = (
            '<baseline year="2019" iso-date="2019-01-01" value="not measured"/>'
            '<baseline year="2020" iso-date="2020-01-01" value="140"/>'
            + period("2021-01-01", "2021-12-31", '<target value="100"/><actual value="120"/>')
        )
        body = indicator(inner).replace(' ascending="1"', "")
        init, report = from_iati(write(tmp_path, doc(activity("A", body))))
        ind = init.indicators[0]
        assert ind.baseline == ci.DatedValue(date=dt.date(2020, 1, 1), value=140.0)
        assert ind.better is ci.Direction.DECREASE
        m = ci.measure_indicator(ind, as_of=dt.date(2022, 1, 1))
        assert m.progress == pytest.approx(0.5)
        assert m.status is ci.IndicatorStatus.OFF_TRACK
        assert [(w.code, w.raw) for w in issues_of(report, "extra-baseline")] == [
            ("extra-baseline", "not measured")
        ]

    def test_a_baseline_without_value_is_not_chosen(self, tmp_path: Path) -> None:
        inner = '<baseline year="2019"/><baseline year="2020" value="40"/>' + period(
            "2021-01-01", "2021-12-31", '<target value="100"/><actual value="70"/>'
        )
        init, _ = from_iati(write(tmp_path, doc(activity("A", indicator(inner)))))
        assert init.indicators[0].baseline == ci.DatedValue(date=dt.date(2020, 1, 1), value=40.0)

    def test_activities_without_id_in_files_of_one_name_are_both_read(self, tmp_path: Path) -> None:
        """kenya/activities.xml and uganda/activities.xml, each with an activity without
        iati-identifier: both were given the id activities.xml#iati-activity[1], and the
        second was skipped as a copy of the first."""

        paths = []
        for country, org in (("kenya", "XM-KE"), ("uganda", "XM-UG")):
            (tmp_path / country).mkdir()
            paths.append(write(tmp_path / country, unidentified(org), "activities.xml"))
        init, report = from_iati(paths)
        assert [(a.id, a.partners) for a in init.activities] == [
            ("kenya/activities.xml#iati-activity[1]", ("XM-KE",)),
            ("uganda/activities.xml#iati-activity[1]", ("XM-UG",)),
        ]
        assert not issues_of(report, "duplicate-activity")
        # the same file given twice is still read once, by the file's name alone
        init, report = from_iati([paths[0], paths[0]])
        assert [a.id for a in init.activities] == ["activities.xml#iati-activity[1]"]
        assert len(issues_of(report, "duplicate-activity")) == 1

    def test_a_copy_skipped_reports_nothing_but_that(self, tmp_path: Path) -> None:
        """``from_iati([X, X])`` (one file given twice) reported every issue of X twice, beside
        "imported once: this copy is skipped" (6 issues for the annotated standard example
        against 4, its ``not-represented`` issue twice); a skipped copy's issues are dropped,
        in a file given twice as in another file holding a copy."""
        _, once = from_iati(STD)
        _, twice = from_iati([STD, STD])
        assert twice.warnings[: len(once.warnings)] == once.warnings
        assert [w.code.value for w in twice.warnings[len(once.warnings) :]] == [
            "duplicate-activity"
        ]
        # a copy in another file with issues of its own: an extension, an unread element, an
        # id with spaces around it; only the skip is reported of it
        body = activity("A", "").replace("</iati-activity>", "<other-identifier/></iati-activity>")
        first = write(tmp_path, doc(body), "a.xml")
        copy = body.replace("<iati-identifier>A<", "<iati-identifier> A <").replace(
            "</iati-activity>", "<acme:note>x</acme:note></iati-activity>"
        )
        assert " A " in copy
        assert "acme:note" in copy
        second = write(tmp_path, doc(copy, 'version="2.03" xmlns:acme="urn:acme"'), "b.xml")
        _, alone = from_iati(first)
        _, report = from_iati([first, second])
        assert report.warnings[: len(alone.warnings)] == alone.warnings
        assert [(w.code.value, w.source) for w in report.warnings[len(alone.warnings) :]] == [
            ("duplicate-activity", str(second))
        ]

    def test_roles_of_iati_1_0x_are_read(self, tmp_path: Path) -> None:
        """version 1.05 wrote roles as words: the funder, listed first, was made the lead."""
        orgs = (
            '<participating-org ref="XM-DON" role="Funding" type="10"><narrative>Donor'
            "</narrative></participating-org>"
            '<participating-org ref="XM-NGO" role="implementing" type="22"><narrative>NGO'
            "</narrative></participating-org>"
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", "", orgs), 'version="1.05"')))
        assert init.activities[0].partners == ("XM-NGO", "XM-DON")
        roles = {p.id: [r.value for r in p.roles] for p in init.partners}
        assert roles == {"XM-DON": ["funder"], "XM-NGO": ["service-provider"]}
        assert not issues_of(report, "unknown-role")

    def test_percent_beside_fractions_is_reported(self, tmp_path: Path) -> None:
        """Baseline 0.40, actuals 0.55 and 0.58, target "60%" (read as 60): progress
        (0.58 - 0.40) / (60 - 0.40) = 0.003, off-track, with no word of the two scales."""
        inner = (
            '<baseline year="2019" value="0.40"/>'
            + period("2020-01-01", "2020-12-31", '<actual value="0.55"/>')
            + period("2021-01-01", "2021-12-31", '<target value="60%"/><actual value="0.58"/>')
        )
        body = indicator(inner).replace('measure="1"', 'measure="2"')
        _, report = from_iati(write(tmp_path, doc(activity("A", body))))
        (mixed,) = issues_of(report, "mixed-units")
        assert "'%'" in mixed.message
        assert "period[2]/target[1]/@value" in mixed.message
        assert "baseline[1]/@value" in mixed.message
        # percent values alone, written with and without the sign, are one scale
        same = indicator(
            '<baseline year="2019" value="40"/>'
            + period("2021-01-01", "2021-12-31", '<target value="60%"/><actual value="58"/>')
        )
        _, report = from_iati(write(tmp_path, doc(activity("A", same)), "same.xml"))
        assert not issues_of(report, "mixed-units")

    @pytest.mark.parametrize(
        ("kind", "level", "warned"),
        [
            ("3", "population", False),
            ("impact", "population", False),
            ("Outcome", "performance", False),
            ("7", "performance", True),
            ("", "performance", True),
        ],
    )
    def test_an_unknown_result_type_is_reported(
        self, tmp_path: Path, kind: str, level: str, warned: bool
    ) -> None:
        """An unknown result @type silently made a performance indicator; the 1.0x words
        (``impact``) are ResultType codes."""
        two = indicator(period("2020-01-01", "2020-12-31", '<actual value="5"/>'))
        two = two.replace('type="1"', f'type="{kind}"').replace(
            "</result>",
            '<indicator measure="1" ascending="1"><title><narrative>J</narrative></title>'
            "</indicator></result>",
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", two))))
        assert {i.level.value for i in init.indicators} == {level}
        found = issues_of(report, "unknown-result-type")
        assert len(found) == (1 if warned else 0)  # once for the result's two indicators
        if warned:
            assert found[0].path == "iati-activity[1]/result[1]/@type"

    @pytest.mark.parametrize("reverse", [False, True])
    def test_files_told_apart_only_by_case_are_both_read(
        self, tmp_path: Path, reverse: bool
    ) -> None:
        """Kenya/a.xml and kenya/a.xml: their made-up ids differed in case only, ids are told
        apart caseless, and the second (whichever came second) was skipped as a case variant
        (found by a fresh-eyes reviewer). Numbered now, in the order of the paths' text."""

        paths = []
        for folder, org in (("Kenya", "XM-0"), ("kenya", "XM-1")):
            (tmp_path / folder).mkdir()
            paths.append(write(tmp_path / folder, unidentified(org), "a.xml"))
        init, report = from_iati(paths[::-1] if reverse else paths)
        assert sorted((a.id, a.partners) for a in init.activities) == [
            ("a.xml (1)#iati-activity[1]", ("XM-0",)),
            ("a.xml (2)#iati-activity[1]", ("XM-1",)),
        ]
        assert not issues_of(report, "case-variant")

    def test_a_numbered_name_never_takes_another_files_name(self, tmp_path: Path) -> None:
        """A.xml, a.xml and a file named 'A.xml (1)': A.xml was numbered 'A.xml (1)', the
        other file's name, and one activity was dropped as a copy, which one by the order of
        the files (found by a reviewer)."""
        from collective_impact.io.iati import _file_labels

        names = ["A.xml", "a.xml", "A.xml (1)"]
        labels = _file_labels([str(tmp_path / n) for n in names])
        assert len({label.casefold() for label in labels.values()}) == 3
        assert _file_labels([str(tmp_path / n) for n in names[::-1]]) == labels

    def test_made_up_ids_do_not_depend_on_where_the_files_sit(self, tmp_path: Path) -> None:
        """Labels came from the resolved paths: 'checkout-alice/activities.xml' on one machine,
        'checkout-bob/...' on another, and a link's target's name rather than the name given."""
        import os

        body = doc(
            "<iati-activity><title><narrative>T</narrative></title>"
            '<participating-org ref="XM-0" role="4" type="22"><narrative>O</narrative>'
            "</participating-org></iati-activity>"
        )
        ids = []
        for checkout in ("alice", "bob"):
            root = tmp_path / checkout
            (root / "sub").mkdir(parents=True)
            write(root, body, "activities.xml")
            write(root / "sub", body, "activities.xml")
            here = os.getcwd()
            os.chdir(root)
            try:
                init, _ = from_iati(["activities.xml", "sub/activities.xml"])
            finally:
                os.chdir(here)
            ids.append([a.id for a in init.activities])
        assert (
            ids[0]
            == ids[1]
            == [
                "activities.xml#iati-activity[1]",
                "sub/activities.xml#iati-activity[1]",
            ]
        )
        link = tmp_path / "latest.xml"
        link.symlink_to(tmp_path / "alice" / "activities.xml")
        init, _ = from_iati(link)
        assert [a.id for a in init.activities] == ["latest.xml#iati-activity[1]"]

    def test_a_baseline_out_of_the_models_range_is_not_chosen(self, tmp_path: Path) -> None:
        """1e16 (2019) beside 140 (2020): 1e16 was chosen, then refused (out of range), and
        the indicator had no baseline (found by a fresh-eyes reviewer)."""
        inner = '<baseline year="2019" value="1e16"/><baseline year="2020" value="140"/>' + period(
            "2021-01-01", "2021-12-31", '<target value="100"/><actual value="120"/>'
        )
        body = indicator(inner).replace(' ascending="1"', "")
        init, _ = from_iati(write(tmp_path, doc(activity("A", body))))
        assert init.indicators[0].baseline == ci.DatedValue(date=dt.date(2020, 1, 1), value=140.0)

    def test_a_readable_group_baseline_over_an_unreadable_whole_one(self, tmp_path: Path) -> None:
        """value="n/a" for the whole population beside 140 for a group: no baseline, direction
        assumed 'increase', met. The group's is taken now, and said (baseline-dimensions)."""
        inner = (
            '<baseline year="2019" value="n/a"/>'
            '<baseline year="2020" value="140"><dimension name="sex" value="female"/></baseline>'
            + period("2021-01-01", "2021-12-31", '<target value="100"/><actual value="120"/>')
        )
        body = indicator(inner).replace(' ascending="1"', "")
        init, report = from_iati(write(tmp_path, doc(activity("A", body))))
        ind = init.indicators[0]
        assert ind.baseline == ci.DatedValue(date=dt.date(2020, 1, 1), value=140.0)
        assert ind.better is ci.Direction.DECREASE
        assert issues_of(report, "baseline-dimensions")


def updated_on(stamp: str, inner: str, ident: str = "A") -> str:
    """One activity last updated at ``stamp`` (an ``xsd:dateTime``)."""
    return activity(ident, inner).replace(
        "<iati-activity>", f'<iati-activity last-updated-datetime="{stamp}">', 1
    )


class TestActualAfterUpdate:
    """An actual of a period ending after the activity was last updated was imported as the
    level at the period's end, a date that had not come when it was reported, without a word:
    400 of 1000 for 2020-2023, reported by March 2021, read as the target missed at the end of
    2023 (the assessment's default date of judgement)."""

    WHOLE = period("2020-01-01", "2023-12-31", '<target value="1000"/><actual value="400"/>')

    def imported(
        self, tmp_path: Path, periods: str, stamp: str = "2021-03-01T00:00:00Z"
    ) -> tuple[ci.Indicator, ImportReport]:
        inner = '<activity-date type="2" iso-date="2020-01-01"/>' + indicator(
            '<baseline year="2019" value="0"/>' + periods
        )
        init, report = from_iati(write(tmp_path, doc(updated_on(stamp, inner))))
        return init.indicators[0], report

    def test_dated_at_the_last_update(self, tmp_path: Path) -> None:
        ind, report = self.imported(tmp_path, self.WHOLE)
        assert [(o.date, o.value) for o in ind.observations] == [(dt.date(2021, 3, 1), 400.0)]
        # a target is about the future: it keeps its period's end
        assert ind.target == ci.DatedValue(date=dt.date(2023, 12, 31), value=1000.0)
        (w,) = interpreted(report)
        assert (w.code, w.path, w.raw) == (
            "actual-after-update",
            "iati-activity[1]/result[1]/indicator[1]/period[1]/actual[1]",
            "400",
        )
        assert w.message.startswith(
            "the period 2020-01-01..2023-12-31 ends after the activity was last updated (its "
            "@last-updated-datetime, 2021-03-01): its actual cannot be the level at the "
            "period's end 2023-12-31, at most the progress up to 2021-03-01"
        )

    def test_the_assessment_is_not_judged_at_the_periods_end(self, tmp_path: Path) -> None:
        inner = '<activity-date type="2" iso-date="2020-01-01"/>' + indicator(
            '<baseline year="2019" value="0"/>' + self.WHOLE
        )
        init, _ = from_iati(write(tmp_path, doc(updated_on("2021-03-01T00:00:00Z", inner))))
        result = ci.assess(init)
        assert result.as_of == dt.date(2021, 3, 1)  # was 2023-12-31
        assert result.indicator("A/1.1").status is not ci.IndicatorStatus.OFF_TRACK

    def test_the_files_date_when_the_activity_gives_none(self, tmp_path: Path) -> None:
        inner = indicator('<baseline year="2019" value="0"/>' + self.WHOLE)
        text = doc(activity("A", inner), 'version="2.03" generated-datetime="2021-06-30T12:00:00"')
        init, report = from_iati(write(tmp_path, text))
        assert [o.date for o in init.indicators[0].observations] == [dt.date(2021, 6, 30)]
        (w,) = interpreted(report)
        assert "the file's @generated-datetime, 2021-06-30" in w.message
        # the activity's own date comes first
        text = doc(
            updated_on("2021-03-01T00:00:00Z", inner),
            'version="2.03" generated-datetime="2021-06-30T12:00:00"',
        )
        init, _ = from_iati(write(tmp_path, text))
        assert [o.date for o in init.indicators[0].observations] == [dt.date(2021, 3, 1)]

    @pytest.mark.parametrize("stamp", ["", "not a date", "2021-02-30T00:00:00Z"])
    def test_nothing_checked_without_a_date(self, tmp_path: Path, stamp: str) -> None:
        inner = indicator('<baseline year="2019" value="0"/>' + self.WHOLE)
        text = activity("A", inner) if not stamp else updated_on(stamp, inner)
        init, report = from_iati(write(tmp_path, doc(text)))
        assert [o.date for o in init.indicators[0].observations] == [dt.date(2023, 12, 31)]
        assert "actual-after-update" not in report.codes()

    @pytest.mark.parametrize(
        "stamp",
        ["2023-12-31T23:59:59Z", "2023-12-31", "2023-12-31T00:30:00+02:00", "2024-01-01T00:00Z"],
    )
    def test_a_period_ending_by_the_update_is_as_before(self, tmp_path: Path, stamp: str) -> None:
        """The day is the one written, in the stamp's own timezone: 2023-12-31T00:30+02:00 is
        still the last day of the period (22:30 UTC the day before)."""
        ind, report = self.imported(tmp_path, self.WHOLE, stamp)
        assert [o.date for o in ind.observations] == [dt.date(2023, 12, 31)]
        assert "actual-after-update" not in report.codes()

    def test_a_period_not_begun_is_not_imported(self, tmp_path: Path) -> None:
        periods = period("2020-01-01", "2020-12-31", '<actual value="150"/>') + period(
            "2022-01-01", "2022-12-31", '<actual value="600"/>'
        )
        ind, report = self.imported(tmp_path, periods)
        assert [(o.date, o.value) for o in ind.observations] == [(dt.date(2020, 12, 31), 150.0)]
        (w,) = interpreted(report)
        assert (w.code, w.path, w.raw) == (
            "actual-after-update",
            "iati-activity[1]/result[1]/indicator[1]/period[2]/actual[1]",
            "600",
        )
        assert w.message == (
            "the period 2022-01-01..2022-12-31 had not begun when the activity was last "
            "updated (its @last-updated-datetime, 2021-03-01): its actual cannot be a result "
            "achieved in it; not imported"
        )

    def test_a_period_without_start_is_taken_to_begin_on_its_end(self, tmp_path: Path) -> None:
        periods = '<period><period-end iso-date="2021-12-31"/><actual value="600"/></period>'
        ind, report = self.imported(tmp_path, periods)
        assert ind.observations == ()
        (w,) = interpreted(report)
        assert w.message.startswith(
            "the period ending 2021-12-31, which gives no start, is not known to have begun when"
        )

    def test_the_target_of_the_same_period_is_its_own(self, tmp_path: Path) -> None:
        """The whole period's actual, dated at the update, is still the target's own: with one
        year inside the target's period, there are not two actual periods within it."""
        periods = self.WHOLE + period("2020-01-01", "2020-12-31", '<actual value="150"/>')
        ind, report = self.imported(tmp_path, periods)
        assert sorted(o.date for o in ind.observations) == [
            dt.date(2020, 12, 31),
            dt.date(2021, 3, 1),
        ]
        assert "actuals-as-levels" not in report.codes()
        assert interpreted_codes(report) == {"actual-after-update": 1, "overlapping-period": 1}

    @pytest.mark.parametrize("reverse", [False, True])
    def test_periods_of_one_start_cut_at_the_update_are_one(
        self, tmp_path: Path, reverse: bool
    ) -> None:
        """2020-2022 and 2020-2023, both dated 2021-03-01: two values of one date and group,
        which the analyses would average (both were imported, each at its end)."""
        parts = [
            period("2020-01-01", "2022-12-31", '<actual value="300"/>'),
            period("2020-01-01", "2023-12-31", '<actual value="400"/>'),
        ]
        ind, report = self.imported(tmp_path, "".join(parts[::-1] if reverse else parts))
        assert ind.observations == ()
        conflicting = issues_of(report, "conflicting-actuals")
        assert len(conflicting) == 1  # one for both
        assert conflicting[0].message.startswith(
            "the periods 2020-01-01..2022-12-31 and 2020-01-01..2023-12-31, their actuals dated "
            "2021-03-01 (the last update), have 2 actuals of this group with different values "
            "(300, 400)"
        )
        assert len(issues_of(report, "actual-after-update")) == 2

    @pytest.mark.parametrize("reverse", [False, True])
    def test_the_longest_period_of_one_date_is_kept(self, tmp_path: Path, reverse: bool) -> None:
        """2020-2023 and 2021, both dated 2021-03-01: only the longest's actual is imported on
        that date, as for periods ending on one day; the periods named as written."""
        parts = [self.WHOLE, period("2021-01-01", "2021-12-31", '<actual value="50"/>')]
        ind, report = self.imported(tmp_path, "".join(parts[::-1] if reverse else parts))
        assert [(o.date, o.value) for o in ind.observations] == [(dt.date(2021, 3, 1), 400.0)]
        (w,) = issues_of(report, "overlapping-period")
        assert w.raw == "50"
        assert w.message == (
            "the actual of the period 2021-01-01..2021-12-31 (its actual dated 2021-03-01, the "
            "last update) is dated on the same day as that of a longer period of the same group, "
            "2020-01-01..2023-12-31 (its actual dated 2021-03-01, the last update): only the "
            "longest period's actual is imported on that date"
        )

    def test_overlaps_name_the_periods_as_written(self, tmp_path: Path) -> None:
        periods = self.WHOLE + period("2020-07-01", "2021-01-31", '<actual value="200"/>')
        ind, report = self.imported(tmp_path, periods)
        assert [o.value for o in ind.observations] == [400.0, 200.0]
        messages = [w.message for w in issues_of(report, "overlapping-period")]
        assert messages == [
            "the period 2020-07-01..2021-01-31 overlaps the period 2020-01-01..2023-12-31 (its "
            "actual dated 2021-03-01, the last update) of the same group: their actuals may "
            "count the same things twice; both are imported"
        ]


class TestDecimalCommaFiles:
    """'1,350' was read as 1350 (thousands) in a file writing '1,2' (a decimal comma, refused):
    a yield of 1.35 t/ha against a target of 2 was read as 1350, the target met."""

    YIELD = indicator(
        '<baseline year="2019" value="1,2"/>'
        + period("2020-01-01", "2020-12-31", '<target value="2"/><actual value="1,350"/>')
    )

    def test_a_thousands_reading_beside_a_decimal_comma_is_refused(self, tmp_path: Path) -> None:
        init, report = from_iati(write(tmp_path, doc(activity("A", self.YIELD))))
        ind = init.indicators[0]
        assert ind.observations == ()  # was 1350: met
        (w,) = issues_of(report, "ambiguous-value")
        assert (w.path, w.raw) == (
            "iati-activity[1]/result[1]/indicator[1]/period[1]/actual[1]/@value",
            "1,350",
        )
        assert w.message == (
            "actual '1,350' is ambiguous in a file that writes decimal commas "
            "(iati-activity[1]/result[1]/indicator[1]/baseline[1]/@value holds '1,2'): 1.350 "
            "with a decimal comma, or 1350 with grouped thousands (write 1350 for the "
            "thousands, or 1.3500 for the decimal); kept here as raw text, not in the model"
        )
        assert [w.raw for w in issues_of(report, "non-numeric-value")] == ["1,2"]
        assert ci.measure_indicator(ind, as_of=dt.date(2021, 1, 1)).status is not (
            ci.IndicatorStatus.MET
        )

    def test_a_point_before_three_digits_beside_a_decimal_comma_is_refused(
        self, tmp_path: Path
    ) -> None:
        """'1.500' was read as 1.5 in a file writing '12,5', where it is 1500 as well (points
        group thousands where commas are decimals): baseline 800, target '1.500', actual
        '1.350' read as 1.5 and 1.35, the direction flipped to a decrease (target 1.5 < 800)
        and the indicator met (1.35 <= 1.5), instead of two ambiguous values."""
        people = indicator(
            '<baseline year="2020" value="800"/>'
            + period("2021-01-01", "2021-12-31", '<target value="1.500"/><actual value="1.350"/>')
        ).replace(' ascending="1"', "")
        share = indicator(period("2021-01-01", "2021-12-31", '<target value="12,5"/>'))
        init, report = from_iati(write(tmp_path, doc(activity("A", people + share))))
        ind = init.indicator("A/1.1")
        assert (ind.target, ind.observations) == (None, ())  # were 1.5 and (1.35,): met
        assert [(w.path, w.raw) for w in issues_of(report, "ambiguous-value")] == [
            ("iati-activity[1]/result[1]/indicator[1]/period[1]/target[1]/@value", "1.500"),
            ("iati-activity[1]/result[1]/indicator[1]/period[1]/actual[1]/@value", "1.350"),
        ]
        assert issues_of(report, "ambiguous-value")[1].message == (
            "actual '1.350' is ambiguous in a file that writes decimal commas "
            "(iati-activity[1]/result[2]/indicator[1]/period[1]/target[1]/@value holds '12,5'): "
            "1.350 with a decimal point, or 1350 with the point grouping thousands (write 1350 "
            "for the thousands, or 1.3500 for the decimal); kept here as raw text, not in the "
            "model"
        )
        assert "direction-from-target" not in report.codes()
        assert ci.assess(init).indicator("A/1.1").status is ci.IndicatorStatus.INSUFFICIENT_DATA

    @pytest.mark.parametrize("raw", ["1.3500", "0.350", "1.35", "1,350.5", "1.350e0", "EUR 1.35"])
    def test_other_points_are_decimals_beside_a_decimal_comma(
        self, tmp_path: Path, raw: str
    ) -> None:
        inner = period("2020-01-01", "2020-12-31", f'<target value="2"/><actual value="{raw}"/>')
        body = indicator('<baseline year="2019" value="1,2"/>' + inner)
        init, report = from_iati(write(tmp_path, doc(activity("A", body))))
        assert len(init.indicators[0].observations) == 1
        assert "ambiguous-value" not in report.codes()

    @pytest.mark.parametrize("comma", ["1.234,5", "1 234,5", "1\u00a0234,5", "\u22121,2"])
    def test_a_decimal_comma_as_its_locale_writes_it(self, tmp_path: Path, comma: str) -> None:
        """A baseline of '1.234,5' (thousands grouped by points, the comma the decimal), '1 234,5'
        or '−1,2' (a typeset minus) says the file writes decimal commas as '1,2' does: only
        '1,2' counted, and the actual '1.350' beside them was read as 1.35 with no word, where
        1350 may be meant (found by a reviewer, after the other readers counted these forms)."""
        inner = period("2020-01-01", "2020-12-31", '<target value="2"/><actual value="1.350"/>')
        body = indicator(f'<baseline year="2019" value="{comma}"/>' + inner)
        init, report = from_iati(write(tmp_path, doc(activity("A", body))))
        assert init.indicators[0].observations == ()  # was 1.35
        assert [w.raw for w in issues_of(report, "ambiguous-value")] == ["1.350"]

    @pytest.mark.parametrize("raw", ["1.350", "EUR 1.350", "-1.350", "2015: 1.350"])
    def test_decorated_points_before_three_digits_are_refused_too(
        self, tmp_path: Path, raw: str
    ) -> None:
        inner = period("2020-01-01", "2020-12-31", f'<target value="2"/><actual value="{raw}"/>')
        body = indicator('<baseline year="2019" value="1,2"/>' + inner)
        init, report = from_iati(write(tmp_path, doc(activity("A", body))))
        assert init.indicators[0].observations == ()
        assert [w.raw for w in issues_of(report, "ambiguous-value")] == [raw]

    def test_a_point_before_three_digits_without_a_decimal_comma_is_read(
        self, tmp_path: Path
    ) -> None:
        inner = period("2020-01-01", "2020-12-31", '<target value="2"/><actual value="1.350"/>')
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(inner)))))
        assert [o.value for o in init.indicators[0].observations] == [1.35]
        assert "ambiguous-value" not in report.codes()

    @pytest.mark.parametrize("comma_first", [False, True])
    def test_whatever_the_order(self, tmp_path: Path, comma_first: bool) -> None:
        """The decimal comma in a later activity refuses '1,350' of an earlier one."""
        grouped = activity(
            "A", indicator(period("2020-01-01", "2020-12-31", '<actual value="£1,350"/>'))
        )
        comma = activity("B", indicator('<baseline year="2019" value="0,5"/>'))
        acts = comma + grouped if comma_first else grouped + comma
        init, report = from_iati(write(tmp_path, doc(acts)))
        assert init.indicator("A/1.1").observations == ()
        (w,) = issues_of(report, "ambiguous-value")
        assert w.raw == "£1,350"
        assert f"(iati-activity[{1 if comma_first else 2}]/result[1]/indicator[1]/baseline[1]" in (
            w.message
        )
        assert "1.350 with a decimal comma, or 1350 with grouped thousands" in w.message

    def test_a_file_without_a_decimal_comma_reads_thousands(self, tmp_path: Path) -> None:
        body = self.YIELD.replace('value="1,2"', 'value="1.2"')
        init, report = from_iati(write(tmp_path, doc(activity("A", body))))
        assert [o.value for o in init.indicators[0].observations] == [1350.0]
        assert "ambiguous-value" not in report.codes()
        assert [w.raw for w in issues_of(report, "parsed-value")] == ["1,350"]

    def test_a_percentage_shows_the_decimal_comma(self, tmp_path: Path) -> None:
        places = (
            '<recipient-country code="KE" percentage="66,7"/>'
            '<recipient-country code="UG" percentage="33,3"/>'
        )
        body = places + indicator(period("2020-01-01", "2020-12-31", '<actual value="2,500"/>'))
        init, report = from_iati(write(tmp_path, doc(activity("A", body))))
        assert init.indicators[0].observations == ()
        (w,) = issues_of(report, "ambiguous-value")
        assert "(iati-activity[1]/recipient-country[1]/@percentage holds '66,7')" in w.message

    def test_unambiguous_thousands_are_read(self, tmp_path: Path) -> None:
        """Two groups, or a decimal point after the comma, are thousands in any locale."""
        periods = "".join(
            period(f"{year}-01-01", f"{year}-12-31", f'<actual value="{v}"/>')
            for year, v in ((2020, "£3,500,000"), (2021, "1,350.5"), (2022, "0,5"))
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(periods)))))
        assert [o.value for o in init.indicators[0].observations] == [3_500_000.0, 1350.5]
        assert "ambiguous-value" not in report.codes()

    def test_each_file_alone(self, tmp_path: Path) -> None:
        comma = write(tmp_path, doc(activity("A", self.YIELD)), "comma.xml")
        body = indicator(period("2020-01-01", "2020-12-31", '<actual value="1,350"/>'))
        plain = write(tmp_path, doc(activity("B", body)), "plain.xml")
        init, report = from_iati([comma, plain])
        assert init.indicator("A/1.1").observations == ()
        assert [o.value for o in init.indicator("B/1.1").observations] == [1350.0]
        assert [w.source for w in issues_of(report, "ambiguous-value")] == [str(comma)]

    def test_codes_and_words_show_no_locale(self, tmp_path: Path) -> None:
        """A nominal (3) or qualitative (5) measure's values are not numbers."""
        words = indicator('<baseline year="2019" value="1,2"/>').replace(
            'measure="1"', 'measure="5"'
        )
        body = words + indicator(period("2020-01-01", "2020-12-31", '<actual value="1,350"/>'))
        init, report = from_iati(write(tmp_path, doc(activity("A", body))))
        assert [o.value for o in init.indicator("A/2.1").observations] == [1350.0]
        assert "ambiguous-value" not in report.codes()

    def test_an_ambiguous_baseline_is_not_chosen(self, tmp_path: Path) -> None:
        """'1,350' of 2019 beside 5 of 2020: the earlier was chosen, then refused, leaving no
        baseline; the readable one is taken."""
        inner = '<baseline year="2019" value="1,350"/><baseline year="2020" value="5"/>' + period(
            "2021-01-01", "2021-12-31", '<target value="10"/><actual value="7,5"/>'
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", indicator(inner)))))
        ind = init.indicators[0]
        assert ind.baseline == ci.DatedValue(date=dt.date(2020, 1, 1), value=5.0)
        assert [w.raw for w in issues_of(report, "extra-baseline")] == ["1,350"]
        assert "ambiguous-value" not in report.codes()  # the baseline refused is not read


class TestEndedWithoutEndDate:
    """A closed (4) or finalisation (3) activity with no end date was imported as running from
    its start on, silently: a project closed years ago counted as current."""

    @pytest.mark.parametrize(("code", "state"), [("4", "closed"), ("3", "in finalisation")])
    def test_reported(self, tmp_path: Path, code: str, state: str) -> None:
        inner = f'<activity-status code="{code}"/><activity-date type="2" iso-date="2015-01-01"/>'
        text = doc(updated_on("2021-03-01T00:00:00Z", inner))
        init, report = from_iati(write(tmp_path, text))
        act = init.activities[0]
        assert (act.start, act.end) == (dt.date(2015, 1, 1), None)  # not ended at the update
        (w,) = interpreted(report)
        assert (w.code, w.path, w.raw) == (
            "no-end-date",
            "iati-activity[1]/activity-status[1]/@code",
            code,
        )
        assert w.message.startswith(
            f"activity 'A' is {state} (activity-status {code}), but has no end date the import "
            "can use (neither an actual end, activity-date type 4, nor a planned end, type 3): "
            "it is counted as running on every date after its start 2015-01-01"
        )
        assert "give it its end date" in w.message

    @pytest.mark.parametrize(
        "inner",
        [
            '<activity-status code="4"/><activity-date type="3" iso-date="2016-12-31"/>',
            '<activity-status code="3"/><activity-date type="4" iso-date="2016-12-31"/>',
            '<activity-status code="2"/><activity-date type="2" iso-date="2015-01-01"/>',
            '<activity-date type="2" iso-date="2015-01-01"/>',
        ],
    )
    def test_not_reported_otherwise(self, tmp_path: Path, inner: str) -> None:
        _, report = from_iati(write(tmp_path, doc(activity("A", inner))))
        assert interpreted(report) == []

    def test_an_end_left_out_leaves_none(self, tmp_path: Path) -> None:
        inner = (
            '<activity-status code="4"/><activity-date type="2" iso-date="2015-01-01"/>'
            '<activity-date type="4" iso-date="2014-12-31"/>'
        )
        init, report = from_iati(write(tmp_path, doc(activity("A", inner))))
        assert init.activities[0].end is None
        assert [w.code for w in interpreted(report)] == ["end-before-start", "no-end-date"]

    def test_without_a_start(self, tmp_path: Path) -> None:
        _, report = from_iati(write(tmp_path, doc(activity("A", '<activity-status code="4"/>'))))
        (w,) = interpreted(report)
        assert "counted as running on every date (nor a start)" in w.message


class TestPlannedEndAgainstStatus:
    """A planned end (activity-date type 3) contradicting the activity-status as of the last
    update was taken silently: status 2 (implementation), last updated 2022-06-01, planned end
    2020-12-31 ended the activity on 2020-12-31 (``assess`` listed it as not running, so it
    dropped out of every score); status 4 (closed), last updated 2021-03-01, planned end
    2022-12-31 counted it as running in 2022 without a word. Only the activity's own
    @last-updated-datetime leaves the end open: the file's @generated-datetime is no evidence
    that the status was recorded after the planned end."""

    DATES = '<activity-date type="2" iso-date="2019-02-01"/>'
    PLAN = '<activity-date type="3" iso-date="2020-12-31"/>'

    @pytest.mark.parametrize(
        ("code", "state"), [("2", "in implementation"), ("1", "in pipeline/identification")]
    )
    def test_a_passed_plan_of_a_running_activity_leaves_the_end_open(
        self, tmp_path: Path, code: str, state: str
    ) -> None:
        inner = (
            f'<activity-status code="{code}"/>{self.DATES}'
            '<activity-date type="3" iso-date="2020-12-31"/>'
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01", inner))))
        act = init.activities[0]
        assert (act.start, act.end) == (dt.date(2019, 2, 1), None)
        assert ci.assess(init, as_of="2022-06-30").not_running == ()
        (w,) = issues_of(report, "end-against-status")
        assert (w.path, w.line, w.raw) == (
            "iati-activity[1]/activity-date[2]/@iso-date",
            1,
            "2020-12-31",
        )
        assert w.message.startswith(
            f"activity 'A' is {state} (activity-status {code}) as of its last update (its "
            "@last-updated-datetime, 2022-06-01), but its only end date is the planned end "
            "2020-12-31 (activity-date type 3), before that update"
        )
        assert "its end is left open" in w.message
        # status 1 is "being scoped or planned": it had not ended, it does not "still run"
        assert ("the activity still runs" in w.message) == (code == "2")
        # and its status is no fact beside its actual start 2019-02-01
        assert (
            "the activity had not ended then (its status says it was still being scoped or "
            "planned, though it gives an actual start, 2019-02-01), so its end is left open"
            in w.message
        ) == (code == "1")

    @pytest.mark.parametrize(("code", "state"), [("4", "closed"), ("3", "in finalisation")])
    def test_a_plan_after_the_close_is_kept_and_reported(
        self, tmp_path: Path, code: str, state: str
    ) -> None:
        inner = (
            f'<activity-status code="{code}"/>{self.DATES}'
            '<activity-date type="3" iso-date="2022-12-31"/>'
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2021-03-01", inner))))
        assert init.activities[0].end == dt.date(2022, 12, 31)
        (w,) = issues_of(report, "end-against-status")
        assert w.raw == "2022-12-31"
        assert w.message.startswith(
            f"activity 'A' is {state} (activity-status {code}) as of its last update (its "
            "@last-updated-datetime, 2021-03-01), but its only end date is the planned end "
            "2022-12-31 (activity-date type 3), after that update"
        )

    @pytest.mark.parametrize("code", ["2", "1"])
    def test_a_plan_passed_by_the_file_date_alone_is_kept(self, tmp_path: Path, code: str) -> None:
        """Status 2, no @last-updated-datetime, planned end 2020-12-31, in a file generated
        2022-06-01: the end was left open, though a registry dump holds records last touched
        long before it was generated, so the status may date from before 2020-12-31. The
        planned end is kept, and the conflict reported as possible."""
        inner = f'<activity-status code="{code}"/>{self.DATES}{self.PLAN}'
        root = 'version="2.03" generated-datetime="2022-06-01T10:00:00Z"'
        init, report = from_iati(write(tmp_path, doc(activity("A", inner), root)))
        assert init.activities[0].end == dt.date(2020, 12, 31)
        (w,) = issues_of(report, "end-against-status")
        assert (w.path, w.raw) == ("iati-activity[1]/activity-date[2]/@iso-date", "2020-12-31")
        assert "(activity-status " + code + ") in a file generated 2022-06-01, after" in w.message
        assert "the activity gives no @last-updated-datetime" in w.message
        assert "the planned end is kept (it is counted as running until 2020-12-31)" in w.message
        assert "left open" not in w.message

    def test_the_activity_date_decides_before_the_file_date(self, tmp_path: Path) -> None:
        """Last updated 2020-06-01 (before the planned end 2020-12-31), in a file generated
        2022-06-01: the status is as of 2020-06-01, no conflict, the end kept."""
        inner = f'<activity-status code="2"/>{self.DATES}{self.PLAN}'
        root = 'version="2.03" generated-datetime="2022-06-01T10:00:00Z"'
        init, report = from_iati(write(tmp_path, doc(updated_on("2020-06-01", inner), root)))
        assert init.activities[0].end == dt.date(2020, 12, 31)
        assert "end-against-status" not in report.codes()

    def test_the_file_date_stands_for_the_update_of_a_closed_activity(self, tmp_path: Path) -> None:
        """Closed (4) in a file generated 2021-03-01, planned end 2022-12-31: the file's date
        bounds the status's from above, so the activity had closed by 2021-03-01; the planned
        end is kept and the contradiction reported, as for the activity's own date."""
        inner = '<activity-status code="4"/><activity-date type="3" iso-date="2022-12-31"/>'
        root = 'version="2.03" generated-datetime="2021-03-01T10:00:00Z"'
        init, report = from_iati(write(tmp_path, doc(activity("A", self.DATES + inner), root)))
        assert init.activities[0].end == dt.date(2022, 12, 31)
        (w,) = issues_of(report, "end-against-status")
        assert "as of its last update (the file's @generated-datetime, 2021-03-01" in w.message

    @pytest.mark.parametrize(
        ("code", "dates"),
        [
            # an actual end is taken as it is, whatever the status
            (
                "2",
                '<activity-date type="3" iso-date="2020-06-30"/>'
                '<activity-date type="4" iso-date="2020-12-31"/>',
            ),
            (
                "4",
                '<activity-date type="3" iso-date="2023-06-30"/>'
                '<activity-date type="4" iso-date="2023-12-31"/>',
            ),
            # a plan not yet passed, a close after the plan, the update's own day
            ("2", '<activity-date type="3" iso-date="2023-12-31"/>'),
            ("4", '<activity-date type="3" iso-date="2020-12-31"/>'),
            ("2", '<activity-date type="3" iso-date="2022-06-01"/>'),
            ("4", '<activity-date type="3" iso-date="2022-06-01"/>'),
            # no status: nothing to check against
            ("", '<activity-date type="3" iso-date="2020-12-31"/>'),
        ],
    )
    def test_not_reported_otherwise(self, tmp_path: Path, code: str, dates: str) -> None:
        status = f'<activity-status code="{code}"/>' if code else ""
        init, report = from_iati(
            write(tmp_path, doc(updated_on("2022-06-01", status + self.DATES + dates)))
        )
        assert init.activities[0].end is not None
        assert "end-against-status" not in report.codes()

    def test_without_an_update_nothing_is_checked(self, tmp_path: Path) -> None:
        inner = f'<activity-status code="2"/>{self.DATES}{self.PLAN}'
        init, report = from_iati(write(tmp_path, doc(activity("A", inner))))
        assert init.activities[0].end == dt.date(2020, 12, 31)
        assert "end-against-status" not in report.codes()


class TestPlannedStartAgainstStatus:
    """An activity in pipeline/identification (status 1: "being scoped or planned") as of its
    last update, 2022-06-01, with a planned start 2020-01-01 and a planned end 2021-12-31, was
    counted as running from 2020-01-01 on (``assess`` on 2021-06-30 listed nothing as not
    running), and the end's issue said "the activity still runs", false for status 1 (found by
    a reviewer). It had not begun by 2022-06-01: it is counted as running from 2022-06-02, the
    day after that update (the import takes a status to hold for the whole day of its update),
    unless its results report a result achieved by then."""

    START = '<activity-date type="1" iso-date="2020-01-01"/>'
    END = '<activity-date type="3" iso-date="2021-12-31"/>'

    def test_a_passed_planned_start_becomes_the_day_after_the_update(self, tmp_path: Path) -> None:
        inner = f'<activity-status code="1"/>{self.START}{self.END}'
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01T00:00:00", inner))))
        act = init.activities[0]
        assert (act.start, act.end) == (dt.date(2022, 6, 2), None)
        for day, days in (("2021-06-30", 337), ("2022-06-01", 1)):  # 2021-06-30 + 337 = 06-02
            (waiting,) = ci.assess(init, as_of=day).not_running
            assert (waiting.activity, waiting.status, waiting.days) == ("A", "not started", days)
        assert ci.assess(init, as_of="2022-06-02").not_running == ()
        (start,) = issues_of(report, "start-against-status")
        assert (start.path, start.line, start.raw) == (
            "iati-activity[1]/activity-date[1]/@iso-date",
            1,
            "2020-01-01",
        )
        assert start.message.startswith(
            "activity 'A' is in pipeline/identification (activity-status 1) as of its last "
            "update (its @last-updated-datetime, 2022-06-01): it was still being scoped or "
            "planned then, so it had not begun (nor do its results report an actual other "
            "than 0 and than its indicator's baseline of a period begun on or before that "
            "update), but its only start date is the planned start 2020-01-01 (activity-date "
            "type 1), on or before that update"
        )
        # the day after is a convention, not "the earliest it can have begun" (found by a
        # reviewer: an update at 10:00 leaves the rest of its day)
        assert "counted as running from 2022-06-02, the day after that update" in start.message
        assert "earliest" not in start.message
        assert (
            "it cannot have begun before the update, and the import takes a status to hold for "
            "the whole day of its update, as the model counts whole days" in start.message
        )
        (end,) = issues_of(report, "end-against-status")
        assert "still runs" not in end.message
        assert "had not begun, let alone ended, so its end is left open" in end.message
        assert "counted as running on every date from 2022-06-02" in end.message

    def test_a_planned_start_on_the_update_day_and_an_end_that_day(self, tmp_path: Path) -> None:
        """Planned 2022-06-01..2022-06-01, status 1 as of 2022-06-01: not begun that day, so
        the start is 2022-06-02 and the plan's end, that day, has passed (left open, not an
        end before the start)."""
        inner = (
            '<activity-status code="1"/><activity-date type="1" iso-date="2022-06-01"/>'
            '<activity-date type="3" iso-date="2022-06-01"/>'
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01T09:00:00", inner))))
        act = init.activities[0]
        assert (act.start, act.end) == (dt.date(2022, 6, 2), None)
        (end,) = issues_of(report, "end-against-status")
        assert "(activity-date type 3), on or before that update" in end.message
        assert "end-before-start" not in report.codes()

    def test_no_start_at_all(self, tmp_path: Path) -> None:
        """No start: the model would count it as running on every date before the update."""
        inner = '<activity-status code="1"/><activity-date type="3" iso-date="2023-12-31"/>'
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01", inner))))
        act = init.activities[0]
        assert (act.start, act.end) == (dt.date(2022, 6, 2), dt.date(2023, 12, 31))
        (w,) = issues_of(report, "start-against-status")
        assert (w.path, w.raw) == ("iati-activity[1]/activity-status[1]/@code", "1")
        assert "but it gives no start date (activity-date type 1 or 2)" in w.message
        assert "end-against-status" not in report.codes()

    def test_a_plan_not_yet_passed_is_kept(self, tmp_path: Path) -> None:
        inner = (
            '<activity-status code="1"/><activity-date type="1" iso-date="2022-06-02"/>'
            '<activity-date type="3" iso-date="2023-12-31"/>'
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01", inner))))
        act = init.activities[0]
        assert (act.start, act.end) == (dt.date(2022, 6, 2), dt.date(2023, 12, 31))
        assert "start-against-status" not in report.codes()
        assert "end-against-status" not in report.codes()

    @pytest.mark.parametrize(
        "dates",
        [
            # an actual date is taken as it is, whatever the status
            '<activity-date type="2" iso-date="2019-02-01"/>',
            '<activity-date type="1" iso-date="2019-02-01"/>'
            '<activity-date type="4" iso-date="2020-12-31"/>',
        ],
    )
    def test_actual_dates_are_kept(self, tmp_path: Path, dates: str) -> None:
        inner = f'<activity-status code="1"/>{dates}'
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01", inner))))
        assert init.activities[0].start == dt.date(2019, 2, 1)
        assert "start-against-status" not in report.codes()

    @pytest.mark.parametrize("code", ["2", "3", "4", ""])
    def test_other_statuses_keep_the_planned_start(self, tmp_path: Path, code: str) -> None:
        status = f'<activity-status code="{code}"/>' if code else ""
        inner = status + self.START + '<activity-date type="3" iso-date="2030-12-31"/>'
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01", inner))))
        assert init.activities[0].start == dt.date(2020, 1, 1)
        assert "start-against-status" not in report.codes()

    def test_a_start_passed_by_the_file_date_alone_is_kept(self, tmp_path: Path) -> None:
        """No @last-updated-datetime, a file generated 2022-06-01: the status may date from
        before 2020-01-01, so the planned start is kept and the conflict reported as possible;
        without a start nothing contradicts the status."""
        root = 'version="2.03" generated-datetime="2022-06-01T10:00:00Z"'
        inner = '<activity-status code="1"/>' + self.START
        init, report = from_iati(write(tmp_path, doc(activity("A", inner), root)))
        assert init.activities[0].start == dt.date(2020, 1, 1)
        (w,) = issues_of(report, "start-against-status")
        assert "in a file generated 2022-06-01, on or after its only start date" in w.message
        assert "the planned start is kept (it is counted as running from 2020-01-01)" in w.message
        init, report = from_iati(
            write(tmp_path, doc(activity("A", '<activity-status code="1"/>'), root))
        )
        assert init.activities[0].start is None
        assert "start-against-status" not in report.codes()

    def test_without_an_update_nothing_is_checked(self, tmp_path: Path) -> None:
        init, report = from_iati(
            write(tmp_path, doc(activity("A", '<activity-status code="1"/>' + self.START)))
        )
        assert init.activities[0].start == dt.date(2020, 1, 1)
        assert "start-against-status" not in report.codes()

    @staticmethod
    def results(*periods: tuple[str, str, str]) -> str:
        """An indicator whose periods are ``(start, end, actual value)``."""
        return indicator(
            "".join(
                period(start, end, f'<actual value="{value}"/>') for start, end, value in periods
            )
        )

    def test_results_achieved_before_the_update_keep_the_planned_start(
        self, tmp_path: Path
    ) -> None:
        """Status 1 as of 2022-06-01T10:00, planned 2020-01-01..2023-12-31, and an actual of 50
        for the period 2021: it was counted as running from 2022-06-02 only, "not started" on
        2021-12-31 (found by a reviewer), though it reports a result achieved in 2021. Status
        and results disagree: the planned start is kept (running on 2021-12-31), and the
        issue says so, never that it had not begun."""
        inner = (
            '<activity-status code="1"/>'
            + self.START
            + '<activity-date type="3" iso-date="2023-12-31"/>'
            + self.results(("2021-01-01", "2021-12-31", "50"))
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01T10:00:00Z", inner))))
        act = init.activities[0]
        assert (act.start, act.end) == (dt.date(2020, 1, 1), dt.date(2023, 12, 31))
        assert ci.assess(init, as_of="2021-12-31").not_running == ()
        (w,) = issues_of(report, "start-against-status")
        assert (w.path, w.raw) == ("iati-activity[1]/activity-date[1]/@iso-date", "2020-01-01")
        assert w.message == (
            "activity 'A' is in pipeline/identification (activity-status 1) as of its last "
            "update (its @last-updated-datetime, 2022-06-01), which says it was still being "
            "scoped or planned then, not begun, but its results report an actual (not 0, nor "
            "its indicator's baseline) of a period begun on or before that update ('50' for "
            "the period 2021-01-01..2021-12-31, at "
            "result[1]/indicator[1]/period[1]/actual[1]), a result achieved by then: the status "
            "and the results disagree, and its planned start 2020-01-01 (activity-date type 1) "
            "is kept (it is counted as running from 2020-01-01); give it its actual start (type "
            "2), or correct its status or its results"
        )
        assert "had not begun" not in w.message

    def test_the_earliest_result_is_named_and_all_counted(self, tmp_path: Path) -> None:
        """Actuals of 2021 (ending 2021-12-31), of a period giving no end (dated at its start,
        2020-07-01) and of 2023 (after the update, 2022-06-01: no evidence): 2 counted, the one
        dated 2020-07-01 named; "Not available" is no number, so no evidence either. No start
        given: it stays open; a planned end before the update is left open, and its issue does
        not say it had not begun."""
        results = self.results(
            ("2021-01-01", "2021-12-31", "12"),
            ("2023-01-01", "2023-12-31", "40"),
            ("2019-01-01", "2019-12-31", "Not available"),
        ) + indicator('<period><period-start iso-date="2020-07-01"/><actual value="3"/></period>')
        inner = (
            '<activity-status code="1"/><activity-date type="3" iso-date="2021-12-31"/>' + results
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01", inner))))
        act = init.activities[0]
        assert (act.start, act.end) == (None, None)
        (w,) = issues_of(report, "start-against-status")
        assert w.path == "iati-activity[1]/activity-status[1]/@code"
        assert (
            "its results report 2 actuals (not 0, nor their indicator's baseline) of periods "
            "begun on or before that update (the earliest, '3' for the period starting "
            "2020-07-01 (it gives no end), at "
            "result[2]/indicator[1]/period[1]/actual[1])" in w.message
        )
        assert "it gives no start date (activity-date type 1 or 2), so its start is left open" in (
            w.message
        )
        (end,) = issues_of(report, "end-against-status")
        assert "had not begun" not in end.message
        assert (
            "the activity had not ended then (its status says it was still being scoped or "
            "planned, though its results report a result achieved by then)" in end.message
        )

    def test_only_results_after_the_update_move_the_start(self, tmp_path: Path) -> None:
        """An actual of 2023, after the update, and one of 2019 that is no number: no result
        achieved by the update, so the start is the day after it, as without results."""
        inner = (
            '<activity-status code="1"/>'
            + self.START
            + self.results(
                ("2023-01-01", "2023-12-31", "40"), ("2019-01-01", "2019-12-31", "Not available")
            )
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01", inner))))
        assert init.activities[0].start == dt.date(2022, 6, 2)
        (w,) = issues_of(report, "start-against-status")
        assert "so it had not begun (nor do its results report" in w.message

    def test_a_result_of_a_period_begun_by_the_update_keeps_the_planned_start(
        self, tmp_path: Path
    ) -> None:
        """Status 1 as of 2022-06-01, planned start 2020-01-01, an actual of 50 for 2022
        (2022-01-01..2022-12-31): the import dates that actual at the update, the progress up
        to 2022-06-01 (actual-after-update), yet the start was moved to 2022-06-02 and the
        issue said no actual was reported by then (found by a reviewer). The period began on
        or before the update: a result achieved by then, so the planned start is kept."""
        inner = (
            '<activity-status code="1"/>'
            + self.START
            + '<activity-date type="3" iso-date="2023-12-31"/>'
            + self.results(("2022-01-01", "2022-12-31", "50"))
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01T10:00:00Z", inner))))
        assert init.activities[0].start == dt.date(2020, 1, 1)
        assert [(o.date, o.value) for o in init.indicators[0].observations] == [
            (dt.date(2022, 6, 1), 50.0)
        ]
        (w,) = issues_of(report, "start-against-status")
        assert (
            "('50' for the period 2022-01-01..2022-12-31 (the progress up to 2022-06-01), at "
            "result[1]/indicator[1]/period[1]/actual[1])" in w.message
        )
        assert "actual-after-update" in report.codes()

    @pytest.mark.parametrize(
        ("baseline", "actual", "start"),
        [
            ("", "0", dt.date(2022, 6, 2)),  # pre-filled with 0: nothing achieved
            ("", "0.0", dt.date(2022, 6, 2)),
            ('<baseline year="2019" value="20"/>', "20", dt.date(2022, 6, 2)),  # the baseline
            ('<baseline year="2019" value="20"/>', "0", dt.date(2022, 6, 2)),
            ('<baseline year="2019" value="20"/>', "25", dt.date(2020, 1, 1)),  # a change
            ('<baseline year="2019" value="0"/>', "-3", dt.date(2020, 1, 1)),
        ],
    )
    def test_an_actual_of_0_or_of_the_baseline_is_no_result(
        self, tmp_path: Path, baseline: str, actual: str, start: dt.date
    ) -> None:
        """Status 1 as of 2022-06-01, planned start 2020-01-01, an actual of 0 for 2021: it
        was taken for a result achieved by then and the planned start kept, 2020-01-01, where
        before it was 2022-06-02 (found by a reviewer): publishers pre-fill results with 0, or
        with the baseline. Only an actual other than 0 and the baseline is evidence."""
        inner = (
            '<activity-status code="1"/>'
            + self.START
            + '<activity-date type="3" iso-date="2023-12-31"/>'
            + indicator(
                baseline + period("2021-01-01", "2021-12-31", f'<actual value="{actual}"/>')
            )
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01", inner))))
        assert init.activities[0].start == start
        (w,) = issues_of(report, "start-against-status")
        assert ("so it had not begun" in w.message) == (start == dt.date(2022, 6, 2))

    def test_a_planned_end_on_the_update_day_with_results_is_kept(self, tmp_path: Path) -> None:
        """Planned end 2022-06-01, the day of the update, with a result of 2021: not "not
        begun that day", so the end stands as it would in implementation (2)."""
        inner = (
            '<activity-status code="1"/>'
            + self.START
            + '<activity-date type="3" iso-date="2022-06-01"/>'
            + self.results(("2021-01-01", "2021-12-31", "50"))
        )
        init, report = from_iati(write(tmp_path, doc(updated_on("2022-06-01", inner))))
        act = init.activities[0]
        assert (act.start, act.end) == (dt.date(2020, 1, 1), dt.date(2022, 6, 1))
        assert "end-against-status" not in report.codes()


def org(ref: str, role: int = 4) -> str:
    return (
        f'<participating-org ref="{ref}" role="{role}" type="22"><narrative>{ref}</narrative>'
        "</participating-org>"
    )


class TestLeadWhateverTheOrder:
    """The lead partner (an activity's first partner) was the first of the organisations of
    its best role in document order: A implemented by XM-1 and XM-2, B by XM-2 and XM-3, C by
    XM-3 and XM-1 had leads XM-1, XM-2, XM-3 (governance 'shared', no partner leading half),
    and listing A's two the other way round gave XM-2, XM-2, XM-3 ('lead organization', XM-2
    leading 2/3 = 67 %) (found by a reviewer). Of the organisations of the best role, the lead
    is now the reporting-org when it is one of them, else the one whose id comes first."""

    @staticmethod
    def three(first: str, reporting: str = "") -> str:
        dates = '<activity-date type="2" iso-date="2020-01-01"/>'
        return doc(
            activity("A", reporting + dates, org=first)
            + activity("B", dates, org=org("XM-2") + org("XM-3"))
            + activity("C", dates, org=org("XM-3") + org("XM-1"))
        )

    def test_reordered_organisations_give_the_same_assessment(self, tmp_path: Path) -> None:
        """Leads XM-1 (A: XM-1 < XM-2), XM-2 (B), XM-1 (C: XM-1 < XM-3): XM-1 leads 2 of 3
        activities, 67 % >= half, so 'lead organization', in either order."""
        results = []
        for first in (org("XM-1") + org("XM-2"), org("XM-2") + org("XM-1")):
            init, report = from_iati(write(tmp_path, self.three(first)), name="I")
            assert [a.partners for a in init.activities] == [
                ("XM-1", "XM-2"),
                ("XM-2", "XM-3"),
                ("XM-1", "XM-3"),
            ]
            result = ci.assess(init, as_of="2022-06-30").to_dict()
            assert result["network"]["governance_mode"] == "lead organization"
            results.append(json.dumps(result, sort_keys=True))
            chosen = issues_of(report, "chosen-lead")
            assert [(w.path, w.raw) for w in chosen] == [
                ("iati-activity[1]", "XM-1, XM-2"),
                ("iati-activity[2]", "XM-2, XM-3"),
                ("iati-activity[3]", "XM-1, XM-3"),
            ]
            assert chosen[0].message == (
                "activity 'A' has 2 implementing organisations (participating-org role 4), any "
                "of which may lead it: 'XM-1', 'XM-2'; 'XM-1', the first of their ids in "
                "code-point order once case-folded (nothing in the file says which leads), is "
                "taken as its lead partner (the first of its partners, who decides the pairs "
                "between partners and who leads in the governance mode), whatever the order of "
                "the participating-org elements: a choice among equals that decides the "
                "governance mode's lead, so renaming an organisation can change it; if another "
                "leads, put it first among the activity's partners in the imported initiative"
            )
        assert results[0] == results[1]

    def test_the_reporting_org_leads_among_them(self, tmp_path: Path) -> None:
        reporting = '<reporting-org ref="XM-2"><narrative>XM-2</narrative></reporting-org>'
        for first in (org("XM-1") + org("XM-2"), org("XM-2") + org("XM-1")):
            init, report = from_iati(write(tmp_path, self.three(first, reporting)))
            assert init.activity("A").partners == ("XM-2", "XM-1")
            w = issues_of(report, "chosen-lead")[0]
            assert "'XM-2', its reporting-org, is taken as its lead partner" in w.message

    def test_the_best_role_decides_first_and_the_rest_is_sorted(self, tmp_path: Path) -> None:
        """A funder (1) does not lead beside an implementer (4), nor the reporting-org when it
        is only a funder; an organisation of two roles ranks by its best; the others follow by
        role, then id. One implementer: nothing to choose, nothing reported."""
        reporting = '<reporting-org ref="XM-0"><narrative>XM-0</narrative></reporting-org>'
        orgs = [org("XM-0", 1), org("XM-9", 2), org("XM-8", 1), org("XM-5", 4), org("XM-9", 4)]
        for order in (orgs, orgs[::-1]):
            text = doc(activity("A", reporting, org="".join(order)))
            init, report = from_iati(write(tmp_path, text))
            # implementing XM-5 and XM-9 (also accountable): XM-5 first; funders XM-0, XM-8
            assert init.activities[0].partners == ("XM-5", "XM-9", "XM-0", "XM-8")
            (w,) = issues_of(report, "chosen-lead")
            assert w.raw == "XM-5, XM-9"
        init, report = from_iati(
            write(tmp_path, doc(activity("A", "", org=org("XM-1", 1) + org("XM-2"))))
        )
        assert init.activities[0].partners == ("XM-2", "XM-1")
        assert "chosen-lead" not in report.codes()

    def test_ids_as_finally_spelt(self, tmp_path: Path) -> None:
        """xm-b is given as XM-B twice elsewhere: the partner is XM-B, but the lead is still
        XM-a, whose case-folded id xm-a comes before xm-b, in either order of the files."""
        a = activity("A", "", org=org("XM-a") + org("xm-b"))
        others = activity("B", "", org=org("XM-B")) + activity("C", "", org=org("XM-B"))
        for text in (doc(a + others), doc(others + a)):
            init, _ = from_iati(write(tmp_path, text))
            assert init.activity("A").partners == ("XM-a", "XM-B")

    def test_the_spelling_elsewhere_does_not_move_the_lead(self, tmp_path: Path) -> None:
        """A1 is implemented by xm-a and XM-B. Alone, the lead was XM-B ('B' < 'x' in code
        points); with A2 and A3 spelling the ref xm-b (given twice, so the partner is spelt
        xm-b) it became xm-a: how other activities spell an id moved A1's lead, and with it
        the pairs and the governance mode (found by a reviewer). Compared case-folded (xm-a <
        xm-b), the lead is xm-a either way; the other partners are ordered the same way."""
        a1 = activity("A1", "", org=org("xm-a") + org("XM-B") + org("XM-C", 1) + org("xm-d", 1))
        others = activity("A2", "", org=org("xm-b")) + activity("A3", "", org=org("xm-b"))
        init, report = from_iati(write(tmp_path, doc(a1)))
        assert init.activity("A1").partners == ("xm-a", "XM-B", "XM-C", "xm-d")
        assert issues_of(report, "chosen-lead")[0].raw == "xm-a, XM-B"
        init, report = from_iati(write(tmp_path, doc(a1 + others)))
        assert init.activity("A1").partners == ("xm-a", "xm-b", "XM-C", "xm-d")
        assert issues_of(report, "chosen-lead")[0].raw == "xm-a, xm-b"


class TestSkippedCopiesMergeNoNames:
    """An older copy of A, skipped, named 'Acme Trust' with the @ref XM-OLD beside the kept
    copy's XM-NEW: two refs for one name, so B's 'Acme Trust' without @ref was not merged with
    XM-NEW but became a partner 'acme-trust' of its own; without the old copy it was merged
    (found by a reviewer). Names are counted in the copies kept only."""

    @staticmethod
    def act(ident: str, stamp: str, orgs: str) -> str:
        return updated_on(stamp, "", ident).replace(
            '<participating-org ref="XM-1" role="4" type="22"><narrative>NGO</narrative>'
            "</participating-org>",
            orgs,
        )

    @staticmethod
    def acme(ref: str | None) -> str:
        r = f' ref="{ref}"' if ref else ""
        return (
            f'<participating-org{r} role="4" type="22"><narrative>Acme Trust</narrative>'
            "</participating-org>"
        )

    def test_in_one_file(self, tmp_path: Path) -> None:
        old = self.act("A", "2020-01-01T00:00:00", self.acme("XM-OLD"))
        new = self.act("A", "2021-01-01T00:00:00", self.acme("XM-NEW"))
        b = self.act("B", "2021-01-01T00:00:00", self.acme(None) + org("XM-1"))
        for acts in ((old, new, b), (new, b), (b, new, old)):
            init, report = from_iati(write(tmp_path, doc("".join(acts))))
            assert [p.id for p in init.partners] == ["XM-NEW", "XM-1"]
            assert init.activity("B").partners == ("XM-1", "XM-NEW")
            (noref,) = issues_of(report, "no-ref")
            assert "merged by name with the organisation whose @ref is 'XM-NEW'" in noref.message

    def test_across_files(self, tmp_path: Path) -> None:
        """The older copy in another file, read before or after: the same."""
        old = write(
            tmp_path, doc(self.act("A", "2020-01-01T00:00:00", self.acme("XM-OLD"))), "a.xml"
        )
        new = write(
            tmp_path,
            doc(
                self.act("A", "2021-01-01T00:00:00", self.acme("XM-NEW"))
                + self.act("B", "2021-01-01T00:00:00", self.acme(None) + org("XM-1"))
            ),
            "b.xml",
        )
        for paths in ([old, new], [new, old]):
            init, _ = from_iati(paths)
            assert sorted(p.id for p in init.partners) == ["XM-1", "XM-NEW"]


class TestCaseVariantsWhateverTheOrder:
    """Organisation @refs differing only in case became one partner whose id was the spelling
    met first, so reversing the activities changed the partner's id everywhere; which of two
    case-variant or undated copies of an activity was imported depended on the order too."""

    @staticmethod
    def act(ident: str, ref: str, extra: str = "") -> str:
        return activity(
            ident,
            extra,
            '<participating-org ref="NGO-1" role="4" type="22"><narrative>N</narrative>'
            f'</participating-org><participating-org ref="{ref}" role="1" type="10">'
            "<narrative>Donor</narrative></participating-org>",
        )

    def test_the_partner_id_is_the_spelling_given_most_often(self, tmp_path: Path) -> None:
        """xm-dac-7 twice, XM-DAC-7 once: xm-dac-7 in every order (was the first met)."""
        acts = [self.act("A", "XM-DAC-7"), self.act("B", "xm-dac-7"), self.act("C", "xm-dac-7")]
        for order in (acts, acts[::-1], acts[1:] + acts[:1]):
            init, report = from_iati(write(tmp_path, doc("".join(order))))
            assert [p.id for p in init.partners] == ["NGO-1", "xm-dac-7"]
            assert {a.partners[1] for a in init.activities} == {"xm-dac-7"}
            assert [w.raw for w in issues_of(report, "case-variant")] != []

    def test_a_tie_goes_to_the_first_in_code_point_order(self, tmp_path: Path) -> None:
        """rep3: one of each spelling; 'XM-DAC-7' < 'xm-dac-7' in either order."""
        ab = self.act("A", "xm-dac-7") + self.act("B", "XM-DAC-7")
        ba = self.act("B", "XM-DAC-7") + self.act("A", "xm-dac-7")
        results = []
        for name, body in (("ab.xml", ab), ("ba.xml", ba)):
            init, _ = from_iati(write(tmp_path, doc(body), name))
            assert [p.id for p in init.partners] == ["NGO-1", "XM-DAC-7"]
            results.append(sorted((a.id, a.partners) for a in init.activities))
        assert results[0] == results[1]

    def test_reporters_and_ties_follow_the_spelling(self, tmp_path: Path) -> None:
        """The reporter of a value and a funding tie name the partner by its chosen id."""
        value = indicator(period("2020-01-01", "2020-12-31", '<actual value="5"/>'))
        tx = (
            '<transaction><transaction-type code="3"/><provider-org ref="xm-dac-7"/>'
            '<receiver-org ref="NGO-1"/></transaction>'
        )
        first = self.act("A", "xm-dac-7", '<reporting-org ref="xm-dac-7"/>' + value + tx)
        body = first + self.act("B", "XM-DAC-7") + self.act("C", "XM-DAC-7")
        init, _ = from_iati(write(tmp_path, doc(body)))
        assert [p.id for p in init.partners] == ["NGO-1", "XM-DAC-7"]
        assert [o.reported_by for o in init.indicators[0].observations] == ["XM-DAC-7"]
        assert [(t.source, t.target) for t in init.ties] == [("XM-DAC-7", "NGO-1")]

    def test_an_organisation_merged_by_name_takes_the_spelling(self, tmp_path: Path) -> None:
        """An organisation without @ref named as one with a @ref takes its chosen spelling."""
        noref = activity(
            "D",
            "",
            '<participating-org role="4" type="22"><narrative>Donor</narrative>'
            "</participating-org>",
        )
        acts = [noref, self.act("A", "xm-dac-7"), self.act("B", "XM-DAC-7")]
        for order in (acts, acts[::-1]):
            init, _ = from_iati(write(tmp_path, doc("".join(order))))
            assert sorted(p.id for p in init.partners) == ["NGO-1", "XM-DAC-7"]
            assert init.activity("D").partners == ("XM-DAC-7",)

    def test_case_variant_activities_whatever_the_order(self, tmp_path: Path) -> None:
        """Undated 'A-1' and 'a-1': 'A-1' (first in code-point order) in either order."""
        one = indicator(period("2020-01-01", "2020-12-31", '<actual value="5"/>'))
        two = indicator(period("2020-01-01", "2020-12-31", '<actual value="7"/>'))
        acts = [activity("a-1", two), activity("A-1", one)]
        for order in (acts, acts[::-1]):
            init, report = from_iati(write(tmp_path, doc("".join(order))))
            assert [a.id for a in init.activities] == ["A-1"]
            assert [o.value for o in init.indicators[0].observations] == [5.0]
            (w,) = issues_of(report, "case-variant")
            assert w.raw == "a-1"

    def test_undated_copies_whatever_the_order_of_the_files(self, tmp_path: Path) -> None:
        """Two undated copies of A in two files, reporting 5 and 7: the file given first was
        kept, so swapping the files changed the value; the copy whose XML text comes first
        ('...value="5"...' < '...value="7"...') is kept in either order."""
        five = write(
            tmp_path,
            doc(
                activity("A", indicator(period("2020-01-01", "2020-12-31", '<actual value="5"/>')))
            ),
            "five.xml",
        )
        seven = write(
            tmp_path,
            doc(
                activity("A", indicator(period("2020-01-01", "2020-12-31", '<actual value="7"/>')))
            ),
            "seven.xml",
        )
        dicts = []
        for files in ([five, seven], [seven, five]):
            init, report = from_iati(files, name="I")
            assert [o.value for o in init.indicators[0].observations] == [5.0]
            assert [w.source for w in issues_of(report, "duplicate-activity")] == [str(seven)]
            dicts.append(init.to_dict())
        assert dicts[0] == dicts[1]


class TestIdenticalCopiesWhateverTheOrderOfTheFiles:
    """Byte-identical copies of an activity in two files were kept as met first, but a copy is
    read in its file's context: whether the file writes decimal commas ("1.350" ambiguous) and
    the file's @generated-datetime (the date of an undated activity's status). So the values
    imported changed with the order of the files (found by a reviewer). The file's context
    now breaks the tie: the latest file, then one that writes decimal commas, then the path
    first in code-point order."""

    @staticmethod
    def both_orders(files: list[Path]) -> list[tuple[ci.Initiative, ImportReport]]:
        """Import ``files`` in both orders; the initiatives and the issues must be the same."""
        results = [from_iati(order, name="I") for order in (files, files[::-1])]
        (one, one_report), (two, two_report) = results
        assert one.to_dict() == two.to_dict()

        def issues(report: ImportReport) -> list[str]:
            # each file's issues are listed when it is read: compared as a set
            return sorted(json.dumps(w.to_dict(), sort_keys=True) for w in report.warnings)

        assert issues(one_report) == issues(two_report)
        return results

    def test_a_file_that_writes_decimal_commas_wins(self, tmp_path: Path) -> None:
        """A reports "1.350" in eu.xml (whose B writes the baseline "0,5") and in us.xml
        (no decimal comma): read 1.35 when us.xml came first, refused as ambiguous (1.35 or
        1350) when eu.xml did. The cautious reading wins in either order: refused."""
        a = activity(
            "A",
            indicator(
                period("2020-01-01", "2020-12-31", '<target value="2"/><actual value="1.350"/>')
            ),
        )
        b = activity("B", indicator('<baseline year="2019" value="0,5"/>'))
        eu = write(tmp_path, doc(a + b), "eu.xml")
        us = write(tmp_path, doc(a), "us.xml")
        for init, report in self.both_orders([eu, us]):
            assert init.indicator("A/1.1").observations == ()
            (amb,) = issues_of(report, "ambiguous-value")
            assert (amb.source, amb.raw) == (str(eu), "1.350")
            (skipped,) = issues_of(report, "duplicate-activity")
            assert skipped.source == str(us)
            assert "the copy at eu.xml:1 is kept (the copies are identical" in skipped.message

    def test_the_latest_file_wins(self, tmp_path: Path) -> None:
        """Undated A (status 2, planned end 2021-06-30) in files generated 2021-01-01 and
        2023-01-01: the 2023 file's copy is kept in either order (the status it gives is as
        of 2023 at the latest), though the 2021 file's path comes first."""
        a = activity(
            "A",
            '<activity-status code="2"/><activity-date type="2" iso-date="2020-01-01"/>'
            '<activity-date type="3" iso-date="2021-06-30"/>',
        )
        old, new = (
            write(tmp_path, doc(a, f'version="2.03" generated-datetime="{day}T00:00:00Z"'), name)
            for day, name in (("2021-01-01", "a-2021.xml"), ("2023-01-01", "b-2023.xml"))
        )
        for init, report in self.both_orders([old, new]):
            # the planned end passed by the file's date alone: kept, a possible conflict
            assert init.activity("A").end == dt.date(2021, 6, 30)
            (w,) = issues_of(report, "end-against-status")
            assert "in a file generated 2023-01-01" in w.message
            (skipped,) = issues_of(report, "duplicate-activity")
            assert skipped.source == str(old)
            assert "the copy at b-2023.xml:1 is kept" in skipped.message

    def test_a_dated_file_wins_over_an_undated_one(self, tmp_path: Path) -> None:
        a = activity("A", "")
        dated = write(tmp_path, doc(a, 'version="2.03" generated-datetime="2021-01-01"'), "b.xml")
        undated = write(tmp_path, doc(a), "a.xml")
        for _, report in self.both_orders([dated, undated]):
            (skipped,) = issues_of(report, "duplicate-activity")
            assert skipped.source == str(undated)

    def test_identical_copies_in_one_file_keep_the_first(self, tmp_path: Path) -> None:
        a = activity("A", "")
        _, report = from_iati(write(tmp_path, doc(a + "\n" + a)), name="I")
        (skipped,) = issues_of(report, "duplicate-activity")
        assert skipped.line == 2
        assert "the copy at x.xml:1 is kept (the copies are identical as the import reads" in (
            skipped.message
        )
        assert "): the first is kept)" in skipped.message

    def test_else_the_path_first_in_code_point_order(self, tmp_path: Path) -> None:
        """Nothing else tells the files apart: the copy of 'a.xml' is kept in either order."""
        a = activity("A", "")
        first, second = (write(tmp_path, doc(a), name) for name in ("a.xml", "b.xml"))
        for _, report in self.both_orders([second, first]):
            (skipped,) = issues_of(report, "duplicate-activity")
            assert skipped.source == str(second)
            assert "whose file's path comes first in code-point order" in skipped.message

    def test_a_dated_copy_beats_the_text_order(self, tmp_path: Path) -> None:
        seven = indicator(period("2020-01-01", "2020-12-31", '<actual value="7"/>'))
        five = indicator(period("2020-01-01", "2020-12-31", '<actual value="5"/>'))
        acts = [updated_on("2021-01-01", seven), activity("A", five)]
        for order in (acts, acts[::-1]):
            init, _ = from_iati(write(tmp_path, doc("".join(order))))
            assert [o.value for o in init.indicators[0].observations] == [7.0]

    @pytest.mark.parametrize("different", [False, True])
    def test_deep_copies_of_an_activity_are_compared_without_recursion(
        self, tmp_path: Path, different: bool
    ) -> None:
        """Two undated copies of A, nested 3,000 elements deep in a description: comparing
        their XML text raised RecursionError (ElementTree's writer recurses) at a depth of
        1,000 (found by a reviewer). The copies differ in the innermost text, or not."""
        depth = 3_000  # (100,000 in TestScale)

        def copy(inner: str) -> str:
            nest = "<x>" * depth + inner + "</x>" * depth
            return activity("A", f"<description>{nest}</description>")

        second = copy("b" if different else "a")
        _, report = from_iati(write(tmp_path, doc(second + copy("a"))))
        (skipped,) = issues_of(report, "duplicate-activity")
        if different:  # "...a</x>" comes before "...b</x>": the second copy is kept
            assert skipped.path == "iati-activity[1]"
            assert "comes first in code-point order" in skipped.message
        else:
            assert skipped.path == "iati-activity[2]"
            assert "the copies are identical as the import reads them" in skipped.message
            assert "): the first is kept)" in skipped.message

    def test_copies_differing_in_indentation_are_identical(self, tmp_path: Path) -> None:
        """A reports "1,350" in commas.xml (whose B writes "1,2") and in plain.xml, indented
        there: the copies' texts differed by their whitespace alone, so the one first in
        code-point order was kept (the indented one: '\n' < '<'), and "1,350" was read as
        1350 from plain.xml (found by a reviewer). Equal up to XML
        whitespace, they are one copy: the file that writes decimal commas wins, and "1,350"
        (1.35 or 1350?) is refused, in either order."""

        def a(sep: str) -> str:
            parts = [
                "<iati-activity>",
                "<iati-identifier>A</iati-identifier>",
                "<title><narrative>Clinic  network</narrative></title>",
                '<participating-org ref="XM-1" role="4" type="22"><narrative>NGO</narrative>'
                "</participating-org>",
                indicator(period("2020-01-01", "2020-12-31", '<actual value="1,350"/>')),
                "</iati-activity>",
            ]
            return sep.join(parts)

        b = activity("B", indicator('<baseline year="2019" value="1,2"/>'))
        root = 'version="2.03" generated-datetime="2021-01-01"'
        commas = write(tmp_path, doc(a("") + b, root), "commas.xml")
        plain = write(
            tmp_path,
            doc(a("\n  ").replace("Clinic  network", "Clinic\n network"), root),
            "plain.xml",
        )
        for init, report in self.both_orders([commas, plain]):
            assert init.indicator("A/1.1").observations == ()
            (amb,) = issues_of(report, "ambiguous-value")
            assert (amb.source, amb.raw) == (str(commas), "1,350")
            (skipped,) = issues_of(report, "duplicate-activity")
            assert skipped.source == str(plain)
            assert "the copies are identical as the import reads them" in skipped.message

    def test_copies_differing_in_orders_the_import_does_not_read_are_identical(
        self, tmp_path: Path
    ) -> None:
        """Two copies of A with the same @last-updated-datetime in two files, the second
        listing its participating-orgs, dates, transactions and narratives the other way
        round, its title after them: the one whose text came first was kept, so swapping two
        participating-orgs in one copy kept the other copy (found by a reviewer). The import
        reads them whatever their order: one copy, the file whose path comes first wins."""
        orgs = [
            '<participating-org ref="XM-A" role="4" type="22"><narrative>A</narrative>'
            "</participating-org>",
            '<participating-org ref="XM-C" role="1" type="22"><narrative>C</narrative>'
            "</participating-org>",
        ]
        fr, en = '<narrative xml:lang="fr">Réseau</narrative>', "<narrative>Network</narrative>"
        title = f"<title>{fr}{en}</title>"
        dates = [
            '<activity-date type="1" iso-date="2020-01-01"/>',
            '<activity-date type="3" iso-date="2023-12-31"/>',
        ]
        txs = [
            '<transaction><transaction-type code="1"/><provider-org ref="XM-C"/>'
            '<receiver-org ref="XM-A"/></transaction>',
            '<transaction><transaction-type code="3"/><provider-org ref="XM-A"/></transaction>',
        ]

        def a(parts: list[str]) -> str:
            stamp = 'last-updated-datetime="2022-06-01T10:00:00Z"'
            ident = "<iati-identifier>A</iati-identifier>"
            return f"<iati-activity {stamp}>{ident}{''.join(parts)}</iati-activity>"

        swapped = f"<title>{en}{fr}</title>"
        first = write(tmp_path, doc(a([title, *orgs, *dates, *txs])), "a.xml")
        second = write(tmp_path, doc(a([*orgs[::-1], *dates[::-1], *txs[::-1], swapped])), "b.xml")
        for init, report in self.both_orders([second, first]):
            assert init.activity("A").partners == ("XM-A", "XM-C")
            (skipped,) = issues_of(report, "duplicate-activity")
            assert skipped.source == str(second)
            assert "the copies are identical as the import reads them" in skipped.message

    def test_results_in_another_order_are_another_copy(self, tmp_path: Path) -> None:
        """The order of results gives the indicators' ids (A/1.1, A/2.1): copies listing them
        the other way round are read differently, so the one whose text comes first is kept,
        in either order of the files ('Aa' before 'Bb')."""
        one = indicator(period("2020-01-01", "2020-12-31", '<actual value="1"/>'))
        two = indicator(period("2020-01-01", "2020-12-31", '<actual value="2"/>'))
        first = write(tmp_path, doc(activity("A", one + two)), "b.xml")
        second = write(tmp_path, doc(activity("A", two + one)), "a.xml")
        for init, report in self.both_orders([first, second]):
            assert [o.value for o in init.indicator("A/1.1").observations] == [1.0]
            (skipped,) = issues_of(report, "duplicate-activity")
            assert skipped.source == str(second)
            assert "comes first in code-point order)" in skipped.message

    def test_copies_differing_in_the_order_of_attributes_are_identical(
        self, tmp_path: Path
    ) -> None:
        first = activity("A", '<activity-date type="2" iso-date="2020-01-01"/>')
        second = activity("A", '<activity-date iso-date="2020-01-01" type="2"/>')
        _, report = from_iati(write(tmp_path, doc(second + first)))
        (skipped,) = issues_of(report, "duplicate-activity")
        assert skipped.path == "iati-activity[2]"
        assert "the copies are identical" in skipped.message
