"""The awkward cases: links, permissions, vanishing files, long and odd names, cancel, kill."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import BinaryIO

import pytest
from importing_helpers import assert_consistent, by_name, person, run_import

from organizer.core.errors import Cancelled
from organizer.core.importing import FileOutcome, Outcome, Preparer, commit, import_paths, preparing
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document

ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_symlink_loops(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    _write(folder / "note.txt", "Assessment and plan: rest.")
    (folder / "self").symlink_to(folder / "self")
    (folder / "back").symlink_to(folder, target_is_directory=True)
    summary = run_import(library, folder)
    outcomes = by_name(summary)
    assert outcomes["note.txt"].outcome is Outcome.IMPORTED
    for link in ("self", "back"):  # links inside a folder are never followed (issue 13)
        assert outcomes[link].outcome is Outcome.SKIPPED
        assert "links inside a folder are not followed" in outcomes[link].reason


def test_unreadable_file(library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = _write(tmp_path / "drop" / "secret.txt", "private")
    _write(tmp_path / "drop" / "open.txt", "fine")
    secret.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the OS refusal happen for real code paths
        real_open = preparing.open_file

        def refusing(path: Path):  # type: ignore[no-untyped-def]
            if path.name == "secret.txt":
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path)

        monkeypatch.setattr(preparing, "open_file", refusing)
    try:
        summary = run_import(library, tmp_path / "drop")
    finally:
        secret.chmod(0o644)
    outcomes = by_name(summary)
    assert outcomes["secret.txt"].outcome is Outcome.REJECTED
    assert outcomes["secret.txt"].reason == "cannot read the file (permission denied)"
    assert outcomes["open.txt"].outcome is Outcome.IMPORTED


def test_zero_byte_file(library: Library, tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    outcome = run_import(library, tmp_path / "empty.pdf").outcomes[0]
    assert outcome.line() == f"{tmp_path / 'empty.pdf'}: rejected: the file is empty (0 bytes)"


def test_file_disappearing_during_import(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "drop"
    _write(folder / "a.txt", "first")
    doomed = _write(folder / "b.txt", "second")
    real_open = preparing.open_file

    def vanishing_open(path: Path) -> BinaryIO:
        if path == doomed:
            doomed.unlink()  # gone after the folder was listed, before it was read
        return real_open(path)

    monkeypatch.setattr(preparing, "open_file", vanishing_open)
    preparer = Preparer(library.store, library.root, JobContext())
    person_id = person(library)
    seen = []
    for item in preparer.run([folder]):
        if isinstance(item, preparing.FileOutcome):
            seen.append(item)
        else:
            seen.extend(commit(library, person_id, item))
    assert [o.outcome for o in seen] == [Outcome.IMPORTED, Outcome.REJECTED]
    assert seen[1].reason == "the file disappeared before it could be read"
    assert_consistent(library.root)


def test_path_longer_than_the_system_allows(library: Library, tmp_path: Path) -> None:
    top = tmp_path / "deep"
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(24):  # 24 x 200 characters: more than PATH_MAX (4096)
            os.mkdir("d" * 200, dir_fd=fd)
            new = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        with os.fdopen(os.open("note.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as out:
            out.write("deep")
    finally:
        os.close(fd)
    summary = run_import(library, top)
    rejected = [o for o in summary.outcomes if o.outcome is Outcome.REJECTED]
    assert rejected and rejected[0].reason.startswith("the path is longer than the system allows")
    too_long = Path(str(top) + ("/" + "d" * 200) * 24 + "/note.txt")
    direct = run_import(library, too_long).outcomes[0]
    assert direct.reason == "the path is longer than the system allows"
    shutil.rmtree(top, ignore_errors=True)


def test_non_utf8_file_name(library: Library, tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9 r\xe9sum\xe9.txt"
    with open(raw, "wb") as out:
        out.write(b"History of present illness: cough.")
    summary = run_import(library, tmp_path)
    outcome = summary.outcomes[0]
    assert outcome.outcome is Outcome.IMPORTED
    assert "caf\ufffd r\ufffdsum\ufffd.txt" in outcome.line()
    outcome.line().encode("utf-8")  # printable
    files = library.document_files(outcome.document_id or 0)
    assert files[0].original_name == "caf\ufffd r\ufffdsum\ufffd.txt"


def test_hidden_system_and_viewer_files_are_skipped(library: Library, tmp_path: Path) -> None:
    cd = tmp_path / "cd"
    _write(cd / ".DS_Store", "x")
    _write(cd / "Thumbs.db", "x")
    _write(cd / "desktop.ini", "x")
    _write(cd / "__MACOSX" / "._scan.pdf", "x")
    (cd / "viewer").mkdir()
    (cd / "viewer" / "Viewer.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    _write(cd / "autorun.inf", "[autorun]\nopen=viewer\\Viewer.exe\n")
    _write(cd / "report.txt", "Impression: normal. Findings: none.")
    summary = run_import(library, cd)
    assert summary.skipped == 6 and summary.imported == 1 and summary.rejected == 0
    assert summary.line() == "imported 1, duplicates 0, skipped 6, rejected 0"


def test_zips_read_in_place_nested_one_level(
    library: Library, tmp_path: Path, samples: Path
) -> None:
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.write(samples / "pdf" / "crazyones-pdfa.pdf", "reports/crazyones.pdf")
        for path in sorted((samples / "dicom" / "cd_pcir").rglob("*")):
            if path.is_file():
                archive.write(path, "CD/" + str(path.relative_to(samples / "dicom" / "cd_pcir")))
    middle = tmp_path / "middle.zip"
    with zipfile.ZipFile(middle, "w") as archive:
        archive.write(inner, "inner.zip")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(middle, "middle.zip")
        archive.write(inner, "inner.zip")
    summary = run_import(library, outer)
    outcomes = {o.path.removeprefix(str(outer) + "/"): o for o in summary.outcomes}
    assert outcomes["middle.zip/inner.zip"].outcome is Outcome.REJECTED
    assert "zip inside a zip inside a zip" in outcomes["middle.zip/inner.zip"].reason
    assert outcomes["inner.zip/reports/crazyones.pdf"].outcome is Outcome.IMPORTED
    assert outcomes["inner.zip/CD/DICOMDIR"].outcome is Outcome.ADDED
    studies = [d for d in library.select(Document) if d.category == "imaging-study"]
    assert len(studies) == 6
    paths = {f.relative_path for s in studies for f in library.document_files(s.id or 0)}
    assert "77654033/CT2/17106" in paths and "DICOMDIR" in paths
    assert_consistent(library.root)


def _fingerprint(folder: Path) -> dict[str, tuple[str, int, int]]:
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            info = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            result[str(path)] = (digest, info.st_mtime_ns, info.st_mode)
    return result


def test_originals_are_never_modified(library: Library, sample_copy: Path) -> None:
    before = _fingerprint(sample_copy)
    summary = run_import(library, sample_copy)
    assert summary.imported > 90
    assert _fingerprint(sample_copy) == before
    assert_consistent(library.root)


def test_cancel_leaves_no_half_document(library: Library, samples: Path, tmp_path: Path) -> None:
    person_id = person(library)
    context = JobContext()
    calls = []

    def report(done: int, total: int, text: str) -> None:
        calls.append(done)
        if done == 20:  # in the middle of the imaging CD: its studies are not committed yet
            context.cancel()

    context.report = report
    with pytest.raises(Cancelled):
        import_paths(library, person_id, [samples / "dicom" / "cd_pcir"], context)
    assert library.select(Document) == []
    assert list(library.store.all_hashes()) == []
    assert_consistent(library.root)
    # documents reported imported before a cancel stay whole; the rest leave no trace
    drop = tmp_path / "pdfs"
    drop.mkdir()
    for number in range(4):  # more files than the import prepares ahead of its commits
        for source in (samples / "pdf").iterdir():
            (drop / f"{number}-{source.name}").write_bytes(source.read_bytes() + bytes([number]))
    context = JobContext()
    reported: list[int] = []
    # cancelled while files are still being found, once some document is committed
    context.report = lambda done, total, text: context.cancel() if reported else None

    def note(outcome: FileOutcome) -> None:
        if outcome.document_id is not None:
            reported.append(outcome.document_id)

    with pytest.raises(Cancelled):
        import_paths(library, person_id, [drop], context, on_outcome=note)
    assert 1 <= len(reported) < len(list(drop.iterdir()))
    assert sorted(d.id for d in library.select(Document)) == sorted(reported)
    assert_consistent(library.root)


def test_kill_during_import_leaves_a_consistent_library(tmp_path: Path) -> None:
    source = tmp_path / "many"
    for number in range(400):
        _write(source / f"note{number:03d}.txt", f"Progress note {number}. " * 2000)
    library_dir = tmp_path / "library"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cli = [sys.executable, "-m", "organizer.cli", "--library", str(library_dir)]
    subprocess.run([*cli, "person", "add", "--name", "Ana"], check=True, env=env)
    process = subprocess.Popen(
        [*cli, "import", "--person", "1", str(source)], stdout=subprocess.PIPE, env=env
    )
    assert process.stdout is not None
    for _ in range(30):
        assert process.stdout.readline()
    process.send_signal(signal.SIGKILL)
    process.wait()
    with Library.open(library_dir) as library:  # runs the startup tidy-up
        count = len(library.select(Document))
    assert 30 <= count < 400
    assert_consistent(library_dir)


def test_the_same_image_twice_in_one_study_names_the_study(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cd"
    folder.mkdir()
    shutil.copy(samples / "dicom" / "CT_small.dcm", folder / "IMG1")
    shutil.copy(samples / "dicom" / "CT_small.dcm", folder / "IMG1-copy")
    summary = run_import(library, folder)
    kinds = sorted((o.outcome, o.document_id) for o in summary.outcomes)
    study = library.select(Document)[0].id
    assert kinds == [(Outcome.DUPLICATE, study), (Outcome.IMPORTED, study)]


def test_emptying_the_trash_between_preparing_and_saving_rejects_the_file(
    library: Library, samples: Path
) -> None:
    source = samples / "pdf" / "google-doc-document.pdf"
    run_import(library, source)
    trashed = library.select(Document)[0]
    assert trashed.id is not None
    library.trash_document(trashed.id)
    preparer = Preparer(library.store, library.root, JobContext())
    prepared = [item for item in preparer.run([source]) if not isinstance(item, FileOutcome)]
    library.empty_trash()  # the GUI thread did this while the import was preparing
    outcomes = commit(library, trashed.person_id, prepared[0])
    assert [o.outcome for o in outcomes] == [Outcome.REJECTED]
    assert "trash was emptied" in (outcomes[0].reason or "")
    assert_consistent(library.root)
