"""Help > About: the version, what the app is, and the licences of everything it carries."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from organizer import __version__
from organizer.licences import Licence, all_licences

ABOUT_HTML = (
    "<h2>Second Look</h2>"
    f"<p>Version {__version__}</p>"
    "<p>Second Look keeps medical records together for a second opinion. "
    "It works only on this computer and never connects to the internet.</p>"
    "<p>It organises records; it does not give medical advice.</p>"
    "<p>Free software under the MIT licence, built with Qt {qt} (PySide6 {pyside}) "
    "under the LGPL and other open-source packages: <i>Licences</i> lists them all.</p>"
)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle("About Second Look")
        self.text = QLabel(ABOUT_HTML.format(qt=qVersion(), pyside=pyside_version))
        self.text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.licences_button = QPushButton("&Licences…")
        buttons.addButton(self.licences_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.licences_button.clicked.connect(self.show_licences)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.licences: LicencesDialog | None = None

    def show_licences(self) -> LicencesDialog:
        self.licences = LicencesDialog(self)
        self.licences.show()
        return self.licences


class LicencesDialog(QDialog):
    """Every package on the left, its licence texts on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("licences_dialog")
        self.setWindowTitle("Licences - Second Look")
        self.entries = all_licences()
        self.list = QListWidget()
        self.list.setAccessibleName("Packages")
        for licence in self.entries:
            item = QListWidgetItem(f"{licence.package} {licence.version}".strip())
            item.setToolTip(licence.summary)
            self.list.addItem(item)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Licence text")
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        # the texts are wrapped at about 80 characters: room for that beside the list
        width = self.fontMetrics().averageCharWidth() * 125
        self.resize(width, int(width * 0.55))
        splitter.setSizes([width // 4, width - width // 4])
        self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.text.setPlainText(licence_text(self.entries[row]))


def licence_text(licence: Licence) -> str:
    parts = [f"{licence.package} {licence.version}".strip(), f"Licence: {licence.summary}"]
    for path in licence.texts:
        try:
            body = path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            body = f"(could not be read: {error})"
        parts.append(f"\n===== {path.name} =====\n\n{body}")
    return "\n".join(parts)
