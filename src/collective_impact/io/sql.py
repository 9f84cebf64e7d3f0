r"""SQL databases: initiatives kept in the tables of a database, through SQLAlchemy 2.

The layout follows the CSV bundle (:mod:`collective_impact.io.csvbundle`): one table per file of
the bundle, named as the file without ``.csv`` (``partners``, ``ties``...), with the file's
columns. ``initiative.csv`` is the table ``initiatives``, one row per initiative. Several
initiatives live in one database, told apart by their *key* (by default the initiative's
name):

``initiatives``
    ``key`` (text, the primary key), then one column per key of ``initiative.csv``:
    ``name``, ``description``, ``problem``, ``as_of`` (date), ``champions`` (``|``-list),
    ``funding_secured_until`` (date), ``urgency``. ``NULL`` is "no value"; an empty
    ``description`` is the empty text.
every other table
    ``row_id`` (an integer primary key the database numbers; rows are read in its order, and
    messages name rows by it, and by their ``id`` where they have one: ``table ties, row_id
    17, column target``, ``table partners, row_id 3 (id 'p2'), column sector``),
    ``initiative`` (text, the key of the initiative the row belongs to, a foreign key to
    ``initiatives.key`` with ``ON DELETE CASCADE``), then the columns of the bundle's file,
    typed: text as ``TEXT``, numbers as ``DOUBLE PRECISION``, dates as ``DATE``, counts as
    ``INTEGER``; choices and ``|``-lists as ``TEXT`` (lists joined as in a bundle, ``NULL``
    when empty).

Tables with an ``id`` column (``partners``, ``goals``, ``indicators``, ``populations``,
``places``, ``activities``, ``working_groups``) are unique on ``(initiative, id)``. A column that
names one object of another table is a foreign key ``(initiative, column)`` →
``(initiative, id)`` of that table (:data:`FOREIGN_KEYS`), deferred to the end of the
transaction: those derived from the table description (a column named as the singular of a table
with ids: ``observations.indicator``, ``pathways.indicator``, ``contributions.activity``,
``contributions.indicator``) and those listed by hand (``ties.source`` and ``ties.target`` →
``partners``, ``pathways.drives`` → ``indicators``, ``observations.reported_by`` and
``backbone.organization`` → ``partners``), each with an index on its columns (which also finds a
table's rows by initiative). ``|``-lists (an activity's partners, a goal's
indicators) are not foreign keys, nor are ``populations.within`` and ``places.within``: the
label a declared population or place is within matches the declared ids without regard to case
or surrounding spaces (``County`` for ``county``), as the model compares labels, which an exact
foreign key would refuse; the reader checks them all. SQLite enforces foreign keys only on
connections with ``PRAGMA foreign_keys = ON``; the engines this module creates from a URL turn
it on.

:func:`create_schema` gives the DDL for a dialect, :func:`create_tables` creates the tables that
are missing. :func:`write_sql` writes an initiative in one transaction, :func:`append_observations`
adds observations to one already written, :func:`read_sql` reads one back, checked by the same
reader as a bundle (:func:`~collective_impact.io.csvbundle.read_tables`):
``read_sql(url, key=k) == initiative`` after ``write_sql(initiative, url, key=k)``. Rows under a
key that no row of ``initiatives`` has (another tool's, or left by a deletion with foreign keys
off) are read by no :func:`read_sql`: it refuses them when their key differs from the key read
only in case or spaces, and warns of the others (:class:`StrayRowsWarning`); :func:`write_sql`
refuses to write a key such rows are under, unless ``replace=True``, which deletes them.

Every function takes a URL (``sqlite:///initiatives.db``,
``postgresql+psycopg://user@host/db``), an :class:`sqlalchemy.engine.Engine` or an open
:class:`sqlalchemy.engine.Connection`. Reading (:func:`read_sql`, :func:`append_observations`)
never creates a SQLite file: one that does not exist is refused. Errors are
:class:`DatabaseError` (a
:class:`~collective_impact.CollectiveImpactError`) naming the URL without its password, or a
:class:`~collective_impact.ValidationError` locating each problem of the rows read.
"""

from __future__ import annotations

import contextlib
import decimal
import numbers
import os
import re
import urllib.parse
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..errors import (
    DatabaseError,
    Location,
    MissingDependencyError,
    ProblemCode,
    ValidationError,
    did_you_mean,
    listed,
    shown,
)
from ..model import Initiative, Observation
from ..model.initiative import expect_initiative
from ._sheets import ambiguous_in_database, close_matches
from ._tables import INITIATIVE, INITIATIVE_KEYS, OBSERVATIONS, TABLES, Column, Table, join_values
from .csvbundle import FailedTable, Naming, RawTable, read_tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

__all__ = [
    "FOREIGN_KEYS",
    "SQL_TABLES",
    "DatabaseError",
    "StrayRowsWarning",
    "append_observations",
    "create_schema",
    "create_tables",
    "read_sql",
    "write_sql",
]

#: The table of the initiatives, one row per key.
INITIATIVES_TABLE: Final = "initiatives"

#: The tables of the bundle kept one row per object, in the order they are written.
SQL_TABLES: Final[tuple[str, ...]] = tuple(t.name for t in TABLES.values() if t is not INITIATIVE)

_WITH_IDS: Final = frozenset(name for name in SQL_TABLES if "id" in TABLES[name].header)


def _derived_keys() -> dict[tuple[str, str], str]:
    """Return the references the table description shows.

    They are the text columns named as the singular of a table with ids (``indicator`` →
    ``indicators``, ``activity`` → ``activities``).
    """
    plural = {name: name for name in _WITH_IDS}
    found: dict[tuple[str, str], str] = {}
    for name in SQL_TABLES:
        for column in TABLES[name].columns:
            if not column.stored or column.kind.name != "text":
                continue
            for candidate in (f"{column.name}s", f"{column.name[:-1]}ies"):
                if candidate in plural and candidate != name:
                    found[name, column.name] = candidate
    return found


#: The references that the column names do not show, listed by hand.
_HAND_LISTED: Final[Mapping[tuple[str, str], str]] = {
    ("ties", "source"): "partners",
    ("ties", "target"): "partners",
    ("pathways", "drives"): "indicators",
    ("observations", "reported_by"): "partners",
    ("backbone", "organization"): "partners",
}

#: The references that are not foreign keys although they name a row of a table with ids: the
#: label a declared population (place) is ``within`` is matched to the declared ids without
#: regard to case or surrounding spaces (``County`` for ``county``), which an exact foreign key
#: would refuse. The reader checks them, as the ``|``-lists.
_NOT_FOREIGN_KEYS: Final = frozenset({("populations", "within"), ("places", "within")})

#: The foreign keys of the layout: ``(table, column)`` → the table whose ``id`` it names
#: within the same initiative.
FOREIGN_KEYS: Final[Mapping[tuple[str, str], str]] = {
    ref: table
    for ref, table in {**_derived_keys(), **_HAND_LISTED}.items()
    if ref not in _NOT_FOREIGN_KEYS
}


# --------------------------------------------------------------------------- the layout


def _sqlalchemy() -> Any:
    try:
        import sqlalchemy
    except ImportError:
        raise MissingDependencyError("sqlalchemy", "sql", purpose="SQL databases") from None
    return sqlalchemy


def _column_type(sa: Any, column: Column) -> Any:
    kind = column.kind.name
    if kind == "number":
        return sa.Double()
    if kind == "date":
        return sa.Date()
    if kind == "count":
        return sa.Integer()
    return sa.Text()


