"""A section that lists one kind of record with add, edit and delete (all undoable).

The section's specification (which record, which columns, which form, what to say when
the list is empty) lives in sections.py; this page is the same for all of them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from organizer.core import ops
from organizer.core.library import Library
from organizer.core.ops import Changes
from organizer.core.records import Record
from organizer.gui.changes import concerns, notices
from organizer.gui.columns import FillColumn
from organizer.gui.editor import RecordDialog
from organizer.gui.models import FilterProxy, RecordTableModel
from organizer.gui.pages.sections import Owner as Owner
from organizer.gui.pages.sections import SectionSpec as SectionSpec
from organizer.gui.shortcuts import on_enter
from organizer.gui.undo import push

STRETCH_CHARS = 20
"""The least room for a list's main column (a medication's name, a request's item)."""


class RecordListPage(QWidget):
    """Heading, explanation, buttons, a filter box and the table (or a friendly empty state)."""

    selection_changed = Signal()

    def __init__(
        self,
        spec: SectionSpec,
        library: Library,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.library = library
        self.undo_stack = undo_stack
        self.owner_id: int | None = None
        self.editor: RecordDialog | None = None
        self.columns_sized = False  # True once sized to content or restored from settings
        self.setObjectName(f"{spec.key}_page")

        heading = QLabel(f"<h1>{spec.title}</h1>")
        heading.setAccessibleName(spec.title)
        intro = QLabel(spec.intro)
        intro.setWordWrap(True)

        self.add_button = QPushButton(f"Add {spec.noun}…")
        self.add_button.setAccessibleName(f"Add {spec.noun}")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAccessibleName(f"Edit the selected {spec.noun}")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName(f"Delete the selected {spec.noun}")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter this list")
        self.filter_edit.setAccessibleName(f"Filter the {spec.title.lower()} list")
        self.filter_edit.setClearButtonEnabled(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.filter_edit, 1)
        self.extras = QHBoxLayout()  # section-specific controls, on their own line

        self.model: RecordTableModel[Record] = RecordTableModel(spec.columns, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName(f"{spec.key}_table")
        self.table.setAccessibleName(f"{spec.title} list")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)
        self.fill_column = FillColumn(self.table, spec.stretch_column, STRETCH_CHARS)

        self.empty_label = QLabel(spec.empty_text)
        self.empty_label.setObjectName(f"{spec.key}_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setMargin(12)
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        extras_row = QHBoxLayout()
        extras_row.addLayout(self.extras)
        extras_row.addStretch(1)
        layout.addLayout(extras_row)
        layout.addWidget(self.stack, 1)

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_moved)
        on_enter(self.table, self.edit_selected)
        notices(library).changed.connect(self._library_changed)
        self._update_buttons()

    # -- data ------------------------------------------------------------------------------

    def set_owner(self, owner_id: int | None, *, force: bool = True) -> None:
        """Show the records of this person or packet (read again only if it changed)."""
        if force or owner_id != self.owner_id:
            self.owner_id = owner_id
            self.reload()

    def _library_changed(self, changes: Changes) -> None:
        if concerns(changes, self.spec.record_type.TABLE, self._owner_type().TABLE):
            self.reload()

    def reload(self) -> None:
        keep = self.selected_record()
        if self.owner_id is None or not self.library.exists(self._owner_type(), self.owner_id):
            records: list[Record] = []
        else:
            records = list(self.library.children(self.spec.record_type, self.owner_id))
        self.model.set_records(records)
        if self.owner_id is None and self.spec.no_owner_text:
            self.empty_label.setText(self.spec.no_owner_text)
        else:
            self.empty_label.setText(self.spec.empty_text)
        self.stack.setCurrentWidget(self.table if records else self.empty_label)
        if records and not self.columns_sized and self.isVisible():
            self.size_columns()
        self.add_button.setEnabled(self.owner_id is not None)
        if keep is not None and keep.id is not None:
            self.select_id(keep.id)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.model.rowCount() and not self.columns_sized:
            QTimer.singleShot(0, self.size_columns)  # after fonts and layout have settled

    def size_columns(self) -> None:
        """Fit the columns to what they hold, once; after that the person's widths stay."""
        header = self.table.horizontalHeader()
        limit = self.fontMetrics().averageCharWidth() * 24  # long text wraps instead
        for column in range(self.model.columnCount()):  # the fill column takes what is left
            if column != self.spec.stretch_column:
                self.table.resizeColumnToContents(column)
                header.resizeSection(column, min(header.sectionSize(column) + 12, limit))
        self.columns_sized = True

    def _owner_type(self) -> type[Record]:
        parent = self.spec.record_type.PARENT
        assert parent is not None
        return parent[1]

    # -- selection -------------------------------------------------------------------------

    def selected_record(self) -> Record | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.record(source.row()) if source.isValid() else None

    def select_id(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _selection_moved(self, *_: object) -> None:
        self._update_buttons()
        self.selection_changed.emit()

    def _update_buttons(self) -> None:
        chosen = self.selected_record() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def has_selection(self) -> bool:
        return self.selected_record() is not None

    # -- editing ---------------------------------------------------------------------------

    def add(self, preset: dict[str, Any] | None = None) -> RecordDialog | None:
        """Open the form for a new record, with some fields filled in already if given."""
        if self.owner_id is None:
            return None
        record = self.spec.new_record(self.owner_id)
        if preset:
            record = dataclasses.replace(record, **preset)
        return self._open_editor(record, f"Add {self.spec.noun}", adding=True)

    def edit_id(self, record_id: int) -> RecordDialog | None:
        self.filter_edit.clear()
        self.select_id(record_id)
        selected = self.selected_record()
        if selected is None or selected.id != record_id:
            return None
        return self.edit_selected()

    def edit_selected(self) -> RecordDialog | None:
        record = self.selected_record()
        if record is None:
            return None
        return self._open_editor(record, f"Edit {self.spec.noun}", adding=False)

    def delete_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        text = f"Delete {self.spec.noun} “{self.spec.describe(record)}”"
        assert record.id is not None
        push(
            self.undo_stack,
            self.library,
            text,
            ops.delete_record(self.library, type(record), record.id),
        )

    def _open_editor(self, record: Record, title: str, *, adding: bool) -> RecordDialog:
        dialog = RecordDialog(self.spec.form, record, title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save(dialog, adding))
        dialog.finished.connect(lambda _result: self._forget_editor(dialog))
        self.editor = dialog
        dialog.open()
        return dialog

    def _forget_editor(self, dialog: RecordDialog) -> None:
        if self.editor is dialog:
            self.editor = None

    def _save(self, dialog: RecordDialog, adding: bool) -> None:
        result = dialog.result_record
        if result is None:
            return
        name = self.spec.describe(result)
        if adding:
            outcome = ops.add_record(self.library, result)
            push(self.undo_stack, self.library, f"Add {self.spec.noun} “{name}”", outcome)
            if result.id is not None:
                self.select_id(result.id)
        elif result != dialog.original:
            outcome = ops.update_record(self.library, result)
            push(self.undo_stack, self.library, f"Edit {self.spec.noun} “{name}”", outcome)

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
