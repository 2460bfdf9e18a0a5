"""Zip members that lie about their size are capped while they decompress (issue 13, 1)."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hostile_zips import lying_zip
from importing_helpers import assert_consistent, by_name, run_import

from organizer.core.boundedzip import UnsafeZip, open_bounded
from organizer.core.importing import Outcome
from organizer.core.library import Library

EXPANDED = 48 * 1024**2  # what the lying member really holds
METHODS = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
GOOD = b"Visit summary: all good.\n" * 20


@pytest.fixture(scope="module")
def zeros() -> bytes:
    return bytes(EXPANDED)


@pytest.mark.parametrize("method", METHODS)
def test_a_lying_member_is_refused_without_expanding_in_memory(
    method: int, zeros: bytes, tmp_path: Path, library: Library, library_dir: Path
) -> None:
    bomb = tmp_path / "portal.zip"
    bomb.write_bytes(lying_zip(method, zeros, 1000, good=GOOD))
    tracemalloc.start()
    try:
        summary = run_import(library, bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    outcomes = by_name(summary)
    assert outcomes["good.txt"].outcome is Outcome.IMPORTED
    assert outcomes["bomb.txt"].outcome is Outcome.REJECTED
    assert "more than its header says" in outcomes["bomb.txt"].reason
    assert peak < EXPANDED // 4, f"{peak} bytes held while reading a lying member"
    assert_consistent(library_dir)


@pytest.mark.parametrize("method", METHODS)
def test_a_member_shorter_than_declared_is_damaged(method: int, tmp_path: Path) -> None:
    path = tmp_path / "short.zip"
    path.write_bytes(lying_zip(method, b"x" * 100, 5000))
    with zipfile.ZipFile(path) as archive:
        handle = open_bounded(archive, archive.getinfo("bomb.txt"), 10**6)
        with handle, pytest.raises(zipfile.BadZipFile, match="cut short"):
            handle.read()


def test_the_caller_cap_holds_even_when_the_header_is_honest(tmp_path: Path) -> None:
    path = tmp_path / "honest.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("big.txt", b"y" * 10_000, compress_type=zipfile.ZIP_BZIP2)
    with zipfile.ZipFile(path) as archive:
        handle = open_bounded(archive, archive.getinfo("big.txt"), 4096)
        with handle, pytest.raises(UnsafeZip):
            handle.read()
