r"""Import IATI activity XML (version 2.0x) into an initiative.

The `International Aid Transparency Initiative <https://iatistandard.org>`_ publishes what aid
and development organisations fund and do as *activity* XML. :func:`from_iati` reads such files
into an :class:`~collective_impact.Initiative` and returns, beside it, an :class:`ImportReport`
listing everything it had to interpret, guess or could not represent — each with its location in
the file and the original text — so that nothing in the file is lost silently.

Reading is safe: files are parsed with :mod:`defusedxml` with DTDs, entity declarations and
external references all forbidden (billion-laughs and XXE payloads fail with a
:class:`~collective_impact.FormatError` before anything is expanded or fetched), nothing is
fetched from the network, files larger than ``max_bytes`` are refused before they are read and
files with more than ``max_elements`` elements as soon as the parser meets one too many, and
reading takes time linear in the size of the file.

Encodings: UTF-8 (with or without a byte-order mark), UTF-16 (with or without one) and the
single-byte encodings Python knows (ISO-8859-1, windows-1252...) are read as the XML declaration
names them. An encoding the parser cannot read (UTF-7, UTF-32, Shift-JIS and other multi-byte
encodings) or that does not exist is a :class:`~collective_impact.FormatError` naming it, and
bytes that are not valid in the encoding are one with the line and column of the first.

Mapping
-------
The IATI elements are those of the root element's namespace (most files have none; a whole
document in one namespace, whatever its prefix, is read as well). Elements of any other
namespace are extensions of the standard, which it asks readers that do not know them to
ignore: ``<acme:activity-date>`` is no activity date, ``<acme:participating-org>`` no partner,
``<x:title>`` no title. None is read, nor anything inside one; each name is reported
(``not-represented``, one issue per file and name with its number, at the first).

``participating-org`` → :class:`~collective_impact.Partner`
    *id*: ``@ref`` (surrounding whitespace removed); ``@ref`` values that differ only in case
    or Unicode form (``GB-1``, ``gb-1``) are one organisation, as the model tells ids apart
    (``case-variant``), whose id is the spelling given most often, then the first in
    code-point order, whatever the order of the activities and files. An organisation
    without ``@ref`` is identified by its *normalised name* (casefolded, dashes and slashes
    made spaces, other punctuation removed, whitespace collapsed: ``Save-the-Children`` is
    ``save the children``):
    it is merged with the organisation that has a ``@ref`` and the same normalised name when
    exactly one such organisation exists in the activities imported (a copy of an activity
    skipped for another, and a cancelled or suspended activity, merge none by their names,
    whatever the order of the files), else its id is the normalised name with
    spaces as hyphens (``"Agence  d'Eau"`` → ``agence-deau``). Occurrences with the same id are
    merged across activities and files (roles united; the sector the ``@type`` of its
    occurrences gives most often, the others reported). *name*: the chosen narrative (see
    *Language*); of the names the occurrences of one organisation give,
    the most frequent, then the first in alphabetical order, whatever the order of the activities
    and files (the others are reported, ``conflicting-name``), and its id when none gives one
    (``no-name``). *sector* from ``@type``
    (OrganisationType codelist), see :data:`ORGANISATION_TYPE_SECTOR`; a missing or unknown
    ``@type`` gives ``other`` with a warning. *roles* from ``@role`` (OrganisationRole codelist),
    see :data:`ORGANISATION_ROLE`; the IATI 1.0x words ``Funding``, ``Accountable``,
    ``Extending`` and ``Implementing`` (any case) are read as 1, 2, 3 and 4.

``iati-activity`` → :class:`~collective_impact.Activity`
    *id*: the text of ``iati-identifier``, kept exactly — inner spaces included; only the
    leading and trailing whitespace that pretty-printing adds is removed, with a warning.
    *name*: the title narrative, whitespace (line breaks) collapsed. *partners*: the activity's
    participating organisations ordered by role — implementing (4) first, then extending (3),
    accountable (2), funding (1), and organisations without a known role (an organisation of
    several roles in its best), each group in code-point order of ids once case-folded (as
    ids are told apart, then as spelt), whatever the order of the elements — but the lead
    partner, the first: of the organisations of the activity's best role, its
    ``reporting-org`` when it is one of them, else the one whose case-folded id comes first in
    code-point order (``xm-a`` before ``XM-B``, however other activities spell either). The
    lead decides the pairs between partners, the coordination gaps and the governance mode,
    and nothing in the file says which of several implementing organisations leads, so when
    there are several the choice is reported (``chosen-lead``, naming the candidates and the
    one taken, and, when no reporting-org decides, that this choice among equals decides the
    governance mode's lead, so that renaming an organisation can change it). An activity with no
    participating organisation falls back on its ``reporting-org`` (with a warning). *start*:
    actual start date (activity-date type 2), else planned start (1); *end*: actual end (4),
    else planned end (3); of several dates of one type, the earliest start and the latest end
    (the others reported). A planned end is checked against the ``activity-status`` as of the
    activity's last update (its ``@last-updated-datetime``, else the file's
    ``@generated-datetime``; neither given, nothing is checked): an activity still in
    pipeline or implementation (1, 2) whose planned end is before its own
    ``@last-updated-datetime`` has outlived its plan, and ending it on the planned date would
    take it out of every score from a date nothing says it ended on, so its end is left open
    (it is counted as running on every date after its start). The file's date is only the
    latest day the status can date from (a registry dump generated in 2023 holds records last
    touched in 2020), so a planned end before it alone is kept, and the conflict reported as
    possible. One in finalisation or closed (3, 4) whose planned end is after that update, the
    file's date included, had ended by then, on a date no element gives, so the planned end is
    kept. All are reported (``end-against-status``), naming the planned end, the status and the
    update. Pipeline/identification (1) says the activity was being scoped or planned as of
    that update, so it had not begun, nor ended: a planned end on that day has passed too, and
    with neither an actual start nor an actual end (2, 4) a planned start on or before its own
    ``@last-updated-datetime``, or no start at all, would count it as running before the update,
    so it is counted as running from the day after it (an activity last updated 2022-06-01
    whose planned start is 2020-01-01 starts 2022-06-02). That day is a convention: it cannot
    have begun before the update, and the model counts whole days, so the status is taken to
    hold for the whole day of its update, a time of day included (as a planned end on that day
    is taken to have passed). Unless its own results report an actual of a period begun on or
    before that update (its start, else its end; one ending after the update is dated at it, the
    progress up to then): a number other than 0 and than its indicator's baselines (results
    pre-filled with 0, or with the baseline, achieve nothing) is a result achieved by then, which
    says it had begun, against its status, so the planned start is kept (no start stays open), a
    planned end on the day of the update stands, and the conflict is reported, naming the
    earliest such actual and how many there are. A planned start on or before only the file's
    date is kept, the conflict reported as possible (``start-against-status``, naming the
    planned start, the status and the update). An
    actual end (4) is taken as it is, and so is an actual start (2). The IATI 1.0x words
    ``start-planned``, ``start-actual``, ``end-planned`` and ``end-actual`` are read as 1, 2, 3
    and 4; any other ``@type`` is reported (``unknown-date-type``) and its date ignored. Dates
    are ``xsd:date`` (``2020-12-31``, perhaps with a timezone) or ``xsd:dateTime``; other text
    (``2020-12-3100``) is reported (``bad-date``) and ignored.
    *Status*: the model says when an activity runs by its dates alone, so ``activity-status``
    decides whether it is imported. Cancelled (5) never ran: not imported
    (``cancelled-activity``). Suspended (6) has stopped, since a date no element gives, and
    may resume: ending it at the file's or the activity's last-updated date would be a guess
    that says it ended for good, so it is not imported either (``suspended-activity``). Either
    way its results are not imported with it (an indicator no activity moves would look like
    a gap), its organisations are partners only if other activities name them (its names do
    not merge organisations without ``@ref``), and nothing else refers to it (IATI's
    ``related-activity`` is not imported). Pipeline/identification (1) is imported, with its
    planned dates as when it runs (``planned-activity``), as far as its status allows (above);
    implementation (2), finalisation (3)
    and closed (4) as they are. Finalisation and closed say the activity has ended: one
    without a usable end date (neither type 4 nor 3) is counted as running on every date after
    its start, and reported (``no-end-date``) so that it is given its end date. It is not
    ended at its last-updated date, for the reason a suspended one is not: that date says when
    its record last changed, not when it ended, and ending it there would be a guess. Another
    code is reported (``unknown-status``) and the activity imported. The first
    ``activity-status`` is read; further ones are ``not-represented``.
    *places*: the ``recipient-country/@code`` values, each once as the model compares labels
    (``KE`` and ``ke`` are one place; the repeat reported); their ``@percentage`` has no place
    in the model (``not-represented``), and percentages of the countries and regions not
    summing to 100 are reported. *contributes*:
    ``{indicator: 1.0}`` for every indicator of the activity's own results — an activity is
    taken to move its own result indicators in their desired direction; IATI says nothing about
    contributions to other activities' indicators, so none are invented.

``result/indicator`` → :class:`~collective_impact.Indicator`
    *id*: ``"<activity id>/<r>.<i>"``, the 1-based positions of the ``result`` in the activity
    and of the ``indicator`` in the result (``"AA-AAA-123456789-ABC123/1.1"``). *name*: the
    title narrative. *unit* from ``@measure`` (IndicatorMeasure), see :data:`MEASURE_UNIT`;
    an ordinal (4) measure, and an empty or missing ``@measure``, give a warning. Nominal (3)
    and qualitative (5) values are not quantities (a nominal code has no order; IATI 2.03 asks
    to omit ``@value`` for qualitative measures): such an indicator is imported with its name,
    unit, level and quadrant but without baseline, target, observations or direction, so it
    has insufficient data and is never judged (``non-quantitative-measure`` counts the values
    left out). *direction*: ``@ascending`` ``"0"``/``"false"`` → ``decrease``,
    ``"1"``/``"true"`` → ``increase``; as some publishers set ``ascending="0"`` on every
    indicator, head-counts included, ``ascending="0"`` on a unit (``measure="1"``) indicator is
    kept but reported with a warning. Absent (IATI's default is ascending) or unreadable, it is
    not stated: the target against the baseline says which way is better
    (:attr:`Indicator.better <collective_impact.Indicator.better>`; a target below the
    baseline, against IATI's default, is reported), and without a target it is unknown, so
    no verdict that needs it is given (the worst-off group, the turn of the curve). A target
    without a baseline cannot say it, and the status turns on it: IATI's default,
    ``increase``, is assumed then, with a warning. A target that contradicts an explicit
    ``@ascending``, one equal to the baseline and one dated on or before it are left out (each
    with a warning), as :class:`~collective_impact.Indicator` refuses them.
    *level* and *quadrant* from the result's ``@type`` (ResultType), see
    :data:`RESULT_TYPE_LEVEL`; the IATI 1.0x words ``output``, ``outcome``, ``impact`` and
    ``other`` are read as 1, 2, 3 and 9, and any other ``@type`` is reported
    (``unknown-result-type``) and read as a performance indicator without a quadrant.

    *baseline*: a ``baseline`` of the whole population (without ``dimension`` or ``location``)
    when there is one, else a group's, of those whose date and value can be read; of those,
    the earliest, then the smallest value — never the first in the document, so that the order
    of the elements does not matter (nor an earlier ``value="n/a"`` beside a readable one,
    which left no baseline, and the direction assumed); its date is
    ``@iso-date`` when that falls in ``@year`` (or ``@year`` is absent), else 1 January of
    ``@year`` (a contradicting ``@iso-date`` is reported). Further baselines, and the group of
    a baseline that has one, are reported.
    *target*: a numeric target of the whole population when there is one, else a group's (with
    a warning); of those, the target of the period with the latest end date (dated at that
    end), then of the longest such period, then the smallest; the other targets are reported,
    a group's target of a later period than the whole population's saying so.
    *observations*: one :class:`~collective_impact.Observation` per ``period/actual`` with a
    numeric value, dated at ``period-end/@iso-date`` (``period-start`` with a warning when there
    is no end). An actual is the level at its period's end only once that end has come: when the
    end is after the day the activity was last updated (its ``@last-updated-datetime``, else the
    file root's ``@generated-datetime``; neither given, nothing is checked), the value is the
    progress up to that update at most, so it is dated at that day, the latest it can describe,
    when the period had begun by then, and not imported when it had not (a period without a
    start is taken to begin on its end day), each reported (``actual-after-update``, naming
    both dates); the period's start stays. A target keeps its period's end: it is about the
    future. An actual's ``dimension`` elements become the group ``"name=value"`` and its
    ``location`` elements (IATI 2.03: the value is for that location of the activity) the group
    ``"location=ref"``, several sorted and joined with ``", "`` (``"age=adult, sex=female"``
    whatever the order of the dimensions, ``"location=KE-NAI"``): values per location are never
    taken as the whole population's, nor averaged with it on a shared date. A ``\``, ``,`` or
    ``=`` in a dimension's name or value (or a location's ref) is escaped with a backslash
    (``<dimension name="age" value="15-24, urban"/>`` is the group ``"age=15-24\, urban"``),
    so that one dimension never reads as two: a value ``"1, b=2"`` of a dimension ``a`` made
    the group of the two dimensions ``a=1`` and ``b=2``, and their actuals were dropped as
    conflicting. A dimension with neither ``@name`` nor ``@value``, or a location without
    ``@ref``, names no group: it is reported (``empty-dimension``) and left out of the group
    (``<dimension name="" value=""/>`` made the group ``"="``). A dimension with only one of
    them (``<dimension name="" value="female"/>``) describes a group that cannot be named: the
    baseline, target or actual is not imported, with the same warning — it is neither the whole
    population's (a female target of 40 was taken over the whole population's 100) nor the
    group of its other dimensions; *reported_by* is
    the activity's ``reporting-org`` (found by its ``@ref``, or without one by its name as a
    participating-org is) when that organisation is one of the activity's partners, else
    ``None`` (reported when it has values). A period with neither target nor actual is
    reported, and so is one ending before it starts. Periods of one group that overlap are
    reported (``overlapping-period``): of those whose actuals are dated on the same day (a year
    and its last quarter; periods cut at the last update), only the longest period's actuals
    are imported, as two values of one date would be averaged; others are kept. For the same
    reason, several actuals of one period and one group (no ``dimension`` or ``location``
    telling them apart; periods of one start whose actuals are dated at the last update are one
    period here) are imported once when they give the same value (``repeated-actual``) and not
    at all when they do not (``conflicting-actuals``): which one holds cannot be told; one
    issue for the actuals of each period and group, at the first not imported, counts them and
    names where the others not imported are (five of them, then how many more). These
    rules compare each actual's period start and its date. An actual is IATI's "achieved
    result for this period", with nothing saying whether it is the level reached or an amount
    of that period: values are imported as levels (each the indicator's value at its period's
    end), and an indicator with several actual periods within the period of one target
    (quarterly actuals of 250, 250, 250 and 260 against a yearly target of 1,000) is reported
    once (``actuals-as-levels``): amounts per period must be summed before being judged
    against the target. That rule compares the periods as written (an actual dated at the last
    update still belongs to its period: the target's own when they share it).

``transaction`` → funding :class:`~collective_impact.Tie`
    A transaction whose ``transaction-type/@code`` (TransactionType; the IATI 1.0x letters
    ``IF``, ``C``, ``D``, ``E``, ``IR``, ``LR`` and ``R`` are read as 1 to 7) is a flow of funds
    from a provider to a receiver — incoming funds (1), outgoing commitment (2), disbursement
    (3), reimbursement (7) and incoming commitment (11) — gives a tie of kind ``funding`` from
    its provider (*source*) to its receiver (*target*). The other types move no funds from one
    partner to another for its work: an expenditure (4) pays for goods and services, an
    interest payment (5) and a loan repayment (6) go back to a lender, equity is bought (8) or
    sold (9), a credit guarantee (10) underwrites a third party's loan, and a pledge (12, 13) is
    "indicative, non-binding advice" of a commitment to come. They make no tie, and are counted
    by type (``no-funding-flow``); a missing or unknown type makes none either
    (``unknown-transaction-type``).
    *The side a transaction does not give*: the IATI activity schema (version 2.03,
    ``iati-activities-schema.xsd``) documents ``transaction/receiver-org`` as "(if omitted on
    incoming funds then the receiver organisation is assumed to be the reporting
    organisation)", and ``transaction/provider-org`` as "If omitted on outgoing funds the
    reporting-org is assumed". So the activity's ``reporting-org`` receives an incoming
    transaction (1, 11) without ``receiver-org``, and provides an outgoing one (2, 3, 7) without
    ``provider-org``. Nothing is assumed for the other side (who provides incoming funds, who
    receives outgoing ones), nor for a ``provider-org`` or ``receiver-org`` with neither
    ``@ref`` nor a name: such a transaction makes no tie (``missing-funding-party``).
    *source* and *target*: the partner the organisation is, found as an activity's
    ``reporting-org`` is (by ``@ref``, trimmed and compared as the model compares ids, or
    without ``@ref`` by its name as a participating-org is). A tie joins two partners of the
    import only: an organisation that is no participating-org of an imported activity (a
    supplier, a donor the activities do not name) makes none (``unmatched-funding-party``,
    naming the partner whose ``@ref`` differs from its own only in punctuation or spacing, if
    one does: ``CH-FDJP-CHE106823242`` and ``CH-FDJP-CHE-106823242`` are never merged). A
    transaction from an organisation to itself makes none either (``self-funding``).
    *strength*: 1.0, the model's default. IATI says how much flowed, not how strong the working
    relationship is, so the transactions of one provider to one receiver, however many and in
    whichever activities and files, make one tie. The ties are sorted by source, then target,
    whatever the order of the activities, transactions and files. The transactions of an
    activity that is not imported (cancelled, suspended, a copy skipped) make no tie.

Everything else
    The other children of an activity (``budget``, ``planned-disbursement``, ``sector``,
    ``recipient-region``, ``location``, ``description``...) have no place in the model: one
    issue per file (``not-represented``) names each kind with its number, at the location of
    the first one. An activity with only a ``recipient-region`` thus has no places, and the
    report says why. So are the children of a result the import does not read (an indicator's
    ``description``, ``reference`` or ``document-link``, a ``comment`` of a value that has one,
    counted by where they are: ``indicator/description``) and a result without an indicator
    (``result without indicator``: its title and description are all it has). Of a
    transaction, only its type, provider and receiver are read: its ``value`` (the amount, with
    its currency and value date), ``transaction-date``, ``description``, ``sector``,
    ``aid-type`` and other children are counted by where they are too (``transaction/value``),
    and so are a further ``transaction-type``, ``provider-org`` or ``receiver-org`` of one
    transaction (``transaction/provider-org after the first``). Of the activity and of each
    element the import reads, the attributes it does not read are counted too, by element and
    name: ``iati-activity/@default-currency``, ``@humanitarian`` and ``@hierarchy``,
    ``indicator/@aggregation-status`` and ``result/@aggregation-status`` (whether the values may
    be summed: the model does not ask), ``participating-org/@activity-id``,
    ``transaction/@ref``, ``transaction/provider-org/@type``, ``recipient-country/@percentage``
    (the model's places carry no share). Attributes of another namespace (d-portal's
    bookkeeping) and those of the root element are not counted; narratives are read for their
    text and language only.

Values
    ``@value`` is parsed by :func:`parse_value`: a plain decimal number is taken as is; a number
    decorated with a currency sign or code, thousands separators, a ``%`` sign, a ``"year:"`` prefix
    or a parenthesised remark is read as its number and the reading is reported (``"£3,500,000"`` →
    3500000; ``"60%"`` → 60; ``"2015:1584728 (158%)"`` → 1584728, the number after the colon), but
    on a percentage indicator (``measure="2"``) a value whose remark is a lone percentage
    (written with a decimal point or a decimal comma, ``"(60,5%)"``) that its number is not, cut
    after the remark's last digit (``remark <= number < remark + unit``, a unit being one of that
    digit; mirrored for a negative number) nor rounded to the nearest (``|number - remark| <=
    unit / 2``), is ambiguous, kept out of the model as raw text (``ambiguous-value``):
    ``"2015:1584728 (158%)"``, a count beside its share, 1,584,728 % being no percentage;
    ``"0.6 (60%)"``, ``"0.01 (1%)"`` and ``"0.001 (0.1%)"``, a fraction beside it;
    ``"12.1 (13%)"`` and ``"61 (60%)"``. ``"60 (60%)"``, ``"33.3 (33%)"``, ``"12.5 (13%)"``,
    ``"12.9 (12%)"``, ``"99.5 (100%)"`` and ``"-5.5 (-6%)"`` are read;
    anything else (``"Not available"``, a decimal comma ``"0,750"``) cannot become a
    number, so the element is kept out of the model and its raw text is kept in the report. No value
    is ever dropped silently. A file that writes a decimal comma in some number (``"1,2"``,
    ``"0,750"``, ``"12,5"``: the ``@value`` of a baseline, target or actual of a quantitative
    indicator, or the ``@percentage`` of a recipient country or region or a sector, in any activity
    of the file) shows a locale in which ``"1,350"`` is 1.35, not 1350: there a value read thanks to
    one thousands separator alone (``"1,350"``, ``"£1,350"``) is ambiguous, and so is one whose
    point is followed by exactly three digits (``"1.350"``: 1.35, or 1350 with the point grouping
    thousands, as such locales group them); each is kept out of the model as raw text too
    (``ambiguous-value``, naming where the file writes the decimal comma), as the CSV readers refuse
    ``"1,500"`` in a bundle that writes decimal commas and ``"5.696"`` in a file separated by ``;``
    (:func:`~._sheets.comma_group`, :func:`~._sheets.point_group`: one rule). A decimal with three
    decimals is written with a fourth there (``"1.3500"``). The file is scanned first, so the order
    of its elements does not matter; each file of an import is judged alone, and a file without a
    decimal comma is read as before. ``"3,500,000"`` and ``"1,350.5"`` group thousands in any
    locale, and are read. An indicator whose values are written with different currencies, or with
    ``%`` and a currency, or with ``%`` beside bare numbers of at most 1 (which may be fractions),
    is reported (``mixed-units``): the values are compared as bare numbers.

Language
    Of several ``narrative`` elements, an English one is chosen (``xml:lang`` ``en`` or ``eng``,
    any case, else ``en-*`` or ``en_*``: ``en-GB``, ``en_GB``; a narrative without ``xml:lang``
    has the activity's default ``xml:lang``), else one in the default language, else any; of
    several of the first kind found, the smallest text in code-point order, so the choice does
    not depend on the order of the narratives (``"Color"`` of ``en`` before ``"Colour"`` of
    ``en-GB``). Titles and organisation names are chosen so. IATI 1.0x text directly inside
    the element is used when there is no narrative.

Copies of an activity
    An activity given more than once (overlapping downloads: a registry file and a d-portal
    export), in one file or several, is imported once (``duplicate-activity``; ids compared
    caseless, ``case-variant``): the copy whose ``@last-updated-datetime`` is latest, else the
    one whose canonical XML text comes first in code-point order, and of identical copies the
    one of the file generated latest (when the activity gives no ``@last-updated-datetime``),
    then of a file that writes decimal commas (the cautious reading), then of the file whose
    path comes first, so the choice does not depend on the order of the files. Copies are
    compared as the import reads them: two copies equal up to XML whitespace (indentation,
    line breaks in a text: the import strips identifiers and collapses narratives), to the
    order of attributes and of elements of different names, and to the order of siblings the
    import reads whatever their order (narratives, and an activity's ``participating-org``,
    ``activity-date`` and ``transaction`` elements, up to six levels below the activity) are
    the same copy, whose file decides. The order of results and indicators (which gives the
    indicators' ids), of recipient countries, of periods, and of elements of which only the
    first is read makes copies differ, and their texts decide between them. Of a copy
    skipped, only the issue that says so is reported (not its elements the model has no place
    for, nor what its version or id would say), so a file given twice reports its issues once.
"""

from __future__ import annotations

import bisect
import codecs
import collections
import datetime as dt
import decimal
import enum
import math
import os
import re
import unicodedata
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers import expat

import attrs

from .._text import plural
from ..errors import FormatError, FormatProblem, ProblemCode, shown
from ..model import (
    Activity,
    DatedValue,
    Indicator,
    Initiative,
    Observation,
    Partner,
    Tie,
    TieKind,
)
from ..model._fields import IDENT, MEASURED, Spec, Text, parse_date
from ..model.indicator import Direction, Level, Quadrant
from ..model.initiative import id_form
from ..model.labels import normalize_label
from ..model.partner import Role, Sector
from ._files import check_limits, expect_paths, input_path
from ._sheets import comma_group, decimal_comma, foreign_digit, point_group, underflows
from ._tables import format_number
from .native import DEFAULT_MAX_BYTES, read_bytes

__all__ = [
    "DEFAULT_MAX_ELEMENTS",
    "MAX_ELEMENTS_ADVICE",
    "MEASURE_UNIT",
    "ORGANISATION_ROLE",
    "ORGANISATION_TYPE_SECTOR",
    "RESULT_TYPE_LEVEL",
    "ImportIssue",
    "ImportIssueCode",
    "ImportReport",
    "from_iati",
    "parse_value",
]

#: OrganisationType code → sector. Government and other public bodies are ``government``;
#: multilaterals (UN agencies, development banks) are owned by governments, so ``government``
#: too; NGOs of any reach are ``nonprofit``; foundations ``philanthropy``; private firms
#: ``business``; academic, training and research bodies ``academic``. A public-private
#: partnership belongs to no single sector: ``other``, as is code 90 "Other".
ORGANISATION_TYPE_SECTOR: dict[str, Sector] = {
    "10": Sector.GOVERNMENT,  # Government
    "11": Sector.GOVERNMENT,  # Local Government
    "15": Sector.GOVERNMENT,  # Other Public Sector
    "21": Sector.NONPROFIT,  # International NGO
    "22": Sector.NONPROFIT,  # National NGO
    "23": Sector.NONPROFIT,  # Regional NGO
    "24": Sector.NONPROFIT,  # Partner Country based NGO
    "30": Sector.OTHER,  # Public Private Partnership
    "40": Sector.GOVERNMENT,  # Multilateral
    "60": Sector.PHILANTHROPY,  # Foundation
    "70": Sector.BUSINESS,  # Private Sector
    "71": Sector.BUSINESS,  # Private Sector in Provider Country
    "72": Sector.BUSINESS,  # Private Sector in Aid Recipient Country
    "73": Sector.BUSINESS,  # Private Sector in Third Country
    "80": Sector.ACADEMIC,  # Academic, Training and Research
    "90": Sector.OTHER,  # Other
}

#: OrganisationRole code → role. Funding (1) → ``funder``. Accountable (2, "responsible for
#: oversight of the activity and its outcomes") → ``steering-committee``, the role that oversees
#: in a collective impact structure. Extending (3, "manages the budget ... on behalf of the
#: funding organisation") channels money, so ``funder``. Implementing (4, "physically carries
#: out the activity") → ``service-provider``.
ORGANISATION_ROLE: dict[str, Role] = {
    "1": Role.FUNDER,
    "2": Role.STEERING_COMMITTEE,
    "3": Role.FUNDER,
    "4": Role.SERVICE_PROVIDER,
}

#: IATI 1.0x OrganisationRole codes, which were words (compared caseless) → the codes of 2.0x.
_ROLE_WORDS = MappingProxyType(
    {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}
)

#: Rank of each OrganisationRole code in an activity's partner list: implementing first (the
#: lead), then extending, accountable, funding; organisations without a known role come last.
_ROLE_RANK = {"4": 0, "3": 1, "2": 2, "1": 3}

