"""The main window: who and which packet at the top, sections on the left, the section itself.

The layout comes from ui/main_window.ui; this class puts the sections in it and switches
between them. The rest lives in modules of its own: the section pages and what they show
(section_pages), the people and packet lists at the top (people_bar), person and packet
forms (people_packets), menus and shortcuts (window_menus), fix-it navigation (fixit),
importing (window_importing), help (window_help), text size (text_size) and the
remembered layout (window_layout).
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
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from organizer.core.clinical.pending import PENDING_TABLES
from organizer.core.library import Library
from organizer.core.ops import Changes
from organizer.core.records import Document, Packet, Person
from organizer.gui.changes import EVERYTHING, announce, concerns, notices
from organizer.gui.main_window_form import Ui_main_window
from organizer.gui.messages import Ask, Tell, ask_yes_no, tell
from organizer.gui.people_bar import PeopleBar
from organizer.gui.people_packets import PeopleAndPackets
from organizer.gui.section_pages import SECTION_ORDER, SectionPages
from organizer.gui.settings import ViewSettings
from organizer.gui.text_size import TextSize
from organizer.gui.theme import FontZoom
from organizer.gui.window_help import HelpAndSamples
from organizer.gui.window_importing import WindowImporting
from organizer.gui.window_layout import WindowLayout
from organizer.gui.window_menus import WindowMenus
from organizer.gui.window_size import fit_to_screen, window_size_for

if TYPE_CHECKING:  # built on first use: their modules load then, not at the start
    from organizer.gui.documents.page import DocumentsPage
    from organizer.gui.editor import RecordDialog
    from organizer.gui.importing import ImportController
    from organizer.gui.older_documents import OlderDocuments
    from organizer.gui.pages.export import ExportPage
    from organizer.gui.pages.results import ResultsPage
    from organizer.gui.pages.review import ReviewPage
    from organizer.gui.pages.visit import VisitPage
    from organizer.gui.question_tools import QuestionTools
    from organizer.gui.records_check import RecordsCheck
    from organizer.gui.welcome import WelcomePage

__all__ = ["SECTION_ORDER", "MainWindow"]

ChoosePaths = Callable[[QWidget], list[Path]]


def choose_import_paths(parent: QWidget) -> list[Path]:
    """File > Import…'s dialog (its module loads when it is first opened)."""
    from organizer.gui.import_dialog import choose_import_paths as choose

    return choose(parent)


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
        drops_after_paint: bool = False,
    ) -> None:
        """The app's window holds the checklist and the scan for drop targets until its
        first paint (``checklist_after_paint``, ``drops_after_paint``): see gui/app.py."""
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
        self._records_check: RecordsCheck | None = None
        self.view_settings = ViewSettings(settings)
        self.font_zoom = zoom
        self.undo_stack = QUndoStack(self)
        self.person_id: int | None = None
        self.packet_id: int | None = None
        self._refreshing = False
        self.setWindowTitle("Second Look")
        self.setObjectName("main_window")

        # ui/main_window.ui, compiled (tools/compile_forms.py): loading it would cost start time
        self.content = QWidget(self)
        Ui_main_window().setupUi(self.content)  # type: ignore[no-untyped-call]
        self.person_combo: QComboBox = self._child(QComboBox, "personCombo")
        self.packet_combo: QComboBox = self._child(QComboBox, "packetCombo")
        self.add_person_button: QPushButton = self._child(QPushButton, "addPersonButton")
        self.edit_person_button: QPushButton = self._child(QPushButton, "editPersonButton")
        self.new_packet_button: QPushButton = self._child(QPushButton, "newPacketButton")
        self.splitter: QSplitter = self._child(QSplitter, "mainSplitter")
        self.section_list: QListWidget = self._child(QListWidget, "sectionList")
        self.page_stack: QStackedWidget = self._child(QStackedWidget, "pageStack")

        self._welcome: WelcomePage | None = None
        self.central = QStackedWidget()
        self.central.addWidget(self.content)
        self.setCentralWidget(self.central)

        self.sections = SectionPages(self, checklist_held=checklist_after_paint)
        self.pages = self.sections.shelf
        self.list_pages = self.sections.lists
        self.page_holders = self.sections.holders
        self.overview = self.sections.overview
        self._older_documents: OlderDocuments | None = None
        self.people = PeopleAndPackets(self)
        self.bar = PeopleBar(self)
        self.layout_memory = WindowLayout(self, self.view_settings)
        self.text_size = TextSize(self, self.view_settings, zoom, self._fit_sidebar)
        self._list_sections()
        self.menus = WindowMenus(self)
        self._connect()
        self.importing = WindowImporting(self, scan_after_paint=drops_after_paint)

        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.resize(window_size_for(self.screen().availableGeometry().size()))
        sidebar = self.section_list.minimumWidth() + 8
        self.splitter.setSizes([sidebar, self.width() - sidebar])
        self.layout_memory.restore()
        fit_to_screen(self)
        self.text_size.apply(self.view_settings.zoom())
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

    def _list_sections(self) -> None:
        for key, title in SECTION_ORDER:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            self.section_list.addItem(item)
        self.section_list.setSpacing(3)
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        """As wide as the longest section title at the text size shown."""
        metrics = QFontMetrics(QApplication.font())  # already the zoomed size
        widest = max(metrics.horizontalAdvance(title) for _, title in SECTION_ORDER)
        self.section_list.setMinimumWidth(widest + 4 * metrics.averageCharWidth())

    def _connect(self) -> None:
        self.section_list.currentRowChanged.connect(self._section_chosen)
        self.undo_stack.indexChanged.connect(self._after_undo_change)
        self.undo_stack.cleanChanged.connect(lambda _clean: self.update_actions())
        notices(self.library).changed.connect(self._library_changed)
        notices(self.library).step_failed.connect(self._step_failed)

    @property
    def welcome(self) -> WelcomePage:
        """What an empty library shows instead of the sections, made when first needed."""
        if self._welcome is None:
            from organizer.gui.welcome import WelcomePage

            self._welcome = WelcomePage(self.add_person, self.open_sample)
            self.central.addWidget(self._welcome)
        return self._welcome

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
        assert self.sections.questions is not None
        return self.sections.questions

    @property
    def importer(self) -> ImportController:
        """Imports and the search-index pass (made when first used: after the first paint)."""
        return self.importing.importer

    @property
    def records_check(self) -> RecordsCheck:
        """Help > Check my records, made when first used."""
        if self._records_check is None:
            from organizer.gui.records_check import RecordsCheck

            self._records_check = RecordsCheck(
                self, self.library.root, lambda *said: self.tell(*said)
            )
        return self._records_check

    @property
    def older_documents(self) -> OlderDocuments:
        """The background read of whom documents from before version 6 name."""
        if self._older_documents is None:
            from organizer.gui.older_documents import OlderDocuments

            self._older_documents = OlderDocuments(self.library, self, self._older_read)
        return self._older_documents

    def _older_read(self) -> None:
        """Documents read again in the background changed: tell every view."""
        announce(self.library, Changes.of(Document.TABLE, []))

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
            self.sections.count_pending()

    def _step_failed(self, message: str) -> None:
        self.tell(self, "Could not undo or redo", message)

    def refresh_all(self) -> None:
        """Re-read everything shown from the library (a new person or packet chosen)."""
        self._show_people(force=True)

    def _show_people(self, *, force: bool) -> None:
        """List people and packets; each page re-reads when its person or packet changed."""
        if self._refreshing:
            return
        self._refreshing = True
        try:
            shown = self.bar.fill()
            self.central.setCurrentWidget(self.content if shown else self.welcome)
            self.setWindowTitle(f"{shown.name} - Second Look" if shown else "Second Look")
            self.sections.set_scopes(force=force)
            self.people.show_person_flags(self.bar.current_person())
        finally:
            self._refreshing = False
        self.update_actions()

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

    def show_pending(self, waiting: int) -> None:
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
        self.update_actions()

    def update_actions(self) -> None:
        """Menus and buttons for the section shown and who is chosen."""
        if not shiboken6.isValid(self.section_list):  # the undo stack outlives us on close
            return
        self.menus.update()
        self.bar.update_buttons()
        if self.sections.questions is not None:
            self.sections.questions.update_buttons()

    def _after_undo_change(self, _index: int) -> None:
        self.update_actions()
        QTimer.singleShot(0, self.update_actions)

    # -- what other parts ask the window for --------------------------------------------------

    def import_files(self) -> QWidget:
        return self.importing.import_files()

    def import_paths(self, paths: list[Path]) -> bool:
        return self.importing.import_paths(paths)

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
        from organizer.gui.fixit import FixNavigator  # loaded with the first "Fix it"

        return FixNavigator(self).go(target)

    def show_document(self, document_id: int | None) -> QWidget:
        self.show_section("documents")
        if document_id is not None:
            self.documents.select_ids([document_id])
        return self.documents

    def open_sample(self) -> None:
        self.help.open_sample()

    # -- the window's life ---------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """The system switched between light and dark: redraw the colours we chose."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._refreshing:
            QTimer.singleShot(0, self.refresh_all)

    def closeEvent(self, event: QCloseEvent) -> None:
        importing = self.importing.made
        if importing and self.importer.busy:
            question = (
                "Files are still being imported. If you close now, the import stops: "
                "the files already brought in are kept, the rest are not. Close anyway?"
            )
            if not self.ask(self, "Import still running", question):
                event.ignore()
                return
        self.layout_memory.save()
        if importing:
            self.importer.shutdown()
        self.sections.stop()
        if self._older_documents is not None and self._older_documents.runner is not None:
            self._older_documents.runner.cancel()
        self.help.close_samples()
        super().closeEvent(event)
