"""Funding ties from IATI transactions (collective_impact.io.iati).

Each small document is worked by hand: which TransactionType codes are flows of funds from a
provider to a receiver (1, 2, 3, 7, 11), which side the ``reporting-org`` is when a transaction
omits one (the receiver of incoming funds, the provider of outgoing ones: the IATI 2.03 activity
schema's documentation of ``transaction/receiver-org`` and ``transaction/provider-org``), and
what is reported when no tie can be made. The real files are those of ``tests/data/iati/``.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import ClassVar

import pytest

import collective_impact as ci
from collective_impact.cli import main
from collective_impact.io.iati import ImportIssue, ImportReport, from_iati

DATA = Path(__file__).parent / "data" / "iati"
CH = DATA / "dportal__CH-FDJP-CHE106823242.xml"
STD = DATA / "activity-standard-example-annotated.xml"

#: The issue codes about transactions.
TX_CODES = {
    "no-funding-flow",
    "unknown-transaction-type",
    "missing-funding-party",
    "unmatched-funding-party",
    "self-funding",
}


def write(tmp_path: Path, text: str, name: str = "x.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def doc(*activities: str) -> str:
    return f'<iati-activities version="2.03">{"".join(activities)}</iati-activities>'


def org(ref: str, role: str = "4") -> str:
    return (
        f'<participating-org ref="{ref}" role="{role}" type="21"><narrative>Org {ref}'
        "</narrative></participating-org>"
    )


def party(side: str, ref: str | None = None, name: str | None = None) -> str:
    """A ``provider-org`` or ``receiver-org`` (``side``), with the ``@ref`` and name given."""
    attrs = f' ref="{ref}"' if ref is not None else ""
    inner = f"<narrative>{name}</narrative>" if name is not None else ""
    return f"<{side}-org{attrs}>{inner}</{side}-org>"


def tx(code: str | None, provider: str | None = None, receiver: str | None = None) -> str:
    """A transaction of TransactionType ``code`` (``None``: no transaction-type), with a value
    and a date, from the ``@ref`` ``provider`` to the ``@ref`` ``receiver`` (omitted when
    ``None``)."""
    kind = f'<transaction-type code="{code}"/>' if code is not None else ""
    given = (party("provider", provider) if provider is not None else "") + (
        party("receiver", receiver) if receiver is not None else ""
    )
    return (
        f'<transaction>{kind}<transaction-date iso-date="2020-01-01"/>'
        f'<value currency="EUR" value-date="2020-01-01">1000</value>{given}</transaction>'
    )


def act(
    ident: str,
    *inner: str,
    partners: tuple[str, ...] = ("F", "G", "R"),
    reporting: str | None = "R",
    status: str | None = None,
) -> str:
    """An activity reported by ``reporting`` with the participating organisations
    ``partners`` and the transactions (or other children) ``inner``."""
    rep = f'<reporting-org ref="{reporting}" type="21"/>' if reporting is not None else ""
    state = f'<activity-status code="{status}"/>' if status is not None else ""
    return (
        f"<iati-activity><iati-identifier>{ident}</iati-identifier>{rep}"
        f"<title><narrative>{ident}</narrative></title>{''.join(org(p) for p in partners)}"
        f"{state}{''.join(inner)}</iati-activity>"
    )


def pairs(init: ci.Initiative) -> list[tuple[str, str]]:
    return [(t.source, t.target) for t in init.ties]


def tx_issues(report: ImportReport) -> list[ImportIssue]:
    return [w for w in report.warnings if w.code in TX_CODES]


def only(report: ImportReport, code: str) -> ImportIssue:
    (issue,) = [w for w in report.warnings if w.code == code]
    return issue


class TestTransactionTypes:
    @pytest.mark.parametrize("code", ["1", "2", "3", "7", "11"])
    def test_a_flow_of_funds_ties_provider_to_receiver(self, tmp_path: Path, code: str) -> None:
        init, report = from_iati(write(tmp_path, doc(act("A", tx(code, "F", "G")))))
        (tie,) = init.ties
        assert (tie.source, tie.target, tie.kind, tie.strength) == (
            "F",
            "G",
            ci.TieKind.FUNDING,
            1.0,
        )
        assert report.ties == 1
        assert tx_issues(report) == []

    @pytest.mark.parametrize(
        ("code", "name"),
        [
            ("4", "Expenditure"),
            ("5", "Interest Payment"),
            ("6", "Loan Repayment"),
            ("8", "Purchase of Equity"),
            ("9", "Sale of Equity"),
            ("10", "Credit Guarantee"),
            ("12", "Outgoing Pledge"),
            ("13", "Incoming Pledge"),
        ],
    )
    def test_other_types_make_no_tie_and_are_counted(
        self, tmp_path: Path, code: str, name: str
    ) -> None:
        init, report = from_iati(write(tmp_path, doc(act("A", tx(code, "F", "G")))))
        assert init.ties == ()
        issue = only(report, "no-funding-flow")
        assert issue.message == (
            "1 transaction of the activities is no flow of funds from a provider to a receiver, "
            f"and it makes no funding tie: {code} {name} (1) (the first is here)"
        )
        assert (issue.path, issue.line, issue.raw) == (
            "iati-activity[1]/transaction[1]/transaction-type[1]/@code",
            1,
            code,
        )

    def test_types_are_counted_one_issue_per_file(self, tmp_path: Path) -> None:
        """Three expenditures and a pledge in two activities: one issue, in the order of the
        codes, at the first (the pledge), whatever their own order."""
        body = doc(
            act("A", tx("12", "F", "G"), tx("4", "F", "S")),
            act("B", tx("4", "G", "S"), tx("3", "F", "G"), tx("4", "R", "S")),
        )
        init, report = from_iati(write(tmp_path, body))
        assert pairs(init) == [("F", "G")]
        issue = only(report, "no-funding-flow")
        assert issue.message == (
            "4 transactions of the activities are no flow of funds from a provider to a "
            "receiver, and they make no funding tie: 4 Expenditure (3), 12 Outgoing Pledge (1) "
            "(the first is here)"
        )
        assert (issue.path, issue.raw) == (
            "iati-activity[1]/transaction[1]/transaction-type[1]/@code",
            "12",
        )

    def test_missing_and_unknown_types_make_no_tie(self, tmp_path: Path) -> None:
        body = doc(
            act(
                "A",
                tx("99", "F", "G"),
                tx(None, "F", "G"),
                tx(" 99 ", "F", "G"),
                tx("", "F", "G"),
                tx("QP", "F", "G"),  # a 1.0x letter of a later version: not read
            )
        )
        init, report = from_iati(write(tmp_path, body))
        assert init.ties == ()
        issue = only(report, "unknown-transaction-type")
        assert issue.message == (
            "5 transactions of the activities have no TransactionType code (1-13, or an IATI "
            "1.0x letter such as 'D'), so whether funds flow is not known, and they make no "
            "tie: '' (1), '99' (2), 'QP' (1), no transaction-type/@code (1) (the first is here)"
        )
        assert (issue.path, issue.raw) == (
            "iati-activity[1]/transaction[1]/transaction-type[1]/@code",
            "99",
        )

    def test_a_transaction_without_type_is_located_at_the_missing_element(
        self, tmp_path: Path
    ) -> None:
        _, report = from_iati(write(tmp_path, doc(act("A", tx(None, "F", "G")))))
        issue = only(report, "unknown-transaction-type")
        assert (issue.path, issue.raw) == (
            "iati-activity[1]/transaction[1]/transaction-type[1]",
            None,
        )

    @pytest.mark.parametrize("letter", ["IF", "C", "d", "R"])
    def test_iati_1_letters_of_flows(self, tmp_path: Path, letter: str) -> None:
        init, report = from_iati(write(tmp_path, doc(act("A", tx(letter, "F", "G")))))
        assert pairs(init) == [("F", "G")]
        assert tx_issues(report) == []

    @pytest.mark.parametrize("letter", ["E", "IR", "LR"])
    def test_iati_1_letters_of_other_types(self, tmp_path: Path, letter: str) -> None:
        init, report = from_iati(write(tmp_path, doc(act("A", tx(letter, "F", "G")))))
        assert init.ties == ()
        assert only(report, "no-funding-flow").raw == letter


class TestCodelist:
    def test_every_transaction_type_has_a_reading(self) -> None:
        """TransactionType 2.03 has codes 1 to 13 (12 and 13, pledges, since 2.03): each is
        a flow of funds or not, never both; the 1.0x letters name codes of it."""
        from collective_impact.io import iati

        flows, others = set(iati._FUNDING_FLOWS), set(iati._NOT_FUNDING)
        assert flows == {"1", "2", "3", "7", "11"}
        assert flows | others == {str(k) for k in range(1, 14)}
        assert not flows & others
        assert set(iati._TRANSACTION_TYPE_LETTERS.values()) <= flows | others
        # incoming types are received by the reporting-org when they name no receiver
        assert {c for c, (_, side) in iati._FUNDING_FLOWS.items() if side == "receiver"} == {
            "1",
            "11",
        }


class TestTheSideNotGiven:
    @pytest.mark.parametrize("code", ["1", "11"])
    def test_incoming_funds_without_receiver_go_to_the_reporting_org(
        self, tmp_path: Path, code: str
    ) -> None:
        init, report = from_iati(write(tmp_path, doc(act("A", tx(code, provider="F")))))
        assert pairs(init) == [("F", "R")]
        assert tx_issues(report) == []

    @pytest.mark.parametrize("code", ["2", "3", "7"])
    def test_outgoing_funds_without_provider_come_from_the_reporting_org(
        self, tmp_path: Path, code: str
    ) -> None:
        init, report = from_iati(write(tmp_path, doc(act("A", tx(code, receiver="G")))))
        assert pairs(init) == [("R", "G")]
        assert tx_issues(report) == []

    def test_incoming_funds_without_provider_are_not_assumed(self, tmp_path: Path) -> None:
        """IATI assumes the reporting-org only as the receiver of incoming funds: who provided
        them is not said, so no tie (the reporting-org is not taken as the funder)."""
        init, report = from_iati(write(tmp_path, doc(act("A", tx("1", receiver="G")))))
        assert init.ties == ()
        issue = only(report, "missing-funding-party")
        assert issue.message == (
            "1 transaction of funds has no provider the import can tell, so it makes no tie: "
            "no provider-org on incoming funds, of which IATI assumes the reporting-org to be "
            "the receiver only (1) (the first is here)"
        )
        assert (issue.path, issue.line) == ("iati-activity[1]/transaction[1]/provider-org[1]", 1)

    def test_outgoing_funds_without_receiver_are_not_assumed(self, tmp_path: Path) -> None:
        init, report = from_iati(write(tmp_path, doc(act("A", tx("3", provider="F")))))
        assert init.ties == ()
        issue = only(report, "missing-funding-party")
        assert "no receiver-org on outgoing funds, of which IATI assumes the reporting-org" in (
            issue.message
        )
        assert issue.path == "iati-activity[1]/transaction[1]/receiver-org[1]"

    def test_no_reporting_org_to_assume(self, tmp_path: Path) -> None:
        body = doc(act("A", tx("1", provider="F"), tx("11", provider="G"), reporting=None))
        init, report = from_iati(write(tmp_path, body))
        assert init.ties == ()
        assert only(report, "missing-funding-party").message == (
            "2 transactions of funds have no receiver the import can tell, so they make no tie: "
            "no receiver-org on incoming funds, and no reporting-org to assume (2) "
            "(the first is here)"
        )

    def test_an_empty_element_is_not_omitted(self, tmp_path: Path) -> None:
        """A receiver-org with neither @ref nor a name is given, but says nothing: the
        reporting-org is assumed only for an omitted one."""
        empty = '<receiver-org receiver-activity-id="G-1"/>'
        body = doc(
            act("A", tx("1", provider="F").replace("</transaction>", f"{empty}</transaction>"))
        )
        init, report = from_iati(write(tmp_path, body))
        assert init.ties == ()
        issue = only(report, "missing-funding-party")
        assert "a receiver-org with neither @ref nor a name (1)" in issue.message
        assert (issue.path, issue.line) == ("iati-activity[1]/transaction[1]/receiver-org[1]", 1)

    def test_both_sides_missing_or_unmatched_are_each_reported(self, tmp_path: Path) -> None:
        """Incoming funds naming neither side, reported by an organisation that is no partner:
        no provider, and a receiver (the reporting-org assumed) that is no partner."""
        init, report = from_iati(write(tmp_path, doc(act("A", tx("1"), reporting="Z"))))
        assert init.ties == ()
        assert [(w.code, w.path, w.raw) for w in tx_issues(report)] == [
            ("missing-funding-party", "iati-activity[1]/transaction[1]/provider-org[1]", None),
            ("unmatched-funding-party", "iati-activity[1]/transaction[1]/receiver-org[1]", "Z"),
        ]
        assert "'Z' (1 transaction; the reporting-org, assumed as the receiver)" in (
            tx_issues(report)[1].message
        )


class TestOrganisations:
    def test_found_as_the_reporting_org_is(self, tmp_path: Path) -> None:
        """By trimmed @ref, caseless as the model compares ids; without @ref by name, merged
        with the one organisation with a @ref and that name."""
        named = (
            '<transaction><transaction-type code="3"/>'
            + party("provider", " f ")
            + party("receiver", name="ORG-G")
            + "</transaction>"
        )
        init, report = from_iati(write(tmp_path, doc(act("A", named))))
        assert pairs(init) == [("F", "G")]
        assert tx_issues(report) == []

    def test_an_organisation_without_ref_and_no_partner_is_reported_by_name(
        self, tmp_path: Path
    ) -> None:
        transaction = (
            '<transaction><transaction-type code="3"/>'
            + party("provider", "F")
            + party("receiver", name="Acme Supplies")
            + "</transaction>"
        )
        init, report = from_iati(write(tmp_path, doc(act("A", transaction))))
        assert init.ties == ()
        issue = only(report, "unmatched-funding-party")
        assert "'Acme Supplies' (no @ref) (1 transaction)" in issue.message
        assert (issue.path, issue.raw) == (
            "iati-activity[1]/transaction[1]/receiver-org[1]",
            "Acme Supplies",
        )

    def test_a_ref_differing_in_punctuation_is_suggested_never_merged(self, tmp_path: Path) -> None:
        body = doc(
            act(
                "A",
                tx("1", "XM-DAC-7", "CH-FDJP-CHE106823242"),
                tx("1", "XM-DAC-7", "CH-FDJP-CHE106823242"),
                tx("3", "XM-DAC-7", "ZZ-9"),
                partners=("XM-DAC-7", "CH-FDJP-CHE-106823242"),
                reporting="XM-DAC-7",
            )
        )
        init, report = from_iati(write(tmp_path, body))
        assert init.ties == ()
        assert [p.id for p in init.partners] == ["XM-DAC-7", "CH-FDJP-CHE-106823242"]
        issue = only(report, "unmatched-funding-party")
        assert issue.message == (
            "3 transactions of funds have a receiver that is no partner of the import (no "
            "participating-org of an imported activity), so they make no tie: "
            "'CH-FDJP-CHE106823242' (2 transactions; did you mean the partner "
            "'CH-FDJP-CHE-106823242'? The @ref differs only in punctuation or spacing); "
            "'ZZ-9' (1 transaction); an organisation is never merged with a partner whose @ref "
            "only looks like its own: correct the @ref if they are one organisation "
            "(the first is here)"
        )
        assert (issue.path, issue.line, issue.raw) == (
            "iati-activity[1]/transaction[1]/receiver-org[1]/@ref",
            1,
            "CH-FDJP-CHE106823242",
        )

    def test_providers_and_receivers_are_reported_apart(self, tmp_path: Path) -> None:
        body = doc(act("A", tx("3", "X1", "G"), tx("3", "F", "Y1"), tx("3", "X2", "Y2")))
        init, report = from_iati(write(tmp_path, body))
        assert init.ties == ()
        provider, receiver = (w for w in report.warnings if w.code == "unmatched-funding-party")
        assert provider.message.startswith("2 transactions of funds have a provider that is no")
        assert "'X1' (1 transaction); 'X2' (1 transaction)" in provider.message
        assert receiver.message.startswith("2 transactions of funds have a receiver that is no")
        assert (provider.raw, receiver.raw) == ("X1", "Y1")

    def test_a_partner_of_another_activity_or_file_is_a_partner(self, tmp_path: Path) -> None:
        """G takes part only in the second file's activity: the first file's disbursement to
        it is a tie, whichever file is read first."""
        one = write(
            tmp_path, doc(act("A", tx("3", "F", "G"), partners=("F",), reporting="F")), "a.xml"
        )
        two = write(tmp_path, doc(act("B", partners=("G",), reporting="G")), "b.xml")
        for files in ([one, two], [two, one]):
            init, report = from_iati(files)
            assert pairs(init) == [("F", "G")]
            assert tx_issues(report) == []

    def test_an_organisation_only_of_a_cancelled_activity_is_no_partner(
        self, tmp_path: Path
    ) -> None:
        body = doc(
            act("A", tx("3", "F", "G"), partners=("F",), reporting="F"),
            act("B", partners=("G",), reporting="G", status="5"),
        )
        init, report = from_iati(write(tmp_path, body))
        assert init.ties == ()
        assert only(report, "unmatched-funding-party").raw == "G"


class TestSelfAndRepeats:
    def test_a_transaction_to_itself_makes_no_tie(self, tmp_path: Path) -> None:
        """Given both ways, or the reporting-org assumed as provider of its own receipt."""
        body = doc(act("A", tx("3", "F", "F"), tx("3", receiver="R"), tx("3", "F", "G")))
        init, report = from_iati(write(tmp_path, body))
        assert pairs(init) == [("F", "G")]
        issue = only(report, "self-funding")
        assert issue.message == (
            "2 transactions of funds go from an organisation to itself, and a partner is not "
            "tied to itself, so they make no tie: 'F' (1), 'R' (1) (the first is here)"
        )
        assert (issue.path, issue.raw) == ("iati-activity[1]/transaction[1]", "F")

    def test_a_case_variant_to_itself_is_to_itself(self, tmp_path: Path) -> None:
        init, report = from_iati(write(tmp_path, doc(act("A", tx("3", "F", "f")))))
        assert init.ties == ()
        assert only(report, "self-funding").raw == "F"

    def test_repeated_transactions_make_one_tie(self, tmp_path: Path) -> None:
        """Five transactions from F to G, of three types, in two activities: one tie of the
        model's default strength; G to F is another tie (a flow has a direction)."""
        body = doc(
            act("A", tx("2", "F", "G"), tx("3", "F", "G"), tx("3", "F", "G")),
            act("B", tx("1", "F", "G"), tx("3", "F", "G"), tx("3", "G", "F")),
        )
        init, report = from_iati(write(tmp_path, body))
        assert [(t.source, t.target, t.kind.value, t.strength) for t in init.ties] == [
            ("F", "G", "funding", 1.0),
            ("G", "F", "funding", 1.0),
        ]
        assert report.ties == 2
        assert report.to_dict()["ties"] == 2
        assert tx_issues(report) == []


