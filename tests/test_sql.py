"""SQL databases (collective_impact.io.sql): SQLite always, PostgreSQL when a server is given.

The PostgreSQL tests run against a real server whose SQLAlchemy URL is in the environment
variable ``COLLECTIVE_IMPACT_POSTGRES_URL`` (``.ci/postgres start DIR`` starts a throw-away one
and prints it); they are marked ``postgres`` and skipped without it.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import collective_impact as ci
from collective_impact import strategies
from collective_impact.errors import CollectiveImpactError, MissingDependencyError, ValidationError
from collective_impact.io import sql
from collective_impact.io.sql import (
    FOREIGN_KEYS,
    DatabaseError,
    append_observations,
    create_schema,
    create_tables,
    read_sql,
    write_sql,
)
from collective_impact.model import Observation

sa = pytest.importorskip("sqlalchemy")

EXAMPLES = ("cradle-to-career", "workforce")

POSTGRES_URL = os.environ.get("COLLECTIVE_IMPACT_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="no PostgreSQL server: set COLLECTIVE_IMPACT_POSTGRES_URL to its SQLAlchemy URL "
    "(.ci/postgres start DIR starts a throw-away one and prints it)",
)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'initiatives.db'}"


def _counts(url: str, schema: str | None = None) -> dict[str, int]:
    """Return the number of rows of every table of the layout."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            names = sa.inspect(connection).get_table_names(schema=schema)
            prefix = f'"{schema}".' if schema else ""
            return {
                name: connection.execute(
                    sa.text(f'SELECT count(*) FROM {prefix}"{name}"')
                ).scalar_one()
                for name in sorted(names)
            }
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- the layout


def test_schema_has_every_table_and_foreign_key() -> None:
    ddl = create_schema("postgresql")
    for name in ("initiatives", "partners", "ties", "observations", "backbone", "working_groups"):
        assert f"CREATE TABLE {name} (" in ddl
    assert "CONSTRAINT ties_target_fkey FOREIGN KEY(initiative, target) REFERENCES partners" in ddl
    assert "CONSTRAINT partners_id_key UNIQUE (initiative, id)" in ddl
    assert "row_id SERIAL NOT NULL" in ddl
    assert "weight DOUBLE PRECISION" in ddl
    assert "as_of DATE" in ddl
    # derived from the table description, not only hand-listed
    assert FOREIGN_KEYS["contributions", "activity"] == "activities"
    assert FOREIGN_KEYS["observations", "indicator"] == "indicators"


def test_schema_in_a_named_schema_and_for_sqlite(url: str) -> None:
    assert "CREATE TABLE study.ties (" in create_schema("postgresql", schema="study")
    assert "REFERENCES study.partners (initiative, id)" in create_schema(
        "postgresql", schema="study"
    )
    sqlite_ddl = create_schema(url)
    assert "CREATE TABLE ties (" in sqlite_ddl
    with pytest.raises(DatabaseError, match="not a database URL or dialect name"):
        create_schema("no-such-dialect")


def _foreign_keys_without_an_index(inspector: Any, schema: str | None = None) -> list[str]:
    """Name the foreign keys whose referencing columns lead no index (or unique constraint)."""
    lacking = []
    for name, column in FOREIGN_KEYS:
        indexed = [i["column_names"] for i in inspector.get_indexes(name, schema=schema)]
        indexed += [
            u["column_names"] for u in inspector.get_unique_constraints(name, schema=schema)
        ]
        if ["initiative", column] not in [cols[:2] for cols in indexed]:
            lacking.append(f"{name}.{column}")
    return lacking


def test_every_foreign_key_has_an_index(url: str) -> None:
    """A replace that drops ids checks each deferred foreign key at the commit: without an index
    on ``(initiative, column)`` each check scans the initiative's rows (quadratic)."""
    ddl = create_schema("postgresql")
    assert "CREATE INDEX ties_target_idx ON ties (initiative, target);" in ddl
    assert "CREATE INDEX contributions_activity_idx ON contributions (initiative, activity);" in ddl
    # the foreign keys' indexes serve the lookups by initiative too
    assert "_initiative_idx" not in ddl
    create_tables(url)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            assert _foreign_keys_without_an_index(inspector) == []
            for name in sql.SQL_TABLES:  # every table's rows are found by initiative
                leading = [i["column_names"][0] for i in inspector.get_indexes(name)]
                leading += [u["column_names"][0] for u in inspector.get_unique_constraints(name)]
                assert "initiative" in leading, name
    finally:
        engine.dispose()


def test_create_tables_twice(url: str) -> None:
    create_tables(url)
    create_tables(url)
    assert set(_counts(url)) >= {"initiatives", "partners", "ties", "observations"}


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("example", EXAMPLES)
def test_round_trip_sqlite(url: str, example: str) -> None:
    initiative = ci.load_example(example)
    key = write_sql(initiative, url)
    assert key == initiative.name
    assert read_sql(url) == initiative


@pytest.mark.slow  # a property round trip through a writer and a reader: run by .ci/run
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initiative=strategies.initiatives())
def test_round_trip_property(
    tmp_path_factory: pytest.TempPathFactory, initiative: ci.Initiative
) -> None:
    folder = tmp_path_factory.mktemp("sql")
    url = f"sqlite:///{folder / 'x.db'}"
    write_sql(initiative, url, key="k")
    assert read_sql(url, key="k") == initiative


def test_an_engine_and_a_connection(url: str) -> None:
    initiative = ci.load_example("workforce")
    engine = sa.create_engine(url)
    try:
        write_sql(initiative, engine, key="a")
        with engine.connect() as connection:
            assert read_sql(connection, key="a") == initiative
            write_sql(initiative, connection, key="b")
            connection.commit()
    finally:
        engine.dispose()
    assert read_sql(url, key="b") == initiative


# --------------------------------------------------------------------------- several initiatives


def test_two_initiatives_in_one_database(url: str) -> None:
    first, second = (ci.load_example(e) for e in EXAMPLES)
    write_sql(first, url)
    write_sql(second, url, key="second")
    assert read_sql(url, key=first.name) == first
    assert read_sql(url, key="second") == second
    with pytest.raises(DatabaseError, match="holds 2 initiatives; pass key= one of") as err:
        read_sql(url)
    assert repr(first.name) in str(err.value)
    assert "'second'" in str(err.value)
    with pytest.raises(DatabaseError, match=r"no initiative with the key 'secnd'.*did you mean"):
        read_sql(url, key="secnd")


def test_reading_by_key_lists_no_keys(url: str) -> None:
    """A key given is looked up alone: every key is listed only for a message (O(K) per read,
    O(K^2) to read a study of K initiatives otherwise)."""
    initiative = ci.load_example("workforce")
    write_sql(initiative, url, key="k")
    write_sql(initiative, url, key="other")
    engine = sa.create_engine(url)
    statements: list[str] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.replace('"', "").split()))

    try:
        assert read_sql(engine, key="k") == initiative
        grown, new = _with_new_observations(initiative)
        assert append_observations(engine, "k", new) == len(new)
        assert append_observations(engine, "k", grown) == 0
        assert [s for s in statements if "FROM initiatives ORDER BY initiatives.key" in s] == []
        assert any("WHERE initiatives.key = " in s for s in statements)
        # the keys are still listed for a message
        with pytest.raises(DatabaseError, match="pass key= one of 'k' and 'other'"):
            read_sql(engine)
        with pytest.raises(DatabaseError, match=r"no initiative with the key 'K'.*'k'"):
            read_sql(engine, key="K")
        with pytest.raises(DatabaseError, match="no initiative with the key 'nope'"):
            append_observations(engine, "nope", new)
    finally:
        engine.dispose()


def test_the_keys_a_message_names_are_few(tmp_path: Path) -> None:
    """A database of 2,000 initiatives gave messages of 40,000 characters listing every key,
    and a key of 10,000 characters was printed whole (found by a reviewer). The messages name
    ten keys, each shown as the asked-for key is, and count the others."""
    init = ci.Initiative(name="A", partners=[ci.Partner(id="p", name="P", sector="nonprofit")])
    url = f"sqlite:///{tmp_path}/many.db"
    keys = [f"k{i:02d}" for i in range(12)] + ["x" * 10_000]
    for key in keys:
        write_sql(init, url, key=key)
    with pytest.raises(DatabaseError) as err:
        read_sql(url)
    said = str(err.value)
    assert "holds 13 initiatives; pass key= one of 'k00', 'k01'," in said
    assert said.endswith("'k07', 'k08' and 4 others")
    with pytest.raises(DatabaseError) as err:
        read_sql(url, key="nothing")
    assert str(err.value).endswith(
        "; it holds 'k00', 'k01', 'k02', 'k03', 'k04', 'k05', 'k06', 'k07', 'k08' and 4 others"
    )
    assert len(str(err.value)) < 300


def test_existing_key_refused_then_replaced(url: str) -> None:
    first, second = (ci.load_example(e) for e in EXAMPLES)
    write_sql(first, url, key="k")
    before = _counts(url)
    with pytest.raises(DatabaseError, match="already holds an initiative with the key 'k'"):
        write_sql(second, url, key="k")
    assert _counts(url) == before
    write_sql(second, url, key="k", replace=True)
    assert read_sql(url, key="k") == second
    assert _counts(url)["initiatives"] == 1


