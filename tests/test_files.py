"""Tests of the shared file plumbing of the readers and writers (collective_impact.io._files)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import pickle
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact.errors import FormatError, MissingFileError, WriteError
from collective_impact.io import _files
from collective_impact.io._files import (
    check_text,
    decode_text,
    is_plain_utf8,
    read_bytes,
    read_text,
    shown_path,
    text_codec,
    write_atomic,
    write_bytes,
    write_files,
    write_text,
)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """Run with the usual umask (group and others may read, not write)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class TestReadBytes:
    def test_reads_the_file(self, tmp_path: Path) -> None:
        path = tmp_path / "a.csv"
        path.write_bytes(b"id\r\na\r\n")
        assert read_bytes(path, 100) == b"id\r\na\r\n"

    def test_missing(self, tmp_path: Path) -> None:
        with pytest.raises(MissingFileError):
            read_bytes(tmp_path / "nowhere.csv", None)

    def test_directory(self, tmp_path: Path) -> None:
        with pytest.raises(FormatError, match="is a directory"):
            read_bytes(tmp_path, None)

    def test_too_large(self, tmp_path: Path) -> None:
        path = tmp_path / "a.csv"
        path.write_bytes(b"x" * 101)
        with pytest.raises(FormatError, match="101 bytes, more than the limit of 100"):
            read_bytes(path, 100)
        assert len(read_bytes(path, None)) == 101

    @pytest.mark.parametrize("stated", [0, 1, 99, 100, 101, 150])
    def test_size_when_opened_is_not_trusted(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stated: int
    ) -> None:
        """A file that grew or shrank after it was opened is read whole, within the limit."""
        path = tmp_path / "a.csv"
        content = bytes(range(256)) * 3 + b"x" * 4  # 772 bytes: more than one read of 100
        path.write_bytes(content)
        opened = _files.open_regular

        @contextlib.contextmanager
        def stale(p: Path) -> Iterator[tuple[BinaryIO, int]]:
            with opened(p) as (handle, _):
                yield handle, stated  # the size it had before it changed

        monkeypatch.setattr(_files, "open_regular", stale)
        assert read_bytes(path, None) == content
        assert read_bytes(path, len(content)) == content
        with pytest.raises(FormatError, match="larger than the limit of 771 bytes"):
            read_bytes(path, len(content) - 1)


class TestIsPlainUtf8:
    """``is_plain_utf8(data)`` exactly when ``data`` is the UTF-8 of the text it decodes to."""

    @settings(max_examples=300, deadline=None)
    @given(
        st.one_of(
            st.binary(max_size=40),
            st.text(max_size=30).map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.text(max_size=30).map(lambda t: t.encode("utf-8", "replace")),
        ),
        st.sampled_from([1, 2, 3, 5, 1 << 16]),
    )
    def test_as_decoding_whole(self, data: bytes, piece: int) -> None:
        try:
            text = decode_text(data, expected="text")
        except FormatError:
            expected = False
        else:
            expected = text.encode() == data
        with pytest.MonkeyPatch.context() as m:
            m.setattr(_files, "_SLICE", piece)  # characters cut by the end of a slice
            assert is_plain_utf8(data) is expected

    @pytest.mark.parametrize(
        ("data", "plain"),
        [
            (b"id,name\n", True),
            ("Bibliothèque · 図書館 🙂".encode(), True),
            (b"\xef\xbb\xbfid", False),  # a byte-order mark, which decoding leaves out
            (b"caf\xe9", False),  # Latin-1
            (b"\xed\xa0\x80", False),  # a surrogate
            (b"\xc0\xaf", False),  # an overlong form
            (b"a\0b", False),
            (b"PK\x03\x04rest", False),
            ("é".encode()[:1], False),  # cut at the end
        ],
    )
    def test_cases(self, data: bytes, plain: bool) -> None:
        assert is_plain_utf8(data) is plain