class TestActivitiesNotImported:
    @pytest.mark.parametrize("status", ["5", "6"])
    def test_a_cancelled_or_suspended_activity_makes_no_tie(
        self, tmp_path: Path, status: str
    ) -> None:
        """F, G and R are partners through activity B; A's disbursement is not imported."""
        body = doc(act("A", tx("3", "F", "G"), status=status), act("B", tx("3", "G", "R")))
        init, report = from_iati(write(tmp_path, body))
        assert [a.id for a in init.activities] == ["B"]
        assert pairs(init) == [("G", "R")]
        assert tx_issues(report) == []

    def test_a_copy_skipped_makes_no_tie(self, tmp_path: Path) -> None:
        """The later-updated copy of A is kept: its transaction is read, the other's not."""
        old = act("A", tx("3", "F", "G")).replace(
            "<iati-activity>", '<iati-activity last-updated-datetime="2020-01-01T00:00:00Z">'
        )
        new = act("A", tx("3", "G", "R")).replace(
            "<iati-activity>", '<iati-activity last-updated-datetime="2021-01-01T00:00:00Z">'
        )
        init, _ = from_iati(write(tmp_path, doc(old, new)))
        assert pairs(init) == [("G", "R")]

    def test_an_activity_naming_no_organisation_makes_no_tie(self, tmp_path: Path) -> None:
        body = doc(
            act("A", tx("3", "F", "G"), partners=(), reporting=None),
            act("B", tx("3", "G", "F")),
        )
        init, _ = from_iati(write(tmp_path, body))
        assert pairs(init) == [("G", "F")]