def _metadata(schema: str | None) -> tuple[Any, dict[str, Any]]:
    """Return the ``MetaData`` of the layout and its tables by name."""
    sa = _sqlalchemy()
    metadata = sa.MetaData(schema=schema)
    initiatives = sa.Table(
        INITIATIVES_TABLE,
        metadata,
        sa.Column("key", sa.Text(), primary_key=True),
        *(
            sa.Column(key.name, _column_type(sa, key), nullable=not key.required)
            for key in INITIATIVE_KEYS
        ),
    )
    tables: dict[str, Any] = {INITIATIVES_TABLE: initiatives}
    for name in SQL_TABLES:
        description = TABLES[name]
        constraints: list[Any] = [
            sa.ForeignKeyConstraint(
                ["initiative"],
                [initiatives.c.key],
                name=f"{name}_initiative_fkey",
                ondelete="CASCADE",
            )
        ]
        if name in _WITH_IDS:
            constraints.append(sa.UniqueConstraint("initiative", "id", name=f"{name}_id_key"))
        elif not any(table == name for table, _ in FOREIGN_KEYS):
            # the rows are found by initiative; the foreign keys' indexes serve that otherwise
            constraints.append(sa.Index(f"{name}_initiative_idx", "initiative"))
        tables[name] = sa.Table(
            name,
            metadata,
            sa.Column("row_id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("initiative", sa.Text(), nullable=False),
            *(
                sa.Column(c.name, _column_type(sa, c), nullable=not c.required)
                for c in description.columns
                if c.stored
            ),
            *constraints,
        )
    for (name, column), target in FOREIGN_KEYS.items():
        referenced = tables[target]
        tables[name].append_constraint(
            sa.ForeignKeyConstraint(
                ["initiative", column],
                [referenced.c.initiative, referenced.c.id],
                name=f"{name}_{column}_fkey",
                deferrable=True,
                initially="DEFERRED",
            )
        )
        # the rows naming an id, found at once when the id is deleted: a replace that drops
        # ids checks each deferred key at the commit, by a scan of the initiative's rows without
        # it (quadratic); it also serves the lookups by initiative
        sa.Index(f"{name}_{column}_idx", tables[name].c.initiative, tables[name].c[column])
    return metadata, tables


# --------------------------------------------------------------------------- connections


def _shown_url(url: Any) -> str:
    """Return ``url`` as messages show it: its password hidden, all of it.

    SQLAlchemy reads a password up to its first ``@``, so the rest of one with an ``@`` not
    written ``%40`` would be shown as part of the host: it is hidden too.
    """
    return _masked(str(url.render_as_string(hide_password=True)))


#: The ``user:password@`` of a URL in a text: a user without ``:`` or ``/`` (with an ``@``, as
#: ``user@server``, the form of some cloud services), a password up to
#: its first ``@`` (spaces and line breaks included, as a mistyped password may have them),
#: then up to any later ``@`` before the query (a password with an ``@`` not written ``%40``,
#: which SQLAlchemy's URL parser would show as part of the host, or with a ``/`` too, of the
#: database): when in doubt, more is hidden, never less.
_PASSWORD: Final = re.compile(r"(://[^:/\s]*:)[^@]*@(?:[^@?#\s]*@)*")


def _masked(text: str) -> str:
    """Return ``text`` with the password of every URL in it hidden, as a URL that parses shows.

    For the text of a target or an error that SQLAlchemy could not read as a URL.

    >>> _masked("postgresql://analyst:s3cr3t@db:54x/impact: not a URL")
    'postgresql://analyst:***@db:54x/impact: not a URL'
    >>> _masked("postgresql://analyst:s3@cr@3t@db:54x/impact")
    'postgresql://analyst:***@db:54x/impact'
    """
    return _PASSWORD.sub(r"\1***@", text)


def _sqlite_file(url: Any) -> str | None:
    """Return the file a SQLite URL opens, or ``None`` (another database, in memory).

    The file is the one the driver is handed (SQLAlchemy's own ``create_connect_args``): a
    ``uri=true`` URL opens a SQLite URI filename (:func:`_sqlite_uri_file`). Such URLs were
    taken for "not a file", so that reading a mistyped ``sqlite:///file:typo.db?uri=true``
    created an empty ``typo.db`` and blamed its missing tables (found by a reviewer).
    """
    if url.get_backend_name() != "sqlite":
        return None
    try:
        with warnings.catch_warnings():  # SQLAlchemy's own, given again when it connects
            warnings.simplefilter("ignore")
            args, kwargs = url.get_dialect()().create_connect_args(url)
    except Exception:  # a driver that is not installed, a query it refuses: it says so
        return None
    filename = str(args[0]) if args else ""
    if kwargs.get("uri"):
        return _sqlite_uri_file(filename)
    return None if filename in ("", ":memory:") else filename


def _sqlite_uri_file(filename: str) -> str | None:
    """Return the file a SQLite URI filename opens, or ``None`` (in memory, temporary).

    As SQLite reads it (https://www.sqlite.org/uri.html): a name not starting with ``file:``
    is a plain file name, whatever it holds (``typo.db?mode=ro`` is a file of that name);
    ``file:`` is followed by an optional ``//authority``, the path (percent-decoded) and a
    query, whose ``mode=memory`` or ``vfs=memdb`` (or a path ``:memory:``) is a database in
    memory. On Windows, the ``/`` before a drive letter is dropped (``file:///C:/data.db``
    opens ``C:/data.db``), as SQLite drops it.

    >>> _sqlite_uri_file("file:data/a%20b.db?mode=ro"), _sqlite_uri_file("typo.db?mode=ro")
    ('data/a b.db', 'typo.db?mode=ro')
    >>> _sqlite_uri_file("file:x.db?mode=memory"), _sqlite_uri_file("file::memory:")
    (None, None)
    >>> _sqlite_uri_file("file:/v.db?vfs=memdb")
    >>> _sqlite_uri_file("file://localhost/tmp/x.db")
    '/tmp/x.db'
    """
    if not filename.startswith("file:"):
        return filename or None
    path, _, query = filename[len("file:") :].partition("#")[0].partition("?")
    params = urllib.parse.parse_qs(query)  # SQLite reads mode and vfs as written: "MEMORY" fails
    if "memory" in params.get("mode", ()) or "memdb" in params.get("vfs", ()):
        return None
    if path.startswith("//"):  # an authority, empty or localhost, before the path
        _, slash, rest = path[2:].partition("/")
        path = slash + rest
    path = urllib.parse.unquote(path)
    if os.name == "nt" and re.match(r"/[A-Za-z]:", path):
        path = path[1:]
    return None if path in ("", ":memory:") else path


def _shown_target(target: Any) -> str:
    """Return how messages name a target before it is connected to: its URL, password hidden."""
    sa = _sqlalchemy()
    if isinstance(target, sa.engine.Connection):
        return _shown_url(target.engine.url)
    if isinstance(target, sa.engine.Engine):
        return _shown_url(target.url)
    try:
        return _shown_url(sa.engine.make_url(target))
    except Exception:  # not a URL: the connection says so
        return _masked(str(target))


def _checked_key(key: object, target: Any) -> str:
    """Return ``key``, refusing one that is not text with a :class:`DatabaseError`."""
    if not isinstance(key, str):
        raise DatabaseError(
            f"the key must be text (a str), not {type(key).__name__} {shown(key)}; give the key "
            "the initiative is stored under (key=str(...) for a number)",
            source=_shown_target(target),
        )
    return key


@contextlib.contextmanager
def _connection(target: Any, *, create: bool = False) -> Iterator[tuple[Connection, str]]:
    """Yield an open connection to ``target`` and its URL for messages (without password).

    A connection given is used as it is (and left open); an engine lends one; a URL makes an
    engine for the duration (SQLite with foreign keys enforced). Unless ``create``, a SQLite
    file that does not exist is refused (SQLite would create it, empty).
    """
    sa = _sqlalchemy()
    if isinstance(target, sa.engine.Connection):
        yield target, _shown_url(target.engine.url)
        return
    engine: Engine
    made = False
    if isinstance(target, sa.engine.Engine):
        engine = target
    else:
        shown_target = _masked(str(target))
        try:
            url = sa.engine.make_url(target)
            shown_target = _shown_url(url)
            if _stray_at(url):
                # SQLAlchemy read the password to its first @: connecting would try the wrong
                # password with the rest of it as the host (and might lock the account)
                raise DatabaseError(
                    "the URL has an '@' after the one that ends its password (read as part of "
                    "the host or the database name): write an '@' of a password as %40 (and "
                    "a '/' as %2F)",
                    source=_masked(str(target)),
                )
            _refuse_missing_file(url, shown_target, create=create)
            if create:
                _refuse_in_memory(url, shown_target)
            engine = sa.create_engine(url)
        except ModuleNotFoundError as err:
            if err.name in ("psycopg", "psycopg2"):
                raise MissingDependencyError(
                    str(err.name), "postgres", purpose="PostgreSQL databases"
                ) from None
            raise DatabaseError(
                f"the database driver {err.name!r} is not installed", source=shown_target
            ) from None
        except (sa.exc.ArgumentError, ValueError) as err:
            raise DatabaseError(
                f"not a database URL ({_masked(str(err))}); give one such as "
                "sqlite:///initiatives.db",
                source=shown_target,
            ) from None
        made = True
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_foreign_keys)
    source = _shown_url(engine.url)
    if not made:
        _refuse_missing_file(engine.url, source, create=create)
    try:
        try:
            connection = engine.connect()
        except sa.exc.DBAPIError as err:
            raise DatabaseError(f"cannot connect: {_reason(err)}", source=source) from None
        with connection:
            yield connection, source
    finally:
        if made:
            engine.dispose()


def _stray_at(url: Any) -> bool:
    """Whether a server URL has an ``@`` in its host or database name (a password's, unencoded).

    ``analyst:s3@cr3t@db`` reads as the password ``s3`` and the host ``cr3t@db``;
    ``analyst:s3@cr/3t@db/impact`` as the host ``cr`` and the database ``3t@db/impact``. An
    ``@`` in a user name (``user@server:pw@host``) or in the query is read right, and a SQLite
    URL names a file, whose path may have one.
    """
    if url.get_backend_name() == "sqlite":
        return False
    return "@" in str(url.host or "") or "@" in str(url.database or "")


