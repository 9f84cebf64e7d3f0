"""The data dated after the date of judgement are left out, and every view says so.

A reviewer editing files by hand found that an ``as_of: 2023-12-31`` left over from last year's
copy of a file silently dropped the 2024 and 2025 observations: the indicator went from
``at-risk`` to ``insufficient-data``, and neither ``validate``, the summary, the HTML report nor
the command line said that observations were left out. Snapshots are wanted; saying so is what
was missing. Every expected line below is written by hand from the files of this module.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

import collective_impact as ci
from collective_impact._text import UNDATED
from collective_impact.cli import main
from collective_impact.htmlreport import render_report

#: The reviewer's file: one indicator observed each September from 2022 to 2025, judged as of
#: the end of 2023 by an ``as_of`` left over in the file; the target (2028) and nothing else is
#: planned after it.
STALE = """\
schema_version: 1
as_of: 2023-12-31
name: Stale as_of
partners:
  - {id: schools, name: Schools, sector: government}
goals:
  - {id: ready, statement: Ready, indicators: [k-ready]}
indicators:
  - id: k-ready
    name: Kindergarten readiness
    unit: percent
    direction: increase
    baseline: {date: 2021-09-30, value: 44.0}
    target: {date: 2028-09-30, value: 65.0}
    observations:
      - {date: 2022-09-30, value: 47.0, reported_by: schools}
      - {date: 2023-09-30, value: 50.0, reported_by: schools}
      - {date: 2024-09-30, value: 53.0, reported_by: schools}
      - {date: 2025-09-30, value: 56.0, reported_by: schools}
"""

#: The same file without the ``as_of`` left over: judged as of its latest observation.
REFERENCE = STALE.replace("as_of: 2023-12-31\n", "")

#: Two indicators as of 2023-12-31: k-ready has 2 observations after it (2024-09-30,
#: 2025-09-30); attend's baseline (2024-06-30) and its 3 observations, one of a group, are all
#: after it. A planned activity (2026) and both targets are after it too, and are plans.
SEVERAL = """\
schema_version: 1
as_of: 2023-12-31
name: Two indicators
partners:
  - {id: uw, name: United Way, sector: nonprofit}
  - {id: schools, name: Schools, sector: government}
goals:
  - {id: ready, statement: Ready, indicators: [k-ready, attend]}
indicators:
  - id: k-ready
    name: Kindergarten readiness
    direction: increase
    baseline: {date: 2021-09-30, value: 44.0}
    target: {date: 2028-09-30, value: 65.0}
    observations:
      - {date: 2022-09-30, value: 47.0, reported_by: schools}
      - {date: 2023-09-30, value: 50.0, reported_by: schools}
      - {date: 2024-09-30, value: 53.0, reported_by: schools}
      - {date: 2025-09-30, value: 56.0, reported_by: schools}
  - id: attend
    name: Attendance
    direction: increase
    baseline: {date: 2024-06-30, value: 80.0}
    target: {date: 2029-06-30, value: 90.0}
    observations:
      - {date: 2024-12-31, value: 81.0, reported_by: schools}
      - {date: 2025-06-30, value: 82.0, reported_by: schools}
      - {date: 2025-06-30, value: 75.0, group: low-income, reported_by: schools}
activities:
  - {id: a1, name: Home visits, partners: [schools], contributes: {k-ready: 0.8}}
  - {id: a2, name: Pre-k, partners: [uw], contributes: {attend: 0.5}, start: 2026-01-01}
