"""The question list's own tools: standard questions one click away, and moving a question.

Both are core operations (organizer.core.ops.questions) on the undo stack; where a new
question goes and how the list is renumbered is decided there, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMenu, QPushButton

from organizer.core import checklist, ops
from organizer.core.library import Library
from organizer.core.records import Question
from organizer.gui.undo import push

if TYPE_CHECKING:
    from organizer.gui.pages.records import RecordListPage


class QuestionTools(QObject):
    def __init__(
        self,
        library: Library,
        undo_stack: QUndoStack,
        page: RecordListPage,
        packet_id: Callable[[], int | None],
    ) -> None:
        super().__init__(page)
        self.library = library
        self.undo_stack = undo_stack
        self.page = page
        self.packet_id = packet_id
        self.move_up_button = QPushButton("Move up")
        self.move_up_button.setAccessibleName("Move the selected question up")
        self.move_down_button = QPushButton("Move down")
        self.move_down_button.setAccessibleName("Move the selected question down")
        self.standard_button = QPushButton("Add standard questions…")
        self.standard_button.setObjectName("standard_questions")
        self.standard_button.setAccessibleName("Add standard questions")
        self.standard_menu = QMenu(self.standard_button)
        self.standard_menu.aboutToShow.connect(self.fill_standard_menu)
        self.standard_button.setMenu(self.standard_menu)
        for button in (self.standard_button, self.move_up_button, self.move_down_button):
            page.extras.addWidget(button)
        self.move_up_button.clicked.connect(lambda: self.move_question(-1))
        self.move_down_button.clicked.connect(lambda: self.move_question(+1))
        page.selection_changed.connect(self.update_buttons)
        self.update_buttons()

    def update_buttons(self) -> None:
        chosen = self.page.has_selection()
        self.move_up_button.setEnabled(chosen)
        self.move_down_button.setEnabled(chosen)

    def move_question(self, step: int) -> None:
        chosen = self.page.selected_record()
        if not isinstance(chosen, Question) or chosen.id is None:
            return
        ordered = [q.id for q in self.page.model.records()]
        there = ordered.index(chosen.id) + step
        outcome = ops.move_question(self.library, chosen.id, there)
        push(
            self.undo_stack, self.library, f"Move question {'down' if step > 0 else 'up'}", outcome
        )
        self.page.select_id(chosen.id)

    def fill_standard_menu(self) -> None:
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
        packet_id = self.packet_id()
        if packet_id is None:
            return ()
        asked = [q.text for q in self.library.children(Question, packet_id)]
        return checklist.standard_questions_not_asked(asked)

    def add_questions(self, texts: Sequence[str]) -> None:
        """Add questions at the end of the list, as one undoable step."""
        packet_id = self.packet_id()
        if packet_id is None:
            return
        label = "Add a standard question" if len(texts) == 1 else "Add the standard questions"
        push(
            self.undo_stack, self.library, label, ops.add_questions(self.library, packet_id, texts)
        )
