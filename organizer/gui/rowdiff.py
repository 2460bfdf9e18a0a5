"""Bring a table model's rows up to date with targeted signals instead of a reset.

A reset forgets the selection, the scroll position and the current cell; telling the view
which rows went, came or changed keeps all three, and redraws only those rows.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex

T = TypeVar("T")


def update_rows(
    model: QAbstractTableModel, rows: list[T], fresh: Sequence[T], key: Callable[[T], Hashable]
) -> None:
    """Make ``rows`` (the model's own list) equal ``fresh``, emitting what changed."""
    wanted = {key(row) for row in fresh}
    _remove_missing(model, rows, wanted, key)
    _reorder(model, rows, fresh, key)
    _insert_new(model, rows, fresh, key)
    _mark_changed(model, rows, fresh)


def _remove_missing(
    model: QAbstractTableModel, rows: list[T], wanted: set[Hashable], key: Callable[[T], Hashable]
) -> None:
    number = len(rows) - 1
    while number >= 0:
        if key(rows[number]) in wanted:
            number -= 1
            continue
        last = number
        while number > 0 and key(rows[number - 1]) not in wanted:
            number -= 1
        model.beginRemoveRows(QModelIndex(), number, last)
        del rows[number : last + 1]
        model.endRemoveRows()
        number -= 1


def _reorder(
    model: QAbstractTableModel, rows: list[T], fresh: Sequence[T], key: Callable[[T], Hashable]
) -> None:
    kept = {key(row) for row in rows}
    order = [key(row) for row in fresh if key(row) in kept]
    if [key(row) for row in rows] == order:
        return
    model.layoutAboutToBeChanged.emit()
    before = model.persistentIndexList()
    old_keys = [key(row) for row in rows]
    by_key = {key(row): row for row in rows}
    rows[:] = [by_key[k] for k in order]
    place = {k: number for number, k in enumerate(order)}
    after = [model.index(place[old_keys[index.row()]], index.column()) for index in before]
    model.changePersistentIndexList(before, after)
    model.layoutChanged.emit()


def _insert_new(
    model: QAbstractTableModel, rows: list[T], fresh: Sequence[T], key: Callable[[T], Hashable]
) -> None:
    present = {key(row) for row in rows}
    number = 0
    while number < len(fresh):
        if key(fresh[number]) in present:
            number += 1
            continue
        first = number
        while number + 1 < len(fresh) and key(fresh[number + 1]) not in present:
            number += 1
        model.beginInsertRows(QModelIndex(), first, number)
        rows[first:first] = fresh[first : number + 1]
        model.endInsertRows()
        number += 1


def _mark_changed(model: QAbstractTableModel, rows: list[T], fresh: Sequence[T]) -> None:
    last_column = model.columnCount() - 1
    number = 0
    while number < len(rows):
        if rows[number] == fresh[number]:
            number += 1
            continue
        first = number
        while number < len(rows) and rows[number] != fresh[number]:
            rows[number] = fresh[number]
            number += 1
        model.dataChanged.emit(model.index(first, 0), model.index(number - 1, last_column))