#: IndicatorMeasure code → unit. Unit (1) is a count with no named unit: ``None``. Nominal (3),
#: ordinal (4) and qualitative (5) values are codes, ranks or words rather than magnitudes:
#: their indicators keep the unit name, with a warning; ordinal values are imported (trends on
#: them mean little), nominal and qualitative ones are not (see :data:`_NOT_QUANTITIES`).
MEASURE_UNIT: dict[str, str | None] = {
    "1": None,
    "2": "percent",
    "3": "nominal",
    "4": "ordinal",
    "5": "qualitative",
}

#: IndicatorMeasure codes whose values are not quantities, with what they are instead: their
#: indicators are imported without values (IATI 2.03 says to omit ``@value`` for qualitative
#: measures, and a nominal code has no order, so neither can be judged against a target).
_NOT_QUANTITIES = MappingProxyType(
    {
        "3": "its values are codes of categories, with no order",
        "5": "its values are words (IATI asks for no @value)",
    }
)

#: ResultType code → (level, quadrant). Outputs (1) are *how much* a programme did, outcomes (2)
#: whether anyone is *better off*: both are programme performance measures. Impact (3) is a
#: change in the condition of a population: a population indicator. Other (9): performance,
#: no quadrant. Without a result ``@type``: performance, no quadrant.
RESULT_TYPE_LEVEL: dict[str, tuple[Level, Quadrant | None]] = {
    "1": (Level.PERFORMANCE, Quadrant.HOW_MUCH),
    "2": (Level.PERFORMANCE, Quadrant.BETTER_OFF),
    "3": (Level.POPULATION, None),
    "9": (Level.PERFORMANCE, None),
}

#: IATI 1.0x ResultType codes, which were words (compared caseless) → the codes of 2.0x.
_RESULT_TYPE_WORDS = MappingProxyType({"output": "1", "outcome": "2", "impact": "3", "other": "9"})

#: Files with more XML elements than this (a million) are refused unless ``max_elements`` says
#: otherwise: reading holds the whole tree in memory, about 500 bytes an element of a real IATI
#: file (measured with tracemalloc on d-portal exports: some 70 bytes of text an element, so a
#: file of 32 MB, the default size limit, holds some 480,000 elements and takes some 250 MB),
#: 90 bytes an empty element and 400 one with two short attributes (the attributes' dictionary
#: is most of it): a million elements take 100 to 500 MB, beside their text. Reading takes a
#: few microseconds an element.
DEFAULT_MAX_ELEMENTS = 1_000_000

#: What the message refusing a file for its elements ends with; the command line says its own
#: option instead.
MAX_ELEMENTS_ADVICE = "pass max_elements= to read it anyway"

#: ``xml:lang`` as the parser names it (``"<uri>}<name>"``, see :func:`_parse_xml`).
_XML_LANG = "http://www.w3.org/XML/1998/namespace}lang"


# --------------------------------------------------------------------------- report


class ImportIssueCode(enum.StrEnum):
    """Why an :class:`ImportIssue` was reported: a stable code for programs.

    A ``StrEnum``, so a code compares equal to its value
    (``ImportIssueCode.NO_REF == "no-ref"``), as the plain strings of earlier versions did.

    ============================  ==============================================================
    code                          what the import met
    ============================  ==============================================================
    ``non-numeric-value``         a value that is not a number: kept as raw text, not imported
    ``parsed-value``              a decorated number (``"£3,500,000"``, ``"60%"``) read as one
    ``ambiguous-value``           a number read thanks to one thousands separator alone
                                  (``"1,350"``, ``"£1,350"``), or with a point before exactly
                                  three digits (``"1.350"``), in a file that writes a decimal
                                  comma (``"1,2"``) in some value or percentage: 1.35 or 1350?
                                  and on a percentage indicator (measure 2) a value whose
                                  remark is another percentage than its number, cut or
                                  rounded to the nearest (``"2015:1584728 (158%)"``,
                                  ``"0.01 (1%)"``, not ``"33.3 (33%)"``); kept as raw text,
                                  not imported
    ``mixed-units``               an indicator whose values are written with different currency
                                  signs or codes, or ``%`` beside a currency
                                  (``"USD 100,000"``, ``"EUR 95,000"``), or with ``%`` beside
                                  bare numbers of at most 1 (``"60%"``, ``"0.55"``: percent
                                  beside what may be fractions): read as bare numbers
    ``no-value``                  a target or actual without ``@value``
    ``empty-period``              a period with neither target nor actual
    ``overlapping-period``        an actual of a period overlapping another of the same group:
                                  one ending on the same day as a longer one is not imported
                                  (the longest is), others are kept
    ``repeated-actual``           actuals repeating the value of another of their period and
                                  group: imported once; one issue for them, at the first
                                  repeat, counting them and naming where the other repeats are
    ``conflicting-actuals``       actuals of one period and group with different values: none
                                  imported (which holds cannot be told); one issue for them,
                                  at the first, counting them and naming the values and where
                                  the others are
    ``no-period-end``             a period without a valid end, dated at its start
    ``undated-period``            a value of a period without a valid date: not imported
    ``extra-target``              a target of another period than the latest: not imported
    ``target-dimensions``         a target describing a group (the model's target has none)
    ``extra-baseline``            a further baseline: not imported
    ``baseline-dimensions``       a baseline describing a group (the model's baseline has none)
    ``empty-dimension``           a ``dimension`` without ``@name`` and ``@value``, or a
                                  ``location`` without ``@ref``: it names no group and is left
                                  out of the value's group; a ``dimension`` with only one of
                                  them: its group is incomplete, the value not imported
    ``baseline-date``             a baseline ``@iso-date`` contradicting its ``@year``
    ``undated-baseline``          a baseline with no valid ``@year`` or ``@iso-date``
    ``no-measure``                an empty or missing ``@measure``: read as a count
    ``unknown-measure``           an ``@measure`` that is not an IndicatorMeasure code
    ``non-quantitative-measure``  a nominal (3) or qualitative (5) measure: its values are not
                                  quantities, so none is imported (the indicator is not
                                  judged); an ordinal one (4): imported, worth checking
    ``actuals-as-levels``         several actual periods within the period of a target
                                  (quarterly actuals, a yearly target): each value is taken as
                                  a level, not an amount to sum; one per indicator
    ``actual-after-update``       an actual of a period ending after the activity was last
                                  updated (``@last-updated-datetime``, else the file's
                                  ``@generated-datetime``): at most the progress up to that
                                  update, so dated at it when the period had begun by then,
                                  not imported when it had not
    ``descending-count``          ``ascending="0"`` (or ``"false"``) on a count: kept, worth
                                  checking (the message quotes the attribute as written)
    ``bad-ascending``             an ``@ascending`` that is not 0/1: ignored
    ``target-equals-baseline``    a target equal to the baseline: left out
    ``target-before-baseline``    a target dated on or before the baseline: left out
    ``direction-from-target``     no usable ``@ascending``: direction read from the target
    ``direction-assumed``         no usable ``@ascending`` and a target without a baseline:
                                  ``increase`` assumed (IATI's default), which decides the
                                  indicator's status
    ``target-against-ascending``  a target contradicting ``@ascending``: left out
    ``no-ref``                    an organisation without ``@ref``, identified by its name
    ``no-org-type``               an organisation with no known ``@type`` anywhere: ``other``
    ``unknown-org-type``          an ``@type`` that is not an OrganisationType code
    ``conflicting-org-type``      an ``@type`` giving an organisation another sector than its
                                  other occurrences: the sector given most often (then the
                                  first in the model's order) is kept
    ``unknown-role``              a participating-org without a known ``@role``
    ``chosen-lead``               an activity with several organisations of its best role
                                  (several implementing organisations): its lead partner is
                                  its ``reporting-org`` when that is one of them, else the one
                                  whose case-folded id comes first in code-point order,
                                  whatever the order of the elements and however other
                                  activities spell the ids; the issue names the candidates
    ``unknown-result-type``       a ``result`` whose ``@type`` is neither a ResultType code
                                  (1, 2, 3, 9) nor an IATI 1.0x word (``impact``...): its
                                  indicators are read as performance indicators without a
                                  quadrant (once per result)
    ``conflicting-name``          an organisation (one ``@ref``) named otherwise elsewhere (not
                                  only in case, punctuation or spacing): the name given most
                                  often, then the first in alphabetical order, is used; this
                                  one is not
    ``no-name``                   an organisation never given a name: named by its id
    ``unidentified-org``          an organisation with neither ``@ref`` nor name: skipped
    ``no-participating-org``      an activity without participating-org: its reporting-org used
    ``no-partner``                an activity naming no organisation: not imported
    ``no-identifier``             an activity without ``iati-identifier``: given an id
    ``identifier-whitespace``     whitespace around an ``iati-identifier``: removed
    ``duplicate-activity``        another copy of an activity (in any file): the copy with
                                  the latest ``@last-updated-datetime`` is kept, else the one
                                  whose canonical XML text comes first in code-point order,
                                  and of identical copies (equal up to XML whitespace, the
                                  order of attributes and the order of elements the import
                                  reads whatever their order: *Copies of an activity* above)
                                  the one of the file generated latest (when the activity
                                  gives no ``@last-updated-datetime``), then of a file that
                                  writes decimal commas, then of the file whose path comes
                                  first; this copy skipped, the kept one named
    ``unmatched-reporter``        a ``reporting-org/@ref`` that is none of the activity's
                                  participating organisations: its actuals have no reporter
    ``case-variant``              an ``@ref`` or ``iati-identifier`` differing from one met
                                  before only in case or Unicode form (``GB-1``, ``gb-1``),
                                  which the model tells apart caseless: the organisations are
                                  one, spelt as given most often (then first in code-point
                                  order); of the activities one is kept, as of copies
    ``duplicate-country``         a ``recipient-country/@code`` repeating another of the
                                  activity but in case or Unicode form (``KE``, ``ke``): merged
                                  with the first
    ``percentage-sum``            an activity's ``recipient-country`` and ``recipient-region``
                                  ``@percentage`` values not summing to 100 (not imported: the
                                  model's places have no share)
    ``no-title``                  an activity or indicator without a title
    ``bad-date``                  an ``activity-date``, ``period-start`` or ``period-end``
                                  ``@iso-date`` that is not an ``xsd:date`` (``2020-12-3100``):
                                  ignored
    ``end-before-start``          an activity ending before its start: the end left out; a
                                  period ending before its start: its values dated at the end
                                  as written
    ``repeated-date``             several ``activity-date`` of one ``@type`` with different dates:
                                  the earliest start, the latest end is used
    ``unknown-date-type``         an ``activity-date`` ``@type`` that is neither an
                                  ActivityDateType code (1-4) nor an IATI 1.0x word
                                  (``start-actual``...): the date is ignored
    ``cancelled-activity``        an activity cancelled (``activity-status`` 5): not imported,
                                  nor its results
    ``suspended-activity``        an activity suspended (``activity-status`` 6): not imported,
                                  nor its results (no date says since when it has stopped)
    ``planned-activity``          an activity in pipeline/identification (``activity-status``
                                  1): imported, its planned dates taken as when it runs (but
                                  ``start-against-status``, ``end-against-status``)
    ``unknown-status``            an ``activity-status`` ``@code`` that is no ActivityStatus
                                  code: the activity imported as if running
    ``no-end-date``               an activity in finalisation (``activity-status`` 3) or
                                  closed (4) without a usable end date (neither activity-date
                                  type 4 nor 3): imported as running on every date after its
                                  start; not ended at its last-updated date (a guess)
    ``end-against-status``        an activity whose end is its planned end (activity-date
                                  type 3, no type 4) contradicting its ``activity-status`` as of
                                  its last update: in pipeline or implementation (1, 2) with
                                  the planned end before the activity's
                                  ``@last-updated-datetime`` (the end left open) or before
                                  only the file's ``@generated-datetime`` (a possible
                                  conflict: the end kept), or in finalisation or closed (3, 4)
                                  with it after (kept); in pipeline (1), a planned end on the
                                  day of the update has passed too (but for results achieved
                                  by then: ``start-against-status``)
    ``start-against-status``      an activity in pipeline/identification (``activity-status``
                                  1, so not begun as of its last update) without actual dates
                                  (type 2 or 4) whose planned start (type 1) is on or before
                                  its own ``@last-updated-datetime``, or that gives no start:
                                  counted as running from the day after that update (the
                                  status taken to hold for the whole day), unless its results
                                  report an actual (not 0, nor a baseline) of a period begun
                                  on or before the update (the planned start kept, status and
                                  results disagreeing); a
                                  planned start on or before only the file's
                                  ``@generated-datetime``: kept (a possible conflict)
    ``no-funding-flow``           transactions whose type is no flow of funds from a provider
                                  to a receiver (expenditure, loan repayment, pledge...): no
                                  tie; one issue per file, counting each type
    ``unknown-transaction-type``  transactions without a TransactionType code (1-13, or an
                                  IATI 1.0x letter): no tie; one issue per file, counting each
    ``missing-funding-party``     transactions of funds whose provider or receiver is neither
                                  given nor assumed (the reporting-org is assumed only as the
                                  receiver of incoming and the provider of outgoing funds): no
                                  tie; one issue per file and side, counting each reason
    ``unmatched-funding-party``   transactions of funds whose provider or receiver is no
                                  partner of the import: no tie; one issue per file and side,
                                  naming the organisations (and the partner whose ``@ref``
                                  differs only in punctuation or spacing, never merged)
    ``self-funding``              transactions from an organisation to itself: no tie; one
                                  issue per file
    ``no-version``                no ``@version`` on the file or activity: read as 2.0x
    ``unsupported-version``       a version other than 2.0x: read as 2.0x as far as possible
    ``invalid-text``              an id, name, country code or group holding characters the model
                                  refuses (control characters; line breaks in a name; bidi
                                  controls in an id): the text is not used (see the message)
    ``out-of-range-value``        a number beyond the floating-point range (``1e400``, thousands
                                  of digits) or the model's (magnitude above 1e15, or below
                                  1e-15 but not 0): kept as raw text, not imported
    ``not-represented``           elements of an activity the model has no place for
                                  (``budget``, ``sector``, ``recipient-region``,
                                  ``location``, ``description``...), the attributes not
                                  read of the activity and of the elements read
                                  (``iati-activity/@default-currency``,
                                  ``indicator/@aggregation-status``, ``transaction/@ref``,
                                  ``recipient-country/@percentage``...), the children of a
                                  result the import does not read
                                  (``indicator/description``...), a result without an
                                  indicator, and the parts of a transaction other than its
                                  type, provider and receiver (``transaction/value``,
                                  ``transaction/transaction-date``...): one issue per file
                                  naming each kind with its number, at the first one's
                                  location; not imported. And elements of another namespace
                                  than the root element's (extensions of the standard,
                                  anywhere in the file): one issue per file and name, with
                                  its number, at the first
    ============================  ==============================================================

    Examples
    --------
    >>> ImportIssueCode("no-ref") is ImportIssueCode.NO_REF
    True
    """

    NON_NUMERIC_VALUE = "non-numeric-value"
    PARSED_VALUE = "parsed-value"
    MIXED_UNITS = "mixed-units"
    NO_VALUE = "no-value"
    EMPTY_PERIOD = "empty-period"
    OVERLAPPING_PERIOD = "overlapping-period"
    REPEATED_ACTUAL = "repeated-actual"
    CONFLICTING_ACTUALS = "conflicting-actuals"
    NO_PERIOD_END = "no-period-end"
    UNDATED_PERIOD = "undated-period"
    EXTRA_TARGET = "extra-target"
    TARGET_DIMENSIONS = "target-dimensions"
    EXTRA_BASELINE = "extra-baseline"
    BASELINE_DIMENSIONS = "baseline-dimensions"
    BASELINE_DATE = "baseline-date"
    UNDATED_BASELINE = "undated-baseline"
    NO_MEASURE = "no-measure"
    UNKNOWN_MEASURE = "unknown-measure"
    NON_QUANTITATIVE_MEASURE = "non-quantitative-measure"
    DESCENDING_COUNT = "descending-count"
    BAD_ASCENDING = "bad-ascending"
    TARGET_EQUALS_BASELINE = "target-equals-baseline"
    TARGET_BEFORE_BASELINE = "target-before-baseline"
    DIRECTION_FROM_TARGET = "direction-from-target"
    DIRECTION_ASSUMED = "direction-assumed"
    TARGET_AGAINST_ASCENDING = "target-against-ascending"
    NO_REF = "no-ref"
    NO_ORG_TYPE = "no-org-type"
    UNKNOWN_ORG_TYPE = "unknown-org-type"
    CONFLICTING_ORG_TYPE = "conflicting-org-type"
    CONFLICTING_NAME = "conflicting-name"
    DUPLICATE_COUNTRY = "duplicate-country"
    PERCENTAGE_SUM = "percentage-sum"
    UNKNOWN_ROLE = "unknown-role"
    UNKNOWN_RESULT_TYPE = "unknown-result-type"
    NO_NAME = "no-name"
    UNIDENTIFIED_ORG = "unidentified-org"
    NO_PARTICIPATING_ORG = "no-participating-org"
    NO_PARTNER = "no-partner"
    NO_IDENTIFIER = "no-identifier"
    IDENTIFIER_WHITESPACE = "identifier-whitespace"
    DUPLICATE_ACTIVITY = "duplicate-activity"
    UNMATCHED_REPORTER = "unmatched-reporter"
    CASE_VARIANT = "case-variant"
    NO_TITLE = "no-title"
    BAD_DATE = "bad-date"
    END_BEFORE_START = "end-before-start"
    REPEATED_DATE = "repeated-date"
    NO_VERSION = "no-version"
    UNSUPPORTED_VERSION = "unsupported-version"
    INVALID_TEXT = "invalid-text"
    OUT_OF_RANGE_VALUE = "out-of-range-value"
    NOT_REPRESENTED = "not-represented"
    UNKNOWN_DATE_TYPE = "unknown-date-type"
    CANCELLED_ACTIVITY = "cancelled-activity"
    SUSPENDED_ACTIVITY = "suspended-activity"
    PLANNED_ACTIVITY = "planned-activity"
    UNKNOWN_STATUS = "unknown-status"
    NO_FUNDING_FLOW = "no-funding-flow"
    UNKNOWN_TRANSACTION_TYPE = "unknown-transaction-type"
    MISSING_FUNDING_PARTY = "missing-funding-party"
    UNMATCHED_FUNDING_PARTY = "unmatched-funding-party"
    SELF_FUNDING = "self-funding"
    ACTUALS_AS_LEVELS = "actuals-as-levels"
    ACTUAL_AFTER_UPDATE = "actual-after-update"
    AMBIGUOUS_VALUE = "ambiguous-value"
    NO_END_DATE = "no-end-date"
    END_AGAINST_STATUS = "end-against-status"
    START_AGAINST_STATUS = "start-against-status"
    CHOSEN_LEAD = "chosen-lead"
    EMPTY_DIMENSION = "empty-dimension"


@attrs.frozen(kw_only=True)
class ImportIssue:
    """One thing an import had to interpret, guess, or could not represent in the model.

    Parameters
    ----------
    code
        Why the issue was reported: an :class:`ImportIssueCode` (or its value, such as
        ``"non-numeric-value"``).
    message
        One sentence for people.
    source
        The file.
    path
        XPath-like location inside the file, relative to the root element, such as
        ``iati-activity[1]/result[2]/indicator[3]/period[1]/actual[1]/@value``.
    line
        1-based line of the element in the file, when known.
    raw
        The original text concerned (an attribute value, a narrative), if any.

    Examples
    --------
    >>> issue = ImportIssue(code="non-numeric-value", message="not a number", source="a.xml",
    ...                     path="iati-activity[1]/@x", line=3, raw="n/a")
    >>> issue.location
    'a.xml:3: iati-activity[1]/@x'
    """

    code: ImportIssueCode = attrs.field(converter=ImportIssueCode)
    message: str
    source: str
    path: str
    line: int | None = None
    raw: str | None = None

    @property
    def location(self) -> str:
        """The file, line (when known) and path: ``"file.xml:12: iati-activity[1]/title[1]"``."""
        line = f":{self.line}" if self.line is not None else ""
        return f"{self.source}{line}: {self.path}"

    def __str__(self) -> str:
        raw = f" [raw: {shown(self.raw, 200)}]" if self.raw is not None else ""
        return f"{self.location}: {self.message}{raw}"

    def to_dict(self) -> dict[str, Any]:
        """Return the issue as a plain dictionary (JSON-ready).

        Returns
        -------
        dict of str to object
            ``code`` (its string value), ``message``, ``source``, ``path``, ``line`` and ``raw``
            (``None`` when unknown), and the rendered ``location``.

        Examples
        --------
        >>> issue = ImportIssue(code="non-numeric-value", message="not a number", source="a.xml",
        ...                     path="iati-activity[1]/@x", line=3, raw="n/a")
        >>> issue.to_dict()
        {'code': 'non-numeric-value', 'message': 'not a number', 'source': 'a.xml',
         'path': 'iati-activity[1]/@x', 'line': 3, 'raw': 'n/a',
         'location': 'a.xml:3: iati-activity[1]/@x'}
        """
        return {
            "code": self.code.value,
            "message": self.message,
            "source": self.source,
            "path": self.path,
            "line": self.line,
            "raw": self.raw,
            "location": self.location,
        }


@attrs.frozen(kw_only=True)
class ImportReport:
    """What an import read, and every issue it met.

    Attributes
    ----------
    sources : tuple of str
        The files read, in order.
    warnings : tuple of ImportIssue
        Every issue, in the order met (file by file, in document order), then those known once
        every file has been read (the leads chosen, in the order of the activities; the
        organisations' names and sectors), then the issues of the transactions, file by file:
        those are read once every file has been, since an organisation may become a partner in
        a later file.
    partners, activities, indicators, observations, ties : int
        How many of each the imported initiative holds (``ties``: the funding ties its
        transactions give; 0 when not given).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> xml = '''<iati-activities version="2.03"><iati-activity>
    ...   <iati-identifier>XM-1 A</iati-identifier>
    ...   <title><narrative>Clinics</narrative></title>
    ...   <participating-org ref="XM-1" role="4" type="22"><narrative>NGO</narrative>
    ...   </participating-org>
    ...   <result type="1"><indicator measure="1" ascending="1">
    ...     <title><narrative>Visits</narrative></title>
    ...     <period><period-end iso-date="2019-12-31"/><actual value="8"/></period>
    ...     <period><period-end iso-date="2020-12-31"/><target value="10"/>
    ...       <actual value="Not available"/></period></indicator></result>
    ... </iati-activity></iati-activities>'''
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d, "a.xml")
    ...     _ = p.write_text(xml)
    ...     init, report = from_iati(p, name="Example")
    >>> report.partners, report.activities, report.indicators, report.observations, report.ties
    (1, 1, 1, 1, 0)

    The second actual is not a number: it is reported, not imported:

    >>> [(w.code.value, w.raw) for w in report.warnings]
    [('non-numeric-value', 'Not available')]
    """

    sources: tuple[str, ...]
    warnings: tuple[ImportIssue, ...]
    partners: int
    activities: int
    indicators: int
    observations: int
    ties: int = 0

    def codes(self) -> dict[ImportIssueCode, int]:
        """Return how many warnings there are of each code, sorted by code.

        Returns
        -------
        dict of ImportIssueCode to int
            ``{code: number of warnings}`` for the codes that occur, in alphabetical order of
            their values; empty without warnings.

        Examples
        --------
        >>> def issue(code, n):
        ...     return ImportIssue(code=code, message="m", source="a.xml",
        ...                        path=f"iati-activity[{n}]")
        >>> report = ImportReport(
        ...     sources=("a.xml",),
        ...     warnings=(issue("no-title", 1), issue("bad-date", 2), issue("no-title", 3)),
        ...     partners=1, activities=3, indicators=0, observations=0,
        ... )
        >>> {code.value: n for code, n in report.codes().items()}
        {'bad-date': 1, 'no-title': 2}
        """
        out: dict[ImportIssueCode, int] = {}
        for w in self.warnings:
            out[w.code] = out.get(w.code, 0) + 1
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        """Return the report as a plain dictionary (JSON-ready).

        Returns
        -------
        dict of str to object
            ``sources`` (a list of file names), the counts ``partners``, ``activities``,
            ``indicators``, ``observations`` and ``ties``, and ``warnings``, a list of
            :meth:`ImportIssue.to_dict` dictionaries.

        Examples
        --------
        >>> report = ImportReport(
        ...     sources=("a.xml",),
        ...     warnings=(ImportIssue(code="no-title", message="no title", source="a.xml",
        ...                           path="iati-activity[1]"),),
        ...     partners=2, activities=1, indicators=0, observations=0,
        ... )
        >>> data = report.to_dict()
        >>> data["sources"], data["partners"], data["activities"]
        (['a.xml'], 2, 1)
        >>> data["warnings"][0]["code"], data["warnings"][0]["location"]
        ('no-title', 'a.xml: iati-activity[1]')
        """
        return {
            "sources": list(self.sources),
            "partners": self.partners,
            "activities": self.activities,
            "indicators": self.indicators,
            "observations": self.observations,
            "ties": self.ties,
            "warnings": [w.to_dict() for w in self.warnings],
        }


# --------------------------------------------------------------------------- values

# digits are 0 to 9, as in every reader (:func:`~._sheets.parse_number`): \d alone takes any
# Unicode digit, and '\u0665e-400' (an Arabic-Indic five) read as 0
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DECORATED = re.compile(
    r"""
    (?:(?P<year>[0-9]{4})\s*:\s*)?                 # "2015:" prefix
    (?P<cur>[£$€¥]|[A-Z]{3}(?=[\s0-9]))?\s*        # currency sign or ISO code
    (?P<num>[+-]?(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)  # not "0,750"
    \s*(?P<pct>%)?\s*
    (?P<rest>\(.*\))?                              # a parenthesised remark
    """,
    re.VERBOSE,
)


def _unit_mark(raw: str) -> str | None:
    """Return the currency sign or code, or ``"%"``, that decorates a value, if any.

    >>> _unit_mark("USD 100,000"), _unit_mark("60%"), _unit_mark("£3,500,000"), _unit_mark("12")
    ('USD', '%', '£', None)
    """
    m = _DECORATED.fullmatch(raw.strip())
    if m is None:
        return None
    return m["cur"] or ("%" if m["pct"] else None)


def parse_value(raw: str) -> tuple[float | None, str | None]:
    """Read an IATI ``@value`` as a number.

    Parameters
    ----------
    raw
        The attribute's text.

    Returns
    -------
    value : float or None
        The number, or ``None`` when the text holds none that can be read safely.
    note : str or None
        ``None`` for a plain number; otherwise how the text was read (or why it was not), for
        the import report.

    Notes
    -----
    A plain decimal number (``"12"``, ``"-3.5"``, ``"1e3"``) is read as is. Otherwise one number
    is read when the text is that number with, at most: a ``"YYYY:"`` prefix (the number after
    the colon is taken; the year is not used), a currency sign (``£ $ € ¥``) or three-letter
    code, thousands separators (``,`` between groups of three digits, the first not starting
    with 0: ``"0,750"`` is a decimal comma, refused), a ``%`` sign (``"60%"``
    is 60, the unit being a percent already) and a trailing parenthesised remark. Anything
    else — words, ranges, decimal commas, several numbers, ``nan``, ``inf`` — gives ``None``, and
    so do digits other than ``0`` to ``9`` (an Arabic-Indic ``"\u0665"``), and so does a number
    beyond the floating-point range (``"1e400"``, 5,000 digits): no infinity is
    ever returned; nor is 0 for a number that is not 0 but too close to it for a float
    (``"1e-400"``), as every reader of the library refuses it
    (:func:`collective_impact.io._sheets.underflows`). A value alone does not show its locale
    nor its indicator: :func:`from_iati` refuses ``"1,350"`` in a file that writes a decimal
    comma elsewhere, and ``"2015:1584728 (158%)"`` on a percentage indicator
    (``ambiguous-value``), which this function, given one value, cannot see.

    Examples
    --------
    >>> parse_value("124")
    (124.0, None)
    >>> parse_value("£3,500,000")
    (3500000.0, "read '£3,500,000' as 3500000 (currency sign dropped, thousands separators)")
    >>> parse_value("2015:1584728 (158%)")[0]
    1584728.0
    >>> parse_value("Not available")
    (None, "'Not available' is not a number")
    >>> value, note = parse_value("0,750")
    >>> value, note[:26], note.endswith("written with a decimal point: 0.750)")
    (None, "'0,750' is not a number (a", True)
    >>> parse_value("1e400")[0] is None, parse_value("1e-400")[0] is None, parse_value("0e-400")
    (True, True, (0.0, None))
    """
    value, note, _ = _parse_value(raw)
    return value, note


