"""The packet checklist on the Overview: what is done, what is missing, and a way to fix it.

The report comes from organizer.core.checklist; this module only shows it. Each item
carries the words for its status and an icon of a distinct shape, its explanation, a
"Fix it" button that asks the window to go to the right place, and a not-applicable mark.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from organizer.core import checklist, ops
from organizer.core.checklist import Status
from organizer.core.checklist.labels import document_label, event_label
from organizer.core.errors import NotFound
from organizer.core.library import Library
from organizer.core.records import Document, Event
from organizer.gui import theme
from organizer.gui.markup import escape
from organizer.gui.models import SORT_ROLE, FilterProxy
from organizer.gui.rowdiff import update_rows
from organizer.gui.shortcuts import on_enter
from organizer.gui.status_icons import STATUS_ORDER, STATUS_WORDS, status_icon
from organizer.gui.undo import push

if TYPE_CHECKING:  # the results' module loads with the first report, after the first paint
    from PySide6.QtGui import QIcon

    from organizer.core.checklist import ChecklistReport, RuleResult
    from organizer.core.jobs import JobContext
    from organizer.gui.jobs import JobRunner

Index = QModelIndex | QPersistentModelIndex
RESULT_ROLE = Qt.ItemDataRole.UserRole + 10

CHECKING = "<h2>Checking the packet…</h2><p>This takes a moment for a large packet.</p>"

AskReason = Callable[[QWidget, str], str | None]
_REFIT = (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange)
"""Events after which the checklist's rows may have changed height."""


def ask_reason(parent: QWidget, title: str) -> str | None:
    """Ask why a rule does not apply; None if the person cancels."""
    from PySide6.QtWidgets import QInputDialog  # its Qt type loads when first asked

    text, ok = QInputDialog.getText(
        parent,
        STATUS_WORDS[Status.NOT_APPLICABLE],
        f"Why does “{title}” not apply to this packet?\n"
        "The reason is shown in the checklist and in the exported packet.",
    )
    return text.strip() if ok and text.strip() else None


def evaluate(library: Library, packet_id: int) -> ChecklistReport:
    """The packet's checklist; its checks load on first use (at the start, in the worker)."""
    return checklist.evaluate(library, packet_id)


def _markable() -> dict[str, str]:
    from organizer.core.checklist.marks import MARKABLE_RULES

    return MARKABLE_RULES


class ChecklistModel(QAbstractTableModel):
    """Rows of rule results: status (icon and word), what is checked, what was found."""

    HEADERS = ("Status", "What is needed", "What we found", "What to do")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[RuleResult] = []
        self._icons: dict[Status, QIcon] = {}

    def set_report(self, report: ChecklistReport | None) -> None:
        """Show this report, telling the view only which rules' rows came, went or changed."""
        fresh = list(report.results) if report is not None else []
        update_rows(self, self._results, fresh, lambda result: result.rule_id)

    def result(self, row: int) -> RuleResult:
        return self._results[row]

    def row_of(self, rule_id: str) -> int:
        for row, result in enumerate(self._results):
            if result.rule_id == rule_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._results)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._results):
            return None
        result = self._results[index.row()]
        column = index.column()
        if role == RESULT_ROLE:
            return result
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icon(result.status)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return STATUS_WORDS[result.status]
            if column == 1:
                return result.title
            if column == 2:
                return result.explanation
            if role == Qt.ItemDataRole.AccessibleTextRole and result.fix:
                return "Fix it"
            return ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return result.why
        if role == SORT_ROLE:
            if column == 0:
                return STATUS_ORDER[result.status] * 1000 + index.row()
            if column == 3:
                return int(not result.fix)
            return (result.title if column == 1 else result.explanation).casefold()
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _icon(self, status: Status) -> QIcon:
        if status not in self._icons:
            self._icons[status] = status_icon(status)
        return self._icons[status]


