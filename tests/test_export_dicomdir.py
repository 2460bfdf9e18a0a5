"""Each exported imaging study folder has its own DICOMDIR listing exactly its files.

The CD of samples/dicom/cd_pcir holds several studies under one DICOMDIR; loose DICOM
files come with none. Both go through the real import, then the export; pydicom reads
every DICOMDIR back and Debian's dcmtk (dcmftest, dcmdump) must accept it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pydicom.fileset import FileSet

from organizer.core.dates import PartialDate
from organizer.core.export import ExportOptions, ExportResult, export_packet
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Packet, Person

DICOM = Path(__file__).parent / "data" / "samples" / "dicom"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> ExportResult:
    root = tmp_path_factory.mktemp("dicomdir")
    with Library.open(root / "library") as library:
        with library.transaction():
            person = library.add(Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9)))
            packet = library.add_packet(Packet(person_id=person, title="Second opinion"))
        loose = [DICOM / "CT_small.dcm", DICOM / "MR_small.dcm"]
        import_paths(library, person, [DICOM / "cd_pcir", *loose], JobContext())
        target = root / "stick"
        target.mkdir()
        return export_packet(library, packet, target, ExportOptions(), JobContext())


def _study_folders(result: ExportResult) -> list[Path]:
    return sorted(path.parent for path in result.folder.rglob("DICOMDIR"))


def _files_in(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.name != "DICOMDIR"
    }


def test_every_study_folder_has_a_dicomdir_listing_exactly_its_files(
    exported: ExportResult,
) -> None:
    folders = _study_folders(exported)
    cd_files = {p for p in (DICOM / "cd_pcir").rglob("*") if p.is_file() and p.name != "DICOMDIR"}
    # the CD's studies, and the two loose files gathered into studies of their own
    assert len(folders) >= 3
    listed_total = 0
    for folder in folders:
        file_set = FileSet(folder / "DICOMDIR")
        listed = {Path(instance.path).relative_to(folder).as_posix() for instance in file_set}
        assert listed == _files_in(folder), folder
        assert all(Path(instance.path).is_file() for instance in file_set)
        listed_total += len(listed)
    assert listed_total == len(cd_files) + 2


def test_no_study_folder_carries_the_cds_whole_index(exported: ExportResult) -> None:
    original = (DICOM / "cd_pcir" / "DICOMDIR").read_bytes()
    for folder in _study_folders(exported):
        assert (folder / "DICOMDIR").read_bytes() != original


def test_dcmtk_accepts_every_dicomdir(exported: ExportResult) -> None:
    if shutil.which("dcmftest") is None or shutil.which("dcmdump") is None:
        # packaging/setup.sh --dev installs dcmtk, so CI must never skip this
        if os.environ.get("CI"):
            pytest.fail("dcmtk is not installed: is it in packaging/setup.sh --dev?")
        pytest.skip("dcmtk (dcmftest, dcmdump) is not installed")
    for folder in _study_folders(exported):
        files = [folder / "DICOMDIR", *(folder / name for name in sorted(_files_in(folder)))]
        tested = subprocess.run(["dcmftest", *map(str, files)], capture_output=True, text=True)
        assert tested.returncode == 0, tested.stdout
        assert "no:" not in tested.stdout
        dumped = subprocess.run(
            ["dcmdump", "--print-all", str(folder / "DICOMDIR")], capture_output=True, text=True
        )
        assert dumped.returncode == 0, dumped.stderr
        assert dumped.stdout.count("(0004,1500)") == len(_files_in(folder))
