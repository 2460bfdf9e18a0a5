"""The small holes of issue 13, point 10: NULs from files, a library imported into
itself, a CLI whose reader goes away, and the lock message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from importing_helpers import assert_consistent, by_name, run_import

from organizer.core.errors import LibraryLocked
from organizer.core.export import ExportOptions, export_packet
from organizer.core.importing import Outcome
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, Packet, Person

REPO = Path(__file__).resolve().parent.parent


def test_a_nul_in_a_pdf_title_reaches_neither_database_nor_index(
    library: Library, tmp_path: Path
) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Title"] = pikepdf.String("Lab\x00 results\x07 March")
    pdf.save(tmp_path / "labs.pdf")
    run_import(library, tmp_path / "labs.pdf")
    (document,) = library.select(Document)
    assert document.title == "Lab results March"
    raw = library._db.conn.execute("SELECT count(*) FROM documents WHERE instr(title, char(0))")
    assert raw.fetchone()[0] == 0
    packet_id = library.add_packet(Packet(person_id=document.person_id, title="Opinion"))
    stick = tmp_path / "stick"
    stick.mkdir()
    result = export_packet(library, packet_id, stick, ExportOptions(), JobContext())
    index = (result.folder / "index.html").read_bytes()
    assert b"\x00" not in index and b"Lab results March" in index


def test_the_library_is_not_imported_into_itself(
    library: Library, library_dir: Path, tmp_path: Path, samples: Path
) -> None:
    run_import(library, samples / "pdf" / "google-doc-document.pdf")
    outcome = run_import(library, library_dir).outcomes[0]
    assert outcome.outcome is Outcome.SKIPPED
    assert "Second Look library itself" in outcome.reason
    inside = run_import(library, library_dir / "library.sqlite").outcomes[0]
    assert inside.outcome is Outcome.SKIPPED
    assert_consistent(library_dir)


def test_a_folder_holding_the_library_skips_the_library(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "scans").mkdir(parents=True)
    (home / "scans" / "note.txt").write_text("Visit summary.", encoding="utf-8")
    with Library.open(home / "records") as library:
        outcomes = by_name(run_import(library, home))
        assert outcomes["note.txt"].outcome is Outcome.IMPORTED
        assert outcomes["records"].outcome is Outcome.SKIPPED
        assert "library.sqlite" not in outcomes
        assert len(library.select(Document)) == 1


def test_a_closed_pipe_ends_the_cli_quietly(tmp_path: Path) -> None:
    library = tmp_path / "records"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cli = [sys.executable, "-m", "organizer.cli", "--library", str(library)]
    with Library.open(library) as opened, opened.transaction():
        for number in range(3000):  # far more than one pipe buffer of output
            opened.add(Person(name=f"Someone {number}"))
    reader = subprocess.Popen(
        [*cli, "list", "people"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.readline()
    reader.stdout.close()  # what `| head -1` does
    errors = reader.stderr.read().decode()
    reader.wait(60)
    assert "Broken pipe" not in errors and "Traceback" not in errors, errors
    assert reader.returncode in (0, 1)


def test_the_lock_message_fits_a_command_line_user(library_dir: Path) -> None:
    with Library.open(library_dir), pytest.raises(LibraryLocked) as refused:
        Library.open(library_dir)
    assert "second-look-cli command" in str(refused.value)
