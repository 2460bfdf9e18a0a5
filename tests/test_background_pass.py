"""The pictures import leaves for later: made by the background pass, resumable, reported."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from importing_helpers import (
    assert_consistent,
    by_name,
    finished_by_a_running_pass,
    run_import,
)

from organizer.cli import main
from organizer.core.derived import print_copy_path, seal_intact, thumbnail_path
from organizer.core.importing import (
    Outcome,
    make_pending_pictures,
    make_pictures,
    pending_pictures,
    pictures_pending,
    save_pictures,
)
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import DocumentFile

IMAGES = Path(__file__).parent / "data" / "samples" / "images"


def _sha(library: Library, document_id: int | None) -> str:
    return library.document_files(document_id or 0)[0].sha256


def test_import_makes_no_pictures_and_the_pass_makes_them(library: Library) -> None:
    outcomes = by_name(run_import(library, IMAGES))
    shas = [_sha(library, outcomes[name].document_id) for name in ("Portrait_6.jpg", "hopper.png")]
    assert all(not thumbnail_path(library.root, sha).exists() for sha in shas)
    assert all(not print_copy_path(library.root, sha).exists() for sha in shas)
    assert pictures_pending(library) == len(outcomes)  # every picture, and nothing else

    summary = make_pending_pictures(library, JobContext())
    assert (summary.documents, summary.pictures, summary.failed) == (len(outcomes),) * 2 + (0,)
    assert pictures_pending(library) == 0
    for sha in shas:
        assert thumbnail_path(library.root, sha).is_file()
        assert seal_intact(print_copy_path(library.root, sha).read_bytes())
    assert make_pending_pictures(library, JobContext()).documents == 0  # nothing twice
    assert_consistent(library.root)


def test_a_pdf_or_a_study_waits_for_no_pictures(library: Library, samples: Path) -> None:
    run_import(library, samples / "pdf" / "crazyones-pdfa.pdf", samples / "dicom")
    assert pictures_pending(library) == 0


def _undecodable_jpeg(folder: Path) -> Path:
    """A whole JPEG (its end is there) whose scan names a colour part that does not exist."""
    data = bytearray((IMAGES / "Portrait_1.jpg").read_bytes())
    scan = data.find(b"\xff\xda")
    data[scan + 5] = 9
    path = folder / "odd.jpg"
    path.write_bytes(bytes(data))
    return path


def test_a_picture_that_cannot_be_drawn_is_kept_and_reported(
    library: Library, tmp_path: Path
) -> None:
    outcome = by_name(run_import(library, _undecodable_jpeg(tmp_path)))["odd.jpg"]
    assert outcome.outcome is Outcome.IMPORTED  # the file itself is whole and kept
    summary = make_pending_pictures(library, JobContext())
    assert (summary.documents, summary.failed) == (1, 1)
    assert pictures_pending(library) == 0  # not tried again and again
    assert not print_copy_path(library.root, _sha(library, outcome.document_id)).exists()


def test_a_result_for_files_that_changed_meanwhile_is_not_saved(library: Library) -> None:
    run_import(library, IMAGES / "Portrait_1.jpg")
    task = pending_pictures(library)[0]
    made = make_pictures(library.store, library.root, task, JobContext())
    library._execute(  # what adding an image file to the document does
        "UPDATE derived_work SET generation = generation + 1 WHERE document_id = ?",
        (task.document_id,),
    )
    assert save_pictures(library, made) is False
    assert pictures_pending(library) == 1


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    return code, capsys.readouterr().out.splitlines()


def test_cli_index_reports_each_kind_of_work(
    tmp_path: Path, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = ["--library", str(tmp_path / "lib")]
    _cli(capsys, *lib, "person", "add", "--name", "Ana")
    _cli(capsys, *lib, "import", "--person", "1", str(samples / "pdf" / "crazyones-pdfa.pdf"),
         str(IMAGES / "Portrait_1.jpg"), str(IMAGES / "g4-multi.tiff"))  # fmt: skip
    code, lines = _cli(capsys, *lib, "index")
    assert code == 0
    assert lines == [
        "indexed 3 documents (1 pages), 0 could not be read",
        "made thumbnails and print copies for 2 documents (2 pictures), 0 could not be read",
    ]
    _cli(capsys, *lib, "import", "--person", "1", str(_undecodable_jpeg(tmp_path)))
    code, lines = _cli(capsys, *lib, "index")
    assert code == 1
    assert lines[1] == (
        "made thumbnails and print copies for 1 documents (1 pictures), 1 could not be read"
    )


PASS = """
import sys
from pathlib import Path
from organizer.core.importing import make_pending_pictures
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import DocumentFile
with Library.open(Path(sys.argv[1])) as library:
    print("started", flush=True)
    make_pending_pictures(library, JobContext())
"""


def test_kill_during_the_background_pass_resumes(library: Library, tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    source = (IMAGES / "Landscape_3.jpg").read_bytes()
    for number in range(40):  # different files, each to be decoded
        (photos / f"IMG_{number:02d}.jpg").write_bytes(source + f"copy {number}".encode())
    assert run_import(library, photos).imported == 40
    root = library.root
    library.close()

    process = subprocess.Popen(
        [sys.executable, "-c", PASS, str(root)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "started"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and finished_by_a_running_pass(root, "derived_work") < 2:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    with Library.open(root) as reopened:
        left = pictures_pending(reopened)
        assert 0 < left < 40, "the kill came too late or too early to test anything"
        summary = make_pending_pictures(reopened, JobContext())
        assert summary.documents == left and summary.failed == 0
        assert pictures_pending(reopened) == 0
        for task_sha in {f.sha256 for f in reopened.select(DocumentFile)}:
            assert thumbnail_path(root, task_sha).is_file()
            assert seal_intact(print_copy_path(root, task_sha).read_bytes())
    assert_consistent(root)
