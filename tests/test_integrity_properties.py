"""Property tests: the sniffers and parsers meet any bytes with their own refusal, never
a crash (issue 13). The budget is bounded (see the "ci" profile in conftest.py); inputs
that once crashed are kept in tests/data/regressions/ and replayed here every run."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pydicom
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.importing.dicom import DicomRefused, read_header
from organizer.core.importing.fhir import JsonRefused, json_text, load_json, summarise
from organizer.core.importing.safexml import XmlRefused, read_xdm_metadata, read_xml, xml_text
from organizer.core.importing.safezip import UnsafeZip, open_archive, open_entry
from organizer.core.importing.sniff import HEAD_SIZE, Kind, sniff

SAMPLES = Path(__file__).parent / "data" / "samples"
REGRESSIONS = Path(__file__).parent / "data" / "regressions"
ZIP_ERRORS = (UnsafeZip, zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError)
FILE_TESTS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def _mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with a few bytes overwritten, cut short, or with junk appended."""
    raw = bytearray(seed)
    for _ in range(draw(st.integers(0, 8))):
        where = draw(st.integers(0, max(0, len(raw) - 1)))
        raw[where] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(raw)))
    return bytes(raw[:cut]) + draw(st.binary(max_size=64))


def _small_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", b"visit summary " * 20, zipfile.ZIP_DEFLATED)
        archive.writestr("b.txt", b"lab results " * 20, zipfile.ZIP_BZIP2)
        archive.writestr("c.txt", b"imaging report " * 20, zipfile.ZIP_LZMA)
        archive.writestr("d.txt", b"stored", zipfile.ZIP_STORED)
    return buffer.getvalue()


@given(st.binary(max_size=HEAD_SIZE))
def test_sniff_names_a_kind_for_any_bytes(head: bytes) -> None:
    assert isinstance(sniff(head), Kind)


@given(st.one_of(st.binary(max_size=2048), _mutated(_small_zip())))
def test_a_zip_is_read_or_refused_never_crashes(data: bytes) -> None:
    try:
        archive, entries = open_archive(io.BytesIO(data))
    except ZIP_ERRORS:
        return
    with archive:
        for entry in entries:
            if entry.problem:
                continue
            try:
                with open_entry(archive, entry) as handle:
                    while handle.read(4096):
                        pass
            except ZIP_ERRORS:
                continue


CDA = (SAMPLES / "ccda").glob("*.xml")
XML_SEED = min(CDA, key=lambda path: path.stat().st_size).read_bytes()[:6000]


@FILE_TESTS
@given(st.one_of(st.binary(max_size=512), _mutated(XML_SEED)))
def test_xml_is_read_or_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "record.xml"
    path.write_bytes(data)
    for reader in (read_xml, xml_text):
        with contextlib.suppress(XmlRefused):
            reader(path)
    with contextlib.suppress(XmlRefused):
        read_xdm_metadata(io.BytesIO(data))


JSON_SEED = json.dumps(
    {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient",
     "name": [{"family": "Diaz", "given": ["Ana"]}], "birthDate": "1961-04-09"}}]}
).encode()  # fmt: skip


@FILE_TESTS
@given(st.one_of(st.binary(max_size=512), _mutated(JSON_SEED)))
def test_json_is_read_or_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "record.json"
    path.write_bytes(data)
    try:
        loaded = load_json(path)
    except JsonRefused:
        return
    summarise(loaded)
    json_text(loaded)


def _dicom_seed() -> bytes:
    dataset = pydicom.dcmread(SAMPLES / "dicom" / "CT_small.dcm", stop_before_pixels=True)
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()[:3000]


DICOM_SEED = _dicom_seed()


@FILE_TESTS
@given(_mutated(DICOM_SEED))
def test_a_dicom_header_is_read_or_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "IM0001"
    path.write_bytes(data)
    with contextlib.suppress(DicomRefused):
        read_header(path, data[:HEAD_SIZE])


@given(st.text(max_size=40))
def test_any_typed_date_is_read_or_refused(text: str) -> None:
    try:
        date = PartialDate.parse(text)
    except InvalidInput:
        return
    assert PartialDate.parse(date.to_storage()) == date


PLAUSIBLE = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31))


@given(PLAUSIBLE, st.sampled_from(["{:%Y-%m-%d}", "{:%Y-%m}", "{:%Y}", "~{:%Y}"]))
def test_dates_round_trip_through_storage(day: object, form: str) -> None:
    date = PartialDate.parse(form.format(day))
    assert PartialDate.parse(date.to_storage()) == date


def test_inputs_that_once_crashed_are_refused_cleanly(tmp_path: Path) -> None:
    """Regression files found by a longer search: each meets its reader's own refusal."""
    xml = REGRESSIONS / "xml_unknown_encoding.xml"
    for reader in (read_xml, xml_text):
        with pytest.raises(XmlRefused, match="text encoding"):
            reader(xml)
    dicom = REGRESSIONS / "dicom_meta_cut_after_vr.dcm"
    with pytest.raises(DicomRefused):
        read_header(dicom, dicom.read_bytes()[:HEAD_SIZE])
