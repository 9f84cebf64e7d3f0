"""The native file format: one tree (DESIGN §3) in YAML, JSON or TOML.

Reading is safe by construction: YAML goes through a safe loader that also refuses anchors and
aliases (the "billion laughs" attack) and duplicate keys; JSON refuses duplicate keys; nothing in
a file is ever executed and nothing is fetched from the network. Files larger than ``max_bytes``
are refused before they are read, so a huge file fails in bounded time and memory.

Reading is about as fast as parsing: the garbage collector is paused while the tree and the model
are built; JSON is parsed by the standard library's C parser (a hook on each object refuses
duplicate keys); a plain YAML document is built straight from the parser's events
(:func:`_plain_yaml`), any other one by the strict loader; and the model is built a section at
a time (:func:`collective_impact.model._convert.structure_many`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import tomli_w
import yaml

from .._progress import Bar, progress_bar
from ..errors import FormatError
from ..model import Initiative
from ..model._convert import collector_paused
from ._files import DEFAULT_MAX_BYTES, read_text, write_text
from ._files import read_bytes as read_bytes  # re-exported: io.iati reads files with it

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "dump",
    "dumps",
    "format_for",
    "load",
    "loads",
    "read_tree",
]

Format = Literal["yaml", "json", "toml"]

#: The formats of the native tree, and the file suffixes that select them.
FORMATS: dict[str, tuple[str, ...]] = {
    "yaml": (".yaml", ".yml"),
    "json": (".json",),
    "toml": (".toml",),
}

#: What a native file is, for the messages about a file that is not text.
_EXPECTED = "YAML, JSON or TOML text"


def format_for(path: str | os.PathLike[str]) -> Format:
    """Return the format (``"yaml"``, ``"json"`` or ``"toml"``) its suffix gives a file.

    Raises
    ------
    FormatError
        When the suffix is none of ``.yaml``, ``.yml``, ``.json``, ``.toml``.

    Examples
    --------
    >>> format_for("initiative.yml")
    'yaml'
    """
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name  # type: ignore[return-value]
    allowed = ", ".join(s for group in FORMATS.values() for s in group)
    raise FormatError(
        f"cannot tell the format from the suffix {suffix or '(none)'!r}; "
        f"use one of {allowed} or pass format=",
        source=str(path),
    )


def _check_format(format: str, source: str | None) -> Format:
    if format not in FORMATS:
        raise FormatError(
            f"unknown format {format!r}; expected one of {', '.join(map(repr, FORMATS))}",
            source=source,
        )
    return format  # type: ignore[return-value]


# --------------------------------------------------------------------------- parsing


def _strict_loader(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """Return the strict loader built on ``base`` (libyaml's ``CSafeLoader``, or the Python one).

    A safe loader that also refuses aliases and duplicate keys: aliases because a few bytes of
    them can stand for billions of nodes; duplicate keys because a safe loader silently keeps
    only the last one, which would lose data. An impossible date (``2027-02-30``) is kept as
    text, for the model to report it.
    """

    class Strict(base):  # type: ignore[valid-type,misc]
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            if node in self.constructed_objects or node in self.recursive_objects:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "YAML anchors and aliases (&name / *name) are not supported, and the node "
                    "anchored here is used again through an alias; write the content out in full",
                    node.start_mark,
                )
            return super().construct_object(node, deep=deep)

        def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
            """Keep an impossible date (``2027-02-30``) as text, for the model to report it."""
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return str(node.value)

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is not None and key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"duplicate key {key!r}",
                        key_node.start_mark,
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    Strict.add_constructor("tag:yaml.org,2002:timestamp", Strict.construct_yaml_timestamp)
    Strict.__name__ = Strict.__qualname__ = f"Strict{base.__name__}"
    return Strict


#: The strict loader on libyaml (``CSafeLoader``) when PyYAML was built with it, which parses
#: several times faster; on PyYAML's pure-Python ``SafeLoader`` otherwise. Both accept and
#: refuse the same documents (a syntax error is worded by each parser in its own way).
_StrictLoader = _strict_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
#: The strict loader on the pure-Python parser (what is used without libyaml).
_PurePythonStrictLoader = _strict_loader(yaml.SafeLoader)


class _CountingReader(io.StringIO):
    """A text stream that reports how much of it the YAML parser has read (for progress)."""

    def __init__(self, text: str, bar: Bar) -> None:
        super().__init__(text)
        self._bar = bar

    def read(self, size: int | None = -1) -> str:
        chunk = super().read(size)
        self._bar.update(len(chunk))
        return chunk


#: What :func:`_plain_yaml` returns for a document it leaves to the loader.
_UNSURE: Any = object()

#: The tags :func:`_plain_yaml` builds values of (those a plain scalar resolves to).
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "null", "bool", "int", "float", "timestamp")
)

#: Documents nested deeper than this are left to the loader (the native tree is 6 deep).
_PLAIN_DEPTH = 64


def _plain_yaml(stream: str | io.StringIO, loader_class: type[yaml.SafeLoader]) -> Any:
    """Build the tree of a plain YAML document from the parser's events, as the loader would.

    The loader composes a node (with two marks) for every value before building the values from
    the nodes, which takes most of its time. A *plain* document — one document, no anchor, no
    alias, no tag, mapping keys that are scalars and never repeat, no merge key — is built here
    straight from the parser's events: each scalar resolved and constructed by the loader's own
    resolver and constructors (once per distinct text, as their results are immutable), the
    containers in document order. The result equals what the loader returns.

    Anything else (or any error) returns :data:`_UNSURE`, and the caller runs the loader, which
    then accepts, refuses and words its errors exactly as it always has.
    """
    loader = loader_class(stream)
    try:
        if loader.yaml_path_resolvers:  # resolving would depend on the path: not plain
            return _UNSURE
        return _build_plain(loader)
    except Exception:  # the loader will meet the same problem, and report it
        return _UNSURE
    finally:
        loader.dispose()


def _build_plain(loader: yaml.SafeLoader) -> Any:
    """Build the tree from the loader's events (see :func:`_plain_yaml`)."""
    get: Callable[[], Any] = loader.get_event
    resolve: Callable[[type, str, Any], str] = loader.resolve
    constructors: dict[str | None, Any] = loader.yaml_constructors
    str_tag = "tag:yaml.org,2002:str"
    tags: dict[tuple[str, Any], str] = {}  # (text, implicit) -> tag
    built: dict[tuple[str, str], Any] = {}  # (tag, text) -> value
    if not isinstance(get(), yaml.StreamStartEvent) or not isinstance(
        get(), yaml.DocumentStartEvent
    ):
        return _UNSURE
    # Each open container: [container, is a mapping, pending key, key texts seen, keys given].
    stack: list[list[Any]] = []
    while True:
        event = get()
        kind = type(event)
        text: str | None = None  # the text of a scalar (a mapping key's, for duplicates)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                return _UNSURE
            text, implicit = event.value, event.implicit
            tag = tags.get((text, implicit))
            if tag is None:
                tag = tags[text, implicit] = resolve(yaml.ScalarNode, text, implicit)
            if tag == str_tag:
                item: Any = text
            else:
                item = built.get((tag, text), _UNSURE)
                if item is _UNSURE:
                    if tag not in _PLAIN_TAGS:
                        return _UNSURE
                    node = yaml.ScalarNode(tag, text)
                    item = built[tag, text] = constructors[tag](loader, node)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(stack) >= _PLAIN_DEPTH:
                return _UNSURE
            mapping = kind is yaml.MappingStartEvent
            stack.append([{} if mapping else [], mapping, _UNSURE, set(), 0])
            continue
        elif kind is yaml.MappingEndEvent:
            container, _, _, _, given = stack.pop()
            if len(container) != given:  # keys of different texts but equal values
                return _UNSURE
            item = container
        elif kind is yaml.SequenceEndEvent:
            item = stack.pop()[0]
        else:  # an alias, or anything unexpected
            return _UNSURE
        if not stack:
            break
        top = stack[-1]
        if not top[1]:
            top[0].append(item)
        elif top[2] is _UNSURE:  # a key
            if text is None or text in top[3]:
                return _UNSURE
            top[3].add(text)
            top[2] = item
            top[4] += 1
        else:
            top[0][top[2]] = item
            top[2] = _UNSURE
    if not isinstance(get(), yaml.DocumentEndEvent) or not isinstance(get(), yaml.StreamEndEvent):
        return _UNSURE
    return item


def _parse_yaml(
    text: str | io.StringIO, source: str | None, loader: type[yaml.SafeLoader] = _StrictLoader
) -> Any:
    tree = _plain_yaml(text, loader)
    if tree is not _UNSURE:
        return tree
    if isinstance(text, io.StringIO):
        text = text.getvalue()  # read again, in full, by the loader
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = " ".join(str(x) for x in (err.context, err.problem) if x) or str(err)
        raise FormatError(
            f"invalid YAML: {message}",
            source=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as err:
        raise FormatError(f"invalid YAML: {err}", source=source) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) < len(pairs):  # a key repeats: name the first repeat
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _parse_json(text: str, source: str | None) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise FormatError(
            f"invalid JSON: {err.msg}", source=source, line=err.lineno, column=err.colno
        ) from None
    except _DuplicateKey as err:
        raise FormatError(f"invalid JSON: duplicate key {err.key!r}", source=source) from None


_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse_toml(text: str, source: str | None) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        where = _TOML_WHERE.search(message)
        line = int(where.group(1)) if where else None
        column = int(where.group(2)) if where else None
        message = _TOML_WHERE.sub("", message).strip()
        raise FormatError(
            f"invalid TOML: {message}", source=source, line=line, column=column
        ) from None


_PARSERS = {"yaml": _parse_yaml, "json": _parse_json, "toml": _parse_toml}


def parse(text: str, format: str, *, source: str | None = None) -> Any:
    """Parse ``text`` in ``format`` into a plain tree; raise :class:`FormatError` on bad syntax.

    The garbage collector is paused while the tree is built (see :func:`collector_paused`):
    a parser allocates a container per mapping and list of the document, and the collections
    those allocations trigger would otherwise take longer than the parsing.
    """
    fmt = _check_format(format, source)
    if not text or text.isspace():
        raise FormatError("the document is empty", source=source)
    try:
        with collector_paused():
            return _PARSERS[fmt](text, source)
    except RecursionError:
        raise FormatError("the document is nested too deeply", source=source) from None


def loads(text: str, format: str = "yaml", *, source: str | None = None) -> Initiative:
    """Read an initiative from text in the native format.

    Parameters
    ----------
    text
        The document.
    format
        ``"yaml"`` (default), ``"json"`` or ``"toml"``.
    source
        A name for the document in error messages (a file name, say).

    Returns
    -------
    Initiative

    Raises
    ------
    FormatError
        When the text is not valid in ``format`` (with line and column), or uses YAML aliases or
        duplicate keys.
    ValidationError
        When the tree breaks the model's rules; ``.problems`` lists every problem with its path.

    Examples
    --------
    >>> init = loads('''
    ... schema_version: 1
    ... name: Tiny
    ... partners: [{id: a, name: A, sector: community}]
    ... ''')
    >>> init.partner("a").sector.value
    'community'
    """
    with collector_paused():  # one pause for parsing and building (see parse)
        return Initiative.from_dict(parse(text, format, source=source), source=source)


def read_tree(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Any:
    r"""Read a file in YAML, JSON or TOML into a plain tree, checked for syntax only.

    The file is read as :func:`load` reads it (size limit, text checks, safe parsing), but the
    tree is not checked against the model: this reads any document in the native formats, such
    as a file of :class:`~collective_impact.ScoringConfig` fields.

    Parameters
    ----------
    path
        The file; its suffix (``.yaml``/``.yml``, ``.json``, ``.toml``) gives the format.
    format
        Override the format given by the suffix.
    max_bytes
        Refuse files larger than this (default 32 MiB) before reading them; ``None`` for no limit.

    Returns
    -------
    Any
        The document as plain data (dicts, lists, strings, numbers, dates).

    Raises
    ------
    MissingFileError
        When the file does not exist.
    FormatError
        When the file is too large, empty, binary, not UTF-8, or not valid in its format.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "config.toml")
    ...     _ = path.write_text('name = "Tiny"\nweights = [1, 2]\n')
    ...     read_tree(path)
    {'name': 'Tiny', 'weights': [1, 2]}
    """
    p = Path(path)
    fmt = _check_format(format, str(p)) if format is not None else format_for(p)
    return parse(_read_text(p, max_bytes), fmt, source=str(p))


def _read_text(path: Path, max_bytes: int | None) -> str:
    return read_text(path, max_bytes, expected=_EXPECTED, empty="the file is empty")


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    progress: bool = False,
) -> Initiative:
    """Read an initiative from a file in the native format.

    Parameters
    ----------
    path
        The file; its suffix (``.yaml``/``.yml``, ``.json``, ``.toml``) gives the format.
    format
        Override the format given by the suffix.
    max_bytes
        Refuse files larger than this (default 32 MiB) before reading them; ``None`` for no limit.
    progress
        Show tqdm progress bars: parsing (by characters read, for YAML) and building the model.
        Useful for very large files (a 100,000-activity YAML file takes tens of seconds).

    Returns
    -------
    Initiative

    Raises
    ------
    MissingFileError
        When the file does not exist (also a :class:`FileNotFoundError`).
    FormatError
        When the file is too large, empty, binary, not UTF-8, or not valid in its format; the
        message names the file, and the line and column where known.
    ValidationError
        When the content breaks the model's rules; every problem is listed with its path, and
        the error's ``source`` is the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import collective_impact as ci
    >>> text = '''
    ... schema_version: 1
    ... name: Tiny
    ... partners:
    ...   - {id: library, name: Public Library, sector: government}
    ... '''
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = pathlib.Path(d, "tiny.yaml")
    ...     _ = path.write_text(text, encoding="utf-8")
    ...     init = ci.load(path)
    >>> init.name, init.partner("library").sector
    ('Tiny', <Sector.GOVERNMENT: 'government'>)
    >>> ci.load("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    collective_impact.errors.MissingFileError: ...
    """
    p = Path(path)
    fmt = _check_format(format, str(p)) if format is not None else format_for(p)
    text = _read_text(p, max_bytes)
    if not progress:
        return loads(text, fmt, source=str(p))
    bar = progress_bar(len(text), desc=f"parsing {p.name}", unit="char")
    try:
        if fmt == "yaml" and text and not text.isspace():
            tree = _parse_stream(_CountingReader(text, bar), source=str(p))
        else:
            tree = parse(text, fmt, source=str(p))
            bar.update(len(text))
    finally:
        bar.close()
    building = progress_bar(1, desc="checking the model", unit="step")
    try:
        result = Initiative.from_dict(tree, source=str(p))
        building.update(1)
    finally:
        building.close()
    return result


def _parse_stream(stream: io.StringIO, *, source: str | None = None) -> Any:
    """Parse YAML from a text stream that the parser reads in chunks (see :func:`parse`)."""
    try:
        with collector_paused():
            return _parse_yaml(stream, source)
    except RecursionError:
        raise FormatError("the document is nested too deeply", source=source) from None


# --------------------------------------------------------------------------- writing


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")  # pragma: no cover


_YamlDumperBase: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _YamlDumper(_YamlDumperBase):  # type: ignore[valid-type,misc]
    """Safe YAML dumper that writes repeated objects out in full (no anchors or aliases).

    The loader refuses aliases, so the writer must never produce them, even when the tree holds
    the same object twice (equal tuples of ids shared by two activities, say).
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dumps(initiative: Initiative, format: str = "yaml") -> str:
    """Write an initiative as text in the native format.

    ``loads(dumps(x, f), f) == x`` for every initiative ``x`` and format ``f``.

    Parameters
    ----------
    initiative
        What to write.
    format
        ``"yaml"`` (default), ``"json"`` or ``"toml"``.

    Returns
    -------
    str

    Examples
    --------
    >>> from collective_impact import Initiative, Partner
    >>> init = Initiative(name="Tiny", partners=[Partner(id="a", name="A", sector="community")])
    >>> print(dumps(init, "json"))
    {
      "schema_version": 1,
      "name": "Tiny",
      "partners": [
        {
          "id": "a",
          "name": "A",
          "sector": "community"
        }
      ]
    }
    """
    fmt = _check_format(format, None)
    tree = initiative.to_dict()
    if fmt == "json":
        return json.dumps(tree, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    if fmt == "toml":
        return tomli_w.dumps(tree)
    return yaml.dump(
        tree, Dumper=_YamlDumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )


def dump(
    initiative: Initiative, path: str | os.PathLike[str], *, format: str | None = None
) -> None:
    """Write an initiative to a file in the native format.

    The file is written to a temporary file beside it and moved into place, so an interrupted
    write never leaves a truncated file behind.

    Parameters
    ----------
    initiative
        What to write.
    path
        The file; its suffix gives the format unless ``format`` is passed.
    format
        ``"yaml"``, ``"json"`` or ``"toml"``.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> import collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     ci.dump(init, pathlib.Path(d, "workforce.json"))
    ...     tree = json.loads(pathlib.Path(d, "workforce.json").read_text(encoding="utf-8"))
    ...     again = ci.load(pathlib.Path(d, "workforce.json"))
    >>> tree["schema_version"], len(tree["partners"])
    (1, 11)
    >>> again == init
    True
    """
    p = Path(path)
    fmt = _check_format(format, str(p)) if format is not None else format_for(p)
    write_text(p, dumps(initiative, fmt))
