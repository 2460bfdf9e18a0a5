"""The Export section: pick where, choose a password or parts, check, write, show the folder.

The export itself is organizer.core.export; it runs on a worker thread with its own read
connection to the library, reports progress through the JobContext, and never touches a
widget. The page shows the progress bar and a Cancel button, and "Show in folder" at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from organizer.core import export as core_export  # its PDF writer loads on the first export
from organizer.core.checklist import Status, evaluate
from organizer.core.errors import SecondLookError
from organizer.core.export import (
    DamagedDocuments,
    ExportOptions,
    ExportResult,
    Problem,
    preflight,
)
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Packet
from organizer.gui import theme
from organizer.gui.changes import notices
from organizer.gui.destinations import Destination, list_destinations
from organizer.gui.documents.viewer_copies import no_folder_viewer_text
from organizer.gui.jobs import JobRunner, Progress

ChooseFolder = Callable[[QWidget], Path | None]
Reveal = Callable[[Path], bool]


def choose_folder(parent: QWidget) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, "Choose where to export the packet")
    return Path(chosen) if chosen else None


def reveal(path: Path) -> bool:
    """Open the folder in the system's file manager; False if nothing could."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


INTRO = (
    "<h1>Export</h1>"
    "<p>Export writes the packet into a new folder, for example on a USB stick: "
    "<b>one PDF</b> to read from front to back (a cover page, summaries, then every "
    "document), and <b>the original files</b> in folders by kind, with a list of "
    "checksums so anyone can verify that nothing changed on the way. "
    "An earlier export is never overwritten.</p>"
)