class ChecklistPanel(QGroupBox):
    """The checklist with a details box for the chosen item; ``fix_requested(target)``."""

    fix_requested = Signal(str)

    def __init__(
        self,
        library: Library,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        held: bool = False,
    ) -> None:
        super().__init__("Checklist: is the packet ready?", parent)
        self.setObjectName("checklist_panel")
        self.library = library
        self.undo_stack = undo_stack
        self.ask_reason: AskReason = ask_reason
        self.packet_id: int | None = None
        self.report: ChecklistReport | None = None
        # at the app's start the checklist waits for the window's first paint: it reads
        # every document of the packet, which must not keep the window from appearing
        self.held = held
        self.runner: JobRunner | None = None
        self._changed_meanwhile = False

        self.summary = QLabel()
        self.summary.setObjectName("checklist_summary")
        self.summary.setWordWrap(True)
        self.model = ChecklistModel(self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("checklist_table")
        self.table.setAccessibleName("Checklist")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, self.fontMetrics().averageCharWidth() * 34)
        # every row shown: the page scrolls, not a small box inside it
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table.installEventFilter(self)

        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.detail_text = QLabel()
        self.detail_text.setObjectName("checklist_detail")
        self.detail_text.setWordWrap(True)
        self.detail_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fix_button = QPushButton("Fix it…")
        self.fix_button.setObjectName("checklist_fix")
        self.fix_button.setAccessibleName("Fix this checklist item")
        self.mark_button = QPushButton(f"{STATUS_WORDS[Status.NOT_APPLICABLE]}…")
        self.mark_button.setObjectName("checklist_mark")
        self.mark_button.setAccessibleName("Mark this checklist item as not applicable")
        self.finding_button = QPushButton("Not this one…")
        self.finding_button.setObjectName("checklist_finding_mark")
        self.finding_button.setAccessibleName("Mark one entry of this checklist item")
        self.finding_button.setToolTip(
            "Say that one entry (this biopsy, this report) does not count, "
            "without turning the whole item off"
        )
        self.finding_button.setMenu(QMenu(self.finding_button))
        buttons = QHBoxLayout()
        buttons.addWidget(self.fix_button)
        buttons.addWidget(self.finding_button)
        buttons.addWidget(self.mark_button)
        buttons.addStretch(1)
        details = QVBoxLayout()
        details.addWidget(self.detail_title)
        details.addWidget(self.detail_text)
        details.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(details)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())
        self.table.doubleClicked.connect(lambda _index: self.fix_selected())
        on_enter(self.table, self.fix_selected)
        self.fix_button.clicked.connect(self.fix_selected)
        self.mark_button.clicked.connect(self.toggle_mark)
        self._show_details()

    # -- data ------------------------------------------------------------------------------

    def set_packet(self, packet_id: int | None) -> None:
        self.packet_id = packet_id
        self.reload()

    def release(self) -> JobRunner | None:
        """The window is on screen: check the packet in the background, then keep up.

        A large packet takes a second or more to check; a worker does it with a read
        connection of its own, so the window answers meanwhile ("Checking the packet…").
        """
        from organizer.gui.jobs import JobRunner  # loaded once the window is on screen

        if not self.held or self.runner is not None:
            return self.runner
        if self.packet_id is None:
            self.held = False
            self.reload()
            return None
        root, packet_id = self.library.root, self.packet_id

        def work(_context: JobContext, _deliver: Callable[[Any], None]) -> ChecklistReport:
            reader = Library.open(root, lock=False, create=False)
            try:
                return evaluate(reader, packet_id)
            finally:
                reader.close()

        self._changed_meanwhile = False
        self.runner = JobRunner("Checking the packet", work, parent_window=self, show_dialog=False)
        self.runner.succeeded.connect(self._checked)
        self.runner.failed.connect(self._check_failed)
        self.runner.start()
        return self.runner

    def _checked(self, report: ChecklistReport) -> None:
        self.held, self.runner = False, None
        if self._changed_meanwhile or report.packet_id != self.packet_id:
            self.reload()  # the packet changed while it was checked: check it as it is now
        else:
            self._show_report(report)

    def _check_failed(self, _message: str) -> None:
        self.held, self.runner = False, None
        self.reload()  # here, on the GUI thread, any error shows as it always did

    def reload(self) -> None:
        if self.held:
            self._changed_meanwhile = True
            self._show_checking()
            return
        self._show_report(evaluate(self.library, self.packet_id) if self.packet_id else None)

    def _show_report(self, report: ChecklistReport | None) -> None:
        chosen = self.selected()
        self.report = report
        self.model.set_report(self.report)
        self._add_fix_buttons()
        self._show_summary()
        self.fit_height()
        if chosen is not None:
            self.select_rule(chosen.rule_id)
        elif self.proxy.rowCount() and self.report is not None:
            self.table.selectRow(0)
        self._show_details()

    def fit_height(self) -> None:
        """As tall as all its rows, so the Overview page scrolls and the table never does."""
        if not shiboken6.isValid(self.table):
            return
        self.table.resizeRowsToContents()
        rows = self.table.verticalHeader().length()
        header = self.table.horizontalHeader().height()
        frame = self.table.frameWidth() * 2
        scrollbar = self.table.horizontalScrollBar()
        extra = scrollbar.sizeHint().height() if scrollbar.isVisible() else 0
        height = rows + header + frame + extra
        if self.table.height() != height:
            self.table.setFixedHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() in _REFIT:
            QTimer.singleShot(0, self.fit_height)
        if watched is self.table and event.type() == QEvent.Type.Wheel:
            event.ignore()  # the page scrolls
            return True
        return super().eventFilter(watched, event)

    def _add_fix_buttons(self) -> None:
        """A "Fix it" button on every row that has something to do."""
        self.fix_buttons: dict[str, QPushButton] = {}
        for row in range(self.proxy.rowCount()):
            result = self.proxy.index(row, 0).data(RESULT_ROLE)
            if not isinstance(result, checklist.RuleResult) or not result.fix:
                # a kept row's old button goes: Qt takes a null widget (the stubs do not say so)
                self.table.setIndexWidget(self.proxy.index(row, 3), None)  # type: ignore[arg-type]
                continue
            button = QPushButton("Fix it…")
            button.setAccessibleName(f"Fix: {result.title}")
            button.setToolTip(f"Go to the place to fix “{result.title}”")
            button.clicked.connect(
                lambda _checked=False, fix=result.fix: self.fix_requested.emit(fix)
            )
            self.table.setIndexWidget(self.proxy.index(row, 3), button)
            self.fix_buttons[result.rule_id] = button

    def _show_checking(self) -> None:
        self.report = None
        self.model.set_report(None)
        self.summary.setText(CHECKING if self.packet_id else "")
        self.summary.setAccessibleName("Checking the packet" if self.packet_id else "")
        self.fit_height()
        self._show_details()

    def _show_summary(self) -> None:
        report = self.report
        if report is None:
            self.summary.clear()
            return
        if report.ready:
            color = theme.success_color(self).name()
            headline = "Ready for the visit"
            extra = "Nothing the specialist needs is missing."
            if report.warnings:
                extra += f" {_count(report.warnings, 'item')} could still be checked."
        else:
            color = theme.error_color(self).name()
            headline = "Not ready yet"
            extra = f"{_count(report.missing, 'thing')} missing"
            if report.warnings:
                extra += f", {_count(report.warnings, 'item')} to check"
            extra += ". Choose an item below to see what to do."
        self.summary.setText(f'<h2 style="color:{color}">{headline}</h2><p>{extra}</p>')
        self.summary.setAccessibleName(f"{headline}. {extra}")

    # -- the chosen item -------------------------------------------------------------------

    def selected(self) -> RuleResult | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        result = rows[0].data(RESULT_ROLE)
        return result if isinstance(result, checklist.RuleResult) else None

    def select_rule(self, rule_id: str) -> None:
        row = self.model.row_of(rule_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(index)

    def _show_details(self) -> None:
        result = self.selected()
        self.fix_button.setEnabled(bool(result and result.fix))
        self.mark_button.setEnabled(result is not None)
        self._fill_finding_menu(result)
        if result is None:
            self.detail_title.clear()
            self.detail_text.clear()
            return
        word = STATUS_WORDS[result.status]
        self.detail_title.setText(f"<h3>{escape(result.title)} — {word}</h3>")
        parts = [f"<p><b>What we found:</b> {escape(result.explanation)}</p>"]
        if result.satisfied_by:
            items = "".join(f"<li>{escape(text)}</li>" for text in result.satisfied_by[:8])
            more = len(result.satisfied_by) - 8
            if more > 0:
                items += f"<li>and {more} more</li>"
            parts.append(f"<ul>{items}</ul>")
        parts.append(f"<p><b>Why it matters:</b> {escape(result.why)}</p>")
        self.detail_text.setText("".join(parts))
        if result.status is Status.NOT_APPLICABLE:
            self.mark_button.setText("It applies after all")
            self.mark_button.setAccessibleName("Clear the not applicable mark")
        else:
            self.mark_button.setText(f"{STATUS_WORDS[Status.NOT_APPLICABLE]}…")
            self.mark_button.setAccessibleName("Mark this checklist item as not applicable")

    def finding_choices(self, result: RuleResult) -> list[tuple[str, tuple[str, int], bool]]:
        """(label, record, marked) for each record of the rule that can be marked on its own."""
        if self.packet_id is None or result.rule_id not in _markable():
            return []
        if result.status is Status.NOT_APPLICABLE:
            return []
        marked = {
            ref
            for (rule_id, ref) in checklist.finding_marks(self.library, self.packet_id)
            if rule_id == result.rule_id
        }
        refs = [ref for ref in result.refs if ref[0] in ("event", "document")]
        choices = []
        for ref in refs + sorted(marked - set(refs)):
            label = self._record_label(ref)
            if label is not None:
                choices.append((label, ref, ref in marked))
        return choices

    def _record_label(self, ref: tuple[str, int]) -> str | None:
        try:
            if ref[0] == "event":
                return event_label(self.library.get(Event, ref[1]))
            return document_label(self.library.get(Document, ref[1]))
        except NotFound:
            return None

    def _fill_finding_menu(self, result: RuleResult | None) -> None:
        menu = self.finding_button.menu()
        menu.clear()
        choices = self.finding_choices(result) if result is not None else []
        self.finding_button.setVisible(bool(choices))
        if result is None:
            return
        says = _markable().get(result.rule_id, "")
        for label, ref, marked in choices:
            text = f"“{label}” counts again" if marked else f"“{label}” {says}…"
            action = menu.addAction(text)
            action.triggered.connect(
                lambda _checked=False, r=ref, m=marked, lb=label: self.mark_finding(
                    result, r, lb, m
                )
            )

    # -- actions ---------------------------------------------------------------------------

    def mark_finding(
        self, result: RuleResult, ref: tuple[str, int], label: str, marked: bool
    ) -> None:
        if self.packet_id is None:
            return
        if marked:
            reason = None
            text = f"“{label}” counts again"
        else:
            reason = self.ask_reason(self, label)
            if reason is None:
                return
            text = f"“{label}”: {STATUS_WORDS[Status.NOT_APPLICABLE].lower()}"
        outcome = ops.set_finding_mark(self.library, self.packet_id, result.rule_id, ref, reason)
        push(self.undo_stack, self.library, text, outcome)
        self.select_rule(result.rule_id)

    def fix_selected(self) -> None:
        result = self.selected()
        if result is not None and result.fix:
            self.fix_requested.emit(result.fix)

    def toggle_mark(self) -> None:
        result = self.selected()
        if result is None or self.packet_id is None:
            return
        if result.status is Status.NOT_APPLICABLE:
            reason = None
            text = f"“{result.title}” applies again"
        else:
            reason = self.ask_reason(self, result.title)
            if reason is None:
                return
            text = f"“{result.title}”: {STATUS_WORDS[Status.NOT_APPLICABLE].lower()}"
        outcome = ops.set_rule_mark(self.library, self.packet_id, result.rule_id, reason)
        push(self.undo_stack, self.library, text, outcome)
        self.select_rule(result.rule_id)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
