"""Cases of "files": special files as inputs, zip tricks, bogus encodings, writes that fail.

Kinds 1 (special files), 5 (archives), 6 (encodings) and 9 (writes that lose data) of issue #15,
over every reader and writer that goes through ``io/_files.py`` and ``io/csvbundle.py``.

A failed write is made by a file-size limit: in the child, ``SIGXFSZ`` is ignored and the soft
``RLIMIT_FSIZE`` lowered, so the write fails with ``EFBIG`` half-way; the limit is restored
before the child writes its report. An unreadable file is made by dropping the effective user
and group ids in the child (the tests run as root, who may read anything), restored likewise.
"""

from __future__ import annotations

import contextlib
import functools
import io
import lzma
import os
import resource
import signal
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import collective_impact as ci
from collective_impact.errors import FormatError, WriteError

from .harness import MINIMAL_YAML, Api, Case, Cli

# --------------------------------------------------------------------------- helpers

_INITIATIVE_CSV = b"key,value\r\nname,Tiny\r\n"
_PARTNERS_CSV = (
    b"id,name,sector\r\nunited-way,United Way,nonprofit\r\nschools,Schools,government\r\n"
)
_SURVEY_CSV = "respondent,partner\nunited-way,schools\n"


def _file(folder: Path, name: str, content: str | bytes = MINIMAL_YAML) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


@contextlib.contextmanager
def _file_size_limit(limit: int) -> Iterator[None]:
    """Make every write past ``limit`` bytes of a file fail with EFBIG (in the child only)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)


def _limited(limit: int, func: Callable[..., Any], *args: Any) -> Api:
    def call() -> None:
        with _file_size_limit(limit):
            func(*args)

    return Api(call)


def _as_nobody(func: Callable[..., Any], *args: Any) -> Api:
    def call() -> None:
        os.setegid(65534)
        os.seteuid(65534)
        try:
            func(*args)
        finally:
            os.seteuid(0)
            os.setegid(0)

    return Api(call)


def _only_files(*names: str) -> Callable[[Path], None]:
    """Check that the folder holds these entries and nothing else (no temporary left)."""

    def check(folder: Path) -> None:
        found = sorted(p.name for p in folder.iterdir())
        assert found == sorted(names), found

    return check


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name"
        with zipfile.ZipFile(buffer, "w", compression=method) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return buffer.getvalue()


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """Patch the uncompressed size of ``member`` in its local and central headers."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    out[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        length = int.from_bytes(out[central + 28 : central + 30], "little")
        if out[central + 46 : central + 46 + length] == member.encode():
            out[central + 24 : central + 28] = size.to_bytes(4, "little")
        central = out.find(b"PK\x01\x02", central + 46)
    return bytes(out)


_LZMA1 = {"id": lzma.FILTER_LZMA1, "preset": 0, "dict_size": 1 << 18, "lc": 3, "lp": 0, "pb": 2}


@functools.cache
def _zeros(method: int, megabytes: int) -> bytes:
    """A zip whose partners.csv is ``megabytes`` MiB of zeros, declared as 100 bytes."""
    chunk = b"\0" * (1 << 20)
    if method == zipfile.ZIP_BZIP2:
        import bz2

        compressor: Any = bz2.BZ2Compressor(9)
    else:
        compressor = lzma.LZMACompressor(lzma.FORMAT_RAW, filters=[_LZMA1])
    small = _zip([("initiative.csv", _INITIATIVE_CSV), ("partners.csv", b"x" * 100)], method)
    # write the zip with a small placeholder, then swap in the real stream by hand: zipfile
    # would need the whole gigabyte in memory to write it
    body = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    if method == zipfile.ZIP_LZMA:
        props = bytes([(2 * 5 + 0) * 9 + 3]) + (1 << 18).to_bytes(4, "little")  # pb, lp, lc
        body = b"\x09\x04" + len(props).to_bytes(2, "little") + props + body
    return _replace_member(small, "partners.csv", body)


