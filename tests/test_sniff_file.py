"""One sniffer tells a stored file's type for import, export and the preview alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from organizer.core.export.plan import media_type_of
from organizer.core.importing.sniff import media_type_of_file
from organizer.core.records import DocumentFile

SAMPLES = Path(__file__).parent / "data" / "samples"


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("pdf/hl7__UD_sample.pdf", "application/pdf"),
        ("images/Portrait_1.jpg", "image/jpeg"),
        ("dicom/CT_small.dcm", "application/dicom"),
        ("dicom/no_meta.dcm", "application/dicom"),  # no preamble: the header check finds it
        ("ccda/hl7__Progress_Note.xml", "application/xml"),
    ],
)
def test_a_file_without_a_recorded_type_or_name_is_known_by_its_bytes(
    sample: str, expected: str, tmp_path: Path
) -> None:
    stored = tmp_path / "ab" / ("0" * 64)  # the file store keeps no extension
    stored.parent.mkdir()
    shutil.copy(SAMPLES / sample, stored)
    assert media_type_of_file(stored) == expected
    record = DocumentFile(document_id=1, sha256="0" * 64, size=stored.stat().st_size)
    assert media_type_of(record, stored) == expected


def test_a_missing_file_is_an_unknown_type(tmp_path: Path) -> None:
    assert media_type_of_file(tmp_path / "gone") == "application/octet-stream"
