"""second-look-cli check-library [--repair] [--json]: exit 0 when healthy, 1 otherwise."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from importing_helpers import run_import_and_pass
from test_integrity_damage import flip_one_bit

from organizer.cli import main
from organizer.core.derived import print_copy_path, thumbnail_path
from organizer.core.integrity import check_library
from organizer.core.library import Library
from organizer.core.records import DocumentFile


@pytest.fixture
def filled(library_dir: Path, samples: Path) -> Path:
    with Library.open(library_dir) as library:
        run_import_and_pass(
            library,
            samples / "pdf" / "google-doc-document.pdf",
            samples / "images" / "hopper.png",
        )
    return library_dir


def _cli(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str]:
    code = main(["--library", str(root), "check-library", *args])
    return code, capsys.readouterr().out


def test_a_healthy_library_exits_0(capsys: pytest.CaptureFixture[str], filled: Path) -> None:
    code, out = _cli(capsys, filled)
    assert code == 0
    assert out.strip().splitlines()[-1] == "checked 2 stored files: the library is healthy"
    code, out = _cli(capsys, filled, "--json")
    assert code == 0 and json.loads(out)["healthy"] is True


def _spoil(root: Path) -> tuple[Path, str]:
    """An orphan, a leftover, a stray and a damaged print copy, and a damaged original."""
    with Library.open(root, lock=False) as library:
        pdf = next(f for f in library.select(DocumentFile) if f.media_type == "application/pdf")
        png = next(f for f in library.select(DocumentFile) if f.media_type == "image/png")
    orphan = root / "files" / ("ab" * 32)[:2] / ("ab" * 32)
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"a file no document uses")
    (root / ".tmp-0123456789ab-library.sqlite").write_bytes(b"copy left by a killed backup")
    stray = thumbnail_path(root, "cd" * 32)
    stray.write_bytes(b"thumbnail of nothing")
    flip_one_bit(print_copy_path(root, png.sha256))
    damaged = root / "files" / pdf.sha256[:2] / pdf.sha256
    flip_one_bit(damaged)
    root.chmod(0o755)
    return damaged, png.sha256


def test_problems_are_named_and_safe_ones_repaired(
    capsys: pytest.CaptureFixture[str], filled: Path
) -> None:
    damaged, png_sha = _spoil(filled)
    code, out = _cli(capsys, filled, "--json")
    assert code == 1
    report = json.loads(out)
    kinds = sorted(problem["kind"] for problem in report["problems"])
    assert kinds == [
        "damaged-file", "derived-file", "derived-file", "leftover", "orphan-file", "permissions",
    ]  # fmt: skip
    damaged_line = next(p for p in report["problems"] if p["kind"] == "damaged-file")
    assert '"PDF Example Document" (number 1) is damaged' in damaged_line["message"]
    assert not damaged_line["repairable"]

    code, out = _cli(capsys, filled, "--repair")
    assert code == 1  # the damaged original is not something a repair can make up
    assert out.count("repaired: ") == 5
    assert "problem: the stored copy of the document" in out
    assert damaged.exists()  # a person's document is never removed
    assert not print_copy_path(filled, png_sha).exists()  # made again when needed
    with Library.open(filled, lock=False) as library:
        remaining = check_library(library).findings
    assert [finding.kind for finding in remaining] == ["damaged-file"]


def test_a_broken_database_is_reported(capsys: pytest.CaptureFixture[str], filled: Path) -> None:
    connection = sqlite3.connect(filled / "library.sqlite")
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("INSERT INTO document_files (document_id, sha256, size) VALUES (999, ?, 1)",
                       ("ef" * 32,))  # fmt: skip
    connection.commit()
    connection.close()
    code, out = _cli(capsys, filled)
    assert code == 1
    assert "1 row(s) of document_files refer to records that no longer exist" in out
    assert "is missing" in out
