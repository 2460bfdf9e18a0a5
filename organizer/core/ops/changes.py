"""What an operation changed, and what undoes it: the only thing views are told after a change.

A ``Changes`` names the tables an operation wrote and the ids of the rows it touched there,
so a view can ignore what it does not show and update just the rows it does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from organizer.core.library import Library


@dataclass(frozen=True)
class Changes:
    """The rows an operation touched, by table: what views must show again."""

    touched: Mapping[str, frozenset[int]] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, table: str, ids: Iterable[int | None]) -> Changes:
        return cls(MappingProxyType({table: frozenset(i for i in ids if i is not None)}))

    def __or__(self, other: Changes) -> Changes:
        merged = dict(self.touched)
        for table, ids in other.touched.items():
            merged[table] = merged.get(table, frozenset()) | ids
        return Changes(MappingProxyType(merged))

    def __bool__(self) -> bool:
        return bool(self.touched)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.touched)

    def touches(self, *tables: str) -> bool:
        return any(table in self.touched for table in tables)

    def ids(self, table: str) -> frozenset[int]:
        return self.touched.get(table, frozenset())


NOTHING = Changes()

Step = Callable[[], Changes]


@dataclass(frozen=True)
class Outcome:
    """An operation that has run: what it changed, and the call that takes it back.

    ``undo()`` returns an Outcome too, whose ``undo()`` does the operation again: an
    undo stack only ever calls ``undo`` on the last outcome it holds.
    """

    changes: Changes
    undo: Callable[[], Outcome]


def reversible(library: Library, forward: Step, backward: Step) -> Outcome:
    """Run ``forward`` in one transaction; its undo runs ``backward``, and so on back and forth."""
    with library.transaction():
        changes = forward()
    return Outcome(changes, lambda: reversible(library, backward, forward))


def nothing_done() -> Outcome:
    """The outcome of an operation that found nothing to change (undo does nothing either)."""
    return Outcome(NOTHING, nothing_done)
