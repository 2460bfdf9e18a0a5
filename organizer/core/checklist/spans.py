"""Dates as day-number spans, and an index to find records dated near a given span.

A partial date ("March 2026") means a span of days. Matching a thousand reports against
a thousand studies pair by pair is too slow for the checklist's budget, so records are
sorted by their first day once and each lookup only visits the few that can be near.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from organizer.core.dates import PartialDate

T = TypeVar("T")

APPROXIMATE_MARGIN = {"day": 14, "month": 31, "year": 92}
"""Days added on each side of an approximate date ("about 10 May 2026"): not sure means
the real day may lie a little outside the stated day, month or year."""
LONGEST_SPAN = 366 + 2 * max(APPROXIMATE_MARGIN.values())
"""The most days one partial date can cover (an approximate leap year), bounding searches."""


@dataclass(frozen=True)
class Span:
    first: int
    last: int

    @classmethod
    def of(cls, date: PartialDate) -> Span:
        margin = APPROXIMATE_MARGIN[date.precision.value] if date.approximate else 0
        return cls(date.earliest.toordinal() - margin, date.latest.toordinal() + margin)


def gap(one: Span, other: Span) -> int:
    """Days between two spans; 0 when they overlap."""
    if one.last < other.first:
        return other.first - one.last
    if other.last < one.first:
        return one.first - other.last
    return 0


class SpanIndex(Generic[T]):
    """Items by date, to list those whose span starts between two day numbers."""

    def __init__(self, items: Iterable[tuple[PartialDate | None, T]]) -> None:
        dated: list[tuple[Span, int, T]] = []
        self.undated: list[T] = []
        for order, (date, item) in enumerate(items):
            if date is None:
                self.undated.append(item)
            else:
                dated.append((Span.of(date), order, item))
        dated.sort(key=lambda entry: (entry[0].first, entry[1]))
        self._firsts = [span.first for span, _, _ in dated]
        self._entries = [(span, item) for span, _, item in dated]

    def __bool__(self) -> bool:
        return bool(self._entries or self.undated)

    def starting_between(self, low: int, high: int) -> Iterator[tuple[Span, T]]:
        start = bisect.bisect_left(self._firsts, low)
        stop = bisect.bisect_right(self._firsts, high)
        yield from self._entries[start:stop]

    def all_dated(self) -> Iterator[tuple[Span, T]]:
        yield from self._entries
