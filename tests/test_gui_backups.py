"""File > Back up everything and File > Go back to an earlier copy, through the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from organizer.core import ops
from organizer.core.backup import AutoBackup, restore_backup, take_auto_backup
from organizer.core.library import Library
from organizer.core.records import Document, DocumentFile, Person
from organizer.gui import backups
from organizer.gui.backups import EarlierCopiesDialog
from organizer.gui.undo import push
from tests.gui_support import open_window


def test_go_back_to_an_earlier_copy(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.add(Person(name="Ana"))
    earlier = take_auto_backup(library, dt.datetime(2026, 11, 20, 9, 30))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    push(window.undo_stack, library, "Add", ops.add_record(library, Person(name="Ben")))
    assert [p.name for p in library.people()] == ["Ana", "Ben"]
    offered: list[list[AutoBackup]] = []

    def choose(parent: object, copies: list[AutoBackup]) -> AutoBackup:
        offered.append(copies)
        return next(copy for copy in copies if copy.path == earlier.path)

    monkeypatch.setattr(backups, "choose_earlier_copy", choose)
    window.menus.restore_copy_action.trigger()
    assert [p.name for p in library.people()] == ["Ana"]
    assert window.person_combo.count() == 1
    assert not window.undo_stack.canUndo()  # old steps would point at rows that are gone
    assert len(offered[0]) >= 1
    # what was there just before is itself kept as a copy to come back to
    assert len(backups.auto_backups(library)) == len(offered[0]) + 1


def test_back_up_everything_runs_in_the_background(
    qtbot: QtBot, library: Library, tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = library.add(Person(name="Ana"))
    stored = library.store.put_file(samples / "pdf" / "google-doc-document.pdf")
    document_id = library.add_document(Document(person_id=person_id, title="note"))
    library.add(DocumentFile(document_id=document_id, sha256=stored.sha256, size=stored.size))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    target = tmp_path / "backup.zip"
    monkeypatch.setattr(backups, "ask_backup_file", lambda parent: target)
    window.menus.backup_action.trigger()
    runner = window.menus.backups.runner
    assert runner is not None
    with qtbot.waitSignal(runner.ended, timeout=20000):
        pass
    assert window.told[-1][0] == "Backup finished"  # type: ignore[attr-defined]
    report = restore_backup(target, tmp_path / "restored")
    assert report.files == 1


def test_the_dialog_lists_copies_newest_first(qtbot: QtBot, tmp_path: Path) -> None:
    copies = [
        AutoBackup(tmp_path / "b.sqlite", dt.datetime(2026, 11, 25, 13, 5)),
        AutoBackup(tmp_path / "a.sqlite", dt.datetime(2026, 11, 1, 8, 0)),
    ]
    dialog = EarlierCopiesDialog(copies)
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text() == "Wednesday 25 November 2026, 13:05"
    assert dialog.chosen() == copies[0]
    assert EarlierCopiesDialog([]).restore_button.isEnabled() is False
