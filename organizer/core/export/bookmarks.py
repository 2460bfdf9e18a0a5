"""Bookmarks: the outline a reader opens the packet with, and the part of it each split
part keeps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Bookmark:
    title: str
    page: int
    """0-based index in the whole PDF."""
    children: list[Bookmark] = field(default_factory=list)


def bookmarks_within(marks: list[Bookmark], first: int, stop: int) -> list[Bookmark]:
    """The bookmarks for pages first..stop-1 alone, renumbered from 0 (for a part).

    Whatever is still running where the part begins (a long scan, its category) gets a
    "(continued)" bookmark on the part's first page, so no page is left without one.
    """
    kept: list[Bookmark] = []
    for index, mark in enumerate(marks):
        following = marks[index + 1].page if index + 1 < len(marks) else None
        children = bookmarks_within(mark.children, first, stop)
        if first <= mark.page < stop:
            kept.append(Bookmark(mark.title, mark.page - first, children))
        elif mark.page < first and (following is None or following > first):
            kept.append(Bookmark(f"{mark.title} (continued)", 0, children))
    return kept


def shifted(mark: Bookmark, by: int) -> Bookmark:
    """The bookmark and its children moved ``by`` pages later."""
    return Bookmark(mark.title, mark.page + by, [shifted(child, by) for child in mark.children])
