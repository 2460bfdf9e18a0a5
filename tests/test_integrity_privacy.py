"""A library is its owner's alone, and interrupted work leaves nothing behind for long
(issue 13, point 6)."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from importing_helpers import run_import_and_pass

from organizer.core.backup import restore_backup, take_auto_backup, write_backup
from organizer.core.library import Library


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _open_to_others(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)} {oct(_mode(path))}"
        for path in [root, *root.rglob("*")]
        if _mode(path) & 0o077
    ]


@pytest.mark.usefixtures("usual_umask")
def test_library_backup_and_restore_are_private(samples: Path, tmp_path: Path) -> None:
    root = tmp_path / "records"
    with Library.open(root) as library:
        run_import_and_pass(library, samples / "images" / "hopper.png", samples / "pdf")
        take_auto_backup(library)
        write_backup(library, tmp_path / "backup.zip")
    assert (root / "print-copies").is_dir() and (root / "backups").is_dir()
    assert _mode(root) == 0o700
    assert _open_to_others(root) == []
    assert _mode(tmp_path / "backup.zip") == 0o600
    restore_backup(tmp_path / "backup.zip", tmp_path / "restored")
    assert _open_to_others(tmp_path / "restored") == []


@pytest.mark.usefixtures("usual_umask")
def test_an_old_open_library_is_closed_at_the_next_start(tmp_path: Path) -> None:
    root = tmp_path / "records"
    Library.open(root).close()
    root.chmod(0o755)
    (root / "library.sqlite").chmod(0o644)
    Library.open(root).close()
    assert _mode(root) == 0o700
    assert _mode(root / "library.sqlite") == 0o600


def test_leftovers_of_killed_work_go_at_the_next_start(tmp_path: Path) -> None:
    root = tmp_path / "records"
    Library.open(root).close()
    (root / ".tmp-0123456789ab-library.sqlite").write_bytes(b"a killed backup's copy")
    (root / ".tmp-killed-backup").mkdir()
    (root / ".tmp-killed-backup" / "library.sqlite").write_bytes(b"copy")
    (root / "backups").mkdir()
    (root / "backups" / ".tmp-0123456789ab-auto-20261130.sqlite").write_bytes(b"half")
    Library.open(root).close()
    assert not list(root.glob(".tmp-*"))
    assert not list((root / "backups").glob(".tmp-*"))
    assert (root / "library.sqlite").is_file()


def test_a_killed_backup_or_restore_next_to_the_target_is_removed_later(
    library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "backup.zip"
    stale = tmp_path / ".tmp-0123456789ab-backup.zip"
    stale.write_bytes(b"half a backup")
    an_hour_ago = time.time() - 2 * 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    running = tmp_path / ".tmp-ba9876543210-backup.zip"
    running.write_bytes(b"another backup still being written")
    write_backup(library, target)
    assert not stale.exists()
    assert running.exists()
    staging = tmp_path / ".tmp-0123456789ab-restored"
    (staging / "files").mkdir(parents=True)
    os.utime(staging, (an_hour_ago, an_hour_ago))
    restore_backup(target, tmp_path / "restored")
    assert not staging.exists()