#: The end of the note of a value beyond the floating-point range, which ``parse_value`` refuses.
_NOT_FINITE = "beyond the largest floating-point number (about 1.8e308): not a finite number"

#: The end of the note of a nonzero value that would read as 0, which ``parse_value`` refuses.
_UNDERFLOWS = (
    "too close to 0 for a floating-point number (the least is about 4.9e-324): it would read as 0"
)


#: A number written with a decimal comma, which :func:`parse_value` refuses (``1,2``, ``0,750``).
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]+", re.ASCII)


def _parse_value(raw: str) -> tuple[float | None, str | None, bool]:
    """:func:`parse_value`, and whether a refused value is a number out of the float range."""
    text = raw.strip()
    if _NUMBER.fullmatch(text):
        number = text
        value, note = float(text), None
    else:
        m = _DECORATED.fullmatch(text)
        if m is None:
            foreign = foreign_digit(text)
            why = "" if foreign is None else f" (it holds a digit other than 0 to 9: {foreign})"
            if _DECIMAL_COMMA.fullmatch(text):
                # said only "is not a number": the analyst must see it is a decimal comma
                why = (
                    f" (a decimal comma? IATI values are written with a decimal point: "
                    f"{text.replace(',', '.')})"
                )
            return None, f"{shown(raw)} is not a number{why}", False
        number = m["num"]
        value = float(number.replace(",", ""))
        how = []
        if m["year"]:
            how.append(f"the number after '{m['year']}:'")
        if m["cur"]:
            how.append("currency sign dropped" if len(m["cur"]) == 1 else "currency code dropped")
        if "," in m["num"]:
            how.append("thousands separators")
        if m["pct"]:
            how.append("percent sign dropped")
        if m["rest"]:
            how.append(f"remark {shown(m['rest'])} ignored")
        note = f"read {shown(raw)} as {value:.15g} ({', '.join(how)})"
    if not math.isfinite(value):  # "1e400", or thousands of digits: float() gives infinity
        return None, f"{shown(raw)} is {_NOT_FINITE}", True
    if underflows(number, value):  # "1e-400": not 0 as written, 0 as a float
        return None, f"{shown(raw)} is {_UNDERFLOWS}", True
    return value, note, False


#: A number written with a decimal comma, decorated as :data:`_DECORATED` allows (``"1,2"``,
#: ``"0,750"``, ``"12,5 %"``), in the forms of a decimal-comma locale (``"1.234,5"``,
#: ``"1 234,5"``, ``"−1,2"``, as :func:`~._sheets.decimal_comma` counts them: only plain
#: ``"1,2"`` counted, and ``"1.350"`` beside ``"1.234,5"`` was read as 1.35; a reviewer): the
#: number is ``num``, a decimal comma when it is no grouping of thousands.
_COMMA_DECORATED = re.compile(
    r"(?:[0-9]{4}\s*:\s*)?(?:[£$€¥]|[A-Z]{3}(?=[\s0-9]))?\s*"
    r"(?P<num>[+\-\u2212\u2010-\u2014\ufe62\ufe63\uff0b\uff0d]?"
    r"(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?:[ \u00a0\u202f][0-9]{3})+)"
    r",[0-9]+)"
    r"\s*%?\s*(?:\(.*\))?"
)


#: A parenthesised remark that is a lone percentage (``"(158%)"``, ``"( 12.5 % )"``), written
#: with a decimal point or a decimal comma (``"(60,5%)"``).
_PERCENT_REMARK = re.compile(
    r"\(\s*([+-]?(?:[0-9]+(?:\.[0-9]*|,[0-9]+)?|\.[0-9]+))\s*%\s*\)", re.ASCII
)


def _remark_percentage(raw: str) -> tuple[str, ...] | None:
    """Return the percentage a value's remark is, alone, if the value parses with one.

    The readings of the remark's number, with a decimal point: one, or two for a comma before
    exactly three digits (``"(1,350%)"``: 1.350 with a decimal comma, 1350 with the comma
    grouping thousands; :func:`~._sheets.comma_group`). A remark may write a decimal comma
    (``"0.6 (60,5%)"``) where the value cannot: the value is read before the remark.

    >>> _remark_percentage("2015:1584728 (158%)"), _remark_percentage("60 ( 60.0 % )")
    (('158',), ('60.0',))
    >>> _remark_percentage("0.6 (60,5%)"), _remark_percentage("1.35 (1,350%)")
    (('60.5',), ('1.350', '1350'))
    >>> _remark_percentage("60%"), _remark_percentage("12 (est. 15%)"), _remark_percentage("7")
    (None, None, None)
    """
    m = _DECORATED.fullmatch(raw.strip())
    if m is None or m["rest"] is None:
        return None
    pct = _PERCENT_REMARK.fullmatch(m["rest"])
    if pct is None:
        return None
    readings = comma_group(pct[1])
    return readings if readings is not None else (pct[1].replace(",", "."),)


def _beyond_rounding(value: float, remark: str) -> bool:
    """Return whether ``value`` is not the percentage ``remark`` up to the remark's rounding.

    A remark cuts the number after its last digit, or rounds it to the nearest: ``"12.9 (12%)"``
    and ``"33.33 (33.3%)"`` cut it (``remark <= value < remark + unit``, a unit being one of
    the remark's last digit; ``remark - unit < value <= remark`` for a negative value),
    ``"33.3 (33%)"``, ``"12.5 (13%)"`` and ``"99.5 (100%)"`` round it (``|value - remark| <=
    unit / 2``). Any other number is another quantity, even less than a unit away: rounding up
    is no rule (``"0.01 (1%)"``, ``"0.014 (1%)"``: a fraction beside its percentage, read as
    0.01 % when 1 % was meant; ``"12.1 (13%)"``), and nor is a count beside its share
    (``"2015:1584728 (158%)"``) or a fraction (``"0.6 (60%)"``). Compared in decimal, so
    ``"33.4 (33.3%)"`` is a tenth apart, not a hair less.

    >>> _beyond_rounding(33.3, "33"), _beyond_rounding(12.5, "13"), _beyond_rounding(12.9, "12")
    (False, False, False)
    >>> _beyond_rounding(99.5, "100"), _beyond_rounding(-5.5, "-6"), _beyond_rounding(-5.9, "-5")
    (False, False, False)
    >>> _beyond_rounding(0.01, "1"), _beyond_rounding(0.014, "1"), _beyond_rounding(12.1, "13")
    (True, True, True)
    >>> _beyond_rounding(1584728.0, "158"), _beyond_rounding(61.0, "60")
    (True, True)
    >>> _beyond_rounding(33.4, "33.3"), _beyond_rounding(0.6, "60"), _beyond_rounding(60.0, "60.0")
    (True, True, False)
    """
    written = decimal.Decimal(remark)
    unit = decimal.Decimal(1).scaleb(int(written.as_tuple().exponent))  # finite: no "n", "F"
    number = decimal.Decimal(repr(value))
    if number < 0:  # cut toward 0: "-5.9 (-5%)" as "5.9 (5%)"
        number, written = -number, -written
    cut = written <= number < written + unit
    return not cut and abs(number - written) * 2 > unit


def _writes_decimal_comma(raw: str) -> bool:
    """Return whether a value is a number written with a decimal comma (refused everywhere).

    >>> [_writes_decimal_comma(v) for v in ("1,2", " 0,750 ", "12,5%", "EUR 2,25")]
    [True, True, True, True]
    >>> [_writes_decimal_comma(v) for v in ("1.234,5", "1\u00a0234,5", "\u22121,2", "1.234.567")]
    [True, True, True, False]
    >>> [_writes_decimal_comma(v) for v in ("1,350", "£3,500,000", "1,350.5", "1.2", "n/a")]
    [False, False, False, False, False]
    """
    m = _COMMA_DECORATED.fullmatch(raw.strip())
    return m is not None and decimal_comma(m["num"])


def _two_readings(raw: str) -> tuple[str, str, str] | None:
    """Return a value's number read as a decimal and as a whole number, if it has both readings.

    That is a number :func:`parse_value` reads with one comma, or one point, before exactly
    three digits (``"1,350"``, ``"£1,350"``, ``"1.350"``): 1.350 with a decimal comma (or
    point), 1350 with the comma (or point) grouping thousands (:func:`~._sheets.comma_group`,
    :func:`~._sheets.point_group`); ``None`` for any other (``"3,500,000"`` and ``"1,350.5"``
    group thousands in any locale, ``"0.350"`` and ``"1.35"`` are decimals in any). The third
    item is the separator, ``","`` or ``"."``.

    >>> _two_readings("1,350"), _two_readings("USD 2,500 (est.)"), _two_readings("3,500,000")
    (('1.350', '1350', ','), ('2.500', '2500', ','), None)
    >>> _two_readings("1.350"), _two_readings("0.350"), _two_readings("1.35")
    (('1.350', '1350', '.'), None, None)
    """
    m = _DECORATED.fullmatch(raw.strip())
    if m is None:
        return None
    readings = comma_group(m["num"])
    if readings is not None:
        return *readings, ","
    whole = point_group(m["num"])
    return None if whole is None else (m["num"], whole, ".")


# --------------------------------------------------------------------------- XML helpers


#: The children of an ``iati-activity`` the import reads; the others are reported
#: (``not-represented``), so that nothing in the file is lost silently.
_READ = frozenset(
    {
        "iati-identifier",
        "title",
        "reporting-org",
        "participating-org",
        "activity-date",
        "activity-status",
        "recipient-country",
        "result",
        "transaction",
    }
)

#: ActivityStatus codes of activities not imported: cancelled (5) never ran, and suspended (6)
#: is not running, since a date no element gives (see :meth:`_Reader.read_status`).
_NOT_RUNNING = MappingProxyType({"5": "cancelled", "6": "suspended"})

#: ActivityStatus codes imported as they are: implementation (2), finalisation (3), closed (4);
#: pipeline/identification (1) is imported with a warning (its dates are planned ones).
_RUNNING = frozenset({"1", "2", "3", "4"})

#: ActivityStatus codes of activities that have ended: without an end date they are reported
#: (see :meth:`_Reader.check_ended`).
_ENDED = MappingProxyType({"3": "in finalisation", "4": "closed"})


def _status(act: Element) -> str:
    """Return the ``@code`` of an activity's first ``activity-status``, stripped (``""``: none)."""
    elem = act.find("activity-status")
    return (elem.get("code") or "").strip() if elem is not None else ""


#: TransactionType codes of a flow of funds from a provider to a receiver: each with its name
#: and the side the ``reporting-org`` is assumed to be when the transaction does not give it.
#: The IATI 2.03 activity schema: a ``receiver-org`` "omitted on incoming funds" is "assumed to
#: be the reporting organisation", and "if omitted on outgoing funds the reporting-org is
#: assumed" as ``provider-org``. Incoming: funds (1), commitment (11); outgoing: commitment (2),
#: disbursement (3), reimbursement (7, "a type of disbursement").
_FUNDING_FLOWS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "1": ("Incoming Funds", "receiver"),
        "2": ("Outgoing Commitment", "provider"),
        "3": ("Disbursement", "provider"),
        "7": ("Reimbursement", "provider"),
        "11": ("Incoming Commitment", "receiver"),
    }
)

#: The other TransactionType codes, by name: no flow of funds from one partner to another for
#: its work (goods and services bought, money going back to a lender, equity, a guarantee of a
#: third party's loan, "indicative, non-binding" pledges). They make no tie.
_NOT_FUNDING: Mapping[str, str] = MappingProxyType(
    {
        "4": "Expenditure",
        "5": "Interest Payment",
        "6": "Loan Repayment",
        "8": "Purchase of Equity",
        "9": "Sale of Equity",
        "10": "Credit Guarantee",
        "12": "Outgoing Pledge",
        "13": "Incoming Pledge",
    }
)

#: IATI 1.0x TransactionType letters (1.02: "C - Commitment, D - Disbursement, E -
#: Expenditure, IF - Incoming funds, IR - Interest Repayment, LR - Loan Repayment, and R -
#: Reimbursement") → the 2.0x codes of the same names.
_TRANSACTION_TYPE_LETTERS = MappingProxyType(
    {"IF": "1", "C": "2", "D": "3", "E": "4", "IR": "5", "LR": "6", "R": "7"}
)


def _transaction_type(tx: Element) -> tuple[str, str | None]:
    """Return a transaction's TransactionType code (a 1.0x letter read as its code), and raw.

    The code is ``""`` without a ``transaction-type/@code``.

    >>> from xml.etree.ElementTree import fromstring
    >>> _transaction_type(fromstring('<transaction><transaction-type code=" 3 "/></transaction>'))
    ('3', ' 3 ')
    >>> _transaction_type(fromstring('<transaction><transaction-type code="d"/></transaction>'))
    ('3', 'd')
    >>> _transaction_type(fromstring('<transaction/>'))
    ('', None)
    """
    elem = tx.find("transaction-type")
    raw = elem.get("code") if elem is not None else None
    code = (raw or "").strip()
    return _TRANSACTION_TYPE_LETTERS.get(code.upper(), code), raw


def _squashed(text: str) -> str:
    """Return ``text`` normalised as a name is, without spaces: what punctuation cannot change.

    >>> _squashed("CH-FDJP-CHE-106823242") == _squashed("CH-FDJP-CHE106823242 ")
    True
    """
    return "".join(_normalise_name(text).split())


#: Inside a ``result``, the children of each element the import reads; the others are reported
#: with those of the activity (``not-represented``: ``indicator/description (2)``), as is a
#: result without an indicator (``result without indicator``), whose title is then all there is.
#: A value's ``comment`` is read only when the value has none (the ``no-value`` issue keeps it).
_READ_IN_RESULT: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "result": frozenset({"title", "indicator"}),
        "indicator": frozenset({"title", "baseline", "period"}),
        "period": frozenset({"period-start", "period-end", "target", "actual"}),
        "baseline": frozenset({"dimension", "location"}),
        "target": frozenset({"dimension", "location"}),
        "actual": frozenset({"dimension", "location"}),
    }
)


def _named_children(elem: Element, path: str) -> Iterator[tuple[str, str, Element]]:
    """Yield ``(name, path, child)`` for each child element, its path numbered by name.

    Comments and processing instructions are passed over; ``path`` is ``elem``'s.
    """
    seen: dict[str, int] = {}
    for child in elem:
        name = child.tag if isinstance(child.tag, str) else ""
        if not name:
            continue  # a comment or processing instruction
        seen[name] = seen.get(name, 0) + 1
        yield name, f"{path}/{name}[{seen[name]}]" if path else f"{name}[{seen[name]}]", child


def _is_extension(name: str) -> bool:
    """Whether a tag names an element of another namespace than the root's (:func:`_parse_xml`).

    >>> _is_extension("title"), _is_extension("{http://example.org/acme}title")
    (False, True)
    """
    return name.startswith("{")


def _extensions(
    root: Element, skipped: Container[Element] = ()
) -> Iterator[tuple[str, str, Element]]:
    """Yield ``(name, path, element)`` for each extension element, in document order.

    An extension element is one of another namespace than the root's (:func:`_is_extension`);
    what it holds is its own, so the elements inside it are not yielded, nor those inside an
    element of ``skipped`` (activities skipped as copies).
    """
    stack: list[tuple[Element, str]] = [(root, "")]
    while stack:  # depth first, children in document order
        elem, path = stack.pop()
        found: list[tuple[Element, str]] = []
        for name, cpath, child in _named_children(elem, path):
            if _is_extension(name):
                yield name, cpath, child
            elif child in skipped:
                continue
            else:
                found.append((child, cpath))
        stack.extend(reversed(found))


def _unread_in_result(result: Element, path: str) -> Iterator[tuple[str, str, Element, Element]]:
    """Yield what the import does not read inside ``result``, in document order.

    Each as ``(kind, path, element, located)``: the kind counted by the ``not-represented``
    issue (``"indicator/description"``, or ``"indicator/@aggregation-status"`` for an
    attribute not read of an element read: :data:`_READ_ATTRIBUTES`), the path, the element,
    and the nearest element whose line is kept (the element itself when it is).
    """
    if not _children(result, "indicator"):
        yield "result without indicator", path, result, result
        return
    for kind, apath in _unread_attributes(result, "result", path):
        yield kind, apath, result, result
    stack = [(result, path)]
    while stack:  # depth first, children in document order
        elem, epath = stack.pop()
        parent = _local(elem.tag)
        read = _READ_IN_RESULT[parent]
        valued = bool((elem.get("value") or "").strip())
        found: list[tuple[Element, str]] = []
        for name, cpath, child in _named_children(elem, epath):
            if _is_extension(name):
                continue  # reported with every extension element (:func:`_extensions`)
            if name in read:
                for kind, apath in _unread_attributes(child, name, cpath):
                    yield kind, apath, child, elem
                if name in _READ_IN_RESULT:
                    found.append((child, cpath))
            elif not (name == "comment" and parent in _VALUED and not valued):
                yield f"{parent}/{name}", cpath, child, elem
        stack.extend(reversed(found))


#: The children of a ``transaction`` the import reads (the first of each): the others are
#: reported with those of the activity (``not-represented``: ``transaction/value (3)``).
_READ_IN_TRANSACTION = frozenset({"transaction-type", "provider-org", "receiver-org"})


#: The attributes (without namespace) the import reads of each element it reads, by the kind
#: the ``not-represented`` issue counts the others under: ``iati-activity/@default-currency``,
#: ``indicator/@aggregation-status`` (whether the values may be summed), ``transaction/@ref``,
#: ``participating-org/@activity-id``. An element of a result is named by its own name
#: (``indicator``), one of a transaction after it (``transaction/provider-org``). Attributes of
#: another namespace (``xml:lang``, which is read; d-portal's bookkeeping) are not counted.
_READ_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "iati-activity": frozenset({"version", "last-updated-datetime"}),
        "iati-identifier": frozenset(),
        "title": frozenset(),
        "reporting-org": frozenset({"ref", "type"}),
        "participating-org": frozenset({"ref", "role", "type"}),
        "activity-date": frozenset({"type", "iso-date"}),
        "activity-status": frozenset({"code"}),
        "recipient-country": frozenset({"code"}),  # @percentage: the places carry no share
        "result": frozenset({"type"}),
        "indicator": frozenset({"measure", "ascending"}),
        "baseline": frozenset({"year", "iso-date", "value"}),
        "period": frozenset(),
        "period-start": frozenset({"iso-date"}),
        "period-end": frozenset({"iso-date"}),
        "target": frozenset({"value"}),
        "actual": frozenset({"value"}),
        "dimension": frozenset({"name", "value"}),
        "location": frozenset({"ref"}),
        "comment": frozenset(),
        "transaction": frozenset(),
        "transaction/transaction-type": frozenset({"code"}),
        "transaction/provider-org": frozenset({"ref"}),
        "transaction/receiver-org": frozenset({"ref"}),
    }
)


def _unread_attributes(elem: Element, kind: str, path: str) -> Iterator[tuple[str, str]]:
    """Yield ``(kind/@name, path/@name)`` for each attribute of ``elem`` the import does not read.

    ``kind`` names the element in :data:`_READ_ATTRIBUTES`; ``path`` is its path. The
    attributes read are taken away at once (a set difference in C), so that an element with
    none other costs no loop; the others come in their sorted order.

    >>> from xml.etree.ElementTree import fromstring
    >>> e = fromstring('<indicator measure="1" aggregation-status="1" ascending="1"/>')
    >>> list(_unread_attributes(e, "indicator", "x"))
    [('indicator/@aggregation-status', 'x/@aggregation-status')]
    """
    extra = elem.attrib.keys() - _READ_ATTRIBUTES[kind]
    if extra:
        for name in sorted(extra):
            if "}" not in name:  # of another namespace (:func:`_parse_xml`): not counted
                yield f"{kind}/@{name}", f"{path}/@{name}"


def _unread_in_transaction(tx: Element, path: str) -> Iterator[tuple[str, str, Element]]:
    """Yield what the import does not read of a transaction, in document order.

    Each as ``(kind, path, element)``: the kind counted by the ``not-represented`` issue
    (``"transaction/value"``; ``"transaction/provider-org after the first"``;
    ``"transaction/@ref"``, an attribute not read of the transaction or of a child it reads:
    :data:`_READ_ATTRIBUTES`), the path, and the element. Extension elements are left to
    :func:`_extensions`.
    """
    for kind, apath in _unread_attributes(tx, "transaction", path):
        yield kind, apath, tx
    for name, cpath, child in _named_children(tx, path):
        if _is_extension(name):
            continue
        if name not in _READ_IN_TRANSACTION:
            yield f"transaction/{name}", cpath, child
        elif not cpath.endswith("[1]"):
            yield f"transaction/{name} after the first", cpath, child
        else:
            for kind, apath in _unread_attributes(child, f"transaction/{name}", cpath):
                yield kind, apath, child


#: IATI 1.0x ``activity-date/@type`` words → ActivityDateType codes of 2.0x.
_DATE_TYPE_WORDS = MappingProxyType(
    {"start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4"}
)


#: The elements whose ``@value`` the import reads (a ``comment`` is kept only without one).
_VALUED = frozenset({"baseline", "target", "actual"})


def _local(tag: str) -> str:
    """Return the local part of a name, ``"{uri}lang"`` or ``"uri}lang"`` (:func:`_parse_xml`)."""
    return tag.rsplit("}", 1)[-1]


def _children(elem: Element, name: str) -> list[Element]:
    """Return the children named ``name`` (tags are local names, see :func:`_parse_xml`)."""
    return elem.findall(name)


def _indexed(elem: Element, name: str, path: str) -> Iterator[tuple[Element, str]]:
    prefix = f"{path}/{name}" if path else name
    for i, child in enumerate(elem.findall(name), start=1):
        yield child, f"{prefix}[{i}]"


def _first(elem: Element, name: str, path: str) -> tuple[Element | None, str]:
    return elem.find(name), f"{path}/{name}[1]" if path else f"{name}[1]"


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _is_english(lang: str) -> bool:
    lang = lang.strip().casefold()
    return lang in {"en", "eng"} or lang.startswith(("en-", "en_"))


def _narrative(elem: Element | None, default_lang: str) -> str | None:
    """Pick the text of ``elem``, whatever the order of its narratives.

    English (``en`` or ``eng`` before ``en-GB``, ``en_US``...), else the default language,
    else any; of several of the first kind found, the smallest text in code-point order
    (``"Color"`` of ``en`` before ``"Colour"`` of ``en-GB``, in either order).

    >>> title = Element("title")
    >>> for lang, text in (("en-GB", "Colour"), ("en", "Color"), (None, "Couleur")):
    ...     narrative = Element("narrative", {_XML_LANG: lang} if lang else {})
    ...     narrative.text = text
    ...     title.append(narrative)
    >>> _narrative(title, "fr"), _narrative(Element("title"), "fr")
    ('Color', None)
    """
    if elem is None:
        return None
    default = default_lang.strip().casefold()
    best: tuple[int, str] | None = None
    for n in elem.findall("narrative"):
        text = _collapse(n.text or "")
        if not text:
            continue
        lang = (n.get(_XML_LANG) or default_lang).strip().casefold()
        kind = (
            0 if lang in {"en", "eng"} else 1 if _is_english(lang) else 2 if lang == default else 3
        )
        if best is None or (kind, text) < best:
            best = kind, text
    if best is None:  # IATI 1.0x: the text is the element's own
        text = _collapse(elem.text or "")
        return text or None
    return best[1]


