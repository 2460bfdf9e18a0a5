"""The "After the visit" page: both opinions side by side, answers, and what comes next.

Everything on the page is saved together (Save, Ctrl+S), as one step that Edit > Undo
takes back. Edits not yet saved survive a refresh, and are saved before another packet
is shown, so nothing typed is lost.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.core import ops
from organizer.core.dates import PartialDate, parse_optional
from organizer.core.errors import InvalidInput
from organizer.core.library import Library
from organizer.core.ops import Changes
from organizer.core.records import Document, Packet, Question, Request
from organizer.core.visit.compare import next_steps, outcome_from_marks
from organizer.core.visit.model import MARK_WORDS, OUTCOME_WORDS, Mark, Outcome, Part
from organizer.core.visit.store import VISIT_TABLES, VisitState, read_state
from organizer.core.visit.third import earlier_opinions
from organizer.gui import labels, theme
from organizer.gui.changes import concerns, notices
from organizer.gui.undo import push

INTRO = (
    "Write down what the second doctor said while you still remember it, and compare it "
    "with the first opinion. This is your own record, not medical advice."
)
NOT_CHOSEN = "Not chosen yet"
WATCHED = (Packet.TABLE, Question.TABLE, Request.TABLE, Document.TABLE, *VISIT_TABLES)
"""What the page shows: a change to any of these makes it read the packet again."""
NO_CHOICE = ""
"""Item data for "nothing chosen": PySide6 loses a reference to None stored in a combo
box (each ``currentData()`` returning None takes one from it, until Python aborts)."""

Tell = Callable[[QWidget, str, str], None]
Ask = Callable[[QWidget, str, str], bool]
ChooseFolder = Callable[[QWidget], Path | None]


def _tell(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def _ask(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def _choose_folder(parent: QWidget) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, "Save the What I learned PDF in")
    return Path(folder) if folder else None


def _text_box(name: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def _line(name: str, placeholder: str = "") -> QLineEdit:
    line = QLineEdit()
    line.setAccessibleName(name)
    line.setPlaceholderText(placeholder)
    return line


class VisitPage(QWidget):
    """``third_opinion_started(id)`` asks the window to show the new packet."""

    third_opinion_started = Signal(int)

    tell: Tell = staticmethod(_tell)
    ask: Ask = staticmethod(_ask)
    choose_folder: ChooseFolder = staticmethod(_choose_folder)

    def __init__(
        self,
        library: Library,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visit_page")
        self.library = library
        self.undo_stack = undo_stack
        self.packet_id: int | None = None
        self.state: VisitState | None = None
        self.dirty = False
        self._filling = False

        self.empty = QLabel("<h1>After the visit</h1><p>Start a packet first.</p>")
        self.empty.setWordWrap(True)
        content = QWidget()
        column = QVBoxLayout(content)
        heading = QLabel("<h1>After the visit</h1>")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.earlier = QLabel()
        self.earlier.setObjectName("visit_earlier")
        self.earlier.setWordWrap(True)
        self.earlier.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(heading)
        column.addWidget(intro)
        column.addWidget(self.earlier)
        column.addWidget(self._build_comparison())
        column.addWidget(self._build_next_steps())
        column.addWidget(self._build_answers())
        column.addWidget(self._build_decision())
        column.addWidget(self._build_letters())
        column.addWidget(self._build_lent())
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)

        self.message = QLabel()
        self.message.setObjectName("visit_message")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save everything on this page (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.third_button = QPushButton("Ask for a third opinion…")
        self.third_button.setToolTip(
            "Start a new packet for the same person, with both opinions and questions "
            "about where they differ"
        )
        self.third_button.clicked.connect(self.start_third_opinion)
        self.pdf_button = QPushButton("Save “What I learned” PDF…")
        self.pdf_button.setToolTip(
            "One or two pages to take to the follow-up with the first doctor"
        )
        self.pdf_button.clicked.connect(self.save_pdf)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.pdf_button, self.third_button, self.save_button):
            buttons.addWidget(button)
        self.buttons = QWidget()
        self.buttons.setLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.buttons)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self._watch_edits()
        notices(library).changed.connect(self._library_changed)
        self.set_packet(None)

    # -- building ----------------------------------------------------------------------------

    def _build_comparison(self) -> QGroupBox:
        box = QGroupBox("The two opinions side by side")
        grid = QGridLayout(box)
        self.headers = [
            QLabel(f"<b>{title}</b>")
            for title in ("", "First opinion", "Second opinion", "Compared")
        ]
        for column, header in enumerate(self.headers):
            grid.addWidget(header, 0, column)
        self.first_diagnosis = _text_box("First opinion: diagnosis", 4)
        self.diagnosis = _text_box("Second opinion: diagnosis", 4)
        self.first_plan = _text_box("First opinion: recommended plan", 4)
        self.plan = _text_box("Second opinion: recommended plan", 4)
        self.first_doctor = _line("First doctor", "name of the first doctor")
        self.doctor = _line("Second doctor", "name of the second doctor")
        self.first_date = _line("Date of the first opinion", "e.g. 2026-08-20")
        self.date = _line("Date of the visit", "e.g. 2026-11-20")
        self.reasoning = _text_box("Why the second doctor sees it this way", 4)
        self.reasoning.setPlaceholderText("In your own words: what did the doctor say, and why?")
        self.marks: dict[Part, QComboBox] = {}
        rows: list[tuple[str, QWidget | None, QWidget, Part | None]] = [
            ("Diagnosis", self.first_diagnosis, self.diagnosis, Part.DIAGNOSIS),
            ("Recommended plan", self.first_plan, self.plan, Part.PLAN),
            ("Doctor", self.first_doctor, self.doctor, None),
            ("Date", self.first_date, self.date, None),
            ("Why", None, self.reasoning, None),
        ]
        for row, (title, first, second, part) in enumerate(rows, start=1):
            grid.addWidget(QLabel(f"<b>{title}</b>"), row, 0, Qt.AlignmentFlag.AlignTop)
            if first is not None:
                grid.addWidget(first, row, 1)
            grid.addWidget(second, row, 2)
            if part is not None:
                combo = QComboBox()
                combo.setAccessibleName(f"How the {title.lower()} compares")
                combo.addItem("Not marked", NO_CHOICE)
                for mark in Mark:
                    combo.addItem(MARK_WORDS[mark], mark)
                self.marks[part] = combo
                grid.addWidget(combo, row, 3, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.outcome = QComboBox()
        self.outcome.setAccessibleName("Overall outcome")
        self.outcome.addItem(NOT_CHOSEN, NO_CHOICE)
        for outcome in Outcome:
            self.outcome.addItem(OUTCOME_WORDS[outcome], outcome)
        self.outcome_hint = QLabel()
        self.outcome_hint.setWordWrap(True)
        overall = QHBoxLayout()
        overall.addWidget(QLabel("<b>Overall</b>"))
        overall.addWidget(self.outcome, 1)
        grid.addLayout(overall, len(rows) + 1, 0, 1, 4)
        grid.addWidget(self.outcome_hint, len(rows) + 2, 0, 1, 4)
        return box

    def _build_next_steps(self) -> QGroupBox:
        self.next_steps_box = QGroupBox("What people often do next")
        self.next_steps = QLabel()
        self.next_steps.setObjectName("visit_next_steps")
        self.next_steps.setWordWrap(True)
        QVBoxLayout(self.next_steps_box).addWidget(self.next_steps)
        return self.next_steps_box

    def _build_answers(self) -> QGroupBox:
        box = QGroupBox("Answers to your questions")
        self.answers = QTableWidget(0, 2)
        self.answers.setAccessibleName("Questions and the answers you were given")
        self.answers.setHorizontalHeaderLabels(["Question", "Answer"])
        header = self.answers.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.answers.verticalHeader().setVisible(False)
        self.answers.setWordWrap(True)
        self.answers.setMinimumHeight(140)
        QVBoxLayout(box).addWidget(self.answers)
        return box

    def _build_decision(self) -> QGroupBox:
        box = QGroupBox("Your decision and the follow-up")
        form = QFormLayout(box)
        self.decision = _text_box("What you decided", 2)
        self.decision.setPlaceholderText("Leave empty until you have decided.")
        self.follow_up_on = _line("Follow-up booked with the first doctor", "e.g. 2026-12-03")
        self.followed_up_on = _line("Follow-up happened on", "e.g. 2026-12-03")
        form.addRow("What you decided", self.decision)
        form.addRow("Follow-up with the first doctor, booked for", self.follow_up_on)
        form.addRow("Follow-up happened on", self.followed_up_on)
        return box

    def _build_letters(self) -> QGroupBox:
        box = QGroupBox("Received after the visit")
        self.letters = QListWidget()
        self.letters.setAccessibleName("Documents received after the visit")
        self.letters.setMaximumHeight(80)
        self.letter_choice = QComboBox()
        self.letter_choice.setAccessibleName("A document to link")
        self.link_button = QPushButton("Link")
        self.link_button.setToolTip("Import the letter on the Documents page first, then link it")
        self.link_button.clicked.connect(self.link_chosen)
        self.letter_choice.currentIndexChanged.connect(
            lambda _index: self.link_button.setEnabled(bool(self.letter_choice.currentData()))
        )
        self.unlink_button = QPushButton("Unlink")
        self.unlink_button.clicked.connect(self.unlink_selected)
        row = QHBoxLayout()
        row.addWidget(QLabel("The specialist's letter or report:"))
        row.addWidget(self.letter_choice, 1)
        row.addWidget(self.link_button)
        row.addWidget(self.unlink_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.letters)
        layout.addLayout(row)
        return box

    def _build_lent(self) -> QGroupBox:
        self.lent_box = QGroupBox("Lent items to give back")
        self.lent = QTableWidget(0, 3)
        self.lent.setAccessibleName("Lent items and when each is due back")
        self.lent.setHorizontalHeaderLabels(["Item", "Status", "Due back on"])
        header = self.lent.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.lent.verticalHeader().setVisible(False)
        self.lent.setMaximumHeight(120)
        QVBoxLayout(self.lent_box).addWidget(self.lent)
        return self.lent_box

    def _watch_edits(self) -> None:
        for box in (self.first_diagnosis, self.diagnosis, self.first_plan, self.plan,
                    self.reasoning, self.decision):  # fmt: skip
            box.textChanged.connect(self._edited)
        for line in (self.first_doctor, self.doctor, self.first_date, self.date,
                     self.follow_up_on, self.followed_up_on):  # fmt: skip
            line.textEdited.connect(self._edited)
        for combo in (*self.marks.values(), self.outcome):
            combo.currentIndexChanged.connect(self._edited)
        self.answers.itemChanged.connect(self._edited)
        self.lent.itemChanged.connect(self._edited)

    # -- showing -----------------------------------------------------------------------------

    def _library_changed(self, changes: Changes) -> None:
        if concerns(changes, *WATCHED):
            self.set_packet(self.packet_id)

    def set_packet(self, packet_id: int | None, *, force: bool = True) -> None:
        """Show a packet; unsaved edits of the one shown before are saved first.

        Edits not yet saved stay on the page when the same packet is shown again.
        """
        if packet_id != self.packet_id and self.dirty:
            self.save()
        if not force and packet_id == self.packet_id:
            return
        keep_edits = packet_id == self.packet_id and self.dirty
        self.packet_id = packet_id
        exists = packet_id is not None and self.library.exists(Packet, packet_id)
        self.empty.setVisible(not exists)
        self.scroll_area.setVisible(exists)
        self.buttons.setVisible(exists)
        if not exists or packet_id is None:
            self.state = None
            self.dirty = False
            return
        if not keep_edits:
            self.state = read_state(self.library, packet_id)
            self._fill(packet_id, self.state)
        self._show_earlier(packet_id)
        self._show_comparison()

    def _show_earlier(self, packet_id: int) -> None:
        """On a third-opinion packet, the two opinions it follows."""
        earlier = earlier_opinions(self.library, packet_id)
        self.earlier.setVisible(earlier is not None)
        this_one = "Second opinion" if earlier is None else "This (third) opinion"
        self.headers[2].setText(f"<b>{this_one}</b>")
        if earlier is None:
            return
        title = self.library.get(Packet, earlier.follows_packet_id).title
        lines = [f"<b>This packet asks for a third opinion after “{escape(title)}”.</b>"]
        for name, opinion in (("First", earlier.first), ("Second", earlier.second)):
            by = f" ({escape(opinion.doctor)})" if opinion.doctor else ""
            lines.append(
                f"{name} opinion{by}: {escape(opinion.diagnosis) or 'not written down'}; "
                f"plan: {escape(opinion.plan) or 'not written down'}"
            )
        self.earlier.setText("<br>".join(lines))

    def _fill(self, packet_id: int, state: VisitState) -> None:
        self._filling = True
        try:
            visit = state.visit
            self.first_diagnosis.setPlainText(state.first_diagnosis)
            self.first_plan.setPlainText(state.first_plan)
            self.first_doctor.setText(state.first_doctor)
            self.first_date.setText(_date(visit.first_date))
            self.diagnosis.setPlainText(visit.diagnosis)
            self.plan.setPlainText(visit.plan)
            self.doctor.setText(visit.doctor)
            self.date.setText(_date(visit.date))
            self.reasoning.setPlainText(visit.reasoning)
            for part, combo in self.marks.items():
                combo.setCurrentIndex(max(combo.findData(visit.marks.get(part, NO_CHOICE)), 0))
            self.outcome.setCurrentIndex(max(self.outcome.findData(visit.outcome or NO_CHOICE), 0))
            self.decision.setPlainText(visit.decision)
            self.follow_up_on.setText(_date(visit.follow_up_on))
            self.followed_up_on.setText(_date(visit.followed_up_on))
            for line in (self.first_doctor, self.doctor):
                line.setCursorPosition(0)
            self._fill_answers(packet_id, state)
            self._fill_letters(packet_id, state.letters)
            self._fill_lent(packet_id, state)
            self.message.setText("")
        finally:
            self._filling = False
        self.dirty = False

    def _fill_answers(self, packet_id: int, state: VisitState) -> None:
        questions = self.library.children(Question, packet_id)
        self.answers.setRowCount(len(questions))
        for row, question in enumerate(questions):
            asked = QTableWidgetItem(question.text)
            asked.setFlags(asked.flags() & ~Qt.ItemFlag.ItemIsEditable)
            asked.setData(Qt.ItemDataRole.UserRole, question.id)
            self.answers.setItem(row, 0, asked)
            self.answers.setItem(row, 1, QTableWidgetItem(state.answers.get(question.id or 0, "")))
        self.answers.resizeRowsToContents()

    def _fill_letters(self, packet_id: int, letters: list[int]) -> None:
        packet = self.library.get(Packet, packet_id)
        documents = [
            d for d in self.library.children(Document, packet.person_id) if not d.trashed_at
        ]
        self.letters.clear()
        self.letter_choice.clear()
        self.letter_choice.addItem("Choose a document…", 0)
        # the most recently imported first: the letter that just arrived is near the top
        for document in sorted(documents, key=lambda d: d.added_at, reverse=True):
            label = _document_label(document)
            if document.id in letters:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, document.id)
                self.letters.addItem(item)
            else:
                self.letter_choice.addItem(label, document.id)
        self.letter_choice.setCurrentIndex(0)
        self.unlink_button.setEnabled(self.letters.count() > 0)

    def _fill_lent(self, packet_id: int, state: VisitState) -> None:
        lent = [r for r in self.library.children(Request, packet_id) if r.id in state.due_back]
        self.lent.setRowCount(len(lent))
        for row, request in enumerate(lent):
            item = QTableWidgetItem(
                request.item + (f" ({request.source})" if request.source else "")
            )
            item.setData(Qt.ItemDataRole.UserRole, request.id)
            status = QTableWidgetItem(labels.word(request.status))
            for fixed in (item, status):
                fixed.setFlags(fixed.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.lent.setItem(row, 0, item)
            self.lent.setItem(row, 1, status)
            self.lent.setItem(row, 2, QTableWidgetItem(_date(state.due_back.get(request.id or 0))))
        self.lent_box.setVisible(bool(lent))

    def _edited(self) -> None:
        if self._filling:
            return
        self.dirty = True
        self.message.setText("Not saved yet")
        self._show_comparison()

    def _show_comparison(self) -> None:
        """The outcome the marks point to, and the next steps for the outcome shown."""
        marks = self._chosen_marks()
        suggested = outcome_from_marks(marks)
        chosen = self._chosen_outcome()
        if chosen is None and suggested is not None:
            self.outcome_hint.setText(f"Your marks point to: {suggested.value}.")
        else:
            self.outcome_hint.setText("")
        steps = next_steps(chosen or suggested)
        self.next_steps.setText("".join(f"• {escape(step)}<br>" for step in steps))
        self.next_steps_box.setVisible(bool(steps))

    # -- actions -----------------------------------------------------------------------------

    def collect(self) -> VisitState:
        """The page as a state to save; InvalidInput names the field with a bad date."""
        assert self.state is not None and self.packet_id is not None
        visit = copy.deepcopy(self.state.visit)
        visit.first_date = _parse("the first opinion's date", self.first_date.text())
        visit.date = _parse("the visit date", self.date.text())
        visit.follow_up_on = _parse("the follow-up booking", self.follow_up_on.text())
        visit.followed_up_on = _parse("when the follow-up happened", self.followed_up_on.text())
        visit.diagnosis = self.diagnosis.toPlainText()
        visit.plan = self.plan.toPlainText()
        visit.doctor = self.doctor.text()
        visit.reasoning = self.reasoning.toPlainText()
        visit.decision = self.decision.toPlainText()
        visit.outcome = self._chosen_outcome()
        visit.marks = self._chosen_marks()
        answers = {}
        for row in range(self.answers.rowCount()):
            asked, answer = self.answers.item(row, 0), self.answers.item(row, 1)
            if asked is not None:
                answers[int(asked.data(Qt.ItemDataRole.UserRole))] = answer.text() if answer else ""
        due_back: dict[int, PartialDate | None] = {}
        for row in range(self.lent.rowCount()):
            item, due = self.lent.item(row, 0), self.lent.item(row, 2)
            if item is not None:
                request_id = int(item.data(Qt.ItemDataRole.UserRole))
                due_back[request_id] = _parse(
                    f"the due-back date of {item.text()}", due.text() if due else ""
                )
        letters = [
            int(self.letters.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.letters.count())
        ]
        return VisitState(
            visit=visit,
            first_diagnosis=self.first_diagnosis.toPlainText(),
            first_plan=self.first_plan.toPlainText(),
            first_doctor=self.first_doctor.text(),
            answers=answers,
            due_back=due_back,
            letters=letters,
        )

    def _chosen_marks(self) -> dict[Part, Mark]:
        """Qt hands back the enum's text: turn it into the word again."""
        return {
            part: Mark(combo.currentData())
            for part, combo in self.marks.items()
            if combo.currentData() != NO_CHOICE
        }

    def _chosen_outcome(self) -> Outcome | None:
        data = self.outcome.currentData()
        return Outcome(data) if data != NO_CHOICE else None

    def save(self) -> bool:
        if self.state is None or self.packet_id is None:
            return False
        try:
            after = self.collect()
        except InvalidInput as error:
            self.message.setText(f'<b style="color:{theme.error_color(self).name()}">{error}</b>')
            return False
        self.dirty = False
        push(
            self.undo_stack,
            self.library,
            "Save the visit",
            ops.save_visit_state(self.library, after),
        )
        self.message.setText("Saved")
        return True

    def link_chosen(self) -> None:
        document_id = self.letter_choice.currentData()
        if not document_id:
            return
        item = QListWidgetItem(self.letter_choice.currentText())
        item.setData(Qt.ItemDataRole.UserRole, document_id)
        self.letters.addItem(item)
        self.letter_choice.removeItem(self.letter_choice.currentIndex())
        self.letter_choice.setCurrentIndex(0)
        self.unlink_button.setEnabled(True)
        self._edited()

    def unlink_selected(self) -> None:
        row = self.letters.currentRow()
        if row < 0:
            row = self.letters.count() - 1
        item = self.letters.takeItem(row)
        if item is None:
            return
        self.letter_choice.addItem(item.text(), item.data(Qt.ItemDataRole.UserRole))
        self.unlink_button.setEnabled(self.letters.count() > 0)
        self._edited()

    def start_third_opinion(self) -> int | None:
        if self.packet_id is None or (self.dirty and not self.save()):
            return None
        question = (
            "Start a new packet for a third opinion? It will hold the question, both "
            "opinions, the same documents plus the letters received after this visit, and "
            "questions about where the two opinions differ."
        )
        if not self.ask(self, "Ask for a third opinion", question):
            return None
        new_id, outcome = ops.start_third_opinion(self.library, self.packet_id)
        push(self.undo_stack, self.library, "Start a third-opinion packet", outcome)
        self.third_opinion_started.emit(new_id)
        return new_id

    def save_pdf(self) -> Path | None:
        if self.packet_id is None or (self.dirty and not self.save()):
            return None
        folder = self.choose_folder(self)
        if folder is None:
            return None
        # the PDF writer loads only when asked for: the window opens without it
        from organizer.core.export.what_i_learned import write_what_i_learned

        try:
            written = write_what_i_learned(self.library, self.packet_id, folder)
        except (InvalidInput, OSError) as error:
            self.tell(self, "The PDF was not saved", str(error))
            return None
        pages = "1 page" if written.pages == 1 else f"{written.pages} pages"
        self.message.setText(f"Saved {written.path.name} ({pages}) in {folder}")
        return written.path


def _date(value: PartialDate | None) -> str:
    return value.to_storage() if value is not None else ""


def _parse(what: str, text: str) -> PartialDate | None:
    try:
        return parse_optional(text)
    except InvalidInput as error:
        raise InvalidInput(f"Check {what}: {error}") from None


def _document_label(document: Document) -> str:
    when = document.date.display() if document.date else "no date"
    return f"{document.title} ({when})"