def _site(tag: str) -> ci.Initiative:
    return ci.Initiative.from_dict(
        {
            "schema_version": 1,
            "name": f"Site {tag}",
            "partners": [
                {"id": f"{tag}-school", "name": "School", "sector": "government"},
                {"id": f"{tag}-clinic", "name": "Clinic", "sector": "nonprofit"},
            ],
            "indicators": [
                {
                    "id": f"{tag}-ready",
                    "name": "Readiness",
                    "observations": [{"date": "2024-06-30", "value": 40.0}],
                }
            ],
            "ties": [{"source": f"{tag}-school", "target": f"{tag}-clinic"}],
        }
    )


def _delete_initiative_row(url: str, key: str) -> None:
    """Delete the row of ``initiatives`` as the sqlite3 shell does: foreign keys off, so the
    ``ON DELETE CASCADE`` leaves the initiative's rows in the other tables."""
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.execute("DELETE FROM initiatives WHERE key = ?", (key,))
    db.close()


def test_rows_left_under_a_key_refuse_its_write(url: str) -> None:
    """With its row of ``initiatives`` deleted where foreign keys were off, an initiative's
    rows stayed under its key: a new write there succeeded and read back the old partners and
    ties merged with the new ones (or failed on ``UNIQUE constraint failed`` with no word on
    why, and ``replace=True`` failed the same). The write is refused, counting the rows left,
    and ``replace=True`` deletes them."""
    old, new = _site("old"), _site("new")
    write_sql(old, url, key="site-1")
    write_sql(old, url, key="site-2")
    _delete_initiative_row(url, "site-1")
    before = _counts(url)
    with pytest.raises(DatabaseError) as err:
        write_sql(new, url, key="site-1")
    assert str(err.value) == (
        f"{url}: cannot write (nothing was written): the database holds 5 rows under the key "
        "'site-1' but no initiative with that key (2 in partners, 1 in indicators, 1 in "
        "observations, 1 in ties), which read_sql would read back with the initiative written; "
        "they were left when its row of initiatives was deleted on a connection with foreign "
        "keys off (the sqlite3 shell), or added by hand: pass replace=True to delete them and "
        "write, or write under another key="
    )
    assert _counts(url) == before
    # the same ids: the write failed on the UNIQUE constraint, and replace=True too
    with pytest.raises(DatabaseError, match="5 rows under the key 'site-1'"):
        write_sql(old, url, key="site-1")
    assert write_sql(new, url, key="site-1", replace=True) == "site-1"
    assert read_sql(url, key="site-1") == new
    assert read_sql(url, key="site-2") == old
    assert _counts(url)["partners"] == 4


def _append_stray_observations(url: str, keys: list[str]) -> None:
    """Add a row of observations under each of ``keys``, as pandas' ``to_sql`` appends them
    (foreign keys off: a key no initiative has is not refused)."""
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.executemany(
            "INSERT INTO observations (initiative, indicator, date, value, reported_by) "
            "VALUES (?, 'placements', '2011-12-31', 6400.0, 'cha')",
            [(k,) for k in keys],
        )
    db.close()


def test_rows_under_the_key_in_another_case_are_refused(url: str) -> None:
    """Rows appended under ``'workforce'`` and ``'Workforce '`` beside the stored
    ``'Workforce'`` (keys typed by hand in a spreadsheet) were left out of
    ``read_sql(url, key='Workforce')`` without a word (found by a reviewer)."""
    write_sql(ci.load_example("workforce"), url, key="Workforce")
    write_sql(ci.load_example("cradle-to-career"), url, key="c2c")
    _append_stray_observations(url, ["workforce", "Workforce "])
    with pytest.raises(DatabaseError) as err:
        read_sql(url, key="Workforce")
    assert str(err.value) == (
        f"{url}: initiative 'Workforce': 2 rows are under keys differing from 'Workforce' only "
        "in case or spaces, which no initiative has: 'Workforce ' (1 in observations) and "
        "'workforce' (1 in observations); read_sql reads the rows under 'Workforce' exactly, "
        "and would leave them out: set their initiative to 'Workforce' (or delete them)"
    )
    # the other initiative is read, told of the rows that are not its own
    with pytest.warns(sql.StrayRowsWarning) as told:
        assert read_sql(url, key="c2c") == ci.load_example("cradle-to-career")
    [warning] = told
    assert str(warning.message).startswith(
        f"{url}: 2 rows are under keys that no initiative has, so that read_sql reads them for "
        "none: 'Workforce ' (1 in observations) (did you mean 'Workforce'?) and 'workforce' "
        "(1 in observations) (did you mean 'Workforce'?); "
    )
    assert warning.filename == __file__  # said of the caller's line