def _normalise_name(name: str) -> str:
    """Casefold, make dashes and slashes spaces, drop other punctuation, collapse whitespace.

    A dash or slash separates words (``Save-the-Children``, ``Health/MoH``); an apostrophe or
    full stop does not (``d'Eau``, ``Ltd.``).

    >>> _normalise_name("ABAAD - Resource  Center, for Gender-Equality")
    'abaad resource center for gender equality'
    >>> _normalise_name("Save-the-Children"), _normalise_name("Agence d'Eau, Ltd.")
    ('save the children', 'agence deau ltd')
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    # each distinct character is classified once: linear in the name, even a megabyte long
    table: dict[int, str | None] = {}
    for c in set(text):
        category = unicodedata.category(c)
        if category == "Pd" or c in "/\\":
            table[ord(c)] = " "
        elif category[0] == "P":
            table[ord(c)] = None
    return " ".join(text.translate(table).split())


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return (
        _escape_text(text)
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#09;")
    )


def _escape_name(name: str) -> str:
    """Escape a tag or attribute name as an attribute value, and its spaces (a URI's)."""
    return _escape_attribute(name).replace(" ", "&#32;")


#: What copies of an activity that the ``duplicate-activity`` issue calls identical may differ
#: in (:func:`_canonical_xml`).
_SAME = (
    " as the import reads them (up to XML whitespace, and to the order of attributes, of "
    "elements of different names and of siblings the import reads in any order, such as "
    "participating-orgs)"
)

#: Runs of XML whitespace (space, tab, carriage return, line feed): indentation, which
#: :func:`_canonical_xml` reads as one space, and not at all at the ends of a text.
_XML_SPACE = re.compile(r"[ \t\r\n]+")

#: Elements the import reads whatever the order of their siblings of the same name: the
#: narratives of an element (:func:`_narrative` chooses by language, then text), an
#: activity's participating organisations (the lead and the partners' order are chosen by
#: role and id, :meth:`_Reader.order_partners`), its dates (the earliest start, the latest
#: end of each type) and its transactions (the ties are a set of pairs). Copies of an
#: activity differing only in their order are one copy (:func:`_canonical_xml`). Not so
#: results and indicators (their positions make the indicators' ids), the elements of which
#: only the first is read (``activity-status``, ``title``...), recipient countries (the
#: first spelling of a code is kept, and the order of places) nor periods (the order of the
#: observations).
_ORDER_FREE = frozenset({"narrative", "participating-org", "activity-date", "transaction"})

#: How many levels below the activity siblings of :data:`_ORDER_FREE` are put in order: IATI
#: places them at most six below (``result/indicator/period/actual/comment/narrative``), and
#: a bound keeps the work linear in the text however deep a file nests them (a subtree is
#: written once for each ordered ancestor).
_ORDER_FREE_DEPTH = 6


def _xml_text(text: str | None) -> str:
    r"""Return a text or tail with XML whitespace collapsed and stripped (``""`` for none).

    >>> _xml_text("\n   "), _xml_text(" Clinic\n\t network "), _xml_text("a\u00a0 b")
    ('', 'Clinic network', 'a\xa0 b')
    """
    return _XML_SPACE.sub(" ", text).strip(" ") if text else ""


def _canonical_xml(root: Element, depth: int = 0) -> str:
    r"""Return an element as XML text, the same for copies the import reads alike.

    Written as ElementTree writes it (``<tag a="1">text<child />tail</tag>``, the same
    escapes), without the text after it, but:

    - the attributes in code-point order of their names, and the names escaped as
      attribute values are, spaces included (a namespace's URI may hold ``>``);
    - XML whitespace in texts and tails collapsed to one space and stripped, and a text or
      tail of whitespace alone left out, as the import reads no whitespace (it strips
      identifiers and collapses narratives): copies differing in their indentation are one;
    - the children grouped by name in code-point order, each group in document order (the
      import looks children up by name), but for the elements of :data:`_ORDER_FREE`, up to
      :data:`_ORDER_FREE_DEPTH` levels below ``root`` (``depth`` is ``root``'s), in
      code-point order of their own text (their tails with them), since the import reads them
      whatever their order.

    Every delimiter is escaped inside the parts it delimits, and every element opens and
    closes, so two trees give one text only if they are equal up to those rules. The tree is
    walked with a stack of its own: nesting depth costs no recursion (but for the bounded
    levels put in order), and time and memory are linear in the text.

    >>> from xml.etree.ElementTree import fromstring
    >>> _canonical_xml(fromstring('<a z="1" b="&lt;2"><b/>x&amp;y<c>t</c>u</a>'))
    '<a b="&lt;2" z="1"><b />x&amp;y<c>t</c>u</a>'
    >>> _canonical_xml(fromstring("<a><b/></a>")) != _canonical_xml(fromstring("<a/>"))
    True
    >>> _canonical_xml(fromstring("<a>\n  <c> x\n  y </c>\n  <b/>\n</a>"))
    '<a><b /><c>x y</c></a>'
    >>> two = "<a><narrative>{}</narrative><narrative>{}</narrative></a>"
    >>> _canonical_xml(fromstring(two.format("y", "x"))) == _canonical_xml(
    ...     fromstring(two.format("x", "y"))
    ... )
    True
    """
    out: list[str] = []
    # an element to open (with its depth), or text written as it is: an end tag, a tail, or
    # a child of an ordered group written beforehand
    stack: list[tuple[Element, int] | str] = [(root, depth)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        elem, level = item
        tag = _escape_name(elem.tag)
        out.append(f"<{tag}")
        for key, value in sorted(elem.attrib.items()):
            out.append(f' {_escape_name(key)}="{_escape_attribute(value)}"')
        text = _xml_text(elem.text)
        if not text and not len(elem):
            out.append(" />")
            continue
        out.append(f">{_escape_text(text)}")
        stack.append(f"</{tag}>")
        for child in reversed(_canonical_children(elem, level)):
            if isinstance(child, str):
                stack.append(child)
                continue
            tail = _xml_text(child.tail)
            if tail:
                stack.append(_escape_text(tail))
            stack.append((child, level + 1))
    return "".join(out)


def _canonical_children(elem: Element, level: int) -> list[Element | str]:
    """Return the children of ``elem`` (at ``level``) in :func:`_canonical_xml`'s order.

    Grouped by name; a group of :data:`_ORDER_FREE` within :data:`_ORDER_FREE_DEPTH` written
    beforehand, each child with its tail, in code-point order of those texts.
    """
    if len(elem) < 2:
        return list(elem)
    groups: dict[str, list[Element]] = {}
    for child in elem:
        groups.setdefault(child.tag, []).append(child)
    ordered: list[Element | str] = []
    for name in sorted(groups):
        group = groups[name]
        if len(group) > 1 and name in _ORDER_FREE and level < _ORDER_FREE_DEPTH:
            ordered.extend(
                sorted(
                    _canonical_xml(child, level + 1) + _escape_text(_xml_text(child.tail))
                    for child in group
                )
            )
        else:
            ordered.extend(group)
    return ordered


@attrs.frozen
class _Copy:
    """A copy of an activity: its element, id, ``@last-updated-datetime``, file and line.

    With what its file tells the reading of it: the day of the file's ``@generated-datetime``
    (``generated``) and whether the file writes a decimal comma (``commas``,
    :meth:`_Reader.find_decimal_comma`).
    """

    element: Element
    act_id: str
    stamp: dt.datetime | None
    source: str
    line: int | None
    generated: dt.date | None = None
    commas: bool = False

    def text(self) -> str:
        """Return the activity's canonical XML text (:func:`_canonical_xml`).

        The same for copies equal up to XML whitespace, the order of attributes and the order
        of elements the import reads whatever their order: two exports of one activity
        indented differently, or listing its participating organisations the other way round,
        are one copy, so the rule for identical copies decides between them (their texts'
        code-point order did, and ``"1,350"`` was read as 1350 from the file without decimal
        commas). Built without recursion: a copy nested a thousand elements deep raised
        ``RecursionError`` from ElementTree's writer.
        """
        return _canonical_xml(self.element)

    def replaces(self, held: _Copy) -> bool:
        """Return whether this copy is kept rather than ``held``, whatever their order.

        The copy last updated (a ``@last-updated-datetime`` beats none); of copies that do not
        say which is newer, the one whose id, then canonical XML text (:meth:`text`), comes
        first in code-point order (``XM-1-A`` before ``xm-1-a``). Identical copies (equal up to
        XML whitespace and the orders the import does not read) are read differently in different
        files, which tell the date of their status (an undated activity is as of its file's
        ``@generated-datetime``) and whether ``"1.350"`` is ambiguous (beside a decimal comma),
        so of those the copy of the latest file wins (a ``@generated-datetime`` beats none:
        the data can be no newer than the file), then one of a file that writes decimal commas
        (the cautious reading: an ambiguous value refused and reported, not read as 1.35
        without a word), then the one whose file's path comes first in code-point order. Only
        copies of one file, or of one file given twice, are left in the order met: nothing
        tells them apart.
        """
        if self.stamp != held.stamp:
            return self.stamp is not None and (held.stamp is None or self.stamp > held.stamp)
        if self.act_id != held.act_id:
            return self.act_id < held.act_id
        mine, theirs = self.text(), held.text()
        if mine != theirs:
            return mine < theirs
        if self.stamp is None and self.generated != held.generated:
            # the activity's day is its file's (:meth:`_Reader.last_updated`)
            return self.generated is not None and (
                held.generated is None or self.generated > held.generated
            )
        if self.commas != held.commas:
            return self.commas
        return self.source < held.source


def _timestamp(text: str | None) -> dt.datetime | None:
    """Return an ``xsd:dateTime`` as a UTC time (naive ones taken as UTC), or ``None``."""
    if not text or not text.strip():
        return None
    try:
        stamp = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp


#: An ``xsd:date`` (``2020-12-31``), perhaps with a timezone, or an ``xsd:dateTime``: the date
#: is the first group; anything else after it (``2020-12-3100``) makes the text no date.
_XSD_DATE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?", re.ASCII
)


def _date(text: str | None) -> dt.date | None:
    """Return the date of an ``xsd:date`` or ``xsd:dateTime``, or ``None`` if it is not one.

    >>> _date("2020-12-31"), _date(" 2020-12-31Z "), _date("2020-12-31T10:00:00+01:00")
    (datetime.date(2020, 12, 31), datetime.date(2020, 12, 31), datetime.date(2020, 12, 31))
    >>> _date("2020-12-3100"), _date("2020-12-31garbage"), _date("2020-02-30")
    (None, None, None)
    """
    m = _XSD_DATE.fullmatch(text.strip()) if text else None
    if m is None:
        return None
    try:
        return parse_date(m[1])
    except ValueError:
        return None


def _reported_by(act: Element, day: dt.date) -> tuple[int, str, str, str] | None:
    """Return the actuals of an activity's results that say it had begun by ``day``, if any.

    As ``(count, period, value, path)``: how many actuals whose ``@value`` is a number other
    than 0 and than each of its indicator's baselines (a result pre-filled with 0, or with the
    baseline, is nothing achieved yet) have a period begun on or before ``day`` (its start,
    else its end, as the reader takes it: :meth:`_Reader.period_dates`; a period begun by then
    but ending after it is the progress up to ``day``, :meth:`_Reader.after_update`), and the
    period, raw value and path (from the activity) of the earliest dated (its end, else its
    start), the first in document order of its day. Read silently: the reader reports what is
    wrong with them when it reads the results.
    """
    count = 0
    best: tuple[dt.date, str, str, str] | None = None
    for result, rpath in _indexed(act, "result", ""):
        for ind, ipath in _indexed(result, "indicator", rpath):
            nothing = {0.0} | {
                value
                for baseline in ind.findall("baseline")
                if (value := _parse_value(baseline.get("value") or "")[0]) is not None
            }
            for period, ppath in _indexed(ind, "period", ipath):
                valued = [
                    (actual, apath, raw)
                    for actual, apath in _indexed(period, "actual", ppath)
                    if (raw := actual.get("value")) is not None
                    and raw.strip()
                    and (value := _parse_value(raw)[0]) is not None
                    and value not in nothing
                ]
                if not valued:
                    continue
                start, end = (
                    _date(e.get("iso-date")) if (e := period.find(name)) is not None else None
                    for name in ("period-start", "period-end")
                )
                when = end if end is not None else start
                if when is None:
                    continue
                begun = start if start is not None and start <= when else when
                if begun > day:
                    continue
                count += len(valued)
                if best is None or when < best[0]:
                    span = (
                        f"the period {start.isoformat()}..{when.isoformat()}"
                        if start is not None and end is not None
                        else f"the period ending {when.isoformat()}"
                        if end is not None
                        else f"the period starting {when.isoformat()} (it gives no end)"
                    )
                    if when > day:  # as the reader dates it: the progress up to that day
                        span += f" (the progress up to {day.isoformat()})"
                    _, apath, raw = valued[0]
                    best = when, span, raw, apath
    if best is None:
        return None
    return count, best[1], best[2], best[3]


def _group_key(group: str | None) -> str | None:
    """Return a group label as the model and the analyses compare it (``None``: the whole).

    ``sex=female`` and ``sex=Female`` are one group: their actuals of one period were imported
    as two, which the model refuses as two values of one date and group.
    """
    return None if group is None else normalize_label(group)


def _iso_and_year(baseline: Element) -> tuple[dt.date | None, int | None]:
    """Return a baseline's ``@iso-date`` and ``@year`` (0 for digits that are no year)."""
    year_text = (baseline.get("year") or "").strip()
    year = None
    if year_text.isdigit():  # ASCII digits of a year; other digits ('²', '٢') are no year
        year = int(year_text) if year_text.isascii() and len(year_text) <= 4 else 0
    return _date(baseline.get("iso-date")), year


def _label_part(text: str) -> str:
    r"""Return a dimension's name or value as written in a group label: ``\``, ``,``, ``=`` escaped.

    Escaped with a backslash, so that one label is never the label of other dimensions: a
    value ``"1, b=2"`` gives ``a=1\, b\=2``, not ``a=1, b=2`` (two dimensions).

    >>> print(_label_part("1, b=2"), _label_part("C:\\x"))
    1\, b\=2 C:\\x
    """
    return text.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


def _group(elem: Element) -> str | None:
    r"""Return the group of a baseline, target or actual: its dimensions and locations.

    Each ``dimension`` is ``name=value`` and each ``location`` ``location=ref``, trimmed, with
    ``\``, ``,`` and ``=`` escaped (:func:`_label_part`), sorted (the same dimensions in
    another order make the same group) and joined with ``", "``; a dimension with neither name
    nor value, and a location without ref, is left out (:meth:`_Reader.group` reports it), and
    so is one with only a name or only a value — a value with such a dimension is not
    imported (:func:`_incomplete`). ``None`` for the whole population.

    >>> from xml.etree.ElementTree import fromstring
    >>> print(_group(fromstring('<actual><dimension name="sex" value="f"/><dimension name="a" '
    ...                         'value="1, b=2"/><dimension name="" value=""/></actual>')))
    a=1\, b\=2, sex=f
    """
    parts = []
    for dim in _children(elem, "dimension"):
        name, value = ((dim.get(k) or "").strip() for k in ("name", "value"))
        if name and value:
            parts.append(f"{_label_part(name)}={_label_part(value)}")
    for loc in _children(elem, "location"):
        ref = (loc.get("ref") or "").strip()
        if ref:
            parts.append(f"location={_label_part(ref)}")
    return ", ".join(sorted(parts)) or None


def _incomplete(elem: Element) -> bool:
    """Whether a baseline, target or actual has a dimension with only a name or only a value.

    Such a value describes a group — it has a dimension — that cannot be named, so it is not
    imported: leaving the dimension out of the group made ``<dimension name="" value="female"/>``
    the whole population's (its target 40 taken over the whole population's 100), and
    ``<dimension name="age" value="adult"/><dimension name="sex" value=""/>`` the group
    ``age=adult`` (dropped with the real ``age=adult``'s actual as conflicting). A dimension
    with neither name nor value says nothing, and is only left out of the group.

    >>> from xml.etree.ElementTree import fromstring
    >>> _incomplete(fromstring('<actual><dimension name="" value="female"/></actual>'))
    True
    >>> _incomplete(fromstring('<actual><dimension name=" " value=""/><location/></actual>'))
    False
    """
    for dim in _children(elem, "dimension"):
        name, value = ((dim.get(k) or "").strip() for k in ("name", "value"))
        if bool(name) != bool(value):
            return True
    return False


def _baseline_key(
    baseline: Element,
    group_of: Callable[[Element], str | None],
    ambiguous: Callable[[str], str | None],
) -> tuple[bool, bool, dt.date, float, str, str]:
    """Order baselines as the import chooses one: readable, whole population's, earliest.

    Then the smallest value. The date and value are read as the import reads them, without
    reporting anything: a baseline whose date or value cannot be read (no number, or one out
    of the model's range, ``1e16``) sorts after every one that can, a group's included (it is
    then reported, ``baseline-dimensions``): an earlier ``value="n/a"`` chosen over a later 40
    left the indicator with no baseline, and without a baseline above the target the
    direction was assumed "increase" and a worsening indicator read as met. A value
    ``ambiguous`` says is ambiguous in its file (``"1,350"`` beside a decimal comma) cannot be
    read either.
    """
    iso, year = _iso_and_year(baseline)
    if iso is not None and (year is None or iso.year == year):
        when = iso
    elif year is not None and 1 <= year <= 9999:
        when = dt.date(year, 1, 1)
    else:
        when = dt.date.max
    raw = baseline.get("value") or ""
    value = _parse_value(raw)[0] if raw.strip() else None
    if value is not None and (_refused(_VALUE, value) is not None or ambiguous(raw) is not None):
        value = None  # read, but refused by the model or ambiguous (Reader.value reports it)
    group = group_of(baseline)
    return (
        value is None or when == dt.date.max,
        group is not None,
        when,
        value if value is not None else math.inf,
        group or "",
        raw,
    )


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    data = read_bytes(path, max_bytes)
    if not data.strip():
        raise FormatError("the file is empty", source=str(path), code=ProblemCode.EMPTY)
    return data


#: The elements whose line is kept, for the location of issues (the elements the reader reports
#: on). Other elements — narratives, and anything the reader does not know — cost no memory.
_LOCATED = frozenset(
    {
        "iati-activity",
        *_READ,
        "indicator",
        "baseline",
        "period",
        "period-start",
        "period-end",
        "target",
        "actual",
        "transaction-type",
        "provider-org",
        "receiver-org",
    }
)

#: The encoding an XML declaration names (a UTF-16 declaration once its NUL bytes are removed).
_DECLARED_ENCODING = re.compile(rb"""<\?xml\s[^>]*?\bencoding\s*=\s*(["'])(.*?)\1""", re.DOTALL)


def _is_utf16(data: bytes) -> bool:
    """Whether the document is UTF-16: a byte-order mark, or ``<`` as two bytes with a NUL."""
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\0", b"\0<"))


def _declared_encoding(data: bytes) -> tuple[str | None, int | None]:
    """Return the encoding named by the XML declaration, and the column where it is named."""
    head = data[:1024]
    if _is_utf16(head):
        head = head.replace(b"\0", b"")
    head = head.removeprefix(codecs.BOM_UTF8).removeprefix(b"\xff\xfe").removeprefix(b"\xfe\xff")
    m = _DECLARED_ENCODING.match(head)
    if m is None:
        return None, None
    return m[2].decode("latin-1"), m.start(2) + 1


def _encoding_error(data: bytes, source: str, err: Exception) -> FormatError:
    """Return the error for a declared encoding the XML parser cannot use (``err`` says why)."""
    declared, column = _declared_encoding(data)
    if declared is None:  # pragma: no cover - expat asks for an encoding only when one is named
        return FormatError(
            f"the file cannot be decoded: {err}", source=source, code=ProblemCode.ENCODING
        )
    try:
        codecs.lookup(declared)
    except LookupError:
        why = "which is not a known encoding"
    else:
        if isinstance(err, LookupError):  # 'rot13', 'hex': codecs, but not of text
            why = "which is not a text encoding"
        elif "multi-byte" in str(err):
            why = (
                "a multi-byte encoding the XML parser cannot read (it reads UTF-8, UTF-16 and "
                "single-byte encodings such as ISO-8859-1 and windows-1252)"
            )
        else:
            why = f"which cannot be used to read XML ({err})"
    return FormatError(
        f"the XML declaration names the encoding {shown(declared)}, {why}; save the file as UTF-8",
        source=source,
        line=1,
        column=column,
        code=ProblemCode.ENCODING,
    )


def _undecodable(data: bytes) -> tuple[str, int, int, int] | None:
    """Return the encoding, first invalid byte, its line and column, if the bytes are not text.

    The encoding is the declared one (UTF-8 without a declaration); ``None`` when the bytes
    decode, or for UTF-16, which the parser decodes itself.
    """
    if _is_utf16(data):
        return None
    declared, _ = _declared_encoding(data)
    try:
        encoding = codecs.lookup(declared or "utf-8").name
        data.decode(encoding)
    except LookupError:  # pragma: no cover - refused before parsing
        return None
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        line_start = data.rfind(b"\n", 0, err.start) + 1
        column = len(data[line_start : err.start].decode(encoding, "replace")) + 1
        return declared or "UTF-8", data[err.start], line, column
    return None


#: The path of an issue about an organisation element (or one of its attributes).
_ORG_PATH = re.compile(r"(?:participating|reporting)-org\[\d+\](?:/@[\w-]+)?$")


class _TooManyElements(Exception):
    """Raised by the parser's element handler past the limit on the number of elements."""


def _parse_xml(
    data: bytes, source: str, max_elements: int | None = None
) -> tuple[Element, dict[Element, int]]:
    """Parse with DTDs, entities and external references forbidden.

    The tree's tags are local names for the elements of the root element's namespace (``"title"``
    whatever the prefix) and ``"{uri}name"`` for the others, extensions that nothing reads
    (``"{}name"`` for an element without namespace under a root that has one), and attribute
    names in a namespace are ``"uri}name"`` (:data:`_XML_LANG`), as expat gives them: the
    elements are built by the C tree builder straight from expat's callbacks, one Python call
    an element. The lines of the elements in :data:`_LOCATED`, and of the first element of
    every other name (where an element the model has no place for is reported), are returned
    beside the root. More than ``max_elements`` elements are refused as soon as the first one
    too many starts.
    """
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import DefusedXMLParser  # loaded when XML is read

    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise FormatError(
            "the file is UTF-32 text, which the XML parser cannot read; save it as UTF-8",
            source=source,
            line=1,
            column=1,
            code=ProblemCode.ENCODING,
        )
    builder = TreeBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    # defusedxml's handlers (DTDs, entities, external references) stay; the element handlers
    # of ElementTree's Python parser are replaced by faster ones that also note the lines
    lines: dict[Element, int] = {}
    xml = parser.parser
    start, located = builder.start, _LOCATED
    named: set[str] = set()  # names of elements not located whose first element is noted
    budget = max_elements if max_elements is not None else -1  # -1: no limit
    ours: str | None = None  # the root's namespace ("" for none): the IATI elements'

    def on_start(tag: str, attrib: dict[str, str]) -> None:
        nonlocal budget, ours
        if budget == 0:
            raise _TooManyElements
        budget -= 1
        cut = tag.rfind("}")
        local = tag[cut + 1 :]
        uri = tag[:cut] if cut >= 0 else ""
        if ours is None:
            ours = uri
        elif uri != ours:  # an extension: kept by its full name, which nothing reads
            local = f"{{{uri}}}{local}"
        elem = start(local, attrib)
        if local in located:
            lines[elem] = xml.CurrentLineNumber
        elif local not in named:  # the first of each other name, for the not-represented issue
            named.add(local)
            lines[elem] = xml.CurrentLineNumber

    xml.ordered_attributes = False
    xml.StartElementHandler = on_start
    xml.EndElementHandler = builder.end
    try:
        parser.feed(data)
        root = parser.close()
    except DTDForbidden:
        raise FormatError(
            "XML document type declarations (DTDs) are not allowed: they can expand entities "
            "or fetch external files",
            source=source,
            line=xml.CurrentLineNumber,
            column=xml.CurrentColumnNumber + 1,
            code=ProblemCode.UNSAFE,
        ) from None
    except EntitiesForbidden as err:
        raise FormatError(
            f"XML entity declarations are not allowed (entity {shown(err.name)})",
            source=source,
            line=xml.CurrentLineNumber,
            column=xml.CurrentColumnNumber + 1,
            code=ProblemCode.UNSAFE,
        ) from None
    except ExternalReferenceForbidden:
        raise FormatError(
            "external XML references are not allowed",
            source=source,
            line=xml.CurrentLineNumber,
            column=xml.CurrentColumnNumber + 1,
            code=ProblemCode.UNSAFE,
        ) from None
    except ParseError as err:
        line, column = getattr(err, "position", (None, None))
        code = getattr(err, "code", None)  # expat's error code: its message has no position
        message = expat.ErrorString(code) if isinstance(code, int) else "not well-formed"
        column = column + 1 if column is not None else None
        bad = _undecodable(data)
        if bad is not None and (line is None or column is None or bad[2:] <= (line, column)):
            encoding, byte, line, column = bad
            message = (
                f"the file is not {encoding} text (invalid byte 0x{byte:02x}); save it as UTF-8, "
                "or name its encoding in the XML declaration"
            )
            raise FormatError(
                message, source=source, line=line, column=column, code=ProblemCode.ENCODING
            ) from None
        raise FormatError(
            f"invalid XML: {message}",
            source=source,
            line=line,
            column=column,
            code=ProblemCode.SYNTAX,
        ) from None
    except _TooManyElements:
        raise FormatError(
            f"the file has more than {max_elements:,} XML elements, the limit; "
            + MAX_ELEMENTS_ADVICE,
            source=source,
            line=xml.CurrentLineNumber,
            column=xml.CurrentColumnNumber + 1,
            code=ProblemCode.TOO_LARGE,
        ) from None
    except (ValueError, LookupError) as err:  # from the declared encoding: 'UTF-7', 'bogus'
        raise _encoding_error(data, source, err) from None
    if not isinstance(root, Element):  # pragma: no cover - the default builder returns one
        raise FormatError("not an XML document", source=source, code=ProblemCode.SYNTAX)
    return root, lines


# --------------------------------------------------------------------------- the reader

#: The model's rules for names and values (ids are :data:`IDENT`): what the reader checks first,
#: so that the model never refuses what it reads, and each refusal is an issue with its place.
_NAME = Text()
_VALUE = MEASURED


_ACCEPTS = {id(spec): spec.quick() for spec in (IDENT, _NAME, _VALUE)}


def _refused(spec: Spec, value: object) -> str | None:
    """Return why the model refuses ``value`` (its first problem), or ``None`` if it takes it."""
    accepts = _ACCEPTS.get(id(spec))
    if accepts is not None and accepts(value):  # the common case, at the model's own speed
        return None
    problems = spec.check(value)
    return problems[0].message if problems else None


def _printable(text: str) -> str:
    """``text`` with every character that is not printable replaced by ``?`` (for made-up ids)."""
    return "".join(c if c.isprintable() else "?" for c in text)


@attrs.define
class _PartnerAcc:
    id: str
    sector: Sector | None
    roles: set[Role]
    first_path: str
    first_line: int | None
    source: str
    #: each name met, with how often and where first: ``{name: [count, path, line, source]}``
    names: dict[str, list[Any]] = attrs.Factory(dict)
    #: whether a name was refused (and reported as ``invalid-text``)
    refused: bool = False
    #: each sector an ``@type`` gave, with how often and where first:
    #: ``{sector: [count, path, line, source, raw @type]}``
    sectors: dict[Sector, list[Any]] = attrs.Factory(dict)
    #: each spelling of its ``@ref`` met (``GB-1``, ``gb-1``), with how often
    spellings: dict[str, int] = attrs.Factory(dict)


def _most_given(counts: Mapping[str, int]) -> str:
    """Return the text given most often, then the smallest in code-point order.

    The rule that chooses an organisation's name, the spelling of its ``@ref`` and the copy
    of an activity's id, so that none depends on the order of the activities or files.

    >>> _most_given({"gb-1": 1, "GB-1": 1}), _most_given({"gb-1": 2, "GB-1": 1})
    ('GB-1', 'gb-1')
    """
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


@attrs.define
class _OrgRef:
    partner_id: str
    role: str


@attrs.frozen
class _Lead:
    """What decides an activity's lead partner, read once every partner's id is spelt.

    ``ranks``: each partner's best role rank (:data:`_ROLE_RANK`), by the form of its id
    (:func:`~collective_impact.model.initiative.id_form`, which the spelling chosen later
    keeps); ``reporter``: the form of the reporting-org's id when it is a partner; and where
    the activity is, for the ``chosen-lead`` issue.
    """

    act_id: str
    ranks: dict[str, int]
    reporter: str | None
    source: str
    path: str
    line: int | None


#: The organisations of each role rank (:data:`_ROLE_RANK`), as a ``chosen-lead`` issue names
#: them.
_RANK_WORDS = (
    "implementing organisations (participating-org role 4)",
    "extending organisations (role 3)",
    "accountable organisations (role 2)",
    "funding organisations (role 1)",
    "organisations without a known role",
)


@attrs.frozen
class _Transaction:
    """A transaction of an imported activity: its element, path, and what it is read with."""

    element: Element
    path: str
    #: the activity's default language, for the narratives of its organisations
    lang: str
    #: the activity's ``reporting-org``, the side IATI assumes when one is omitted
    reporting: Element | None


@attrs.frozen(eq=False)
class _Actual:
    """An actual read for the model: its observation, its period as written, element, path."""

    obs: Observation
    #: the period's start; ``end`` when it gives none on or before its end
    start: dt.date
    #: the period's end as written (its start without one): the observation's date, unless the
    #: activity was last updated before it (the observation is then dated at that update)
    end: dt.date
    elem: Element
    path: str


@attrs.define
class _Tally:
    """Transactions counted for one issue: how many, by what, and the first one's place."""

    n: int = 0
    #: how many of each kind (a type, a reason, an organisation)
    by: dict[Any, int] = attrs.Factory(dict)
    #: the path, line and raw text of the first
    first: tuple[str, int | None, str | None] | None = None
    #: kinds that hold for some of their transactions (an organisation assumed)
    marked: set[Any] = attrs.Factory(set)

    def add(self, kind: Any, path: str, line: int | None, raw: str | None) -> None:
        self.n += 1
        self.by[kind] = self.by.get(kind, 0) + 1
        if self.first is None:
            self.first = (path, line, raw)


#: Values a ``conflicting-actuals`` warning names (the others counted).
_SHOWN_VALUES = 5

#: Candidates a ``chosen-lead`` warning names (the others counted).
_SHOWN_LEADS = 10


class _Reader:
    """Reads parsed IATI trees into model objects, collecting issues."""

    def __init__(self) -> None:
        self.issues: list[ImportIssue] = []
        self.partners: dict[str, _PartnerAcc] = {}
        self.activities: list[Activity] = []
        # ids by the form the model tells them apart in (caseless, one Unicode form)
        self.activity_ids: dict[str, str] = {}
        self.chosen: dict[str, _Copy] = {}  # the copy of each activity to keep, by id form
        self.partner_ids: dict[str, str] = {}
        self.indicators: list[Indicator] = []
        self.n_observations = 0
        # the currency or % of the values read for the current indicator, with the first's path
        self.units: dict[str, str] = {}
        # the results whose unknown @type was reported (once each)
        self.unknown_results: set[Element] = set()
        # the path of the first plain value of the current indicator in (0, 1] (a fraction?)
        self.fraction: str | None = None
        # whether the values of the current indicator are percentages (measure 2)
        self.percent = False
        # the root's @generated-datetime (its day) of the file being read
        self.generated: dt.date | None = None
        # the day the current activity was last updated, and what says so; None: not given
        self.updated: tuple[dt.date, str] | None = None
        # where the file being read first writes a number with a decimal comma: (path, raw)
        self.comma: tuple[str, str] | None = None
        #: The activities skipped as copies of others (:meth:`read_activity`).
        self.copies: set[Element] = set()
        # normalised name -> {id form of a ref: the ref's spelling (:func:`_most_given`)} of
        # the refs with that name; counted first in ``spelled``: {name: {form: {ref: n}}}
        self.named_refs: dict[str, dict[str, str]] = {}
        self.spelled: dict[str, dict[str, dict[str, int]]] = {}
        self.source = ""
        self.file_name = ""
        self.lines: dict[Element, int] = {}
        # the transactions of the imported activities, file by file, with the file's lines:
        # read once every partner is known (:meth:`funding_ties`)
        self.transactions: list[tuple[str, dict[Element, int], list[_Transaction]]] = []
        # the partners by their ids' squashed form, once every file is read (:meth:`funding_ties`)
        self.by_squashed: dict[str, list[str]] | None = None
        # what decides the lead of each activity imported, in the order of self.activities
        # (:meth:`order_partners`)
        self.leads: list[_Lead] = []

    def warn(
        self,
        code: ImportIssueCode,
        message: str,
        path: str,
        elem: Element | None,
        raw: str | None = None,
    ) -> None:
        line = self.lines.get(elem) if elem is not None else None
        self.issues.append(
            ImportIssue(
                code=code, message=message, source=self.source, path=path, line=line, raw=raw
            )
        )

    def name(
        self, elem: Element | None, lang: str, path: str, what: str, instead: str
    ) -> tuple[str | None, bool]:
        """Return the narrative of ``elem`` if the model takes it as a name, and if it refused it.

        A refused name is reported (``what`` is refused: why; ``instead``).
        """
        name = _narrative(elem, lang)
        if name is None:
            return None, False
        why = _refused(_NAME, name)
        if why is None:
            return name, False
        self.warn(
            ImportIssueCode.INVALID_TEXT, f"{what} is refused: {why}; {instead}", path, elem, name
        )
        return None, True

    # ---- pre-pass: the copy of each activity to keep

    def collect_activities(self, root: Element, source: str, lines: dict[Element, int]) -> None:
        """Choose, among the copies of an activity across files, the one last updated.

        Overlapping downloads (a registry file and a d-portal export) hold the same activity
        twice, perhaps updated in between: the copy whose ``@last-updated-datetime`` is latest
        is kept wherever it comes, so the result does not depend on the order of the files;
        of copies that do not say which is newer, the one whose id, then canonical XML text
        (:func:`_canonical_xml`), comes first in code-point order, and of identical copies (equal
        up to XML whitespace and to orders the import does not read) the one its file reads as
        the latest and
        most cautiously (:meth:`_Copy.replaces`). Ids are compared as the model compares
        them (caseless); an id the main pass refuses or makes up is left to it.
        """
        generated = _date(root.get("generated-datetime"))
        commas = self.find_decimal_comma(root) is not None
        for act, _ in _indexed(root, "iati-activity", ""):
            ident, _ = _first(act, "iati-identifier", "")
            act_id = (ident.text or "").strip() if ident is not None else ""
            if not act_id or _refused(IDENT, act_id) is not None:
                continue
            stamp = _timestamp(act.get("last-updated-datetime"))
            form = id_form(act_id)
            held = self.chosen.get(form)
            copy = _Copy(act, act_id, stamp, source, lines.get(act), generated, commas)
            if held is None or copy.replaces(held):
                self.chosen[form] = copy

    # ---- pre-pass: names of organisations that have a @ref

    def collect_names(self, root: Element) -> None:
        """Count the names of the organisations with a ``@ref`` in the activities imported.

        Call once :meth:`collect_activities` has seen every file: a copy of an activity skipped
        for another (an older one, or one in another file) is not imported, so its names merge
        no organisation without ``@ref`` (a skipped copy naming ``Acme Trust`` with another
        ``@ref`` made the name ambiguous, and the organisation without ``@ref`` stayed apart);
        nor do those of a cancelled or suspended activity. An activity without a usable
        ``iati-identifier`` is always imported (under an id made up from its place).
        """
        for act in root.findall("iati-activity"):
            if _status(act) in _NOT_RUNNING:
                continue  # not imported: its organisations are not merged by its names
            ident = act.find("iati-identifier")
            act_id = (ident.text or "").strip() if ident is not None else ""
            if act_id and _refused(IDENT, act_id) is None:
                chosen = self.chosen.get(id_form(act_id))
                if chosen is not None and chosen.element is not act:
                    continue  # a copy skipped for another
            lang = act.get(_XML_LANG) or "en"
            for org in act.findall("participating-org"):
                ref = (org.get("ref") or "").strip()
                name = _narrative(org, lang)
                if ref and name and _refused(IDENT, ref) is None and _refused(_NAME, name) is None:
                    # refs as the model tells ids apart: GB-1 and gb-1 are one organisation
                    refs = self.spelled.setdefault(_normalise_name(name), {})
                    spellings = refs.setdefault(id_form(ref), {})
                    spellings[ref] = spellings.get(ref, 0) + 1

    def choose_named_refs(self) -> None:
        """Spell each ``@ref`` of :attr:`named_refs` as given most often (:func:`_most_given`)."""
        self.named_refs = {
            name: {form: _most_given(spellings) for form, spellings in sorted(refs.items())}
            for name, refs in self.spelled.items()
        }

    # ---- main pass

    def read_file(
        self, root: Element, source: str, lines: dict[Element, int], label: str | None = None
    ) -> None:
        self.source, self.lines = source, lines
        # for the ids of activities without one: the file's name, or as much of its path as
        # tells it from the other files read (:func:`_file_labels`)
        self.file_name = _printable(label or Path(source).name)
        if root.tag != "iati-activities":
            raise FormatError(
                f"not an IATI activity file: the root element is <{shown(root.tag)[1:-1]}>, "
                "expected <iati-activities>",
                source=source,
                code=ProblemCode.WRONG_TYPE,
            )
        root_version = root.get("version")
        self.generated = _date(root.get("generated-datetime"))
        self.comma = self.find_decimal_comma(root)
        self.transactions.append((source, lines, []))
        # elements of an activity the model has no place for, by name, and the first of all
        unread: dict[str, int] = {}
        first: tuple[str, Element] | None = None
        for act, path in _indexed(root, "iati-activity", ""):
            self.read_activity(act, path, root_version)
            if act in self.copies:
                continue  # a copy skipped: what it holds is not read, nor reported
            for kind, apath in _unread_attributes(act, "iati-activity", path):
                unread[kind] = unread.get(kind, 0) + 1
                if first is None:
                    first = (apath, act)
            for name, cpath, child in _named_children(act, path):
                if name == "result":
                    for kind, upath, elem, located in _unread_in_result(child, cpath):
                        unread[kind] = unread.get(kind, 0) + 1
                        if first is None:
                            first = (upath, elem if elem in self.lines else located)
                    continue
                if name == "transaction":
                    for kind, tpath, elem in _unread_in_transaction(child, cpath):
                        unread[kind] = unread.get(kind, 0) + 1
                        if first is None:
                            first = (tpath, elem if elem in self.lines else child)
                    continue
                if name == "activity-status" and not cpath.endswith("[1]"):
                    name = "activity-status after the first"  # the first is read
                elif name in _READ:  # read: the attributes it has the import does not read
                    for kind, apath in _unread_attributes(child, name, cpath):
                        unread[kind] = unread.get(kind, 0) + 1
                        if first is None:
                            first = (apath, child)
                    continue
                elif _is_extension(name):
                    continue  # reported below, with those of the whole file
                unread[name] = unread.get(name, 0) + 1
                if first is None:
                    first = (cpath, child)
        if first is not None:
            kinds = ", ".join(f"{shown(name)[1:-1]} ({n:,})" for name, n in sorted(unread.items()))
            total = sum(unread.values())
            attributes = sum(n for name, n in unread.items() if "/@" in name)
            one, many = (
                ("element", "elements")
                if not attributes
                else ("attribute", "attributes")
                if attributes == total
                else ("element or attribute", "elements and attributes")
            )
            self.warn(
                ImportIssueCode.NOT_REPRESENTED,
                f"{total:,} {one if total == 1 else many} of the activities "
                f"{'has' if total == 1 else 'have'} no place in the model and "
                f"{'is' if total == 1 else 'are'} not imported: {kinds} (the first is here)",
                first[0],
                first[1],
            )
        self.report_extensions(root)

    def find_decimal_comma(self, root: Element) -> tuple[str, str] | None:
        """Return where a file first writes a number with a decimal comma, and the number.

        The numbers looked at are those written by the publisher as numbers: the ``@value``
        of every indicator's ``baseline``, ``target`` and ``actual`` (but those of nominal and
        qualitative measures, codes and words) and the ``@percentage`` of every activity's
        ``recipient-country``, ``recipient-region`` and ``sector``, in every activity of the
        file, imported or not. The file either writes one or does not, whatever the order of
        its elements; the first in document order is named. Time linear in the file.
        """
        for act, apath in _indexed(root, "iati-activity", ""):
            for name in ("recipient-country", "recipient-region", "sector"):
                for elem, epath in _indexed(act, name, apath):
                    raw = elem.get("percentage")
                    if raw is not None and _writes_decimal_comma(raw):
                        return f"{epath}/@percentage", raw
            for result, rpath in _indexed(act, "result", apath):
                for ind, ipath in _indexed(result, "indicator", rpath):
                    if (ind.get("measure") or "").strip() in _NOT_QUANTITIES:
                        continue
                    valued = list(_indexed(ind, "baseline", ipath))
                    for period, ppath in _indexed(ind, "period", ipath):
                        valued += _indexed(period, "target", ppath)
                        valued += _indexed(period, "actual", ppath)
                    for elem, epath in valued:
                        raw = elem.get("value")
                        if raw is not None and _writes_decimal_comma(raw):
                            return f"{epath}/@value", raw
        return None

    def ambiguous(self, raw: str) -> str | None:
        """Return why a value is ambiguous in the file being read, or ``None``.

        In a file that writes a decimal comma (:meth:`find_decimal_comma`), a number read thanks
        to one thousands separator alone (``"1,350"``, ``"£1,350"``) may be 1.35 as well as
        1350, as the CSV readers hold (:func:`~._sheets.ambiguous_beside_decimal_commas`), and
        so may one with a point before exactly three digits (``"1.350"``), which such locales
        write for 1350, as a CSV file separated by ``;`` holds
        (:func:`~._sheets.ambiguous_in_decimal_comma_file`). The decimal is written with a
        fourth decimal there (``1.3500``), which no locale reads as thousands.
        """
        if self.comma is None:
            return None
        readings = _two_readings(raw)
        if readings is None:
            return None
        point, whole, sep = readings
        where, example = self.comma
        how = (
            "a decimal comma, or {whole} with grouped thousands"
            if sep == ","
            else "a decimal point, or {whole} with the point grouping thousands"
        ).format(whole=whole)
        return (
            f"{shown(raw)} is ambiguous in a file that writes decimal commas ({where} holds "
            f"{shown(example)}): {point} with {how} (write {whole} for the thousands, or "
            f"{point}0 for the decimal)"
        )

    def report_extensions(self, root: Element) -> None:
        """Report the elements of other namespaces than the root's: one issue per name.

        The IATI standard lets publishers extend it with elements of their own namespace, and
        asks readers that do not know them to ignore them: ``<acme:activity-date>`` is not an
        activity date, nor ``<acme:participating-org>`` a partner. Each name is reported once
        (``not-represented``) with its number, at the first element of that name.
        """
        if not any(_is_extension(elem.tag) for elem in self.lines):
            return  # the first element of every name has its line: no extension in the file
        found: dict[str, list[Any]] = {}  # name -> [count, path of the first, first]
        for name, path, elem in _extensions(root, self.copies):
            held = found.setdefault(name, [0, path, elem])
            held[0] += 1
        for name, (n, path, elem) in found.items():
            uri, local = name[1:].split("}", 1)
            where = f"the namespace {shown(uri)}" if uri else "no namespace"
            self.warn(
                ImportIssueCode.NOT_REPRESENTED,
                f"{plural(n, 'element')} <{shown(local)[1:-1]}> of {where}, an extension of "
                "the IATI standard (whose elements are in the root element's namespace): not "
                "imported, as the standard asks of readers that do not know an extension (the "
                "first is here)",
                path,
                elem,
            )

    def _version(self, act: Element, path: str, root_version: str | None) -> None:
        version = act.get("version") or root_version
        if version is None:  # d-portal puts it in its own namespace on each activity
            version = next((v for k, v in act.attrib.items() if _local(k) == "version"), None)
        if version is None:
            self.warn(
                ImportIssueCode.NO_VERSION,
                "no @version on the file or activity; read as IATI 2.0x",
                path,
                act,
            )
        elif not version.strip().startswith("2."):
            self.warn(
                ImportIssueCode.UNSUPPORTED_VERSION,
                f"IATI version {shown(version)} is not 2.0x; read as 2.0x as far as possible",
                f"{path}/@version",
                act,
                version,
            )

    def skip_copy(
        self,
        act: Element,
        path: str,
        ident_path: str,
        ident_elem: Element | None,
        act_id: str,
        chosen: _Copy,
    ) -> None:
        """Report a copy of an activity skipped for the one :meth:`collect_activities` chose."""
        stamp = _timestamp(act.get("last-updated-datetime"))
        where = _printable(Path(chosen.source).name) + (
            f":{chosen.line}" if chosen.line is not None else ""
        )
        if chosen.stamp is not None and (stamp is None or chosen.stamp > stamp):
            why = (
                f"the copy at {where}, last updated {chosen.stamp.isoformat()} (this one "
                f"{'not dated' if stamp is None else stamp.isoformat()}), is kept"
            )
        elif chosen.act_id != act_id or chosen.text() != _Copy(act, act_id, stamp, "", None).text():
            why = (
                f"the copy at {where} is kept (neither says it was updated later: of such "
                "copies, the one whose id, then XML text (XML whitespace and orders the "
                "import does not read left out), comes first in code-point order)"
            )
        elif chosen.source == self.source:  # nothing tells them apart
            why = (
                f"the copy at {where} is kept (the copies are identical{_SAME}: the first is kept)"
            )
        else:  # identical copies: the files tell them apart (:meth:`_Copy.replaces`)
            why = (
                f"the copy at {where} is kept (the copies are identical{_SAME}: of such "
                "copies, the one of the file generated latest when the activity gives no "
                "@last-updated-datetime, then one of a file that writes decimal commas, then "
                "the one whose file's path comes first in code-point order)"
            )
        state = _NOT_RUNNING.get(_status(chosen.element))
        if state is not None:  # the copy kept is the one the file says it is now: not imported
            why += f", and it is {state}: the activity is not imported"
        if chosen.act_id == act_id:
            self.warn(
                ImportIssueCode.DUPLICATE_ACTIVITY,
                f"activity {shown(act_id)} is imported once: {why}; this copy is skipped",
                path,
                act,
                act_id,
            )
        else:
            self.warn(
                ImportIssueCode.CASE_VARIANT,
                f"activity {shown(act_id)} differs from {shown(chosen.act_id)} only in case or "
                f"Unicode form, and ids are told apart caseless: {why}; this one is skipped",
                ident_path,
                act if ident_elem is None else ident_elem,
                act_id,
            )

    def read_activity(self, act: Element, path: str, root_version: str | None) -> None:
        """Read one activity; a copy skipped for another is added to :attr:`copies`.

        Of a copy skipped, only the issue that says so is reported: what its version or its
        id would have said is about an activity not imported (a file given twice repeated every
        issue of the first reading, and said the copy was imported once).
        """
        issued = len(self.issues)
        self._version(act, path, root_version)
        lang = act.get(_XML_LANG) or "en"
        ident_elem, ident_path = _first(act, "iati-identifier", path)
        raw_id = ident_elem.text or "" if ident_elem is not None else ""
        act_id = raw_id.strip()
        made_up = f"{self.file_name}#{path}"
        if act_id and (why := _refused(IDENT, act_id)) is not None:
            self.warn(
                ImportIssueCode.INVALID_TEXT,
                f"the iati-identifier is refused: {why}; given the id {shown(made_up)}",
                ident_path,
                ident_elem,
                raw_id,
            )
            act_id = made_up
        elif not act_id:
            act_id = made_up
            self.warn(
                ImportIssueCode.NO_IDENTIFIER,
                f"activity without iati-identifier; given the id {shown(act_id)}",
                ident_path,
                act if ident_elem is None else ident_elem,
                raw_id or None,
            )
        elif act_id != raw_id:
            self.warn(
                ImportIssueCode.IDENTIFIER_WHITESPACE,
                "leading/trailing whitespace removed from the iati-identifier (inner spaces kept)",
                ident_path,
                ident_elem,
                raw_id,
            )
        form = id_form(act_id)
        chosen = self.chosen.get(form)
        if chosen is not None and chosen.element is not act:
            del self.issues[issued:]
            self.copies.add(act)
            self.skip_copy(act, path, ident_path, ident_elem, act_id, chosen)
            return
        first = self.activity_ids.get(form)
        if first is not None:
            del self.issues[issued:]
            self.copies.add(act)
        if first == act_id:
            self.warn(
                ImportIssueCode.DUPLICATE_ACTIVITY,
                f"activity {shown(act_id)} was already imported; this later copy is skipped",
                path,
                act,
                act_id,
            )
            return
        if first is not None:
            self.warn(
                ImportIssueCode.CASE_VARIANT,
                f"activity {shown(act_id)} differs from {shown(first)}, imported before, only "
                "in case or Unicode form, and ids are told apart caseless; this later activity "
                "is skipped",
                ident_path,
                act if ident_elem is None else ident_elem,
                act_id,
            )
            return
        self.activity_ids[form] = act_id
        if not self.read_status(act, path, act_id):
            return

        title_elem, title_path = _first(act, "title", path)
        name, refused = self.name(title_elem, lang, title_path, "the title", "named by its id")
        if name is None:
            name = act_id
            if not refused:
                self.warn(
                    ImportIssueCode.NO_TITLE,
                    "activity without a title; named by its id",
                    title_path,
                    act,
                )

        members = self.read_orgs(act, path, lang)
        reporting, rep_path = _first(act, "reporting-org", path)
        if not members and reporting is not None:
            pid = self.add_org(reporting, rep_path, lang, role=None)
            if pid is not None:
                members = [_OrgRef(pid, "")]
                self.warn(
                    ImportIssueCode.NO_PARTICIPATING_ORG,
                    "activity without participating-org; its reporting-org is used as partner",
                    rep_path,
                    reporting,
                )
        # each partner's best role, by the form of its id; ordered, and the lead chosen, once
        # every partner's id is spelt (:meth:`order_partners`)
        ranks: dict[str, int] = {}
        for m in members:
            rank = _ROLE_RANK.get(m.role, len(_ROLE_RANK))
            form = id_form(m.partner_id)
            ranks[form] = min(rank, ranks.get(form, rank))
        unique = dict.fromkeys(m.partner_id for m in members)  # each id once
        partner_ids = list(unique)
        # the reporting organisation, as the model tells ids apart (its @ref may differ in case
        # from the participating-org's); an actual's reporter only if it takes part
        reporter, rep_ref, rep_name = self.partner_of(reporting, lang)
        if reporter not in unique:
            reporter = None
        lost_reporter = bool(rep_ref or rep_name) and reporter is None

        self.updated = self.last_updated(act)
        start, end = self.read_dates(act, path, act_id)
        places = self.read_places(act, path)

        contributes: dict[str, float] = {}
        observed = self.n_observations
        for r, (result, rpath) in enumerate(_indexed(act, "result", path), start=1):
            for i, (ind, ipath) in enumerate(_indexed(result, "indicator", rpath), start=1):
                indicator = self.read_indicator(
                    ind, ipath, f"{act_id}/{r}.{i}", result, lang, reporter
                )
                self.indicators.append(indicator)
                contributes[indicator.id] = 1.0
        observed = self.n_observations - observed
        if lost_reporter and observed:
            # who reported a value decides whether a partner counts as reporting (the
            # non-reporting-partner gap, the phases): an unmatched ref loses it for every value
            values = f"{observed} reported value{'s have' if observed != 1 else ' has'}"
            if rep_ref:
                self.warn(
                    ImportIssueCode.UNMATCHED_REPORTER,
                    f"the reporting-org @ref {shown(rep_ref)} is none of the activity's "
                    f"participating organisations, so its {values} no reporter (a ref spelt "
                    "differently from the participating-org's?)",
                    f"{rep_path}/@ref",
                    reporting,
                    rep_ref,
                )
            else:
                self.warn(
                    ImportIssueCode.UNMATCHED_REPORTER,
                    f"the reporting-org has no @ref and its name {shown(rep_name)} is none of "
                    f"the activity's participating organisations', so its {values} no reporter",
                    rep_path,
                    reporting,
                    rep_name,
                )

        if not partner_ids:
            self.warn(
                ImportIssueCode.NO_PARTNER,
                f"activity {shown(act_id)} names no organisation at all; it is not imported (its "
                "indicators are)",
                path,
                act,
            )
            return
        if end is None:
            self.check_ended(act, path, act_id, start)
        self.leads.append(
            _Lead(
                act_id=act_id,
                ranks=ranks,
                reporter=None if reporter is None else id_form(reporter),
                source=self.source,
                path=path,
                line=self.lines.get(act),
            )
        )
        self.activities.append(
            Activity(
                id=act_id,
                name=name,
                partners=partner_ids,
                contributes=contributes,
                places=places,
                start=start,
                end=end,
            )
        )
        # read once every partner is known: an organisation may take part in a later activity
        self.transactions[-1][2].extend(
            _Transaction(tx, tpath, lang, reporting)
            for tx, tpath in _indexed(act, "transaction", path)
        )

    def read_status(self, act: Element, path: str, act_id: str) -> bool:
        """Report the ``activity-status`` of an activity, and return whether to import it.

        The model says when an activity runs by its dates alone, so an activity that never
        ran or does not run would be counted as running between its dates. Cancelled (5): not
        imported (``cancelled-activity``). Suspended (6): not imported either
        (``suspended-activity``): it has stopped, but no element says when (an end at the
        file's or the activity's last-updated date would be a guess, and would say it ended
        for good), and it may resume. Either way its results are not imported with it (an
        indicator nothing moves would look like a gap), and its organisations are partners
        only through other activities. Pipeline/identification (1): imported, but its dates
        are planned ones (``planned-activity``), checked against the status
        (:meth:`check_planned_start`, :meth:`check_planned_end`). Implementation,
        finalisation and closed (2, 3, 4) are imported as they are; another code, or none in
        an ``activity-status``, is reported (``unknown-status``) and the activity imported.
        Further ``activity-status`` elements are counted as ``not-represented``.
        """
        elem, spath = _first(act, "activity-status", path)
        if elem is None:
            return True
        raw = elem.get("code")
        code = (raw or "").strip()
        state = _NOT_RUNNING.get(code)
        if state is not None:
            n = sum(len(_children(r, "indicator")) for r in _children(act, "result"))
            results = f", nor {'is' if n == 1 else 'are'} its {plural(n, 'indicator')}" if n else ""
            why = (
                "it never ran"
                if code == "5"
                else "it has stopped, since a date no element gives, and may resume (an end "
                "at the file's date would be a guess)"
            )
            self.warn(
                ImportIssueCode.CANCELLED_ACTIVITY
                if code == "5"
                else ImportIssueCode.SUSPENDED_ACTIVITY,
                f"activity {shown(act_id)} is {state} (activity-status {code}): {why}, and its "
                f"dates would count it as running between them; it is not imported{results}, "
                "and its organisations are partners only through other activities",
                f"{spath}/@code",
                elem,
                raw,
            )
            return False
        if code == "1":
            self.warn(
                ImportIssueCode.PLANNED_ACTIVITY,
                f"activity {shown(act_id)} is only planned (activity-status 1, pipeline/"
                "identification): imported, but its dates are planned ones, and it is counted "
                "as running between them (a planned date its status says has passed by its "
                "last update is reported apart)",
                f"{spath}/@code",
                elem,
                raw,
            )
        elif code not in _RUNNING:
            self.warn(
                ImportIssueCode.UNKNOWN_STATUS,
                f"activity-status @code {shown(raw or '')} is not an ActivityStatus code (1-6); "
                "the activity is imported as if running between its dates",
                f"{spath}/@code",
                elem,
                raw,
            )
        return True

    def check_ended(self, act: Element, path: str, act_id: str, start: dt.date | None) -> None:
        """Report a finished activity imported without an end date (``no-end-date``).

        An activity in finalisation (3) or closed (4) has ended, but without an actual end
        (``activity-date`` type 4) or a planned one (3) that can be read, the model counts it
        as running on every date after its start. It is not ended at the file's or the
        activity's last-updated date: that says when its record last changed, not when the
        activity ended (a closed activity may be updated years later), so ending it there
        would be a guess, as for a suspended activity (:meth:`read_status`).
        """
        elem, spath = _first(act, "activity-status", path)
        raw = elem.get("code") if elem is not None else None
        code = (raw or "").strip()
        state = _ENDED.get(code)
        if state is None:
            return
        after = f"after its start {start.isoformat()}" if start is not None else "(nor a start)"
        self.warn(
            ImportIssueCode.NO_END_DATE,
            f"activity {shown(act_id)} is {state} (activity-status {code}), but has no end date "
            "the import can use (neither an actual end, activity-date type 4, nor a planned "
            f"end, type 3): it is counted as running on every date {after}, as if it were "
            "still under way; give it its end date (it is not ended at its last-updated date, "
            "which says when its record last changed, not when it ended)",
            f"{spath}/@code",
            elem,
            raw,
        )

    def read_places(self, act: Element, path: str) -> tuple[str, ...]:
        """Return the recipient countries' codes, each once as the model compares labels.

        A code repeating one met before in the activity once compared (``KE``, ``ke``:
        :func:`~collective_impact.model.labels.normalize_label`) is reported
        (``duplicate-country``) and left out, the first kept, as the model refuses it.
        """
        places: dict[str, str] = {}  # the compared form -> the code first met
        for country, cpath in _indexed(act, "recipient-country", path):
            code = (country.get("code") or "").strip()
            why = _refused(_NAME, code) if code else None
            if why is not None:
                self.warn(
                    ImportIssueCode.INVALID_TEXT,
                    f"the country @code is refused: {why}; the country is left out",
                    f"{cpath}/@code",
                    country,
                    country.get("code"),
                )
            elif code:
                first = places.setdefault(normalize_label(code), code)
                if first != code:
                    self.warn(
                        ImportIssueCode.DUPLICATE_COUNTRY,
                        f"the country {shown(code)} repeats {shown(first)} (codes are compared "
                        f"caseless); merged with it",
                        f"{cpath}/@code",
                        country,
                        country.get("code"),
                    )
        self.check_percentages(act, path)
        return tuple(places.values())

    def check_percentages(self, act: Element, path: str) -> None:
        """Report country and region ``@percentage`` values that do not sum to 100.

        IATI asks the percentages of an activity's ``recipient-country`` and
        ``recipient-region`` elements, when given, to sum to 100 (the model keeps none of them:
        the ``not-represented`` issue says so).
        """
        total, given = 0.0, []
        for name in ("recipient-country", "recipient-region"):
            for elem in _children(act, name):
                raw = elem.get("percentage")
                if raw is None:
                    continue
                given.append(raw.strip())
                value = _parse_value(raw)[0] if raw.strip() else None
                total += value if value is not None else math.nan
        if given and not abs(total - 100) <= 0.01:  # nan (a percentage unread) is reported too
            self.warn(
                ImportIssueCode.PERCENTAGE_SUM,
                f"the recipient-country and recipient-region percentages "
                f"({', '.join(shown(g) for g in given)}) do not sum to 100",
                path,
                act,
                " + ".join(given),
            )

    def read_dates(
        self, act: Element, path: str, act_id: str
    ) -> tuple[dt.date | None, dt.date | None]:
        """Return an activity's start and end (:attr:`updated` must be the activity's).

        The actual start (``activity-date`` type 2), else the planned one (1); the actual end
        (4), else the planned one (3), checked against the activity's status
        (:meth:`check_planned_end`).
        """
        found: dict[str, list[tuple[dt.date, Element, str]]] = {}
        for d, dpath in _indexed(act, "activity-date", path):
            raw_kind = d.get("type")
            kind = (raw_kind or "").strip()
            kind = _DATE_TYPE_WORDS.get(kind.casefold(), kind)
            if kind not in {"1", "2", "3", "4"}:
                self.warn(
                    ImportIssueCode.UNKNOWN_DATE_TYPE,
                    f"activity-date @type {shown(raw_kind or '')} is not an ActivityDateType "
                    "code (1-4, or an IATI 1.0x word such as 'start-actual'): neither a start "
                    "nor an end; ignored",
                    f"{dpath}/@type",
                    d,
                    raw_kind,
                )
                continue
            raw = d.get("iso-date")
            value = _date(raw)
            if value is None:
                self.warn(
                    ImportIssueCode.BAD_DATE,
                    "activity-date without a valid @iso-date is ignored",
                    f"{dpath}/@iso-date",
                    d,
                    raw,
                )
            else:
                found.setdefault(kind, []).append((value, d, dpath))
        dates: dict[str, dt.date] = {}
        where: dict[str, tuple[Element, str]] = {}  # the element and path of each date used
        for kind, given in found.items():
            # starts (1, 2): the earliest; ends (3, 4): the latest, whatever their order
            latest = kind in {"3", "4"}
            chosen = max(given, key=lambda g: g[0]) if latest else min(given, key=lambda g: g[0])
            dates[kind] = chosen[0]
            where[kind] = chosen[1], chosen[2]
            for value, d, dpath in given:
                if value != chosen[0]:
                    self.warn(
                        ImportIssueCode.REPEATED_DATE,
                        f"another activity-date of @type {shown(kind)} gives "
                        f"{chosen[0].isoformat()}; the {'latest' if latest else 'earliest'} is "
                        "used, this one is not",
                        f"{dpath}/@iso-date",
                        d,
                        d.get("iso-date"),
                    )
        start = dates.get("2") or dates.get("1")
        end = dates.get("4") or dates.get("3")
        if start is not None and end is not None and start > end:
            self.warn(
                ImportIssueCode.END_BEFORE_START,
                f"activity end {end.isoformat()} is before its start {start.isoformat()}; the "
                "end is left out",
                path,
                act,
                end.isoformat(),
            )
            end = None
        reported = False  # whether its results say it had begun by its last update
        if "2" not in dates and "4" not in dates:  # no actual date: the status is the evidence
            start, reported = self.check_planned_start(
                act, path, act_id, start, *where.get("1", (None, ""))
            )
        if end is not None and "4" not in dates:
            end = self.check_planned_end(
                act, act_id, end, *where["3"], start=start, reported=reported
            )
        return start, end

    def check_planned_start(
        self,
        act: Element,
        path: str,
        act_id: str,
        start: dt.date | None,
        elem: Element | None,
        dpath: str,
    ) -> tuple[dt.date | None, bool]:
        """Return the start of an activity without actual dates, checked against its status.

        And whether its results say it had begun by its last update. Pipeline/identification
        (1) says the activity is "being scoped or planned" as of its last update
        (:attr:`updated`): it had not begun then. A planned start (``activity-date`` type 1)
        on or before the activity's own ``@last-updated-datetime``, or no start at all, would
        count it as running before that update; it is counted as running from the day after
        it instead (``start-against-status``; a planned start after it is kept). That day is
        a convention: the model counts whole days, and the status is taken to hold for the
        whole day of the update (as :meth:`check_planned_end` takes a planned end on that day
        to have passed), though an update stamped 10:00 leaves the rest of its day open; the
        activity cannot have begun before the update.

        Unless its own results report an actual (a number other than 0 and than its
        indicator's baselines: publishers pre-fill results with 0) of a period begun on or
        before that update (its start, else its end, :meth:`period_dates`; one ending after the
        update is the progress up to it, :meth:`after_update`): a result achieved then is
        evidence that the activity had begun, against its status. The planned start is
        kept then (no start stays open), and the conflict reported, naming the earliest such
        actual, without saying which of the two holds. Before only the file's
        ``@generated-datetime``, which bounds the status's date from above but is no evidence
        that it was recorded after the planned start, the planned start is kept and the
        conflict reported as possible (a missing start is left open: no date contradicts the
        status). Not called when the activity gives an actual start or end (type 2 or 4),
        which is taken as it is.
        """
        if self.updated is None or _status(act) != "1":
            return start, False
        day, what = self.updated
        if start is not None and start > day:
            return start, False
        state = f"activity {shown(act_id)} is in pipeline/identification (activity-status 1)"
        own = _date(act.get("last-updated-datetime")) is not None
        if not own:
            if start is None or elem is None:
                return start, False
            self.warn(
                ImportIssueCode.START_AGAINST_STATUS,
                f"{state} in a file generated {day.isoformat()}, on or after its only start "
                f"date, the planned start {start.isoformat()} (activity-date type 1), but the "
                "activity gives no @last-updated-datetime: the file's date is only the latest "
                "its status can date from, so the status may be older than the planned start, "
                f"and the planned start is kept (it is counted as running from "
                f"{start.isoformat()}); if it had not begun by then, give it its "
                "@last-updated-datetime or its new planned start",
                f"{dpath}/@iso-date",
                elem,
                elem.get("iso-date"),
            )
            return start, False
        if start is None or elem is None:  # at the status, which says it had not begun
            status, spath = _first(act, "activity-status", path)
            where_path, where_elem = f"{spath}/@code", status
            raw = status.get("code") if status is not None else None
        else:
            where_path, where_elem, raw = f"{dpath}/@iso-date", elem, elem.get("iso-date")
        reported = _reported_by(act, day)
        if reported is not None:
            n, span, value, apath = reported
            actuals = (
                "an actual (not 0, nor its indicator's baseline) of a period"
                if n == 1
                else f"{n:,} actuals (not 0, nor their indicator's baseline) of periods"
            )
            kept = (
                "it gives no start date (activity-date type 1 or 2), so its start is left open "
                "(it is counted as running on every date before its end)"
                if start is None
                else f"its planned start {start.isoformat()} (activity-date type 1) is kept (it "
                f"is counted as running from {start.isoformat()})"
            )
            self.warn(
                ImportIssueCode.START_AGAINST_STATUS,
                f"{state} as of its last update ({what}), which says it was still being scoped "
                f"or planned then, not begun, but its results report {actuals} "
                f"begun on or before that update ({'' if n == 1 else 'the earliest, '}"
                f"{shown(value)} for {span}, at "
                f"{apath}), a result achieved by then: the status "
                f"and the results disagree, and {kept}; give it its actual start (type 2), or "
                "correct its status or its results",
                where_path,
                where_elem,
                raw,
            )
            return start, True
        begun = day + dt.timedelta(days=1)
        given = (
            "it gives no start date (activity-date type 1 or 2), which would count it as "
            "running on every date before that update too"
            if start is None
            else f"its only start date is the planned start {start.isoformat()} (activity-date "
            "type 1), on or before that update: the plan has passed"
        )
        instead = "" if start is None else f", not from {start.isoformat()}"
        self.warn(
            ImportIssueCode.START_AGAINST_STATUS,
            f"{state} as of its last update ({what}): it was still being scoped or planned "
            "then, so it had not begun (nor do its results report an actual other than 0 and "
            "than its indicator's baseline of a period begun on or before that update), but "
            f"{given}; it is counted as running from "
            f"{begun.isoformat()}, the day after that update{instead} (it cannot have begun "
            "before the update, and the import takes a status to hold for the whole day of its "
            "update, as the model counts whole days); give it its actual start (type 2) or its "
            "new planned start",
            where_path,
            where_elem,
            raw,
        )
        return begun, False

    def check_planned_end(
        self,
        act: Element,
        act_id: str,
        end: dt.date,
        elem: Element,
        dpath: str,
        *,
        start: dt.date | None,
        reported: bool = False,
    ) -> dt.date | None:
        """Return the end of an activity whose end is a planned one, checked against its status.

        A planned end (``activity-date`` type 3) is a plan; the ``activity-status`` the publisher
        gives, as of the activity's last update (:attr:`updated`), is later evidence.
        Pipeline/identification (1) or implementation (2) with a planned end before the activity's
        own ``@last-updated-datetime`` (for pipeline, on or before it: it had not begun by then,
        :meth:`check_planned_start`, unless its results report a non-zero actual of a period begun
        on or before it, ``reported``, or looked up here): the activity had not ended when the
        planned end had passed, so the end is left open (ending it on the planned date would take it
        out of every score from then, a date nothing says it ended on). Before only the file's
        ``@generated-datetime``, which bounds the status's date from above but is no evidence it was
        recorded after the planned end (a registry dump of 2023 holds records last touched in 2020),
        the planned end is kept and the conflict reported as possible. Finalisation (3) or closed
        (4) with a planned end after that update, the file's date included (an upper bound is
        evidence enough that it had ended by then): the activity had ended, but on a date no element
        gives, so the planned end is kept. Each is reported (``end-against-status``); without a
        last-updated date nothing is checked.
        """
        code = _status(act)
        if self.updated is None or code not in _RUNNING:
            return end
        day, what = self.updated
        raw = elem.get("iso-date")
        if code in _ENDED and end > day:
            self.warn(
                ImportIssueCode.END_AGAINST_STATUS,
                f"activity {shown(act_id)} is {_ENDED[code]} (activity-status {code}) as of its "
                f"last update ({what}), but its only end date is the planned end "
                f"{end.isoformat()} (activity-date type 3), after that update: it is counted as "
                f"running until {end.isoformat()}, though its status says it had ended by "
                f"{day.isoformat()}; give it its actual end date (type 4)",
                f"{dpath}/@iso-date",
                elem,
                raw,
            )
            return end
        if code == "1" and end <= day and not reported:  # results achieved by then?
            reported = _reported_by(act, day) is not None
        # pipeline (1): not begun as of that day, so a plan ending on it has passed too, unless
        # its results say it had begun (then as in implementation)
        if code not in _ENDED and (end < day or (code == "1" and not reported and end == day)):
            state = "in pipeline/identification" if code == "1" else "in implementation"
            if _date(act.get("last-updated-datetime")) is None:
                # the file's date is only the latest the status can date from: a dump of 2023
                # holds records last touched in 2020, so nothing says the plan had passed
                self.warn(
                    ImportIssueCode.END_AGAINST_STATUS,
                    f"activity {shown(act_id)} is {state} (activity-status {code}) in a file "
                    f"generated {day.isoformat()}, {'on' if end == day else 'after'} its only "
                    "end date, the planned end "
                    f"{end.isoformat()} (activity-date type 3), but the activity gives no "
                    "@last-updated-datetime: the file's date is only the latest its status can "
                    "date from, so the status may be older than the planned end and the "
                    f"planned end is kept (it is counted as running until {end.isoformat()}); "
                    "if it still runs, give it its @last-updated-datetime, its actual end "
                    "(type 4) or its new planned end",
                    f"{dpath}/@iso-date",
                    elem,
                    raw,
                )
                return end
            if code == "1":
                # still being scoped or planned: it had not ended (nor, without an actual
                # start or a result achieved by then, begun), so "still runs" would be false
                since = "after its start" if start is None else f"from {start.isoformat()}"
                if reported:  # its results say it had begun: the status is no fact
                    had = (
                        "the activity had not ended then (its status says it was still being "
                        "scoped or planned, though its results report a result achieved by then)"
                    )
                elif start is not None and start <= day:  # an actual start, taken as it is
                    had = (
                        "the activity had not ended then (its status says it was still being "
                        f"scoped or planned, though it gives an actual start, {start.isoformat()})"
                    )
                else:
                    had = (
                        "the activity, still being scoped or planned then, had not begun, let "
                        "alone ended"
                    )
                why = (
                    f"{'on or before' if end == day else 'before'} that update: the plan has "
                    f"passed, and {had}, so its end is left open (it is counted as running on "
                    f"every date {since}); give it its actual dates (types 2 and 4) or its new "
                    "planned ones"
                )
            else:
                why = (
                    "before that update: the plan has passed and the activity still runs, so "
                    "its end is left open (it is counted as running on every date after its "
                    "start); give it its actual end (type 4) or its new planned end"
                )
            self.warn(
                ImportIssueCode.END_AGAINST_STATUS,
                f"activity {shown(act_id)} is {state} (activity-status {code}) as of its last "
                f"update ({what}), but its only end date is the planned end {end.isoformat()} "
                f"(activity-date type 3), {why}",
                f"{dpath}/@iso-date",
                elem,
                raw,
            )
            return None
        return end

    def read_orgs(self, act: Element, path: str, lang: str) -> list[_OrgRef]:
        out: list[_OrgRef] = []
        for org, opath in _indexed(act, "participating-org", path):
            role = (org.get("role") or "").strip()
            role = _ROLE_WORDS.get(role.casefold(), role)  # "Implementing" of IATI 1.0x is 4
            mapped = ORGANISATION_ROLE.get(role)
            if mapped is None:
                self.warn(
                    ImportIssueCode.UNKNOWN_ROLE,
                    "participating-org without a known @role (OrganisationRole 1-4, or an IATI "
                    "1.0x word such as 'Implementing'); no role given",
                    f"{opath}/@role",
                    org,
                    org.get("role"),
                )
            pid = self.add_org(org, opath, lang, mapped)
            if pid is not None:
                out.append(_OrgRef(pid, role))
        return out

    def partner_of(self, org: Element | None, lang: str) -> tuple[str | None, str, str | None]:
        """Return the partner an organisation element names, its ``@ref`` and its name.

        The partner is found as :meth:`add_org` identifies one: by its ``@ref`` (trimmed,
        compared as the model compares ids), or without ``@ref`` by the id its name gives
        (:meth:`id_by_name`); ``None`` when it is no partner of those read so far. The ``@ref``
        is ``""`` when there is none; the name is read only without ``@ref`` (else ``None``).
        """
        if org is None:
            return None, "", None
        ref = (org.get("ref") or "").strip()
        if ref:
            return self.partner_ids.get(id_form(ref)), ref, None
        name = _narrative(org, lang)
        if name:  # no @ref: the id a participating-org of that name would have
            return self.partner_ids.get(id_form(self.id_by_name(name))), "", name
        return None, "", None

    def id_by_name(self, name: str) -> str:
        """Return the id of an organisation without ``@ref`` named ``name``.

        The ``@ref`` of the one organisation with a ``@ref`` and the same normalised name, when
        there is exactly one, else the normalised name with hyphens for spaces.
        """
        norm = _normalise_name(name)
        refs = self.named_refs.get(norm, {})
        if len(refs) == 1:
            return next(iter(refs.values()))
        return norm.replace(" ", "-") or "unnamed"

    def add_org(self, org: Element, opath: str, lang: str, role: Role | None) -> str | None:
        ref = (org.get("ref") or "").strip()
        if ref and (why := _refused(IDENT, ref)) is not None:
            self.warn(
                ImportIssueCode.INVALID_TEXT,
                f"the organisation's @ref is refused: {why}; the organisation is skipped",
                f"{opath}/@ref",
                org,
                org.get("ref"),
            )
            return None
        instead = "named by its @ref" if ref else "the organisation cannot be identified: skipped"
        name, refused = self.name(org, lang, opath, "the organisation's name", instead)
        if ref:
            pid = ref
        elif name:
            pid = self.id_by_name(name)
            if len(self.named_refs.get(_normalise_name(name), {})) == 1:  # merged by name
                how = f"merged by name with the organisation whose @ref is {shown(pid)}"
            else:
                why = _refused(IDENT, pid)
                if why is not None:  # a bidirectional control: fine in a name, not in an id
                    self.warn(
                        ImportIssueCode.INVALID_TEXT,
                        f"organisation without @ref, whose name gives no valid id: {why}; skipped",
                        opath,
                        org,
                        name,
                    )
                    return None
                how = f"identified by its normalised name as {shown(pid)}"
            self.warn(ImportIssueCode.NO_REF, f"organisation without @ref: {how}", opath, org, name)
        elif refused:
            return None
        else:
            self.warn(
                ImportIssueCode.UNIDENTIFIED_ORG,
                "organisation with neither @ref nor a name cannot be identified; skipped",
                opath,
                org,
            )
            return None
        raw_type = org.get("type")
        sector = ORGANISATION_TYPE_SECTOR.get((raw_type or "").strip())
        if raw_type is not None and sector is None:
            self.warn(
                ImportIssueCode.UNKNOWN_ORG_TYPE,
                f"@type {shown(raw_type)} is not an OrganisationType code; sector unknown",
                f"{opath}/@type",
                org,
                raw_type,
            )
        first = self.partner_ids.setdefault(id_form(pid), pid)
        if first != pid:
            self.warn(
                ImportIssueCode.CASE_VARIANT,
                f"organisation {shown(pid)} differs from {shown(first)}, met before, only in "
                "case or Unicode form, and ids are told apart caseless; merged with it (the "
                "partner's id is the spelling given most often, then the first in code-point "
                "order)",
                f"{opath}/@ref" if ref else opath,
                org,
                pid,
            )
            pid = first
        acc = self.partners.get(pid)
        if acc is None:
            acc = self.partners[pid] = _PartnerAcc(
                id=pid,
                sector=sector,
                roles=set(),
                first_path=opath,
                first_line=self.lines.get(org),
                source=self.source,
            )
        if ref:
            acc.spellings[ref] = acc.spellings.get(ref, 0) + 1
        if name:
            seen = acc.names.setdefault(name, [0, opath, self.lines.get(org), self.source])
            seen[0] += 1
        acc.refused = acc.refused or refused
        if sector is not None:  # chosen when the partners are made, whatever the order
            where = [0, f"{opath}/@type", self.lines.get(org), self.source, raw_type]
            acc.sectors.setdefault(sector, where)[0] += 1
            if acc.sector is None:
                acc.sector = sector
        if role is not None:
            acc.roles.add(role)
        return pid

    # ---- indicators

    def last_updated(self, act: Element) -> tuple[dt.date, str] | None:
        """Return the day an activity was last updated, and what says so, if the file does.

        Its ``@last-updated-datetime``, else the file root's ``@generated-datetime`` (the
        data can be no newer than the file), each the day as written, in its own timezone;
        ``None`` when neither is given as an ``xsd:date`` or ``xsd:dateTime``.
        """
        day = _date(act.get("last-updated-datetime"))
        if day is not None:
            return day, f"its @last-updated-datetime, {day.isoformat()}"
        if self.generated is not None:
            return self.generated, (
                f"the file's @generated-datetime, {self.generated.isoformat()} (the activity "
                "gives no @last-updated-datetime)"
            )
        return None

    def start_indicator(self, measure: str) -> None:
        """Forget the units and fractions of the values of the indicator read before."""
        self.units, self.fraction = {}, None
        self.percent = measure == "2"

    def result_level(self, result: Element, path: str) -> tuple[Level, Quadrant | None]:
        """Return the level and quadrant of an indicator of ``result`` (its ``@type``).

        An unknown or missing ``@type`` gives a performance indicator without a quadrant, as
        before, but now with a warning (once per result): it decides how the views group the
        indicator. ``path`` is the indicator's.
        """
        raw = result.get("type")
        code = (raw or "").strip()
        code = _RESULT_TYPE_WORDS.get(code.casefold(), code)  # "impact" of IATI 1.0x is 3
        found = RESULT_TYPE_LEVEL.get(code)
        if found is not None:
            return found
        if result not in self.unknown_results:
            self.unknown_results.add(result)
            self.warn(
                ImportIssueCode.UNKNOWN_RESULT_TYPE,
                f"result @type {shown(raw or '')} is not a ResultType code (1 output, 2 "
                "outcome, 3 impact, 9 other, or an IATI 1.0x word such as 'impact'): its "
                "indicators are read as performance indicators without a quadrant",
                f"{path.rsplit('/indicator[', 1)[0]}/@type",
                result,
                raw,
            )
        return Level.PERFORMANCE, None

    def read_indicator(
        self,
        ind: Element,
        path: str,
        ind_id: str,
        result: Element,
        lang: str,
        reporter: str | None,
    ) -> Indicator:
        title_elem, title_path = _first(ind, "title", path)
        name, refused = self.name(
            title_elem, lang, title_path, "the title", "named by its result's title or id"
        )
        if name is None:
            fallback = _narrative(_first(result, "title", "")[0], lang)
            name = fallback if fallback and _refused(_NAME, fallback) is None else ind_id
            if not refused:
                self.warn(
                    ImportIssueCode.NO_TITLE,
                    f"indicator without a title; named {shown(name)}",
                    title_path,
                    ind,
                )

        raw_measure = ind.get("measure")
        measure = (raw_measure or "").strip()
        if measure not in MEASURE_UNIT:
            self.warn(
                ImportIssueCode.NO_MEASURE if not measure else ImportIssueCode.UNKNOWN_MEASURE,
                "indicator @measure is empty or missing; read as a count (unit, code 1)"
                if not measure
                else f"@measure {shown(raw_measure)} is not an IndicatorMeasure code; no unit",
                f"{path}/@measure",
                ind,
                raw_measure,
            )
        elif measure in _NOT_QUANTITIES:
            # codes without order, or words: no number to judge, nor a way to be better
            level, quadrant = self.result_level(result, path)
            n = sum(
                1
                for kind in ("baseline", "period/target", "period/actual")
                for elem in ind.iterfind(kind)
                if (elem.get("value") or "").strip()
            )
            values = (
                f"its {plural(n, 'value')} (baseline, target, actual) {'is' if n == 1 else 'are'}"
            )
            self.warn(
                ImportIssueCode.NON_QUANTITATIVE_MEASURE,
                f"measure {measure} ({MEASURE_UNIT[measure]}): {_NOT_QUANTITIES[measure]}, not "
                f"quantities, so {values if n else 'its values would be'} not imported and the "
                "indicator is not judged (insufficient data)",
                f"{path}/@measure",
                ind,
                raw_measure,
            )
            return Indicator(
                id=ind_id,
                name=name,
                unit=MEASURE_UNIT[measure],
                level=level,
                quadrant=quadrant,
            )
        elif measure == "4":
            self.warn(
                ImportIssueCode.NON_QUANTITATIVE_MEASURE,
                f"measure {measure} ({MEASURE_UNIT[measure]}): values are ranks, not magnitudes; "
                "imported, but trends on them mean little",
                f"{path}/@measure",
                ind,
                raw_measure,
            )
        unit = MEASURE_UNIT.get(measure)

        raw_asc = ind.get("ascending")
        asc = (raw_asc or "").strip().casefold()
        # not stated: read from the target against the baseline, else unknown (never assumed
        # where a verdict turns on it, but for a target without a baseline; below)
        direction: Direction | None = None
        if asc in {"1", "true"}:
            direction = Direction.INCREASE
        elif asc in {"0", "false"}:
            direction = Direction.DECREASE
            if measure in {"", "1"}:
                self.warn(
                    ImportIssueCode.DESCENDING_COUNT,
                    f"ascending={shown(raw_asc)} on a count indicator: kept as 'decrease', but "
                    "some publishers set it on every indicator — check that fewer is really "
                    "better",
                    f"{path}/@ascending",
                    ind,
                    raw_asc,
                )
        elif asc not in {"", "1", "true"}:
            self.warn(
                ImportIssueCode.BAD_ASCENDING,
                f"@ascending {shown(raw_asc)} is not 0/1; ignored (which way is better is "
                "read from the target against the baseline, else left unknown)",
                f"{path}/@ascending",
                ind,
                raw_asc,
            )

        level, quadrant = self.result_level(result, path)
        self.start_indicator(measure)
        baseline = self.read_baseline(ind, path)
        target, observations = self.read_periods(ind, path, reporter)
        if len(self.units) > 1:
            marks = ", ".join(f"{shown(m)} (first at {p})" for m, p in sorted(self.units.items()))
            self.warn(
                ImportIssueCode.MIXED_UNITS,
                f"the indicator's values are written with different units: {marks}; they are "
                "compared as bare numbers — check that they are in one unit",
                path,
                ind,
                ", ".join(sorted(self.units)),
            )
        elif "%" in self.units and self.fraction is not None:
            # "60%" is read as 60 and a bare 0.55 as 0.55: a share written two ways is then
            # compared a hundredfold apart (off-track at 0.3 % of the way to its target)
            self.warn(
                ImportIssueCode.MIXED_UNITS,
                f"the indicator's values are written with '%' (first at {self.units['%']}) and "
                f"as bare numbers of at most 1 (first at {self.fraction}), which may be "
                "fractions: '60%' is read as 60 and '0.6' as 0.6 — check that they are in one "
                "scale",
                path,
                ind,
                "%, bare",
            )
        self.n_observations += len(observations)
        explicit = asc in {"0", "false", "1", "true"}
        if baseline is not None and target is not None:
            direction, target = self.check_target(
                ind, path, baseline, target, direction, explicit=explicit
            )
        elif target is not None and direction is None:
            # a target alone cannot say which way is better, and the verdict turns on it (an
            # obesity rate rising 24 -> 30 towards 18 is "met" if higher is better)
            direction = Direction.INCREASE
            self.warn(
                ImportIssueCode.DIRECTION_ASSUMED,
                "no usable @ascending and no baseline: 'increase' assumed (IATI's default), "
                "which decides whether the target is met; check that higher is better",
                f"{path}/@ascending",
                ind,
                raw_asc,
            )
        return Indicator(
            id=ind_id,
            name=name,
            unit=unit,
            direction=direction,
            level=level,
            quadrant=quadrant,
            baseline=baseline,
            target=target,
            observations=observations,
        )

    def check_target(
        self,
        ind: Element,
        path: str,
        baseline: DatedValue,
        target: DatedValue,
        direction: Direction | None,
        *,
        explicit: bool,
    ) -> tuple[Direction | None, DatedValue | None]:
        """Reconcile a target with the baseline and direction, as the model requires.

        A target dated on or before the baseline is left out (the model refuses it, and the
        whole import failed on it), and so is a target equal to the baseline (progress towards
        it is undefined). Without a usable ``@ascending`` the side of the target says which way
        is better (``direction`` stays ``None``; a target below the baseline is reported, as
        IATI's default is ``increase``); a target against an explicit ``@ascending`` is left
        out. Each case is reported.
        """
        b, t = baseline.value, target.value
        if target.date <= baseline.date:
            self.warn(
                ImportIssueCode.TARGET_BEFORE_BASELINE,
                f"the target's date {target.date.isoformat()} is not after the baseline's "
                f"{baseline.date.isoformat()}: progress from the baseline towards it cannot be "
                "measured; the target is left out",
                f"{path}/period",
                ind,
            )
            return direction, None
        if t == b:
            self.warn(
                ImportIssueCode.TARGET_EQUALS_BASELINE,
                f"the target {t:g} equals the baseline: progress towards it cannot be measured; "
                "the target is left out",
                f"{path}/period",
                ind,
            )
            return direction, None
        if direction is not None and (t > b) == (direction is Direction.INCREASE):
            return direction, target
        side = "below" if t < b else "above"
        implied = Direction.DECREASE if t < b else Direction.INCREASE
        if not explicit:
            if implied is Direction.DECREASE:  # against IATI's default: worth a word
                self.warn(
                    ImportIssueCode.DIRECTION_FROM_TARGET,
                    f"no usable @ascending, and the target {t:g} is {side} the baseline {b:g}: "
                    f"read as {implied.value!r}",
                    f"{path}/@ascending",
                    ind,
                    ind.get("ascending"),
                )
            return None, target  # the model reads it from the target
        assert direction is not None  # explicit
        self.warn(
            ImportIssueCode.TARGET_AGAINST_ASCENDING,
            f"@ascending says {direction.value!r}, but the target {t:g} is {side} the baseline "
            f"{b:g}; the target is left out",
            f"{path}/@ascending",
            ind,
            ind.get("ascending"),
        )
        return direction, None

    def value(self, elem: Element, path: str, what: str) -> float | None:
        raw = elem.get("value")
        vpath = f"{path}/@value"
        if raw is None or not raw.strip():
            comment = _narrative(_first(elem, "comment", path)[0], "en")
            self.warn(
                ImportIssueCode.NO_VALUE,
                f"{what} without a @value" + ("; its comment is kept here" if comment else ""),
                vpath,
                elem,
                comment,
            )
            return None
        value, note, out_of_range = _parse_value(raw)
        if value is None:
            self.warn(
                ImportIssueCode.OUT_OF_RANGE_VALUE
                if out_of_range
                else ImportIssueCode.NON_NUMERIC_VALUE,
                f"{what} {note}; kept here as raw text, not in the model",
                vpath,
                elem,
                raw,
            )
            return None
        why = self.ambiguous(raw)
        if why is not None:
            self.warn(
                ImportIssueCode.AMBIGUOUS_VALUE,
                f"{what} {why}; kept here as raw text, not in the model",
                vpath,
                elem,
                raw,
            )
            return None
        remarks = _remark_percentage(raw) if self.percent else None
        if remarks is not None and all(_beyond_rounding(value, r) for r in remarks):
            # "2015:1584728 (158%)": a count beside its share; 1,584,728 % is no percentage;
            # "0.01 (1%)": a fraction beside it ("33.3 (33%)" is one percentage, rounded in
            # its remark, "12.9 (12%)" one cut after the remark's last digit)
            pcts = [format_number(float(r)) for r in remarks]
            gives = " or ".join(f"{p}%" for p in pcts)
            write = (
                f"if {pcts[0]}% is the value, write {pcts[0]}"
                if len(pcts) == 1
                else "if one of them is the value, write it"
            )
            self.warn(
                ImportIssueCode.AMBIGUOUS_VALUE,
                f"{what} {shown(raw)} is ambiguous on a percentage indicator (measure 2): its "
                f"number is {format_number(value)} but its remark gives {gives}, which that "
                "number is not, cut or rounded to the nearest at the remark's last digit (a "
                "count or a fraction beside its percentage?); kept here as raw text, not in the "
                f"model ({write})",
                vpath,
                elem,
                raw,
            )
            return None
        why = _refused(_VALUE, value)
        if why is not None:
            self.warn(
                ImportIssueCode.OUT_OF_RANGE_VALUE,
                f"{what} {shown(raw)}: {why}; kept here as raw text, not in the model",
                vpath,
                elem,
                raw,
            )
            return None
        if note is not None:
            self.warn(ImportIssueCode.PARSED_VALUE, f"{what}: {note}", vpath, elem, raw)
            mark = _unit_mark(raw)
            if mark is not None:
                self.units.setdefault(mark, vpath)
        elif self.fraction is None and 0 < abs(value) <= 1:
            self.fraction = vpath
        return value

    def group(self, elem: Element, path: str, what: str) -> str | None:
        """Return the group of a baseline, target or actual (:func:`_group`), reporting.

        A ``dimension`` with neither ``@name`` nor ``@value`` (or blank ones), or a
        ``location`` without ``@ref``, names no group: it is reported (``empty-dimension``) and
        left out of the group (``<dimension name="" value=""/>`` made the group ``"="``). A
        ``dimension`` with only one of them describes a group that cannot be named: it is
        reported (``empty-dimension``) as making the value not imported, which the caller sees
        with :func:`_incomplete` (it is neither the whole population's nor the group of the
        other dimensions). ``what`` names the element (``"actual"``), ``path`` is its path.
        """
        empty: list[tuple[str, str, str | None, bool]] = []  # (path, missing, raw, half)
        for dim, dpath in _indexed(elem, "dimension", path):
            name, value = (dim.get(k) for k in ("name", "value"))
            lacks = [
                f"@{k}" for k, v in (("name", name), ("value", value)) if not (v or "").strip()
            ]
            if lacks:
                empty.append((dpath, " and ".join(lacks), name or value or None, len(lacks) == 1))
        for loc, lpath in _indexed(elem, "location", path):
            if not (loc.get("ref") or "").strip():
                empty.append((lpath, "@ref", None, False))
        for epath, missing, raw, half in empty:
            kind = epath.rsplit("/", 1)[-1].split("[", 1)[0]
            if half:
                why = (
                    f"the {what}'s group is incomplete (a dimension needs a name and a value), "
                    f"so the {what} is not imported: it describes a group that cannot be named, "
                    "not the whole population nor the group of its other dimensions"
                )
            else:
                why = (
                    f"it names no group, and is left out of the {what}'s group (with no other "
                    "dimension or location, the value is the whole population's)"
                )
            self.warn(
                ImportIssueCode.EMPTY_DIMENSION,
                f"{kind} without {missing}: {why}",
                epath,
                elem,
                raw,
            )
        return _group(elem)

    def read_baseline(self, ind: Element, path: str) -> DatedValue | None:
        found = list(_indexed(ind, "baseline", path))
        if not found:
            return None
        # a baseline with a dimension lacking its name or value describes a group that
        # cannot be named: it is not imported (reported by self.group)
        for b, bpath in found:
            if _incomplete(b):
                self.group(b, bpath, "baseline")
        found = [(b, bpath) for b, bpath in found if not _incomplete(b)]
        if not found:
            return None
        # of the baselines whose date and value can be read, the whole population's when
        # there is one, else a group's; of those, the earliest, then the smallest value: a
        # choice that does not depend on the order of the elements
        chosen = min(
            range(len(found)),
            key=lambda k: _baseline_key(found[k][0], _group, self.ambiguous),
        )
        for k, (extra, epath) in enumerate(found):
            if k != chosen:
                self.warn(
                    ImportIssueCode.EXTRA_BASELINE,
                    "only one baseline fits the model (of those whose date and value can be "
                    "read, the whole population's when there is one; the earliest, then the "
                    "smallest); this further baseline is not imported",
                    epath,
                    extra,
                    extra.get("value"),
                )
        b, bpath = found[chosen]
        value = self.value(b, bpath, "baseline")
        if value is None:
            return None
        group = self.group(b, bpath, "baseline")
        if group:
            self.warn(
                ImportIssueCode.BASELINE_DIMENSIONS,
                f"the baseline describes the group {shown(group)}; the model's baseline has no "
                "group",
                bpath,
                b,
                group,
            )
        raw_iso = b.get("iso-date")
        iso, year = _iso_and_year(b)
        if iso is not None and (year is None or iso.year == year):
            return DatedValue(date=iso, value=value)
        if year is not None and 1 <= year <= 9999:
            if raw_iso is not None:
                self.warn(
                    ImportIssueCode.BASELINE_DATE,
                    f"baseline @iso-date {shown(raw_iso)} contradicts @year {year}; dated "
                    f"{year}-01-01",
                    f"{bpath}/@iso-date",
                    b,
                    raw_iso,
                )
            return DatedValue(date=dt.date(year, 1, 1), value=value)
        self.warn(
            ImportIssueCode.UNDATED_BASELINE,
            "baseline with neither a valid @year nor @iso-date; not imported",
            bpath,
            b,
            b.get("value"),
        )
        return None

    def period_dates(self, period: Element, ppath: str) -> tuple[dt.date | None, dt.date | None]:
        """Return the start and the date of a period's values (its end, else its start).

        A ``@iso-date`` that is not an ``xsd:date`` is reported (``bad-date``), a period without
        a valid end is dated at its start (``no-period-end``), and an end before the start is
        reported (``end-before-start``; the values are dated at the end as written).
        """
        dates: list[dt.date | None] = []
        for name in ("period-start", "period-end"):
            elem, epath = _first(period, name, ppath)
            raw = elem.get("iso-date") if elem is not None else None
            value = _date(raw)
            if value is None and raw is not None and raw.strip():
                self.warn(
                    ImportIssueCode.BAD_DATE,
                    f"{name} @iso-date {shown(raw)} is not a date (YYYY-MM-DD); ignored",
                    f"{epath}/@iso-date",
                    elem,
                    raw,
                )
            dates.append(value)
        start, end = dates
        if end is None:
            if start is not None:
                self.warn(
                    ImportIssueCode.NO_PERIOD_END,
                    "period without a valid end; dated at its start",
                    f"{ppath}/period-end[1]",
                    period,
                )
            return start, start
        if start is not None and end < start:
            self.warn(
                ImportIssueCode.END_BEFORE_START,
                f"period end {end.isoformat()} is before its start {start.isoformat()}; its "
                "values are dated at the end as written — check the dates",
                ppath,
                period,
                end.isoformat(),
            )
        return start, end

    def read_periods(
        self, ind: Element, path: str, reporter: str | None
    ) -> tuple[DatedValue | None, list[Observation]]:
        # each target as (date, start, value, group, element, path)
        targets: list[tuple[dt.date, dt.date, float, str | None, Element, str]] = []
        actual_periods: list[_Actual] = []
        for period, ppath in _indexed(ind, "period", path):
            period_targets = list(_indexed(period, "target", ppath))
            actuals = list(_indexed(period, "actual", ppath))
            if not period_targets and not actuals:
                self.warn(
                    ImportIssueCode.EMPTY_PERIOD,
                    "period with neither target nor actual",
                    ppath,
                    period,
                )
                continue
            start, when = self.period_dates(period, ppath)
            tagged = [("target", *t) for t in period_targets] + [("actual", *a) for a in actuals]
            for what, elem, epath in tagged:
                value = self.value(elem, epath, what)
                if value is None:
                    continue
                if when is None:
                    self.warn(
                        ImportIssueCode.UNDATED_PERIOD,
                        f"{what} of a period with no valid date cannot be placed in time; not "
                        "imported",
                        epath,
                        elem,
                        elem.get("value"),
                    )
                elif _incomplete(elem):
                    self.group(elem, epath, what)  # reports it: not imported
                elif what == "target":
                    begun = start if start is not None and start <= when else when
                    targets.append((when, begun, value, _group(elem), elem, epath))
                else:
                    group = self.group(elem, epath, "actual")
                    why = _refused(_NAME, group) if group is not None else None
                    if why is not None:
                        self.warn(
                            ImportIssueCode.INVALID_TEXT,
                            f"the dimensions of this actual give a group that is refused: {why}; "
                            "not imported",
                            epath,
                            elem,
                            group,
                        )
                        continue
                    begun = start if start is not None and start <= when else when
                    date: dt.date | None = when
                    if self.updated is not None and when > self.updated[0]:
                        # the period's end had not come when the activity was last updated
                        date = self.after_update(elem, epath, begun, when, start)
                    if date is None:
                        continue
                    observed = Observation(
                        date=date, value=value, reported_by=reporter, group=group
                    )
                    actual_periods.append(_Actual(observed, begun, when, elem, epath))
        self.actuals_as_levels(ind, path, [(t[1], t[0]) for t in targets], actual_periods)
        observations = self.overlapping(actual_periods, path)
        if not targets:
            return None, observations
        # the whole population's target (no dimension or location) when there is one, else a
        # group's; of those, the latest period's, then the longest period's, then the smallest
        # value, then the group: a choice that does not depend on the order of the elements
        best = min(
            range(len(targets)),
            key=lambda k: (
                targets[k][3] is not None,
                -targets[k][0].toordinal(),
                targets[k][1],
                targets[k][2],
                targets[k][3] or "",
            ),
        )
        when, _, value, group, elem, epath = targets[best]
        self.group(elem, epath, "target")  # reports its empty dimensions, if any
        for k, (other, _, _, other_group, extra, xpath) in enumerate(targets):
            if k == best:
                continue
            if other_group is not None and group is None and other > when:
                why = (
                    f"it is the group {shown(other_group)}'s, of a later period; the whole "
                    f"population's target of {when.isoformat()} is taken"
                )
            else:
                why = (
                    "only one target fits the model (the whole population's when there is one; "
                    "the latest period's, then the longest's, then the smallest)"
                )
            self.warn(
                ImportIssueCode.EXTRA_TARGET,
                f"this target is not imported: {why}",
                xpath,
                extra,
                extra.get("value"),
            )
        if group:
            self.warn(
                ImportIssueCode.TARGET_DIMENSIONS,
                f"the target describes the group {shown(group)}; the model's target has no group "
                "(no target of the whole population is given)",
                epath,
                elem,
                group,
            )
        return DatedValue(date=when, value=value), observations

    def after_update(
        self, elem: Element, path: str, start: dt.date, end: dt.date, given: dt.date | None
    ) -> dt.date | None:
        """Return the date of an actual whose period ends after the activity was last updated.

        Such a value cannot be the indicator's level at the period's end ``end``, which had not
        come when it was reported: it is the progress up to that update at most. When the
        period had begun by then (``start``, its start, on or before the last update), the
        actual is dated at the last update, the latest day it can describe; when it had not,
        the value is no result achieved in it, and ``None`` is returned: not imported. A period
        that gives no start (``given``, the ``period-start`` read, is ``None``) or one after
        its end is taken to begin on its end day, as everywhere in the import. Either way the
        actual is reported (``actual-after-update``), naming both dates.
        """
        assert self.updated is not None
        day, why = self.updated
        if start <= day:
            self.warn(
                ImportIssueCode.ACTUAL_AFTER_UPDATE,
                f"the period {start.isoformat()}..{end.isoformat()} ends after the activity "
                f"was last updated ({why}): its actual cannot be the level at the period's end "
                f"{end.isoformat()}, at most the progress up to {day.isoformat()}, so it is "
                "dated at that day, the latest it can describe (the period's start stays); a "
                "copy of the activity updated after the period's end gives its level then",
                path,
                elem,
                elem.get("value"),
            )
            return day
        period = (
            f"the period ending {end.isoformat()}, which gives no start, is not known to have begun"
            if given is None
            else f"the period {given.isoformat()}..{end.isoformat()} had not begun"
        )
        self.warn(
            ImportIssueCode.ACTUAL_AFTER_UPDATE,
            f"{period} when the activity was last updated ({why}): its actual cannot be a "
            "result achieved in it; not imported",
            path,
            elem,
            elem.get("value"),
        )
        return None

    def span(self, actual: _Actual) -> str:
        """Return the period of an actual as written, and its date when that is not its end."""
        text = f"{actual.start.isoformat()}..{actual.end.isoformat()}"
        if actual.obs.date != actual.end:
            text += f" (its actual dated {actual.obs.date.isoformat()}, the last update)"
        return text

    def actuals_as_levels(
        self,
        ind: Element,
        path: str,
        targets: list[tuple[dt.date, dt.date]],
        actuals: list[_Actual],
    ) -> None:
        """Report an indicator with several actual periods within the period of a target.

        IATI's ``actual`` is "the achieved result for this period", with nothing saying whether
        it is the level reached or an amount of the period: quarterly actuals of 250, 250, 250
        and 260 against a yearly target of 1,000 are 1,010 if amounts, 260 if levels. The
        values are imported as they are, as levels (each the indicator's value at its period's
        end); one issue per indicator (``actuals-as-levels``, at the indicator) names the target
        period holding the most distinct actual periods (then the earliest) and their values.
        ``targets`` are ``(start, end)`` spans; the actuals' periods are compared as written
        (an actual dated at the activity's last update, before its period's end, is still of
        that period: the target's own when the target is of the same period). Counted with a
        Fenwick tree over the starts, sweeping the ends: time ``O(n log n)`` in the number of
        periods.
        """
        spans = sorted({(a.start, a.end) for a in actuals}, key=lambda x: x[1])
        if len(spans) < 2 or not targets:
            return
        known = set(spans)
        starts = sorted({start for start, _ in spans})
        tree = [0] * (len(starts) + 1)  # Fenwick tree: how many spans inserted, by start
        inserted = 0
        best: tuple[int, dt.date, dt.date] | None = None  # (-count, end, start)
        k = 0
        for t_start, t_end in sorted(set(targets), key=lambda x: (x[1], x[0])):
            while k < len(spans) and spans[k][1] <= t_end:
                i = bisect.bisect_left(starts, spans[k][0]) + 1
                while i <= len(starts):
                    tree[i] += 1
                    i += i & -i
                inserted += 1
                k += 1
            before, i = 0, bisect.bisect_left(starts, t_start)  # spans starting before t_start
            while i > 0:
                before += tree[i]
                i -= i & -i
            # the spans inside the target's, less the target's own (not a part of it)
            inside = inserted - before - ((t_start, t_end) in known)
            if inside >= 2 and (best is None or (-inside, t_end, t_start) < best):
                best = (-inside, t_end, t_start)
        if best is None:
            return
        count, t_end, t_start = -best[0], best[1], best[2]
        within = sorted(
            (a.end, a.start, a.obs.value)
            for a in actuals
            if t_start <= a.start and a.end <= t_end and (a.start, a.end) != (t_start, t_end)
        )
        values = ", ".join(format_number(v) for _, _, v in within[:_SHOWN_VALUES])
        if len(within) > _SHOWN_VALUES:
            values += f" and {len(within) - _SHOWN_VALUES:,} more"
        self.warn(
            ImportIssueCode.ACTUALS_AS_LEVELS,
            f"{count:,} actual periods fall within the target's period {t_start.isoformat()}.."
            f"{t_end.isoformat()} (values {values}): each value is taken as a level, the "
            "indicator's value at its period's end, as IATI does not say whether actuals are "
            "cumulative; if they are amounts per period, they must be summed before being "
            "judged against the target",
            path,
            ind,
            values,
        )

    def overlapping(self, actuals: list[_Actual], path: str) -> list[Observation]:
        """Return the observations of an indicator's actuals, their overlapping periods reported.

        Periods of one group whose actuals are dated on the same day but start on different
        days (a year and its last quarter) would give two observations of one date, which the
        analyses average: only the actuals of the longest such period are kept, the others
        reported (``overlapping-period``). An actual of a period that overlaps another of its
        group dated on another day (a year and its first quarter) is kept, and reported. An
        actual's date is its period's end, or the activity's last update when that is earlier
        (:meth:`after_update`); its period's start is the one written. Both rules look at the
        dates only, so the choice does not depend on the order of the periods. ``path`` is the
        indicator's (:meth:`repeated` names actuals from it).
        """
        longest: dict[tuple[str | None, dt.date], _Actual] = {}
        for a in actuals:
            key = (_group_key(a.obs.group), a.obs.date)
            held = longest.get(key)
            if held is None or (a.start, a.end) < (held.start, held.end):
                longest[key] = a
        kept: list[_Actual] = []
        for a in actuals:
            first = longest[_group_key(a.obs.group), a.obs.date]
            if a.start == first.start:
                kept.append(a)
                continue
            when = a.obs.date.isoformat()
            if a.end == a.obs.date and first.end == first.obs.date:
                message = (
                    f"the period {a.start.isoformat()}..{when} ends on the day a longer period "
                    f"({first.start.isoformat()}..{when}) of the same group ends"
                )
            else:
                message = (
                    f"the actual of the period {self.span(a)} is dated on the same day as that of "
                    f"a longer period of the same group, {self.span(first)}"
                )
            self.warn(
                ImportIssueCode.OVERLAPPING_PERIOD,
                f"{message}: only the longest period's actual is imported on that date",
                a.path,
                a.elem,
                a.elem.get("value"),
            )
        kept = self.repeated(kept, path)
        # overlaps of periods dated on different days: sorted by start, one sweep per group;
        # after repeated(), one actual a group, start and date
        by_span = {
            (_group_key(a.obs.group) or "", a.obs.group is None, a.start, a.obs.date): a
            for a in kept
            if a.start < a.obs.date
        }
        reach: dict[tuple[str, bool], _Actual] = {}  # group -> the span reaching the latest
        overlaps: dict[tuple[str, bool, dt.date, dt.date], _Actual] = {}
        for group, whole, start, end in sorted(by_span):
            held = reach.get((group, whole))
            if held is not None and start <= held.obs.date and end != held.obs.date:
                overlaps[group, whole, start, end] = held
            if held is None or end > held.obs.date:
                reach[group, whole] = by_span[group, whole, start, end]
        for a in kept:
            other = overlaps.get(
                (_group_key(a.obs.group) or "", a.obs.group is None, a.start, a.obs.date)
            )
            if other is not None:
                self.warn(
                    ImportIssueCode.OVERLAPPING_PERIOD,
                    f"the period {self.span(a)} overlaps the period {self.span(other)} of the "
                    "same group: their actuals may count the same things twice; both are "
                    "imported",
                    a.path,
                    a.elem,
                    a.elem.get("value"),
                )
        return [a.obs for a in kept]

    def repeated(self, actuals: list[_Actual], path: str) -> list[_Actual]:
        """Return the actuals less those that repeat one of their period and group.

        Several actuals of one period (or of periods with the same dates) and one group are not
        a breakdown: IATI breaks a period's value down by ``dimension`` and ``location``, which
        make other groups. The analyses would average them into a value no one reported. The
        same value given again is imported once (``repeated-actual``, at the first repeat,
        counting them); different values contradict each other, and which one holds cannot be
        told, so none of them is imported (``conflicting-actuals``, at the first, counting
        them and naming the values). One issue for the actuals of each period and group, so a
        million repeats make one, not a million; it names where the others not imported are
        (their paths from the indicator's, ``path``: ``period[4]/actual[1]``), the first
        :data:`_SHOWN_VALUES` of them, counting the rest. Periods are compared by their
        start and their actuals' date: periods of one start ending after the activity's last
        update, their actuals dated at it, are one period here. Both rules look at the values
        only, so the result does not depend on the order of the elements.
        """
        found: dict[tuple[str | None, dt.date, dt.date], list[int]] = {}
        for k, a in enumerate(actuals):
            found.setdefault((_group_key(a.obs.group), a.obs.date, a.start), []).append(k)
        dropped: set[int] = set()
        for (_, when, start), ks in found.items():
            if len(ks) == 1:
                continue
            values = sorted({actuals[k].obs.value for k in ks})
            ends = sorted({actuals[k].end for k in ks})
            if ends == [when]:
                span = f"the period {start.isoformat()}..{when.isoformat()} has"
            else:
                periods = [f"{start.isoformat()}..{end.isoformat()}" for end in ends]
                named = ", ".join(periods[:_SHOWN_VALUES])
                if len(periods) > _SHOWN_VALUES:
                    named += f" and {len(periods) - _SHOWN_VALUES:,} more"
                elif len(periods) > 1:
                    named = f"{', '.join(periods[:-1])} and {periods[-1]}"
                its, has = ("its", "has") if len(periods) == 1 else ("their", "have")
                span = (
                    f"the period{'' if len(periods) == 1 else 's'} {named}, {its} actuals dated "
                    f"{when.isoformat()} (the last update), {has}"
                )
            # one issue for them all, at the first one not imported, with their number: a
            # million repeats made a million issues
            if len(values) == 1:
                first = min(ks)  # the first in the file; the same value whichever is kept
                dropped.update(k for k in ks if k != first)
                repeats = len(ks) - 1
                at, *others = (k for k in ks if k != first)
                message = (
                    f"{span} {len(ks):,} actuals of this group, all {format_number(values[0])}: "
                    f"imported once; the {plural(repeats, 'repeat')} after the first "
                    f"{'is' if repeats == 1 else 'are'} not imported (the first repeat is "
                    f"here{self.others_at(actuals, others, path)})"
                )
                code = ImportIssueCode.REPEATED_ACTUAL
            else:
                dropped.update(ks)
                shown_values = ", ".join(format_number(v) for v in values[:_SHOWN_VALUES])
                if len(values) > _SHOWN_VALUES:
                    shown_values += f" and {len(values) - _SHOWN_VALUES:,} more"
                at, *others = ks
                message = (
                    f"{span} {len(ks):,} actuals of this group with different values "
                    f"({shown_values}): which one holds cannot be "
                    "told, and the analyses would average them, so none is imported (give "
                    "each a dimension or location if they are parts of the whole; the first "
                    f"is here{self.others_at(actuals, others, path)})"
                )
                code = ImportIssueCode.CONFLICTING_ACTUALS
            a = actuals[at]
            self.warn(code, message, a.path, a.elem, a.elem.get("value"))
        return [a for k, a in enumerate(actuals) if k not in dropped]

    @staticmethod
    def others_at(actuals: list[_Actual], others: list[int], path: str) -> str:
        """Return where the actuals ``others`` are, for an issue located at another of them.

        Their paths from the indicator's, ``path`` (``period[4]/actual[1]``), in document
        order: the first :data:`_SHOWN_VALUES`, then how many more; ``""`` for none.

        >>> def at(p):
        ...     return _Actual(None, None, None, None, f"i/{p}")  # type: ignore[arg-type]
        >>> found = [at(f"period[{k}]/actual[1]") for k in range(1, 9)]
        >>> _Reader.others_at(found, [1], "i")
        ', the other at period[2]/actual[1] of this indicator'
        >>> _Reader.others_at(found, list(range(1, 8)), "i")  # doctest: +NORMALIZE_WHITESPACE
        ', the others at period[2]/actual[1], period[3]/actual[1], period[4]/actual[1],
        period[5]/actual[1], period[6]/actual[1] and 2 more of this indicator'
        """
        if not others:
            return ""
        prefix = f"{path}/" if path else ""
        named = [actuals[k].path.removeprefix(prefix) for k in sorted(others)[: _SHOWN_VALUES + 1]]
        if len(others) > _SHOWN_VALUES:
            where = f"{', '.join(named[:_SHOWN_VALUES])} and {len(others) - _SHOWN_VALUES:,} more"
        elif len(named) > 1:
            where = f"{', '.join(named[:-1])} and {named[-1]}"
        else:
            where = named[0]
        return f", the other{'' if len(others) == 1 else 's'} at {where} of this indicator"

    def partner_name(self, acc: _PartnerAcc) -> str:
        """Return the name of an organisation: the one its occurrences give most often.

        Ties go to the smallest name (in code-point order), so the name does not depend on the
        order of the activities or files. Names other than the chosen one are reported
        (``conflicting-name``, at the first occurrence of each) unless they differ from it only
        in case, punctuation or spacing; an organisation never named is named by its id
        (``no-name``, unless a name was refused and reported already).
        """
        if not acc.names:
            if not acc.refused:
                self.issues.append(
                    ImportIssue(
                        code=ImportIssueCode.NO_NAME,
                        message=f"organisation without a name; named {shown(acc.id)}",
                        source=acc.source,
                        path=acc.first_path,
                        line=acc.first_line,
                    )
                )
            return acc.id
        ranked = sorted(acc.names.items(), key=lambda item: (-item[1][0], item[0]))
        chosen, (count, *_) = ranked[0]
        norm = _normalise_name(chosen)
        for other, (n, path, line, source) in ranked[1:]:
            if _normalise_name(other) == norm:
                continue
            self.issues.append(
                ImportIssue(
                    code=ImportIssueCode.CONFLICTING_NAME,
                    message=f"organisation {shown(acc.id)} is named {shown(other)} here "
                    f"({plural(n, 'time')}) but {shown(chosen)} elsewhere "
                    f"({plural(count, 'time')}); named {shown(chosen)}, the name given most "
                    "often (then the first in alphabetical order)",
                    source=source,
                    path=path,
                    line=line,
                    raw=other,
                )
            )
        return chosen

    def partner_sector(self, acc: _PartnerAcc) -> Sector | None:
        """Return the sector of an organisation: the one its ``@type`` gives most often.

        Ties go to the sector first in the model's order of sectors, so the sector does not
        depend on the order of the activities or files; each other sector is reported
        (``conflicting-org-type``, at its first occurrence).
        """
        if not acc.sectors:
            return None
        order = {sector: k for k, sector in enumerate(Sector)}
        ranked = sorted(acc.sectors.items(), key=lambda item: (-item[1][0], order[item[0]]))
        chosen, (count, *_) = ranked[0]
        for other, (n, path, line, source, raw) in ranked[1:]:
            self.issues.append(
                ImportIssue(
                    code=ImportIssueCode.CONFLICTING_ORG_TYPE,
                    message=f"@type gives organisation {shown(acc.id)} the sector "
                    f"{other.value!r} here ({plural(n, 'time')}) but {chosen.value!r} elsewhere "
                    f"({plural(count, 'time')}); {chosen.value!r} is kept, the sector given most "
                    "often (then the first in the model's order of sectors)",
                    source=source,
                    path=path,
                    line=line,
                    raw=raw,
                )
            )
        return chosen

    def spell_partner_ids(self) -> None:
        """Give each partner the spelling of its ``@ref`` given most often, whatever the order.

        Organisations whose ``@ref`` values differ only in case or Unicode form are one partner
        (``case-variant``); its id was the spelling met first, so reversing the activities
        changed it everywhere. It is now the spelling given most often, then the smallest in
        code-point order (:func:`_most_given`, as names are chosen), and the activities, the
        reporters of values and the ids the transactions are matched by follow it. Call once
        every file is read, before :meth:`partner_objects` and :meth:`funding_ties`.
        """
        renamed: dict[str, str] = {}
        for pid, acc in self.partners.items():
            if acc.spellings:
                chosen = _most_given(acc.spellings)
                if chosen != pid:
                    renamed[pid] = acc.id = chosen
        if not renamed:
            return
        self.partners = {acc.id: acc for acc in self.partners.values()}
        self.partner_ids = {form: renamed.get(p, p) for form, p in self.partner_ids.items()}
        self.activities = [
            attrs.evolve(a, partners=[renamed.get(p, p) for p in a.partners])
            if any(p in renamed for p in a.partners)
            else a
            for a in self.activities
        ]
        indicators = []
        for ind in self.indicators:
            if any(o.reported_by in renamed for o in ind.observations):
                observations = [
                    attrs.evolve(o, reported_by=renamed[o.reported_by])
                    if o.reported_by in renamed
                    else o
                    for o in ind.observations
                ]
                ind = attrs.evolve(ind, observations=observations)
            indicators.append(ind)
        self.indicators = indicators

    def order_partners(self) -> None:
        """Order each activity's partners by role, the lead first, whatever the document order.

        The lead partner (the first) decides the pairs between partners, the coordination gaps
        and the governance mode, and the order of the ``participating-org`` elements is no
        evidence of who leads: of the organisations of the activity's best role (implementing,
        then extending, accountable, funding, none known), the lead is its ``reporting-org``
        when that is one of them, else the one whose id, case-folded as the model tells ids
        apart (:func:`~collective_impact.model.initiative.id_form`), comes first in code-point
        order, then its spelling: the spelling of an id depends on the other activities
        (:meth:`spell_partner_ids`), so ``XM-B`` spelt ``xm-b`` elsewhere moved the lead from
        ``XM-B`` to ``xm-a``. When there are several, the choice is reported (``chosen-lead``,
        at the activity, naming the candidates and the one taken: a choice among equals
        decides the governance mode's lead). The other partners follow by role, each role's in
        the same order. Call after :meth:`spell_partner_ids`, so that ids are given as they are
        finally spelt.
        """
        ordered = []
        for act, lead in zip(self.activities, self.leads, strict=True):
            spelt = {form: self.partner_ids[form] for form in lead.ranks}
            best = min(lead.ranks.values())
            # by the caseless form first: how other activities spell an id does not move it
            candidates = [
                spelt[form]
                for form in sorted(
                    (f for f, rank in lead.ranks.items() if rank == best),
                    key=lambda f: (f, spelt[f]),
                )
            ]
            reports = lead.reporter is not None and lead.ranks.get(lead.reporter) == best
            first = spelt[lead.reporter] if reports and lead.reporter else candidates[0]
            rest = sorted(
                (rank, form, spelt[form])
                for form, rank in lead.ranks.items()
                if spelt[form] != first
            )
            partners = [first, *(pid for _, _, pid in rest)]
            ordered.append(
                act if partners == list(act.partners) else attrs.evolve(act, partners=partners)
            )
            if len(candidates) < 2:
                continue
            named = ", ".join(shown(c) for c in candidates[:_SHOWN_LEADS])
            if len(candidates) > _SHOWN_LEADS:
                named += f" and {len(candidates) - _SHOWN_LEADS:,} more"
            why, among_equals = (
                ("its reporting-org", "")
                if reports
                else (
                    "the first of their ids in code-point order once case-folded (nothing in "
                    "the file says which leads)",
                    ": a choice among equals that decides the governance mode's lead, so "
                    "renaming an organisation can change it",
                )
            )
            self.issues.append(
                ImportIssue(
                    code=ImportIssueCode.CHOSEN_LEAD,
                    message=f"activity {shown(lead.act_id)} has {len(candidates):,} "
                    f"{_RANK_WORDS[best]}, any of which may lead it: {named}; {shown(first)}, "
                    f"{why}, is taken as its lead partner (the first of its partners, who "
                    "decides the pairs between partners and who leads in the governance "
                    f"mode), whatever the order of the participating-org elements{among_equals}"
                    "; if another leads, put it first among the activity's partners in the "
                    "imported initiative",
                    source=lead.source,
                    path=lead.path,
                    line=lead.line,
                    raw=", ".join(candidates),
                )
            )
        self.activities = ordered

    def partner_objects(self) -> list[Partner]:
        out = []
        for acc in self.partners.values():
            acc.sector = self.partner_sector(acc)
            if acc.sector is None:
                self.issues.append(
                    ImportIssue(
                        code=ImportIssueCode.NO_ORG_TYPE,
                        message=f"organisation {shown(acc.id)} has no known @type anywhere; sector "
                        "'other'",
                        source=acc.source,
                        path=acc.first_path,
                        line=acc.first_line,
                    )
                )
            out.append(
                Partner(
                    id=acc.id,
                    name=self.partner_name(acc),
                    sector=acc.sector or Sector.OTHER,
                    roles=[r for r in Role if r in acc.roles],
                )
            )
        return out

    # ---- transactions: funding ties

    def funding_ties(self) -> list[Tie]:
        """Return the funding ties the transactions of the imported activities give, reported.

        Read once every file has been read, so that an organisation is found among the partners
        whichever activity or file makes it one. One tie per ordered pair of partners, of
        strength 1.0, sorted by source then target: the ties do not depend on the order of the
        activities, transactions or files, nor on how many transactions a pair has. The issues
        are reported file by file (:meth:`read_transactions`).
        """
        pairs: set[tuple[str, str]] = set()
        for source, lines, found in self.transactions:
            pairs |= self.read_transactions(source, lines, found)
        return [Tie(source=s, target=t, kind=TieKind.FUNDING) for s, t in sorted(pairs)]

    def read_transactions(
        self, source: str, lines: dict[Element, int], found: list[_Transaction]
    ) -> set[tuple[str, str]]:
        """Return the ``(provider, receiver)`` pairs of partners the transactions of a file give.

        Reports, one issue per file (and side), each counting its transactions by kind and
        located at the first: the types that are no flow of funds (``no-funding-flow``), the
        missing or unknown types (``unknown-transaction-type``), the providers and receivers
        neither given nor assumed (``missing-funding-party``) or that are no partner
        (``unmatched-funding-party``), and the transactions from an organisation to itself
        (``self-funding``). What a message names is sorted, so that it does not depend on the
        order of the transactions.
        """
        not_flows, unknown, to_itself = _Tally(), _Tally(), _Tally()
        missing = {side: _Tally() for side in _SIDES}
        unmatched = {side: _Tally() for side in _SIDES}
        pairs: set[tuple[str, str]] = set()
        for tx in found:
            code, raw = _transaction_type(tx.element)
            type_elem, type_path = _first(tx.element, "transaction-type", tx.path)
            line = lines.get(type_elem if type_elem is not None else tx.element)
            flow = _FUNDING_FLOWS.get(code)
            if flow is None:  # counted by code (None: no @code)
                where = f"{type_path}/@code" if raw is not None else type_path
                tally = not_flows if code in _NOT_FUNDING else unknown
                tally.add(code if raw is not None else None, where, line, raw)
                continue
            ends: list[str | None] = []
            for side in _SIDES:
                pid = self.funding_party(tx, side, flow[1], lines, missing[side], unmatched[side])
                ends.append(pid)
            provider, receiver = ends
            if provider is None or receiver is None:
                continue
            if provider == receiver:
                to_itself.add(provider, tx.path, lines.get(tx.element), provider)
            else:
                pairs.add((provider, receiver))
        self.report_transactions(source, not_flows, unknown, missing, unmatched, to_itself)
        return pairs

    def funding_party(
        self,
        tx: _Transaction,
        side: str,
        assumed_side: str,
        lines: dict[Element, int],
        missing: _Tally,
        unmatched: _Tally,
    ) -> str | None:
        """Return the partner that is the provider or receiver (``side``) of a flow of funds.

        Its ``provider-org`` or ``receiver-org``; when the transaction has none and ``side`` is
        the one IATI assumes (``assumed_side``), the activity's ``reporting-org``. ``None``,
        counted in ``missing`` (by reason) or ``unmatched`` (by organisation: its ``@ref``, or
        name without one), when there is none or it is no partner.
        """
        elem, epath = _first(tx.element, f"{side}-org", tx.path)
        assumed = elem is None and side == assumed_side
        if assumed:
            elem = tx.reporting
        pid, ref, name = self.partner_of(elem, tx.lang)
        line = lines.get(elem) if elem is not None and not assumed else lines.get(tx.element)
        if ref or name:
            if pid is None:
                kind = (ref or name, bool(ref))
                raw = ref or name
                unmatched.add(kind, f"{epath}/@ref" if ref and not assumed else epath, line, raw)
                if assumed:
                    unmatched.marked.add(kind)
            return pid
        flows = "incoming" if assumed_side == "receiver" else "outgoing"
        if assumed:
            why = f"no {side}-org on {flows} funds, and " + (
                "no reporting-org to assume"
                if elem is None
                else "the reporting-org, assumed, has neither @ref nor a name"
            )
        elif elem is None:
            why = (
                f"no {side}-org on {flows} funds, of which IATI assumes the reporting-org to be "
                f"the {assumed_side} only"
            )
        else:
            why = f"a {side}-org with neither @ref nor a name"
        missing.add(why, epath, line, None)
        return None

    def report_transactions(
        self,
        source: str,
        not_flows: _Tally,
        unknown: _Tally,
        missing: Mapping[str, _Tally],
        unmatched: Mapping[str, _Tally],
        to_itself: _Tally,
    ) -> None:
        """Report what :meth:`read_transactions` counted in a file: one issue per tally."""

        def issue(code: ImportIssueCode, tally: _Tally, message: str) -> None:
            assert tally.first is not None
            path, line, raw = tally.first
            self.issues.append(
                ImportIssue(
                    code=code,
                    message=f"{message} (the first is here)",
                    source=source,
                    path=path,
                    line=line,
                    raw=raw,
                )
            )

        def they(tally: _Tally) -> str:
            return "it makes" if tally.n == 1 else "they make"

        def counted(tally: _Tally, kinds: list[Any], label: Callable[[Any], str]) -> str:
            """``label(kind) (count)`` for each of ``kinds``, the first few."""
            text = ", ".join(f"{label(k)} ({tally.by[k]:,})" for k in kinds[:_SHOWN_VALUES])
            more = len(kinds) - _SHOWN_VALUES
            return text + (f" and {more:,} more" if more > 0 else "")

        if not_flows.n:
            codes = sorted(not_flows.by, key=int)
            issue(
                ImportIssueCode.NO_FUNDING_FLOW,
                not_flows,
                f"{plural(not_flows.n, 'transaction')} of the activities "
                f"{'is' if not_flows.n == 1 else 'are'} no flow of funds from a provider to a "
                f"receiver, and {they(not_flows)} no funding tie: "
                + counted(not_flows, codes, lambda c: f"{c} {_NOT_FUNDING[c]}"),
            )
        if unknown.n:
            raws = sorted(unknown.by, key=lambda r: (r is None, r or ""))
            issue(
                ImportIssueCode.UNKNOWN_TRANSACTION_TYPE,
                unknown,
                f"{plural(unknown.n, 'transaction')} of the activities "
                f"{'has' if unknown.n == 1 else 'have'} no TransactionType code (1-13, or an "
                f"IATI 1.0x letter such as 'D'), so whether funds flow is not known, and "
                f"{they(unknown)} no tie: "
                + counted(
                    unknown, raws, lambda r: "no transaction-type/@code" if r is None else shown(r)
                ),
            )
        for side in _SIDES:
            tally = missing[side]
            if tally.n:
                whys = sorted(tally.by)
                issue(
                    ImportIssueCode.MISSING_FUNDING_PARTY,
                    tally,
                    f"{plural(tally.n, 'transaction')} of funds "
                    f"{'has' if tally.n == 1 else 'have'} no {side} the import can tell, so "
                    f"{they(tally)} no tie: " + counted(tally, whys, str),
                )
        for side in _SIDES:
            tally = unmatched[side]
            if tally.n:
                self.report_unmatched(side, tally, issue, they(tally))
        if to_itself.n:
            ids = sorted(to_itself.by)
            issue(
                ImportIssueCode.SELF_FUNDING,
                to_itself,
                f"{plural(to_itself.n, 'transaction')} of funds "
                f"{'goes' if to_itself.n == 1 else 'go'} from an organisation to itself, and a "
                f"partner is not tied to itself, so {they(to_itself)} no tie: "
                + counted(to_itself, ids, shown),
            )

    def squashed_partners(self) -> dict[str, list[str]]:
        """Return the partners' ids by their :func:`_squashed` form, built once.

        Built on first need, when every file has been read (:meth:`funding_ties`), and kept:
        rebuilding it for each file with an organisation that is no partner made an import of
        many files take time in files × partners (40 s for 1,000 files of 20 partners).
        """
        if self.by_squashed is None:
            self.by_squashed = {}
            for pid in self.partners:
                self.by_squashed.setdefault(_squashed(pid), []).append(pid)
        return self.by_squashed

    def report_unmatched(
        self,
        side: str,
        tally: _Tally,
        issue: Callable[[ImportIssueCode, _Tally, str], None],
        they: str,
    ) -> None:
        """Report the providers or receivers (``side``) of flows of funds that are no partner.

        Each organisation is named (by its ``@ref``, or its name without one), with its
        transactions, whether it is the ``reporting-org`` assumed, and the partners it may be
        meant to be: those whose ``@ref`` differs from its ``@ref`` only in punctuation or
        spacing (:func:`_squashed`), or, for an organisation without ``@ref``, the partners with
        a ``@ref`` and its name (several, so that none was chosen). They are never merged: an
        organisation is a partner only by its own ``@ref``, or name.
        """
        by_squashed = self.squashed_partners()

        def meant(kind: tuple[str, bool]) -> list[str]:
            text, is_ref = kind
            if is_ref:
                return sorted(by_squashed.get(_squashed(text), []))
            refs = self.named_refs.get(_normalise_name(text), {}).values()
            return sorted(p for r in refs if (p := self.partner_ids.get(id_form(r))) is not None)

        suggested = {kind: meant(kind) for kind in tally.by}
        kinds = sorted(tally.by, key=lambda k: (not suggested[k], k[0], k[1]))
        entries = []
        for kind in kinds:
            text, is_ref = kind
            notes = [plural(tally.by[kind], "transaction")]
            if kind in tally.marked:
                notes.append(f"the reporting-org, assumed as the {side}")
            if suggested[kind]:
                names = " or ".join(shown(p) for p in suggested[kind])
                notes.append(
                    f"did you mean the partner {names}? The @ref differs only in punctuation "
                    "or spacing"
                    if is_ref
                    else f"the partners {names} are named so, and none was chosen"
                )
            label = shown(text) if is_ref else f"{shown(text)} (no @ref)"
            entries.append(f"{label} ({'; '.join(notes)})")
        more = len(entries) - _SHOWN_VALUES
        listed = "; ".join(entries[:_SHOWN_VALUES])
        if more > 0:
            listed += f"; and {plural(more, 'other organisation')}"
        hint = (
            "; an organisation is never merged with a partner whose @ref only looks like its "
            "own: correct the @ref if they are one organisation"
            if any(suggested[k] and k[1] for k in kinds[:_SHOWN_VALUES])
            else ""
        )
        issue(
            ImportIssueCode.UNMATCHED_FUNDING_PARTY,
            tally,
            f"{plural(tally.n, 'transaction')} of funds {'has' if tally.n == 1 else 'have'} a "
            f"{side} that is no partner of the import (no participating-org of an imported "
            f"activity), so {they} no tie: {listed}{hint}",
        )


#: The sides of a transaction, in the order of a tie: from the provider to the receiver.
_SIDES = ("provider", "receiver")


def _file_labels(sources: Sequence[str]) -> dict[str, str]:
    """Name each file by the fewest last parts of its path that tell it from the other files.

    The ids made up for activities without an ``iati-identifier`` begin with it: two files
    named ``activities.xml`` in folders ``kenya`` and ``uganda`` gave both first activities the
    id ``activities.xml#iati-activity[1]``, and the second was skipped as a copy of the first.
    The parts are those of the path as given (never of the folders above it, which differ from
    one machine to the next), and names are told apart as ids are, caseless
    (:func:`~collective_impact.model.initiative.id_form`): ``Kenya/a.xml`` and ``kenya/a.xml``
    are two files whose ids would be one. Names that no part tells apart that way (``A.xml``
    and ``a.xml`` in one folder) are numbered in the order of the paths' text. A file given
    twice (one resolved path, also through a link) is one file, named by the first of its
    paths in that order, so its activities are copies. The names depend neither on the order
    of the files nor on where they sit; whitespace that would begin an id is dropped.

    Examples
    --------
    >>> labels = _file_labels(["kenya/activities.xml", "uganda/activities.xml", "other.xml"])
    >>> [labels[s] for s in ("kenya/activities.xml", "uganda/activities.xml", "other.xml")]
    ['kenya/activities.xml', 'uganda/activities.xml', 'other.xml']
    >>> sorted(_file_labels(["A.xml", "a.xml"]).values())
    ['A.xml (1)', 'a.xml (2)']
    """
    same: dict[str, list[str]] = {}  # the paths of each file, by its resolved path
    for source in sources:
        same.setdefault(os.path.realpath(source), []).append(source)
    shown_as = {key: min(paths) for key, paths in same.items()}
    parts = {
        key: PurePath(os.path.normpath(given)).parts or (given,) for key, given in shown_as.items()
    }

    def suffix(key: str, n: int) -> str:
        return "/".join(parts[key][-n:]).replace("//", "/").lstrip()

    # files whose whole paths are one in the form of ids are told apart by a number
    alike: dict[str, list[str]] = {}
    for key in sorted(parts, key=shown_as.__getitem__):
        alike.setdefault(id_form(suffix(key, len(parts[key]))), []).append(key)
    chosen: dict[str, str] = {}
    pending = {group[0]: group for group in alike.values()}  # each group by its first file
    n = 1
    while pending:  # one pass over the files for each part added: linear in them
        counts = collections.Counter(id_form(suffix(group[0], n)) for group in alike.values())
        for first, group in list(pending.items()):
            if counts[id_form(suffix(first, n))] == 1 or n >= len(parts[first]):
                for k, key in enumerate(group, start=1):
                    chosen[key] = suffix(key, n) + (f" ({k})" if len(group) > 1 else "")
                del pending[first]
        n += 1
    # a number can make a name another file has ("A.xml (1)" beside a file of that name):
    # the later of two such names, in the order of the paths' text, takes a further number
    while True:
        owners: dict[str, list[str]] = {}
        for key in sorted(chosen, key=shown_as.__getitem__):
            owners.setdefault(id_form(chosen[key]), []).append(key)
        clashes = [keys for keys in owners.values() if len(keys) > 1]
        if not clashes:
            break
        for keys in clashes:
            for k, key in enumerate(keys[1:], start=2):
                chosen[key] = f"{chosen[key]} ({k})"
    return {source: chosen[os.path.realpath(source)] for source in sources}


def _unreadable_files(broken: Sequence[FormatError]) -> FormatError:
    """Return the error of several files that cannot be read: one problem per file, in order.

    Each problem names its file, line and column (``b.xml, line 2, column 5: invalid XML:
    mismatched tag``), so that every file is fixed at once rather than one per run.
    """
    problems = []
    for err in broken:
        where = ", ".join(
            [err.source or "?"]
            + ([f"line {err.line}"] if err.line is not None else [])
            + ([f"column {err.column}"] if err.column is not None else [])
        )
        problems.append(FormatProblem(f"{where}: {err.message}", code=err.code))
    return FormatError.from_problems(
        problems, source=", ".join(err.source or "?" for err in broken)
    )


def from_iati(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    name: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    max_elements: int | None = DEFAULT_MAX_ELEMENTS,
) -> tuple[Initiative, ImportReport]:
    """Read IATI 2.0x activity XML files into an initiative, with a report of every issue.

    Parameters
    ----------
    path
        One file, or a sequence of files read in order into one initiative (organisations are
        merged across them; a repeated activity is read once).
    name
        Name of the initiative; by default ``"IATI activities: <file names>"``.
    max_bytes
        Refuse a file larger than this (default 32 MiB) before reading it; ``None`` for no limit.
    max_elements
        Refuse a file with more XML elements than this (default :data:`DEFAULT_MAX_ELEMENTS`,
        a million), as soon as the parser meets the first one too many; ``None`` for no limit.

    Returns
    -------
    initiative : Initiative
        Partners, activities, indicators and funding ties as described in the module
        documentation.
    report : ImportReport
        Counts, and every :class:`ImportIssue` met, each with its file, XPath-like path, line
        and raw text.

    Raises
    ------
    ArgumentTypeError
        When ``path`` is neither a path (a ``str`` or an :class:`os.PathLike`; bytes are
        not one) nor a sequence of paths, or an item of the sequence is not a path (the
        message names its position).
    MissingFileError
        When a file does not exist.
    FormatError
        When a file is too large (``max_bytes``, ``max_elements``), empty, not well-formed XML
        (with its line and column), not text in its encoding (with the line and column of the
        first invalid byte), declares an encoding the parser cannot read (UTF-7, UTF-32 or
        another multi-byte encoding than UTF-8 and UTF-16, or one Python does not know: the
        declaration's line and column), holds a DTD, an entity declaration or an external
        reference (refused for safety: the line and column of the declaration), is not an IATI
        activity file, or when the files hold no organisation at all. Every file is parsed
        before one is refused: of several that cannot be read, the error lists each, in the
        order given, one problem per file naming its file, line and column.

    Notes
    -----
    Every warning has an :class:`ImportIssueCode`; its documentation lists them all.

    Reading takes time linear in the size of the files (a few microseconds an element: an
    activity with 100,000 participating organisations, or an indicator with 100,000 periods,
    is read in a few seconds), and memory of about 500 bytes an element of a real IATI file
    (90 for an empty element, 400 for one with two attributes; a file of 32 MB holds some
    480,000 elements of a real file, some 250 MB), hence the limit on elements. Nesting depth
    costs no recursion.

    What the model would refuse is reported rather than raised: an id, name, country code or
    group holding a control character (or a line break in a name, a bidirectional control in an
    id) is an ``invalid-text`` issue, and the element falls back as for a missing value (an
    activity is given an id made from the file name, an organisation is skipped or named by its
    ``@ref``, a title is replaced by the id); a number beyond the floating-point range
    (``1e400``, thousands of digits) or beyond the model's range (magnitude above 1e15, or
    below 1e-15 but not 0) is an ``out-of-range-value`` issue, kept as raw text.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> xml = '''<iati-activities version="2.03"><iati-activity>
    ...   <iati-identifier>XM-1 A</iati-identifier>
    ...   <title><narrative>Clinics</narrative></title>
    ...   <participating-org ref="XM-1" role="4" type="22"><narrative>NGO</narrative>
    ...   </participating-org>
    ...   <result type="1"><indicator measure="1" ascending="1"><title><narrative>Visits</narrative></title>
    ...     <period><period-end iso-date="2020-12-31"/><target value="10"/>
    ...       <actual value="Not available"/></period></indicator></result>
    ... </iati-activity></iati-activities>'''
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d, "a.xml")
    ...     _ = p.write_text(xml)
    ...     init, report = from_iati(p, name="Example")
    >>> init.activities[0].id, init.indicators[0].id, init.indicators[0].target.value
    ('XM-1 A', 'XM-1 A/1.1', 10.0)
    >>> [(w.code.value, w.path, w.raw) for w in report.warnings]
    [('non-numeric-value', 'iati-activity[1]/result[1]/indicator[1]/period[1]/actual[1]/@value', 'Not available')]
    """  # noqa: E501
    max_bytes, max_elements = check_limits(max_bytes=max_bytes, max_elements=max_elements)
    paths = [input_path(p) for p in expect_paths(path, "from_iati")]
    parsed = []
    broken: list[FormatError] = []  # every file that cannot be read, each with its problem
    for p in paths:
        try:
            data = _read_bytes(p, max_bytes)
            parsed.append((str(p), *_parse_xml(data, str(p), max_elements)))
        except FormatError as err:
            broken.append(err)
    if len(broken) == 1:
        raise broken[0]
    if broken:
        raise _unreadable_files(broken)
    reader = _Reader()
    for source, root, lines in parsed:
        reader.collect_activities(root, source, lines)
    for _, root, _ in parsed:  # the names of the copies kept only, once all are chosen
        reader.collect_names(root)
    reader.choose_named_refs()
    labels = _file_labels([source for source, _, _ in parsed])
    for source, root, lines in parsed:
        reader.read_file(root, source, lines, labels[source])
    reader.spell_partner_ids()
    reader.order_partners()
    partners = reader.partner_objects()
    sources = tuple(source for source, _, _ in parsed)
    if not partners:
        skipped = [
            w
            for w in reader.issues
            if w.code in {ImportIssueCode.INVALID_TEXT, ImportIssueCode.UNIDENTIFIED_ORG}
            and _ORG_PATH.search(w.path)
        ]
        why = (
            f"; {len(skipped):,} skipped, the first at {skipped[0].location}: {skipped[0].message}"
            if skipped
            else ""
        )
        stopped = sum(
            w.code in {ImportIssueCode.CANCELLED_ACTIVITY, ImportIssueCode.SUSPENDED_ACTIVITY}
            for w in reader.issues
        )
        if stopped:
            why += (
                f"; {plural(stopped, 'activity', 'activities')} cancelled or suspended "
                f"{'was' if stopped == 1 else 'were'} not imported"
            )
        raise FormatError(
            f"no participating organisations found: an initiative needs at least one partner{why}",
            source=", ".join(sources),
            code=ProblemCode.TOO_FEW_ITEMS,
        )
    ties = reader.funding_ties()
    title = (
        name if name is not None else "IATI activities: " + ", ".join(Path(s).name for s in sources)
    )
    initiative = Initiative(
        name=title,
        partners=partners,
        indicators=reader.indicators,
        activities=reader.activities,
        ties=ties,
    )
    report = ImportReport(
        sources=sources,
        warnings=tuple(reader.issues),
        partners=len(partners),
        activities=len(reader.activities),
        indicators=len(reader.indicators),
        observations=reader.n_observations,
        ties=len(ties),
    )
    return initiative, report