def _in_memory(url: Any) -> bool:
    """Whether ``url`` names a SQLite database in memory that no other connection keeps.

    ``sqlite://`` and ``sqlite:///:memory:``; with ``uri=true``, the URI ``file::memory:`` or
    one with ``mode=memory`` (SQLAlchemy hands the query's SQLite parameters to the URI), or
    ``vfs=memdb`` with a name not starting with ``/``, unless with ``cache=shared``, which
    another connection of the process may keep. Without ``uri=true`` any other name is a file
    (``file::memory:`` too), even one with ``memory`` in it.
    """
    if url.get_backend_name() != "sqlite":
        return False
    database = str(url.database or "")
    if not database or database == ":memory:":
        return True
    query = {str(k): str(v).lower() for k, v in url.query.items()}
    if query.get("uri") not in ("true", "1") or query.get("cache") == "shared":
        return False
    path = database.removeprefix("file:").split("?", 1)[0]
    # SQLite's memdb: a name starting with "/" is shared within the process, others are not
    private_memdb = query.get("vfs") == "memdb" and not path.startswith("/")
    return (
        path == ":memory:"
        or query.get("mode") == "memory"
        or "mode=memory" in database
        or private_memdb
    )


def _refuse_in_memory(url: Any, source: str) -> None:
    """Refuse to write into a SQLite database in memory made from a URL: it would be lost.

    The engine made for the call is disposed when it returns, and the database with it, so
    ``write_sql(init, "sqlite://")`` kept nothing and said nothing. An engine the caller
    made, and keeps, is written to as it is.
    """
    if _in_memory(url):
        raise DatabaseError(
            "a SQLite database in memory made from a URL is gone when the call returns: "
            "nothing would be kept; write to a file (sqlite:///initiatives.db), or pass an "
            "engine you keep (sqlalchemy.create_engine('sqlite://'))",
            source=source,
        )


def _refuse_missing_file(url: Any, source: str, *, create: bool) -> None:
    """Refuse a SQLite file that does not exist, unless the caller means to ``create`` it."""
    path = _sqlite_file(url)
    if create or path is None or os.path.exists(path):
        return
    raise DatabaseError(
        f"no database: the file {shown(path)} does not exist (reading creates none); check the "
        "path, or write an initiative there first (write_sql)",
        source=source,
    )


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _reason(err: BaseException) -> str:
    """Return the database's own message for a failed statement, on one line."""
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err).strip()
    return " ".join(text.split()) or type(err).__name__


@contextlib.contextmanager
def _transaction(connection: Connection, *, write: bool) -> Iterator[None]:
    """Run the block in one transaction: its own, or a savepoint inside the caller's.

    On SQLite, the transaction is begun in the database first (:func:`_begin_in_sqlite`):
    Python's ``sqlite3`` sends no ``BEGIN`` before the first ``INSERT``, so a savepoint would
    be SQLite's outermost transaction, committed by its ``RELEASE`` whatever the caller does
    next, and each ``CREATE TABLE`` would commit at once. A block that writes (``write``) begins
    with ``BEGIN IMMEDIATE``.
    """
    if connection.in_transaction():
        _begin_in_sqlite(connection, write=write)
        with connection.begin_nested():
            yield
    else:
        with connection.begin():
            _begin_in_sqlite(connection, write=write)
            yield


def _begin_in_sqlite(connection: Connection, *, write: bool) -> None:
    """Begin in SQLite the transaction that SQLAlchemy counts begun on ``connection``.

    Python's ``sqlite3`` (in its default, legacy mode) begins a transaction only before an
    ``INSERT``, ``UPDATE`` or ``DELETE``: until then, what SQLAlchemy calls a transaction is
    nothing to SQLite, and a ``SAVEPOINT`` opened in it starts SQLite's outermost transaction,
    which its ``RELEASE`` commits — the caller's rollback would not undo it. SQLAlchemy's
    documented remedy for pysqlite is the same ``BEGIN``, sent at the start of each transaction.
    A connection in autocommit (``isolation_level=None`` without such a ``BEGIN``, or
    ``autocommit=True``) is left alone: its caller asked for no transaction.

    A transaction that will ``write`` begins with ``BEGIN IMMEDIATE``, which takes the
    database's write lock at once, waiting for another writer as long as the connection's busy
    timeout allows (5 s by default). A deferred ``BEGIN`` took a read lock with the first read
    and asked for the write lock only at the first ``INSERT``: when another connection held it,
    SQLite refused at once (``database is locked``) without waiting, as waiting while holding a
    read lock could deadlock — 18 of 40 writes of two processes to one file failed so (found by
    a reviewer). Readers begin deferred, and do not wait for one another.
    """
    if connection.dialect.name != "sqlite":
        return
    dbapi = connection.connection.dbapi_connection
    if (
        dbapi is None
        or getattr(dbapi, "in_transaction", True)
        or getattr(dbapi, "isolation_level", None) is None
        or getattr(dbapi, "autocommit", None) is True
    ):
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _dialect(target: Any) -> Any:
    sa = _sqlalchemy()
    if isinstance(target, sa.engine.Connection | sa.engine.Engine):
        return target.dialect
    text = str(target)
    try:
        url = sa.engine.make_url(text if "://" in text else f"{text}://")
        return url.get_dialect()()
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ValueError) as err:
        raise DatabaseError(
            f"not a database URL or dialect name ({_masked(str(err))}); give one such as "
            "'postgresql'",
            source=text if "://" not in text else None,
        ) from None