def _zip(*names: str) -> bytes:
    """Return a zip archive of empty members of these names (a name ending in ``/``: a folder)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "")
    return out.getvalue()


class TestDecodeText:
    def test_byte_order_mark_is_skipped(self) -> None:
        assert decode_text(b"\xef\xbb\xbfid\r\n", expected="CSV text") == "id\r\n"

    def test_workbook(self) -> None:
        with pytest.raises(FormatError) as info:
            decode_text(
                _zip("[Content_Types].xml", "xl/workbook.xml"),
                expected="CSV text",
                advice="; save it as CSV",
            )
        assert (
            info.value.message == "this is an Excel workbook (.xlsx), not CSV text; save it as CSV"
        )

    def test_a_workbook_of_many_parts(self) -> None:
        """A workbook of 1,001 sheets has 1,009 parts, openpyxl's ``[Content_Types].xml`` the
        last of them: only the first 1,000 names were looked at, and it read "a .zip archive"
        (found by a reviewer)."""
        parts = [f"xl/worksheets/sheet{k}.xml" for k in range(1, 1002)]
        data = _zip(*parts, "xl/workbook.xml", "[Content_Types].xml")
        with pytest.raises(FormatError) as info:
            decode_text(data, expected="CSV text")
        assert info.value.message == "this is an Excel workbook (.xlsx), not CSV text"

    @pytest.mark.parametrize(
        ("data", "said"),
        [
            (_zip("initiative.csv", "partners.csv"), "a CSV bundle (.zip)"),
            (_zip("wf/", "wf/initiative.csv", "wf/partners.csv"), "a CSV bundle (.zip)"),
            (_zip("goals.csv", "__MACOSX/._goals.csv"), "a CSV bundle (.zip)"),
            (_zip("notes.txt"), "a .zip archive"),
            (_zip("a/b/initiative.csv"), "a .zip archive"),  # two folders down: not read so
            (b"PK\x03\x04\0\0", "a .zip archive"),  # damaged: its members are unknown
        ],
    )
    def test_other_zip_archives_are_not_called_workbooks(self, data: bytes, said: str) -> None:
        """Only a workbook's members make a zip a workbook; advice is for workbooks alone."""
        with pytest.raises(FormatError) as info:
            decode_text(data, expected="CSV text", advice="; save it as CSV")
        assert info.value.message == f"this is {said}, not CSV text"

    def test_binary(self) -> None:
        with pytest.raises(FormatError) as info:
            decode_text(b"id\n\0a", expected="YAML text", source="x.yaml")
        assert info.value.message == "this is a binary file (a NUL byte at offset 3), not YAML text"
        assert info.value.source == "x.yaml"

    def test_not_utf8_names_offset_and_line(self) -> None:
        with pytest.raises(FormatError) as info:
            decode_text("id\nCafé\n".encode("cp1252"), expected="CSV text")
        expected = "the file is not UTF-8 text (invalid byte at offset 6, line 2)"
        assert expected == info.value.message

    def test_other_encoding(self) -> None:
        data = "id\nCafé\n".encode("cp1252")
        assert decode_text(data, expected="CSV text", encoding="cp1252") == "id\nCafé\n"
        with pytest.raises(FormatError, match="not cp1252 text"):
            decode_text(b"\x81", expected="CSV text", encoding="cp1252")

    def test_utf16_may_hold_nul_bytes(self) -> None:
        data = "id\na\n".encode("utf-16")
        assert decode_text(data, expected="CSV text", encoding="utf-16") == "id\na\n"

    @pytest.mark.parametrize("data", [b"", b"  \r\n", b"\xef\xbb\xbf"])
    def test_empty(self, data: bytes) -> None:
        assert decode_text(data, expected="CSV text").strip() == ""
        with pytest.raises(FormatError, match=r"^nothing here$"):
            decode_text(data, expected="CSV text", empty="nothing here")

    def test_text_with_nul_character(self) -> None:
        with pytest.raises(FormatError, match=r"a NUL character at offset 2"):
            check_text("ab\0", expected="CSV text")

    def test_read_text(self, tmp_path: Path) -> None:
        path = tmp_path / "a.csv"
        path.write_bytes(b"\xef\xbb\xbfid\n")
        assert read_text(path, None, expected="CSV text") == "id\n"
        path.write_bytes(b"\xff")
        with pytest.raises(FormatError) as info:
            read_text(path, None, expected="CSV text")
        assert str(path) == info.value.source


