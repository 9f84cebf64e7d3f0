"""Cases of the IATI XML reader and the PARTNER survey reader (issue #15, kinds 2, 3, 6, 7).

A case that must be accepted with a located issue calls :func:`_imported`, which raises an
``AssertionError`` (not a library error, so the case fails) unless the import reports that issue.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import collective_impact as ci
from collective_impact import FormatError, ValidationError
from collective_impact.io.iati import ImportIssueCode

from .harness import MINIMAL_YAML, Api, Case, Cli

_ORG = (
    '<participating-org ref="R" role="4" type="22"><narrative>Org</narrative></participating-org>'
)


def _activity(
    *,
    ident: str = "A-1",
    title: str = "T",
    orgs: str = _ORG,
    value: str = "5",
    periods: str | None = None,
) -> str:
    """One activity: the target and the actual of its one period are on line 7."""
    period = (
        f'<period><period-end iso-date="2020-12-31"/><target value="{value}"/>'
        f'<actual value="{value}"/></period>'
    )
    return (
        '<iati-activities version="2.03"><iati-activity>'
        f"<iati-identifier>{ident}</iati-identifier>\n"
        f"<title><narrative>{title}</narrative></title>\n{orgs}\n"
        '<recipient-country code="KE"/>\n'
        '<result type="1"><indicator measure="1"><title><narrative>I</narrative></title>\n'
        '<baseline year="2019" value="1"/>\n'
        f"{period if periods is None else periods}\n"
        "</indicator></result></iati-activity></iati-activities>"
    )


def _xml(folder: Path, content: str | bytes, name: str = "x.xml") -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _declared(encoding: str) -> bytes:
    return f'<?xml version="1.0" encoding="{encoding}"?>\n{_activity()}'.encode("latin-1")


def _imported(
    path: Path, code: ImportIssueCode, where: str, line: int, **expect: int
) -> Callable[[], None]:
    """Import ``path``; fail unless an issue ``code`` is reported at ``where`` on ``line``."""

    def call() -> None:
        init, report = ci.from_iati(path)
        found = [(w.path, w.line) for w in report.warnings if w.code is code]
        assert (where, line) in found, f"no {code} at {where}:{line} in {found[:5]}..."
        assert all(w.source == str(path) for w in report.warnings)
        for what, count in expect.items():
            assert len(getattr(init, what)) == count, (what, len(getattr(init, what)))

    return call


def _many_orgs(folder: Path) -> Api:
    orgs = "".join(
        f'<participating-org ref="ORG-{i}" role="2"><narrative>Org {i}</narrative>'
        "</participating-org>"
        for i in range(100_000)
    )
    path = _xml(folder, _activity(orgs=orgs))
    return Api(
        _imported(
            path,
            ImportIssueCode.NO_ORG_TYPE,
            "iati-activity[1]/participating-org[1]",
            3,
            partners=100_000,
        )
    )


def _many_periods(folder: Path) -> Api:
    periods = "".join(
        '<period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>'
        f'<target value="{i + 2}"/><actual value="{i + 2}"/></period>'
        for i in range(100_000)
    )
    path = _xml(folder, _activity(periods=periods))
    where = "iati-activity[1]/result[1]/indicator[1]/period[2]/target[1]"  # [1] is kept
    return Api(_imported(path, ImportIssueCode.EXTRA_TARGET, where, 7, indicators=1))


def _many_activities(folder: Path) -> Api:
    acts = "".join(
        f"<iati-activity><iati-identifier>A-{i}</iati-identifier>"
        f"<title><narrative>T{i}</narrative></title>"
        f'<participating-org ref="O-{i % 50}" role="4" type="22"><narrative>Org</narrative>'
        f'</participating-org><participating-org role="1"><narrative>Funder {i}</narrative>'
        '</participating-org><result type="1"><indicator measure="1"><title><narrative>I'
        '</narrative></title><baseline year="2019" value="0"/><period><period-end '
        'iso-date="2020-12-31"/><target value="5"/><actual value="3"/></period></indicator>'
        "</result></iati-activity>\n"
        for i in range(20_000)
    )
    path = _xml(folder, f'<iati-activities version="2.03">\n{acts}</iati-activities>')
    where = "iati-activity[20000]/participating-org[2]"
    return Api(_imported(path, ImportIssueCode.NO_REF, where, 20_001, activities=20_000))


def _many_narratives(folder: Path) -> Api:
    narratives = "".join(f'<narrative xml:lang="fr">Titre {i}</narrative>' for i in range(100_000))
    orgs = f'<participating-org ref="R" role="4" type="22">{narratives}</participating-org>'
    path = _xml(folder, _activity(title=narratives, orgs=orgs))
    return Api(ci.from_iati, path)


def _deep(folder: Path) -> Api:
    depth = 100_000
    path = _xml(folder, _activity(periods="<x>" * depth + "</x>" * depth))
    return Api(ci.from_iati, path)


def _survey(folder: Path, text: str) -> Api:
    path = folder / "survey.csv"
    path.write_text(text, encoding="utf-8")
    return Api(ci.read_partner_survey, path, ci.loads(MINIMAL_YAML), default_strength=0.5)


_HEADER = "respondent,partner,openness\n"
_VALUE = "iati-activity[1]/result[1]/indicator[1]/period[1]/target[1]/@value"

CASES: list[Case] = [
    # --- kind 6: encodings
    Case(
        id="iati-utf7-declared",
        kind=6,
        setup=lambda d: Api(ci.from_iati, _xml(d, _declared("UTF-7"))),
        error=FormatError,
        fragments=("{tmp}/x.xml, line 1, column 31", "'UTF-7'", "multi-byte encoding"),
    ),
    Case(
        id="iati-unknown-encoding",
        kind=6,
        setup=lambda d: Api(ci.from_iati, _xml(d, _declared("bogus-enc"))),
        error=FormatError,
        fragments=("{tmp}/x.xml, line 1, column 31", "'bogus-enc'", "not a known encoding"),
    ),
    Case(
        id="iati-codec-not-text",
        kind=6,
        setup=lambda d: Api(ci.from_iati, _xml(d, _declared("rot13"))),
        error=FormatError,
        fragments=("{tmp}/x.xml, line 1, column 31", "'rot13'", "not a text encoding"),
    ),
    Case(
        id="iati-cli-utf7",
        kind=6,
        setup=lambda d: (
            _xml(d, _declared("utf-7")),
            Cli(["import", "iati", "{tmp}/x.xml", "-o", "{tmp}/out.yaml"]),
        )[1],
        error=FormatError,
        fragments=("{tmp}/x.xml, line 1, column 31", "'utf-7'"),
        check=lambda d: None if not (d / "out.yaml").exists() else _fail("out.yaml written"),
    ),
    Case(
        id="iati-utf16-no-bom",
        kind=6,
        setup=lambda d: Api(
            ci.from_iati,
            _xml(d, ('<?xml version="1.0" encoding="UTF-16"?>' + _activity()).encode("utf-16-le")),
        ),
        error=None,
    ),
    Case(
        id="iati-utf32-bom",
        kind=6,
        setup=lambda d: Api(ci.from_iati, _xml(d, _activity().encode("utf-32"))),
        error=FormatError,
        fragments=("{tmp}/x.xml, line 1, column 1", "UTF-32"),
    ),
    Case(
        id="iati-invalid-utf8-located",
        kind=6,
        setup=lambda d: Api(
            ci.from_iati,
            _xml(
                d,
                ('<?xml version="1.0" encoding="UTF-8"?>\n' + _activity())
                .encode()
                .replace(b"<narrative>T<", b"<narrative>caf\xe9<"),
            ),
        ),
        error=FormatError,
        fragments=("{tmp}/x.xml, line 3, column 22", "not UTF-8 text (invalid byte 0xe9)"),
    ),
    # --- kind 2: numbers
    Case(
        id="iati-value-1e400",
        kind=2,
        setup=lambda d: Api(
            _imported(
                _xml(d, _activity(value="1e400")), ImportIssueCode.OUT_OF_RANGE_VALUE, _VALUE, 7
            )
        ),
        error=None,
    ),
    Case(
        id="iati-value-5000-digits",
        kind=2,
        setup=lambda d: Api(
            _imported(
                _xml(d, _activity(value="9" * 5000)), ImportIssueCode.OUT_OF_RANGE_VALUE, _VALUE, 7
            )
        ),
        error=None,
    ),
    Case(
        id="iati-cli-value-nan-and-1e300",
        kind=2,
        setup=lambda d: (
            _xml(d, _activity(value="1e300").replace('actual value="1e300"', 'actual value="nan"')),
            Cli(["import", "iati", "{tmp}/x.xml", "-o", "{tmp}/out.yaml"]),
        )[1],
        error=None,
        fragments=(
            f"{{tmp}}/x.xml:7: {_VALUE}: target '1e300': expected a number in",
            "actual[1]/@value: actual 'nan' is not a number",
        ),
    ),
    Case(
        id="survey-rating-1e400",
        kind=2,
        setup=lambda d: _survey(d, _HEADER + "united-way,schools,1e400\n"),
        error=ValidationError,
        fragments=("{tmp}/survey.csv", "row 2, column openness", "'1e400'"),
    ),
    Case(
        id="survey-rating-5000-digits",
        kind=2,
        setup=lambda d: _survey(d, _HEADER + "united-way,schools," + "9" * 5000 + "\n"),
        error=ValidationError,
        fragments=("{tmp}/survey.csv", "row 2, column openness", "(5,000 characters)"),
    ),
    # --- kind 3: control characters
    Case(
        id="iati-ref-c1-control",
        kind=3,
        setup=lambda d: Api(
            _imported(
                _xml(d, _activity(orgs=_ORG + _ORG.replace('ref="R"', 'ref="Q&#x9b;X"'))),
                ImportIssueCode.INVALID_TEXT,
                "iati-activity[1]/participating-org[2]/@ref",
                3,
                partners=1,
            )
        ),
        error=None,
    ),
    Case(
        id="iati-only-org-bidi-ref",
        kind=3,
        setup=lambda d: Api(
            ci.from_iati, _xml(d, _activity(orgs=_ORG.replace('ref="R"', 'ref="R&#x202e;"')))
        ),
        error=FormatError,
        fragments=(
            "{tmp}/x.xml:3: iati-activity[1]/participating-org[1]/@ref",
            "bidirectional control (U+202E",
        ),
    ),
    Case(
        id="iati-cli-identifier-and-title-controls",
        kind=3,
        setup=lambda d: (
            _xml(d, _activity(ident="A&#x85;1", title="T&#x9b;[31m")),
            Cli(["import", "iati", "{tmp}/x.xml", "-o", "{tmp}/out.yaml"]),
        )[1],
        error=None,
        fragments=(
            "{tmp}/x.xml:1: iati-activity[1]/iati-identifier[1]: the iati-identifier is refused",
            "{tmp}/x.xml:2: iati-activity[1]/title[1]: the title is refused",
            "\\x9b[31m",
        ),
        check=lambda d: (
            None if "x.xml#iati-activity[1]" in (d / "out.yaml").read_text() else _fail("id")
        ),
    ),
    Case(
        id="survey-respondent-escape",
        kind=3,
        setup=lambda d: _survey(d, _HEADER + "united\x1b[2Jway,schools,3\n"),
        error=ValidationError,
        fragments=("{tmp}/survey.csv", "row 2, column respondent", "'united\\x1b[2Jway'"),
    ),
    # --- kind 7: super-linear paths
    Case(id="iati-100k-orgs", kind=7, setup=_many_orgs, error=None, seconds=30.0),
    Case(id="iati-100k-periods", kind=7, setup=_many_periods, error=None, seconds=30.0),
    Case(id="iati-20k-activities", kind=7, setup=_many_activities, error=None, seconds=30.0),
    Case(id="iati-100k-narratives", kind=7, setup=_many_narratives, error=None, seconds=20.0),
    Case(id="iati-100k-deep", kind=7, setup=_deep, error=None, seconds=20.0),
    Case(
        id="iati-8m-elements-refused",
        kind=7,
        setup=lambda d: Api(ci.from_iati, _xml(d, _activity(periods="<a/>" * 8_000_000))),
        error=FormatError,
        fragments=("{tmp}/x.xml, line 7, column", "more than 1,000,000 XML elements"),
        seconds=20.0,
    ),
    Case(
        id="survey-10mb-field",
        kind=7,
        setup=lambda d: _survey(d, _HEADER + "united-way,schools," + "x" * 10_000_000 + "\n"),
        error=FormatError,
        fragments=("{tmp}/survey.csv, line 2", "field larger than field limit"),
    ),
    Case(
        id="survey-100k-rows",
        kind=7,
        setup=lambda d: _survey(d, _HEADER + "united-way,schools,3\n" * 100_000),
        error=ValidationError,
        fragments=("{tmp}/survey.csv", "99,999 problems", "row 3, column partner"),
        seconds=30.0,
    ),
]


def _fail(what: str) -> None:
    raise AssertionError(what)
