"""The main window: who and which packet at the top, sections on the left, the section itself.

The layout comes from ui/main_window.ui; this class wires it to the library, the undo
stack, the menus and the remembered layout. Every change goes through an undo command.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.core.checklist import standard_questions_not_asked
from organizer.core.errors import SecondLookError
from organizer.core.library import Library, now_text
from organizer.core.records import Packet, Person, Question, Record
from organizer.core.vocab import EventKind
from organizer.gui.backups import BackupActions
from organizer.gui.documents.identity import edit_person_step
from organizer.gui.documents.page import DocumentsPage
from organizer.gui.drop import FileDropFilter
from organizer.gui.editor import RecordDialog
from organizer.gui.forms import load_form
from organizer.gui.help import HelpDialog
from organizer.gui.import_dialog import choose_import_paths
from organizer.gui.importing import ImportController
from organizer.gui.jobs import Progress
from organizer.gui.pages.export import ExportPage
from organizer.gui.pages.overview import OverviewPage
from organizer.gui.pages.records import RecordListPage
from organizer.gui.pages.sections import ALLERGIES, MEDICATIONS, QUESTIONS, REQUESTS, TIMELINE
from organizer.gui.pages.visit import VisitPage
from organizer.gui.sample import SampleBuilder
from organizer.gui.settings import ZOOM_DEFAULT, ZOOM_STEP, ViewSettings
from organizer.gui.theme import FontZoom
from organizer.gui.undo import AddRecord, DeleteRecord, UpdateRecord

WELCOME_TEXT = (
    "<h1>Welcome to Second Look</h1>"
    "<p>Second Look keeps medical records together on this computer and helps you prepare "
    "them for a second opinion.</p>"
    "<p><b>To begin</b>, add the person the records are about: yourself, or someone you "
    "care for. Then start a packet for the second opinion and drag your portal downloads, "
    "scans and imaging CDs onto this window.</p>"
    "<p>Nothing leaves this computer.</p>"
)

SECTION_ORDER = (
    ("overview", "Overview"),
    ("timeline", "Timeline"),
    ("medications", "Medications"),
    ("allergies", "Allergies"),
    ("documents", "Documents"),
    ("questions", "Questions"),
    ("requests", "Requests & items"),
    ("export", "Export"),
    ("visit", "After the visit"),
)

Ask = Callable[[QWidget, str, str], bool]
Tell = Callable[[QWidget, str, str], None]
ChoosePaths = Callable[[QWidget], list[Path]]

NO_PERSON_FOR_IMPORT = (
    "Records are kept for a person. Add the person the records are about first, "
    "then bring in the files."
)


def tell(parent: QWidget, title: str, text: str) -> None:
    """A plain message; tests replace ``MainWindow.tell``."""
    QMessageBox.information(parent, title, text)


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    """A yes/no question; tests replace ``MainWindow.ask`` instead of clicking a message box."""
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


class MainWindow(QMainWindow):
    ask: Ask = staticmethod(ask_yes_no)

    def __init__(
        self,
        library: Library,
        settings: QSettings | None = None,
        zoom: FontZoom | None = None,
        *,
        sample: bool = False,
    ) -> None:
        super().__init__()
        self.library = library
        self.is_sample = sample
        self.sample_windows: list[MainWindow] = []
        self.sample_builder: SampleBuilder | None = None
        self.choose_import_paths: ChoosePaths = choose_import_paths
        self.tell: Tell = tell
        self.view_settings = ViewSettings(settings)
        self.font_zoom = zoom
        self.undo_stack = QUndoStack(self)
        self.person_id: int | None = None
        self.packet_id: int | None = None
        self.dialog: RecordDialog | None = None
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

        self.welcome = self._build_welcome()
        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(self.content)
        self.setCentralWidget(self.central)

        self.pages: dict[str, QWidget] = {}
        self.list_pages: dict[str, RecordListPage] = {}
        self._build_pages()
        self._build_person_flags()
        self._build_question_tools()
        self._build_actions()
        self._connect()
        self._build_importing()

        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.resize(1100, 760)
        sidebar = self.section_list.minimumWidth() + 8
        self.splitter.setSizes([sidebar, 1100 - sidebar])
        self._restore_layout()
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

    def _build_welcome(self) -> QWidget:
        page = QWidget()
        page.setObjectName("welcome_page")
        text = QLabel(WELCOME_TEXT)
        text.setWordWrap(True)
        text.setMaximumWidth(760)
        self.first_person_button = QPushButton("Add the first person…")
        self.first_person_button.setAccessibleName("Add the first person")
        self.first_person_button.clicked.connect(self.add_person)
        # a newcomer can look around a made-up packet before typing anything of their own
        self.welcome_sample_button = QPushButton("Look at a sample packet first…")
        self.welcome_sample_button.setAccessibleName("Open a made-up sample packet")
        self.welcome_sample_button.setToolTip(
            "Opens made-up records in a separate window; nothing is added to yours"
        )
        self.welcome_sample_button.clicked.connect(self.open_sample)
        buttons = QHBoxLayout()
        buttons.addWidget(self.first_person_button)
        buttons.addWidget(self.welcome_sample_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addWidget(text)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    def _build_pages(self) -> None:
        self.overview = OverviewPage(self.library, self.undo_stack, self.refresh_all)
        self.overview.checklist.fix_requested.connect(self.fix)
        self.overview.edit_requested.connect(self.edit_packet)
        self.overview.new_packet_requested.connect(self.new_packet)
        self.pages["overview"] = self.overview
        for spec in (TIMELINE, MEDICATIONS, ALLERGIES, QUESTIONS, REQUESTS):
            page = RecordListPage(spec, self.library, self.undo_stack, self.refresh_all)
            page.selection_changed.connect(self._update_actions)
            self.list_pages[spec.key] = page
            self.pages[spec.key] = page
        self.documents = DocumentsPage(self.library, self.undo_stack)
        self.documents.setObjectName("documents_page")
        self.documents.documents_changed.connect(self.overview.reload)
        self.documents.identity.people_changed.connect(self.refresh_all)
        self.pages["documents"] = self.documents
        self.export_page = ExportPage(self.library)
        self.export_page.checklist_requested.connect(lambda: self.show_section("overview"))
        self.pages["export"] = self.export_page
        self.visit_page = VisitPage(self.library, self.undo_stack, self.refresh_all)
        self.visit_page.third_opinion_started.connect(self.show_packet)
        self.pages["visit"] = self.visit_page
        for key, title in SECTION_ORDER:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            self.section_list.addItem(item)
            self.page_stack.addWidget(self.pages[key])
        self.section_list.setSpacing(3)
        self._fit_sidebar()

    def _build_person_flags(self) -> None:
        self.no_medications_box = QCheckBox("Takes no medications")
        self.no_medications_box.setAccessibleName("This person takes no medications")
        self.no_allergies_box = QCheckBox("No known allergies")
        self.no_allergies_box.setAccessibleName("This person has no known allergies")
        self.list_pages["medications"].extras.addWidget(self.no_medications_box)
        self.list_pages["allergies"].extras.addWidget(self.no_allergies_box)
        self.no_medications_box.toggled.connect(
            lambda on: self._set_person_flag("takes_no_medications", on)
        )
        self.no_allergies_box.toggled.connect(
            lambda on: self._set_person_flag("no_known_allergies", on)
        )

    def _build_question_tools(self) -> None:
        page = self.list_pages["questions"]
        self.move_up_button = QPushButton("Move up")
        self.move_up_button.setAccessibleName("Move the selected question up")
        self.move_down_button = QPushButton("Move down")
        self.move_down_button.setAccessibleName("Move the selected question down")
        self.standard_button = QPushButton("Add standard questions…")
        self.standard_button.setObjectName("standard_questions")
        self.standard_button.setAccessibleName("Add standard questions")
        self.standard_menu = QMenu(self.standard_button)
        self.standard_menu.aboutToShow.connect(self._fill_standard_menu)
        self.standard_button.setMenu(self.standard_menu)
        page.extras.addWidget(self.standard_button)
        page.extras.addWidget(self.move_up_button)
        page.extras.addWidget(self.move_down_button)
        self.move_up_button.clicked.connect(lambda: self.move_question(-1))
        self.move_down_button.clicked.connect(lambda: self.move_question(+1))

    def _build_importing(self) -> None:
        """Files dropped anywhere on the window, or chosen with File > Import, are imported."""
        self.importer = ImportController(self.library, self)
        self.importer.documents_changed.connect(self._documents_arrived)
        self.importer.finished.connect(lambda _summary: self.refresh_all())
        self.importer.finished.connect(self.documents.identity.offer_after_import)
        self.importer.index_progress.connect(self._show_index_progress)
        self.importer.index_finished.connect(self.statusBar().clearMessage)
        self.drop_filter = FileDropFilter(self)
        self.drop_filter.paths_dropped.connect(self.import_paths)
        self.drop_filter.attach_window(self)  # text boxes too: a dropped file is imported

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcuts: list[QKeySequence] | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts(shortcuts)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action(
            "&New…", self.new_in_section, [QKeySequence(keys.New)], "Add a new item here"
        )
        self.new_packet_action = self._action(
            "New &packet…", self.new_packet, [QKeySequence("Ctrl+Shift+N")]
        )
        self.add_person_action = self._action("Add &person…", self.add_person)
        self.edit_person_action = self._action("Person &details…", self.edit_person)
        self.edit_packet_action = self._action("Packet d&etails…", lambda: self.edit_packet(""))
        self.delete_person_action = self._action("Delete this person…", self.delete_person)
        self.delete_packet_action = self._action("Delete this packet…", self.delete_packet)
        self.import_action = self._action(
            "&Import files…", self.import_files, [QKeySequence(keys.Open)], "Bring in records"
        )
        self.export_action = self._action(
            "&Export packet…", lambda: self.show_section("export"), [QKeySequence("Ctrl+E")]
        )
        self.backups = BackupActions(
            self.library,
            self,
            self._after_restoring_copy,
            lambda parent, title, text: self.tell(parent, title, text),
        )
        self.backup_action = self._action(
            "&Back up everything…",
            self.backups.back_up,
            tip="Write all your records and files to one file, for safe keeping",
        )
        self.restore_copy_action = self._action(
            "&Go back to an earlier copy…",
            self.backups.restore_earlier,
            tip="Put your records back as they were on an earlier day",
        )
        self.quit_action = self._action("&Quit", self.close, [QKeySequence(keys.Quit)])
        self.quit_action.setShortcuts([QKeySequence("Ctrl+Q")])

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(keys.Undo)])
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.edit_action = self._action("&Change selected…", self.edit_in_section)
        self.delete_action = self._action(
            "&Delete selected", self.delete_in_section, [QKeySequence(keys.Delete)]
        )
        self.find_action = self._action("&Find…", self.focus_search, [QKeySequence(keys.Find)])

        self.section_actions: list[QAction] = []
        for number, (key, title) in enumerate(SECTION_ORDER, start=1):
            action = self._action(
                title.replace("&", "&&"),
                functools.partial(self.show_section, key),
                [QKeySequence(f"Ctrl+{number}")],
            )
            self.section_actions.append(action)
        self.zoom_in_action = self._action(
            "&Larger text",
            lambda: self.change_zoom(+ZOOM_STEP),
            [QKeySequence(keys.ZoomIn), QKeySequence("Ctrl+=")],
        )
        self.zoom_out_action = self._action(
            "&Smaller text", lambda: self.change_zoom(-ZOOM_STEP), [QKeySequence(keys.ZoomOut)]
        )
        self.zoom_reset_action = self._action(
            "&Normal text size", lambda: self.set_zoom(ZOOM_DEFAULT), [QKeySequence("Ctrl+0")]
        )
        self.help_action = self._action(
            "&Help contents", self.show_help, [QKeySequence(keys.HelpContents)]
        )
        self.help_action.setShortcuts([QKeySequence("F1")])
        self.about_action = self._action("&About Second Look", self.show_about)
        self.sample_action = self._action(
            "Open &sample packet",
            self.open_sample,
            tip="Look around a made-up packet; your own records are not touched",
        )

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        for entry in (
            self.new_action,
            self.new_packet_action,
            self.add_person_action,
            None,
            self.import_action,
            self.export_action,
            None,
            self.backup_action,
            self.restore_copy_action,
            None,
            self.quit_action,
        ):
            file_menu.addSeparator() if entry is None else file_menu.addAction(entry)
        edit_menu = menus.addMenu("&Edit")
        for entry in (
            self.undo_action,
            self.redo_action,
            None,
            self.edit_action,
            self.delete_action,
            None,
            self.find_action,
            None,
            self.edit_person_action,
            self.edit_packet_action,
            None,
            self.delete_packet_action,
            self.delete_person_action,
        ):
            edit_menu.addSeparator() if entry is None else edit_menu.addAction(entry)
        view_menu = menus.addMenu("&View")
        for action in self.section_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.zoom_in_action)
        view_menu.addAction(self.zoom_out_action)
        view_menu.addAction(self.zoom_reset_action)
        self.help_menu = menus.addMenu("&Help")
        self.help_menu.addAction(self.help_action)
        self.help_menu.addAction(self.sample_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.new_action,
            self.import_action,
            self.undo_action,
            self.redo_action,
            self.export_action,
            self.help_action,
        ):
            toolbar.addAction(action)
        self.toolbar = toolbar

    def _connect(self) -> None:
        self.person_combo.currentIndexChanged.connect(self._person_chosen)
        self.packet_combo.currentIndexChanged.connect(self._packet_chosen)
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.new_packet_button.clicked.connect(self.new_packet)
        self.section_list.currentRowChanged.connect(self._section_chosen)
        self.undo_stack.indexChanged.connect(self._after_undo_change)
        self.undo_stack.cleanChanged.connect(lambda _clean: self._update_actions())

    # -- refreshing --------------------------------------------------------------------------

    def _after_restoring_copy(self) -> None:
        """The database went back in time: earlier undo steps no longer apply."""
        self.undo_stack.clear()
        self.refresh_all()

    def refresh_all(self) -> None:
        """Re-read everything shown from the library (after any change, undo or redo)."""
        if self._refreshing:
            return
        self._refreshing = True
        try:
            self._fill_people()
            self._fill_packets()
            self._reload_pages()
        finally:
            self._refreshing = False
        self._update_actions()

    def _fill_people(self) -> None:
        people = self.library.people()
        ids = [person.id for person in people]
        if self.person_id not in ids:
            self.person_id = ids[0] if ids else None
        self.person_combo.blockSignals(True)
        self.person_combo.clear()
        names = [person.name.casefold() for person in people]
        for index, person in enumerate(people):
            # the date of birth tells apart two people of the same name; otherwise keep it short
            shared = names.count(person.name.casefold()) > 1
            label = _person_label(person) if shared else person.name
            self.person_combo.addItem(label, person.id)
            self.person_combo.setItemData(index, _person_label(person), Qt.ItemDataRole.ToolTipRole)
        self.person_combo.setCurrentIndex(max(self.person_combo.findData(self.person_id), 0))
        self.person_combo.blockSignals(False)
        self.central.setCurrentWidget(self.content if people else self.welcome)
        shown = next((p for p in people if p.id == self.person_id), None)
        self.setWindowTitle(f"{shown.name} - Second Look" if shown else "Second Look")

    def _fill_packets(self) -> None:
        packets = [] if self.person_id is None else self.library.children(Packet, self.person_id)
        ids = [packet.id for packet in packets]
        if self.packet_id not in ids:
            self.packet_id = ids[-1] if ids else None
        self.packet_combo.blockSignals(True)
        self.packet_combo.clear()
        for packet in packets:
            self.packet_combo.addItem(packet.title, packet.id)
        if not packets:
            self.packet_combo.addItem("No packet yet", None)
        self.packet_combo.setCurrentIndex(max(self.packet_combo.findData(self.packet_id), 0))
        self.packet_combo.setEnabled(bool(packets))
        self.packet_combo.blockSignals(False)

    def _reload_pages(self) -> None:
        self.overview.set_packet(self.packet_id)
        self.documents.set_person(self.person_id)
        self.documents.set_packet(self.packet_id)
        self.documents.reload()
        self.export_page.set_packet(self.packet_id)
        self.visit_page.set_packet(self.packet_id)
        for page in self.list_pages.values():
            owner = self.person_id if page.spec.owner == "person" else self.packet_id
            page.set_owner(owner)
        person = self.current_person()
        for box, field in (
            (self.no_medications_box, "takes_no_medications"),
            (self.no_allergies_box, "no_known_allergies"),
        ):
            box.blockSignals(True)
            box.setChecked(bool(person and getattr(person, field)))
            box.setEnabled(person is not None)
            box.blockSignals(False)

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
        for row in range(self.section_list.count()):
            item = self.section_list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self.section_list.setCurrentRow(row)
        return self.pages[key]

    def current_section(self) -> str:
        item = self.section_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else "overview"

    def _section_chosen(self, row: int) -> None:
        if row < 0:
            return
        key = self.current_section()
        self.page_stack.setCurrentWidget(self.pages[key])
        self._update_actions()

    def _update_actions(self) -> None:
        if not shiboken6.isValid(self.section_list):  # the undo stack outlives us on close
            return
        key = self.current_section()
        page = self.list_pages.get(key)
        has_person = self.person_id is not None
        has_packet = self.packet_id is not None
        if page is not None:
            self.new_action.setText(f"&New {page.spec.noun}…")
            self.new_action.setEnabled(page.owner_id is not None)
            self.edit_action.setEnabled(page.has_selection())
            self.delete_action.setEnabled(page.has_selection())
        elif key == "documents":
            self.new_action.setText("&Add documents…")
            self.new_action.setEnabled(has_person)
            self.edit_action.setEnabled(has_person)
            self.delete_action.setEnabled(has_person)
        else:
            self.new_action.setText("&New packet…" if has_person else "&New person…")
            self.new_action.setEnabled(True)
            self.edit_action.setEnabled(False)
            self.delete_action.setEnabled(False)
        for action in (self.edit_person_action, self.delete_person_action, self.new_packet_action):
            action.setEnabled(has_person)
        self.new_packet_button.setEnabled(has_person)
        self.edit_person_button.setEnabled(has_person)
        for action in (self.edit_packet_action, self.delete_packet_action):
            action.setEnabled(has_packet)
        questions = self.list_pages["questions"]
        self.move_up_button.setEnabled(questions.has_selection())
        self.move_down_button.setEnabled(questions.has_selection())

    def new_in_section(self) -> None:
        page = self.list_pages.get(self.current_section())
        if page is not None:
            page.add()
        elif self.current_section() == "documents" and self.person_id is not None:
            self.import_files()
        elif self.person_id is None:
            self.add_person()
        else:
            self.new_packet()

    def edit_in_section(self) -> None:
        page = self.list_pages.get(self.current_section())
        if page is not None:
            page.edit_selected()
        elif self.current_section() == "documents":
            self.documents.edit_selected()

    def delete_in_section(self) -> None:
        page = self.list_pages.get(self.current_section())
        if page is not None:
            page.delete_selected()
        elif self.current_section() == "documents":
            self.documents.trash_selected()

    def focus_search(self) -> None:
        """Ctrl+F, from anywhere: search the text of the documents."""
        self.show_section("documents")
        self.documents.focus_search()

    def import_files(self) -> QWidget:
        """File > Import…: choose files or folders, then import them to the chosen person."""
        page = self.show_section("documents")
        if self.person_id is None:
            self.tell(self, "Add a person first", NO_PERSON_FOR_IMPORT)
            return page
        paths = self.choose_import_paths(self)
        if paths:
            self.import_paths(paths)
        return page

    def import_paths(self, paths: list[Path]) -> bool:
        """Import to the selected person in the background; False if there is no one yet."""
        if not paths:
            return False
        if self.person_id is None:
            self.tell(self, "Add a person first", NO_PERSON_FOR_IMPORT)
            return False
        self.show_section("documents")
        self.importer.start(self.person_id, list(paths))
        return True

    def _documents_arrived(self) -> None:
        self.documents.reload()
        self.overview.reload()

    def _show_index_progress(self, progress: Progress) -> None:
        if progress.total:
            self.statusBar().showMessage(
                f"Getting documents ready for search: {progress.done} of {progress.total}"
            )

    # -- people and packets --------------------------------------------------------------------

    def _open_dialog(
        self, form: str, record: Record, title: str, on_saved: Callable[[Record], None]
    ) -> RecordDialog:
        dialog = RecordDialog(form, record, title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            if dialog.result_record is not None:
                on_saved(dialog.result_record)

        dialog.accepted.connect(saved)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: RecordDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def add_person(self) -> RecordDialog:
        def saved(record: Record) -> None:
            command = AddRecord(
                self.library, record, f"Add person “{_name(record)}”", self.refresh_all
            )
            self.undo_stack.push(command)
            self.person_id = command.record.id
            self.packet_id = None
            self.refresh_all()

        return self._open_dialog("person_editor", Person(name=""), "Add a person", saved)

    def edit_person(self) -> RecordDialog | None:
        person = self.current_person()
        if person is None:
            return None

        def saved(record: Record) -> None:
            if record != person and isinstance(record, Person):
                text = f"Edit person “{_name(record)}”"
                self.undo_stack.push(edit_person_step(self.library, record, text, self.refresh_all))

        return self._open_dialog("person_editor", person, "Person details", saved)

    def new_packet(self) -> RecordDialog | None:
        if self.person_id is None:
            return None
        packet = Packet(person_id=self.person_id, title="", created_at=now_text())

        def saved(record: Record) -> None:
            command = AddRecord(
                self.library, record, f"New packet “{_title(record)}”", self.refresh_all
            )
            self.undo_stack.push(command)
            self.packet_id = command.record.id
            self.refresh_all()
            self.show_section("overview")

        return self._open_dialog("packet_editor", packet, "New packet", saved)

    def edit_packet(self, field: str = "") -> RecordDialog | None:
        packet = self.current_packet()
        if packet is None:
            return self.new_packet()

        def saved(record: Record) -> None:
            if record != packet:
                self.undo_stack.push(
                    UpdateRecord(
                        self.library,
                        packet,
                        record,
                        f"Edit packet “{_title(record)}”",
                        self.refresh_all,
                    )
                )

        dialog = self._open_dialog("packet_editor", packet, "Packet details", saved)
        if field:
            dialog.focus_field(field)
        return dialog

    def delete_person(self) -> None:
        person = self.current_person()
        if person is None:
            return
        question = (
            f"Delete {person.name} and everything kept for them: packets, timeline, "
            "medications, allergies and documents? You can undo this with Edit > Undo."
        )
        if not self.ask(self, "Delete person", question):
            return
        self.undo_stack.push(
            DeleteRecord(self.library, person, f"Delete person “{person.name}”", self.refresh_all)
        )

    def delete_packet(self) -> None:
        packet = self.current_packet()
        if packet is None:
            return
        question = (
            f"Delete the packet “{packet.title}” with its questions and requests? "
            "The person's documents, timeline and medications stay. "
            "You can undo this with Edit > Undo."
        )
        if not self.ask(self, "Delete packet", question):
            return
        self.undo_stack.push(
            DeleteRecord(self.library, packet, f"Delete packet “{packet.title}”", self.refresh_all)
        )

    def _set_person_flag(self, field: str, value: bool) -> None:
        person = self.current_person()
        if person is None or getattr(person, field) == value:
            return
        after = Person(**{**person.__dict__, field: value})
        words = {
            "takes_no_medications": "takes no medications",
            "no_known_allergies": "no known allergies",
        }[field]
        text = f"Mark “{words}”" if value else f"Clear “{words}”"
        self.undo_stack.push(UpdateRecord(self.library, person, after, text, self.refresh_all))

    def move_question(self, step: int) -> None:
        page = self.list_pages["questions"]
        chosen = page.selected_record()
        if not isinstance(chosen, Question) or chosen.id is None:
            return
        ordered = [q for q in page.model.records() if isinstance(q, Question)]
        here = next(i for i, q in enumerate(ordered) if q.id == chosen.id)
        there = here + step
        if not 0 <= there < len(ordered):
            return
        # renumber the whole list: questions added before they were numbered can share a
        # position, and swapping two equal numbers would move nothing (or the wrong one)
        ordered[here], ordered[there] = ordered[there], ordered[here]
        changes = [
            (question, Question(**{**question.__dict__, "position": index}))
            for index, question in enumerate(ordered)
            if question.position != index
        ]
        self.undo_stack.beginMacro("Move question down" if step > 0 else "Move question up")
        for number, (before, after) in enumerate(changes):
            # undo runs the steps backwards and redo forwards: the first and the last
            # step each re-read the list, so it is shown right after both
            ends = number in (0, len(changes) - 1)
            refresh = self.refresh_all if ends else _no_refresh
            self.undo_stack.push(UpdateRecord(self.library, before, after, "", refresh))
        self.undo_stack.endMacro()
        self.refresh_all()
        page.select_id(chosen.id)

    def _fill_standard_menu(self) -> None:
        self.standard_menu.clear()
        missing = self.standard_questions_missing()
        for text in missing:
            action = self.standard_menu.addAction(text)
            action.triggered.connect(lambda _checked=False, text=text: self.add_questions([text]))
        if len(missing) > 1:
            self.standard_menu.addSeparator()
            add_all = self.standard_menu.addAction("Add all of them")
            add_all.triggered.connect(lambda _checked=False: self.add_questions(missing))
        if not missing:
            done = self.standard_menu.addAction("All the standard questions are on the list")
            done.setEnabled(False)

    def standard_questions_missing(self) -> tuple[str, ...]:
        if self.packet_id is None:
            return ()
        asked = [q.text for q in self.library.children(Question, self.packet_id)]
        return standard_questions_not_asked(asked)

    def add_questions(self, texts: Sequence[str]) -> None:
        """Add questions at the end of the list, as one undoable step."""
        if self.packet_id is None or not texts:
            return
        existing = self.library.children(Question, self.packet_id)
        position = max((q.position for q in existing), default=-1) + 1
        label = "Add a standard question" if len(texts) == 1 else "Add the standard questions"
        self.undo_stack.beginMacro(label)
        for offset, text in enumerate(texts):
            question = Question(packet_id=self.packet_id, text=text, position=position + offset)
            self.undo_stack.push(AddRecord(self.library, question, label, self.refresh_all))
        self.undo_stack.endMacro()

    # -- checklist "fix it" ----------------------------------------------------------------------

    def fix(self, target: str) -> QWidget | None:
        """Take the person to the place where a checklist item is put right."""
        action, _, argument = target.partition(":")
        number = int(argument) if argument.isdigit() else None
        list_targets = {
            "add-medication": ("medications", {}),
            "add-allergy": ("allergies", {}),
            "add-request": ("requests", {"item": argument}),
        }
        if action in list_targets:
            key, preset = list_targets[action]
            page = self.list_pages[key]
            self.show_section(key)
            return page.add(preset or None)
        if action == "add-event":
            self.show_section("timeline")
            kind = {"kind": EventKind(argument)} if argument in set(EventKind) else None
            return self.list_pages["timeline"].add(kind)
        edits = {"edit-medication": "medications", "edit-allergy": "allergies"}
        edits["edit-request"] = "requests"
        if action in edits and number is not None:
            self.show_section(edits[action])
            return self.list_pages[edits[action]].edit_id(number)
        if action == "add-question":
            self.show_section("questions")
            self.standard_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return self.pages["questions"]
        packet_fields = {
            "question": "question",
            "provider": "provider_name",
            "appointment": "appointment",
            "first-opinion": "first_diagnosis",
            "title": "title",
        }
        if action in ("edit-packet", "set-packet"):
            return self.edit_packet(packet_fields.get(argument, argument.replace("-", "_")))
        if action == "insurance":
            return self.edit_packet("insurance_covered")
        if action in ("import-imaging", "import-document"):
            return self.import_files()
        if action in ("confirm-document", "open-document"):
            return self.show_document(number)
        self.statusBar().showMessage(f"Go to the right section to fix this ({target}).", 6000)
        return None

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

    def show_help(self) -> HelpDialog:
        dialog = HelpDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.help_dialog = dialog
        return dialog

    def open_sample(self) -> None:
        """Help > Open sample packet: a demo library, opened in a window of its own."""
        for window in self.sample_windows:
            if window.isVisible():
                window.raise_()
                window.activateWindow()
                return
        builder = SampleBuilder(self)
        builder.ready.connect(self._sample_ready)
        builder.failed.connect(
            lambda message: self.tell(self, "The sample packet could not be made", message)
        )
        self.sample_builder = builder
        builder.start()

    def _sample_ready(self, folder: Path) -> MainWindow | None:
        try:
            library = Library.open(folder)
        except (SecondLookError, OSError) as error:
            self.tell(self, "The sample packet could not be opened", str(error))
            return None
        window = MainWindow(library, self.view_settings.qsettings, self.font_zoom, sample=True)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _obj=None: library.close())
        window.setWindowTitle("Sample packet - Second Look")
        self.sample_windows = [w for w in self.sample_windows if shiboken6.isValid(w)]
        self.sample_windows.append(window)
        window.show()
        return window

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Second Look",
            "<p><b>Second Look</b> keeps medical records together for a second opinion. "
            "It works only on this computer and never connects to the internet.</p>"
            "<p>It organises records; it does not give medical advice.</p>",
        )

    def _after_undo_change(self, _index: int) -> None:
        self._update_actions()
        QTimer.singleShot(0, self._update_actions)

    # -- remembered layout ---------------------------------------------------------------------

    def _restore_layout(self) -> None:
        self.view_settings.restore_window(self)
        self.view_settings.restore_splitter("main", self.splitter)
        for key, page in self.list_pages.items():
            if self.view_settings.restore_header(key, page.table.horizontalHeader()):
                page.columns_sized = True
        self.view_settings.restore_header("documents", self.documents.table.horizontalHeader())
        self.view_settings.restore_splitter("documents", self.documents.splitter)

    def save_layout(self) -> None:
        self.view_settings.save_window(self)
        self.view_settings.save_splitter("main", self.splitter)
        for key, page in self.list_pages.items():
            self.view_settings.save_header(key, page.table.horizontalHeader())
        self.view_settings.save_header("documents", self.documents.table.horizontalHeader())
        self.view_settings.save_splitter("documents", self.documents.splitter)
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
        self.documents.shutdown()
        if self.export_page.runner is not None:
            self.export_page.runner.cancel()
            self.export_page.runner.wait()
        for window in self.sample_windows:
            if shiboken6.isValid(window):
                window.close()
        super().closeEvent(event)


def _no_refresh() -> None:
    return None


def _person_label(person: Person) -> str:
    if person.dob is None:
        return person.name
    return f"{person.name} (born {person.dob.display()})"


def _name(record: Record) -> str:
    return record.name if isinstance(record, Person) else ""


def _title(record: Record) -> str:
    return record.title if isinstance(record, Packet) else ""