"""

STALE_LINE = (
    "Judged as of 2023-12-31 (the file's as_of): 2 observations of 1 indicator are dated after "
    "it and are left out; the latest is of 2025-09-30. " + UNDATED
)
SEVERAL_LINE = (
    "Judged as of 2023-12-31 (the file's as_of): 5 observations and 1 baseline of 2 indicators "
    "are dated after it and are left out; the latest is of 2025-09-30. " + UNDATED
)
ONE_LINE = (
    "Judged as of 2024-12-31 (the as_of given): 1 observation of 1 indicator is dated after it "
    "and is left out; the latest is of 2025-09-30. " + UNDATED
)


def written(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestCounts:
    def test_the_reviewers_file(self) -> None:
        """What the left-over date hides, and what it changes: the reason to say it."""
        stale, reference = ci.assess(ci.loads(STALE)), ci.assess(ci.loads(REFERENCE))
        assert stale.after_as_of == ci.AfterAsOf(
            observations=2, baselines=0, indicators=("k-ready",), latest=dt.date(2025, 9, 30)
        )
        assert stale.as_of_source == "file"
        assert stale.indicator("k-ready").status.value == "insufficient-data"
        assert reference.indicator("k-ready").status.value == "at-risk"
        assert reference.after_as_of.count == 0  # the latest observation: nothing after it

    def test_several_of_several_indicators_with_a_baseline_and_a_group(self) -> None:
        after = ci.after_as_of(ci.loads(SEVERAL), dt.date(2023, 12, 31))
        assert after == ci.AfterAsOf(
            observations=5,  # 2 of k-ready, 3 of attend (one of a group)
            baselines=1,  # attend's, of 2024-06-30
            indicators=("attend", "k-ready"),
            latest=dt.date(2025, 9, 30),
        )
        assert after.count == 6

    def test_plans_are_not_data(self) -> None:
        """Targets (2028, 2029) and an activity starting in 2026 are after as_of, as plans are."""
        init = ci.loads(SEVERAL)
        late = dt.date(2025, 9, 30)  # the latest observation; the plans are later still
        assert ci.after_as_of(init, late) == ci.AfterAsOf()
        assert ci.assess(init, as_of=late).not_running  # the planned activity, counted apart

    def test_on_the_date_is_not_after(self) -> None:
        after = ci.after_as_of(ci.loads(STALE), dt.date(2024, 9, 30))
        assert (after.observations, after.latest) == (1, dt.date(2025, 9, 30))

    def test_no_date_of_judgement_leaves_nothing_out(self) -> None:
        assert ci.after_as_of(ci.loads(STALE), None) == ci.AfterAsOf()

    def test_the_order_of_the_lists_changes_nothing(self) -> None:
        init = ci.loads(SEVERAL)
        turned = init.evolve(
            indicators=[
                attrs.evolve(i, observations=i.observations[::-1]) for i in init.indicators[::-1]
            ]
        )
        assert ci.after_as_of(turned, "2023-12-31") == ci.after_as_of(init, "2023-12-31")

    def test_a_text_date_is_read_and_a_bad_one_refused(self) -> None:
        init = ci.loads(STALE)
        assert ci.after_as_of(init, "2023-12-31").observations == 2
        with pytest.raises(ci.ValidationError, match="as_of"):
            ci.after_as_of(init, 20231231)  # type: ignore[arg-type]
        with pytest.raises(ci.ArgumentTypeError):
            ci.after_as_of("not an initiative", None)  # type: ignore[arg-type]

    def test_in_to_dict(self) -> None:
        tree = ci.assess(ci.loads(SEVERAL)).to_dict()
        assert tree["after_as_of"] == {
            "observations": 5,
            "baselines": 1,
            "indicators": ["attend", "k-ready"],
            "latest": "2025-09-30",
        }
        empty = ci.assess(ci.loads(REFERENCE)).to_dict()["after_as_of"]
        assert empty == {"observations": 0, "baselines": 0, "indicators": [], "latest": None}
        json.dumps(tree, allow_nan=False)


class TestSummary:
    def test_the_file_s_as_of(self) -> None:
        lines = ci.assess(ci.loads(STALE)).summary().splitlines()
        assert lines[:3] == [
            "Stale as_of: assessment as of 2023-12-31 (the file's as_of)",
            "===========================================================",
            "Judged as of 2023-12-31 (the file's as_of): 2 observations of 1 indicator are dated "
            "after",
        ]
        blank = lines.index("")
        assert " ".join(line.strip() for line in lines[2:blank]) == STALE_LINE
        assert lines[blank + 1].startswith("Not yet in phase I")

    def test_several_in_markdown(self) -> None:
        lines = ci.assess(ci.loads(SEVERAL)).summary(markdown=True).splitlines()
        assert lines[:4] == [
            "# Two indicators: assessment as of 2023-12-31 (the file's as\\_of)",
            "",
            SEVERAL_LINE.replace("as_of", "as\\_of"),  # Markdown's escape of _
            "",
        ]

    def test_one_observation_from_the_argument(self) -> None:
        """The argument comes before the file's as_of, and is named as it."""
        result = ci.assess(ci.loads(STALE), as_of=dt.date(2024, 12, 31))
        assert result.as_of_source == "argument"
        text = " ".join(result.summary().split())
        assert ONE_LINE in text
        words = result.summary(as_of_words={"argument": "--as-of"})
        assert "Judged as of 2024-12-31 (--as-of): 1 observation" in words

    @pytest.mark.parametrize("markdown", [False, True])
    def test_no_line_when_nothing_is_after(self, markdown: bool) -> None:
        """As of the latest observation (the default), and as of a file's as_of after it."""
        for text, as_of in ((REFERENCE, None), (STALE, dt.date(2025, 9, 30))):
            summary = ci.assess(ci.loads(text), as_of=as_of).summary(markdown=markdown)
            assert "Judged as of" not in summary
            assert "left out" not in summary

    def test_the_notebook_view(self) -> None:
        view = ci.assess(ci.loads(STALE))._repr_html_()
        escaped = STALE_LINE.replace("'", "&#x27;")
        assert f"<div>{escaped}</div>" in view
        assert "Judged as of" not in ci.assess(ci.loads(REFERENCE))._repr_html_()


