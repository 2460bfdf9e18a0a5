"""DICOM headers (never pixel data) and DICOMDIR indexes, read with pydicom.

Only the header is parsed (``stop_before_pixels``, large values deferred). A file cut
short in its pixel data is caught by comparing the declared pixel-data length with what
is left in the file, so a damaged image is refused without decoding it.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pydicom
from pydicom.errors import InvalidDicomError

from organizer.core.importing.sniff import dicom_offset

DICOMDIR_CLASS = "1.2.840.10008.1.3.10"
PIXEL_DATA = 0x7FE00010
RECORD_TYPES = frozenset(
    {"PATIENT", "STUDY", "SERIES", "IMAGE", "RT DOSE", "RT STRUCTURE SET", "RT PLAN",
     "RT TREAT RECORD", "PRESENTATION", "WAVEFORM", "SR DOCUMENT", "KEY OBJECT DOC",
     "SPECTROSCOPY", "RAW DATA", "REGISTRATION", "FIDUCIAL", "HANGING PROTOCOL",
     "ENCAP DOC", "HL7 STRUC DOC", "VALUE MAP", "STEREOMETRIC", "PALETTE", "IMPLANT",
     "IMPLANT ASSY", "IMPLANT GROUP", "PLAN", "MEASUREMENT", "SURFACE", "SURFACE SCAN",
     "TRACT", "ASSESSMENT", "RADIOTHERAPY", "ANNOTATION", "PRIVATE"}
)  # fmt: skip


class DicomRefused(Exception):
    """The file is DICOM-shaped but unusable; str() says why."""


@dataclass
class DicomHeader:
    study_uid: str
    study_date: str = ""
    study_description: str = ""
    modality: str = ""
    body_part: str = ""
    institution: str = ""
    series_uid: str = ""
    series_number: int | None = None
    series_description: str = ""
    is_image: bool = False
    sop_class: str = ""
    patient_name: str = ""
    """PatientName as stored (family^given^middle^prefix^suffix)."""
    patient_birth_date: str = ""
    patient_sex: str = ""
    patient_id: str = ""


@dataclass
class DicomDirIndex:
    """What a DICOMDIR lists: file paths (as on the CD) and the studies they belong to."""

    files: list[str] = field(default_factory=list)
    study_uids: list[str] = field(default_factory=list)


class _Window(io.RawIOBase):
    """A file seen from ``start`` on, for data sets preceded by a stray byte."""

    def __init__(self, inner: BinaryIO, start: int) -> None:
        self._inner = inner
        self._start = start
        inner.seek(start)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 0:
            return self._inner.seek(offset + self._start) - self._start
        return self._inner.seek(offset, whence) - self._start

    @property
    def name(self) -> str:
        return str(getattr(self._inner, "name", ""))

    def tell(self) -> int:
        return self._inner.tell() - self._start


def _text(dataset: Any, keyword: str) -> str:
    value = dataset.get(keyword)
    if value is None:
        return ""
    return " ".join(str(value).replace("^", " ").split())


def _raw(dataset: Any, keyword: str) -> str:
    """A value as stored, ``^`` separators kept (they say which part is the family name)."""
    value = dataset.get(keyword)
    return "" if value is None else str(value).strip()


def _read(handle: BinaryIO, head: bytes) -> tuple[Any, Any, int]:
    offset = dicom_offset(head)
    source: Any = handle
    force = offset != 128
    if offset == 1:
        source = io.BufferedReader(_Window(handle, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dataset = pydicom.dcmread(source, stop_before_pixels=True, defer_size=4096, force=force)
            return dataset, source, 1 if offset == 1 else 0
        except (InvalidDicomError, EOFError, ValueError, KeyError, struct.error) as error:
            raise DicomRefused(f"the DICOM header cannot be read ({_short(error)})") from None
        except (OSError, TypeError, AttributeError, NotImplementedError) as error:
            raise DicomRefused(f"the DICOM header is damaged ({_short(error)})") from None


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def is_dicomdir(dataset: Any) -> bool:
    meta = getattr(dataset, "file_meta", None)
    media = str(meta.get("MediaStorageSOPClassUID", "")) if meta is not None else ""
    return media == DICOMDIR_CLASS or "DirectoryRecordSequence" in dataset


def read_header(path: Path, head: bytes) -> DicomHeader | DicomDirIndex:
    """The header's facts, or DicomRefused; pydicom's complaints about odd values stay
    quiet (they are not the person's concern, and the file is judged here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _read_header(path, head)
        except struct.error:  # a length field cut off by the end of the file
            raise DicomRefused("the DICOM file is cut short inside its header") from None


def _read_header(path: Path, head: bytes) -> DicomHeader | DicomDirIndex:
    with open(path, "rb") as handle:
        size = path.stat().st_size
        deflated = _is_deflated(handle, head)
        if deflated:  # checked before pydicom, which would inflate it all in memory
            has_pixels = _check_deflated(handle, _dataset_start(handle, head))
        handle.seek(0)
        dataset, source, base = _read(handle, head)
        if is_dicomdir(dataset):
            return _index(dataset)
        if not deflated:
            position = source.tell() + base
            _check_complete(handle, _dataset_start(handle, head), size, _explicit(dataset))
            has_pixels = _check_pixel_data(handle, position, size)
    study_uid = _text(dataset, "StudyInstanceUID")
    if not study_uid:
        if len(dataset) <= 2:
            raise DicomRefused("the DICOM header is damaged: no data elements could be read")
        raise DicomRefused("the DICOM file has no study identifier (StudyInstanceUID)")
    number = dataset.get("SeriesNumber")
    try:
        series_number = int(number) if number not in (None, "") else None
    except (TypeError, ValueError):
        series_number = None
    return DicomHeader(
        study_uid=study_uid,
        study_date=_text(dataset, "StudyDate"),
        study_description=_text(dataset, "StudyDescription"),
        modality=_text(dataset, "Modality").upper(),
        body_part=_text(dataset, "BodyPartExamined"),
        institution=_text(dataset, "InstitutionName"),
        series_uid=_text(dataset, "SeriesInstanceUID"),
        series_number=series_number,
        series_description=_text(dataset, "SeriesDescription"),
        is_image=has_pixels,
        sop_class=_text(dataset, "SOPClassUID"),
        patient_name=_raw(dataset, "PatientName"),
        patient_birth_date=_text(dataset, "PatientBirthDate"),
        patient_sex=_text(dataset, "PatientSex"),
        patient_id=_text(dataset, "PatientID"),
    )


_LONG_VRS = frozenset(
    {b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN", b"UC", b"UR", b"OD", b"OL", b"OV", b"SV", b"UV"}
)
_IMPLICIT_LE = "1.2.840.10008.1.2"
DEFLATED = "1.2.840.10008.1.2.1.99"
MAX_INFLATED = 1024**3
"""A deflated data set may not unpack beyond this (real ones are reports, a few MB)."""
_PIXEL_TAG = b"\xe0\x7f\x10\x00O"  # (7FE0,0010) followed by its VR, OB or OW


def _explicit(dataset: Any) -> bool | None:
    """True/False for little-endian explicit/implicit VR; None when not checkable."""
    meta = getattr(dataset, "file_meta", None)
    syntax = str(meta.get("TransferSyntaxUID", "")) if meta is not None else ""
    if syntax == _IMPLICIT_LE:
        return False
    if syntax == "1.2.840.10008.1.2.2" or not syntax:
        return None
    return True


def _dataset_start(handle: BinaryIO, head: bytes) -> int | None:
    """Where the data set begins, after the preamble and the file meta group."""
    if dicom_offset(head) != 128:
        return None
    handle.seek(132)
    first = handle.read(12)
    if first[:4] != b"\x02\x00\x00\x00" or first[4:6] != b"UL":
        return None
    (group_length,) = struct.unpack("<I", first[8:12])
    return 144 + int(group_length)


def _check_complete(handle: BinaryIO, start: int | None, size: int, explicit: bool | None) -> None:
    """Walk the top-level elements' lengths: a value running past the end means truncation.

    pydicom stops quietly at the end of a file cut short inside a sequence; this check
    notices it without reading any values (elements of undefined length are skipped).
    """
    if start is None or explicit is None:
        return
    position = start
    while position + 8 <= size:
        handle.seek(position)
        header = handle.read(12)
        group, element = struct.unpack("<HH", header[:4])
        if group == 0x7FE0 or len(header) < 8:
            return
        if explicit and header[4:6] in _LONG_VRS:
            (length,) = struct.unpack("<I", header[8:12])
            header_size = 12
        elif explicit:
            (length,) = struct.unpack("<H", header[6:8])
            header_size = 8
        else:
            (length,) = struct.unpack("<I", header[4:8])
            header_size = 8
        if length == 0xFFFFFFFF:
            return
        position += header_size + length
        if position > size:
            raise DicomRefused(
                f"the DICOM file is cut short: element ({group:04X},{element:04X}) needs "
                f"{position - size} more bytes than the file holds"
            )


def _is_deflated(handle: BinaryIO, head: bytes) -> bool:
    """Does the file meta group name the deflated transfer syntax? (read without pydicom)"""
    start = _dataset_start(handle, head)
    if start is None:
        return False
    handle.seek(132)
    return DEFLATED.encode() in handle.read(start - 132)


def _check_deflated(handle: BinaryIO, start: int | None) -> bool:
    """Inflate the data set in bounded steps: complete, not a bomb, and has it pixels?

    The element walk of ``_check_complete`` cannot run on compressed bytes; instead the
    deflate stream itself must end properly, which it does not when the file is cut short.
    """
    if start is None:
        raise DicomRefused("the DICOM header is damaged: its file meta group has no length")
    handle.seek(start)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    carried = b""
    has_pixels = False
    try:
        while not inflater.eof:
            source = inflater.unconsumed_tail or handle.read(64 * 1024)
            if not source:
                raise DicomRefused(
                    "the DICOM file is cut short: its compressed data ends too early"
                )
            data = inflater.decompress(source, 1024 * 1024)
            produced += len(data)
            if produced > MAX_INFLATED:
                raise DicomRefused(
                    f"the DICOM data would unpack to more than {MAX_INFLATED // 1024**2} MB "
                    "(a compression bomb?)"
                )
            window = carried + data
            has_pixels = has_pixels or _PIXEL_TAG in window
            carried = window[-len(_PIXEL_TAG) :]
    except zlib.error as error:
        raise DicomRefused(f"the DICOM data is damaged ({_short(error)})") from None
    return has_pixels


def _check_pixel_data(handle: BinaryIO, position: int, size: int) -> bool:
    """Is there pixel data after the header, and is all of it there?"""
    handle.seek(position)
    tag_bytes = handle.read(12)
    if len(tag_bytes) < 8:
        return False
    group, element = struct.unpack("<HH", tag_bytes[:4])
    if (group << 16 | element) != PIXEL_DATA:
        return False
    if tag_bytes[4:6] in (b"OB", b"OW", b"OF", b"UN", b"OD", b"OL", b"OV"):
        (length,) = struct.unpack("<I", tag_bytes[8:12])
        start = position + 12
    else:
        (length,) = struct.unpack("<I", tag_bytes[4:8])
        start = position + 8
    if length != 0xFFFFFFFF and start + length > size:
        raise DicomRefused(
            f"the DICOM file is cut short: its image needs {length} bytes but only "
            f"{max(0, size - start)} are there"
        )
    return True


def _index(dataset: Any) -> DicomDirIndex:
    records = dataset.get("DirectoryRecordSequence")
    if records is None:
        raise DicomRefused("the DICOMDIR is damaged: it has no directory records")
    result = DicomDirIndex()
    for record in records:
        kind = str(record.get("DirectoryRecordType", "")).strip().upper()
        if kind not in RECORD_TYPES:
            raise DicomRefused(
                f"the DICOMDIR is damaged: a directory record has the unknown type {kind!r}"
            )
        if "OffsetOfTheNextDirectoryRecord" not in record:
            raise DicomRefused("the DICOMDIR is damaged: a directory record lacks its offsets")
        if kind == "STUDY" and record.get("StudyInstanceUID"):
            result.study_uids.append(str(record.StudyInstanceUID))
        file_id = record.get("ReferencedFileID")
        if file_id:
            parts = [file_id] if isinstance(file_id, str) else list(file_id)
            result.files.append("/".join(str(part) for part in parts))
    return result