class TestOrderFree:
    """The ties and the report do not depend on the order of activities, transactions, files."""

    TXS = (
        tx("3", "F", "G"),
        tx("3", "G", "F"),
        tx("1", "R", "G"),
        tx("1", provider="G"),  # received by R, the reporting-org
        tx("4", "F", "S"),
        tx("12", "F", "G"),
        tx("99", "F", "G"),
        tx("3", "F", "F"),
        tx("3", "F", "F-1"),
        tx("3", "F", "Q1"),
        tx("1", receiver="G"),
        tx("3", "Q1", "G"),
    )
    PAIRS: ClassVar = [("F", "G"), ("G", "F"), ("G", "R"), ("R", "G")]

    @staticmethod
    def outcome(init: ci.Initiative, report: ImportReport) -> tuple[object, ...]:
        """The ties, their counts, and each transaction issue but its place: its code, file
        and message (the place is the first transaction's, which the order decides)."""
        issues = sorted((w.code.value, Path(w.source).name, w.message) for w in tx_issues(report))
        return init.ties, report.ties, report.to_dict()["ties"], issues

    @staticmethod
    def orders(items: list[str]) -> list[list[str]]:
        """The order given, reversed, and a few shuffles."""
        shuffled = []
        for seed in range(4):
            order = list(items)
            random.Random(seed).shuffle(order)
            shuffled.append(order)
        return [list(items), list(reversed(items)), *shuffled]

    def test_permuting_transactions(self, tmp_path: Path) -> None:
        outcomes = set()
        for order in self.orders(list(self.TXS)):
            init, report = from_iati(write(tmp_path, doc(act("A", *order))))
            outcomes.add(repr(self.outcome(init, report)))
            assert pairs(init) == self.PAIRS
        assert len(outcomes) == 1
        assert {w.code for w in tx_issues(report)} == TX_CODES  # every kind of issue, in each

    def test_permuting_activities(self, tmp_path: Path) -> None:
        acts = [act(f"A{k}", t) for k, t in enumerate(self.TXS)]
        outcomes = set()
        for order in self.orders(acts):
            init, report = from_iati(write(tmp_path, doc(*order)))
            outcomes.add(repr(self.outcome(init, report)))
            assert pairs(init) == self.PAIRS
        assert len(outcomes) == 1

    def test_permuting_files(self, tmp_path: Path) -> None:
        """Each file's transactions name partners of the others: found whatever the order,
        and each file reports its own."""
        files = [
            write(tmp_path, doc(act("A", *self.TXS[:4], partners=("F",), reporting="F")), "a.xml"),
            write(tmp_path, doc(act("B", *self.TXS[4:8], partners=("G",), reporting="G")), "b.xml"),
            write(tmp_path, doc(act("C", *self.TXS[8:], partners=("R", "Q-1"))), "c.xml"),
        ]
        outcomes = set()
        for order in itertools.permutations(files):
            init, report = from_iati(list(order))
            outcomes.add(repr(self.outcome(init, report)))
        assert len(outcomes) == 1
        # R funds G (c.xml), G funds F and F funds G (a.xml); a.xml's incoming funds from G
        # are received by F, its reporting-org
        assert pairs(init) == [("F", "G"), ("G", "F"), ("R", "G")]
        issues = {(Path(w.source).name, w.code.value) for w in tx_issues(report)}
        assert issues == {
            ("b.xml", "no-funding-flow"),
            ("b.xml", "unknown-transaction-type"),
            ("b.xml", "self-funding"),
            ("c.xml", "unmatched-funding-party"),
            ("c.xml", "missing-funding-party"),
        }
        provider, receiver = (w for w in report.warnings if w.code == "unmatched-funding-party")
        assert "'Q1' (1 transaction; did you mean the partner 'Q-1'?" in provider.message
        assert receiver.message.endswith(
            "'Q1' (1 transaction; did you mean the partner 'Q-1'? The @ref differs only in "
            "punctuation or spacing); 'F-1' (1 transaction); an organisation is never merged "
            "with a partner whose @ref only looks like its own: correct the @ref if they are one "
            "organisation (the first is here)"
        )