class TestHtmlReport:
    @staticmethod
    def glance(text: str, as_of: dt.date | None = None) -> ET.Element:
        root = ET.fromstring(render_report(ci.assess(ci.loads(text), as_of=as_of)))
        found = root.find(".//section[@id='glance']")
        assert found is not None
        return found

    def test_at_a_glance_says_it(self) -> None:
        line = self.glance(SEVERAL).find("p[@id='glance-as-of']")
        assert line is not None
        assert " ".join("".join(line.itertext()).split()) == SEVERAL_LINE

    def test_from_the_argument(self) -> None:
        line = self.glance(STALE, dt.date(2024, 12, 31)).find("p[@id='glance-as-of']")
        assert line is not None
        assert line.text == ONE_LINE

    def test_nothing_when_nothing_is_after(self) -> None:
        assert self.glance(REFERENCE).find("p[@id='glance-as-of']") is None


class TestCommandLine:
    def test_validate_notes_it_and_exits_0(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        stale = written(tmp_path, "stale.yaml", STALE)
        reference = written(tmp_path, "reference.yaml", REFERENCE)
        several = written(tmp_path, "several.yaml", SEVERAL)
        code, out, err = run(capsys, "validate", stale, reference, several)
        assert (code, err) == (0, "")
        note = SEVERAL_LINE.replace("Judged", "judged")
        assert out.splitlines() == [
            f"{stale}: valid (1 partner, 0 activities)",
            f"{stale}: note: {STALE_LINE.replace('Judged', 'judged')}",
            f"{reference}: valid (1 partner, 0 activities)",
            f"{several}: valid (2 partners, 2 activities)",
            f"{several}: note: {note}",
        ]

    def test_validate_says_nothing_of_an_as_of_on_the_latest_data(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        latest = written(tmp_path, "latest.yaml", STALE.replace("2023-12-31", "2025-09-30"))
        assert run(capsys, "validate", latest) == (
            0,
            f"{latest}: valid (1 partner, 0 activities)\n",
            "",
        )

    def test_validate_of_an_invalid_file_adds_no_note(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = written(tmp_path, "bad.yaml", STALE.replace("reported_by: schools", "reported_by: x"))
        code, out, _ = run(capsys, "validate", bad)
        assert (code, out) == (1, f"{bad}: INVALID\n")

    def test_assess_names_the_option(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        stale = written(tmp_path, "stale.yaml", STALE)
        code, out, _ = run(capsys, "assess", stale, "--as-of", "2024-12-31")
        assert code == 0
        lines = out.splitlines()
        blank = lines.index("", 2)
        assert " ".join(line.strip() for line in lines[2:blank]) == ONE_LINE.replace(
            "(the as_of given)", "(--as-of)"
        )
        code, out, _ = run(capsys, "assess", stale, "--json")
        assert json.loads(out)["after_as_of"]["observations"] == 2

    def test_show_gives_the_file_s_date(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        stale = written(tmp_path, "stale.yaml", STALE)
        latest = written(tmp_path, "latest.yaml", STALE.replace("2023-12-31", "2025-09-30"))
        reference = written(tmp_path, "reference.yaml", REFERENCE)
        assert run(capsys, "show", stale)[1].splitlines()[2] == STALE_LINE
        shown = run(capsys, "show", latest)[1].splitlines()[2]
        assert shown == "Judged as of 2025-09-30 (the file's as_of)."
        assert "Judged" not in run(capsys, "show", reference)[1]