def test_rows_left_by_a_deleted_initiative_are_told(url: str) -> None:
    """An initiative's rows left by the deletion of its row of ``initiatives`` with foreign
    keys off are read by no ``read_sql``: reading another key warns of them, by table."""
    old = _site("old")
    write_sql(old, url, key="site-1")
    write_sql(old, url, key="site-2")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # several initiatives, each read alone: nothing to tell
        assert read_sql(url, key="site-2") == old
    _delete_initiative_row(url, "site-1")
    with pytest.warns(sql.StrayRowsWarning) as told:
        assert read_sql(url, key="site-2") == old
    assert str(told[0].message) == (
        f"{url}: 5 rows are under a key that no initiative has, so that read_sql reads them "
        "for none: 'site-1' (2 in partners, 1 in indicators, 1 in observations, 1 in ties) "
        "(did you mean 'site-2'?); they were left when a row of initiatives was deleted on a "
        "connection with foreign keys off (the sqlite3 shell), or added under a mistyped key: "
        "set their initiative to a key the database holds, or delete them (write_sql with "
        "replace=True under their key deletes them)"
    )
    write_sql(old, url, key="site-1", replace=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_sql(url, key="site-2") == old


def test_stray_rows_are_found_by_one_query_per_table(url: str) -> None:
    """The rows under unknown keys are grouped by the database, not looked up one by one."""
    write_sql(ci.load_example("workforce"), url, key="k")
    _append_stray_observations(url, [f"x{i}" for i in range(50)])
    engine = sa.create_engine(url)
    statements: list[str] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    try:
        with pytest.warns(sql.StrayRowsWarning) as told:
            read_sql(engine, key="k")
    finally:
        engine.dispose()
    assert len([s for s in statements if "GROUP BY" in s]) == len(sql.SQL_TABLES)
    # the rows under the 50 keys: one query, then the initiative's own rows
    assert len([s for s in statements if "FROM observations" in s]) == 2
    assert str(told[0].message).count("(1 in observations)") == 9  # the first nine named
    assert "and 41 others; they were left" in str(told[0].message)


# --------------------------------------------------------------------------- observations


def _with_new_observations(
    initiative: ci.Initiative,
) -> tuple[ci.Initiative, list[tuple[str, Observation]]]:
    indicator = initiative.indicators[0]
    last = max((o.date for o in indicator.observations), default=dt.date(2020, 1, 1))
    new = [
        Observation(date=last + dt.timedelta(days=30), value=1.5),
        Observation(date=last + dt.timedelta(days=60), value=2.5, group="low-income"),
    ]
    changed = attrs.evolve(indicator, observations=(*indicator.observations, *new))
    indicators = (changed, *initiative.indicators[1:])
    return attrs.evolve(initiative, indicators=indicators), [(indicator.id, o) for o in new]


def test_append_observations(url: str) -> None:
    initiative = ci.load_example("workforce")
    write_sql(initiative, url, key="k")
    write_sql(ci.load_example("cradle-to-career"), url, key="other")
    other_before = read_sql(url, key="other")
    grown, new = _with_new_observations(initiative)
    assert append_observations(url, "k", new) == 2
    assert read_sql(url, key="k") == grown
    assert read_sql(url, key="other") == other_before
    # an initiative: only what the database does not hold yet is appended
    assert append_observations(url, "k", grown) == 0
    more, _newer = _with_new_observations(grown)
    assert append_observations(url, "k", more) == 2
    assert read_sql(url, key="k") == more


def test_append_observations_checked(url: str) -> None:
    initiative = ci.load_example("workforce")
    write_sql(initiative, url, key="k")
    before = _counts(url)
    obs = Observation(date=dt.date(2030, 1, 1), value=1.0)
    with pytest.raises(ValidationError, match="unknown indicator 'no-such-indicator'"):
        append_observations(url, "k", [("no-such-indicator", obs)])
    with pytest.raises(DatabaseError, match="no initiative with the key 'nope'"):
        append_observations(url, "nope", [(initiative.indicators[0].id, obs)])
    stranger = Observation(date=dt.date(2030, 1, 1), value=1.0, reported_by="stranger")
    with pytest.raises(ValidationError) as err:
        append_observations(url, "k", {initiative.indicators[0].id: [stranger]})
    assert [(p.path, p.message) for p in err.value.problems] == [
        (
            f"observations[{initiative.indicators[0].id!r}][0], column reported_by",
            "unknown partner 'stranger'",
        )
    ]
    assert _counts(url) == before


def test_append_the_observations_of_another_initiative_refused(url: str) -> None:
    """An updated file of south appended under the key north put south's observations into
    north: the indicators of both are i1, i2, i3, so every one was known (found by a reviewer).
    An initiative whose name is not the one stored under the key is refused, naming the key its
    name is stored under."""
    from collective_impact.synth import generate

    north = generate(partners=4, activities=4, indicators=3, ties=3, seed=1)
    south = generate(partners=4, activities=4, indicators=3, ties=3, seed=2)
    write_sql(north, url, key="north")
    write_sql(south, url, key="south")
    before = _counts(url)
    grown, _ = _with_new_observations(south)
    with pytest.raises(DatabaseError) as err:
        append_observations(url, "north", grown)
    assert str(err.value) == (
        f"{url}: the initiative given is named {south.name!r}, but the key 'north' holds "
        f"{north.name!r}: its observations would be appended to another initiative; the "
        "database holds an initiative of that name under the key 'south'. Give the key of the "
        "initiative given; if it is the same initiative renamed, write it with "
        "write_sql(..., replace=True), or append its observations as (indicator id, "
        "Observation) pairs"
    )
    assert _counts(url) == before
    renamed = grown.evolve(name="Renamed")
    with pytest.raises(DatabaseError, match=r"holds 'Synthetic [^;]*another initiative\. Give"):
        append_observations(url, "south", renamed)
    assert append_observations(url, "south", grown) == 2
    assert read_sql(url, key="south") == grown
    assert read_sql(url, key="north") == north


class TestAppendObservationsInput:
    """``append_observations`` took its input on trust: a dict for an observation raised
    ``AttributeError: 'dict' object has no attribute 'date'``, an item that is not a pair
    ``ValueError: too many values to unpack``, a mapping to one observation ``TypeError:
    'Observation' object is not iterable`` — none a CollectiveImpactError, none saying which
    item. And a new observation that broke a rule of the model was named by the ``row_id`` it
    had in the rolled-back insert (``table observations, row_id 72``), a row that does not
    exist."""

    OK = Observation(date=dt.date(2030, 1, 1), value=1.0)

    @pytest.mark.parametrize(
        ("given", "problems"),
        [
            (
                [("placements", OK), ("placements", {"date": "2030-02-01", "value": 2.0})],
                [("observations[1][1]", "expected an Observation, got dict")],
            ),
            (
                [("placements", OK), ("placements", OK), "placements", ("placements",)],
                [
                    (
                        "observations[2]",
                        "expected an (indicator id, Observation) pair, got str 'placements'",
                    ),
                    (
                        "observations[3]",
                        "expected an (indicator id, Observation) pair, got tuple of 1 item",
                    ),
                ],
            ),
            (
                [(None, OK), {"indicator": "placements"}, ("placements", OK, OK)],
                [
                    ("observations[0][0]", "expected an indicator id (text), got None"),
                    ("observations[1]", "expected an (indicator id, Observation) pair, got dict"),
                    (
                        "observations[2]",
                        "expected an (indicator id, Observation) pair, got tuple of 3 items",
                    ),
                ],
            ),
            (
                {"placements": OK, "earnings-increase": [OK, 4.5]},
                [
                    (
                        "observations['placements']",
                        "expected a list of Observation objects, got Observation",
                    ),
                    (
                        "observations['earnings-increase'][1]",
                        "expected an Observation, got float 4.5",
                    ),
                ],
            ),
            (
                OK,
                [
                    (
                        "observations",
                        "expected (indicator id, Observation) pairs, a mapping of "
                        "indicator id to a list of Observation objects, or an Initiative, got "
                        "Observation",
                    ),
                ],
            ),
        ],
        ids=["a-dict", "not-pairs", "ids-and-shapes", "a-mapping-to-one", "one-observation"],
    )
    def test_every_bad_item_named_by_its_place(
        self, url: str, given: Any, problems: list[tuple[str, str]]
    ) -> None:
        write_sql(ci.load_example("workforce"), url, key="k")
        before = _counts(url)
        with pytest.raises(ValidationError) as err:
            append_observations(url, "k", given)
        assert [(p.path, p.message) for p in err.value.problems] == problems
        assert all(p.code == "wrong-type" for p in err.value.problems)
        assert _counts(url) == before

    def test_checked_before_the_database_is_reached(self, tmp_path: Path) -> None:
        with pytest.raises(
            ValidationError, match=r"observations\[0\]\[1\]: expected an Observation"
        ):
            append_observations(f"sqlite:///{tmp_path / 'none.db'}", "k", [("placements", {})])
        assert list(tmp_path.iterdir()) == []

    def test_a_rule_broken_is_located_in_the_input(self, url: str) -> None:
        initiative = ci.load_example("workforce")
        write_sql(initiative, url, key="k")
        before = _counts(url)
        stranger = Observation(date=dt.date(2030, 1, 1), value=1.0, reported_by="stranger")
        with pytest.raises(ValidationError) as err:
            append_observations(url, "k", [("placements", self.OK), ("placements", stranger)])
        assert str(err.value) == (
            f"1 problem in {url}, initiative 'k':\n"
            "  observations[1] (indicator 'placements'), column reported_by: unknown partner "
            "'stranger'"
        )
        assert _counts(url) == before

    def test_located_where_the_database_returns_no_ids_of_many_rows(self, url: str) -> None:
        """Without ``RETURNING`` for many rows (MySQL), the rows are inserted one at a time."""
        write_sql(ci.load_example("workforce"), url, key="k")
        stranger = Observation(date=dt.date(2030, 1, 1), value=1.0, reported_by="stranger")
        engine = sa.create_engine(url)
        try:
            engine.dialect.insert_executemany_returning_sort_by_parameter_order = False
            with pytest.raises(ValidationError) as err:
                append_observations(
                    engine, "k", [("placements", self.OK), ("placements", stranger)]
                )
            assert [p.path for p in err.value.problems] == [
                "observations[1] (indicator 'placements'), column reported_by"
            ]
            assert append_observations(engine, "k", [("placements", self.OK)] * 2) == 2
        finally:
            engine.dispose()

    def test_every_item_checked_at_once(self, url: str) -> None:
        """An unknown indicator raised a DatabaseError before the other items were checked
        (a reported_by that is no partner came at the next call), naming the unknown
        indicators in a list joined by commas. Every problem is listed in one ValidationError,
        each unknown indicator once, at its first place in the argument (the others beside it),
        with a did-you-mean or the id of an indicator named by its name (found by a
        reviewer); nothing is written."""
        initiative = ci.load_example("workforce")
        write_sql(initiative, url, key="k")
        before = _counts(url)
        stranger = Observation(date=dt.date(2030, 1, 1), value=1.0, reported_by="stranger")
        given = [
            ("placments", self.OK),
            ("placements", stranger),
            ("Residents placed in jobs", self.OK),
            ("placments", self.OK),
            ("placements", self.OK),
        ]
        with pytest.raises(ValidationError) as err:
            append_observations(url, "k", given)
        assert err.value.source == f"{url}, initiative 'k'"
        assert [str(p) for p in err.value.problems] == [
            "observations[0] (indicator 'placments'), column indicator: unknown indicator "
            "'placments' (did you mean 'placements'?); also named at observations[3] "
            "(indicator 'placments') column indicator",
            "observations[1] (indicator 'placements'), column reported_by: unknown partner "
            "'stranger'",
            "observations[2] (indicator 'Residents placed in jobs'), column indicator: unknown "
            "indicator 'Residents placed in jobs' (the name of indicator 'placements'; give "
            "its id)",
        ]
        assert _counts(url) == before
        # an unknown indicator alone: the known ones are not written either
        with pytest.raises(ValidationError) as err:
            append_observations(url, "k", [("placements", self.OK), ("zzz", self.OK)])
        assert [str(p) for p in err.value.problems] == [
            "observations[1] (indicator 'zzz'), column indicator: unknown indicator 'zzz'"
        ]
        assert _counts(url) == before

    @pytest.mark.parametrize("unknown", [True, False])
    def test_nothing_written_in_autocommit(self, url: str, unknown: bool) -> None:
        """On a connection in autocommit, the valid items were inserted, then the problems
        raised: the rows stayed (16 observations where 15 were; an unknown indicator since
        the items were all checked, a partner that is none before). Every item is checked
        before a row is written (found by a reviewer)."""
        write_sql(ci.load_example("workforce"), url, key="k")
        before = _counts(url)
        bad = (
            ("placments", self.OK)
            if unknown
            else ("placements", Observation(date=dt.date(2030, 1, 1), value=1.0, reported_by="x"))
        )
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection, pytest.raises(ValidationError) as err:
                append_observations(connection, "k", [("placements", self.OK), bad])
        finally:
            engine.dispose()
        assert [p.path for p in err.value.problems] == [
            f"observations[1] (indicator {bad[0]!r}), column "
            + ("indicator" if unknown else "reported_by")
        ]
        assert _counts(url) == before

    def test_an_unknown_indicator_has_its_other_problems_listed(self, url: str) -> None:
        """An item whose indicator is unknown was told that alone; its reported_by that is no
        partner came at the next call, once the indicator was fixed (found by a reviewer)."""
        write_sql(ci.load_example("workforce"), url, key="k")
        stranger = Observation(date=dt.date(2030, 1, 1), value=1.0, reported_by="stranger")
        with pytest.raises(ValidationError) as err:
            append_observations(url, "k", [("placments", stranger)])
        assert [str(p) for p in err.value.problems] == [
            "observations[0] (indicator 'placments'), column indicator: unknown indicator "
            "'placments' (did you mean 'placements'?)",
            "observations[0] (indicator 'placments'), column reported_by: unknown partner "
            "'stranger'",
        ]

    def test_a_rule_broken_by_an_initiative_given(self, url: str) -> None:
        """An initiative is named by its own tree: where its new observation is."""
        initiative = ci.load_example("workforce")
        write_sql(initiative, url, key="k")
        grown = initiative.evolve(
            partners=(*initiative.partners, ci.Partner(id="stranger", name="S", sector="other"))
        )
        indicator = grown.indicators[1]
        stranger = Observation(date=dt.date(2030, 1, 1), value=1.0, reported_by="stranger")
        changed = attrs.evolve(indicator, observations=(*indicator.observations, stranger))
        grown = grown.evolve(indicators=(grown.indicators[0], changed, *grown.indicators[2:]))
        with pytest.raises(ValidationError) as err:
            append_observations(url, "k", grown)
        [problem] = err.value.problems
        assert problem.path == (
            f"indicators[1].observations[{len(indicator.observations)}] "
            f"(indicator {indicator.id!r}), column reported_by"
        )
        assert read_sql(url, key="k") == initiative


# --------------------------------------------------------------------------- bad rows


def _sqlite_file(url: str) -> str:
    return url.removeprefix("sqlite:///")


def test_bad_rows_located(url: str) -> None:
    initiative = ci.load_example("workforce")
    write_sql(initiative, url, key="k")
    tie = initiative.ties[0]
    with sqlite3.connect(_sqlite_file(url)) as db:  # foreign keys are off on a plain connection
        cursor = db.execute(
            "INSERT INTO ties (initiative, source, target, strength) VALUES (?, ?, ?, ?)",
            ("k", tie.source, "nobody", 0.5),
        )
        row_id = cursor.lastrowid
        db.execute("UPDATE partners SET sector = 'farming' WHERE row_id = 1")
        db.execute("UPDATE initiatives SET as_of = 'not a date'")
        db.execute("UPDATE observations SET value = 'lots' WHERE row_id = 2")
    db.close()
    with pytest.raises(ValidationError) as err:
        read_sql(url, key="k")
    paths = [p.path for p in err.value.problems]
    assert f"table ties, row_id {row_id}, column target" in paths
    assert f"table partners, row_id 1 (id {initiative.partners[0].id!r}), column sector" in paths
    assert "table initiatives, key 'k', column as_of" in paths
    assert "table observations, row_id 2, column value" in paths
    assert "unknown partner 'nobody'" in str(err.value)
    assert err.value.source is not None
    assert "initiative 'k'" in err.value.source


def test_a_partner_named_by_its_name_is_told_its_id(url: str) -> None:
    """A tie whose source holds the partner's name ('Chicago Jobs Council', the name of cjc in
    the workforce example) was refused as an unknown partner with no hint; it is told the id."""
    write_sql(ci.load_example("workforce"), url, key="k")
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.execute(
            "INSERT INTO ties (initiative, source, target, strength) VALUES (?, ?, ?, ?)",
            ("k", "chicago jobs council", "cha", 0.5),
        )
    db.close()
    with pytest.raises(ValidationError) as err:
        read_sql(url, key="k")
    [problem] = err.value.problems
    assert problem.message == (
        "unknown partner 'chicago jobs council' (the name of partner 'cjc'; give its id)"
    )


def test_several_values_in_one_cell_are_told_to_be_separated_with_a_bar(url: str) -> None:
    """A list cell typed with ',' ('resident-council, cha'; roles 'backbone,funder') was told
    the did-you-mean of its first part, dropping the rest (found by a reviewer): the cell to
    write is given, as in a CSV bundle or a workbook (one reading path)."""
    write_sql(ci.load_example("workforce"), url, key="k")
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.execute("UPDATE partners SET roles = 'backbone,funder' WHERE row_id = 1")
        db.execute("UPDATE activities SET partners = 'resident-council, cha' WHERE row_id = 1")
    db.close()
    with pytest.raises(ValidationError) as err:
        read_sql(url, key="k")
    messages = [p.message for p in err.value.problems]
    assert messages[0].endswith(
        "got 'backbone,funder' (several values in one cell? separate them with '|': "
        "'backbone|funder')"
    )
    assert messages[1] == (
        "unknown partner 'resident-council, cha' (several values in one cell? separate them "
        "with '|': 'resident-council|cha')"
    )


def test_a_date_at_midnight_as_pandas_writes_it_is_told_the_date(url: str) -> None:
    """``DataFrame.to_sql`` writes a column of datetimes as '2011-12-31 00:00:00.000000': it was
    refused with no hint (found by a reviewer). It is still refused (a date and time is not a
    date), told the date to write and how to write dates from pandas; a time of day other than
    midnight is told it has one."""
    write_sql(ci.load_example("workforce"), url, key="k")
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.execute("UPDATE observations SET date = '2011-12-31 00:00:00.000000' WHERE row_id = 1")
        db.execute("UPDATE observations SET date = '2011-12-31 13:00:00' WHERE row_id = 3")
        db.execute("UPDATE initiatives SET as_of = '2012-01-01T00:00:00'")
    db.close()
    with pytest.raises(ValidationError) as err:
        read_sql(url, key="k")
    assert [(p.path, p.message) for p in err.value.problems] == [
        (
            "table initiatives, key 'k', column as_of",
            "expected a date (YYYY-MM-DD), got '2012-01-01T00:00:00' (a date and time at "
            "midnight: write the date alone, 2012-01-01); pandas writes a column of datetimes "
            'so: write its dates instead, df["as_of"] = df["as_of"].dt.date, before to_sql',
        ),
        (
            "table observations, row_id 1, column date",
            "expected a date (YYYY-MM-DD), got '2011-12-31 00:00:00.000000' (a date and time at "
            "midnight: write the date alone, 2011-12-31); pandas writes a column of datetimes "
            'so: write its dates instead, df["date"] = df["date"].dt.date, before to_sql',
        ),
        (
            "table observations, row_id 3, column date",
            "expected a date (YYYY-MM-DD), got '2011-12-31 13:00:00' (a date with a time of "
            "day, 13:00:00: write the date alone, 2011-12-31, if that day is meant)",
        ),
    ]


def test_a_row_is_named_by_its_row_id_and_its_id(url: str) -> None:
    """Messages named a row by its ``row_id`` as ``id 1``, while the table has an ``id`` column
    of its own: with partners keyed by a CRM's numbers, ``table partners, id 1`` named the row
    of the partner '2' beside a partner '1' (found by a reviewer). The ``row_id`` is said as
    such, and the row's ``id`` beside it."""
    initiative = ci.Initiative.from_dict(
        {
            "schema_version": 1,
            "name": "Eastgate",
            "partners": [
                {"id": "2", "name": "Eastgate Schools", "sector": "government"},
                {"id": "1", "name": "Literacy Now", "sector": "nonprofit"},
            ],
            "ties": [{"source": "2", "target": "1"}],
        }
    )
    write_sql(initiative, url, key="e")
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.execute("UPDATE partners SET sector = 'school district' WHERE id = '2'")
        db.execute("UPDATE partners SET id = '' WHERE id = '1'")  # no id to name
    db.close()
    with pytest.raises(ValidationError) as err:
        read_sql(url, key="e")
    paths = [p.path for p in err.value.problems]
    assert "table partners, row_id 1 (id '2'), column sector" in paths
    assert "table partners, row_id 2, column id" in paths


def test_the_first_of_two_clashing_rows_is_named_by_its_row_id(url: str) -> None:
    """The first of two clashing rows was named "row 34" beside "row_id 43": 34 was the first
    row's ``row_id``, not its position (the initiative's rows started at ``row_id`` 22), so a
    reader counting rows looked for a 34th row that is not there (found by a reviewer). A
    repeated contribution and a second backbone row now name it by its ``row_id``, as the
    place of the problem is named."""
    write_sql(ci.load_example("workforce"), url)
    write_sql(ci.load_example("workforce"), url, key="w2")
    with sqlite3.connect(_sqlite_file(url)) as db:
        first = db.execute(
            "SELECT row_id FROM contributions WHERE initiative = 'w2' "
            "AND activity = 'job-placement' AND indicator = 'placements'"
        ).fetchone()[0]
        backbone = db.execute("SELECT row_id FROM backbone WHERE initiative = 'w2'").fetchone()[0]
        db.execute(
            "INSERT INTO contributions (initiative, activity, indicator, value) "
            "VALUES ('w2', 'job-placement', 'placements', 0.1)"
        )
        db.execute("INSERT INTO backbone (initiative, organization) VALUES ('w2', 'cha')")
    db.close()
    with pytest.raises(ValidationError) as err:
        read_sql(url, key="w2")
    text = str(err.value)
    assert f"'job-placement' and 'placements' are already paired at row_id {first}; " in text
    assert f"only one data row is allowed (row_id {backbone})" in text
    assert " at row " not in text
    assert "(row " not in text


def test_a_grouped_number_as_text_is_ambiguous(url: str) -> None:
    """SQLite keeps text in a REAL column as text: ``'52,125'`` read as 52125 while a
    workbook refuses the same text (reported by a reviewer). Text in a database has no locale
    to say what its comma is, so it is refused, naming both readings, with every other such
    cell; two groups are thousands anywhere."""
    initiative = ci.load_example("workforce")
    write_sql(initiative, url, key="k")
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.execute("UPDATE observations SET value = '52,125' WHERE row_id = 1")
        db.execute("UPDATE observations SET value = '1,234,567' WHERE row_id = 2")
        db.execute("UPDATE indicators SET baseline_value = '0,8' WHERE row_id = 1")
    db.close()
    with pytest.raises(ValidationError) as err:
        read_sql(url, key="k")
    assert [str(p) for p in err.value.problems] == [
        "table indicators, row_id 1 (id 'placements'), column baseline_value: expected a "
        "number, got '0,8'; use a dot as the decimal separator (0.8)",
        "table observations, row_id 1, column value: '52,125' is ambiguous as text in a database: "
        "52.125 with a decimal comma, or 52125 with grouped thousands; store it as the number "
        "52.125 or 52125",
    ]


def _made_by_another_tool(tmp_path: Path, key: str, old: str, new: str) -> sqlite3.Connection:
    """Write the workforce example under ``key`` to ``tmp_path / "hand.db"``, a SQLite
    database whose schema is the library's with ``old`` written ``new`` (as another tool may
    declare it); return the connection, the rows copied and committed."""
    clean = tmp_path / "clean.db"
    write_sql(ci.load_example("workforce"), f"sqlite:///{clean}", key=key)
    db = sqlite3.connect(tmp_path / "hand.db")
    db.executescript(create_schema("sqlite").replace(old, new))
    db.execute("ATTACH ? AS c", (str(clean),))
    for (name,) in db.execute("SELECT name FROM c.sqlite_master WHERE type = 'table'").fetchall():
        db.execute(f"INSERT INTO main.{name} SELECT * FROM c.{name}")
    db.commit()
    return db


def _text_numbers_database(tmp_path: Path, baseline: str) -> Path:
    """Write the workforce example to a SQLite database whose number columns are TEXT, with
    the text ``'1.100'`` in the first observation and ``baseline`` in the first baseline."""
    db = _made_by_another_tool(tmp_path, "k", "DOUBLE", "TEXT")
    hand = tmp_path / "hand.db"
    db.execute("UPDATE observations SET value = '1.100' WHERE row_id = 1")
    db.execute("UPDATE indicators SET baseline_value = ? WHERE row_id = 1", (baseline,))
    db.commit()
    db.close()
    return hand


def test_a_point_group_beside_a_decimal_comma_is_ambiguous(tmp_path: Path) -> None:
    """In a database made by another tool, whose values are TEXT, ``'1.100'`` was read as 1.1
    beside ``'0,8'`` in an indicator's baseline (found by a reviewer): a decimal-comma locale
    groups thousands with a point, and once ``'0,8'`` was fixed the value stood 1000 times
    too small where 1100 was meant. As in a CSV bundle, it is refused, naming the decimal
    comma and both readings. (A REAL column keeps no such text: SQLite makes it 1.1.)"""
    hand = _text_numbers_database(tmp_path, "0,8")
    with pytest.raises(ValidationError) as err:
        read_sql(f"sqlite:///{hand}", key="k")
    assert [str(p) for p in err.value.problems] == [
        "table indicators, row_id 1 (id 'placements'), column baseline_value: expected a "
        "number, got '0,8'; use a dot as the decimal separator (0.8)",
        "table observations, row_id 1, column value: '1.100' is ambiguous as text in a "
        "database that writes decimal commas (table indicators, row_id 1 (id 'placements'), "
        "column baseline_value holds '0,8'): 1.100 with a decimal point, or 1100 with the "
        "point grouping thousands; store it as the number 1.100 or 1100",
    ]


@pytest.mark.parametrize("comma", ["1.234,5", "12,5%", "\u22120,8"])
def test_a_decimal_comma_in_a_locale_s_own_form_counts(tmp_path: Path, comma: str) -> None:
    """``'1.100'`` beside a baseline ``'1.234,5'`` (grouped with points), ``'12,5%'`` or
    ``'−0,8'`` (U+2212 MINUS SIGN) was read as 1.1 (found by a reviewer): only
    ``digits,digits`` counted as a decimal comma. Each counts now, and ``'1.100'`` is
    refused as ambiguous beside it."""
    hand = _text_numbers_database(tmp_path, comma)
    with pytest.raises(ValidationError) as err:
        read_sql(f"sqlite:///{hand}", key="k")
    assert (
        "table observations, row_id 1, column value: '1.100' is ambiguous as text in a "
        "database that writes decimal commas (table indicators, row_id 1 (id 'placements'), "
        f"column baseline_value holds {comma!r}): 1.100 with a decimal point, or 1100 with "
        "the point grouping thousands; store it as the number 1.100 or 1100"
    ) in [str(p) for p in err.value.problems]


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        ("UPDATE observations SET date = '2025-13-01' WHERE row_id = 2", "row_id 2, column date"),
        ("UPDATE observations SET value = 'abc' WHERE row_id = 1", "row_id 1, column value"),
    ],
)
def test_appending_to_hand_edited_rows_locates_them(url: str, edit: str, where: str) -> None:
    initiative = ci.load_example("workforce")
    write_sql(initiative, url, key="k")
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.execute(edit)
    db.close()
    before = _counts(url)
    with pytest.raises(ValidationError) as read_error:
        read_sql(url, key="k")
    grown, new = _with_new_observations(initiative)
    for appended in (new, grown):
        with pytest.raises(ValidationError) as err:
            append_observations(url, "k", appended)
        assert f"table observations, {where}" in [p.path for p in err.value.problems]
        assert [str(p) for p in err.value.problems] == [str(p) for p in read_error.value.problems]
        assert _counts(url) == before


