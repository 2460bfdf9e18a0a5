"""Importing dropped files from the window: the work off-thread, the writes on the GUI thread.

The import pipeline is split for this: ``Preparer.run`` (a worker thread) walks the paths,
copies files into the store and reads what they are, but never writes the database; each
prepared document is handed to the GUI thread, where ``commit`` writes it in one short
transaction. So the GUI thread is the only database writer and never waits long: the
1,000-file benchmark in benchmarks/ measures the longest gap between its heartbeats.

After an import, the background pass runs the same way: thumbnails and print copies of
new pictures, then the text of new documents, made in a worker; one short
``save_pictures`` or ``save_text`` per document on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.core import importing, ops
from organizer.core.importing import FileOutcome, ImportSummary, Outcome, PreparedDocument
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document
from organizer.gui.changes import announce
from organizer.gui.jobs import Deliver, JobRunner, Progress
from organizer.gui.undo import push

# how often the documents committed since are handed to the views while an import runs
# (every view showing documents hears of them: the pages not shown read again too)
ARRIVED_EVERY_MS = 1500
# documents read per index job: keeps each look-up of pending work on the GUI thread short
INDEX_BATCH = 200
# a new document, or more files in one already there (a study)
ARRIVING = (Outcome.IMPORTED, Outcome.ADDED)


class ImportController(QObject):
    """Runs imports for the window: progress with Cancel, then a summary in plain words.

    ``finished(summary)`` carries the ``ImportSummary`` (also after a cancel, with what was
    done); ``documents_arrived(ids)`` carries the documents committed (or added to) since
    the last time, at most every ARRIVED_EVERY_MS and when the import ends, so a view adds
    those rows rather than reading everything; ``documents_changed()`` fires when the search
    index has read them. Paths given while an import runs are imported right after it.
    """

    finished = Signal(object)
    documents_arrived = Signal(object)  # tuple[int, ...]: document ids
    documents_changed = Signal()
    document_committed = Signal(int)
    index_progress = Signal(object)  # Progress of the background pass, for a status bar
    index_finished = Signal()
    pictures_ready = Signal(object)  # the files (sha256) whose thumbnail was just made

    def __init__(self, library: Library, parent_window: QWidget) -> None:
        super().__init__(parent_window)
        self.library = library
        self.parent_window = parent_window
        self.runner: JobRunner | None = None
        self.index_runner: JobRunner | None = None
        self.summary_dialog: ImportSummaryDialog | None = None
        self.show_summaries = True
        self.undo_stack: QUndoStack | None = None
        """Where a finished import is pushed as one undoable step (set by the window)."""
        self.last_step: ImportStep | None = None
        self._queue: list[tuple[int, list[Path]]] = []
        self._summary = ImportSummary()
        self._preparer: importing.Preparer | None = None
        self._person_id = 0
        self._arrived: dict[int, None] = {}  # ids in the order they came
        # its own timer event, never inside a commit: each stays short on the GUI thread
        self._arrivals = QTimer(self)
        self._arrivals.setInterval(ARRIVED_EVERY_MS)
        self._arrivals.timeout.connect(self._hand_over_arrivals)
        self._index_again = False
        self._index_saved = 0
        self._failure: str | None = None
        self._shut_down = False

    # -- importing -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.runner is not None

    def start(self, person_id: int, paths: list[Path]) -> None:
        if not paths:
            return
        self._queue.append((person_id, list(paths)))
        if self.runner is None:
            self._start_next()

    def cancel(self) -> None:
        self._queue.clear()
        if self.runner is not None:
            self.runner.cancel()

    def _start_next(self) -> None:
        person_id, paths = self._queue.pop(0)
        self._person_id = person_id
        self._summary = ImportSummary()
        self._preparer = None
        self._arrived.clear()
        self._arrivals.start()
        count = len(paths)
        title = f"Importing {paths[0].name}" if count == 1 else f"Importing {count} items"
        self.runner = JobRunner(
            title,
            self._prepare(paths),
            self._commit,
            parent_window=self.parent_window,
        )
        self.runner.ended.connect(self._import_ended)
        self.runner.failed.connect(self._import_failed)
        self.runner.start()

    def _prepare(self, paths: list[Path]) -> Any:
        library_store, library_root = self.library.store, self.library.root

        def work(context: JobContext, deliver: Deliver) -> None:
            # worker thread: reads the person's files and writes the file store only
            preparer = importing.Preparer(library_store, library_root, context)
            self._preparer = preparer
            for item in preparer.run(paths):
                deliver(item)

        return work

    def _commit(self, item: FileOutcome | PreparedDocument) -> None:
        """GUI thread: one prepared document becomes rows in one short transaction."""
        if isinstance(item, FileOutcome):
            self._summary.outcomes.append(item)
            return
        outcomes = importing.commit(self.library, self._person_id, item)
        self._summary.outcomes.extend(outcomes)
        for outcome in outcomes:
            if outcome.outcome in ARRIVING and outcome.document_id:
                self._arrived[outcome.document_id] = None
            if outcome.outcome == Outcome.IMPORTED and outcome.document_id:
                self.document_committed.emit(outcome.document_id)

    def _hand_over_arrivals(self) -> None:
        if self._arrived:
            arrived = tuple(self._arrived)
            self._arrived.clear()
            self.documents_arrived.emit(arrived)

    def _import_failed(self, message: str) -> None:
        self._failure = message

    def _import_ended(self) -> None:
        if self._shut_down:
            return  # shutdown() already tidied up; the library may be closed by now
        runner = self.runner
        assert runner is not None
        cancelled = runner.context.cancelled
        failure, self._failure = self._failure, None
        if self._preparer is not None:
            # copies no document took (a cancel, duplicates inside the batch) are removed
            importing.remove_unreferenced(self.library, self._preparer.new_hashes)
        self.runner = None
        summary = self._summary
        self._arrivals.stop()
        self._hand_over_arrivals()
        step = self._push_step(summary)
        if self.show_summaries:
            self.summary_dialog = ImportSummaryDialog(
                self.library, summary, cancelled, failure, self.parent_window
            )
            if cancelled and step is not None:
                self.summary_dialog.offer_removal(lambda: self.remove_import(step))
            self.summary_dialog.show()
        self.finished.emit(summary)
        if summary.document_ids:
            self.start_indexing()
        if self._queue:
            self._start_next()

    def _push_step(self, summary: ImportSummary) -> ImportStep | None:
        """The import as one step on the undo stack: undo moves what it made to the trash."""
        created = [
            o.document_id
            for o in summary.outcomes
            if o.outcome == Outcome.IMPORTED and o.document_id
        ]
        if self.undo_stack is None or not created:
            self.last_step = None
            return None
        done = ops.Outcome(
            ops.Changes.of(Document.TABLE, created),
            lambda: ops.trash_documents(self.library, created),
        )
        text = f"import of {_count(summary.imported, 'file')}"
        push(self.undo_stack, self.library, text, done)
        step = ImportStep(self.undo_stack.command(self.undo_stack.count() - 1), created, text)
        self.last_step = step
        return step

    def remove_import(self, step: ImportStep) -> None:
        """Take an import back (after a cancel): its documents go to the trash, undoably."""
        stack = self.undo_stack
        if stack is None:
            return
        if stack.index() > 0 and stack.command(stack.index() - 1) is step.command:
            stack.undo()
        else:
            push(
                stack,
                self.library,
                f"Remove the {step.text}",
                ops.trash_documents(self.library, step.document_ids),
            )

    # -- the full-text index pass ----------------------------------------------------------

    def start_indexing(self) -> None:
        """Make what import left for later (after an import, at start-up): the pictures of
        new photos and scans, then the words of documents not yet searchable."""
        if self.index_runner is not None:
            self._index_again = True
            return
        pictures = importing.pending_pictures(self.library, limit=INDEX_BATCH)
        texts = importing.pending_tasks(self.library, limit=INDEX_BATCH)
        if not pictures and not texts:
            return
        store, root = self.library.store, self.library.root
        self._index_saved = 0
        total = len(pictures) + len(texts)

        def work(context: JobContext, deliver: Deliver) -> int:
            made_all = importing.made_in_turn(store, root, pictures, context)
            for done, made in enumerate(made_all, start=1):
                context.report(done, total, "Making thumbnails")
                deliver(made)
            read_all = importing.extracted_in_turn(store, texts, context)
            for done, extracted in enumerate(read_all, start=len(pictures) + 1):
                context.report(done, total, "Reading documents for search")
                deliver(extracted)
            return total

        self.index_runner = JobRunner(
            "Preparing thumbnails and search",
            work,
            self._save_made,
            parent_window=self.parent_window,
            show_dialog=False,
        )
        self.index_runner.progress.connect(self.index_progress)
        self.index_runner.ended.connect(self._index_ended)
        self.index_runner.start()

    def _save_made(self, made: importing.ExtractedText | importing.MadePictures) -> None:
        """GUI thread: one document's pictures or text recorded in one short transaction."""
        if isinstance(made, importing.MadePictures):
            if importing.save_pictures(self.library, made):
                self._index_saved += 1
                if made.made:
                    self.pictures_ready.emit(made.made)
        elif importing.save_text(self.library, made):
            self._index_saved += 1

    def cancel_indexing(self) -> None:
        if self.index_runner is not None:
            self.index_runner.cancel()

    def _index_ended(self) -> None:
        if self._shut_down:
            return  # the ended signal can arrive after the library was closed
        runner = self.index_runner
        self.index_runner = None
        cancelled = runner is not None and runner.context.cancelled
        more = (
            not cancelled
            and self._index_saved > 0
            and (
                importing.pending_count(self.library) > 0
                or importing.pictures_pending(self.library) > 0
            )
        )
        if not cancelled and (self._index_again or more):
            self._index_again = False
            self.start_indexing()  # the next batch, or documents imported meanwhile
            if self.index_runner is not None:
                return
        self._index_again = False
        self.index_finished.emit()
        self.documents_changed.emit()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop both jobs and wait for their threads (before the library is closed).

        Their ``ended`` signals are queued and may arrive after the library is closed, so
        they are ignored from here on, and what the import's end would have tidied (copies
        no document took) is tidied now."""
        self.cancel()
        self.cancel_indexing()
        self._arrivals.stop()
        for runner in (self.runner, self.index_runner):
            if runner is not None:
                runner.wait(timeout_s)
        self._shut_down = True
        self._arrived.clear()  # nothing is handed over after this
        if self.runner is not None and self._preparer is not None:
            importing.remove_unreferenced(self.library, self._preparer.new_hashes)
        self.runner = self.index_runner = None


def announce_imports(controller: ImportController) -> None:
    """Tell every view of the library what imports bring, as it comes: the documents that
    arrived (a list adds just those rows), and all documents once their words are read."""
    library = controller.library

    def arrived(ids: tuple[int, ...]) -> None:
        announce(library, ops.Changes.of(Document.TABLE, ids))

    controller.documents_arrived.connect(arrived)
    controller.documents_changed.connect(lambda: announce(library, DOCUMENTS_READ))


DOCUMENTS_READ = ops.Changes.of(Document.TABLE, [])
"""Every document may have changed (the index pass read their words): views read again."""


class ImportSummaryDialog(QDialog):
    """What the import did, file by file where something needs the person's attention."""

    def __init__(
        self,
        library: Library,
        summary: ImportSummary,
        cancelled: bool,
        failure: str | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished" if not cancelled else "Import stopped")
        self.resize(640, 420)
        self.headline = QLabel(self._headline(summary, cancelled, failure))
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Files that need your attention")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["File", "What happened"])
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        titles = _titles(library, summary)
        groups = (
            (
                Outcome.DUPLICATE,
                "Already in your records (not stored twice)",
                lambda o: _duplicate_text(o, titles),
            ),
            (Outcome.SKIPPED, "Skipped", lambda o: o.reason),
            (Outcome.REJECTED, "Could not be imported", lambda o: o.reason),
        )
        others = [o for o in summary.outcomes if o.named_other]
        if others:  # first: the most harmful mix-up
            self._add_group(
                "Imported, but the file names another person (check it in Documents)",
                [(o.path, f"Names {o.named_other}") for o in others],
            )
        for kind, heading, explain in groups:
            outcomes = [o for o in summary.outcomes if o.outcome == kind and not o.package_file]
            if outcomes:
                self._add_group(heading, [(o.path, explain(o)) for o in outcomes])
        # the reason column always has room: file names get at most 40% of the width
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), int(self.width() * 0.4)))
        self.remove_button: QPushButton | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.tree, 1)
        self.tree.setVisible(self.tree.topLevelItemCount() > 0)
        layout.addWidget(buttons)

    def _add_group(self, heading: str, rows: list[tuple[str, str]]) -> None:
        group = QTreeWidgetItem([f"{heading}: {len(rows)}", ""])
        self.tree.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        for path, text in rows:
            name, folder = _name_and_folder(path)
            item = QTreeWidgetItem([name, text])
            item.setToolTip(0, f"{name}\nin {folder}" if folder else name)
            item.setToolTip(1, text)
            group.addChild(item)
        group.setExpanded(True)

    def offer_removal(self, remove: Callable[[], None]) -> None:
        """After a cancel: a button that takes out what the stopped import brought in."""
        button = QPushButton("Remove what was imported")
        button.setAccessibleName("Remove the documents this stopped import added")
        button.setToolTip("Moves them to the trash; Edit, Undo brings them back")
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.DestructiveRole)

        def clicked() -> None:
            remove()
            button.setEnabled(False)
            self.headline.setText(
                self.headline.text()
                + "<p><b>The documents from this import were moved to the trash.</b></p>"
            )

        button.clicked.connect(clicked)
        self.remove_button = button

    @staticmethod
    def _headline(summary: ImportSummary, cancelled: bool, failure: str | None) -> str:
        documents = len(summary.document_ids)
        files = summary.imported
        if files:
            text = (
                f"{_count(files, 'file')} added to your records as {_count(documents, 'document')}."
            )
        else:
            text = "No new files were added."
        extra = []
        if summary.duplicates:
            extra.append(f"{_count(summary.duplicates, 'file')} already there")
        skipped = summary.skipped - summary.package_files
        if skipped:
            extra.append(f"{skipped} skipped")
        if summary.rejected:
            extra.append(f"{summary.rejected} could not be imported")
        if extra:
            text += " " + ", ".join(extra).capitalize() + "."
        lines = [f"<p><b>{escape(text)}</b></p>"]
        if cancelled:
            stayed = (
                f"The {_count(files, 'file')} imported before you stopped "
                f"{'is' if files == 1 else 'are'} in your records and in the packet. "
                if files
                else "Nothing was added before you stopped. "
            )
            lines.append(
                f"<p>You stopped the import. {stayed}Nothing was left half-done. "
                "Import the same files again to add the rest: the ones already in are "
                "recognised and not stored twice"
                + (", or remove what was imported with the button below." if files else ".")
                + "</p>"
            )
        if summary.package_files:
            lines.append(
                "<p>The download package's own index files were left out: they are not records.</p>"
            )
        if failure:
            lines.append(
                f"<p>The import stopped because of a problem: {escape(failure)}. "
                "Everything finished before that is kept.</p>"
            )
        if summary.rejected:
            lines.append(
                "<p>Files that could not be imported were left exactly as they are. "
                "The reason is given next to each one.</p>"
            )
        return "".join(lines)


