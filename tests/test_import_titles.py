"""Titles from what a document is, and dates from camera file names (issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from importing_helpers import by_name, run_import

from organizer.core.dates import PartialDate
from organizer.core.importing.naming import (
    date_from_file_name,
    meaningful_title,
    name_says_what,
    title_for,
)
from organizer.core.library import Library
from organizer.core.records import Document
from organizer.core.vocab import Category


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("IMG_20260315_142233.jpg", "2026-03-15"),
        ("PXL_20250102_093011123.jpg", "2025-01-02"),
        ("Screenshot_20240607-101112.png", "2024-06-07"),
        ("Screenshot 2024-06-07 at 10.11.12.png", "2024-06-07"),
        ("WhatsApp Image 2023-11-30 at 08.15.00.jpeg", "2023-11-30"),
        ("Scan 2022-02-28.pdf", "2022-02-28"),
        ("IMG_20261399_000000.jpg", None),  # no month 13
        ("IMG_0042.jpg", None),
        ("lab results.pdf", None),
        ("IMG_20990101_000000.jpg", None),  # the future
    ],
)
def test_dates_from_camera_and_scanner_file_names(name: str, expected: str | None) -> None:
    found = date_from_file_name(name)
    assert (found.to_storage() if found else None) == expected


@pytest.mark.parametrize(
    ("metadata", "kept"),
    [
        ("Binder1.pdf", ""),
        ("Binder1", ""),
        ("Microsoft Word - letter.docx", ""),
        ("Untitled", ""),
        ("Untitled-3", ""),
        ("PowerPoint Presentation", ""),
        ("Document1", ""),
        ("scan0001", ""),
        ("12345", ""),
        ("", ""),
        ("Pathology report, left breast core biopsy", "Pathology report, left breast core biopsy"),
        ("Microsoft Word - Letter to Dr Okafor", "Letter to Dr Okafor"),
    ],
)
def test_pdf_metadata_titles_that_are_file_names_or_defaults_are_dropped(
    metadata: str, kept: str
) -> None:
    assert meaningful_title(metadata) == kept


@pytest.mark.parametrize(
    ("stem", "says"),
    [
        ("IMG 20260315 142233", False),
        ("PXL 20250102 093011123", False),
        ("Binder1", False),
        ("scan0001", False),
        ("download (3)", False),
        ("CT chest report", True),
        ("Seige of Vicksburg Sample OCR", True),
        ("IMG 20260315 rash on arm", True),
    ],
)
def test_which_file_names_say_what_a_document_is(stem: str, says: bool) -> None:
    assert name_says_what(stem) is says


def test_a_title_from_type_and_date_when_the_name_says_nothing() -> None:
    day = PartialDate(2026, 1, 12)
    assert title_for(Category.LAB_RESULT, day, "Binder1") == "Lab result, 12 January 2026"
    assert title_for(Category.OTHER, day, "IMG 20260112 101010", "Photo") == (
        "Photo, 12 January 2026"
    )
    assert title_for(Category.OTHER, None, "scan0001") == "Document"
    assert title_for(Category.LAB_RESULT, day, "Cholesterol results") == "Cholesterol results"


def _imported(library: Library, folder: Path, name: str) -> Document:
    summary = run_import(library, folder)
    outcome = by_name(summary)[name]
    assert outcome.document_id is not None
    return library.get(Document, outcome.document_id)


def test_a_photo_without_exif_is_dated_and_titled_from_its_camera_name(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "phone"
    folder.mkdir()
    shutil.copy(samples / "images" / "hopper.png", folder / "IMG_20260315_142233.png")
    photo = _imported(library, folder, "IMG_20260315_142233.png")
    assert photo.date == PartialDate(2026, 3, 15)
    assert not photo.date_confirmed
    assert "file name" in photo.guess_reason
    assert photo.title == "Photo, 15 March 2026"


def test_a_pdf_titled_binder1_gets_a_title_from_what_it_is(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "portal"
    folder.mkdir()
    source = samples / "pdf" / "Seige_of_Vicksburg_Sample_OCR.pdf"  # metadata title Binder1.pdf
    shutil.copy(source, folder / "Binder1.pdf")
    document = _imported(library, folder, "Binder1.pdf")
    assert document.title == "Document, 2 August 2010"  # its type is unknown; its date is not


def test_a_pdf_named_for_what_it_is_keeps_its_name_over_binder1(
    library: Library, samples: Path
) -> None:
    document = _imported(
        library,
        samples / "pdf" / "Seige_of_Vicksburg_Sample_OCR.pdf",
        "Seige_of_Vicksburg_Sample_OCR.pdf",
    )
    assert document.title == "Seige of Vicksburg Sample OCR"