class TestNotRepresented:
    def test_what_of_a_transaction_is_not_represented(self, tmp_path: Path) -> None:
        """The transaction is read for its tie: not counted as unread, but its value, date
        and the other parts are, by where they are, and so is a second provider-org."""
        second = party("provider", "G") + '<sector code="111"/></transaction>'
        body = doc(act("A", tx("3", "F", "G").replace("</transaction>", second)))
        init, report = from_iati(write(tmp_path, body))
        assert pairs(init) == [("F", "G")]
        issue = only(report, "not-represented")
        assert issue.message == (
            "4 elements of the activities have no place in the model and are not imported: "
            "transaction/provider-org after the first (1), transaction/sector (1), "
            "transaction/transaction-date (1), transaction/value (1) (the first is here)"
        )
        assert issue.path == "iati-activity[1]/transaction[1]/transaction-date[1]"
        assert "transaction (" not in issue.message


class TestRealFiles:
    def test_standard_example(self) -> None:
        """Its one transaction: incoming funds from BB-BBB-123456789 to AA-AAA-123456789, both
        participating organisations (funding 1 and extending 3)."""
        init, report = from_iati(STD)
        assert [(t.source, t.target, t.kind.value, t.strength) for t in init.ties] == [
            ("BB-BBB-123456789", "AA-AAA-123456789", "funding", 1.0)
        ]
        assert tx_issues(report) == []
        isolated = [g.subjects for g in ci.assess(init).gaps if g.code == "isolated-partner"]
        assert isolated == [("CC-CCC-123456789",)]  # the accountable government only

    def test_terre_des_hommes(self) -> None:
        """Second activity: incoming funds from XM-DAC-7 to CH-FDJP-CHE-106823242 (and
        expenditures). First activity: incoming funds naming neither side, reported by
        CH-FDJP-CHE106823242 — the foundation's ref without a hyphen, no partner."""
        init, report = from_iati(CH)
        assert pairs(init) == [("XM-DAC-7", "CH-FDJP-CHE-106823242")]
        unmatched = only(report, "unmatched-funding-party")
        assert unmatched.message == (
            "1 transaction of funds has a receiver that is no partner of the import (no "
            "participating-org of an imported activity), so it makes no tie: "
            "'CH-FDJP-CHE106823242' (1 transaction; the reporting-org, assumed as the receiver; "
            "did you mean the partner 'CH-FDJP-CHE-106823242'? The @ref differs only in "
            "punctuation or spacing); an organisation is never merged with a partner whose @ref "
            "only looks like its own: correct the @ref if they are one organisation "
            "(the first is here)"
        )
        assert (unmatched.line, unmatched.raw) == (100, "CH-FDJP-CHE106823242")
        assert "4 Expenditure (6)" in only(report, "no-funding-flow").message
        assert only(report, "missing-funding-party").path == (
            "iati-activity[1]/transaction[1]/provider-org[1]"
        )

    def test_network_of_the_files_together(self) -> None:
        """The brief's session: partners tied by funding are no longer isolated."""
        init, report = from_iati([STD, CH])
        assert report.ties == len(init.ties) == 2
        isolated = [g.subjects for g in ci.assess(init).gaps if g.code == "isolated-partner"]
        assert isolated == [("CC-CCC-123456789",)]

    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_round_trip(self, fmt: str) -> None:
        init, _ = from_iati([STD, CH])
        text = ci.dumps(init, fmt)
        assert "funding" in text  # the ties are written
        assert ci.loads(text, fmt) == init