def test_a_row_id_that_is_not_an_integer(tmp_path: Path) -> None:
    hand = tmp_path / "hand.db"
    # a schema made by another tool: row_id is text
    db = _made_by_another_tool(tmp_path, "w", "row_id INTEGER NOT NULL", "row_id TEXT NOT NULL")
    partners = db.execute("SELECT count(*) FROM partners").fetchone()[0]
    db.execute("UPDATE partners SET row_id = 'p-' || id")
    db.execute("UPDATE goals SET row_id = '7.5' WHERE row_id = (SELECT min(row_id) FROM goals)")
    db.execute("UPDATE ties SET row_id = '912' WHERE row_id = (SELECT min(row_id) FROM ties)")
    db.commit()
    db.close()
    with pytest.raises(DatabaseError) as err:
        read_sql(f"sqlite:///{hand}", key="w")
    message = str(err.value)
    assert "table partners: row_id must be an integer, got 'p-" in message
    assert f"and {partners - 4:,} others" in message  # the first few, then a count
    assert "table goals: row_id must be an integer, got '7.5'" in message
    assert "table ties" not in message  # integer text is an integer


def test_the_other_entry_of_a_conflict_is_named_by_its_id(url: str) -> None:
    """A repeated tie names the first one by its ``row_id``, as every place in a database (it
    said ``id``, which is another column of the tables with ids)."""
    initiative = ci.load_example("workforce")
    write_sql(initiative, url, key="k")
    with sqlite3.connect(_sqlite_file(url)) as db:
        first = db.execute(
            "SELECT row_id, source, target, kind, strength FROM ties ORDER BY row_id LIMIT 1"
        ).fetchone()
        copy = db.execute(
            "INSERT INTO ties (initiative, source, target, kind, strength) VALUES (?, ?, ?, ?, ?)",
            ("k", *first[1:]),
        ).lastrowid
    db.close()
    with pytest.raises(ValidationError) as err:
        read_sql(url, key="k")
    [problem] = err.value.problems
    assert problem.path == f"table ties, row_id {copy}"
    assert f"(first at row_id {first[0]})" in problem.message


