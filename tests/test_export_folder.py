"""The exported folder: layout, manifest, SHA256SUMS, safe names, and failing safely."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from export_support import SAMPLES, Built, add_document, build_packet
from test_export_names import fat_valid

from organizer.core.checklist import Status, evaluate
from organizer.core.errors import Cancelled
from organizer.core.export import (
    ExportFailed,
    ExportOptions,
    ExportResult,
    Level,
    copying,
    export_packet,
    preflight,
    space,
)
from organizer.core.export.manifest import MANIFEST_VERSION
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import DocumentFile
from organizer.core.vocab import Category


@pytest.fixture
def built(library: Library) -> Built:
    return build_packet(library)


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    target = tmp_path / "stick"
    target.mkdir()
    return target


def _export(library: Library, built: Built, target: Path, **options: object) -> ExportResult:
    return export_packet(
        library,
        built.packet_id,
        target,
        ExportOptions(**options),
        JobContext(),  # type: ignore[arg-type]
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_folder_layout_manifest_and_checksums(library: Library, built: Built, stick: Path) -> None:
    result = _export(library, built, stick)
    folder = result.folder
    assert folder.parent == stick
    assert folder.name.startswith("SecondOpinion_Ødegård_Zoë_")
    assert [entry.name for entry in stick.iterdir()] == [folder.name]
    for name in ("index.html", "manifest.json", "SHA256SUMS", folder.name + ".pdf"):
        assert (folder / name).is_file()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "second-look-export"
    assert manifest["version"] == MANIFEST_VERSION
    for doc in manifest["documents"]:
        for item in doc["files"]:
            assert _sha(folder / item["path"]) == item["sha256"]
    for pdf in manifest["pdf"]:
        assert _sha(folder / pdf["path"]) == pdf["sha256"]
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    summed = {
        line.split("  ", 1)[1]
        for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    }
    assert summed == written - {"SHA256SUMS"}
    assert result.file_count == len(written)
    assert result.total_bytes == sum((folder / p).stat().st_size for p in written)


def test_sha256sum_checks_the_folder(library: Library, built: Built, stick: Path) -> None:
    folder = _export(library, built, stick).folder
    checked = subprocess.run(
        ["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    victim = next((folder / "01 Clinical notes").iterdir())
    victim.write_bytes(victim.read_bytes() + b"x")
    damaged = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True)
    assert damaged.returncode != 0


def test_every_name_passes_the_fat_rules(library: Library, built: Built, stick: Path) -> None:
    folder = _export(library, built, stick).folder
    for root, dirs, files in os.walk(folder):
        names = dirs + files
        assert all(fat_valid(name) for name in names), names
        assert len({name.casefold() for name in names}) == len(names)
        assert len(os.path.relpath(root, stick)) < 200


def test_imaging_study_is_copied_exactly_with_dicomdir_at_its_root(
    library: Library, built: Built, stick: Path
) -> None:
    result = _export(library, built, stick)
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    study = next(d for d in manifest["documents"] if d["kind"] == "imaging-study")
    study_folder = result.folder / study["location"]
    assert (study_folder / "DICOMDIR").is_file()
    cd = SAMPLES / "dicom" / "cd_pcir"
    original = {
        p.relative_to(cd).as_posix(): _sha(p)
        for p in cd.rglob("*")
        if p.is_file() and p.name != "DICOMDIR"
    }
    copied = {
        p.relative_to(study_folder).as_posix(): _sha(p)
        for p in study_folder.rglob("*")
        if p.is_file() and p.name != "DICOMDIR"
    }
    assert copied == original
    # the study's own index, not the CD's (test_export_dicomdir checks what it lists)
    assert (study_folder / "DICOMDIR").read_bytes() != (cd / "DICOMDIR").read_bytes()


def test_index_html_links_every_file_and_has_no_scripts(
    library: Library, built: Built, stick: Path
) -> None:
    result = _export(library, built, stick)
    html = (result.folder / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "http://" not in html and "https://" not in html
    from urllib.parse import quote

    for path in result.folder.rglob("*"):
        relative = path.relative_to(result.folder).as_posix()
        if path.is_file() and relative.count("/") <= 1 and "Imaging studies" not in relative:
            if relative in ("index.html", "SHA256SUMS"):
                continue
            assert f'href="{quote(relative)}"' in html, relative


def test_exporting_again_gets_a_suffix_and_keeps_the_first(
    library: Library, built: Built, stick: Path
) -> None:
    first = _export(library, built, stick)
    before = _sha(first.pdf)
    second = _export(library, built, stick)
    assert second.folder.name == first.folder.name + "_2"
    assert _sha(first.pdf) == before
    (stick / (first.folder.name + "_3").lower()).mkdir()
    third = _export(library, built, stick)
    assert third.folder.name == first.folder.name + "_4"


def _only_the_original_entries(stick: Path, before: set[str]) -> None:
    assert {entry.name for entry in stick.iterdir()} == before


def test_full_disk_half_way_leaves_nothing(
    library: Library, built: Built, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (stick / "holiday.jpg").write_bytes(b"not ours")
    real_copy = copying.copy_file
    calls = {"n": 0}

    def filling_up(*args: object, **kwargs: object) -> str:
        calls["n"] += 1
        if calls["n"] == 6:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(copying, "copy_file", filling_up)
    with pytest.raises(ExportFailed, match="disk is full"):
        _export(library, built, stick)
    assert calls["n"] == 6
    _only_the_original_entries(stick, {"holiday.jpg"})


def test_read_only_target_at_the_end_leaves_nothing(
    library: Library, built: Built, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = copying.write_new_file

    def read_only(target: Path, data: bytes) -> str:
        if target.name == "manifest.json":
            raise OSError(errno.EROFS, "Read-only file system")
        return real_write(target, data)

    monkeypatch.setattr(copying, "write_new_file", read_only)
    with pytest.raises(ExportFailed, match="read-only"):
        _export(library, built, stick)
    _only_the_original_entries(stick, set())


def test_a_file_that_reads_back_wrong_fails_the_export(
    library: Library, built: Built, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_hash = copying.sha256_file

    def flaky(path: Path, check: object = None) -> str:
        if path.suffix == ".heic":
            return "0" * 64
        return real_hash(path, check)  # type: ignore[arg-type]

    monkeypatch.setattr(copying, "sha256_file", flaky)
    with pytest.raises(ExportFailed, match="did not read back"):
        _export(library, built, stick)
    _only_the_original_entries(stick, set())


@pytest.mark.parametrize("stop_after", [3, 25])
def test_cancel_leaves_nothing(
    library: Library, built: Built, stick: Path, stop_after: int
) -> None:
    context = JobContext()
    seen: list[int] = []

    def report(done: int, total: int, text: str) -> None:
        seen.append(done)
        if done >= stop_after:
            context.cancel()

    context.report = report
    with pytest.raises(Cancelled):
        export_packet(library, built.packet_id, stick, ExportOptions(), context)
    assert max(seen) >= stop_after
    _only_the_original_entries(stick, set())


def test_damaged_stored_original_stops_the_export(
    library: Library, built: Built, stick: Path
) -> None:
    record = library.document_files(built.documents["note"])[0]
    stored = library.store.path_for(record.sha256)
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes()[:-10])
    with pytest.raises(ExportFailed, match="damaged"):
        _export(library, built, stick)
    _only_the_original_entries(stick, set())


def test_broken_files_go_to_the_appendix_and_the_rest_is_exported(
    library: Library, built: Built, stick: Path
) -> None:
    bad = SAMPLES / "bad"
    broken_pdf = add_document(
        library,
        built.person_id,
        "Old letter",
        Category.LETTER,
        "2025-05-01",
        [bad / "pdf_malformed__bad1.pdf"],
    )
    broken_jpeg = add_document(
        library,
        built.person_id,
        "Rash photo",
        Category.OTHER,
        "2025-06-01",
        [bad / "img_truncated__truncated_jpeg.jpg"],
    )
    bomb = add_document(
        library,
        built.person_id,
        "Huge picture",
        Category.OTHER,
        "2025-06-02",
        [bad / "img_bomb__decompression_bomb.gif"],
    )
    result = _export(library, built, stick)
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in manifest["documents"]}
    for doc_id in (broken_pdf, broken_jpeg, bomb):
        assert not docs[doc_id]["in_pdf"]
        assert "could not be printed" in docs[doc_id]["not_in_pdf_because"]
        assert (result.folder / docs[doc_id]["files"][0]["path"]).is_file()
    assert "implausibly large" in docs[bomb]["not_in_pdf_because"]
    assert docs[built.documents["note"]]["in_pdf"]


def test_preflight_refuses_when_space_is_short(
    library: Library, built: Built, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(space, "free_bytes", lambda _path: 1024 * 1024)
    problems = preflight(library, built.packet_id, stick)
    blockers = [p for p in problems if p.level is Level.BLOCKER]
    assert blockers and "Not enough free space" in blockers[0].message
    with pytest.raises(ExportFailed, match="Not enough free space"):
        _export(library, built, stick)
    _only_the_original_entries(stick, set())


def test_preflight_refuses_a_4_gib_file_on_fat32(
    library: Library, built: Built, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sha = library.document_files(built.documents["note"])[0].sha256
    library.add(
        DocumentFile(
            document_id=built.documents["study"],
            sha256=sha,
            size=4 * 1024**3,
            original_name="huge.dcm",
            relative_path="BIG/HUGE",
        )
    )
    monkeypatch.setattr(space, "free_bytes", lambda _path: 100 * 1024**3)
    monkeypatch.setattr(space, "filesystem_type", lambda _path: "vfat")
    blockers = [p for p in preflight(library, built.packet_id, stick) if p.blocks]
    assert len(blockers) == 1
    assert "FAT32" in blockers[0].message and "HUGE" in blockers[0].message
    monkeypatch.setattr(space, "filesystem_type", lambda _path: "exfat")
    assert not [p for p in preflight(library, built.packet_id, stick) if p.blocks]


def test_filesystem_type_is_read_for_a_real_folder(tmp_path: Path) -> None:
    kind = space.filesystem_type(tmp_path / "not" / "made" / "yet")
    assert kind == space.filesystem_type(tmp_path)
    if os.path.exists(space.MOUNTINFO):
        assert kind


def _mountinfo_line(mount_id: int, device: int, mount_point: str, kind: str) -> str:
    major, minor = os.major(device), os.minor(device)
    return f"{mount_id} 1 {major}:{minor} / {mount_point} rw,relatime shared:1 - {kind} src rw\n"


def test_filesystem_type_in_a_chroot_comes_from_the_device(tmp_path: Path) -> None:
    # a chroot's mount table names the host's paths: nothing there is /tmp or the target
    device = os.stat(tmp_path).st_dev
    table = tmp_path / "mountinfo"
    table.write_text(
        _mountinfo_line(20, device + 1, "/", "ext4")
        + _mountinfo_line(21, device, "/srv/chroot/bookworm/build", "xfs")
        + _mountinfo_line(22, device + 2, "/srv/chroot/bookworm/proc", "proc"),
        encoding="utf-8",
    )
    assert space._linux_type(tmp_path, table) == "xfs"


def test_filesystem_type_falls_back_to_the_path_and_else_is_unknown(tmp_path: Path) -> None:
    device = os.stat(tmp_path).st_dev
    table = tmp_path / "mountinfo"
    table.write_text(_mountinfo_line(20, device + 1, "/", "tmpfs"), encoding="utf-8")
    assert space._linux_type(tmp_path, table) == "tmpfs"
    table.write_text(_mountinfo_line(20, device + 1, "/elsewhere", "vfat"), encoding="utf-8")
    assert space._linux_type(tmp_path, table) == ""


def test_preflight_warns_when_the_checklist_is_not_ready(
    library: Library, built: Built, stick: Path
) -> None:
    report = evaluate(library, built.packet_id)
    missing = [r.title for r in report.results if r.status is Status.MISSING]
    assert missing, "the sample packet is expected to miss something"
    warnings = [p for p in preflight(library, built.packet_id, stick) if not p.blocks]
    assert len(warnings) == 1
    assert list(warnings[0].details) == missing
    result = _export(library, built, stick)
    assert result.checklist_warning is not None
    for title in missing:
        assert title in result.checklist_warning
    html = (result.folder / "index.html").read_text(encoding="utf-8")
    assert "The checklist is not ready" in html


def test_not_applicable_reasons_are_printed(library: Library, built: Built, stick: Path) -> None:
    report = evaluate(library, built.packet_id)
    rule = next(r for r in report.results if r.status is Status.MISSING)
    library.set_rule_not_applicable(built.packet_id, rule.rule_id, "Images are on the way by post")
    result = _export(library, built, stick)
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(result.pdf).pages)
    assert "Images are on the way by post" in text
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    reasons = [i["not_applicable_reason"] for i in manifest["checklist"]["items"]]
    assert "Images are on the way by post" in reasons


def test_missing_target_is_a_blocker(library: Library, built: Built, tmp_path: Path) -> None:
    problems = preflight(library, built.packet_id, tmp_path / "nowhere")
    assert problems[0].blocks and "does not exist" in problems[0].message


def test_the_working_folder_does_not_outlive_the_export(
    library: Library, built: Built, stick: Path
) -> None:
    from organizer.core.export import run

    result = _export(library, built, stick)
    assert not (result.folder / run.SCRATCH).exists()
    assert [entry.name for entry in stick.iterdir()] == [result.folder.name]


def test_a_pdf_rebuilt_from_damage_is_printed_with_a_note(
    library: Library, built: Built, stick: Path
) -> None:
    """qpdf rebuilds a broken cross-reference table; the title says so everywhere."""
    from organizer.core.export import packet_pdf

    rebuilt = add_document(
        library,
        built.person_id,
        "Old letter",
        Category.LETTER,
        "2025-05-01",
        [SAMPLES / "bad" / "pdf_malformed__bad-xref.pdf"],
    )
    result = _export(library, built, stick)
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    doc = next(d for d in manifest["documents"] if d["id"] == rebuilt)
    assert doc["in_pdf"]
    assert doc["label"].endswith(packet_pdf.REPAIRED_NOTE)
    assert not next(d for d in manifest["documents"] if d["id"] == built.documents["note"])[
        "label"
    ].endswith(packet_pdf.REPAIRED_NOTE)
    from pypdf import PdfReader

    contents = PdfReader(result.pdf).pages[2].extract_text()
    assert "damaged file, repaired" in contents


def test_a_stored_pdf_that_cannot_be_read_stops_the_export(
    library: Library, built: Built, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pikepdf

    real_open = pikepdf.Pdf.open

    def failing_disk(path: object, *args: object, **kwargs: object) -> pikepdf.Pdf:
        if isinstance(path, Path) and "files" in path.parts:
            raise OSError(errno.EIO, "Input/output error")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pikepdf.Pdf, "open", failing_disk)
    with pytest.raises(ExportFailed, match="stored PDF could not be read"):
        _export(library, built, stick)
    _only_the_original_entries(stick, set())


def test_copies_are_whole_where_the_kernel_will_not_copy(
    library: Library, built: Built, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some file systems answer copy_file_range with 0 bytes and no error."""
    monkeypatch.setattr(os, "copy_file_range", lambda *args: 0, raising=False)
    result = _export(library, built, stick)
    checked = subprocess.run(
        ["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=result.folder, capture_output=True
    )
    assert checked.returncode == 0, checked.stdout
    sizes = [path.stat().st_size for path in result.folder.rglob("*") if path.is_file()]
    assert all(size > 0 for size in sizes)
