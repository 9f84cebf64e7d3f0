"""Tests of the shared file plumbing of the readers and writers (collective_impact.io._files)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import collective_impact as ci
from collective_impact.errors import FormatError, MissingFileError
from collective_impact.io._files import (
    check_text,
    decode_text,
    read_bytes,
    read_text,
    write_atomic,
    write_bytes,
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


class TestDecodeText:
    def test_byte_order_mark_is_skipped(self) -> None:
        assert decode_text(b"\xef\xbb\xbfid\r\n", expected="CSV text") == "id\r\n"

    def test_workbook(self) -> None:
        with pytest.raises(FormatError) as info:
            decode_text(b"PK\x03\x04\0\0", expected="CSV text", advice="; save it as CSV")
        assert (
            info.value.message == "this is an Excel workbook (.xlsx), not CSV text; save it as CSV"
        )

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

    def test_text_is_utf8_as_given(self, tmp_path: Path) -> None:
        write_text(tmp_path / "a.txt", "é\n")
        assert "é\n".encode() == (tmp_path / "a.txt").read_bytes()


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

    @pytest.mark.parametrize("export", ["to_kumu", "to_cids", "to_graphml", "to_gexf"])
    def test_exports(self, tmp_path: Path, export: str) -> None:
        getattr(ci, export)(ci.load_example("workforce"), tmp_path / "w.out")
        assert mode(tmp_path / "w.out") == 0o644
        assert [tmp_path / "w.out"] == list(tmp_path.iterdir())