def _replace_member(data: bytes, member: str, body: bytes) -> bytes:
    """Replace the compressed bytes of the last member ``member``, fixing the sizes that move."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    end = start + info.compress_size
    central = data.find(b"PK\x01\x02", end)
    assert central == end, "the member must be the last one"
    delta = len(body) - info.compress_size
    out = bytearray(data[:start] + body + data[end:])
    out[info.header_offset + 18 : info.header_offset + 22] = len(body).to_bytes(4, "little")
    pos = out.find(b"PK\x01\x02")
    while pos >= 0 and out[pos : pos + 4] == b"PK\x01\x02":
        length = int.from_bytes(out[pos + 28 : pos + 30], "little")
        extra = int.from_bytes(out[pos + 30 : pos + 32], "little")
        comment = int.from_bytes(out[pos + 32 : pos + 34], "little")
        if out[pos + 46 : pos + 46 + length] == member.encode():
            out[pos + 20 : pos + 24] = len(body).to_bytes(4, "little")
        pos += 46 + length + extra + comment
    eocd = out.rfind(b"PK\x05\x06")
    offset = int.from_bytes(out[eocd + 16 : eocd + 20], "little")
    out[eocd + 16 : eocd + 20] = (offset + delta).to_bytes(4, "little")
    return bytes(out)


def _bundle_folder(folder: Path) -> Path:
    bundle = folder / "bundle"
    bundle.mkdir()
    _file(bundle, "initiative.csv", _INITIATIVE_CSV)
    return bundle


# --------------------------------------------------------------------------- kind 1


def _fifo_load(d: Path) -> Api:
    return Api(ci.load, _fifo(d, "fifo.yaml"))


def _fifo_iati(d: Path) -> Api:
    return Api(ci.from_iati, _fifo(d, "fifo.xml"))


def _fifo_survey(d: Path) -> Api:
    return Api(ci.read_partner_survey, _fifo(d, "fifo.csv"), ci.loads(MINIMAL_YAML))


def _fifo_bundle(d: Path) -> Api:
    return Api(ci.read_csv_bundle, _fifo(d, "fifo.zip"))


def _fifo_member(d: Path) -> Api:
    bundle = _bundle_folder(d)
    _fifo(bundle, "partners.csv")
    return Api(ci.read_csv_bundle, bundle)


def _loop_member(d: Path) -> Api:
    bundle = _bundle_folder(d)
    (bundle / "partners.csv").symlink_to("partners.csv")
    return Api(ci.read_csv_bundle, bundle)


def _device(d: Path) -> Api:
    (d / "zero.yaml").symlink_to("/dev/zero")
    return Api(ci.load, d / "zero.yaml")


def _device_config(d: Path) -> Cli:
    _file(d, "ok.yaml")
    (d / "null.toml").symlink_to("/dev/null")
    return Cli(["assess", "{tmp}/ok.yaml", "--config", "{tmp}/null.toml"])


def _nul_path(d: Path) -> Api:
    return Api(ci.load, f"{d}/a\0b.yaml")


def _long_name(d: Path) -> Api:
    return Api(ci.load, d / ("x" * 300 + ".yaml"))


def _long_path(d: Path) -> Api:
    return Api(ci.from_iati, str(d) + "/" + "/".join(["y" * 200] * 25) + "/a.xml")


def _unreadable(d: Path) -> Api:
    d.chmod(0o755)
    path = _file(d, "secret.yaml")
    path.chmod(0)
    return _as_nobody(ci.load, path)


def _symlink_loop(d: Path) -> Api:
    (d / "a.yaml").symlink_to("b.yaml")
    (d / "b.yaml").symlink_to("a.yaml")
    return Api(ci.load, d / "a.yaml")


def _directory_iati(d: Path) -> Api:
    (d / "dir.xml").mkdir()
    return Api(ci.from_iati, d / "dir.xml")


def _not_a_folder_on_path(d: Path) -> Api:
    _file(d, "plain")
    return Api(ci.read_partner_survey, d / "plain" / "s.csv", ci.loads(MINIMAL_YAML))


def _cli_validate_fifo(d: Path) -> Cli:
    _fifo(d, "fifo.yaml")
    return Cli(["validate", "{tmp}/fifo.yaml"])


# --------------------------------------------------------------------------- kind 5


def _duplicate(d: Path) -> Api:
    other = b"id,name,sector\r\nx,X,nonprofit\r\n"
    members = [("initiative.csv", _INITIATIVE_CSV), ("partners.csv", _PARTNERS_CSV)]
    _file(d, "dup.zip", _zip([*members, ("partners.csv", other)]))
    return Api(ci.read_csv_bundle, d / "dup.zip")


def _cli_import_duplicate(d: Path) -> Cli:
    members = [("initiative.csv", _INITIATIVE_CSV), ("partners.csv", _PARTNERS_CSV)]
    _file(d, "dup.zip", _zip([*members, ("initiative.csv", b"key,value\r\nname,Other\r\n")]))
    return Cli(["import", "csv", "{tmp}/dup.zip", "-o", "{tmp}/out.yaml"])


def _lie(method: int) -> Callable[[Path], Api]:
    def setup(d: Path) -> Api:
        body = _PARTNERS_CSV * 2000
        data = _zip([("initiative.csv", _INITIATIVE_CSV), ("partners.csv", body)], method)
        _file(d, "liar.zip", _declare_size(data, "partners.csv", 100))
        return Api(ci.read_csv_bundle, d / "liar.zip", max_ratio=None)

    return setup


def _zeros_bomb(method: int, megabytes: int) -> Callable[[Path], Api]:
    def setup(d: Path) -> Api:
        _file(d, "bomb.zip", _zeros(method, megabytes))
        return Api(ci.read_csv_bundle, d / "bomb.zip")

    return setup


def _zeros_bomb_no_limits(d: Path) -> Api:
    """The bzip2 bomb with every limit off: the header's size still bounds what is produced."""
    _file(d, "bomb.zip", _zeros(zipfile.ZIP_BZIP2, 128))
    return Api(ci.read_csv_bundle, d / "bomb.zip", max_bytes=None, max_ratio=None)


