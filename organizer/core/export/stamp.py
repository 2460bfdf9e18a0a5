"""The footer on every page: who the records belong to, "page X of N" and the page ID;
and the title line on each document's first page.

The stamps are real text in the shipped font, drawn after the page's own content. The
page's content is not parsed or rewritten (which keeps a 2,000-page export fast), it is
only wrapped in q/Q so whatever state it leaves cannot skew the footer; on document
pages it is also scaled into the room ``bands`` leaves free, so no stamp covers it.
Rotated pages get the footer along the edge that is at the bottom when viewed.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Name

from organizer.core.export import bands, fonts
from organizer.core.export.layout import Pages
from organizer.core.export.numbering import page_id

FOOTER_SIZE = 7.5
TITLE_SIZE = 6.5
MM = 72 / 25.4


def footer_texts(name: str, born: str, number: int, total: int) -> tuple[str, str, str]:
    return (f"{name} · born {born}", f"Page {number} of {total}", page_id(number))


def seen_size(page: pikepdf.Page) -> tuple[float, float]:
    """The page's width and height in points as a reader sees it (rotation applied)."""
    return _seen(_geometry(page))


Geometry = tuple[float, float, float, float, int]
"""A page's crop box (x0, y0, x1, y1, ordered) and its rotation."""


def _geometry(page: pikepdf.Page) -> Geometry:
    box = page.cropbox
    x0, x1 = sorted((float(box[0]), float(box[2])))
    y0, y1 = sorted((float(box[1]), float(box[3])))
    return x0, y0, x1, y1, _rotation(page)


def _seen(geometry: Geometry) -> tuple[float, float]:
    x0, y0, x1, y1, rotation = geometry
    if rotation in (90, 270):
        return y1 - y0, x1 - x0
    return x1 - x0, y1 - y0


def _rotation(page: pikepdf.Page) -> int:
    return int(page.obj.get(Name.Rotate, 0)) % 360


Size = tuple[float, float]


def size_key(size: Size) -> Size:
    """Sizes compared to a hundredth of a point, so rounding in a file cannot split them."""
    return round(size[0], 2), round(size[1], 2)


@dataclass
class Footers:
    """What every footer is made of: a drawn name line per page size, and the numbers.

    fpdf2 draws the name line once per page size (it may need a fallback font for the
    name's script); the "Page X of N" and page-ID texts, which differ on every page, are
    written here as text operators in fpdf2's embedded font, so a 2,000-page packet does
    not need 2,000 drawn pages.
    """

    name_lines: dict[Size, int]
    """Page size (as ``size_key`` gives it) -> index of its name-line page in the drawing."""
    font_page: int
    """Index of the page whose only font is the one ``numbers`` are written in."""
    numbers: list[bytes]
    """Per page, the text operators for "Page X of N" and its page ID, in points."""
    titles: dict[int, int] = dataclasses.field(default_factory=dict)
    """Page index (0-based) -> index of its drawn title line in the drawing."""
    documents: range = range(0)
    """The pages (0-based) that are documents' pages: scaled to leave the bands free."""


