"""A damaged stored file is named by backup, repaired by importing it again (issue 13, 2)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from importing_helpers import by_name, run_import

from organizer.cli import main
from organizer.core.backup import restore_backup, write_backup
from organizer.core.errors import CorruptLibrary
from organizer.core.export import DamagedDocuments, ExportOptions, export_packet
from organizer.core.importing import Outcome
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import DocumentFile, Packet


def flip_one_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.chmod(0o600)
    path.write_bytes(bytes(data))


def _imported(library: Library, samples: Path) -> tuple[Path, str]:
    source = samples / "pdf" / "google-doc-document.pdf"
    run_import(library, source)
    (stored,) = library.select(DocumentFile)
    return source, stored.sha256


def test_backup_names_the_damaged_document_and_leaves_no_file(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    _, sha = _imported(library, samples)
    flip_one_bit(library.store.path_for(sha))
    target = tmp_path / "backup.zip"
    with pytest.raises(
        CorruptLibrary, match=r'document "PDF Example Document" \(number 1\) is damaged'
    ):
        write_backup(library, target)
    assert not target.exists()
    assert not list(tmp_path.glob(".tmp-*"))


def test_importing_the_original_again_repairs_the_stored_copy(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    source, sha = _imported(library, samples)
    stored = library.store.path_for(sha)
    flip_one_bit(stored)
    summary = run_import(library, source)
    outcome = by_name(summary)[source.name]
    assert outcome.outcome is Outcome.DUPLICATE
    assert "damaged copy of this file was repaired" in outcome.line()
    assert stored.read_bytes() == source.read_bytes()
    write_backup(library, tmp_path / "backup.zip")
    assert restore_backup(tmp_path / "backup.zip", tmp_path / "restored").files == 1


def test_a_healthy_duplicate_says_nothing_about_repairs(library: Library, samples: Path) -> None:
    source, _ = _imported(library, samples)
    outcome = by_name(run_import(library, source))[source.name]
    assert outcome.outcome is Outcome.DUPLICATE
    assert "repaired" not in outcome.line()


def _backup_with(tmp_path: Path, library: Library, extra: str, data: bytes = b"x") -> Path:
    backup = tmp_path / "backup.zip"
    write_backup(library, backup)
    with zipfile.ZipFile(backup, "a") as archive:
        archive.writestr(extra, data)
    return backup


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "files/../../evil", "extra.txt"])
def test_restore_refuses_entries_it_never_writes(
    library: Library, samples: Path, tmp_path: Path, name: str
) -> None:
    _imported(library, samples)
    backup = _backup_with(tmp_path, library, name)
    with pytest.raises(CorruptLibrary, match="never writes"):
        restore_backup(backup, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()
    assert not (tmp_path.parent / "evil.txt").exists()


def test_restore_refuses_a_database_bomb_before_writing(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    _imported(library, samples)
    backup = tmp_path / "backup.zip"
    write_backup(library, backup)
    bombed = tmp_path / "bombed.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(bombed, "w") as target:
        for info in source.infolist():
            if info.filename == "library.sqlite":
                target.writestr(info.filename, bytes(64 * 1024**2), zipfile.ZIP_DEFLATED)
            else:
                target.writestr(info, source.read(info))
    with pytest.raises(CorruptLibrary, match="compression bomb"):
        restore_backup(bombed, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()
    assert not list(tmp_path.glob(".tmp-*"))


# -- export --------------------------------------------------------------------------------


def _packet_with_damage(library: Library, samples: Path) -> tuple[int, int, str]:
    run_import(
        library, samples / "pdf" / "google-doc-document.pdf", samples / "images" / "hopper.png"
    )
    damaged = next(f for f in library.select(DocumentFile) if f.original_name.endswith(".pdf"))
    flip_one_bit(library.store.path_for(damaged.sha256))
    packet_id = library.add_packet(Packet(person_id=1, title="Second opinion"))
    return packet_id, damaged.document_id, damaged.sha256


def test_export_names_the_damaged_document_and_can_go_on_without_it(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    packet_id, document_id, _ = _packet_with_damage(library, samples)
    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(DamagedDocuments) as refused:
        export_packet(library, packet_id, stick, ExportOptions(), JobContext())
    assert refused.value.document_ids == {document_id}
    assert 'PDF Example Document" (number 1) is damaged' in str(refused.value)
    assert list(stick.iterdir()) == []
    options = ExportOptions(leave_out=refused.value.document_ids)
    result = export_packet(library, packet_id, stick, options, JobContext())
    names = [p.name for p in result.folder.rglob("*")]
    assert not any(name.endswith(".pdf") and "Example" in name for name in names)
    assert any(name.endswith(".png") for name in names)


def test_cli_export_says_how_to_go_on_without_the_damaged_document(
    capsys: pytest.CaptureFixture[str], library: Library, samples: Path, tmp_path: Path
) -> None:
    packet_id, document_id, _ = _packet_with_damage(library, samples)
    stick = tmp_path / "stick"
    stick.mkdir()
    root = str(library.root)
    library.close()
    args = ["--library", root, "export", "--packet", str(packet_id), "--to", str(stick)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "PDF Example Document" in err and f"--leave-out {document_id}" in err
    assert main([*args, "--leave-out", str(document_id)]) == 0