def test_missing_table_and_no_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    (tmp_path / "empty.db").touch()  # SQLite reads an empty file as a database without tables
    with pytest.raises(DatabaseError, match="lacks the table initiatives, the table partners"):
        read_sql(url)
    create_tables(url)
    with pytest.raises(DatabaseError, match="holds no initiative"):
        read_sql(url)
    with sqlite3.connect(tmp_path / "empty.db") as db:
        db.execute("DROP TABLE ties")
    db.close()
    with pytest.raises(DatabaseError, match="lacks the table ties") as err:
        read_sql(url)
    assert isinstance(err.value, CollectiveImpactError)
    assert str(err.value).endswith("(create_tables creates the missing tables)")
    create_tables(url)
    # a missing column: create_tables adds none (it was said to create it)
    with sqlite3.connect(tmp_path / "empty.db") as db:
        db.execute("ALTER TABLE ties DROP COLUMN intensity")
    db.close()
    with pytest.raises(DatabaseError, match=r"lacks the column ties\.intensity") as err:
        read_sql(url)
    assert str(err.value).endswith(
        "(add the columns as create_schema gives them (create_tables creates only the missing "
        "tables), or write the initiatives to a new database)"
    )
    missing_folder = f"sqlite:///{tmp_path / 'no' / 'such' / 'folder.db'}"
    with pytest.raises(DatabaseError, match="does not exist"):
        read_sql(missing_folder)