def draw_footers(
    pdf: Pages,
    sizes: Sequence[Size],
    name: str,
    born: str,
    documents: range = range(0),
    titles: dict[int, str] | None = None,
) -> Footers:
    """Add to ``pdf`` what the footers of pages of these sizes (points, as seen) need.

    The pages are added at the end of ``pdf``, which may hold other pages before them
    (the cover and summary share one document, and so one copy of the font).
    ``documents`` are the pages to scale into the bands; ``titles`` maps a page index to
    the title line drawn at its top.
    """
    total = len(sizes)
    first = pdf.page_no()
    before = pdf.auto_page_break, pdf.b_margin
    pdf.set_auto_page_break(False)
    name_lines: dict[Size, int] = {}
    for size in sizes:
        if size_key(size) not in name_lines:
            name_lines[size_key(size)] = first + len(name_lines)
            _draw_name_line(pdf, size, f"{name} · born {born}")
    pdf.add_page()
    pdf.set_font(fonts.FAMILY, size=FOOTER_SIZE)
    pdf.text(0, 10, NUMBER_CHARACTERS)
    font = pdf.current_font
    if font is None:
        raise ValueError("fpdf2 has no current font after set_font")
    # Measured and encoded a character at a time: these texts use only NUMBER_CHARACTERS,
    # and asking fpdf2 about 4,000 whole strings is a noticeable part of a big export.
    widths = {char: pdf.get_string_width(char) for char in NUMBER_CHARACTERS}
    shows = {char: font.encode_text(char) for char in NUMBER_CHARACTERS}
    inner = {char: show[1:-4] for char, show in shows.items() if _is_one_show(show)}

    def shown(text: str) -> str:
        """fpdf2's "(...) Tj" for ``text``: its per-character escapes put together."""
        if len(inner) < len(shows):  # an fpdf2 that encodes differently: ask it whole
            return font.encode_text(text)
        return "(" + "".join(inner[char] for char in text) + ") Tj"

    numbers = []
    for number, (width, _height) in enumerate(sizes, start=1):
        _left, middle, right = footer_texts(name, born, number, total)
        edge = _edge(width)
        room = width / MM - 2 * edge
        middle_x = edge + room * 0.625 - sum(widths[char] for char in middle) / 2
        right_x = width / MM - edge - sum(widths[char] for char in right)
        numbers.append(
            _text(middle_x * MM, BASELINE * MM, shown(middle))
            + _text(right_x * MM, BASELINE * MM, shown(right))
        )
    title_pages: dict[int, int] = {}
    for index, text in sorted((titles or {}).items()):
        title_pages[index] = pdf.page_no()
        _draw_title_line(pdf, sizes[index], text)
    pdf.set_auto_page_break(*before)
    return Footers(name_lines, first + len(name_lines), numbers, title_pages, documents)


NUMBER_CHARACTERS = "Page of 0123456789 SL-"
BASELINE = 3.6
"""Millimetres from the bottom edge (as seen) to the footer's baseline: low enough that
the footer stays inside ``bands.FOOTER_BAND``."""


def _is_one_show(operators: str) -> bool:
    return operators.startswith("(") and operators.endswith(") Tj") and operators.count(") Tj") == 1


def _edge(width: float) -> float:
    return 12.0 if width / MM > 120 else 4.0


def _draw_name_line(pdf: Pages, size: tuple[float, float], text: str) -> None:
    width, height = size
    pdf.add_page(format=(width / MM, height / MM))
    pdf.set_font(fonts.FAMILY, size=FOOTER_SIZE)
    edge = _edge(width)
    room = width / MM - 2 * edge
    # cell(), unlike text(), uses the fallback fonts a name in another script needs.
    pdf.set_xy(edge, height / MM - BASELINE - 3.0)
    pdf.cell(room * 0.5, 4, pdf.fit(text, room * 0.5 - 2))


def _draw_title_line(pdf: Pages, size: tuple[float, float], text: str) -> None:
    """The document's title line along the top, inside ``bands.TITLE_BAND``."""
    width, height = size
    pdf.add_page(format=(width / MM, height / MM))
    pdf.set_font(fonts.FAMILY, size=TITLE_SIZE)
    edge = _edge(width)
    room = width / MM - 2 * edge
    pdf.set_xy(edge, 1.2)
    pdf.cell(room, 3.0, pdf.fit(text, room - 1))
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.15)
    rule = bands.TITLE_BAND / MM - 0.9
    pdf.line(edge, rule, width / MM - edge, rule)
    pdf.set_draw_color(0, 0, 0)


def _text(x: float, y: float, shown: str) -> bytes:
    operators = f"BT /SLFooterFont {FOOTER_SIZE} Tf {x:.2f} {y:.2f} Td {shown} ET\n"
    return operators.encode("latin-1")


def _seen_to_page(geometry: Geometry) -> bands.Matrix:
    """The matrix taking footer coordinates (as seen) to the page's own coordinates."""
    x0, y0, x1, y1, rotation = geometry
    return {
        0: (1.0, 0.0, 0.0, 1.0, x0, y0),
        90: (0.0, 1.0, -1.0, 0.0, x1, y0),
        180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        270: (0.0, -1.0, 1.0, 0.0, x0, y1),
    }.get(rotation, (1.0, 0.0, 0.0, 1.0, x0, y0))