class TestWriteAtomic:
    @pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o002, 0o664)])
    def test_new_files_follow_the_umask(self, tmp_path: Path, umask: int, expected: int) -> None:
        old = os.umask(umask)
        try:
            write_text(tmp_path / "a.txt", "a\n")
        finally:
            os.umask(old)
        assert expected == mode(tmp_path / "a.txt")

    def test_replaces_the_content(self, tmp_path: Path) -> None:
        path = tmp_path / "a.bin"
        path.write_bytes(b"old")
        write_bytes(path, b"new")
        assert path.read_bytes() == b"new"
        assert [path] == list(tmp_path.iterdir())

    def test_failure_leaves_the_target_and_no_temporary_file(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_text("old")

        def fail(tmp: Path) -> None:
            tmp.write_text("half")
            raise OSError("disk full")

        with pytest.raises(OSError, match="disk full"):
            write_atomic(path, fail)
        assert path.read_text() == "old"
        assert [path] == list(tmp_path.iterdir())

    @pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names fds through /proc")
    def test_data_reach_the_disk_before_the_move(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The writes were atomic against errors but never flushed (no fsync): after a crash
        or power loss soon after the rename, many filesystems keep the new name on an empty
        file, the old content gone. Each file's data is now synced before it is moved, and
        its folder after; for a bundle, every file and the folder."""
        synced: list[tuple[str, bool]] = []
        real = os.fsync

        def fsync(fd: int) -> None:
            status = os.fstat(fd)
            kind = stat.S_ISDIR(status.st_mode)
            synced.append((os.path.basename(os.readlink(f"/proc/self/fd/{fd}")), kind))
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)
        write_bytes(tmp_path / "a.bin", b"data")
        (temporary, is_dir), folder = synced[0], synced[1]
        assert not is_dir
        assert temporary != "a.bin"  # the temporary file, before the move
        assert folder == (tmp_path.name, True)
        init = ci.load_example("workforce")
        for where in (tmp_path / "bundle", tmp_path / "bundle"):  # a new folder, then replaced
            synced.clear()
            ci.write_csv_bundle(init, where)
            files = [name for name, is_dir in synced if not is_dir]
            assert len(files) >= 10  # every file of the bundle
            assert any(is_dir for _, is_dir in synced)

    def test_text_is_utf8_as_given(self, tmp_path: Path) -> None:
        write_text(tmp_path / "a.txt", "é\n")
        assert "é\n".encode() == (tmp_path / "a.txt").read_bytes()


@pytest.mark.usefixtures("umask_022")
class TestWriteAsCpDoes:
    """A file replaced keeps its mode, a link is written through, a read-only file is refused.

    ``write_atomic`` renamed a new file over the target: a ``0o600`` file became ``0o644``, a
    ``0o444`` file was replaced (``0o644``), and a symbolic link was replaced by a regular file
    while the file it led to kept the old content.
    """

    @pytest.mark.parametrize("old_mode", [0o600, 0o640, 0o755])
    def test_a_replaced_file_keeps_its_mode(self, tmp_path: Path, old_mode: int) -> None:
        path = tmp_path / "report.html"
        path.write_text("old")
        path.chmod(old_mode)
        write_text(path, "new")
        assert (path.read_text(), mode(path)) == ("new", old_mode)
        assert [path] == list(tmp_path.iterdir())

    def test_a_link_is_written_through(self, tmp_path: Path) -> None:
        (tmp_path / "real").mkdir()
        real = tmp_path / "real" / "report.html"
        real.write_text("old")
        real.chmod(0o600)
        link = tmp_path / "link.html"
        link.symlink_to(Path("real") / "report.html")  # relative, as ln -s makes it
        chained = tmp_path / "chained.html"
        chained.symlink_to(link)
        write_text(link, "new")
        assert link.is_symlink()
        assert (real.read_text(), mode(real)) == ("new", 0o600)
        write_text(chained, "newer")
        assert chained.is_symlink()
        assert link.is_symlink()
        assert real.read_text() == "newer"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["chained.html", "link.html", "real"]
        assert [real] == list((tmp_path / "real").iterdir())  # no temporary file left

    def test_a_link_to_no_file_creates_it(self, tmp_path: Path) -> None:
        link = tmp_path / "link.html"
        link.symlink_to("target.html")
        write_text(link, "new")
        assert link.is_symlink()
        assert (tmp_path / "target.html").read_text() == "new"

    def test_a_read_only_file_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Root may write any file, so the check is shown with ``os.access`` saying no."""
        path = tmp_path / "report.html"
        path.write_text("old")
        path.chmod(0o444)
        real_access = os.access

        def access(target: object, how: int, **kwargs: object) -> bool:
            if how == os.W_OK and Path(str(target)) == path:
                return False
            return real_access(target, how, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)
        with pytest.raises(WriteError) as info:
            write_text(path, "new")
        assert str(info.value) == (
            f"{path}: cannot write it: permission denied: the file is read-only; it is left as "
            "it was (make it writable to replace it)"
        )
        assert info.value.errno == errno.EACCES
        assert (path.read_text(), mode(path)) == ("old", 0o444)
        assert [path] == list(tmp_path.iterdir())
        with pytest.raises(WriteError, match="read-only"):
            write_files(tmp_path, {"x.csv": b"x", "report.html": b"new"})
        assert [path] == list(tmp_path.iterdir())  # x.csv not written either

    @pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
    def test_a_read_only_file_is_refused_for_real(self, tmp_path: Path) -> None:
        path = tmp_path / "report.html"
        path.write_text("old")
        path.chmod(0o444)
        with pytest.raises(WriteError, match="read-only"):
            write_text(path, "new")
        assert path.read_text() == "old"

    @pytest.mark.parametrize("ignored", [False, True])
    def test_ctrl_c_while_the_files_move_into_place_waits_for_them(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ignored: bool
    ) -> None:
        """Ctrl-C between two of the renames that move the new files into place left a
        bundle half old, half new, which read as neither (found by a reviewer): the interrupt
        is held until every file is in place and the older copies are removed (an older
        'A.csv' beside the new 'a.csv' made a bundle of two files of one name: a fresh-eyes
        reviewer), then raised for the handler that was there; one that ignores Ctrl-C
        ignores it."""
        import signal

        names = [f"{n}.csv" for n in "abcd"]
        for name in names[1:]:
            (tmp_path / name).write_text("old")
        (tmp_path / "A.csv").write_text("older copy")
        real_replace = os.replace
        calls = []

        def replace(src: object, dst: object) -> None:
            calls.append(dst)
            if len(calls) == 2:
                os.kill(os.getpid(), signal.SIGINT)  # the person presses Ctrl-C
            real_replace(src, dst)  # type: ignore[arg-type]

        monkeypatch.setattr(_files.os, "replace", replace)
        # Python's own handler set for the case that expects it: a test run started in the
        # background of a shell starts with Ctrl-C ignored, and so did this test
        handler = signal.SIG_IGN if ignored else signal.default_int_handler
        before = signal.signal(signal.SIGINT, handler)
        try:
            with contextlib.nullcontext() if ignored else pytest.raises(KeyboardInterrupt):
                write_files(tmp_path, dict.fromkeys(names, b"new"), remove=["A.csv"])
            assert signal.getsignal(signal.SIGINT) is handler
        finally:
            if before is not None:  # None: a handler not set from Python, left as found
                signal.signal(signal.SIGINT, before)
        assert len(calls) == 4
        assert sorted(p.name for p in tmp_path.iterdir()) == names
        assert {(tmp_path / name).read_text() for name in names} == {"new"}

    @pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
    def test_sigterm_while_the_files_move_into_place_waits_for_them(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
    ) -> None:
        """The command line makes SIGTERM and SIGHUP raise, as Python does Ctrl-C: they are
        held back as it is, until every file is in place, then raised for that handler."""
        import signal

        signum = getattr(signal, name, None)
        if signum is None:
            pytest.skip(f"no {name} here")

        class Ended(BaseException):
            pass

        def end(_signum: int, _frame: object) -> None:
            raise Ended

        names = [f"{n}.csv" for n in "abcd"]
        for each in names[1:]:
            (tmp_path / each).write_text("old")
        real_replace = os.replace
        calls = []

        def replace(src: object, dst: object) -> None:
            calls.append(dst)
            if len(calls) == 2:
                os.kill(os.getpid(), signum)
            real_replace(src, dst)  # type: ignore[arg-type]

        monkeypatch.setattr(_files.os, "replace", replace)
        before = signal.signal(signum, end)
        try:
            with pytest.raises(Ended):
                write_files(tmp_path, dict.fromkeys(names, b"new"))
            assert signal.getsignal(signum) is end
        finally:
            signal.signal(signum, before)
        assert len(calls) == 4
        assert {(tmp_path / each).read_text() for each in names} == {"new"}

    def test_write_files_keeps_modes_and_links(self, tmp_path: Path) -> None:
        (tmp_path / "x.csv").write_text("old")
        (tmp_path / "x.csv").chmod(0o600)
        (tmp_path / "elsewhere.txt").write_text("old y")
        (tmp_path / "y.csv").symlink_to("elsewhere.txt")
        write_files(tmp_path, {"x.csv": b"x", "y.csv": b"y"})
        assert (mode(tmp_path / "x.csv"), (tmp_path / "x.csv").read_text()) == (0o600, "x")
        assert (tmp_path / "y.csv").is_symlink()
        assert (tmp_path / "elsewhere.txt").read_text() == "y"

    def test_write_files_removes_older_copies(self, tmp_path: Path) -> None:
        (tmp_path / "X.csv").write_text("older")
        (tmp_path / "notes.txt").write_text("mine")
        write_files(tmp_path, {"x.csv": b"x"}, remove=["X.csv", "gone.csv"])
        assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {
            "x.csv": "x",
            "notes.txt": "mine",
        }


@pytest.mark.usefixtures("umask_022")
class TestWritersGiveNormalPermissions:
    """Every writer of the library goes through :func:`write_atomic` (``-rw-r--r--`` here)."""

    def test_dump(self, tmp_path: Path) -> None:
        ci.dump(ci.load_example("workforce"), tmp_path / "w.yaml")
        assert mode(tmp_path / "w.yaml") == 0o644

    def test_csv_bundle(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        ci.write_csv_bundle(init, tmp_path / "w.zip")
        ci.write_csv_bundle(init, tmp_path / "w")
        assert mode(tmp_path / "w.zip") == 0o644
        assert {0o644} == {mode(p) for p in (tmp_path / "w").iterdir()}

    @pytest.mark.parametrize(
        ("export", "name"),
        [("to_kumu", "w.json"), ("to_cids", "w.jsonld"), ("to_graphml", "w.graphml"),
         ("to_gexf", "w.gexf")],
    )  # fmt: skip
    def test_exports(self, tmp_path: Path, export: str, name: str) -> None:
        getattr(ci, export)(ci.load_example("workforce"), tmp_path / name)
        assert mode(tmp_path / name) == 0o644
        assert [tmp_path / name] == list(tmp_path.iterdir())


class TestSpecialFiles:
    """Anything but a regular file is refused before it is opened, naming the path."""

    def test_named_pipe_does_not_block(self, tmp_path: Path) -> None:
        fifo = tmp_path / "fifo.yaml"
        os.mkfifo(fifo)
        with pytest.raises(FormatError) as info:
            read_bytes(fifo, None)  # would block forever if it were opened
        assert str(info.value) == f"{fifo}: not a regular file (a named pipe)"

    def test_character_device(self) -> None:
        with pytest.raises(
            FormatError, match=r"^/dev/zero: not a regular file \(a character device"
        ):
            read_bytes(Path("/dev/zero"), None)

    def test_symbolic_link_to_a_device(self, tmp_path: Path) -> None:
        (tmp_path / "null.toml").symlink_to("/dev/null")
        with pytest.raises(FormatError, match="character device"):
            read_text(tmp_path / "null.toml", None, expected="TOML text")

    @pytest.mark.parametrize(
        ("name", "reason"),
        [
            ("a\0b.yaml", "the path contains a NUL character"),
            ("x" * 300, "the path is too long for the system"),
            ("plain/a.yaml", "a part of the path is not a folder"),
            ("loop", "too many levels of symbolic links (a loop of links?)"),
        ],
    )
    def test_path_problems(self, tmp_path: Path, name: str, reason: str) -> None:
        (tmp_path / "plain").write_text("x")
        (tmp_path / "loop").symlink_to("loop")
        with pytest.raises(FormatError) as info:
            read_bytes(tmp_path / name, None)
        assert info.value.message == f"cannot read it: {reason}"
        assert info.value.source == shown_path(tmp_path / name)
        assert "\0" not in str(info.value)

    def test_dangling_link_is_missing(self, tmp_path: Path) -> None:
        (tmp_path / "a.yaml").symlink_to("nowhere.yaml")
        with pytest.raises(MissingFileError):
            read_bytes(tmp_path / "a.yaml", None)

    @pytest.mark.skipif(os.geteuid() != 0, reason="drops root's privileges")
    def test_permission_denied(self, tmp_path: Path) -> None:
        path = tmp_path / "secret.yaml"
        path.write_text("x")
        path.chmod(0)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            ok = False
            try:
                os.setgid(65534)
                os.setuid(65534)
                read_bytes(path, None)
            except FormatError as err:
                ok = err.message == "cannot read it: permission denied"
            finally:
                os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0

    def test_shown_path(self) -> None:
        assert shown_path("a\x1b[31mb\udcff") == "a\\x1b[31mb\\udcff"
        shown = shown_path("y" * 5000)
        assert shown.endswith("... (5,000 characters)")
        assert len(shown) < 1100


class TestEncodings:
    @pytest.mark.parametrize(
        ("encoding", "message"),
        [
            ("bogus", "unknown encoding 'bogus'"),
            ("utf\0-8", "unknown encoding 'utf\\x00-8'"),
            ("rot13", "'rot13' is not a text encoding"),
            ("base64", "'base64' is not a text encoding"),
            ("zlib", "'zlib' is not a text encoding"),
            ("hex", "'hex' is not a text encoding"),
            ("UTF-7", "the encoding 'UTF-7' is refused: UTF-7 is refused"),
            ("unicode_escape", "the encoding 'unicode_escape' is refused"),
            ("undefined", "the encoding 'undefined' is refused"),
        ],
    )
    def test_refused(self, encoding: str, message: str) -> None:
        with pytest.raises(FormatError) as info:
            decode_text(b"id\n", expected="CSV text", source="s.csv", encoding=encoding)
        assert info.value.source == "s.csv"
        assert info.value.message.startswith(message)

    def test_utf7_smuggling_is_refused(self) -> None:
        # '+ADw-script+AD4-' is '<script>' in UTF-7
        with pytest.raises(FormatError, match="UTF-7"):
            decode_text(b"+ADw-script+AD4-", expected="CSV text", encoding="utf-7")

    @pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "UTF8", "utf_16", "mac-roman"])
    def test_text_encodings_are_accepted(self, encoding: str) -> None:
        assert text_codec(encoding).name
        data = "id\nCafé\n".encode(encoding)
        assert decode_text(data, expected="CSV text", encoding=encoding) == "id\nCafé\n"


class TestWriteErrors:
    def test_missing_folder(self, tmp_path: Path) -> None:
        with pytest.raises(WriteError) as info:
            write_text(tmp_path / "nowhere" / "a.txt", "a")
        assert str(info.value) == (
            f"{tmp_path}/nowhere/a.txt: cannot write it: the folder {tmp_path}/nowhere does not "
            "exist"
        )
        assert isinstance(info.value, OSError)
        assert list(tmp_path.iterdir()) == []

    def test_over_a_directory(self, tmp_path: Path) -> None:
        (tmp_path / "a.txt").mkdir()
        with pytest.raises(WriteError, match="is a directory"):
            write_text(tmp_path / "a.txt", "a")
        assert [tmp_path / "a.txt"] == list(tmp_path.iterdir())

    def test_over_a_named_pipe(self, tmp_path: Path) -> None:
        os.mkfifo(tmp_path / "a.txt")
        with pytest.raises(WriteError, match="it is a named pipe, not a regular file"):
            write_text(tmp_path / "a.txt", "a")
        assert stat.S_ISFIFO((tmp_path / "a.txt").stat().st_mode)

    def test_nul_in_the_path(self, tmp_path: Path) -> None:
        with pytest.raises(WriteError, match="NUL character"):
            write_text(tmp_path / "a\0.txt", "a")

    def test_system_error_names_the_file_and_keeps_it(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_text("old")

        def fail(tmp: Path) -> None:
            tmp.write_text("half")
            raise OSError(errno.ENOSPC, "No space left on device")

        with pytest.raises(WriteError) as info:
            write_atomic(path, fail)
        assert info.value.errno == errno.ENOSPC
        assert str(info.value) == (
            f"{path}: cannot write it: no space left on the device; the file is left as it was"
        )
        assert path.read_text() == "old"
        assert [path] == list(tmp_path.iterdir())

    def test_other_errors_propagate(self, tmp_path: Path) -> None:
        def fail(tmp: Path) -> None:
            raise KeyError("a bug")

        with pytest.raises(KeyError):
            write_atomic(tmp_path / "a.txt", fail)
        assert list(tmp_path.iterdir()) == []

    def test_long_name(self, tmp_path: Path) -> None:
        """The temporary name stays within the 255 bytes of a name, however long the target's."""
        path = tmp_path / ("é" * 120 + ".yaml")
        write_text(path, "a")
        assert path.read_text() == "a"

    def test_pickles(self) -> None:
        err = WriteError("a.txt", "File too large", errno=errno.EFBIG)
        copy = pickle.loads(pickle.dumps(err))
        assert (type(copy), str(copy), copy.errno) == (WriteError, str(err), errno.EFBIG)


@pytest.mark.usefixtures("umask_022")
class TestWriteFiles:
    def test_new_folder(self, tmp_path: Path) -> None:
        write_files(tmp_path / "a" / "b", {"x.csv": b"x", "y.csv": b"y"})
        assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["x.csv", "y.csv"]
        assert mode(tmp_path / "a" / "b") == 0o755
        assert mode(tmp_path / "a" / "b" / "x.csv") == 0o644
        assert [tmp_path / "a" / "b"] == list((tmp_path / "a").iterdir())

    def test_existing_folder_keeps_other_files(self, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("mine")
        (tmp_path / "x.csv").write_text("old")
        write_files(tmp_path, {"x.csv": b"x", "y.csv": b"y"})
        assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {
            "notes.txt": "mine",
            "x.csv": "x",
            "y.csv": "y",
        }

    def test_failure_changes_nothing(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        (tmp_path / "x.csv").write_text("old x")
        (tmp_path / "y.csv").write_text("old y")
        real = Path.write_bytes

        def write_bytes(self: Path, data: bytes) -> int:
            if ".y.csv." in self.name:
                raise OSError(errno.EFBIG, "File too large")
            return real(self, data)

        monkeypatch.setattr(Path, "write_bytes", write_bytes)
        with pytest.raises(WriteError) as info:
            write_files(tmp_path, {"x.csv": b"x", "y.csv": b"y"})
        assert str(info.value).startswith(f"{tmp_path}/y.csv: cannot write it: the file is too")
        assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {
            "x.csv": "old x",
            "y.csv": "old y",
        }

    def test_failure_in_a_new_folder_leaves_nothing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        real = os.fdopen

        def fdopen(fd: int, *args: object, **kwargs: object) -> object:
            if os.readlink(f"/proc/self/fd/{fd}").endswith("/y.csv"):
                os.close(fd)
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(os, "fdopen", fdopen)
        with pytest.raises(WriteError, match=r"y\.csv: cannot write it: no space left"):
            write_files(tmp_path / "bundle", {"x.csv": b"x", "y.csv": b"y"})
        assert list(tmp_path.iterdir()) == []

    def test_a_file_in_the_way(self, tmp_path: Path) -> None:
        (tmp_path / "y.csv").mkdir()
        with pytest.raises(WriteError, match=r"y\.csv: cannot write it: is a directory"):
            write_files(tmp_path, {"x.csv": b"x", "y.csv": b"y"})
        assert sorted(p.name for p in tmp_path.iterdir()) == ["y.csv"]


@pytest.mark.parametrize("bom", ["utf-16-le", "utf-16-be"])
def test_utf16_text_is_called_utf16_not_binary(tmp_path: Path, bom: str) -> None:
    """Excel's "Unicode Text" export is UTF-16 with a byte-order mark, full of NUL bytes: it
    was "a binary file (a NUL byte at offset 3)", with no advice (found by a reviewer)."""
    import codecs

    mark = codecs.BOM_UTF16_LE if bom.endswith("le") else codecs.BOM_UTF16_BE
    text = "schema_version: 1\nname: n\npartners:\n  - {id: p, name: P, sector: other}\n"
    path = tmp_path / "i.yaml"
    path.write_bytes(mark + text.encode(bom))
    with pytest.raises(ci.FormatError) as info:
        ci.load(path)
    message = str(info.value)
    assert "the file is UTF-16 text (it starts with UTF-16's byte-order mark), not UTF-8" in (
        message
    )
    assert "binary" not in message
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "initiative.csv").write_text("key,value\nname,n\n", encoding="utf-8")
    (bundle / "partners.csv").write_bytes(mark + "id,name,sector\np,P,other\n".encode(bom))
    with pytest.raises(ci.CollectiveImpactError) as info:
        ci.read_csv_bundle(bundle)
    assert "partners.csv: the file is UTF-16 text" in str(info.value)
    assert "save it as 'CSV UTF-8'" in str(info.value)


class TestWhatThePathIsComesFirst:
    """A folder or a missing file without a known suffix was reported as "cannot tell the format
    from the suffix '(none)'": what the path is comes before what its name suggests."""

    def test_load_a_folder(self, tmp_path: Path) -> None:
        with pytest.raises(FormatError) as info:
            ci.load(tmp_path)
        assert str(info.value) == (
            f"{tmp_path}: is a directory, not a file (a folder of CSV tables is read by "
            "read_csv_bundle)"
        )

    def test_load_a_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(MissingFileError, match="nowhere: no such file"):
            ci.load(tmp_path / "nowhere")

    def test_an_unknown_suffix_is_still_named(self, tmp_path: Path) -> None:
        (tmp_path / "a.txt").write_text("name: A\n", encoding="utf-8")
        with pytest.raises(FormatError, match=r"cannot tell the format from the suffix '\.txt'"):
            ci.load(tmp_path / "a.txt")

    def test_dump_onto_a_folder(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        with pytest.raises(WriteError) as info:
            ci.dump(init, tmp_path)
        assert str(info.value) == f"{tmp_path}: cannot write it: is a directory, not a file"
        assert list(tmp_path.iterdir()) == []


class TestNativeFirstKey:
    """Whether an existing file reads as a native initiative, from its first 64 KiB only: what
    an export or result of a ``.json`` name checks before it replaces the file."""

    def test_the_first_key_of_a_native_file(self, tmp_path: Path) -> None:
        path = tmp_path / "i.json"
        ci.dump(ci.load_example("workforce"), path)
        assert _files.native_first_key(path) == "schema_version"
        path.write_text('{"elements": [], "schema_version": 1}', encoding="utf-8")
        assert _files.native_first_key(path) is None  # a Kumu blueprint: no native file

    def test_only_the_start_is_read(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A 3 MB file is read up to 64 KiB: a first key after 64 KiB of spaces is not seen,
        and no read asks for more."""
        path = tmp_path / "big.json"
        path.write_bytes(b"{" + b" " * (3 * 1024 * 1024) + b'"schema_version": 1}')
        asked: list[int] = []
        opened = _files.open_regular

        @contextlib.contextmanager
        def counting(p: Path) -> Iterator[tuple[BinaryIO, int]]:
            with opened(p) as (handle, size):
                read = handle.read

                def bounded(n: int = -1) -> bytes:
                    asked.append(n)
                    return read(n)

                handle.read = bounded  # type: ignore[method-assign]
                yield handle, size

        monkeypatch.setattr(_files, "open_regular", counting)
        assert _files.native_first_key(path) is None
        assert asked == [64 * 1024]

    def test_what_is_no_file_is_left_to_the_writer(self, tmp_path: Path) -> None:
        """Nothing there, a folder, a named pipe (never opened to block): not an initiative;
        the writer then says why it cannot write (or writes a new file). Through a symbolic
        link, the file it leads to is read."""
        fifo = tmp_path / "fifo.json"
        os.mkfifo(fifo)
        (tmp_path / "folder.json").mkdir()
        for name in ("none.json", "folder.json", "fifo.json"):
            assert _files.native_first_key(tmp_path / name) is None
        ci.dump(ci.load_example("workforce"), tmp_path / "i.json")
        (tmp_path / "link.json").symlink_to("i.json")
        assert _files.native_first_key(tmp_path / "link.json") == "schema_version"
        with pytest.raises(WriteError, match="it holds an initiative"):
            ci.assess(ci.load_example("workforce")).to_json(tmp_path / "link.json")
        assert ci.load(tmp_path / "i.json").name == ci.load_example("workforce").name


class TestNamesAsGiven:
    r"""A line break or tab in a name reached the output raw (``escape`` keeps them in text),
    and ``now.yaml/`` was read as ``now.yaml`` (found by a reviewer of the command line)."""

    def test_shown_path_escapes_line_breaks_and_tabs(self) -> None:
        assert shown_path("nl\nx\r\ty.yaml") == "nl\\nx\\r\\ty.yaml"

    @pytest.mark.parametrize(
        ("error", "shown"),
        [
            (MissingFileError("a\nb.yaml"), "a\\nb.yaml: no such file"),
            (WriteError("a\nb.yaml", "no space"), "a\\nb.yaml: cannot write it: no space"),
            (FormatError("bad", source="a\nb.yaml", line=2), "a\\nb.yaml, line 2: bad"),
            (
                ci.ValidationError([("name", "required")], source="a\tb.yaml"),
                "1 problem in a\\tb.yaml:\n  name: required",
            ),
        ],
    )  # fmt: skip
    def test_errors_show_their_source_escaped(self, error: Exception, shown: str) -> None:
        assert str(error) == shown

    def test_errors_keep_their_source_as_given(self) -> None:
        assert FormatError("bad", source="a\nb.yaml").source == "a\nb.yaml"

    def test_every_reader_refuses_a_file_named_as_a_folder(self, tmp_path: Path) -> None:
        from collective_impact.io.survey import read_partner_survey
        from collective_impact.io.workbook import read_workbook

        init = ci.load_example("workforce")
        files = {
            "now.yaml": ci.load,
            "bundle.zip": ci.read_csv_bundle,
            "survey.csv": lambda p: read_partner_survey(p, init),
            "iati.xml": ci.from_iati,
            "w.xlsx": read_workbook,
            "config.toml": _files_read_tree,
        }
        for name, read in files.items():
            (tmp_path / name).write_text("")
            with pytest.raises(FormatError) as info:
                read(f"{tmp_path / name}/")
            assert info.value.source == f"{tmp_path / name}/", name
            assert info.value.message == (
                "not a directory: the path ends with '/', as a folder's does, but this is a "
                "file; leave the '/' out"
            ), name
        with pytest.raises(FormatError):
            ci.from_iati([tmp_path / "iati.xml", f"{tmp_path / 'iati.xml'}/"])

    def test_a_folder_named_with_its_slash_is_read(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        ci.write_csv_bundle(init, tmp_path / "bundle")
        assert ci.read_csv_bundle(f"{tmp_path / 'bundle'}/") == init
        with pytest.raises(MissingFileError):
            ci.load(f"{tmp_path / 'nowhere.yaml'}/")


def _files_read_tree(path: str) -> object:
    from collective_impact.io.native import read_tree

    return read_tree(path)


class TestNumpyLimits:
    """``max_bytes=np.int64(10**6)`` was refused, "must be a whole number or None", where a
    batch took ``max_pending=np.int64(2)`` (found by a reviewer of the batch runs): a limit
    computed with NumPy is a whole number. Every reader's limits are checked by the one
    ``check_limits``, which reads them with ``int()``/``float()``."""

    def test_check_limits_reads_numpy_numbers_as_pythons(self) -> None:
        import numpy as np

        checked = _files.check_limits(
            max_bytes=np.int64(10**6), max_elements=np.int32(5), max_ratio=np.int64(100)
        )
        assert checked == (10**6, 5, 100)
        assert [type(v) for v in checked] == [int, int, int]
        assert _files.check_limits(max_ratio=np.float32(2.5), max_bytes=None) == (2.5, None)
        for limit in (True, np.bool_(True), "10", 1.0, np.float64(10.0)):
            with pytest.raises(ci.ArgumentTypeError, match="max_bytes must be an integer"):
                _files.check_limits(max_bytes=limit)
        for limit in (np.int64(0), np.int64(-1)):
            with pytest.raises(ci.ArgumentValueError, match="max_bytes must be at least 1"):
                _files.check_limits(max_bytes=limit)
        with pytest.raises(ci.ArgumentValueError, match="max_ratio must be a finite number"):
            _files.check_limits(max_ratio=np.int64(0))
        with pytest.raises(ci.ArgumentTypeError, match="max_ratio must be a number"):
            _files.check_limits(max_ratio=True)
        assert _files.check_limits(max_ratio=10**400) == (10**400,)  # not an OverflowError

    def test_every_reader_takes_a_numpy_limit(self, tmp_path: Path) -> None:
        import numpy as np

        from collective_impact.io.native import read_tree

        init = ci.load_example("workforce")
        native = tmp_path / "w.yaml"
        ci.dump(init, native)
        ci.write_csv_bundle(init, tmp_path / "w.zip")
        limit = np.int64(10**7)
        assert ci.load(native, max_bytes=limit) == init
        assert read_tree(native, max_bytes=limit)["name"] == init.name
        assert ci.read_csv_bundle(tmp_path / "w.zip", max_bytes=limit, max_ratio=limit) == init
        iati = Path(__file__).parent / "data" / "iati" / "dportal__LB-MOI-497.xml"
        assert ci.from_iati(iati, max_bytes=limit, max_elements=limit)[0].name
        with pytest.raises(FormatError, match="more than the limit of 10;"):
            ci.load(native, max_bytes=np.int64(10))

    def test_read_tree_checks_its_limit(self, tmp_path: Path) -> None:
        """``read_tree(path, max_bytes="x")`` raised a bare TypeError ("'>' not supported")."""
        from collective_impact.io.native import read_tree

        path = tmp_path / "c.yaml"
        path.write_text("a: 1\n", encoding="utf-8")
        with pytest.raises(ci.ArgumentTypeError, match="max_bytes must be an integer"):
            read_tree(path, max_bytes="x")  # type: ignore[arg-type]
        with pytest.raises(ci.ArgumentValueError, match="max_bytes must be at least 1"):
            read_tree(path, max_bytes=0)
