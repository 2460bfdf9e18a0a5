"""Links from the front pages (summary, index) to the documents' pages in the packet.

The front pages are drawn before the documents are joined, so fpdf2 cannot link to
them; each link is noted with its rectangle while drawing, and added as a plain link
annotation (a destination, no action) once the whole PDF exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Name

from organizer.core.export.layout import Pages

MM = 72 / 25.4


@dataclass(frozen=True)
class PageLink:
    page: int
    """0-based index of the page the link is on."""
    rect: tuple[float, float, float, float]
    """x0, y0, x1, y1 in points, PDF coordinates (from the bottom left)."""
    target: int
    """0-based index of the page it leads to."""


class LinkNotes:
    """The links drawn so far; ``target`` pages are 1-based as printed."""

    def __init__(self, skipped: int = 0) -> None:
        self.links: list[PageLink] = []
        self.skipped = skipped
        """Pages of the drawing before the packet's first page."""

    def note(self, pdf: Pages, x: float, y: float, w: float, h: float, target: int) -> None:
        """A link over the box (fpdf2 millimetres, from the top left) of the current page."""
        top = pdf.h - y
        rect = (x * MM, (top - h) * MM, (x + w) * MM, top * MM)
        self.links.append(PageLink(pdf.page_no() - 1 - self.skipped, rect, target - 1))


def add_links(writer: pikepdf.Pdf, links: list[PageLink]) -> None:
    pages = list(writer.pages)  # pikepdf lists every page again at each index
    for link in links:
        page = pages[link.page]
        target = pages[link.target].obj
        annotation = writer.make_indirect(
            pikepdf.Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=pikepdf.Array(link.rect),
                Border=pikepdf.Array([0, 0, 0]),
                Dest=pikepdf.Array([target, Name.Fit]),
            )
        )
        if Name.Annots not in page.obj:
            page.obj[Name.Annots] = pikepdf.Array()
        page.obj.Annots.append(annotation)