@functools.cache
def _placement(geometry: Geometry) -> str:
    return bands.operand_text(_seen_to_page(geometry))


def stamp_pages(
    writer: pikepdf.Pdf,
    name: str,
    born: str,
    created: _dt.datetime,
    documents: range = range(0),
    titles: dict[int, str] | None = None,
) -> None:
    """Draw each page's footer over it (with a drawing of its own)."""
    sizes = [seen_size(page) for page in writer.pages]
    pdf = Pages(name + "".join((titles or {}).values()), created, bold=False)
    footers = draw_footers(pdf, sizes, name, born, documents, titles)
    with pikepdf.Pdf.open(io.BytesIO(bytes(pdf.output()))) as drawing:
        apply_footers(writer, footers, drawing)


def apply_footers(writer: pikepdf.Pdf, footers: Footers, drawing: pikepdf.Pdf) -> None:
    """Draw footer i over page i of ``writer``; ``drawing`` is where ``draw_footers`` drew."""
    drawn = list(drawing.pages)  # pikepdf lists every page again at each index
    forms = {
        size: writer.copy_foreign(drawn[index].as_form_xobject())
        for size, index in footers.name_lines.items()
    }
    font = writer.copy_foreign(_only_font(drawn[footers.font_page]))
    opening = writer.make_stream(b"q\n")
    clips: dict[str, pikepdf.Stream] = {}
    for index, (page, numbers) in enumerate(zip(writer.pages, footers.numbers, strict=True)):
        geometry = _geometry(page)
        form = forms.get(size_key(_seen(geometry)))
        if form is None:
            raise ValueError("a page's size changed between drawing and stamping its footer")
        title = None
        if index in footers.titles:
            title = writer.copy_foreign(drawn[footers.titles[index]].as_form_xobject())
        form_name, font_name, title_name = _add_resources(page, form, font, title)
        closing = f"Q\nq {_placement(geometry)} cm {form_name} Do\n".encode("ascii")
        if title_name is not None:
            closing += f"{title_name} Do\n".encode("ascii")
        text = numbers.replace(b"/SLFooterFont ", f"{font_name} ".encode("ascii"))
        if index in footers.documents:
            width, height = _seen(geometry)
            placement = bands.fit(width, height, index in footers.titles)
            matrix = bands.content_matrix(_seen_to_page(geometry), placement)
            bands.shrink_page(writer, page, matrix, clips)
        else:
            page.contents_add(opening, prepend=True)
        page.contents_add(writer.make_stream(closing + text + b"Q\n"))


def _only_font(page: pikepdf.Page) -> pikepdf.Object:
    fonts_used = list(page.obj.Resources.Font.values())
    if len(fonts_used) != 1:
        raise ValueError(f"expected the footer number font alone, found {len(fonts_used)}")
    return fonts_used[0]


def _add_resources(
    page: pikepdf.Page, form: pikepdf.Object, font: pikepdf.Object, title: pikepdf.Object | None
) -> tuple[str, str, str | None]:
    """Give the page its own copy of its resource dictionaries, plus the footer's; names.

    Pages often share one resource dictionary; adding to it would give every page every
    other page's footer.
    """
    resources = _shallow_copy(page.obj.get(Name.Resources))
    form_name = _add_to(resources, Name.XObject, "/SLFooter", form)
    font_name = _add_to(resources, Name.Font, "/SLFooterFont", font)
    title_name = None if title is None else _add_to(resources, Name.XObject, "/SLTitle", title)
    page.obj[Name.Resources] = resources
    return form_name, font_name, title_name


def _add_to(resources: pikepdf.Dictionary, kind: Name, wanted: str, item: pikepdf.Object) -> str:
    entries = _shallow_copy(resources.get(kind))
    name, number = wanted, 1
    while name in entries:
        number += 1
        name = f"{wanted}{number}"
    entries[Name(name)] = item
    resources[kind] = entries
    return name


def _shallow_copy(dictionary: pikepdf.Object | None) -> pikepdf.Dictionary:
    """A new direct dictionary with the same entries (qpdf's shallow copy: the values
    themselves are not copied)."""
    if isinstance(dictionary, pikepdf.Dictionary):
        return copy.copy(dictionary)
    return pikepdf.Dictionary()