def _damaged_crc(d: Path) -> Api:
    members = [("initiative.csv", _INITIATIVE_CSV), ("partners.csv", _PARTNERS_CSV)]
    data = bytearray(_zip(members, zipfile.ZIP_STORED))
    at = data.find(b"united-way")
    data[at] = ord("U")
    _file(d, "crc.zip", bytes(data))
    return Api(ci.read_csv_bundle, d / "crc.zip")


def _huge_lzma_dictionary(d: Path) -> Api:
    """Valid LZMA members whose headers ask for a 4 GiB dictionary: read with a small one."""
    members = [("initiative.csv", _INITIATIVE_CSV), ("partners.csv", _PARTNERS_CSV)]
    data = bytearray(_zip(members, zipfile.ZIP_LZMA))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        infos = archive.infolist()
    for info in infos:
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        data[start + 5 : start + 9] = (0xFFFFFFFF).to_bytes(4, "little")
    _file(d, "dict.zip", bytes(data))
    return Api(ci.read_csv_bundle, d / "dict.zip")


# --------------------------------------------------------------------------- kind 6


def _survey(encoding: str) -> Callable[[Path], Api]:
    def setup(d: Path) -> Api:
        path = _file(d, "s.csv", _SURVEY_CSV)
        return Api(ci.read_partner_survey, path, ci.loads(MINIMAL_YAML), encoding=encoding)

    return setup


# --------------------------------------------------------------------------- kind 9

_OLD = "old content\n"


def _unchanged(name: str) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        assert (folder / name).read_text(encoding="utf-8") == _OLD
        _only_files(name)(folder)

    return check


def _dump_fails(d: Path) -> Api:
    _file(d, "out.yaml", _OLD)
    return _limited(300, ci.dump, ci.load_example("workforce"), d / "out.yaml")


def _graphml_fails(d: Path) -> Api:
    _file(d, "out.graphml", _OLD)
    return _limited(300, ci.to_graphml, ci.load_example("workforce"), d / "out.graphml")


def _report_fails(d: Path) -> Api:
    _file(d, "out.html", _OLD)
    report = ci.assess(ci.load_example("workforce"))
    return _limited(300, report.to_html, d / "out.html")


def _zip_bundle_fails(d: Path) -> Api:
    _file(d, "out.zip", _OLD)
    return _limited(300, ci.write_csv_bundle, ci.load_example("workforce"), d / "out.zip")


def _folder_bundle_fails(d: Path) -> Api:
    ci.write_csv_bundle(ci.loads(MINIMAL_YAML), d / "bundle")
    before = {p.name: p.read_bytes() for p in (d / "bundle").iterdir()}
    (d / "before").mkdir()
    for name, data in before.items():
        (d / "before" / name).write_bytes(data)
    return _limited(400, ci.write_csv_bundle, ci.load_example("workforce"), d / "bundle")


