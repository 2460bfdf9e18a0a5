"""File > Import…: one dialog where a person can pick files, or a whole folder such as a CD.

The standard file dialog lets you pick either files or a folder, not both. This one opens
files as usual, and when a folder is selected, "Import" takes that folder whole instead of
opening it, which is what an imaging CD or a portal download folder needs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


class ImportFileDialog(QFileDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "Import records: choose files, or a folder such as an imaging CD")
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setFileMode(QFileDialog.FileMode.ExistingFiles)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        self.setLabelText(QFileDialog.DialogLabel.Accept, "Import")
        self.setLabelText(QFileDialog.DialogLabel.FileName, "Files or folder:")
        self.chosen: list[Path] = []

    def accept(self) -> None:
        selected = [Path(name) for name in self.selectedFiles()]
        if selected and all(path.exists() for path in selected):
            self.chosen = selected
            self.done(QFileDialog.DialogCode.Accepted)
            return
        super().accept()


def choose_import_paths(parent: QWidget) -> list[Path]:
    dialog = ImportFileDialog(parent)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return []
    return dialog.chosen or [Path(name) for name in dialog.selectedFiles()]