def create_schema(target: Any, *, schema: str | None = None) -> str:
    """Return the DDL that creates the tables of the layout, for a database's dialect.

    Parameters
    ----------
    target
        A URL, an engine or a connection, or a dialect's name (``"postgresql"``,
        ``"sqlite"``, ``"mysql"``); nothing is connected to.
    schema
        The schema (PostgreSQL's namespace) to put the tables in; the default one otherwise.

    Returns
    -------
    str
        ``CREATE TABLE`` and ``CREATE INDEX`` statements, each ending with ``;``, in an order
        that creates every referenced table first.

    Examples
    --------
    >>> ddl = create_schema("sqlite")
    >>> print(ddl.split(";")[0].strip())  # doctest: +NORMALIZE_WHITESPACE
    CREATE TABLE initiatives ( "key" TEXT NOT NULL, name TEXT NOT NULL, description TEXT,
    problem TEXT, as_of DATE, champions TEXT, funding_secured_until DATE, urgency TEXT,
    PRIMARY KEY ("key") )
    """
    sa = _sqlalchemy()
    dialect = _dialect(target)
    metadata, _ = _metadata(schema)
    statements: list[str] = []
    for table in metadata.sorted_tables:
        statements.append(str(sa.schema.CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            statements.append(str(sa.schema.CreateIndex(index).compile(dialect=dialect)).strip())
    return "".join(f"{s};\n\n" for s in statements).rstrip() + "\n"


def create_tables(target: Any, *, schema: str | None = None) -> None:
    """Create the tables of the layout that the database does not have yet.

    Parameters
    ----------
    target
        A URL, an engine or a connection.
    schema
        The schema to create them in (it must exist); the default one otherwise.

    Raises
    ------
    DatabaseError
        When the database cannot be reached or refuses the tables.

    Examples
    --------
    >>> import tempfile
    >>> import sqlalchemy as sa
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     url = f"sqlite:///{folder}/initiatives.db"
    ...     create_tables(url)
    ...     engine = sa.create_engine(url)
    ...     tables = sorted(sa.inspect(engine).get_table_names())
    ...     engine.dispose()
    >>> tables
    ['activities', 'backbone', 'contributions', 'goals', 'indicators', 'initiatives',
     'observations', 'partners', 'pathways', 'places', 'populations', 'ties', 'working_groups']
    """
    sa = _sqlalchemy()
    metadata, _ = _metadata(schema)
    with _connection(target, create=True) as (connection, source):
        try:
            with _transaction(connection, write=True):
                metadata.create_all(connection, checkfirst=True)
        except sa.exc.SQLAlchemyError as err:
            raise DatabaseError(
                f"cannot create the tables: {_reason(err)}", source=source
            ) from None


# --------------------------------------------------------------------------- writing


def _stored(column: Column, obj: Any) -> Any:
    """Return the value of a column as the database keeps it: lists joined, empty as NULL."""
    value = column.value(obj)
    if isinstance(value, tuple):
        return join_values(value) if value else None
    return value


def _rows(table: Table, initiative: Initiative, key: str) -> list[dict[str, Any]]:
    columns = [c for c in table.columns if c.stored]
    return [
        {"initiative": key, **{c.name: _stored(c, obj) for c in columns}}
        for obj in table.rows(initiative)
    ]


def _keys(connection: Connection, tables: Mapping[str, Any]) -> list[str]:
    sa = _sqlalchemy()
    initiatives = tables[INITIATIVES_TABLE]
    result = connection.execute(sa.select(initiatives.c.key).order_by(initiatives.c.key))
    return [str(k) for k in result.scalars()]


def write_sql(
    initiative: Initiative,
    target: Any,
    *,
    key: str | None = None,
    schema: str | None = None,
    replace: bool = False,
) -> str:
    """Write an initiative to a database, in one transaction.

    In one transaction (a savepoint when ``target`` is a connection already in a transaction,
    which the caller commits): the tables of the layout that are missing are created (as
    :func:`create_tables` creates them); an existing ``key`` is refused, or with
    ``replace=True`` its rows are deleted; a row of ``initiatives`` and the rows of every table
    are inserted. Before anything is written, the tables the database has are checked for
    every column of the layout (those missing are all named). When anything fails, nothing is
    written: the database is left as it was, without the tables the write created (a database
    that commits each ``CREATE TABLE`` at once, as MySQL does, has them dropped again), and a
    SQLite file the write created is removed. The caller's rollback of its transaction undoes
    the write, on SQLite too. On SQLite the transaction begins with ``BEGIN IMMEDIATE``: a
    write waits for another process's write to end (the connection's busy timeout), rather than
    fail with ``database is locked``.

    Parameters
    ----------
    initiative
        What to write.
    target
        A URL (``sqlite:///initiatives.db``, ``postgresql+psycopg://user@host/db``), an
        engine or a connection.
    key
        The key of the initiative in the database; its name by default.
    schema
        The schema of the tables; the default one otherwise.
    replace
        Replace the initiative stored under ``key`` rather than refuse it; rows under ``key``
        left without its row of ``initiatives`` are deleted too.

    Returns
    -------
    str
        The key written.

    Raises
    ------
    DatabaseError
        When ``key`` is not text, or is already stored (and ``replace`` is false), rows are
        under ``key`` without its row of ``initiatives`` (left by a deletion on a connection
        with foreign keys off; counted per table; ``replace=True`` deletes them), a table of
        the database lacks columns of the layout (every one named), or the database cannot be
        reached or refuses a row (the message names the table, and for a foreign key checked
        at the commit each row that breaks it); nothing is written then.

    Examples
    --------
    >>> import tempfile, collective_impact as ci
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     url = f"sqlite:///{folder}/initiatives.db"
    ...     key = write_sql(ci.load_example("workforce"), url)
    ...     read_sql(url, key=key) == ci.load_example("workforce")
    True
    """
    _sqlalchemy()  # MissingDependencyError first
    expect_initiative(initiative)
    key = initiative.name if key is None else _checked_key(key, target)
    metadata, tables = _metadata(schema)
    new_file = _new_sqlite_file(target)
    try:
        with _connection(target, create=True) as (connection, source):
            _write(connection, source, initiative, key, metadata, tables, schema, replace)
    except BaseException:
        if new_file is not None:  # the engine is disposed: the file is closed
            for path in (new_file, *(f"{new_file}-{end}" for end in ("journal", "wal", "shm"))):
                with contextlib.suppress(OSError):
                    os.remove(path)
        raise
    return key


def _refuse_rows_without_initiative(
    connection: Connection, tables: Mapping[str, Any], key: str, source: str
) -> None:
    """Refuse to write ``key`` where rows are under it without its row of ``initiatives``.

    Such rows are left when the row of ``initiatives`` is deleted on a connection without
    ``PRAGMA foreign_keys = ON`` (the ``sqlite3`` shell, pandas' engine), where the ``ON DELETE
    CASCADE`` does not run, or added by hand. Written beside them, the new initiative would be
    read back with them, its partners and activities merged with theirs (or the write would fail
    on a repeated id, saying only ``UNIQUE constraint failed``). One count per table, found by
    the index on ``initiative``.
    """
    sa = _sqlalchemy()
    counts = [
        (name, int(n))
        for name in SQL_TABLES
        for n in connection.execute(
            sa.select(sa.func.count())
            .select_from(tables[name])
            .where(tables[name].c.initiative == key)
        ).scalars()
        if n
    ]
    if not counts:
        return
    total = sum(n for _, n in counts)
    found = ", ".join(f"{n:,} in {name}" for name, n in counts)
    raise DatabaseError(
        f"cannot write (nothing was written): the database holds {total:,} "
        f"{'row' if total == 1 else 'rows'} under the key {shown(key)} but no initiative with "
        f"that key ({found}), which read_sql would read back with the initiative written; they "
        f"were left when its row of {INITIATIVES_TABLE} was deleted on a connection with foreign "
        "keys off (the sqlite3 shell), or added by hand: pass replace=True to delete them and "
        "write, or write under another key=",
        source=source,
    )


def _new_sqlite_file(target: Any) -> str | None:
    """Return the SQLite file a URL names when it does not exist yet (a write creates it)."""
    sa = _sqlalchemy()
    if isinstance(target, sa.engine.Connection | sa.engine.Engine):
        return None  # the caller's engine may hold it open: left to the caller
    try:
        path = _sqlite_file(sa.engine.make_url(target))
    except (sa.exc.ArgumentError, ValueError):
        return None  # _connection says why
    return path if path is not None and not os.path.exists(path) else None


def _write(
    connection: Connection,
    source: str,
    initiative: Initiative,
    key: str,
    metadata: Any,
    tables: Mapping[str, Any],
    schema: str | None,
    replace: bool,
) -> None:
    """Write ``initiative`` under ``key`` in one transaction, creating the missing tables."""
    sa = _sqlalchemy()
    created: list[Any] = []
    step = "create the tables"
    nested = connection.in_transaction()
    try:
        with _transaction(connection, write=True):
            inspector = sa.inspect(connection)
            lacking = _missing_layout(inspector, tables, schema, columns_only=True)
            if lacking:
                where = f" in the schema {schema!r}" if schema else ""
                raise DatabaseError(
                    f"cannot write (nothing was written): the database{where} lacks "
                    f"{', '.join(lacking)}; its tables are not in the layout of "
                    "collective_impact.io.sql (add the columns as create_schema gives them, or "
                    "write to a new database)",
                    source=source,
                )
            created = [
                t for t in metadata.sorted_tables if not inspector.has_table(t.name, schema=schema)
            ]
            metadata.create_all(connection, tables=created, checkfirst=False)
            step = "check the key"
            initiatives = tables[INITIATIVES_TABLE]
            found = connection.execute(
                sa.select(initiatives.c.key).where(initiatives.c.key == key)
            ).first()
            if found is not None and not replace:
                raise DatabaseError(
                    f"the database already holds an initiative with the key "
                    f"{shown(key)}; pass replace=True to replace it, or another key=",
                    source=source,
                )
            if found is None and not replace:
                # rows left under the key without its row of initiatives would be read back
                # with the new initiative's (found by a reviewer: old and new partners merged)
                _refuse_rows_without_initiative(connection, tables, key, source)
            if replace:
                # the rows under the key, its initiative's and any left without it
                step = "delete the initiative it replaces"
                for name in reversed(SQL_TABLES):
                    table = tables[name]
                    connection.execute(sa.delete(table).where(table.c.initiative == key))
                connection.execute(sa.delete(initiatives).where(initiatives.c.key == key))
            step = f"write the table {INITIATIVES_TABLE}"
            connection.execute(
                sa.insert(initiatives),
                [{"key": key, **{c.name: _stored(c, initiative) for c in INITIATIVE_KEYS}}],
            )
            for name in SQL_TABLES:
                rows = _rows(TABLES[name], initiative, key)
                if rows:
                    step = f"write the table {name}"
                    connection.execute(sa.insert(tables[name]), rows)
            step = "commit"
    except BaseException as err:
        if not nested:
            _end_transaction(connection)
        reason = _reason(err) if isinstance(err, sa.exc.SQLAlchemyError) else ""
        if step == "commit" and isinstance(err, sa.exc.IntegrityError):
            reason += _broken_references(connection, initiative, key, tables, schema)
        _drop_created(connection, metadata, created)
        if not isinstance(err, sa.exc.SQLAlchemyError):
            raise
        raise DatabaseError(
            f"cannot {step} (nothing was written): {reason}", source=source
        ) from None


def _end_transaction(connection: Connection) -> None:
    """Roll back what the driver may still hold of a transaction whose commit failed.

    Python's ``sqlite3`` keeps the transaction open, with its rows, when its ``COMMIT`` fails
    on a deferred foreign key, while SQLAlchemy counts it ended; the pool would roll it back
    when the connection is returned, but a connection the caller gave is not returned. Quietly:
    the error that matters is the write's.
    """
    if connection.in_transaction():
        return  # SQLAlchemy's own: rolled back by it
    with contextlib.suppress(Exception):
        dbapi = connection.connection.dbapi_connection
        if dbapi is not None:
            dbapi.rollback()


def _drop_created(connection: Connection, metadata: Any, created: list[Any]) -> None:
    """Drop the tables a failed write created, where the rollback did not remove them.

    Python's ``sqlite3`` commits a ``CREATE TABLE`` outside the transaction of the rows;
    PostgreSQL rolls it back with them (nothing is left to drop). Quietly: the error that
    matters is the write's.
    """
    if not created:
        return
    sa = _sqlalchemy()
    with contextlib.suppress(sa.exc.SQLAlchemyError), _transaction(connection, write=True):
        metadata.drop_all(connection, tables=created, checkfirst=True)


#: How many rows breaking a foreign key a failed write names.
_NAMED_ROWS = 10


def _broken_references(
    connection: Connection,
    initiative: Initiative,
    key: str,
    tables: Mapping[str, Any],
    schema: str | None,
) -> str:
    """Say which rows a write that failed at its commit broke the foreign keys with.

    A foreign key checked at the commit (``DEFERRABLE INITIALLY DEFERRED``) fails without
    naming a table in SQLite (``FOREIGN KEY constraint failed``). The rows written are known:
    they are checked here against the foreign keys the database has (those of an older layout,
    or added by hand, too; the layout's for a table the failed write created) that name a row
    of the same initiative. Returns ``""`` when none is found broken (another constraint
    failed), else ``"; "`` and the broken references.
    """
    sa = _sqlalchemy()
    rows: dict[str, list[dict[str, Any]]] = {
        INITIATIVES_TABLE: [
            {"key": key, **{c.name: _stored(c, initiative) for c in INITIATIVE_KEYS}}
        ],
        **{name: _rows(TABLES[name], initiative, key) for name in SQL_TABLES},
    }
    keys: dict[str, list[tuple[list[str], str, list[str], str | None]]] = {}
    try:
        with _transaction(connection, write=False):
            inspector = sa.inspect(connection)
            for name in SQL_TABLES:
                if inspector.has_table(name, schema=schema):
                    keys[name] = [
                        (
                            fk["constrained_columns"],
                            fk["referred_table"],
                            fk["referred_columns"],
                            fk.get("name"),
                        )
                        for fk in inspector.get_foreign_keys(name, schema=schema)
                    ]
                else:  # created by the failed write, and rolled back with it
                    keys[name] = [
                        (
                            [c.name for c in fk.columns],
                            fk.referred_table.name,
                            [e.column.name for e in fk.elements],
                            fk.name,
                        )
                        for fk in tables[name].foreign_key_constraints
                    ]
    except sa.exc.SQLAlchemyError:
        return ""
    broken: list[str] = []
    for name, foreign_keys in keys.items():
        for columns, referred, referred_columns, constraint in foreign_keys:
            if "initiative" not in columns or referred not in rows:
                continue  # not a reference within the initiative: the rows do not tell
            ids = {tuple(r.get(c) for c in referred_columns) for r in rows[referred]}
            for number, row in enumerate(rows[name], start=1):
                value = tuple(row.get(c) for c in columns)
                if None in value or value in ids:
                    continue
                what = f"id {shown(row['id'])}" if "id" in row else f"row {number} written"
                names = ", ".join(
                    f"{c} {shown(v)}"
                    for c, v in zip(columns, value, strict=True)
                    if c != "initiative"
                )
                named = f" (constraint {constraint})" if constraint else ""
                broken.append(
                    f"table {name}, {what}: {names} names no row of the table {referred}{named}"
                )
    if not broken:
        return ""
    n = len(broken)
    listed = "; ".join(broken[:_NAMED_ROWS])
    more = f"; and {n - _NAMED_ROWS:,} more" if n > _NAMED_ROWS else ""
    return f"; {n:,} {'row breaks' if n == 1 else 'rows break'} a foreign key: {listed}{more}"


def append_observations(
    target: Any,
    key: str,
    observations: Initiative
    | Mapping[str, Iterable[Observation]]
    | Iterable[tuple[str, Observation]],
    *,
    schema: str | None = None,
) -> int:
    """Append observations to an initiative already in a database, leaving the rest as it is.

    The new rows come after the stored ones (an indicator's observations are read in the order
    they were written). The input is checked first: every item that is not an observation of
    an indicator is named by its place in ``observations``. Then, in one transaction (a
    savepoint when ``target`` is a connection already in a transaction, which the caller
    commits): each observation's indicator must be one the initiative has, and the stored
    initiative with the new observations must pass every rule of the model (a ``reported_by``
    that is a partner...), or nothing is written. Every item is checked, before any row is
    written (so a connection in autocommit is left as it was too), and every problem listed in
    one error.

    Parameters
    ----------
    target
        A URL, an engine or a connection.
    key
        The key of the initiative in the database.
    observations
        ``(indicator id, observation)`` pairs, or a mapping of indicator id to observations,
        or an :class:`~collective_impact.Initiative` of the same name as the one stored under
        ``key``: its observations that the database does not hold yet (counted with their
        repeats) are appended.
    schema
        The schema of the tables.

    Returns
    -------
    int
        How many observations were appended.

    Raises
    ------
    DatabaseError
        When ``key`` is not text or is unknown, an :class:`~collective_impact.Initiative` is
        given whose name is not that of the initiative stored under ``key`` (its observations
        would go to another initiative; the keys its name is stored under are named), the
        database refuses a row, or a SQLite file does not exist (none is created).
    ValidationError
        When an item of ``observations`` is not an observation of an indicator: every one
        listed, by its place (``observations[1][1]: expected an Observation, got dict``,
        ``observations[2]: expected an (indicator id, Observation) pair, got str 'k'``,
        ``observations['k']: expected a list of Observation objects, got Observation``),
        before the database is reached. Or when an observation's indicator is not one of the
        initiative's, or the initiative with the new observations breaks a rule of the model:
        every such problem at once, located as :func:`read_sql` locates problems, but a new
        observation by its place in ``observations`` and its indicator (``observations[0]
        (indicator 'k'), column reported_by``; ``indicators[2].observations[4] (indicator
        'k')`` for an initiative), since its row is not written. An unknown indicator is one
        problem, at the first item naming it, with a did-you-mean (or the id, for an
        indicator's name); the other fields of its items are checked all the same. Nothing is
        written then.

    Examples
    --------
    >>> import datetime as dt, tempfile, collective_impact as ci
    >>> from collective_impact.model import Observation
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     url = f"sqlite:///{folder}/initiatives.db"
    ...     key = write_sql(ci.load_example("workforce"), url, key="w")
    ...     new = Observation(date=dt.date(2026, 6, 30), value=412.0, reported_by="nobody")
    ...     try:
    ...         append_observations(url, "w", [("placements", {"value": 1}), ("placements", new)])
    ...     except ci.ValidationError as err:
    ...         print(err)
    ...     try:
    ...         append_observations(url, "w", [("placements", new)])
    ...     except ci.ValidationError as err:
    ...         print(err.problems[0])
    1 problem:
      observations[0][1]: expected an Observation, got dict
    observations[0] (indicator 'placements'), column reported_by: unknown partner 'nobody'
    """
    sa = _sqlalchemy()
    key = _checked_key(key, target)
    _, tables = _metadata(schema)
    given = _observation_pairs(observations)
    with _connection(target) as (connection, source):
        try:
            with _transaction(connection, write=True):
                _check_tables(connection, tables, source, schema)
                _known_key(connection, tables, key, source)
                if isinstance(observations, Initiative):
                    # the stored rows, read and checked as read_sql reads them: a hand-edited
                    # row is a located problem (pairs need none: the read after the insert
                    # checks them)
                    held = _read(connection, tables, key, source)
                    if held.name != observations.name:
                        _refuse_another_initiative(
                            connection, tables, key, held.name, observations.name, source
                        )
                    stored = _observation_pairs(held)
                    left = Counter(_observation_row(item.pair) for item in stored)
                    new: list[_Given] = []
                    for item in given:
                        row = _observation_row(item.pair)
                        if left[row] > 0:
                            left[row] -= 1
                        else:
                            new.append(item)
                    given = new
                # every item is checked, against the stored initiative and the model, before
                # a row is written: the rows were inserted first and read back, and a
                # connection in autocommit kept the rows of the valid items when another was
                # refused (found by a reviewer). An item whose indicator is unknown has its
                # other cells checked all the same, as a row of observations.csv is.
                where = f"{source}, initiative {key!r}"  # as read_sql names the initiative
                found, naming = _raw_tables(connection, tables, key, source)
                columns = [c for c in OBSERVATIONS.columns if c.stored]
                rows = [
                    {"initiative": key, **{c.name: _stored(c, item.pair) for c in columns}}
                    for item in given
                ]
                _check_appended(found, naming, rows, [item.label for item in given], where)
                pairs = [item.pair for item in given]
                if pairs:
                    row_ids = _insert_rows(connection, tables["observations"], rows)
                    appended = {
                        row_id: item.label
                        for row_id, item in zip(row_ids, given, strict=True)
                        if row_id is not None
                    }
                    # the rows as the database keeps them: raises, and rolls back, if invalid
                    _read(connection, tables, key, source, appended=appended)
        except sa.exc.SQLAlchemyError as err:
            raise DatabaseError(
                f"cannot append the observations (nothing was written): {_reason(err)}",
                source=source,
            ) from None
    return len(pairs)


def _check_appended(
    found: dict[str, RawTable | FailedTable],
    naming: _SQLNaming,
    rows: Sequence[Mapping[str, Any]],
    labels: Sequence[str],
    source: str,
) -> None:
    """Check the initiative read from ``found`` with ``rows`` appended to its observations.

    Raise the :class:`ValidationError` of :func:`read_tables`, the new rows named by
    ``labels`` (their places in the argument of :func:`append_observations`). The rows are
    given after the stored ones, numbered after the largest ``row_id``, as the database would
    number them; nothing is written. An unknown indicator is one problem, at the first row
    naming it, with a did-you-mean or, for an indicator's name, its id; the other cells of its
    rows are checked all the same.
    """
    if not rows:
        return
    held = found.get(OBSERVATIONS.file)
    if not isinstance(held, RawTable):
        return  # the stored table failed: the read after the insert reports it
    header = list(OBSERVATIONS.header)
    last = max([held.header_row, *(number for number, _ in held.rows)])
    new = [(last + 1 + k, [row.get(name) for name in header]) for k, row in enumerate(rows)]
    naming.appended = {number: label for (number, _), label in zip(new, labels, strict=True)}
    found[OBSERVATIONS.file] = held._replace(rows=[*held.rows, *new])
    read_tables(found, naming, source=source)


def _refuse_another_initiative(
    connection: Connection,
    tables: Mapping[str, Any],
    key: str,
    held: str,
    given: str,
    source: str,
) -> None:
    """Refuse the observations of an initiative other than the one stored under ``key``.

    An updated file of one initiative appended under another's key put its observations into
    the other (both generated with the indicators ``i1``...: every indicator was known), found
    by a reviewer. The names differ: the keys the given name is stored under are named too.
    """
    sa = _sqlalchemy()
    initiatives = tables[INITIATIVES_TABLE]
    keys = [
        str(k)
        for k in connection.execute(
            sa.select(initiatives.c.key)
            .where(initiatives.c.name == given)
            .order_by(initiatives.c.key)
        ).scalars()
    ]
    stored = ""
    if keys:
        under = f"the key {shown(keys[0])}" if len(keys) == 1 else f"the keys {_keys_text(keys)}"
        stored = f"; the database holds an initiative of that name under {under}"
    raise DatabaseError(
        f"the initiative given is named {shown(given)}, but the key {shown(key)} holds "
        f"{shown(held)}: its observations would be appended to another initiative{stored}. "
        "Give the key of the initiative given; if it is the same initiative renamed, write it "
        "with write_sql(..., replace=True), or append its observations as (indicator id, "
        "Observation) pairs",
        source=source,
    )


@attrs.frozen
class _Given:
    """An observation given to :func:`append_observations`, and where it was given."""

    pair: tuple[str, Observation]
    #: Its place in the argument, for messages: ``observations[3] (indicator 'k-ready')``,
    #: ``observations['k-ready'][0]``, ``indicators[2].observations[4] (indicator 'k-ready')``.
    label: str


#: What :func:`append_observations` takes, for messages.
_OBSERVATIONS_TAKEN: Final = (
    "(indicator id, Observation) pairs, a mapping of indicator id to a list of Observation "
    "objects, or an Initiative"
)


def _described(value: object) -> str:
    """Return what a value given in place of another is, for a message.

    ``dict``, ``tuple of 3 items``, ``str 'k-ready'``.
    """
    if value is None:
        return "None"
    kind = type(value).__name__
    if isinstance(value, tuple | list):
        return f"{kind} of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return f"{kind} {shown(value, limit=40)}"
    return kind


def _indicator_id(value: object) -> str | None:
    """Return an indicator id given as text, or ``None`` for anything else.

    A whole number is its text, as ids that pandas read as numbers are elsewhere.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    return str(value) if isinstance(value, numbers.Integral) else None


def _observation_pairs(observations: object) -> list[_Given]:
    """Return the observations given to :func:`append_observations`, each with its place.

    Raises :class:`~collective_impact.ValidationError` listing every item that is not an
    observation of an indicator, located by its place in the argument (``observations[1]``,
    ``observations['k-ready'][0]``), before anything is written.
    """
    if isinstance(observations, Initiative):
        return [
            _Given(
                (indicator.id, obs),
                f"indicators[{i}].observations[{j}] (indicator {shown(indicator.id)})",
            )
            for i, indicator in enumerate(observations.indicators)
            for j, obs in enumerate(indicator.observations)
        ]
    given: list[_Given] = []
    problems: list[tuple[str, str, ProblemCode]] = []

    def refuse(where: str, expected: str, value: object) -> None:
        message = f"expected {expected}, got {_described(value)}"
        problems.append((where, message, ProblemCode.WRONG_TYPE))

    if isinstance(observations, Mapping):
        for ind, listed_obs in observations.items():
            where = f"observations[{ind!r}]"
            indicator = _indicator_id(ind)
            if indicator is None:
                refuse(where, "an indicator id (text) as the key", ind)
            if isinstance(listed_obs, str | bytes | Observation | Mapping) or not isinstance(
                listed_obs, Iterable
            ):
                refuse(where, "a list of Observation objects", listed_obs)
                continue
            for j, obs in enumerate(listed_obs):
                if not isinstance(obs, Observation):
                    refuse(f"{where}[{j}]", "an Observation", obs)
                elif indicator is not None:
                    given.append(_Given((indicator, obs), f"{where}[{j}]"))
    elif isinstance(observations, str | bytes) or not isinstance(observations, Iterable):
        refuse("observations", _OBSERVATIONS_TAKEN, observations)
    else:
        for n, item in enumerate(observations):
            where = f"observations[{n}]"
            if not isinstance(item, tuple | list) or len(item) != 2:
                refuse(where, "an (indicator id, Observation) pair", item)
                continue
            ind, obs = item
            indicator = _indicator_id(ind)
            if indicator is None:
                refuse(f"{where}[0]", "an indicator id (text)", ind)
            if not isinstance(obs, Observation):
                refuse(f"{where}[1]", "an Observation", obs)
            elif indicator is not None:
                given.append(_Given((indicator, obs), f"{where} (indicator {shown(indicator)})"))
    if problems:
        raise ValidationError(problems)
    return given


def _insert_rows(
    connection: Connection, table: Any, rows: list[dict[str, Any]]
) -> list[int | None]:
    """Insert ``rows`` into ``table`` and return their ``row_id``s, in the order of ``rows``.

    In one statement where the database returns the ids of many rows in their order
    (``RETURNING``: SQLite 3.35, PostgreSQL...), else one row at a time (``None`` for a row
    whose id the driver does not say).
    """
    sa = _sqlalchemy()
    if connection.dialect.insert_executemany_returning_sort_by_parameter_order:
        result = connection.execute(
            sa.insert(table).returning(table.c.row_id, sort_by_parameter_order=True), rows
        )
        return [int(row_id) for row_id in result.scalars()]
    ids: list[int | None] = []
    for row in rows:
        primary_key = connection.execute(sa.insert(table), row).inserted_primary_key
        ids.append(None if primary_key is None or primary_key[0] is None else int(primary_key[0]))
    return ids


def _observation_row(pair: tuple[str, Observation]) -> tuple[Any, ...]:
    indicator, obs = pair
    return (indicator, obs.date, float(obs.value), obs.reported_by, obs.group)


# --------------------------------------------------------------------------- reading


class _SQLNaming(Naming):
    """Names the reader's places in tables: ``table partners, row_id 17 (id 'p2'), column sector``.

    Rows are numbered by their ``row_id``, and a row of a table with ids is named by its ``id``
    too: the two differ (the partner ``'1'`` may be the row of ``row_id`` 2), and ``id 1`` for
    the ``row_id`` named the wrong partner where ids are numbers (found by a reviewer). The
    header row of each table is a number below every ``row_id``, and a problem there names the
    table alone. The rows of ``initiative.csv`` are the columns of the initiative's row of
    ``initiatives``.
    """

    noun = "table"

    def __init__(self, key: str, appended: Mapping[int, str] | None = None) -> None:
        self.key = key
        self.header_rows: dict[str, int] = {}
        self.keys: dict[int, str] = {}
        self.appended: Mapping[int, str] = appended or {}
        #: The rows of each table with ids, and where its id is in them: their ids are looked
        #: up by row_id only when a message names a row.
        self.rows: dict[str, tuple[int, list[tuple[int, list[Any]]]]] = {}
        self._ids: dict[str, dict[int, Any]] = {}

    def title(self, file: str) -> str:
        name = file.removesuffix(".csv")
        return f"table {INITIATIVES_TABLE if file == INITIATIVE.file else name}"

    def midnight_advice(self, column: str) -> str:
        """Say how to write dates from pandas, which writes datetimes as dates and times.

        ``DataFrame.to_sql`` writes a column of datetimes as ``2011-12-31 00:00:00.000000``
        (found by a reviewer: refused, with no hint).
        """
        return (
            f"; pandas writes a column of datetimes so: write its dates instead, "
            f'df["{column}"] = df["{column}"].dt.date, before to_sql'
        )

    def named(self, file: str, row: int) -> str:
        """Return how a row is named within its table: ``row_id 17 (id 'p2')``, ``row_id 4``."""
        if file in self.rows and file not in self._ids:
            at, rows = self.rows[file]
            self._ids[file] = {number: values[at] for number, values in rows}
        found = self._ids.get(file, {}).get(row)
        if found is None or (isinstance(found, str) and not found.strip()):
            return f"row_id {row}"
        return f"row_id {row} (id {shown(found, limit=40)})"

    def row(self, file: str, row: int, *, within: str | None = None) -> str:
        if file == OBSERVATIONS.file and row in self.appended:
            return self.appended[row]
        # rows are known by their row_id, as in where()
        named = self.named(file, row)
        return named if file == within else f"{self.title(file)}, {named}"

    def where(self, loc: Location) -> Location:
        file = loc.file
        if file is None or file.removesuffix(".csv") not in TABLES:
            return loc
        if file == INITIATIVE.file:
            title = f"{self.title(file)}, key {self.key!r}"
            column = self.keys.get(loc.row) if loc.row is not None else None
            return Location(file=title, column=column)
        if loc.row is None or loc.row == self.header_rows.get(file):
            return Location(file=self.title(file), column=loc.column)
        if file == OBSERVATIONS.file and loc.row in self.appended:
            # a row being appended, rolled back with the error: named as it was given
            return Location(file=self.appended[loc.row], column=loc.column)
        return Location(file=f"{self.title(file)}, {self.named(file, loc.row)}", column=loc.column)


def _check_tables(
    connection: Connection, tables: Mapping[str, Any], source: str, schema: str | None
) -> None:
    """Raise :class:`DatabaseError` naming every table or column of the layout that is missing."""
    sa = _sqlalchemy()
    try:
        missing = _missing_layout(sa.inspect(connection), tables, schema)
    except sa.exc.SQLAlchemyError as err:
        raise DatabaseError(f"cannot read the tables: {_reason(err)}", source=source) from None
    if missing:
        where = f" in the schema {schema!r}" if schema else ""
        # create_tables adds missing tables, never a column to a table there (found by a
        # reviewer: told that it "creates" a missing column, it did nothing)
        advice = (
            "create_tables creates the missing tables"
            if all(m.startswith("the table ") for m in missing)
            else "add the columns as create_schema gives them (create_tables creates only the "
            "missing tables), or write the initiatives to a new database"
        )
        raise DatabaseError(
            f"the database{where} lacks {', '.join(missing)}; it does not hold initiatives in the "
            f"layout of collective_impact.io.sql ({advice})",
            source=source,
        )


def _missing_layout(
    inspector: Any, tables: Mapping[str, Any], schema: str | None, *, columns_only: bool = False
) -> list[str]:
    """Return every table and column of the layout the database lacks, for a message.

    ``the table ties``, ``the column indicators.quadrant``...; with ``columns_only``, only the
    columns of the tables it has (a write creates the missing tables).
    """
    missing: list[str] = []
    for name, table in tables.items():
        if not inspector.has_table(name, schema=schema):
            if not columns_only:
                missing.append(f"the table {name}")
            continue
        have = {c["name"] for c in inspector.get_columns(name, schema=schema)}
        missing.extend(f"the column {name}.{c.name}" for c in table.columns if c.name not in have)
    return missing


#: Keys a message names before it counts the others (a database may hold thousands).
_KEYS_SHOWN = 10


def _keys_text(keys: Sequence[str]) -> str:
    """Name the keys of a database for a message: the first ones, then how many others.

    >>> _keys_text(["a", "b"]), _keys_text([f"k{i}" for i in range(2000)])[-33:]
    ("'a' and 'b'", "'k6', 'k7', 'k8' and 1,991 others")
    """
    # each key shown (a key of 10,000 characters is cut); only those named are formatted
    named = [shown(k) for k in keys[:_KEYS_SHOWN]]
    return listed([*named, *keys[_KEYS_SHOWN:]], _KEYS_SHOWN)


def _known_key(
    connection: Connection, tables: Mapping[str, Any], key: str | None, source: str
) -> str:
    """Return the key to read: ``key``, looked up alone, or the one key the database holds.

    Every key is listed (and sorted) only when none is given, or for the message naming the
    keys held when ``key`` is unknown: a database may hold thousands.
    """
    sa = _sqlalchemy()
    initiatives = tables[INITIATIVES_TABLE]
    if key is not None:
        found = connection.execute(
            sa.select(initiatives.c.key).where(initiatives.c.key == key)
        ).first()
        if found is not None:
            return key
    keys = _keys(connection, tables)
    if key is None:
        if len(keys) == 1:
            return keys[0]
        if not keys:
            raise DatabaseError("the database holds no initiative", source=source)
        raise DatabaseError(
            f"the database holds {len(keys):,} initiatives; pass key= one of {_keys_text(keys)}",
            source=source,
        )
    held = f"; it holds {_keys_text(keys)}" if keys else "; it holds none"
    raise DatabaseError(
        f"no initiative with the key {shown(key)}{did_you_mean(close_matches(key, keys))}{held}",
        source=source,
    )


class StrayRowsWarning(UserWarning):
    """Rows of a database are under a key that no initiative has: no :func:`read_sql` reads them.

    They were left when a row of ``initiatives`` was deleted on a connection with foreign keys
    off (the ``sqlite3`` shell, pandas' engine), or were added by another tool under a key
    mistyped. Rows whose key differs from the key read only in case or spaces are refused
    instead (a :class:`DatabaseError`): they were likely meant for it.

    Examples
    --------
    A pipeline that must read every row of a database may turn it into an error:

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("error", StrayRowsWarning)
    ...     issubclass(StrayRowsWarning, UserWarning)
    True
    """


def _folded_key(key: str) -> str:
    """Return a key without regard to case or spaces: how a key typed by hand may differ.

    >>> _folded_key(" Work  force "), _folded_key("WORK FORCE")
    ('work force', 'work force')
    """
    return " ".join(key.split()).casefold()


def _stray_keys(connection: Connection, tables: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Return the keys of rows that no row of ``initiatives`` has, and their rows per table.

    One query per table: its rows grouped by key (on the index that leads with
    ``initiative``), the groups whose key ``initiatives`` lacks kept.
    """
    sa = _sqlalchemy()
    stored = sa.select(tables[INITIATIVES_TABLE].c.key)
    found: dict[str, dict[str, int]] = {}
    for name in SQL_TABLES:
        table = tables[name]
        result = connection.execute(
            sa.select(table.c.initiative, sa.func.count())
            .group_by(table.c.initiative)
            .having(table.c.initiative.not_in(stored))
        )
        for stray, n in result:
            if stray is not None:
                found.setdefault(str(stray), {})[name] = int(n)
    return found


def _stray_text(
    strays: Mapping[str, Mapping[str, int]], suggest: Callable[[str], str] | None = None
) -> tuple[int, str]:
    """Return how many rows ``strays`` count, and their keys named for a message.

    Each key is followed by its rows per table (``'site-1' (2 in partners, 1 in ties)``)
    and, with ``suggest``, a did-you-mean; the first keys are named, the others counted.
    """
    total = sum(sum(counts.values()) for counts in strays.values())
    keys = sorted(strays)
    named = [
        f"{shown(k)} ({', '.join(f'{n:,} in {t}' for t, n in strays[k].items())})"
        + (suggest(k) if suggest is not None else "")
        for k in keys[:_KEYS_SHOWN]
    ]
    return total, listed([*named, *keys[_KEYS_SHOWN:]], _KEYS_SHOWN)


def _tell_stray_rows(
    connection: Connection, tables: Mapping[str, Any], key: str, source: str
) -> None:
    """Tell of rows under a key that no row of ``initiatives`` has: :func:`read_sql` skips them.

    Rows whose key differs from ``key`` only in case or spaces (``'workforce'``,
    ``'Workforce '`` beside ``'Workforce'``: keys typed by hand in another tool) were likely
    meant for it, and the initiative read without them would be incomplete: they are refused
    with a :class:`DatabaseError`. Others (an initiative's rows left when its row of
    ``initiatives`` was deleted with foreign keys off) belong to no initiative read: a
    :class:`StrayRowsWarning` names them, each with the stored key nearest to it. Found by a
    reviewer: such rows were left out without a word.
    """
    strays = _stray_keys(connection, tables)
    if not strays:
        return
    folded = _folded_key(key)
    mine = {k: counts for k, counts in strays.items() if _folded_key(k) == folded}
    others = {k: counts for k, counts in strays.items() if k not in mine}
    if others:
        keys = _keys(connection, tables)
        by_folded: dict[str, str] = {}
        for k in keys:
            by_folded.setdefault(_folded_key(k), k)

        def suggest(stray: str) -> str:
            near = by_folded.get(_folded_key(stray))
            return did_you_mean([near] if near is not None else close_matches(stray, keys), stray)

        total, named = _stray_text(others, suggest)
        warnings.warn(
            f"{source}: {total:,} {'row is' if total == 1 else 'rows are'} under "
            f"{'a key' if len(others) == 1 else 'keys'} that no initiative has, so that read_sql "
            f"reads them for none: {named}; they were left when a row of {INITIATIVES_TABLE} was "
            "deleted on a connection with foreign keys off (the sqlite3 shell), or added under a "
            "mistyped key: set their initiative to a key the database holds, or delete them "
            "(write_sql with replace=True under their key deletes them)",
            StrayRowsWarning,
            stacklevel=3,
        )
    if mine:
        total, named = _stray_text(mine)
        raise DatabaseError(
            f"initiative {shown(key)}: {total:,} {'row is' if total == 1 else 'rows are'} under "
            f"{'a key' if len(mine) == 1 else 'keys'} differing from {shown(key)} only in case "
            f"or spaces, which no initiative has: {named}; read_sql reads the rows under "
            f"{shown(key)} exactly, and would leave them out: set their initiative to "
            f"{shown(key)} (or delete them)",
            source=source,
        )


#: The row_ids that are not integers a message names, per table, before it counts the others.
_ROW_IDS_SHOWN = 5


def _row_id(value: object) -> int | None:
    """Return a ``row_id`` read as it is stored, or ``None`` when it is not an integer.

    A schema made by hand may declare it as text or as a decimal: integer text (``'17'``) and
    whole numbers (``17.0``) are integers, ``'p-1'`` and ``7.5`` are not.

    >>> _row_id(17), _row_id(" 17 "), _row_id(17.0), _row_id("p-1"), _row_id(7.5), _row_id(True)
    (17, 17, 17, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        return int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None
    if isinstance(value, float | decimal.Decimal):
        with contextlib.suppress(ValueError, OverflowError, ArithmeticError):
            whole = int(value)
            if whole == value:
                return whole
    return None


def _read(
    connection: Connection,
    tables: Mapping[str, Any],
    key: str,
    source: str,
    *,
    appended: Mapping[int, str] | None = None,
) -> Initiative:
    """Read the initiative ``key`` from its rows (raw values, in ``row_id`` order).

    ``appended`` names the rows of ``observations`` being appended, by ``row_id``, as they
    were given (``observations[3] (indicator 'k')``): their ids are rolled back with the error.
    """
    found, naming = _raw_tables(connection, tables, key, source, appended=appended)
    return read_tables(found, naming, source=f"{source}, initiative {key!r}")


def _raw_tables(
    connection: Connection,
    tables: Mapping[str, Any],
    key: str,
    source: str,
    *,
    appended: Mapping[int, str] | None = None,
) -> tuple[dict[str, RawTable | FailedTable], _SQLNaming]:
    """Return the rows of the initiative ``key`` for :func:`read_tables`, and how to name them.

    Raise :class:`DatabaseError` when a ``row_id`` is not an integer.
    """
    sa = _sqlalchemy()
    raw = sa.types.NullType()
    naming = _SQLNaming(key, appended)
    found: dict[str, RawTable | FailedTable] = {}
    initiatives = tables[INITIATIVES_TABLE]
    row = connection.execute(
        sa.select(*(sa.type_coerce(initiatives.c[k.name], raw) for k in INITIATIVE_KEYS)).where(
            initiatives.c.key == key
        )
    ).one()
    entries: list[tuple[int, list[Any]]] = []
    bad_ids: list[str] = []  # tables whose row_id is not an integer, for one message
    for number, (column, value) in enumerate(zip(INITIATIVE_KEYS, row, strict=True), start=1):
        if value is not None:
            naming.keys[number] = column.name
            entries.append((number, [column.name, value]))
    found[INITIATIVE.file] = RawTable(0, ["key", "value"], entries, ambiguous=ambiguous_in_database)
    for name in SQL_TABLES:
        description = TABLES[name]
        table = tables[name]
        header = list(description.header)
        result = connection.execute(
            sa.select(table.c.row_id, *(sa.type_coerce(table.c[c], raw) for c in header))
            .where(table.c.initiative == key)
            .order_by(table.c.row_id)
        )
        rows: list[tuple[int, list[Any]]] = []
        refused: list[object] = []
        for r in result:
            row_id = _row_id(r[0])
            if row_id is None:
                refused.append(r[0])
            else:
                rows.append((row_id, list(r[1:])))
        if refused:
            named = [shown(v, limit=40) for v in refused[:_ROW_IDS_SHOWN]]
            bad_ids.append(
                f"table {name}: row_id must be an integer, got "
                f"{listed([*named, *map(str, refused[_ROW_IDS_SHOWN:])], _ROW_IDS_SHOWN)}"
            )
            continue
        header_row = min([0, *(number - 1 for number, _ in rows)])
        naming.header_rows[description.file] = header_row
        if "id" in header:
            naming.rows[description.file] = (header.index("id"), rows)
        found[description.file] = RawTable(
            header_row, header, rows, ambiguous=ambiguous_in_database
        )
    if bad_ids:
        raise DatabaseError(
            f"initiative {key!r}: {'; '.join(bad_ids)} (rows are named by their row_id, an "
            "integer as create_schema declares it)",
            source=source,
        )
    return found, naming


def read_sql(target: Any, *, key: str | None = None, schema: str | None = None) -> Initiative:
    """Read an initiative from a database in the layout of this module.

    The rows are read in ``row_id`` order and checked by the one reader of every tabular source
    (:func:`~collective_impact.io.csvbundle.read_tables`): every problem is listed at once,
    located as ``table ties, row_id 17, column target`` (the row's ``row_id``; with its ``id``
    in a table with ids: ``table partners, row_id 3 (id 'p2'), column sector``) or
    ``table initiatives, key 'k', column as_of``. Values are taken as the database holds
    them; text in a column of numbers (which SQLite keeps as text) is read in the grammar of a
    CSV bundle, except that ``52,125`` (one comma before three digits, no point) is refused as
    ambiguous, as in a workbook: text in a database has no locale to say whether it is 52.125
    or 52125; where a number column of the initiative holds text with a decimal comma
    (``'0,8'``), so is ``'1.100'`` (one point before three digits: 1.1 or 1100?), as in a CSV
    bundle.

    Parameters
    ----------
    target
        A URL, an engine or a connection.
    key
        The key of the initiative; required when the database holds several.
    schema
        The schema of the tables; the default one otherwise.

    Returns
    -------
    Initiative

    Raises
    ------
    DatabaseError
        When the database cannot be reached, is a SQLite file that does not exist (none is
        created), lacks a table or column of the layout, holds no initiative ``key`` (or
        several, and no ``key`` is given: they are listed), ``key`` is not text, or rows are
        under a key that no initiative has and that differs from ``key`` only in case or spaces
        (``'workforce '`` beside ``'Workforce'``): they would be left out.
    ValidationError
        Listing every problem of the rows; its ``source`` names the URL and the key.

    Warns
    -----
    StrayRowsWarning
        When other rows are under a key that no initiative has (left by the deletion of an
        initiative with foreign keys off): no read takes them. Their keys are named, with their
        rows per table and the stored key nearest to each.

    Examples
    --------
    A database may hold several initiatives, each under its key (by default its name):

    >>> import tempfile, collective_impact as ci
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     url = f"sqlite:///{folder}/initiatives.db"
    ...     _ = write_sql(ci.load_example("workforce"), url)
    ...     _ = write_sql(ci.load_example("cradle-to-career"), url, key="c2c")
    ...     c2c = read_sql(url, key="c2c")
    ...     try:
    ...         read_sql(url)
    ...     except ci.DatabaseError as err:
    ...         print(str(err).split(": ", 1)[1])
    the database holds 2 initiatives; pass key= one of 'Opportunity Chicago (illustrative)' and
    'c2c'
    >>> c2c == ci.load_example("cradle-to-career")
    True
    """
    sa = _sqlalchemy()
    if key is not None:
        key = _checked_key(key, target)
    _, tables = _metadata(schema)
    with _connection(target) as (connection, source):
        try:
            with _transaction(connection, write=False):
                _check_tables(connection, tables, source, schema)
                key = _known_key(connection, tables, key, source)
                _tell_stray_rows(connection, tables, key, source)
                return _read(connection, tables, key, source)
        except sa.exc.SQLAlchemyError as err:
            raise DatabaseError(f"cannot read: {_reason(err)}", source=source) from None
