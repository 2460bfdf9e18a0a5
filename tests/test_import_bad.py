"""Every hostile or broken sample gets its own specific outcome; the batch goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from importing_helpers import assert_consistent, run_import

from organizer.core.importing import Outcome
from organizer.core.library import Library
from organizer.core.records import PASSWORD_PROTECTED, Document

BAD = Path(__file__).parent / "data" / "samples" / "bad"

# file -> (outcome, words the one-line reason or note must contain)
EXPECTED: dict[str, tuple[Outcome, str]] = {
    "ccda_empty__Sample_blank_Empty_Document.xml": (Outcome.REJECTED, "empty (0 bytes)"),
    "ccda_fragment__Sample_invalid-SnippetOnly.xml": (Outcome.REJECTED, "not well-formed"),
    "ccda_not_cda__Sample_basicHTML.xml": (Outcome.IMPORTED, "a web page"),
    "dicom_bad__meta_missing_tsyntax.dcm": (Outcome.REJECTED, "DICOM header is damaged"),
    "dicom_truncated__MR_truncated.dcm": (Outcome.REJECTED, "cut short"),
    "dicom_truncated__rtplan_truncated.dcm": (Outcome.REJECTED, "cut short"),
    "dicomdir_bad__DICOMDIR-nooffset": (Outcome.REJECTED, "lacks its offsets"),
    "dicomdir_bad__DICOMDIR-nopatient": (Outcome.REJECTED, "unknown type 'UNKNOWN'"),
    "img_bomb__decompression_bomb.gif": (Outcome.REJECTED, "decompression bomb"),
    "img_bomb__png_decompression_dos.png": (Outcome.REJECTED, "decompression bomb"),
    "img_broken__broken_data_stream.png": (Outcome.REJECTED, "image data is damaged"),
    "img_truncated__truncated.heic": (Outcome.REJECTED, "end of file"),
    "img_truncated__truncated_end_chunk.png": (Outcome.REJECTED, "cut short"),
    "img_truncated__truncated_jpeg.jpg": (Outcome.REJECTED, "cut short"),
    "img_truncated__ultrahdr.jpg": (Outcome.REJECTED, "cut short"),
    "pdf_encrypted__libreoffice-writer-password.pdf": (
        Outcome.IMPORTED,
        "specialist may not be able to open it",
    ),
    "pdf_encrypted__r4-aes-user-password.pdf": (
        Outcome.IMPORTED,
        "specialist may not be able to open it",
    ),
    "pdf_malformed__append-xref-loop.pdf": (Outcome.IMPORTED, ""),
    "pdf_malformed__bad-xref.pdf": (Outcome.IMPORTED, ""),
    "pdf_malformed__bad1.pdf": (Outcome.REJECTED, "the name says a PDF, but the content is plain"),
    "pdf_malformed__damaged-stream.pdf": (Outcome.IMPORTED, ""),
    "pdf_malformed__pages-loop.pdf": (Outcome.IMPORTED, ""),
    "xml_bomb__quadratic.xml": (Outcome.REJECTED, "XML bomb"),
    "xml_bomb__xmlbomb.xml": (Outcome.REJECTED, "XML bomb"),
    "xml_xxe__external.xml": (Outcome.REJECTED, "external entity"),
    "zip_bomb__zbsm.zip": (Outcome.REJECTED, "zip bomb"),
    "zip_truncated__empty_0_bytes.zip": (Outcome.REJECTED, "empty (0 bytes)"),
}

ZIP_ENTRIES: dict[str, list[tuple[str, Outcome, str]]] = {
    "xdm_malformed_ccda__NegativeInpatientProperlyFormed.zip": [
        ("IHE_XDM/SUBSET01/INPPROPFORM.XML", Outcome.REJECTED, "not well-formed (line 102"),
        ("IHE_XDM/SUBSET01/METADATA.XML", Outcome.SKIPPED, "XDM package's index"),
        ("INDEX.HTM", Outcome.SKIPPED, "XDM package"),
        ("README.TXT", Outcome.SKIPPED, "XDM package"),
    ],
    "zip_encrypted__TestDataEncryptedZipCrypto.zip": [
        ("TestData/Lorem.txt", Outcome.REJECTED, "password-protected"),
        ("TestData/Foo/Lorem.txt", Outcome.REJECTED, "password-protected"),
        ("TestData/Foo/Bar/Lorem.txt", Outcome.REJECTED, "password-protected"),
    ],
    "zip_slip__absolute path atxt.zip": [
        ("/atxt", Outcome.REJECTED, "absolute path"),
        ("b.txt", Outcome.IMPORTED, ""),
    ],
    "zip_slip__zip-slip-win.zip": [
        ("good.txt", Outcome.IMPORTED, ""),
        (
            "../" * 40 + "Temp/evil.txt",
            Outcome.REJECTED,
            "points outside the archive",
        ),
    ],
    "zip_slip__zip-slip.zip": [
        ("good.txt", Outcome.IMPORTED, ""),
        ("../" * 40 + "tmp/evil.txt", Outcome.REJECTED, "points outside the archive"),
    ],
}


def test_every_bad_sample_is_covered() -> None:
    assert {p.name for p in BAD.iterdir()} == set(EXPECTED) | set(ZIP_ENTRIES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_alone(library: Library, name: str) -> None:
    expected, words = EXPECTED[name]
    summary = run_import(library, BAD / name)
    assert len(summary.outcomes) == 1
    outcome = summary.outcomes[0]
    assert outcome.outcome is expected, outcome.line()
    assert words in outcome.line()
    assert outcome.line().startswith(str(BAD / name) + ": ")
    assert "\n" not in outcome.line()
    if expected is Outcome.REJECTED:
        assert library.select(Document) == []
    assert_consistent(library.root)


@pytest.mark.parametrize("name", sorted(ZIP_ENTRIES))
def test_bad_zip_entries(library: Library, name: str) -> None:
    summary = run_import(library, BAD / name)
    found = {o.path.removeprefix(f"{BAD / name}/"): o for o in summary.outcomes}
    assert len(found) == len(ZIP_ENTRIES[name])
    for entry, expected, words in ZIP_ENTRIES[name]:
        assert found[entry].outcome is expected, found[entry].line()
        assert words in found[entry].line()
    assert_consistent(library.root)


def test_password_protected_pdf_is_flagged(library: Library) -> None:
    summary = run_import(library, BAD / "pdf_encrypted__r4-aes-user-password.pdf")
    document = library.get(Document, summary.outcomes[0].document_id or 0)
    assert PASSWORD_PROTECTED in document.flag_set and document.page_count is None


def test_whole_bad_folder_in_one_batch(library: Library, samples: Path) -> None:
    """Nothing stops the batch: the good files after the bad ones still come in."""
    summary = run_import(library, BAD, samples / "pdf")
    rejected = sum(1 for outcome, _ in EXPECTED.values() if outcome is Outcome.REJECTED)
    rejected += sum(
        1 for rows in ZIP_ENTRIES.values() for row in rows if row[1] is Outcome.REJECTED
    )
    assert summary.rejected == rejected
    assert summary.count(Outcome.IMPORTED) >= 8 + 8
    assert_consistent(library.root)