def _name_and_folder(path: str) -> tuple[str, str]:
    """ "scan.pdf" and the folder (or zip) it was in, from a shown path."""
    cleaned = path.rstrip("/\\")
    for separator in ("/", "\\"):
        if separator in cleaned:
            folder, _, name = cleaned.rpartition(separator)
            return name, folder
    return cleaned, ""


@dataclass(frozen=True)
class ImportStep:
    """A finished import on the undo stack ("Undo import of 200 files")."""

    command: object
    document_ids: list[int]
    text: str


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _titles(library: Library, summary: ImportSummary) -> dict[int, str]:
    ids = {o.document_id for o in summary.outcomes if o.outcome == Outcome.DUPLICATE}
    titles = {}
    for document_id in ids:
        if document_id and library.exists(Document, document_id):
            titles[document_id] = library.get(Document, document_id).title
    return titles


def _duplicate_text(outcome: FileOutcome, titles: dict[int, str]) -> str:
    if not outcome.document_id:
        return "The same file came more than once in this import; it was kept once."
    title = titles.get(outcome.document_id)
    if title:
        return f"The same file is already in “{title}” (document {outcome.document_id})."
    return f"The same file is already in document {outcome.document_id}."


__all__ = ["ImportController", "ImportSummaryDialog", "Progress", "announce_imports"]