class TestCommandLine:
    def test_the_summary_counts_ties(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out, issues = tmp_path / "s.yaml", tmp_path / "issues.json"
        code = main(["import", "iati", str(STD), str(CH), "-o", str(out), "--issues", str(issues)])
        assert code == 0
        stdout = capsys.readouterr().out
        assert f"{out}: wrote 5 partners, 3 activities, 14 indicators, 2 ties\n" in stdout
        assert json.loads(issues.read_text(encoding="utf-8"))["ties"] == 2
        assert len(ci.load(out).ties) == 2


def test_unmatched_parties_of_many_files_cost_no_files_times_partners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partners' squashed ids, for the did-you-mean of an unmatched funding party, are
    built once: rebuilt for each file with such a party, 1,000 files of 20 partners took 40 s
    (a reviewer's profile: 5 million calls). Here 30 files of 20 partners, each with a
    receiver no partner: at most one call per partner and one per unmatched party, not
    30 × 600."""
    import collective_impact.io.iati as iati

    calls = 0
    squashed = iati._squashed

    def counted(text: str) -> str:
        nonlocal calls
        calls += 1
        return squashed(text)

    monkeypatch.setattr(iati, "_squashed", counted)
    paths = []
    for i in range(30):
        orgs = "".join(
            f'<participating-org ref="O{i}-{k}" role="4" type="21"><narrative>Org {i} {k}'
            "</narrative></participating-org>"
            for k in range(20)
        )
        tx = (
            '<transaction><transaction-type code="3"/>'
            f'<provider-org ref="O{i}-0"/><receiver-org ref="ZZ-{i}"/></transaction>'
        )
        text = (
            '<iati-activities version="2.03"><iati-activity>'
            f"<iati-identifier>A{i}</iati-identifier>"
            f'<reporting-org ref="O{i}-0" type="21"/><title><narrative>A{i}</narrative></title>'
            f"{orgs}{tx}</iati-activity></iati-activities>"
        )
        paths.append(write(tmp_path, text, name=f"f{i:02d}.xml"))
    init, report = from_iati(paths)
    assert len(init.partners) == 600
    assert sum(w.code == "unmatched-funding-party" for w in report.warnings) == 30
    assert calls <= 600 + 30
