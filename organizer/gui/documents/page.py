"""The Documents section: the list, what is selected, its preview, search and the trash.

Every change goes through the undo stack; the page re-reads the library after each one and
keeps the same documents selected.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedLayout,
    QStackedWidget,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.core import ops, view_settings
from organizer.core.guesses import needs_check
from organizer.core.library import Library
from organizer.core.ops import Changes, Outcome
from organizer.core.records import Document, Event, Packet
from organizer.gui.changes import announce, concerns, notices
from organizer.gui.columns import FillColumn
from organizer.gui.undo import push

from . import search as fulltext
from .background_search import BackgroundSearch
from .details import DocumentDetails
from .dialogs import Confirm, DocumentEditor, EventLinks, Tell, TrashWindow, ask_yes_no, tell
from .identity import IdentityActions
from .model import (
    CATEGORY,
    DATE,
    DOCUMENT_ID_ROLE,
    INCLUDED,
    PAGES,
    PROVIDER,
    THUMBNAIL,
    TITLE,
    DocumentsFilter,
    DocumentsModel,
)
from .preview import PreviewPane
from .thumbnails import ThumbnailCache
from .viewer_copies import ViewerCopies, no_folder_viewer_text

EMPTY_TEXT = (
    "<h3>No documents yet</h3>"
    "<p>Drag your portal downloads, scanned letters, photos of papers and imaging CDs "
    "onto this window, or use <b>File, Import…</b>.</p>"
    "<p>Second Look keeps a copy of each file; your own files are never changed or moved.</p>"
)
NO_PERSON_TEXT = "<h3>No one chosen</h3><p>Choose or add the person these records are for.</p>"
SEARCH_DELAY_MS = 250
FITTED_COLUMNS = (CATEGORY, DATE, PROVIDER, PAGES, INCLUDED)
"""Columns as wide as their contents; the Title takes the rest and elides in the middle."""
PREVIEW_SHARE = 0.35
TITLE_CHARS = 18
FIT_SAMPLE_ROWS = 0
ARRIVALS_HOLD_MS = 2000
"""How long after documents last arrived PDF first pages wait before being drawn (an
import hands its documents over about every 1.5 s)."""
SelectionFlag = QItemSelectionModel.SelectionFlag
ALSO_SHOWN_TABLES = ("packet_excluded_documents", "event_documents", "events", "providers")
"""Besides the documents themselves: a change to these reads the whole list again."""
SHOWN_TABLES = (Document.TABLE, *ALSO_SHOWN_TABLES)


class DocumentsPage(QWidget):
    documents_changed = Signal()
    search_done = Signal()  # the newest search's hits are shown
    # The app sets this: while the page is hidden, a new person or packet is read when the
    # page is first shown, so 10,000 documents do not delay the first window. Tests leave
    # it off and read at once.
    read_when_shown: ClassVar[bool] = False

    def __init__(
        self, library: Library, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = undo_stack
        self.person_id: int | None = None
        self.packet_id: int | None = None
        self._stale = False
        self._note_stale = False  # the "search is not complete" note, counted when shown
        self.viewer_copies = ViewerCopies()
        self.confirm: Confirm = ask_yes_no  # tests replace it to answer for the person
        self.tell: Tell = tell
        self.trash_window: TrashWindow | None = None

        self.model = DocumentsModel(library, self)
        self.thumbnails = ThumbnailCache(library)
        self.model.thumbnailer = self.thumbnails.icon_for
        self.thumbnails.shown_ids = self._shown_ids
        self.model.include_setter = self._set_one_included
        self.proxy = DocumentsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.identity = IdentityActions(library, undo_stack, self)
        self._build()
        self._connect()
        self.thumbnails.pdfs.ready.connect(lambda sha: self._thumbnails_ready((sha,)))
        self.thumbnails.more_ready.connect(
            lambda: self.model.refresh_cells(self._shown_ids(), THUMBNAIL)
        )
        self.destroyed.connect(self.viewer_copies.cleanup)
        self._update_empty_state()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search the text of your documents (Ctrl+F)")
        self.search_box.setAccessibleName("Search documents")
        self.search_box.setClearButtonEnabled(True)
        self.unchecked_only = QCheckBox("&Needs checking only")
        self.unchecked_only.setToolTip(
            "Show only documents whose category or date was guessed, or that name another person"
        )
        self.trash_button = QPushButton("Move to &trash")
        self.trash_button.setToolTip("Move the selected documents to the trash (Delete)")
        self.show_trash_button = QPushButton("Open t&rash…")
        self.show_trash_button.setToolTip("See deleted documents, restore them or empty the trash")
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setObjectName("preview_toggle")
        self.preview_button.setCheckable(True)
        self.preview_button.setChecked(True)
        self.preview_button.setAccessibleName("Show the preview of the chosen document")
        self.preview_button.setToolTip("Show or hide the details and preview on the right")
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.unchecked_only)
        top.addWidget(self.trash_button)
        top.addWidget(self.show_trash_button)
        top.addWidget(self.preview_button)

        self.index_note = QLabel()
        self.index_note.setWordWrap(True)
        self.index_note.hide()
        self.results_label = QLabel()
        self.results_label.setWordWrap(True)
        self.results_label.hide()
        self.results = QTreeWidget()
        self.results.setAccessibleName("Search results")
        self.results.setColumnCount(2)
        self.results.setHeaderLabels(["Document", "Where the words appear"])
        self.results.setRootIsDecorated(False)
        self.results.setWordWrap(True)
        self.results.setMaximumHeight(200)
        self.results.header().resizeSection(0, 240)
        self.results.hide()

        self.table = QTableView()
        self.table.setAccessibleName("Documents")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        self.table.setIconSize(self.thumbnails.size)
        self.table.verticalHeader().setDefaultSectionSize(self.thumbnails.size.height() + 6)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        self.title_column = FillColumn(self.table, TITLE, TITLE_CHARS)
        header.setSectionResizeMode(THUMBNAIL, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(THUMBNAIL, self.thumbnails.size.width() + 10)
        for column in FITTED_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(self.thumbnails.size.width() + 10)
        # the fitted columns hold short words and dates: sizing them from the rows in view
        # is as good as reading all; each import batch fits them again, and a sample of 40
        # more rows made that fit cost as much as drawing the rows (the import benchmark)
        header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)
        # the table stays shown under the "no documents yet" words (which cover it): its
        # first showing is not left for the moment the first documents of an import come
        stacked = self.list_stack.layout()
        assert isinstance(stacked, QStackedLayout)
        stacked.setStackingMode(QStackedLayout.StackingMode.StackAll)
        self.empty.setAutoFillBackground(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.identity.offer)
        left_layout.addWidget(self.index_note)
        left_layout.addWidget(self.results_label)
        left_layout.addWidget(self.results)
        left_layout.addWidget(self.list_stack, 1)

        self.details = DocumentDetails()
        self.preview = PreviewPane(self.library)
        # the details scroll rather than being cut off; the preview under them can be
        # dragged smaller or away
        details_area = QScrollArea()
        details_area.setObjectName("document_details_scroll")
        details_area.setWidgetResizable(True)
        details_area.setFrameShape(QFrame.Shape.NoFrame)
        details_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        details_area.setWidget(self.details)
        details_box = QWidget()  # the identity banner stays in view above the details
        self.details_box = details_box
        details_layout = QVBoxLayout(details_box)
        self.details_box_layout = details_layout
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.identity.banner)
        details_layout.addWidget(details_area, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("previewSplitter")
        right.setChildrenCollapsible(False)
        right.addWidget(details_box)
        right.addWidget(self.preview)
        right.setCollapsible(1, True)
        right.setStretchFactor(0, 0)
        right.setStretchFactor(1, 1)
        self.preview_splitter = right
        details_area.setMinimumHeight(self.fontMetrics().height() * 4)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("documentsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)
        self.splitter.setSizes([900, 420])
        self._preview_width = 420
        self.split_pending = True
        self.preview_split_restored = False
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.include_action = QAction("&Include in packet", self)
        self.exclude_action = QAction("Lea&ve out of packet", self)
        self.confirm_action = QAction("&Confirm guessed category and date", self)
        self.edit_action = QAction("Change &details…", self)
        self.trash_action = QAction("Move to &trash", self)
        self.trash_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.open_action = QAction("&Open in viewer", self)
        self.reveal_action = QAction("Show in &folder", self)
        self.links_action = QAction("&Link to timeline…", self)
        self.rotate_action = QAction("&Rotate clockwise (for the printed packet)", self)
        self.rotate_action.setShortcut(QKeySequence("Ctrl+R"))
        self.rotate_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.rotate_action)
        self.move_action = QAction("Move to another &person…", self)

        self.searcher = BackgroundSearch(self.library.root, self)
        self.searcher.found.connect(self._show_found)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.installEventFilter(self)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self.run_search)
        self._search_timer.timeout.connect(self.run_search)
        self.results.currentItemChanged.connect(self._result_chosen)
        self.unchecked_only.toggled.connect(self.proxy.set_only_unchecked)
        self.trash_button.clicked.connect(self.trash_selected)
        self.show_trash_button.clicked.connect(self.show_trash)
        self.details.confirm_requested.connect(self.confirm_selected)
        self.details.edit_requested.connect(self.edit_selected)
        self.details.open_requested.connect(self.open_selected)
        self.details.reveal_requested.connect(self.reveal_selected)
        self.details.links_requested.connect(self.link_selected)
        self.include_action.triggered.connect(lambda: self.set_selected_included(True))
        self.exclude_action.triggered.connect(lambda: self.set_selected_included(False))
        self.confirm_action.triggered.connect(self.confirm_selected)
        self.edit_action.triggered.connect(self.edit_selected)
        self.trash_action.triggered.connect(self.trash_selected)
        self.open_action.triggered.connect(self.open_selected)
        self.reveal_action.triggered.connect(self.reveal_selected)
        self.links_action.triggered.connect(self.link_selected)
        self.rotate_action.triggered.connect(self.rotate_selected)
        self.move_action.triggered.connect(self.identity.move_to_other_person)
        self.model.reloaded.connect(self._update_empty_state)
        notices(self.library).changed.connect(self._library_changed)
        self.preview_button.toggled.connect(self.show_preview)
        self.splitter.splitterMoved.connect(lambda *_: self._preview_moved())
        self.preview_splitter.splitterMoved.connect(self._details_dragged)

    # -- the preview side ------------------------------------------------------------------

    def show_preview(self, shown: bool) -> None:
        """Show or collapse the details and preview; the list takes the room when hidden."""
        sizes = self.splitter.sizes()
        total = sum(sizes) or self.width()
        if shown and sizes[1] == 0:
            width = min(self._preview_width, int(total * 0.6))
            self.splitter.setSizes([total - width, width])
        elif not shown and sizes[1] > 0:
            self._preview_width = sizes[1]
            self.splitter.setSizes([total, 0])
        self.preview_button.setChecked(shown)

    def fit_split(self) -> None:
        """A first split for this size: the list gets most of the width, the details
        what they need of the height (up to half) and the preview the rest."""
        total = sum(self.splitter.sizes()) or self.width()
        width = int(total * PREVIEW_SHARE)
        self.splitter.setSizes([total - width, width])
        self.fit_details()

    def fit_details(self) -> None:
        """Give the details the height they need (up to half), until the person drags it."""
        if self.preview_split_restored:
            return
        height = sum(self.preview_splitter.sizes())
        width = self.preview_splitter.width()
        if height <= 0 or width <= 0:
            return
        layout = self.details.layout()
        wanted = layout.totalHeightForWidth(width) if layout is not None else 0
        if self.identity.banner.isVisibleTo(self):
            wanted += self.identity.banner.sizeHint().height()
        details = min(max(wanted, self.details.sizeHint().height()) + 4, height // 2)
        self.preview_splitter.setSizes([details, height - details])

    def _details_dragged(self, *_: object) -> None:
        self.preview_split_restored = True  # the person chose; keep it

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
        elif self._note_stale:
            self.update_index_note()
        if self.split_pending:
            self.split_pending = False
            self.fit_split()

    def follow_split(self) -> None:
        """The Preview button says whether the preview side is open (after a restore)."""
        self._preview_moved()

    def _preview_moved(self) -> None:
        width = self.splitter.sizes()[1]
        self.preview_button.blockSignals(True)
        self.preview_button.setChecked(width > 0)
        self.preview_button.blockSignals(False)
        if width > 0:
            self._preview_width = width

    # -- the public interface --------------------------------------------------------------

    def set_person(self, person_id: int | None) -> None:
        """Show this person's documents; a packet of someone else is forgotten."""
        if person_id != self.person_id:
            self.person_id = person_id
            if self.packet_id is not None and (
                person_id is None
                or not self.library.exists(Packet, self.packet_id)
                or self.library.get(Packet, self.packet_id).person_id != person_id
            ):
                self.packet_id = None
            self.search_box.clear()
            self._apply_search([], None)
            self.reload()

    def set_packet(self, packet_id: int | None) -> None:
        if packet_id != self.packet_id:
            self.packet_id = packet_id
            self.reload()

    def set_scope(
        self, person_id: int | None, packet_id: int | None, *, force: bool = False
    ) -> None:
        """The window's person and packet at once: the documents are read once, and only
        when either changed (or ``force``: the library changed underneath)."""
        changed = person_id != self.person_id or packet_id != self.packet_id
        if person_id != self.person_id:
            self.person_id = person_id
            self.search_box.clear()
            self._apply_search([], None)
        self.packet_id = packet_id
        if not (changed or force):
            return
        if DocumentsPage.read_when_shown and not self.isVisible():
            self._stale = True
            return
        self.reload()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def pictures_made(self, shas: tuple[str, ...]) -> None:
        """The background pass made these files' thumbnails: show them instead of icons."""
        self.thumbnails.pictures_made(shas)
        self._thumbnails_ready(shas)

    def _thumbnails_ready(self, shas: tuple[str, ...]) -> None:
        self.model.refresh_cells(self.thumbnails.documents_showing(shas), THUMBNAIL)

    def shutdown(self) -> None:
        """Stop background drawing and remove viewer copies (before the library closes)."""
        self.searcher.wait()
        self.thumbnails.pdfs.cancel()
        if self.thumbnails.pdfs.runner is not None:
            self.thumbnails.pdfs.runner.wait()
        self.viewer_copies.cleanup()

    def reload(self) -> None:
        """Re-read the documents (after an import or an undo), keeping the selection."""
        self._stale = False
        selected = self.selected_ids()
        self.thumbnails.forget_files()
        self.model.set_scope(self.person_id, self.packet_id)
        self.select_ids(selected)
        if not self.selected_ids():
            self._show_current()
        if self.search_box.text().strip():
            self.run_search()
        else:
            self.update_index_note()

    def update_documents(self, document_ids: Iterable[int]) -> None:
        """Only these documents came, changed or went (an import adding a few at a time):
        their rows are updated in place, and the rest of the list, what is selected and
        what is in view stay as they were."""
        ids = set(document_ids)
        self.thumbnails.forget_files(ids)  # an import may have added files to a study
        anchor = self._top_of_view()
        rows_before = self.model.rowCount()
        self.model.update_documents(ids)
        if self.model.rowCount() > rows_before:  # arrivals: first pages are drawn after
            self.thumbnails.pdfs.hold(ARRIVALS_HOLD_MS)
        self._keep_in_view(anchor)
        if ids & set(self.selected_ids()):
            self._show_current()  # its details changed
        if self.search_box.text().strip():
            self.run_search()
        else:
            self.update_index_note()

    # -- what is in view -------------------------------------------------------------------

    def _top_of_view(self) -> tuple[int, int] | None:
        """The document at the top of the list and where it is, to keep it there while
        rows come in above it; None at the very top with nothing chosen, where the newest
        arrivals may show."""
        row = self.table.rowAt(0)
        at_top = self.table.verticalScrollBar().value() == 0
        if row < 0 or (at_top and not self.table.selectionModel().hasSelection()):
            return None
        number = self.proxy.mapToSource(self.proxy.index(row, TITLE)).row()
        if number < 0:
            return None
        return self.model.rows[number].id, self.table.rowViewportPosition(row)

    def _keep_in_view(self, anchor: tuple[int, int] | None) -> None:
        if anchor is None:
            return
        document_id, position = anchor
        number = self.model.row_of(document_id)
        if number < 0:
            return
        row = self.proxy.mapFromSource(self.model.index(number, TITLE)).row()
        if row < 0:
            return
        self.table.updateGeometries()  # the scroll bar's range takes in the new rows now
        bar = self.table.verticalScrollBar()
        if self.table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel:
            bar.setValue(bar.value() + self.table.rowViewportPosition(row) - position)
        else:
            bar.setValue(row)  # scrolled by rows: the value is the first row shown

    def _shown_ids(self) -> list[int]:
        """The documents whose rows are on screen (their thumbnails are looked up at once)."""
        first = self.table.rowAt(0)
        if first < 0:
            return []
        last = self.table.rowAt(self.table.viewport().height() - 1)
        if last < 0:
            last = self.proxy.rowCount() - 1
        rows = self.model.rows
        numbers = (
            self.proxy.mapToSource(self.proxy.index(r, TITLE)).row() for r in range(first, last + 1)
        )
        return [rows[number].id for number in numbers if 0 <= number < len(rows)]

    # -- selection -------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows(TITLE)
        return [int(index.data(DOCUMENT_ID_ROLE)) for index in rows]

    def selected_documents(self) -> list[Document]:
        documents = []
        for document_id in self.selected_ids():
            row = self.model.row_of(document_id)
            if row >= 0:
                documents.append(self.model.document(row))
        return documents

    def select_ids(self, ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = True
        for document_id in ids:
            row = self.model.row_of(document_id)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, TITLE))
            if not index.isValid():
                continue
            flags = SelectionFlag.Select | SelectionFlag.Rows
            if first:
                flags |= SelectionFlag.Current
                self.table.scrollTo(index)
                first = False
            selection.select(index, flags)

    def _selection_changed(self) -> None:
        self._show_current()

    def _show_current(self) -> None:
        documents = self.selected_documents()
        document = documents[0] if len(documents) == 1 else None
        linked: list[str] = []
        if document is not None and document.id is not None:
            linked_ids = set(self.library.document_event_ids(document.id))
            linked = [
                f"{event.date.display()}: {event.title}"
                for event in self.library.children(Event, document.person_id)
                if event.id in linked_ids
            ]
        self.details.show_document(document, linked)
        self.identity.show_document(document)
        self.details_box_layout.activate()  # a banner that just appeared gets its room now
        self.fit_details()
        QTimer.singleShot(0, self.fit_details)
        if document is None or document.id != self.preview.document_id:
            self.preview.show_document(document)
        has_selection = bool(documents)
        self.trash_button.setEnabled(has_selection)
        self.trash_action.setEnabled(has_selection)

    # -- actions ---------------------------------------------------------------------------

    def _library_changed(self, changes: Changes) -> None:
        """Update the documents when an operation touched what this page shows: just the
        rows named when only documents changed, else everything read again."""
        if self.preview.document_id in changes.ids(view_settings.TABLE):
            self.preview.show_turns_again()
        if concerns(changes, *SHOWN_TABLES):
            named = changes.ids(Document.TABLE)
            if named and not self._stale and not concerns(changes, *ALSO_SHOWN_TABLES):
                self.update_documents(named)
            else:
                self.reload()
            self.documents_changed.emit()
            if self.trash_window is not None and self.trash_window.isVisible():
                self.trash_window.refresh()  # an undo can put a document back in the trash

    def _run(self, text: str, outcome: Outcome) -> None:
        push(self.undo_stack, self.library, text, outcome)

    def confirm_selected(self) -> None:
        """Mark the selected documents' guessed category and date as checked (undoable)."""
        ids = [d.id for d in self.selected_documents() if needs_check(d) and d.id is not None]
        text = "Confirm category and date" if len(ids) == 1 else "Confirm guesses"
        self._run(text, ops.confirm_guesses(self.library, ids))

    def edit_selected(self) -> None:
        documents = self.selected_documents()
        if len(documents) != 1:
            return
        editor = DocumentEditor(documents[0], self)
        if editor.exec() != DocumentEditor.DialogCode.Accepted:
            return
        self.apply_edit(documents[0], editor.edited())

    def apply_edit(self, before: Document, after: Document) -> None:
        if after == before:
            return
        self._run(f"Edit “{after.title}”", ops.update_record(self.library, after))

    def trash_selected(self) -> None:
        ids = self.selected_ids()
        self._run(
            f"Move {_documents(len(ids))} to the trash", ops.trash_documents(self.library, ids)
        )

    def rotate_selected(self) -> None:
        ids = self.selected_ids()
        self._run(f"Rotate {_documents(len(ids))}", ops.rotate_documents(self.library, ids))

    def set_selected_included(self, included: bool) -> None:
        if self.packet_id is not None:
            self._set_included(self.selected_ids(), included)

    def _set_one_included(self, document_id: int, included: bool) -> None:
        if self.packet_id is not None:
            self._set_included([document_id], included)

    def _set_included(self, ids: list[int], included: bool) -> None:
        assert self.packet_id is not None
        outcome = ops.set_documents_included(self.library, self.packet_id, ids, included)
        noun = _documents(len(outcome.changes.ids(Document.TABLE)))
        self._run(f"{'Include' if included else 'Leave out'} {noun}", outcome)

    def link_selected(self) -> None:
        documents = self.selected_documents()
        if len(documents) != 1 or documents[0].id is None:
            return
        dialog = EventLinks(self.library, documents[0], self)
        if dialog.exec() == EventLinks.DialogCode.Accepted:
            self.link_events(documents[0].id, dialog.changes())

    def link_events(self, document_id: int, changes: dict[int, bool]) -> None:
        outcome = ops.link_events(self.library, document_id, changes)
        self._run("Change the document's timeline links", outcome)

    def open_selected(self) -> None:
        documents = self.selected_documents()
        if len(documents) == 1:
            self.viewer_copies.open_in_viewer(self.library, documents[0])

    def reveal_selected(self) -> None:
        documents = self.selected_documents()
        if len(documents) != 1:
            return
        shown = self.viewer_copies.show_in_folder(self.library, documents[0])
        if shown is not None and not shown[1]:
            self.tell(
                self, "The folder could not be opened", no_folder_viewer_text(shown[0].parent)
            )

    # -- the trash -------------------------------------------------------------------------

    def show_trash(self) -> TrashWindow:
        if self.trash_window is None:
            self.trash_window = TrashWindow(
                self.library, None, self.restore_documents, self.empty_trash, self
            )
        self.trash_window.refresh()
        self.trash_window.show()
        self.trash_window.raise_()
        return self.trash_window

    def restore_documents(self, ids: list[int]) -> None:
        outcome = ops.restore_documents(self.library, ids)
        self._run(f"Restore {_documents(len(ids))} from the trash", outcome)

    def empty_trash(self) -> int:
        count = len(self.library.trashed_documents())
        if not count:
            return 0
        noun = "document" if count == 1 else f"{count} documents"
        if not self.confirm(
            self,
            "Empty the trash?",
            f"This deletes the {noun} in the trash and their files for good. It cannot be undone.",
        ):
            return 0
        emptied = ops.empty_trash(self.library)
        # earlier steps may refer to documents that no longer exist: they cannot be undone now
        self.undo_stack.clear()
        if self.trash_window is not None:
            self.trash_window.refresh()
        announce(self.library, emptied.changes)
        return len(emptied.changes.ids(Document.TABLE))

    # -- search ----------------------------------------------------------------------------

    def run_search(self) -> None:
        self._search_timer.stop()
        text = self.search_box.text().strip()
        if not text or self.person_id is None:
            self.searcher.forget()
            self._apply_search([], None)
            return
        self.searcher.submit(text, self.person_id)

    def _show_found(self, found: fulltext.Found, text: str) -> None:
        self._apply_search(found.hits, text)
        self.update_index_note(found.pending)
        self.search_done.emit()

    def _apply_search(self, hits: list[fulltext.Hit], text: str | None) -> None:
        self.results.clear()
        if text is None:
            self.proxy.set_only_ids(None)
            self.results.hide()
            self.results_label.hide()
            self.update_index_note()
            return
        self.proxy.set_only_ids(frozenset(hit.document_id for hit in hits))
        if hits:
            noun = "1 document contains" if len(hits) == 1 else f"{len(hits)} documents contain"
            self.results_label.setText(f"{noun} “{text}”. Choose one to see it.")
        else:
            self.results_label.setText(
                f"No document contains “{text}”. Check the spelling, or try fewer words."
            )
        for hit in hits:
            item = QTreeWidgetItem([hit.title, hit.snippet_text()])
            item.setData(0, Qt.ItemDataRole.UserRole, hit.document_id)
            item.setToolTip(1, hit.snippet_text())
            self.results.addTopLevelItem(item)
        self.results_label.show()
        self.results.setVisible(bool(hits))

    def update_index_note(self, pending: int | None = None) -> None:
        """Say so while some documents' words are not searchable yet."""
        if pending is None:
            if DocumentsPage.read_when_shown and not self.isVisible():
                self._note_stale = True  # counted when the section is shown, not at start
                return
            pending = fulltext.pending(self.library)
        self._note_stale = False
        if pending:
            noun = "document" if pending == 1 else "documents"
            self.index_note.setText(
                f"Search is not complete yet: Second Look is still reading {pending} {noun}. "
                "Their words may not be found until it has finished."
            )
            self.index_note.show()
        else:
            self.index_note.hide()

    def _result_chosen(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        document_id = item.data(0, Qt.ItemDataRole.UserRole)
        if document_id is not None:
            self.select_ids([int(document_id)])

    # -- keyboard, menus, empty state ------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.trash_selected()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.type() == QEvent.Type.KeyPress:
                    self.edit_selected()
                return True
        return super().eventFilter(watched, event)

    def _context_menu(self, position: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self.table.viewport().mapToGlobal(position))
        menu.deleteLater()

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        documents = self.selected_documents()
        self.confirm_action.setEnabled(any(needs_check(d) for d in documents))
        single = len(documents) == 1
        for action in (
            self.edit_action,
            self.open_action,
            self.reveal_action,
            self.links_action,
            self.move_action,
        ):
            action.setEnabled(single)
        in_packet = self.packet_id is not None and bool(documents)
        self.include_action.setEnabled(in_packet)
        self.exclude_action.setEnabled(in_packet)
        menu.addAction(self.confirm_action)
        menu.addAction(self.edit_action)
        menu.addAction(self.links_action)
        menu.addAction(self.rotate_action)
        menu.addAction(self.move_action)
        menu.addSeparator()
        menu.addAction(self.include_action)
        menu.addAction(self.exclude_action)
        menu.addSeparator()
        menu.addAction(self.open_action)
        menu.addAction(self.reveal_action)
        menu.addSeparator()
        menu.addAction(self.trash_action)
        return menu

    def _update_empty_state(self) -> None:
        if self.person_id is None:
            self.empty.setText(NO_PERSON_TEXT)
            self.list_stack.setCurrentWidget(self.empty)
        elif not self.model.rows:
            self.empty.setText(EMPTY_TEXT)
            self.list_stack.setCurrentWidget(self.empty)
        else:
            self.list_stack.setCurrentWidget(self.table)
        self.table.setColumnHidden(INCLUDED, self.packet_id is None)
        # an empty column only takes room from the titles
        self.table.setColumnHidden(PROVIDER, not any(row.provider for row in self.model.rows))


def _documents(count: int) -> str:
    return "1 document" if count == 1 else f"{count} documents"
