"""A table cell longer than a page: the packet is still written, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from organizer.core.dates import PartialDate
from organizer.core.export.layout import IN_FULL, Pages, cut_at_word
from organizer.core.library import Library
from organizer.core.records import Event, Person
from organizer.core.sample_packet import ensure_sample_library
from organizer.core.vocab import EventKind
from tests.test_cli import run

LONG_NOTE = "The biopsy was talked through at length. " * 300 + "END-OF-NOTE"


def _flat(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_a_timeline_note_longer_than_a_page_is_printed_in_full_after_the_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    ensure_sample_library(folder)
    with Library.open(folder) as library:
        person = library.select(Person)[0]
        assert person.id is not None
        library.add(
            Event(
                person_id=person.id,
                date=PartialDate.parse("2026-01-02"),
                kind=EventKind.SYMPTOM,
                title="Long talk",
                details=LONG_NOTE,
            )
        )
    out = tmp_path / "out"
    out.mkdir()

    code, _, err = run(capsys, folder, "export", "--packet", "1", "--to", str(out))

    assert code == 0, err
    text = _flat(next(out.glob("*/SecondOpinion_*.pdf")))
    assert IN_FULL.strip() in text
    assert "Long talk · Details: The biopsy was talked through" in text
    assert "END-OF-NOTE" in text  # the whole note, after the table
    assert text.count("END-OF-NOTE") == 1  # and only there: the cell was cut


def test_every_cell_of_a_grid_fits_a_page(tmp_path: Path) -> None:
    pdf = Pages("x")
    pdf.add_page()
    word = "pneumonoultramicroscopic "
    pdf.grid(["A", "B", "C"], [["short", word * 2000, "x" * 9000]], (10, 30, 10))
    target = tmp_path / "grid.pdf"
    pdf.output(str(target))
    text = _flat(target)
    assert text.count(IN_FULL.strip()) == 2
    assert "short · A: " not in text  # the label names the cut column, not its neighbour
    assert "short · B: pneumonoultramicroscopic" in text
    assert "short · C: xxxx" in text


def test_cut_at_word() -> None:
    assert cut_at_word("one two three", None) == "one two three"
    assert cut_at_word("one two three", 13) == "one two three"
    assert cut_at_word("one two, three", 10) == "one two …"
    assert cut_at_word("abcdefghij", 4) == "abcd …"