def test_reading_a_file_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    """``read_sql("sqlite:///typo.db")`` created an empty file and reported 13 missing tables."""
    path = tmp_path / "typo.db"
    url = f"sqlite:///{path}"
    obs = Observation(date=dt.date(2030, 1, 1), value=1.0)
    with pytest.raises(DatabaseError) as err:
        read_sql(url)
    assert str(err.value) == (
        f"{url}: no database: the file {str(path)!r} does not exist (reading creates none); "
        "check the path, or write an initiative there first (write_sql)"
    )
    engine = sa.create_engine(url)
    try:
        with pytest.raises(DatabaseError, match="does not exist"):
            read_sql(engine)
    finally:
        engine.dispose()
    with pytest.raises(DatabaseError, match="does not exist"):
        append_observations(url, "k", [("x", obs)])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("query", "opened"),
    [("file:typo.db?uri=true", "typo.db"), ("typo.db?mode=ro&uri=true", "typo.db?mode=ro")],
)
def test_reading_a_uri_that_names_no_file_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, opened: str
) -> None:
    """A SQLite URI (``uri=true``) was taken for "no file", so reading a mistyped one created
    an empty database, or a file named ``typo.db?mode=ro`` (SQLite's plain name for a URI
    without ``file:``), and blamed its 13 missing tables (found by a reviewer)."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatabaseError) as err:
        read_sql(f"sqlite:///{query}")
    assert f"no database: the file {opened!r} does not exist (reading creates none)" in str(
        err.value
    )
    assert list(tmp_path.iterdir()) == []
    # a file there is read through its URI
    key = write_sql(ci.load_example("workforce"), "sqlite:///file:typo.db?uri=true")
    assert read_sql("sqlite:///file:typo.db?mode=ro&uri=true", key=key) == ci.load_example(
        "workforce"
    )


@pytest.mark.parametrize("key", [5, b"k", ["k"]])
def test_a_key_that_is_not_text(url: str, key: object) -> None:
    """``read_sql(url, key=5)`` raised AttributeError ('int' object has no attribute ...)."""
    initiative = ci.load_example("workforce")
    write_sql(initiative, url, key="5")
    obs = Observation(date=dt.date(2030, 1, 1), value=1.0)
    calls = (
        lambda: read_sql(url, key=key),  # type: ignore[arg-type]
        lambda: write_sql(initiative, url, key=key),  # type: ignore[arg-type]
        lambda: append_observations(url, key, [("x", obs)]),  # type: ignore[arg-type]
    )
    for call in calls:
        with pytest.raises(DatabaseError) as err:
            call()
        assert str(err.value).startswith(
            f"{url}: the key must be text (a str), not {type(key).__name__} {key!r}"
        )
    assert read_sql(url, key="5") == initiative


def test_connection_failure_hides_the_password() -> None:
    url = "postgresql+psycopg://someone:s3cret@127.0.0.1:1/nothing?connect_timeout=2"
    with pytest.raises(DatabaseError, match="cannot connect") as err:
        read_sql(url)
    assert "s3cret" not in str(err.value)
    assert "someone:***@127.0.0.1:1/nothing" in str(err.value)
    with pytest.raises(DatabaseError, match="not a database URL"):
        read_sql("not a url")


def test_a_url_that_cannot_be_parsed_hides_the_password(tmp_path: Path) -> None:
    bad = "postgresql+psycopg://analyst:s3cr3t-pw@db.example.org:54x/impact"
    initiative = ci.load_example("workforce")
    calls = [
        lambda: read_sql(bad),
        lambda: read_sql(bad, key=5),  # type: ignore[arg-type]
        lambda: write_sql(initiative, bad),
        lambda: append_observations(bad, "k", []),
        lambda: create_tables(bad),
    ]
    for call in calls:
        with pytest.raises(DatabaseError) as err:
            call()
        assert "s3cr3t-pw" not in str(err.value)
        assert str(err.value).startswith("postgresql+psycopg://analyst:***@db.example.org:54x/")
    with pytest.raises(DatabaseError) as err:
        create_schema(bad)
    assert "s3cr3t-pw" not in str(err.value)
    assert sql._masked("a://u:p@h/x and b://v:q@h") == "a://u:***@h/x and b://v:***@h"


# --------------------------------------------------------------------------- all or nothing


def _keys(url: str) -> list[str]:
    with sqlite3.connect(_sqlite_file(url)) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM initiatives ORDER BY key")]
    db.close()
    return keys


def _begin(connection: Any, how: str) -> None:
    """Begin the caller's transaction: explicitly, by SQLAlchemy's autobegin on a read, or by a
    write of its own (after which Python's ``sqlite3`` has sent ``BEGIN``)."""
    if how == "begin":
        connection.begin()
    elif how == "read":
        connection.exec_driver_sql("SELECT 1").all()
    else:
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS mine (x INTEGER)")
        connection.exec_driver_sql("INSERT INTO mine VALUES (1)")


class TestTheCallersTransaction:
    """Given a SQLite connection in a transaction, the write worked in a savepoint: Python's
    ``sqlite3`` had sent no ``BEGIN`` (it sends one before the first ``INSERT``), so the
    ``SAVEPOINT`` was SQLite's outermost transaction, its ``RELEASE`` committed, and the
    caller's rollback undid nothing. Now the caller's rollback undoes everything."""

    @pytest.mark.parametrize("how", ["begin", "read"])
    def test_rollback_undoes_a_write_beside_others(self, url: str, how: str) -> None:
        first, second = (ci.load_example(e) for e in EXAMPLES)
        write_sql(second, url, key="b")
        before = _counts(url)
        engine = sa.create_engine(url)
        try:
            with engine.connect() as connection:
                _begin(connection, how)
                assert write_sql(first, connection, key="a") == "a"
                assert read_sql(connection, key="a") == first  # seen inside the transaction
                with pytest.raises(DatabaseError, match="already holds"):
                    write_sql(second, connection, key="b")
                assert connection.in_transaction()
                connection.rollback()
        finally:
            engine.dispose()
        assert _keys(url) == ["b"]
        assert _counts(url) == before

    @pytest.mark.parametrize("how", ["begin", "read"])
    def test_rollback_undoes_the_tables_of_an_empty_database(
        self, tmp_path: Path, how: str
    ) -> None:
        path = tmp_path / "empty.db"
        path.touch()
        url = f"sqlite:///{path}"
        initiative = ci.load_example("workforce")
        engine = sa.create_engine(url)
        try:
            with engine.connect() as connection:
                _begin(connection, how)
                write_sql(initiative, connection, key="a")
                _, new = _with_new_observations(initiative)
                assert append_observations(connection, "a", new) == 2
                connection.rollback()
        finally:
            engine.dispose()
        assert _counts(url) == {}

    @pytest.mark.parametrize("how", ["begin", "read", "write"])
    def test_rollback_undoes_appended_observations(self, url: str, how: str) -> None:
        initiative = ci.load_example("workforce")
        write_sql(initiative, url, key="k")
        before = _counts(url)
        _, new = _with_new_observations(initiative)
        engine = sa.create_engine(url)
        try:
            with engine.connect() as connection:
                _begin(connection, how)
                assert append_observations(connection, "k", new) == 2
                connection.rollback()
        finally:
            engine.dispose()
        assert {k: n for k, n in _counts(url).items() if k != "mine"} == before
        assert read_sql(url, key="k") == initiative

    @pytest.mark.parametrize("how", ["begin", "read", "write"])
    def test_commit_keeps_everything(self, url: str, how: str) -> None:
        initiative = ci.load_example("workforce")
        grown, new = _with_new_observations(initiative)
        engine = sa.create_engine(url)
        try:
            with engine.connect() as connection:
                _begin(connection, how)
                write_sql(initiative, connection, key="k")
                append_observations(connection, "k", new)
                connection.commit()
        finally:
            engine.dispose()
        assert read_sql(url, key="k") == grown


@pytest.mark.parametrize("call", ["write_sql", "append_observations"])
def test_a_write_waits_for_another_writer_sqlite(url: str, call: str) -> None:
    """A write began a deferred transaction: it read (a read lock), then asked for the write
    lock at its first ``INSERT``; with another connection writing, SQLite refused at once
    (``database is locked``) rather than wait, as waiting while holding a read lock could
    deadlock — 18 of 40 writes of two processes to one file failed so (found by a reviewer).
    Writes begin with ``BEGIN IMMEDIATE`` and wait for the other writer (the busy timeout);
    reads stay deferred, and are not held up by a writer."""
    import threading
    import time

    initiative = ci.load_example("workforce")
    write_sql(initiative, url, key="a")
    _, new = _with_new_observations(initiative)
    holder = sqlite3.connect(_sqlite_file(url), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer, holding the write lock
    holder.execute("UPDATE initiatives SET description = description WHERE key = 'a'")
    impatient = sa.create_engine(url, connect_args={"timeout": 0.05})
    release = threading.Timer(0.3, holder.execute, ("COMMIT",))
    try:
        assert read_sql(impatient, key="a") == initiative  # a reader does not wait
        release.start()
        began = time.perf_counter()
        if call == "write_sql":
            assert write_sql(initiative, url, key="b") == "b"
        else:
            assert append_observations(url, "a", new) == len(new)
        assert time.perf_counter() - began >= 0.2  # it waited for the other writer
    finally:
        release.join()
        impatient.dispose()
        holder.close()
    assert len(_keys(url)) == (2 if call == "write_sql" else 1)


def test_a_write_names_every_column_the_tables_lack(url: str) -> None:
    """``write_sql`` on tables of an older layout named the first missing column it tried to
    write (``table indicators has no column named quadrant``); ``read_sql`` named them all."""
    ddl = create_schema("sqlite")
    for column in ("\tquadrant TEXT, \n", "\tinforms TEXT, \n", "\tintensity TEXT, \n"):
        assert column in ddl
        ddl = ddl.replace(column, "")
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.executescript(ddl)
        db.execute("DROP TABLE backbone")  # a missing table is created, not refused
    db.close()
    before = _counts(url)
    with pytest.raises(DatabaseError) as err:
        write_sql(ci.load_example("cradle-to-career"), url, key="k")
    assert str(err.value) == (
        f"{url}: cannot write (nothing was written): the database lacks the column "
        "indicators.quadrant, the column indicators.informs, the column ties.intensity; its "
        "tables are not in the layout of collective_impact.io.sql (add the columns as "
        "create_schema gives them, or write to a new database)"
    )
    assert _counts(url) == before


def _make_ties_fail_sqlite(url: str, source: str) -> None:
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.execute(
            "CREATE TRIGGER refuse_tie BEFORE INSERT ON ties "
            f"WHEN NEW.source = '{source}' BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"
        )
    db.close()


def test_failed_write_writes_nothing_sqlite(url: str) -> None:
    first, second = (ci.load_example(e) for e in EXAMPLES)
    write_sql(first, url, key="first")
    before = _counts(url)
    _make_ties_fail_sqlite(url, second.ties[-1].source)
    with pytest.raises(DatabaseError, match=r"cannot write the table ties.*refused by a trigger"):
        write_sql(second, url, key="second")
    assert _counts(url) == before
    # a replace that fails half-way keeps what was there
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.execute("DROP TRIGGER refuse_tie")
    db.close()
    _make_ties_fail_sqlite(url, second.ties[-1].source)
    with pytest.raises(DatabaseError, match="nothing was written"):
        write_sql(second, url, key="first", replace=True)
    assert _counts(url) == before
    assert read_sql(url, key="first") == first


def test_a_failed_write_to_a_new_database_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables were created (and committed) before the write's transaction: a failed write
    left a new database with 13 empty tables; now no file, and an existing file no tables."""
    initiative = ci.load_example("workforce")
    real = sql._rows

    def rows(table: Any, init: ci.Initiative, key: str) -> list[dict[str, Any]]:
        found = real(table, init, key)
        if table.name == "ties":
            found[-1]["source"] = None  # refused by the database: NOT NULL
        return found

    monkeypatch.setattr(sql, "_rows", rows)
    fresh = tmp_path / "fresh.db"
    with pytest.raises(DatabaseError, match=r"cannot write the table ties \(nothing was written\)"):
        write_sql(initiative, f"sqlite:///{fresh}")
    assert list(tmp_path.iterdir()) == []
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(DatabaseError, match="cannot write the table ties"):
        write_sql(initiative, f"sqlite:///{empty}")
    assert _counts(f"sqlite:///{empty}") == {}
    engine = sa.create_engine(f"sqlite:///{empty}")
    try:
        with pytest.raises(DatabaseError, match="cannot write the table ties"):
            write_sql(initiative, engine)
    finally:
        engine.dispose()
    assert _counts(f"sqlite:///{empty}") == {}
    monkeypatch.setattr(sql, "_rows", real)
    write_sql(initiative, f"sqlite:///{fresh}")
    assert read_sql(f"sqlite:///{fresh}") == initiative


# --------------------------------------------------------------------------- labels


def _labels_differing_in_case() -> ci.Initiative:
    return ci.Initiative.from_dict(
        {
            "schema_version": 1,
            "name": "labels",
            "partners": [{"id": "p", "name": "P", "sector": "other"}],
            "places": [{"id": "County"}, {"id": "north-side", "within": " county"}],
            "populations": [{"id": "Youth"}, {"id": "teens", "within": "YOUTH"}],
        }
    )


def test_within_a_label_written_in_another_case(url: str) -> None:
    """The model matches ``within`` to a declared label without regard to case or spaces; the
    foreign key ``places.within`` did not, and the write failed: ``cannot commit (nothing was
    written): FOREIGN KEY constraint failed``."""
    initiative = _labels_differing_in_case()
    assert ("places", "within") not in FOREIGN_KEYS
    assert ("populations", "within") not in FOREIGN_KEYS
    assert "places_within_fkey" not in create_schema("postgresql")
    write_sql(initiative, url, key="k")
    assert read_sql(url, key="k") == initiative


def test_a_foreign_key_failing_at_the_commit_names_its_rows(url: str) -> None:
    """A database made by an older version keeps ``places_within_fkey``: the write fails, and
    says where, not only ``FOREIGN KEY constraint failed``; the tables it created are gone."""
    with sqlite3.connect(_sqlite_file(url)) as db:
        db.executescript(
            'CREATE TABLE initiatives ("key" TEXT NOT NULL, name TEXT NOT NULL, description TEXT, '
            "problem TEXT, as_of DATE, champions TEXT, funding_secured_until DATE, urgency TEXT, "
            'PRIMARY KEY ("key"));'
            "CREATE TABLE places (row_id INTEGER NOT NULL, initiative TEXT NOT NULL, id TEXT NOT "
            "NULL, name TEXT, within TEXT, PRIMARY KEY (row_id), CONSTRAINT places_initiative_fkey "
            'FOREIGN KEY(initiative) REFERENCES initiatives ("key") ON DELETE CASCADE, '
            "CONSTRAINT places_id_key UNIQUE (initiative, id), CONSTRAINT places_within_fkey "
            "FOREIGN KEY(initiative, within) REFERENCES places (initiative, id) DEFERRABLE "
            "INITIALLY DEFERRED);"
        )
    db.close()
    with pytest.raises(DatabaseError) as err:
        write_sql(_labels_differing_in_case(), url, key="k")
    assert str(err.value) == (
        f"{url}: cannot commit (nothing was written): FOREIGN KEY constraint failed; 1 row "
        "breaks a foreign key: table places, id 'north-side': within ' county' names no row of "
        "the table places (constraint places_within_fkey)"
    )
    assert _counts(url) == {"initiatives": 0, "places": 0}


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh schema of the PostgreSQL database, dropped at the end."""
    assert POSTGRES_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        yield schema
        with engine.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        engine.dispose()


@pytest.mark.postgres
@needs_postgres
@pytest.mark.parametrize("example", EXAMPLES)
def test_round_trip_postgres(pg_schema: str, example: str) -> None:
    assert POSTGRES_URL is not None
    initiative = ci.load_example(example)
    write_sql(initiative, POSTGRES_URL, key="k", schema=pg_schema)
    assert read_sql(POSTGRES_URL, key="k", schema=pg_schema) == initiative
    write_sql(initiative, POSTGRES_URL, key="k", schema=pg_schema, replace=True)
    assert read_sql(POSTGRES_URL, schema=pg_schema) == initiative


@pytest.mark.postgres
@needs_postgres
def test_replace_with_new_ids_postgres(pg_schema: str) -> None:
    """The deferred foreign keys have indexes: a replace whose activities are renamed works
    (and takes seconds, not minutes, at 10,000 activities)."""
    import re

    from collective_impact import synth

    assert POSTGRES_URL is not None
    initiative = synth.generate(partners=100, activities=2000, indicators=20, ties=500, seed=1)
    renamed = ci.loads(re.sub(r'"a(\d)', r'"z\1', ci.dumps(initiative, "json")), "json")
    assert {a.id for a in renamed.activities}.isdisjoint({a.id for a in initiative.activities})
    write_sql(initiative, POSTGRES_URL, key="k", schema=pg_schema)
    write_sql(renamed, POSTGRES_URL, key="k", schema=pg_schema, replace=True)
    assert read_sql(POSTGRES_URL, key="k", schema=pg_schema) == renamed
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            assert _foreign_keys_without_an_index(inspector, pg_schema) == []
    finally:
        engine.dispose()


@pytest.mark.postgres
@needs_postgres
def test_numeric_columns_postgres(pg_schema: str) -> None:
    """Other tools create NUMERIC columns, which psycopg reads as Decimal: a number."""
    assert POSTGRES_URL is not None
    initiative = ci.load_example("workforce")
    write_sql(initiative, POSTGRES_URL, key="k", schema=pg_schema)
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            for table, column in (("observations", "value"), ("ties", "strength")):
                connection.exec_driver_sql(
                    f'ALTER TABLE "{pg_schema}".{table} ALTER COLUMN {column} TYPE numeric'
                )
    finally:
        engine.dispose()
    assert read_sql(POSTGRES_URL, key="k", schema=pg_schema) == initiative


@pytest.mark.postgres
@needs_postgres
def test_stray_rows_postgres(pg_schema: str) -> None:
    """The rows under keys no initiative has are found (grouped by key, one query per table)
    and told of on PostgreSQL too, where only a tool that drops the foreign keys leaves them."""
    assert POSTGRES_URL is not None
    initiative = ci.load_example("workforce")
    write_sql(initiative, POSTGRES_URL, key="Workforce", schema=pg_schema)
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            for constraint in ("initiative", "indicator", "reported_by"):
                connection.exec_driver_sql(
                    f'ALTER TABLE "{pg_schema}".observations '
                    f"DROP CONSTRAINT observations_{constraint}_fkey"
                )
            connection.exec_driver_sql(
                f'INSERT INTO "{pg_schema}".observations (initiative, indicator, date, value) '
                "VALUES ('workforce', 'placements', '2011-12-31', 6400), "
                "('site-9', 'placements', '2011-12-31', 1)"
            )
    finally:
        engine.dispose()
    with (
        pytest.warns(sql.StrayRowsWarning, match=r"'site-9' \(1 in observations\)"),
        pytest.raises(DatabaseError, match=r"1 row is under a key differing from 'Workforce'"),
    ):
        read_sql(POSTGRES_URL, key="Workforce", schema=pg_schema)
    with pytest.raises(DatabaseError, match=r"1 row under the key 'site-9' but no initiative"):
        write_sql(initiative, POSTGRES_URL, key="site-9", schema=pg_schema)
    # replace=True deletes the rows left under the key it writes
    write_sql(initiative, POSTGRES_URL, key="site-9", schema=pg_schema, replace=True)
    write_sql(initiative, POSTGRES_URL, key="workforce", schema=pg_schema, replace=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for key in ("Workforce", "site-9", "workforce"):
            assert read_sql(POSTGRES_URL, key=key, schema=pg_schema) == initiative


def test_a_decimal_is_a_number() -> None:
    from decimal import Decimal

    from collective_impact.io import _tables

    assert _tables._is_number(Decimal("1100"))
    kind = next(c.kind for c in _tables.OBSERVATIONS.columns if c.name == "value")
    number = _tables._typed_number(kind, Decimal("0.1"))
    assert number == 0.1
    assert type(number) is float
    assert not _tables._is_number(Decimal("NaN"))
    assert not _tables._is_number(Decimal("Infinity"))
    # a NaN is no value, as a float NaN is; beyond a float's range is said as stored (it was
    # "got inf", or a silent 0 for 1E-400: found by a reviewer)
    assert _tables._missing(Decimal("NaN"))
    assert _tables._missing(float("nan"))
    with pytest.raises(_tables.CellError, match=r"got 1E\+400 \(beyond the largest"):
        _tables._typed_number(kind, Decimal("1E+400"))
    with pytest.raises(_tables.CellError, match=r"got 1E-400 \(below the smallest"):
        _tables._typed_number(kind, Decimal("1E-400"))
    assert _tables._typed_number(kind, Decimal("-0")) == 0.0


@pytest.mark.slow  # a property round trip through a writer and a reader: run by .ci/run
@pytest.mark.postgres
@needs_postgres
def test_round_trip_property_postgres(pg_schema: str) -> None:
    assert POSTGRES_URL is not None
    seen: list[int] = []

    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    @given(initiative=strategies.initiatives())
    def check(initiative: ci.Initiative) -> None:
        key = f"k{len(seen)}"
        seen.append(1)
        write_sql(initiative, POSTGRES_URL, key=key, schema=pg_schema)
        assert read_sql(POSTGRES_URL, key=key, schema=pg_schema) == initiative

    check()


@pytest.mark.postgres
@needs_postgres
def test_failed_write_writes_nothing_postgres(pg_schema: str) -> None:
    assert POSTGRES_URL is not None
    first, second = (ci.load_example(e) for e in EXAMPLES)
    write_sql(first, POSTGRES_URL, key="first", schema=pg_schema)
    before = _counts(POSTGRES_URL, pg_schema)
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                f'ALTER TABLE "{pg_schema}".ties ADD CONSTRAINT refuse_tie '
                f"CHECK (source <> '{second.ties[-1].source}' OR initiative = 'first')"
            )
    finally:
        engine.dispose()
    with pytest.raises(DatabaseError, match=r"cannot write the table ties.*refuse_tie"):
        write_sql(second, POSTGRES_URL, key="second", schema=pg_schema)
    assert _counts(POSTGRES_URL, pg_schema) == before
    append = [(first.indicators[0].id, Observation(date=dt.date(2031, 1, 1), value=3.0))]
    assert append_observations(POSTGRES_URL, "first", append, schema=pg_schema) == 1
    assert _counts(POSTGRES_URL, pg_schema)["observations"] == before["observations"] + 1


def test_without_sqlalchemy(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    with pytest.raises(MissingDependencyError, match=r"collective-impact\[sql\]"):
        read_sql(url)


_CALLS: dict[str, Any] = {
    "read_sql": lambda url: read_sql(url),
    "write_sql": lambda url: write_sql(ci.load_example("workforce"), url),
    "append_observations": lambda url: append_observations(url, "k", []),
    "create_tables": lambda url: create_tables(url),
}


@pytest.mark.parametrize("call", [*_CALLS, "create_schema"])
@pytest.mark.parametrize(
    "bad",
    [
        "postgresql+psycopg://analyst:s3@cr3t@db.example.org:5432/impact",
        "postgresql+psycopg://analyst:s3@cr3t@db.example.org:54x/impact",
        "postgresql+psycopg://analyst:s3@cr/3t@db.example.org:5432/impact",
    ],
)
def test_a_password_with_an_unencoded_at_sign_is_hidden_and_refused(bad: str, call: str) -> None:
    """SQLAlchemy reads a password up to its first ``@``: ``analyst:s3@cr3t@db`` has the
    password ``s3`` and the host ``cr3t@db`` (with a ``/`` after the ``@``, the host ``cr`` and
    the database ``3t@db...``). The messages showed ``analyst:***@cr3t@db`` (part of the
    password), and a connection was tried with the wrong password. The rest is hidden too, and
    the URL refused before any connection, saying how to write it."""
    if call == "create_schema":
        if "54x" not in bad:  # the statements of a dialect need no connection
            assert "s3" not in create_schema(bad)
            return
        run = create_schema
    else:
        run = _CALLS[call]
    with pytest.raises(DatabaseError) as err:
        run(bad)
    text = str(err.value)
    assert "cr3t" not in text
    assert "s3" not in text
    if call != "create_schema":  # its message does not show the URL
        assert text.startswith("postgresql+psycopg://analyst:***@db.example.org:5"), text
    if "54x" not in bad:
        assert "write an '@' of a password as %40 (and a '/' as %2F)" in text


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://user@corp@db.example.org/impact",  # an @ in the user name
        "postgresql+psycopg://user@server:pw@db.example.org/impact",  # a cloud service's form
        "postgresql+psycopg://analyst:pw@db.example.org/impact?application_name=me@laptop",
        "postgresql+psycopg://analyst:s3%40cr3t@db.example.org/impact",
    ],
)
def test_a_url_with_an_at_sign_read_right_is_not_refused_for_it(url: str) -> None:
    """The refusal is for an ``@`` SQLAlchemy would read into the host or the database: one in
    the user name, the query, or written ``%40`` reaches the connection (refused here only as
    the server does not exist)."""
    sa = pytest.importorskip("sqlalchemy")
    assert not sql._stray_at(sa.engine.make_url(url))


def test_masked_hides_a_password_up_to_its_host() -> None:
    assert sql._masked("a://u:p@q@h/x and b://v:q w@h") == "a://u:***@h/x and b://v:***@h"
    # an @ after a / may end the password too: more is hidden, never less
    assert sql._masked("a://u:p@q/r@h/x") == "a://u:***@h/x"
    assert sql._masked("a://u@s:p@h/x?n=me@l") == "a://u@s:***@h/x?n=me@l"


@pytest.mark.parametrize("call", ["write_sql", "create_tables"])
@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///file::memory:?uri=true",
        "sqlite:///file:scratch?mode=memory&uri=true",
        "sqlite:///file:scratch?vfs=memdb&uri=true",  # SQLite's memdb (a fresh-eyes reviewer)
    ],
)
def test_writing_into_a_database_in_memory_made_from_a_url_is_refused(url: str, call: str) -> None:
    """``write_sql(init, "sqlite://")`` wrote into a database that the engine made for the call
    took with it when disposed: it returned a key and kept nothing. It is refused, saying what
    to do."""
    with pytest.raises(DatabaseError, match="in memory made from a URL is gone"):
        _CALLS[call](url)