def _folder_bundle_unchanged(folder: Path) -> None:
    before = {p.name: p.read_bytes() for p in (folder / "before").iterdir()}
    after = {p.name: p.read_bytes() for p in (folder / "bundle").iterdir()}
    assert after == before, sorted(set(after) ^ set(before))
    _only_files("before", "bundle")(folder)


def _new_folder_bundle_fails(d: Path) -> Api:
    return _limited(400, ci.write_csv_bundle, ci.load_example("workforce"), d / "bundle")


def _dump_into_missing_folder(d: Path) -> Api:
    return Api(ci.dump, ci.loads(MINIMAL_YAML), d / "nowhere" / "out.yaml")


def _dump_over_directory(d: Path) -> Api:
    (d / "out.yaml").mkdir()
    return Api(ci.dump, ci.loads(MINIMAL_YAML), d / "out.yaml")


def _dump_over_fifo(d: Path) -> Api:
    _fifo(d, "out.yaml")
    return Api(ci.dump, ci.loads(MINIMAL_YAML), d / "out.yaml")


def _dump_with_umask(d: Path) -> Api:
    def call() -> None:
        old = os.umask(0o022)
        try:
            ci.dump(ci.loads(MINIMAL_YAML), d / "out.yaml")
        finally:
            os.umask(old)

    return Api(call)


def _mode_644(folder: Path) -> None:
    assert (folder / "out.yaml").stat().st_mode & 0o777 == 0o644
    _only_files("out.yaml")(folder)


def _cli_export_missing_folder(d: Path) -> Cli:
    _file(d, "ok.yaml")
    return Cli(["export", "csv", "{tmp}/ok.yaml", "-o", "{tmp}/nowhere/sub/out.zip"])


def _cli_report_over_directory(d: Path) -> Cli:
    _file(d, "ok.yaml")
    (d / "out.html").mkdir()
    return Cli(["report", "{tmp}/ok.yaml", "-o", "{tmp}/out.html"])


