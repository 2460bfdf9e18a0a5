"""The main window: who and which packet at the top, sections on the left, the section itself.

The layout comes from ui/main_window.ui; this class puts the sections in it and switches
between them. Menus, person and packet forms, question tools, fix-it navigation, importing
and help each live in a module of their own (window_menus, people_packets, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

import shiboken6
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFontMetrics, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from organizer.core.clinical.pending import PENDING_TABLES, pending_proposals
from organizer.core.library import Library
from organizer.core.ops import Changes
from organizer.core.records import Document, Packet, Person
from organizer.gui.changes import EVERYTHING, announce, concerns, notices
from organizer.gui.fixit import FixNavigator
from organizer.gui.forms import load_form
from organizer.gui.import_dialog import choose_import_paths
from organizer.gui.messages import Ask, Tell, ask_yes_no, tell
from organizer.gui.older_documents import OlderDocuments
from organizer.gui.page_shelf import PageShelf, PagesOfKind
from organizer.gui.pages.overview import OverviewPage
from organizer.gui.pages.sections import ALLERGIES, MEDICATIONS, QUESTIONS, REQUESTS, TIMELINE
from organizer.gui.people_bar import fill_packets, fill_people
from organizer.gui.people_packets import PeopleAndPackets
from organizer.gui.records_check import RecordsCheck
from organizer.gui.settings import ViewSettings
from organizer.gui.theme import FontZoom
from organizer.gui.welcome import WelcomePage
from organizer.gui.window_help import HelpAndSamples
from organizer.gui.window_importing import WindowImporting
from organizer.gui.window_menus import WindowMenus
from organizer.gui.window_size import fit_to_screen, window_size_for

if TYPE_CHECKING:  # built on first use: their modules load then, not at the start
    from organizer.gui.documents.page import DocumentsPage
    from organizer.gui.editor import RecordDialog
    from organizer.gui.pages.export import ExportPage
    from organizer.gui.pages.records import RecordListPage
    from organizer.gui.pages.results import ResultsPage
    from organizer.gui.pages.review import ReviewPage
    from organizer.gui.pages.visit import VisitPage
    from organizer.gui.question_tools import QuestionTools

DOCUMENT_COLUMNS_KEY = "documents-fitted"
"""Saved column state of the documents list (a new key: widths saved before columns
fitted their contents are not brought back)."""

SECTION_ORDER = (
    ("overview", "Overview"),
    ("timeline", "Timeline"),
    ("medications", "Medications"),
    ("allergies", "Allergies"),
    ("results", "Results"),
    ("review", "To review"),
    ("documents", "Documents"),
    ("questions", "Questions"),
    ("requests", "Requests & items"),
    ("export", "Export"),
    ("visit", "After the visit"),
)

LIST_SECTIONS = {spec.key: spec for spec in (TIMELINE, MEDICATIONS, ALLERGIES, QUESTIONS, REQUESTS)}

ChoosePaths = Callable[[QWidget], list[Path]]


class MainWindow(QMainWindow):
    ask: Ask = staticmethod(ask_yes_no)
    SECTIONS = SECTION_ORDER
    # the app sets this: once made, the documents page reads a new person's or packet's
    # documents when it is shown again, not while another section is on screen
    documents_read_when_shown: ClassVar[bool] = False

    def __init__(
        self,
        library: Library,
        settings: QSettings | None = None,
        zoom: FontZoom | None = None,
        *,
        sample: bool = False,
        checklist_after_paint: bool = False,
    ) -> None:
        super().__init__()
        self.library = library
        self.is_sample = sample
        self.help = HelpAndSamples(
            self,
            lambda: self.tell,
            lambda library: MainWindow(
                library, self.view_settings.qsettings, self.font_zoom, sample=True
            ),
        )
        self.choose_import_paths: ChoosePaths = choose_import_paths
        self.tell: Tell = tell
        self.records_check = RecordsCheck(self, library.root, lambda *said: self.tell(*said))
        self.view_settings = ViewSettings(settings)
        self.font_zoom = zoom
        self.undo_stack = QUndoStack(self)
        self.person_id: int | None = None
        self.packet_id: int | None = None
        self._refreshing = False
        self.setWindowTitle("Second Look")
        self.setObjectName("main_window")

        self.content = load_form("main_window", self)
        self.person_combo: QComboBox = self._child(QComboBox, "personCombo")
        self.packet_combo: QComboBox = self._child(QComboBox, "packetCombo")
        self.add_person_button: QPushButton = self._child(QPushButton, "addPersonButton")
        self.edit_person_button: QPushButton = self._child(QPushButton, "editPersonButton")
        self.new_packet_button: QPushButton = self._child(QPushButton, "newPacketButton")
        self.splitter: QSplitter = self._child(QSplitter, "mainSplitter")
        self.section_list: QListWidget = self._child(QListWidget, "sectionList")
        self.page_stack: QStackedWidget = self._child(QStackedWidget, "pageStack")

        self.welcome = WelcomePage(self.add_person, self.open_sample)
        self.first_person_button = self.welcome.first_person_button
        self.welcome_sample_button = self.welcome.sample_button
        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(self.content)
        self.setCentralWidget(self.central)

        self.page_holders: dict[str, QWidget] = {}
        self.pages = PageShelf([key for key, _ in SECTION_ORDER], self._make_page, self._fit_in)
        self.list_pages: PagesOfKind[RecordListPage] = PagesOfKind(self.pages, list(LIST_SECTIONS))
        self._questions: QuestionTools | None = None
        self._older_documents: OlderDocuments | None = None
        self.people = PeopleAndPackets(self)
        self._list_sections()
        self.overview = OverviewPage(
            self.library, self.undo_stack, checklist_held=checklist_after_paint
        )
        self.fixer = FixNavigator(self)
        self.menus = WindowMenus(self)
        self._connect()
        self.importing = WindowImporting(self)
        self.importer = self.importing.importer

        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.resize(window_size_for(self.screen().availableGeometry().size()))
        sidebar = self.section_list.minimumWidth() + 8
        self.splitter.setSizes([sidebar, self.width() - sidebar])
        self._restore_layout()
        fit_to_screen(self)
        self.apply_zoom(self.view_settings.zoom())
        self.refresh_all()
        self.show_section("overview")
        if sample:
            self.statusBar().addPermanentWidget(
                QLabel("Sample packet: made-up records to look around. Your own are not here.")
            )

    # -- building ----------------------------------------------------------------------------

    def _child(self, cls: type, name: str):  # type: ignore[no-untyped-def]
        found = self.content.findChild(cls, name)
        if found is None:
            raise RuntimeError(f"ui/main_window.ui has no {cls.__name__} named {name}")
        return found

    def _holder(self, key: str, page: QWidget) -> QWidget:
        """A page in a scroll area of its own, so a small window never cuts it off.

        The Overview scrolls itself and the Documents list has its own scroll bars and
        splitter; every other page scrolls as a whole when it is taller or wider than
        the room it has.
        """
        if key in ("overview", "documents"):
            return page
        area = QScrollArea()
        area.setObjectName(f"{key}_scroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return area

    def _list_sections(self) -> None:
        for key, title in SECTION_ORDER:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            self.section_list.addItem(item)
        self.section_list.setSpacing(3)
        self._fit_sidebar()

    def _make_page(self, key: str) -> QWidget:
        """One section's page, its module loaded now (the first time it is shown or asked for)."""
        if key == "overview":
            return self.overview
        if key in LIST_SECTIONS:
            from organizer.gui.pages.records import RecordListPage

            return RecordListPage(LIST_SECTIONS[key], self.library, self.undo_stack)
        if key == "documents":
            from organizer.gui.documents.page import DocumentsPage

            if self.documents_read_when_shown:
                DocumentsPage.read_when_shown = True
            return DocumentsPage(self.library, self.undo_stack)
        if key == "review":
            from organizer.gui.pages.review import ReviewPage

            return ReviewPage(self.library, self.undo_stack)
        if key == "results":
            from organizer.gui.pages.results import ResultsPage

            return ResultsPage(self.library)
        if key == "export":
            from organizer.gui.pages.export import ExportPage

            return ExportPage(self.library)
        assert key == "visit", key
        from organizer.gui.pages.visit import VisitPage

        return VisitPage(self.library, self.undo_stack)

    def _fit_in(self, key: str, page: QWidget) -> None:
        """A page just made: its signals, its remembered layout, what it shows, its place."""
        if isinstance(page, OverviewPage):
            page.checklist.fix_requested.connect(self.fix)
            page.edit_requested.connect(self.edit_packet)
            page.new_packet_requested.connect(lambda: self.people.new_packet())
        elif key in LIST_SECTIONS:
            self._fit_in_list(key, cast("RecordListPage", page))
        elif key == "documents":
            self._fit_in_documents(cast("DocumentsPage", page))
        elif key == "export":
            cast("ExportPage", page).checklist_requested.connect(
                lambda: self.show_section("overview")
            )
        elif key == "visit":
            cast("VisitPage", page).third_opinion_started.connect(self.show_packet)
        elif key == "review":
            cast("ReviewPage", page).pending_changed.connect(self._show_pending)
        self._scope(key, page, force=True)
        holder = self.page_holders[key] = self._holder(key, page)
        self.page_stack.addWidget(holder)
        self.importing.drop_filter.rescan()  # its text boxes import dropped files too

    def _fit_in_list(self, key: str, page: RecordListPage) -> None:
        page.selection_changed.connect(self._update_actions)
        if self.view_settings.restore_header(key, page.table.horizontalHeader()):
            page.columns_sized = True
        self.people.place_flag(key, page)
        if key == "questions":
            from organizer.gui.question_tools import QuestionTools

            self._questions = QuestionTools(
                self.library, self.undo_stack, page, lambda: self.packet_id
            )

    def _fit_in_documents(self, page: DocumentsPage) -> None:
        page.setObjectName("documents_page")
        self.view_settings.restore_header(DOCUMENT_COLUMNS_KEY, page.table.horizontalHeader())
        page.split_pending = not self.view_settings.restore_splitter("documents", page.splitter)
        page.preview_split_restored = self.view_settings.restore_splitter(
            "preview", page.preview_splitter
        )
        page.follow_split()

    # the pages made on first use, by the names the rest of the window and the tests use

    @property
    def documents(self) -> DocumentsPage:
        return cast("DocumentsPage", self.pages["documents"])

    @property
    def review(self) -> ReviewPage:
        return cast("ReviewPage", self.pages["review"])

    @property
    def results(self) -> ResultsPage:
        return cast("ResultsPage", self.pages["results"])

    @property
    def export_page(self) -> ExportPage:
        return cast("ExportPage", self.pages["export"])

    @property
    def visit_page(self) -> VisitPage:
        return cast("VisitPage", self.pages["visit"])

    @property
    def questions(self) -> QuestionTools:
        self.pages["questions"]
        assert self._questions is not None
        return self._questions

    @property
    def older_documents(self) -> OlderDocuments:
        """The background read of whom documents from before version 6 name."""
        if self._older_documents is None:
            self._older_documents = OlderDocuments(self.library, self, self._older_read)
        return self._older_documents

    def _older_read(self) -> None:
        """Documents read again in the background changed: tell every view."""
        announce(self.library, Changes.of(Document.TABLE, []))

    def _connect(self) -> None:
        self.person_combo.currentIndexChanged.connect(self._person_chosen)
        self.packet_combo.currentIndexChanged.connect(self._packet_chosen)
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button.clicked.connect(self.people.edit_person)
        self.new_packet_button.clicked.connect(self.people.new_packet)
        self.section_list.currentRowChanged.connect(self._section_chosen)
        self.undo_stack.indexChanged.connect(self._after_undo_change)
        self.undo_stack.cleanChanged.connect(lambda _clean: self._update_actions())
        notices(self.library).changed.connect(self._library_changed)

    # -- refreshing --------------------------------------------------------------------------

    def after_restoring_copy(self) -> None:
        """The database went back in time: earlier undo steps no longer apply."""
        self.undo_stack.clear()
        announce(self.library, EVERYTHING)

    def _library_changed(self, changes: Changes) -> None:
        """People and packets are listed at the top: re-read them when one changed."""
        if concerns(changes, Person.TABLE, Packet.TABLE):
            self._show_people(force=False)
        elif not self.pages.is_built("review") and concerns(changes, *PENDING_TABLES):
            self._count_pending()

    def refresh_all(self) -> None:
        """Re-read everything shown from the library (a new person or packet chosen)."""
        self._show_people(force=True)

    def _show_people(self, *, force: bool) -> None:
        """List people and packets; each page re-reads when its person or packet changed."""
        if self._refreshing:
            return
        self._refreshing = True
        try:
            self._fill_people()
            self._fill_packets()
            self._set_scopes(force=force)
        finally:
            self._refreshing = False
        self._update_actions()

    def _fill_people(self) -> None:
        people = self.library.people()
        self.person_id = fill_people(self.person_combo, people, self.person_id)
        self.central.setCurrentWidget(self.content if people else self.welcome)
        shown = next((p for p in people if p.id == self.person_id), None)
        self.setWindowTitle(f"{shown.name} - Second Look" if shown else "Second Look")

    def _fill_packets(self) -> None:
        packets = [] if self.person_id is None else self.library.children(Packet, self.person_id)
        self.packet_id = fill_packets(self.packet_combo, packets, self.packet_id)

    def _set_scopes(self, *, force: bool) -> None:
        for key, page in self.pages.built().items():
            self._scope(key, page, force=force)
        if not self.pages.is_built("review"):  # once made, the page says how many
            self._count_pending()
        self.people.show_person_flags(self.current_person())

    def _scope(self, key: str, page: QWidget, *, force: bool) -> None:
        """Tell a page whose records and which packet to show (it reads when they changed)."""
        if isinstance(page, OverviewPage):
            page.set_packet(self.packet_id, force=force)
        elif key in LIST_SECTIONS:
            owner = self.person_id if LIST_SECTIONS[key].owner == "person" else self.packet_id
            cast("RecordListPage", page).set_owner(owner, force=force)
        elif key == "documents":
            cast("DocumentsPage", page).set_scope(self.person_id, self.packet_id, force=force)
        elif key == "export":
            cast("ExportPage", page).set_packet(self.packet_id)
        elif key == "visit":
            cast("VisitPage", page).set_packet(self.packet_id, force=force)
        elif key == "review":
            cast("ReviewPage", page).set_person(self.person_id)
        elif key == "results":
            cast("ResultsPage", page).set_person(self.person_id)

    def _count_pending(self) -> None:
        """ "To review (N)" while the review page is not made: one COUNT, nothing decoded."""
        waiting = 0 if self.person_id is None else pending_proposals(self.library, self.person_id)
        self._show_pending(waiting)

    def _person_chosen(self, index: int) -> None:
        if index < 0:
            return
        self.person_id = self.person_combo.itemData(index)
        self.packet_id = None
        self.refresh_all()

    def _packet_chosen(self, index: int) -> None:
        data = self.packet_combo.itemData(index) if index >= 0 else None
        if data is None:
            return
        self.packet_id = data
        self.refresh_all()

    def show_packet(self, packet_id: int) -> None:
        """Show a packet of the current person (a third-opinion packet just made)."""
        self.packet_id = packet_id
        self.refresh_all()
        self.show_section("overview")

    def current_person(self) -> Person | None:
        if self.person_id is None or not self.library.exists(Person, self.person_id):
            return None
        return self.library.get(Person, self.person_id)

    def current_packet(self) -> Packet | None:
        if self.packet_id is None or not self.library.exists(Packet, self.packet_id):
            return None
        return self.library.get(Packet, self.packet_id)

    # -- sections ----------------------------------------------------------------------------

    def show_section(self, key: str) -> QWidget:
        """Show a section (its page is made now if this is its first time)."""
        page = self.pages[key]
        for row in range(self.section_list.count()):
            item = self.section_list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self.section_list.setCurrentRow(row)
        return page

    def _retitle_section(self, key: str, title: str) -> None:
        for row in range(self.section_list.count()):
            item = self.section_list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                item.setText(title)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, title)

    def _show_pending(self, waiting: int) -> None:
        self._retitle_section("review", f"To review ({waiting})" if waiting else "To review")

    def current_section(self) -> str:
        item = self.section_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else "overview"

    def _section_chosen(self, row: int) -> None:
        if row < 0:
            return
        key = self.current_section()
        self.pages[key]  # made now if this is its first time on screen
        self.page_stack.setCurrentWidget(self.page_holders[key])
        self._update_actions()

    def _update_actions(self) -> None:
        if not shiboken6.isValid(self.section_list):  # the undo stack outlives us on close
            return
        self.menus.update()
        self.new_packet_button.setEnabled(self.person_id is not None)
        self.edit_person_button.setEnabled(self.person_id is not None)
        if self._questions is not None:
            self._questions.update_buttons()

    def import_files(self) -> QWidget:
        return self.importing.import_files()

    def import_paths(self, paths: list[Path]) -> bool:
        return self.importing.import_paths(paths)

    # -- what other parts ask the window for --------------------------------------------------

    @property
    def dialog(self) -> RecordDialog | None:
        """The person or packet form open now, if any."""
        return self.people.dialog

    def add_person(self) -> RecordDialog:
        return self.people.add_person()

    def edit_packet(self, field: str = "") -> RecordDialog | None:
        return self.people.edit_packet(field)

    def fix(self, target: str) -> QWidget | None:
        """Take the person to the place where a checklist item is put right."""
        return self.fixer.go(target)

    def show_document(self, document_id: int | None) -> QWidget:
        self.show_section("documents")
        if document_id is not None:
            self.documents.select_ids([document_id])
        return self.documents

    # -- zoom, help, status --------------------------------------------------------------------

    def change_zoom(self, step: int) -> None:
        self.set_zoom(self.view_settings.zoom() + step)

    def set_zoom(self, percent: int) -> None:
        self.view_settings.set_zoom(percent)
        self.apply_zoom(self.view_settings.zoom())
        self.statusBar().showMessage(f"Text size {self.view_settings.zoom()}%", 4000)

    def apply_zoom(self, percent: int) -> None:
        if self.font_zoom is not None:
            self.font_zoom.apply(percent)
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        metrics = QFontMetrics(QApplication.font())  # already the zoomed size
        widest = max(metrics.horizontalAdvance(title) for _, title in SECTION_ORDER)
        self.section_list.setMinimumWidth(widest + 4 * metrics.averageCharWidth())

    def open_sample(self) -> None:
        self.help.open_sample()

    def _after_undo_change(self, _index: int) -> None:
        self._update_actions()
        QTimer.singleShot(0, self._update_actions)

    # -- remembered layout ---------------------------------------------------------------------

    def _restore_layout(self) -> None:
        """The window and its splitter; each page's own columns come back when it is made."""
        self.view_settings.restore_window(self)
        self.view_settings.restore_splitter("main", self.splitter)

    def save_layout(self) -> None:
        """Save what was shown; a page never opened keeps what was saved before."""
        self.view_settings.save_window(self)
        self.view_settings.save_splitter("main", self.splitter)
        for key, page in self.list_pages.built().items():
            self.view_settings.save_header(key, page.table.horizontalHeader())
        if self.pages.is_built("documents"):
            documents = self.documents
            self.view_settings.save_header(DOCUMENT_COLUMNS_KEY, documents.table.horizontalHeader())
            self.view_settings.save_splitter("documents", documents.splitter)
            self.view_settings.save_splitter("preview", documents.preview_splitter)
        self.view_settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        """The system switched between light and dark: redraw the colours we chose."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._refreshing:
            QTimer.singleShot(0, self.refresh_all)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.importer.busy:
            question = (
                "Files are still being imported. If you close now, the import stops: "
                "the files already brought in are kept, the rest are not. Close anyway?"
            )
            if not self.ask(self, "Import still running", question):
                event.ignore()
                return
        self.save_layout()
        self.importer.shutdown()
        if self.pages.is_built("documents"):
            self.documents.shutdown()
        if self._older_documents is not None and self._older_documents.runner is not None:
            self._older_documents.runner.cancel()
        if self.pages.is_built("export") and self.export_page.runner is not None:
            self.export_page.runner.cancel()
            self.export_page.runner.wait()
        self.help.close_samples()
        super().closeEvent(event)