class ExportPage(QWidget):
    """Export the current packet; ``finished(result)`` when a packet was written."""

    finished = Signal(object)
    checklist_requested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_page")
        self.library = library
        self.packet_id: int | None = None
        self.choose_folder: ChooseFolder = choose_folder
        self.reveal: Reveal = reveal
        self.destinations_source: Callable[[], list[Destination]] = list_destinations
        self.runner: JobRunner | None = None
        self.result: ExportResult | None = None
        self._acknowledged: tuple[str, ...] = ()

        intro = QLabel(INTRO)
        intro.setWordWrap(True)

        where = QGroupBox("Where to")
        self.destination = QComboBox()
        self.destination.setObjectName("export_destination")
        self.destination.setAccessibleName("Export destination")
        self.destination.setAccessibleDescription("Removable drives are listed first")
        # a long folder name shortens in the box (whole in its list) rather than making
        # the page wider than a small laptop's window
        self.destination.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.destination.setMinimumContentsLength(16)
        self.other_button = QPushButton("Choose another folder…")
        self.other_button.setAccessibleName("Choose another folder to export to")
        self.refresh_button = QPushButton("Look for drives again")
        self.refresh_button.setAccessibleName("Look for USB sticks and drives again")
        where_row = QHBoxLayout()
        where_row.addWidget(self.destination, 1)
        where_row.addWidget(self.other_button)
        where_row.addWidget(self.refresh_button)
        where_hint = QLabel(
            "Plug in a USB stick and press “Look for drives again” if it is not listed."
        )
        where_hint.setWordWrap(True)
        where_layout = QVBoxLayout(where)
        where_layout.addLayout(where_row)
        where_layout.addWidget(where_hint)

        options = QGroupBox("Options")
        self.password_box = QCheckBox("Protect the PDF with a password")
        self.password_box.setAccessibleName("Protect the PDF with a password")
        self.password = QLineEdit()
        self.password.setObjectName("export_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password_again = QLineEdit()
        self.password_again.setObjectName("export_password_again")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName("Password again")
        self.password_problem = QLabel()
        self.password_problem.setObjectName("export_password_error")
        self.password_problem.setWordWrap(True)
        self.password_problem.hide()
        password_hint = QLabel(
            "Tell the specialist's office the password by phone, not in the same email."
        )
        password_hint.setWordWrap(True)
        self.split_box = QCheckBox("Also save the PDF in parts, for upload portals")
        self.split_box.setAccessibleName("Also save the PDF in parts")
        self.split_size = QSpinBox()
        self.split_size.setAccessibleName("Largest part size in megabytes")
        self.split_size.setRange(1, 2000)
        self.split_size.setValue(20)
        self.split_size.setSuffix(" MB at most")
        form = QFormLayout(options)
        form.addRow(self.password_box)
        form.addRow("Password:", self.password)
        form.addRow("Password again:", self.password_again)
        form.addRow("", self.password_problem)
        form.addRow("", password_hint)
        form.addRow(self.split_box)
        form.addRow("Part size:", self.split_size)

        self.problems = QLabel()
        self.problems.setObjectName("export_problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.export_button = QPushButton("Export the packet")
        self.export_button.setObjectName("export_start")
        self.export_button.setAccessibleName("Export the packet")
        self.anyway_button = QPushButton("Export anyway")
        self.anyway_button.setObjectName("export_anyway")
        self.anyway_button.setAccessibleName("Export anyway, although the checklist is not ready")
        self.anyway_button.hide()
        self.without_button = QPushButton("Export without it")
        self.without_button.setObjectName("export_without_damaged")
        self.without_button.setAccessibleName("Export again, leaving out the damaged document")
        self.without_button.hide()
        self._leave_out: frozenset[int] = frozenset()
        self._damaged: frozenset[int] = frozenset()
        self.checklist_button = QPushButton("Go to the checklist")
        self.checklist_button.setAccessibleName("Go to the checklist on the Overview")
        self.checklist_button.hide()
        go_row = QHBoxLayout()
        go_row.addWidget(self.export_button)
        go_row.addWidget(self.anyway_button)
        go_row.addWidget(self.checklist_button)
        go_row.addStretch(1)

        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Export progress")
        self.progress_text = QLabel()
        self.progress_text.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the export")
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        progress_layout = QVBoxLayout(self.progress_box)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_text)
        progress_layout.addLayout(progress_row)
        self.progress_box.hide()

        self.outcome = QLabel()
        self.outcome.setObjectName("export_outcome")
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        self.show_button = QPushButton("Show in folder")
        self.show_button.setAccessibleName("Show the exported packet in its folder")
        self.show_button.hide()
        self.folder_note = QLabel()
        self.folder_note.setObjectName("export_folder_note")
        self.folder_note.setWordWrap(True)
        self.folder_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_note.hide()

        self.readiness = QLabel()
        self.readiness.setObjectName("export_readiness")
        self.readiness.setWordWrap(True)

        self.no_packet = QLabel(
            "<h3>Nothing to export yet</h3><p>Start a packet first with <b>New packet…</b> "
            "at the top of the window.</p>"
        )
        self.no_packet.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.no_packet)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.readiness)
        body.addWidget(where)
        body.addWidget(options)
        body.addWidget(self.problems)
        body.addLayout(go_row)
        body.addWidget(self.progress_box)
        body.addWidget(self.outcome)
        body.addWidget(self.without_button)
        body.addWidget(self.show_button)
        body.addWidget(self.folder_note)
        layout.addWidget(self.body)
        layout.addStretch(1)

        self.other_button.clicked.connect(self._choose_other)
        self.refresh_button.clicked.connect(self.fill_destinations)
        self.password_box.toggled.connect(self._update_options)
        self.split_box.toggled.connect(self._update_options)
        self.password.textEdited.connect(lambda _text: self.password_problem.hide())
        self.password_again.textEdited.connect(lambda _text: self.password_problem.hide())
        self.export_button.clicked.connect(lambda: self.start(accept_warnings=False))
        self.anyway_button.clicked.connect(lambda: self.start(accept_warnings=True))
        self.checklist_button.clicked.connect(self.checklist_requested)
        self.cancel_button.clicked.connect(self.cancel)
        self.show_button.clicked.connect(self._show_result)
        self.without_button.clicked.connect(self._export_without_damaged)
        self.destination.currentIndexChanged.connect(lambda _index: self._clear_messages())
        self._update_options()
        self.fill_destinations()
        self.set_packet(None)
        notices(library).changed.connect(self._library_changed)

    def _library_changed(self, _changes: object) -> None:
        if self.isVisible():  # otherwise showEvent says it when the page is shown
            self.show_readiness()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.show_readiness()

    # -- state -----------------------------------------------------------------------------

    def set_packet(self, packet_id: int | None) -> None:
        if packet_id != self.packet_id:
            self._clear_messages()
            self.outcome.hide()
            self.show_button.hide()
            self.without_button.hide()
            self._leave_out = frozenset()
        self.packet_id = packet_id
        self.no_packet.setVisible(packet_id is None)
        self.body.setVisible(packet_id is not None)
        # evaluated when the page is seen (showEvent): at start-up the Overview has just
        # evaluated the checklist, and a big library should not pay for it twice
        if self.isVisible():
            self.show_readiness()

    def show_readiness(self) -> None:
        """Say up front whether the checklist is ready; the export is allowed either way."""
        if self.packet_id is None or not self.library.exists(Packet, self.packet_id):
            self.readiness.clear()
            return
        report = evaluate(self.library, self.packet_id)
        if report.ready:
            color = theme.success_color(self).name()
            self.readiness.setText(
                f'<p style="color:{color}"><b>The checklist says the packet is ready.</b></p>'
            )
            return
        color = theme.warning_color(self).name()
        missing = [r.title for r in report.results if r.status is Status.MISSING]
        waiting = [r.title for r in report.results if r.status is Status.REQUESTED]
        parts = [f"{len(missing)} missing: {'; '.join(missing)}"] if missing else []
        if waiting:
            parts.append(f"requested, not received: {'; '.join(waiting)}")
        self.readiness.setText(
            f'<p style="color:{color}"><b>The checklist is not ready yet</b> '
            f"({escape('; '.join(parts))}). "
            "You can still export now and again later.</p>"
        )

    def fill_destinations(self) -> None:
        current = self.target()
        self.destination.clear()
        for place in self.destinations_source():
            self.destination.addItem(place.describe(), str(place.path))
        if current is not None:
            self.add_destination(current)

    def add_destination(self, folder: Path) -> None:
        found = self.destination.findData(str(folder))
        if found < 0:
            self.destination.addItem(f"Folder: {folder}", str(folder))
            found = self.destination.count() - 1
        self.destination.setCurrentIndex(found)

    def target(self) -> Path | None:
        data = self.destination.currentData()
        return Path(data) if data else None

    def _choose_other(self) -> None:
        folder = self.choose_folder(self)
        if folder is not None:
            self.add_destination(folder)

    def _update_options(self) -> None:
        on = self.password_box.isChecked()
        self.password.setEnabled(on)
        self.password_again.setEnabled(on)
        self.split_size.setEnabled(self.split_box.isChecked())

    def options(self) -> ExportOptions | None:
        """The chosen options, or None after saying next to the fields what is wrong."""
        password: str | None = None
        if self.password_box.isChecked():
            password = self.password.text()
            problem = ""
            if not password:
                problem = "Type a password, or untick “Protect the PDF with a password”."
            elif password != self.password_again.text():
                problem = "The two passwords are not the same. Type them again."
            if problem:
                self._show_password_problem(problem)
                return None
        split = self.split_size.value() if self.split_box.isChecked() else None
        return ExportOptions(password=password, split_mb=split, leave_out=self._leave_out)

    def _show_password_problem(self, message: str) -> None:
        color = theme.error_color(self).name()
        self.password_problem.setText(
            f'<span style="color:{color}"><b>Please check:</b> {message}</span>'
        )
        self.password_problem.show()
        self.password.setFocus()

    # -- running ---------------------------------------------------------------------------

    def start(self, accept_warnings: bool) -> JobRunner | None:
        """Check first; with warnings not yet accepted, say what they are and wait."""
        if self.packet_id is None or self.is_running:
            return None
        target = self.target()
        options = self.options()
        if options is None:
            return None
        if target is None:
            self._show_problems("Choose where to export the packet first.", [], blocking=True)
            return None
        try:
            problems = preflight(self.library, self.packet_id, target, options)
        except (SecondLookError, OSError) as error:
            self._show_problems(str(error), [], blocking=True)
            return None
        blockers = [p for p in problems if p.blocks]
        if blockers:
            self._show_problems("The export cannot start:", blockers, blocking=True)
            return None
        warnings = [p for p in problems if not p.blocks]
        if warnings and not accept_warnings:
            self._show_problems("Before you export:", warnings, blocking=False)
            return None
        return self._run(target, options)

    def _run(self, target: Path, options: ExportOptions) -> JobRunner:
        assert self.packet_id is not None
        self._clear_messages()
        self.outcome.hide()
        self.show_button.hide()
        self.without_button.hide()
        root = self.library.root
        packet_id = self.packet_id

        def work(
            context: JobContext, _deliver: Callable[[Any], None]
        ) -> ExportResult | DamagedDocuments:
            # a read connection of its own: the GUI thread keeps the library's connection
            reader = Library.open(root, lock=False, create=False)
            try:
                return core_export.export_packet(reader, packet_id, target, options, context)
            except DamagedDocuments as damaged:  # handed back so the page can offer a way on
                return damaged
            finally:
                reader.close()

        runner = JobRunner("Exporting the packet", work, parent_window=self, show_dialog=False)
        runner.progress.connect(self._show_progress)
        runner.succeeded.connect(self._succeeded)
        runner.cancelled.connect(self._cancelled)
        runner.failed.connect(self._failed)
        runner.ended.connect(self._ended)
        self.runner = runner
        self._set_running(True)
        runner.start()
        return runner

    @property
    def is_running(self) -> bool:
        return self.runner is not None and self.runner.is_running

    def cancel(self) -> None:
        if self.runner is not None:
            self.cancel_button.setEnabled(False)
            self.progress_text.setText("Stopping… nothing half-written will be left behind.")
            self.runner.cancel()

    def _set_running(self, running: bool) -> None:
        self.progress_box.setVisible(running)
        self.cancel_button.setEnabled(running)
        for widget in (self.export_button, self.destination, self.other_button):
            widget.setEnabled(not running)
        if running:
            self.progress_bar.setRange(0, 0)
            self.progress_text.setText("Getting ready…")

    def _show_progress(self, progress: Progress) -> None:
        if progress.total > 0:
            self.progress_bar.setRange(0, progress.total)
            self.progress_bar.setValue(min(progress.done, progress.total))
        if progress.text:
            self.progress_text.setText(progress.text)

    def _succeeded(self, result: ExportResult | DamagedDocuments) -> None:
        if isinstance(result, DamagedDocuments):
            self._offer_without(result)
            return
        self._leave_out = frozenset()
        self.result = result
        size = result.total_bytes / 1024**2
        lines = [
            f"<h3>Exported</h3><p>The packet is in <b>{escape(str(result.folder))}</b>: "
            f"{result.file_count} files, {size:.1f} MB. The PDF has {result.pages} pages"
            + (" and is protected with your password." if result.encrypted else ".")
            + "</p>"
        ]
        if result.pdf_parts:
            lines.append(f"<p>The PDF is also saved in {len(result.pdf_parts)} parts.</p>")
        if result.not_printed:
            lines.append(
                "<p>Not in the PDF, but in the folder (a list at the end of the PDF says "
                "where): " + escape(", ".join(result.not_printed)) + "</p>"
            )
        if result.checklist_warning:
            lines.append(f"<p>{escape(result.checklist_warning)}</p>")
        self._show_outcome("".join(lines), good=True)
        self.show_button.show()
        self.finished.emit(result)

    def _offer_without(self, damaged: DamagedDocuments) -> None:
        self._damaged = damaged.document_ids
        self._show_outcome(
            f"<h3>The export did not finish</h3><p>{escape(str(damaged))}</p>"
            "<p>Nothing half-written was left behind. You can export the packet now without "
            "this document, and add it again later.</p>",
            good=False,
        )
        self.without_button.show()

    def _export_without_damaged(self) -> None:
        self._leave_out = self._leave_out | self._damaged
        self.without_button.hide()
        self.start(accept_warnings=True)

    def _cancelled(self) -> None:
        self._show_outcome(
            "<h3>Export cancelled</h3><p>Nothing was left behind on the destination.</p>",
            good=False,
        )

    def _failed(self, message: str) -> None:
        self._show_outcome(
            f"<h3>The export did not finish</h3><p>{escape(message)}</p>"
            "<p>Nothing half-written was left behind. Check the destination and try again.</p>",
            good=False,
        )

    def _ended(self) -> None:
        self._set_running(False)
        self.runner = None

    def _show_result(self) -> None:
        if self.result is not None and not self.reveal(self.result.folder):
            text = escape(no_folder_viewer_text(self.result.folder)).replace("\n", "<br>")
            self.folder_note.setText(text)
            self.folder_note.show()

    # -- messages --------------------------------------------------------------------------

    def _show_problems(self, headline: str, problems: list[Problem], *, blocking: bool) -> None:
        color = (theme.error_color if blocking else theme.warning_color)(self).name()
        items = "".join(f"<li>{escape(p.message)}</li>" for p in problems)
        self.problems.setText(
            f'<p style="color:{color}"><b>{escape(headline)}</b></p>'
            + (f"<ul>{items}</ul>" if items else "")
        )
        self.problems.show()
        self.anyway_button.setVisible(not blocking)
        self.checklist_button.setVisible(
            not blocking and any("checklist" in p.message for p in problems)
        )
        self._acknowledged = tuple(p.message for p in problems)

    def _clear_messages(self) -> None:
        self.problems.hide()
        self.anyway_button.hide()
        self.checklist_button.hide()

    def _show_outcome(self, html: str, *, good: bool) -> None:
        color = (theme.success_color if good else theme.error_color)(self).name()
        self.outcome.setText(f'<div style="color:{color}">{html}</div>')
        self.outcome.show()
