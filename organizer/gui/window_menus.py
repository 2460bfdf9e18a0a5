"""The main window's actions: menus, toolbar and keyboard shortcuts, and when each is enabled.

Every action calls a method of the window (or of the part of it that does the work); this
module only names them, gives them their keys and puts them in menus.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from organizer.gui.settings import ZOOM_DEFAULT, ZOOM_STEP
from organizer.gui.window_size import ShortLabel

if TYPE_CHECKING:
    from organizer.gui.backups import BackupActions
    from organizer.gui.main_window import MainWindow

Keys = QKeySequence.StandardKey


class WindowMenus:
    """The menu bar, the toolbar and the shortcuts of one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        people = window.people
        self.new_action = self._action(
            "&New…", self.new_here, [QKeySequence(Keys.New)], "Add a new item here"
        )
        self.new_packet_action = self._action(
            "New &packet…", people.new_packet, [QKeySequence("Ctrl+Shift+N")]
        )
        self.add_person_action = self._action("Add &person…", people.add_person)
        self.edit_person_action = self._action("Person &details…", people.edit_person)
        self.edit_packet_action = self._action("Packet d&etails…", lambda: people.edit_packet(""))
        self.delete_person_action = self._action("Delete this person…", people.delete_person)
        self.delete_packet_action = self._action("Delete this packet…", people.delete_packet)
        self.import_action = self._action(
            "&Import files…", window.import_files, [QKeySequence(Keys.Open)], "Bring in records"
        )
        self.export_action = self._action(
            "&Export packet…", lambda: window.show_section("export"), [QKeySequence("Ctrl+E")]
        )
        self._backups: BackupActions | None = None  # made when first used
        self.backup_action = self._action(
            "&Back up everything…",
            lambda: self.backups.back_up(),
            tip="Write all your records and files to one file, for safe keeping",
        )
        self.restore_copy_action = self._action(
            "&Go back to an earlier copy…",
            lambda: self.backups.restore_earlier(),
            tip="Put your records back as they were on an earlier day",
        )
        self.quit_action = self._action("&Quit", window.close, [QKeySequence("Ctrl+Q")])

        stack = window.undo_stack
        self.undo_action = stack.createUndoAction(window, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(Keys.Undo)])
        self.redo_action = stack.createRedoAction(window, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        window.addAction(self.undo_action)
        window.addAction(self.redo_action)
        self.edit_action = self._action("&Change selected…", self.edit_here)
        self.delete_action = self._action(
            "&Delete selected", self.delete_here, [QKeySequence(Keys.Delete)]
        )
        self.find_action = self._action("&Find…", self.find, [QKeySequence(Keys.Find)])

        self.section_actions = [
            self._action(
                title.replace("&", "&&"),
                functools.partial(window.show_section, key),
                # Ctrl+0 is "normal text size"; Export has Ctrl+E
                [QKeySequence(f"Ctrl+{number}")] if number <= 9 else [],
            )
            for number, (key, title) in enumerate(window.SECTIONS, start=1)
        ]
        self.zoom_in_action = self._action(
            "&Larger text",
            lambda: window.text_size.change(+ZOOM_STEP),
            [QKeySequence(Keys.ZoomIn), QKeySequence("Ctrl+=")],
        )
        self.zoom_out_action = self._action(
            "&Smaller text",
            lambda: window.text_size.change(-ZOOM_STEP),
            [QKeySequence(Keys.ZoomOut)],
        )
        self.zoom_reset_action = self._action(
            "&Normal text size",
            lambda: window.text_size.set(ZOOM_DEFAULT),
            [QKeySequence("Ctrl+0")],
        )
        self.help_action = self._action(
            "&Help contents", lambda: window.help.show_help(), [QKeySequence("F1")]
        )
        self.about_action = self._action("&About Second Look", window.help.show_about)
        self.sample_action = self._action(
            "Open &sample packet",
            window.help.open_sample,
            tip="Look around a made-up packet; your own records are not touched",
        )
        self.check_records_action = self._action(
            "&Check my records…",
            lambda: window.records_check.start(),
            tip="Check that every stored file is whole; nothing is changed",
        )
        self._fill_menus()
        self.toolbar = self._fill_toolbar()

    @property
    def backups(self) -> BackupActions:
        """File > Back up and Go back to a copy (their module loads when first used)."""
        if self._backups is None:
            from organizer.gui.backups import BackupActions

            window = self.window
            self._backups = BackupActions(
                window.library,
                window,
                window.after_restoring_copy,
                lambda parent, title, text: window.tell(parent, title, text),
            )
        return self._backups

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcuts: list[QKeySequence] | None = None,
        tip: str = "",
    ) -> QAction:
        # not QAction(text, parent): choosing among its forms makes QIcon's type, which
        # costs the start time while no action has an icon
        action = QAction(self.window)
        action.setText(text)
        if shortcuts:
            action.setShortcuts(shortcuts)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def _fill_menus(self) -> None:
        menus = self.window.menuBar()
        _fill(
            menus.addMenu("&File"),
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
        )
        _fill(
            menus.addMenu("&Edit"),
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
        )
        _fill(
            menus.addMenu("&View"),
            *self.section_actions,
            None,
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
        )
        self.help_menu = menus.addMenu("&Help")
        _fill(
            self.help_menu,
            self.help_action,
            self.sample_action,
            self.check_records_action,
            None,
            self.about_action,
        )

    def _fill_toolbar(self) -> QToolBar:
        toolbar = self.window.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar_undo = ShortLabel(self.undo_action, "Undo", self.window)
        self.toolbar_redo = ShortLabel(self.redo_action, "Redo", self.window)
        for action in (
            self.new_action,
            self.import_action,
            self.toolbar_undo,
            self.toolbar_redo,
            self.export_action,
            self.help_action,
        ):
            toolbar.addAction(action)
        return toolbar

    def update(self) -> None:
        """Name and enable the actions for the section shown and who is chosen."""
        window = self.window
        key = window.current_section()
        page = window.list_pages.get(key)
        has_person = window.person_id is not None
        has_packet = window.packet_id is not None
        if page is not None:
            self.new_action.setText(f"&New {page.spec.noun}…")
            self.new_action.setEnabled(page.owner_id is not None)
            selected = page.has_selection()
        elif key == "documents":
            self.new_action.setText("&Add documents…")
            self.new_action.setEnabled(has_person)
            selected = has_person
        else:
            self.new_action.setText("&New packet…" if has_person else "&New person…")
            self.new_action.setEnabled(True)
            selected = False
        self.edit_action.setEnabled(selected)
        self.delete_action.setEnabled(selected)
        for action in (self.edit_person_action, self.delete_person_action, self.new_packet_action):
            action.setEnabled(has_person)
        for action in (self.edit_packet_action, self.delete_packet_action, self.export_action):
            action.setEnabled(has_packet)

    # -- what New, Change, Delete and Find mean in the section shown --------------------------

    def new_here(self) -> None:
        window = self.window
        page = window.list_pages.get(window.current_section())
        if page is not None:
            page.add()
        elif window.current_section() == "documents" and window.person_id is not None:
            window.import_files()
        elif window.person_id is None:
            window.people.add_person()
        else:
            window.people.new_packet()

    def edit_here(self) -> None:
        page = self.window.list_pages.get(self.window.current_section())
        if page is not None:
            page.edit_selected()
        elif self.window.current_section() == "documents":
            self.window.documents.edit_selected()

    def delete_here(self) -> None:
        page = self.window.list_pages.get(self.window.current_section())
        if page is not None:
            page.delete_selected()
        elif self.window.current_section() == "documents":
            self.window.documents.trash_selected()

    def find(self) -> None:
        """Ctrl+F, from anywhere: search the text of the documents."""
        self.window.show_section("documents")
        self.window.documents.focus_search()


def _fill(menu: QMenu, *entries: QAction | None) -> None:
    for entry in entries:
        if entry is None:
            menu.addSeparator()
        else:
            menu.addAction(entry)
