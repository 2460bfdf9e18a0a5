"""File > Back up everything… and File > Go back to an earlier copy…

The app already takes automatic copies of the database (on start and on close); this is
where a person can put one back, or write the whole library, files included, to one file
for safe keeping. Writing the backup runs off the GUI thread with its own database
connection, with progress and Cancel; putting a copy back is a quick database operation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.core.backup import AutoBackup, auto_backups, restore_auto_backup, write_backup
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.gui.jobs import JobRunner

RESTORE_INTRO = (
    "Second Look keeps copies of your records from earlier days. Choose one to go back to "
    "how things were then. What you have now is kept as another copy first, so you can "
    "come back to it the same way. Attached files are never removed by this."
)


def ask_backup_file(parent: QWidget) -> Path | None:
    """Where to write the backup (tests replace this)."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "Back up everything to one file",
        str(Path.home() / "second-look-backup.zip"),
        "Second Look backup (*.zip)",
    )
    return Path(name) if name else None


def choose_earlier_copy(parent: QWidget, copies: list[AutoBackup]) -> AutoBackup | None:
    """Let the person pick a copy to go back to (tests replace this)."""
    dialog = EarlierCopiesDialog(copies, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


class EarlierCopiesDialog(QDialog):
    def __init__(self, copies: list[AutoBackup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go back to an earlier copy")
        intro = QLabel(RESTORE_INTRO)
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Earlier copies of your records")
        for copy in copies:
            item = QListWidgetItem(copy.taken.strftime("%A %-d %B %Y, %H:%M"))
            item.setData(Qt.ItemDataRole.UserRole, copy)
            self.list.addItem(item)
        if copies:
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(
            "&Go back to this copy", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(copies))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def chosen(self) -> AutoBackup | None:
        item = self.list.currentItem()
        if item is None:
            return None
        chosen: AutoBackup = item.data(Qt.ItemDataRole.UserRole)
        return chosen


class BackupActions(QObject):
    """The two menu commands, for one library shown in one window."""

    def __init__(
        self,
        library: Library,
        window: QWidget,
        after_restore: Callable[[], None],
        tell: Callable[[QWidget, str, str], None],
    ) -> None:
        super().__init__(window)
        self.library = library
        self.window = window
        self.after_restore = after_restore
        self.tell = tell
        self.runner: JobRunner | None = None

    def back_up(self) -> JobRunner | None:
        target = ask_backup_file(self.window)
        if target is None:
            return None
        root = self.library.root

        def work(context: JobContext, _deliver: Callable[[Any], None]) -> int:
            reader = Library.open(root, lock=False, create=False)
            try:
                return write_backup(reader, target, context)
            finally:
                reader.close()

        runner = JobRunner("Backing up your records", work, parent_window=self.window)
        runner.succeeded.connect(
            lambda count: self.tell(
                self.window,
                "Backup finished",
                f"Everything is saved in {target} ({count} attached files). Keep it somewhere "
                "other than this computer, for example on a USB stick.",
            )
        )
        runner.failed.connect(
            lambda message: self.tell(self.window, "The backup could not be written", message)
        )
        self.runner = runner
        runner.start()
        return runner

    def restore_earlier(self) -> bool:
        copies = auto_backups(self.library)
        if not copies:
            self.tell(
                self.window,
                "No earlier copies yet",
                "Second Look takes a copy each time it starts and closes; none exists yet.",
            )
            return False
        chosen = choose_earlier_copy(self.window, copies)
        if chosen is None:
            return False
        restore_auto_backup(self.library, chosen)
        self.after_restore()
        return True
