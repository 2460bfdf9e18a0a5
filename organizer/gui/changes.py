"""One notice after every change: what the operation changed, sent to every view of a library.

Undo commands, imports and restores announce a ``Changes``; each view connects to
``notices(library).changed`` and reloads only when the tables it shows were touched.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Signal

from organizer.core.library import Library
from organizer.core.ops import Changes

EVERYTHING_TABLE = "*"
"""A table name no operation writes: announced when the whole database went back in time."""

EVERYTHING = Changes.of(EVERYTHING_TABLE, [])


class ChangeNotices(QObject):
    changed = Signal(object)  # Changes
    step_failed = Signal(str)  # an undo or redo that could not be done, in plain words


_by_library: weakref.WeakKeyDictionary[Library, ChangeNotices] = weakref.WeakKeyDictionary()


def notices(library: Library) -> ChangeNotices:
    """The notice board of one open library (made on first use)."""
    found = _by_library.get(library)
    if found is None:
        found = ChangeNotices()
        _by_library[library] = found
    return found


def announce(library: Library, changes: Changes) -> None:
    if changes:
        notices(library).changed.emit(changes)


def concerns(changes: Changes, *tables: str) -> bool:
    """True if a view showing these tables must look again."""
    return changes.touches(EVERYTHING_TABLE, *tables)