CASES: list[Case] = [
    # kind 1: special files as inputs
    Case(
        id="files-fifo-load",
        kind=1,
        setup=_fifo_load,
        error=FormatError,
        fragments=("{tmp}/fifo.yaml", "not a regular file (a named pipe)"),
        seconds=5,
    ),
    Case(
        id="files-fifo-iati",
        kind=1,
        setup=_fifo_iati,
        error=FormatError,
        fragments=("{tmp}/fifo.xml", "not a regular file (a named pipe)"),
        seconds=5,
    ),
    Case(
        id="files-fifo-survey",
        kind=1,
        setup=_fifo_survey,
        error=FormatError,
        fragments=("{tmp}/fifo.csv", "not a regular file (a named pipe)"),
        seconds=5,
    ),
    Case(
        id="files-fifo-bundle",
        kind=1,
        setup=_fifo_bundle,
        error=FormatError,
        fragments=("{tmp}/fifo.zip", "not a folder or a regular file (a named pipe)"),
        seconds=2,
    ),
    Case(
        id="files-fifo-bundle-member",
        kind=1,
        setup=_fifo_member,
        error=FormatError,
        fragments=("{tmp}/bundle/partners.csv", "a named pipe"),
        seconds=5,
    ),
    Case(
        id="files-symlink-loop-bundle-member",
        kind=1,
        setup=_loop_member,
        error=FormatError,
        fragments=("{tmp}/bundle/partners.csv", "symbolic links"),
    ),
    Case(
        id="files-char-device-load",
        kind=1,
        setup=_device,
        error=FormatError,
        fragments=("{tmp}/zero.yaml", "not a regular file (a character device)"),
        seconds=5,
        memory_mib=256,
    ),
    Case(
        id="files-cli-config-char-device",
        kind=1,
        setup=_device_config,
        error=FormatError,
        fragments=("{tmp}/null.toml", "a character device"),
    ),
    Case(
        id="files-nul-in-path",
        kind=1,
        setup=_nul_path,
        error=FormatError,
        fragments=("{tmp}/a\\x00b.yaml", "NUL character"),
    ),
    Case(
        id="files-name-too-long",
        kind=1,
        setup=_long_name,
        error=FormatError,
        fragments=("{tmp}/xxxx", "too long"),
    ),
    Case(
        id="files-path-too-long-iati",
        kind=1,
        setup=_long_path,
        error=FormatError,
        fragments=("{tmp}/yyyy", "too long"),
    ),
    Case(
        id="files-unreadable",
        kind=1,
        setup=_unreadable,
        error=FormatError,
        fragments=("{tmp}/secret.yaml", "permission denied"),
    ),
    Case(
        id="files-symlink-loop",
        kind=1,
        setup=_symlink_loop,
        error=FormatError,
        fragments=("{tmp}/a.yaml", "symbolic links"),
    ),
    Case(
        id="files-directory-iati",
        kind=1,
        setup=_directory_iati,
        error=FormatError,
        fragments=("{tmp}/dir.xml", "is a directory"),
    ),
    Case(
        id="files-file-on-path-survey",
        kind=1,
        setup=_not_a_folder_on_path,
        error=FormatError,
        fragments=("{tmp}/plain/s.csv", "not a folder"),
    ),
    Case(
        id="files-cli-validate-fifo",
        kind=1,
        setup=_cli_validate_fifo,
        error=FormatError,
        fragments=("{tmp}/fifo.yaml", "a named pipe"),
        seconds=5,
    ),
    # kind 5: archives
    Case(
        id="files-zip-duplicate-member",
        kind=5,
        setup=_duplicate,
        error=FormatError,
        fragments=("{tmp}/dup.zip", "several members named 'partners.csv'"),
    ),
    Case(
        id="files-cli-import-zip-duplicate",
        kind=5,
        setup=_cli_import_duplicate,
        error=FormatError,
        fragments=("{tmp}/dup.zip", "'initiative.csv'", "undefined"),
        check=_only_files("dup.zip"),
    ),
    Case(
        id="files-zip-deflate-size-lie",
        kind=5,
        setup=_lie(zipfile.ZIP_DEFLATED),
        error=FormatError,
        fragments=("{tmp}/liar.zip", "'partners.csv' is larger than its header says"),
    ),
    Case(
        id="files-zip-stored-size-lie",
        kind=5,
        setup=_lie(zipfile.ZIP_STORED),
        error=FormatError,
        fragments=("{tmp}/liar.zip", "'partners.csv' is larger than its header says"),
    ),
    Case(
        id="files-zip-bzip2-size-lie",
        kind=5,
        setup=_lie(zipfile.ZIP_BZIP2),
        error=FormatError,
        fragments=("{tmp}/liar.zip", "'partners.csv' is larger than its header says"),
    ),
    Case(
        id="files-zip-lzma-size-lie",
        kind=5,
        setup=_lie(zipfile.ZIP_LZMA),
        error=FormatError,
        fragments=("{tmp}/liar.zip", "'partners.csv' is larger than its header says"),
    ),
    Case(
        id="files-zip-bzip2-bomb-lying-header",
        kind=5,
        setup=_zeros_bomb(zipfile.ZIP_BZIP2, 128),
        error=FormatError,
        fragments=("{tmp}/bomb.zip", "'partners.csv' is larger than its header says"),
        seconds=5,
        memory_mib=64,
    ),
    Case(
        id="files-zip-bzip2-bomb-no-limits",
        kind=5,
        setup=_zeros_bomb_no_limits,
        error=FormatError,
        fragments=("{tmp}/bomb.zip", "'partners.csv' is larger than its header says"),
        seconds=5,
        memory_mib=64,
    ),
    Case(
        id="files-zip-lzma-bomb-lying-header",
        kind=5,
        setup=_zeros_bomb(zipfile.ZIP_LZMA, 300),
        error=FormatError,
        fragments=("{tmp}/bomb.zip", "'partners.csv' is larger than its header says"),
        seconds=5,
        memory_mib=64,
    ),
    Case(
        id="files-zip-crc-mismatch",
        kind=5,
        setup=_damaged_crc,
        error=FormatError,
        fragments=("{tmp}/crc.zip", "'partners.csv' is damaged", "CRC-32"),
    ),
    Case(
        id="files-zip-lzma-4gib-dictionary",
        kind=5,
        setup=_huge_lzma_dictionary,
        error=None,
        memory_mib=256,
    ),
    # kind 6: encodings
    Case(
        id="files-survey-unknown-encoding",
        kind=6,
        setup=_survey("bogus-enc"),
        error=FormatError,
        fragments=("{tmp}/s.csv", "unknown encoding 'bogus-enc'"),
    ),
    Case(
        id="files-survey-nul-in-encoding",
        kind=6,
        setup=_survey("utf\0-8"),
        error=FormatError,
        fragments=("{tmp}/s.csv", "unknown encoding 'utf\\x00-8'"),
    ),
    Case(
        id="files-survey-rot13",
        kind=6,
        setup=_survey("rot13"),
        error=FormatError,
        fragments=("{tmp}/s.csv", "'rot13' is not a text encoding"),
    ),
    Case(
        id="files-survey-base64",
        kind=6,
        setup=_survey("base64"),
        error=FormatError,
        fragments=("{tmp}/s.csv", "'base64' is not a text encoding"),
    ),
    Case(
        id="files-survey-zlib",
        kind=6,
        setup=_survey("zlib"),
        error=FormatError,
        fragments=("{tmp}/s.csv", "'zlib' is not a text encoding"),
    ),
    Case(
        id="files-survey-utf7",
        kind=6,
        setup=_survey("UTF-7"),
        error=FormatError,
        fragments=("{tmp}/s.csv", "'UTF-7' is refused"),
    ),
    Case(
        id="files-survey-unicode-escape",
        kind=6,
        setup=_survey("unicode_escape"),
        error=FormatError,
        fragments=("{tmp}/s.csv", "'unicode_escape' is refused"),
    ),
    # kind 9: writes that lose data
    Case(
        id="files-dump-fails-half-way",
        kind=9,
        setup=_dump_fails,
        error=WriteError,
        fragments=("{tmp}/out.yaml", "too large", "left as it was"),
        check=_unchanged("out.yaml"),
    ),
    Case(
        id="files-graphml-fails-half-way",
        kind=9,
        setup=_graphml_fails,
        error=WriteError,
        fragments=("{tmp}/out.graphml", "too large"),
        check=_unchanged("out.graphml"),
    ),
    Case(
        id="files-report-fails-half-way",
        kind=9,
        setup=_report_fails,
        error=WriteError,
        fragments=("{tmp}/out.html", "too large"),
        check=_unchanged("out.html"),
    ),
    Case(
        id="files-zip-bundle-fails-half-way",
        kind=9,
        setup=_zip_bundle_fails,
        error=WriteError,
        fragments=("{tmp}/out.zip", "too large"),
        check=_unchanged("out.zip"),
    ),
    Case(
        id="files-folder-bundle-fails-half-way",
        kind=9,
        setup=_folder_bundle_fails,
        error=WriteError,
        fragments=("{tmp}/bundle/", "too large", "left as it was"),
        check=_folder_bundle_unchanged,
    ),
    Case(
        id="files-new-folder-bundle-fails-half-way",
        kind=9,
        setup=_new_folder_bundle_fails,
        error=WriteError,
        fragments=("{tmp}/bundle/", "too large", "nothing was written"),
        check=_only_files(),
    ),
    Case(
        id="files-dump-into-missing-folder",
        kind=9,
        setup=_dump_into_missing_folder,
        error=WriteError,
        fragments=("{tmp}/nowhere/out.yaml", "the folder {tmp}/nowhere does not exist"),
        check=_only_files(),
    ),
    Case(
        id="files-dump-over-directory",
        kind=9,
        setup=_dump_over_directory,
        error=WriteError,
        fragments=("{tmp}/out.yaml", "is a directory"),
        check=_only_files("out.yaml"),
    ),
    Case(
        id="files-dump-over-fifo",
        kind=9,
        setup=_dump_over_fifo,
        error=WriteError,
        fragments=("{tmp}/out.yaml", "a named pipe"),
        check=_only_files("out.yaml"),
        seconds=5,
    ),
    Case(
        id="files-dump-permissions",
        kind=9,
        setup=_dump_with_umask,
        error=None,
        check=_mode_644,
    ),
    Case(
        id="files-cli-export-missing-folder",
        kind=9,
        setup=_cli_export_missing_folder,
        error=WriteError,
        fragments=("{tmp}/nowhere/sub/out.zip", "does not exist"),
        check=_only_files("ok.yaml"),
    ),
    Case(
        id="files-cli-report-over-directory",
        kind=9,
        setup=_cli_report_over_directory,
        error=WriteError,
        fragments=("{tmp}/out.html", "is a directory"),
    ),
]