def test_a_file_whose_name_speaks_of_memory_is_a_file(tmp_path: Path) -> None:
    """Only a database SQLite keeps in memory is refused: a file named ``mode=memory.db``, a
    shared cache another connection may keep, and ``file::memory:`` without ``uri=true`` (a
    file of that name to SQLite) are not."""
    sa = pytest.importorskip("sqlalchemy")
    url = f"sqlite:///{tmp_path}/backup-mode=memory.db"
    initiative = ci.load_example("workforce")
    assert read_sql(url, key=write_sql(initiative, url)) == initiative
    for kept in (
        "sqlite:///file::memory:",
        "sqlite:///file::memory:?cache=shared&uri=true",
        "sqlite:///file:scratch?mode=memory&cache=shared&uri=true",
        "sqlite:///file:/scratch?vfs=memdb&uri=true",  # a memdb shared within the process
    ):
        assert not sql._in_memory(sa.engine.make_url(kept)), kept


def test_a_windows_file_uri_names_its_drive(monkeypatch: pytest.MonkeyPatch) -> None:
    """``file:///C:/data.db`` opens ``C:/data.db`` on Windows (SQLite drops the slash before a
    drive letter); it was checked as ``/C:/data.db``, which does not exist there, so reading
    it would have said the file is missing (a fresh-eyes reviewer). Elsewhere it is a path."""
    assert sql._sqlite_uri_file("file:///C:/data.db") == "/C:/data.db"
    monkeypatch.setattr(sql.os, "name", "nt")
    assert sql._sqlite_uri_file("file:///C:/data.db") == "C:/data.db"
    assert sql._sqlite_uri_file("file:/data.db") == "/data.db"


def test_an_engine_in_memory_the_caller_keeps_is_written_to() -> None:
    import sqlalchemy

    initiative = ci.load_example("workforce")
    engine = sqlalchemy.create_engine("sqlite://")
    try:
        key = write_sql(initiative, engine)
        assert read_sql(engine, key=key) == initiative
    finally:
        engine.dispose()
