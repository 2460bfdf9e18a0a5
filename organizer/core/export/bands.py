"""Room for the stamps: each document page is shrunk a little so no stamp covers it.

Records often print right to the bottom edge (a lab's own footer, a signature), so a
footer drawn over the page would hide something. Instead the page's content is scaled
(never below ``MIN_SCALE``) and lifted above a reserved footer band, leaving a band at
the top free as well on a document's first page for its title line. Everything is done
in the page's own coordinates through one matrix, so rotated and offset pages work the
same; the content is clipped to its crop box so nothing hidden outside it shows in a
band. Links and other annotations move with the content.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Name

Matrix = tuple[float, float, float, float, float, float]
"""A PDF transformation (a b c d e f), applied to row vectors as the cm operator does."""

MIN_SCALE = 0.94
FOOTER_BAND = 20.0
"""Points kept free at the bottom (as seen) for the footer."""
TITLE_BAND = 15.0
"""Points kept free at the top (as seen) of a document's first page for its title line."""


def compose(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies ``first`` and then ``then``."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def inverse(matrix: Matrix) -> Matrix:
    a, b, c, d, e, f = matrix
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return x * a + y * c + e, x * b + y * d + f


def operand_text(matrix: Matrix) -> str:
    return " ".join(f"{value:.4f}".rstrip("0").rstrip(".") or "0" for value in matrix)


@dataclass(frozen=True)
class Fit:
    """Where a page's content goes, as seen: its scale and its lower-left corner."""

    scale: float
    dx: float
    dy: float

    def seen_matrix(self) -> Matrix:
        return (self.scale, 0.0, 0.0, self.scale, self.dx, self.dy)


def fit(width: float, height: float, title: bool) -> Fit:
    """Scale and place content of this seen size between the footer and title bands."""
    top = TITLE_BAND if title else 0.0
    room = height - FOOTER_BAND - top
    scale = min(1.0, max(MIN_SCALE, room / height))
    dx = (width - scale * width) / 2
    # When a page is too short for both bands at MIN_SCALE, share the shortfall.
    dy = FOOTER_BAND + min(0.0, room - scale * height) / 2
    return Fit(scale, dx, dy)


def content_matrix(seen_to_page: Matrix, placement: Fit) -> Matrix:
    """The matrix, in the page's own coordinates, that scales its content into place."""
    return compose(compose(inverse(seen_to_page), placement.seen_matrix()), seen_to_page)


def shrink_page(
    writer: pikepdf.Pdf,
    page: pikepdf.Page,
    matrix: Matrix,
    made: dict[str, pikepdf.Stream] | None = None,
) -> None:
    """Put the page's content under the scaling and the crop-box clip; move its annotations.

    The ``q`` this opens is closed by the footer's stream, added after the content.
    ``made`` keeps the clips already written: pages of one size share one.
    """
    box = page.cropbox
    x0, x1 = sorted((float(box[0]), float(box[2])))
    y0, y1 = sorted((float(box[1]), float(box[3])))
    clip = f"q {operand_text(matrix)} cm {x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re W n\n"
    stream = made.get(clip) if made is not None else None
    if stream is None:
        stream = writer.make_stream(clip.encode("ascii"))
        if made is not None:
            made[clip] = stream
    page.contents_add(stream, prepend=True)
    annotations = page.obj.get(Name.Annots)
    if isinstance(annotations, pikepdf.Array):
        for annotation in annotations:
            if isinstance(annotation, pikepdf.Dictionary):
                _move_annotation(annotation, matrix)


def _move_annotation(annotation: pikepdf.Dictionary, matrix: Matrix) -> None:
    rect = annotation.get(Name.Rect)
    if isinstance(rect, pikepdf.Array) and len(rect) == 4:
        annotation[Name.Rect] = pikepdf.Array(_moved_box([float(v) for v in rect], matrix))
    quads = annotation.get(Name.QuadPoints)
    if isinstance(quads, pikepdf.Array) and len(quads) % 2 == 0:
        values = [float(v) for v in quads]
        moved: list[float] = []
        for index in range(0, len(values), 2):
            moved.extend(apply(matrix, values[index], values[index + 1]))
        annotation[Name.QuadPoints] = pikepdf.Array(moved)


def _moved_box(rect: list[float], matrix: Matrix) -> list[float]:
    corners = [apply(matrix, x, y) for x in (rect[0], rect[2]) for y in (rect[1], rect[3])]
    xs = [x for x, _y in corners]
    ys = [y for _x, y in corners]
    return [min(xs), min(ys), max(xs), max(ys)]
