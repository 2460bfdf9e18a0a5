"""DICOM with the deflated transfer syntax is read, checked whole and bounded
(issue 13, point 9)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pydicom
import pytest
from importing_helpers import run_import
from pydicom.uid import DeflatedExplicitVRLittleEndian

from organizer.core.importing import Outcome, dicom
from organizer.core.importing.dicom import DicomHeader, DicomRefused, read_header
from organizer.core.library import Library


def deflated_copy(samples: Path) -> bytes:
    """CT_small.dcm written again with the deflated transfer syntax (1.2.840.10008.1.2.1.99)."""
    dataset = pydicom.dcmread(samples / "dicom" / "CT_small.dcm")
    dataset.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
    out = io.BytesIO()
    dataset.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _header(path: Path) -> DicomHeader:
    header = read_header(path, path.read_bytes()[:4096])
    assert isinstance(header, DicomHeader)
    return header


def test_a_deflated_dicom_file_is_read(samples: Path, tmp_path: Path) -> None:
    path = tmp_path / "deflated.dcm"
    path.write_bytes(deflated_copy(samples))
    header = _header(path)
    assert header.modality == "CT"
    assert header.study_uid == "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"
    assert header.is_image


def test_a_deflated_dicom_file_imports_as_an_imaging_study(
    samples: Path, tmp_path: Path, library: Library
) -> None:
    path = tmp_path / "IM0001"
    path.write_bytes(deflated_copy(samples))
    (outcome,) = run_import(library, path).outcomes
    assert outcome.outcome is Outcome.IMPORTED, outcome.line()


def test_a_deflated_file_cut_short_is_refused(samples: Path, tmp_path: Path) -> None:
    data = deflated_copy(samples)
    path = tmp_path / "cut.dcm"
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(DicomRefused, match="cut short"):
        _header(path)


def test_a_deflated_bomb_is_refused_before_pydicom_inflates_it(
    samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = deflated_copy(samples)
    start = 144 + int.from_bytes(data[140:144], "little")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    bomb = compressor.compress(bytes(4 * 1024**2)) + compressor.flush()
    path = tmp_path / "bomb.dcm"
    path.write_bytes(data[:start] + bomb)
    monkeypatch.setattr(dicom, "MAX_INFLATED", 1024**2)
    with pytest.raises(DicomRefused, match="compression bomb"):
        _header(path)
