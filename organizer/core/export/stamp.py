"""The footer on every page: who the records belong to, "page X of N" and the page ID.

The footers are drawn with fpdf2 (shipped fonts, real text) as one small page per PDF
page, then each is attached to its page as a form XObject drawn after the page's own
content. The page's content is not parsed or rewritten (which keeps a 2,000-page export
fast), it is only wrapped in q/Q so whatever state it leaves cannot skew the footer.
Rotated pages get the footer along the edge that is at the bottom when viewed.
"""

from __future__ import annotations

import datetime as _dt
import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)

from organizer.core.export import fonts
from organizer.core.export.layout import Pages
from organizer.core.export.numbering import page_id

FOOTER_SIZE = 7.5
MM = 72 / 25.4
_FORM_NAME = "/SLFooter"


def footer_texts(name: str, born: str, number: int, total: int) -> tuple[str, str, str]:
    return (f"{name} · born {born}", f"Page {number} of {total}", page_id(number))


def _display_size(page: PageObject) -> tuple[float, float, int]:
    box = page.cropbox
    width, height = float(box.width), float(box.height)
    rotation = page.rotation % 360
    if rotation in (90, 270):
        return height, width, rotation
    return width, height, rotation


def draw_footers(
    writer: PdfWriter, name: str, born: str, text_sample: str, created: _dt.datetime
) -> bytes:
    """One footer page per page of ``writer``, each the size of that page as seen."""
    total = len(writer.pages)
    pdf = Pages(text_sample + name, created)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    for number, page in enumerate(writer.pages, start=1):
        width, height, _rotation = _display_size(page)
        pdf.add_page(format=(width / MM, height / MM))
        left, middle, right = footer_texts(name, born, number, total)
        pdf.set_font(fonts.FAMILY, size=FOOTER_SIZE)
        y = height / MM - 9.0
        edge = 12.0 if width / MM > 120 else 4.0
        room = width / MM - 2 * edge
        baseline = y + 3.0
        # cell(), unlike text(), uses the fallback fonts a name in another script needs.
        pdf.set_xy(edge, y)
        pdf.cell(room * 0.5, 4, pdf.fit(left, room * 0.5 - 2))
        pdf.text(edge + room * 0.625 - pdf.get_string_width(middle) / 2, baseline, middle)
        pdf.text(width / MM - edge - pdf.get_string_width(right), baseline, right)
    return bytes(pdf.output())


def _placement(page: PageObject) -> str:
    """The matrix taking footer coordinates (as seen) to the page's own coordinates."""
    box = page.cropbox
    x0, y0 = float(box.left), float(box.bottom)
    x1, y1 = float(box.right), float(box.top)
    rotation = page.rotation % 360
    matrix = {
        0: (1, 0, 0, 1, x0, y0),
        90: (0, 1, -1, 0, x1, y0),
        180: (-1, 0, 0, -1, x1, y1),
        270: (0, -1, 1, 0, x0, y1),
    }.get(rotation, (1, 0, 0, 1, x0, y0))
    return " ".join(f"{value:.4f}".rstrip("0").rstrip(".") for value in matrix)


def apply_footers(writer: PdfWriter, footers: bytes) -> None:
    """Draw footer page i over page i of ``writer``."""
    reader = PdfReader(io.BytesIO(footers))
    opening = DecodedStreamObject()
    opening.set_data(b"q\n")
    opening_ref = writer._add_object(opening)
    for page, footer in zip(writer.pages, reader.pages, strict=True):
        form = DecodedStreamObject()
        drawn = footer.get_contents()
        form.set_data(drawn.get_data() if drawn is not None else b"")
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        width, height = float(footer.mediabox.width), float(footer.mediabox.height)
        form[NameObject("/BBox")] = ArrayObject(
            [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
        )
        resources = footer.get("/Resources")
        if resources is not None:
            form[NameObject("/Resources")] = resources.get_object().clone(writer)
        form_ref = writer._add_object(form)
        name = _free_name(page)
        closing = DecodedStreamObject()
        closing.set_data(f"Q\nq {_placement(page)} cm {name} Do Q\n".encode("ascii"))
        _add_xobject(page, name, form_ref)
        _wrap_contents(writer, page, opening_ref, writer._add_object(closing))


def _free_name(page: PageObject) -> str:
    resources = page.get("/Resources")
    existing: set[str] = set()
    if resources is not None:
        xobjects = resources.get_object().get("/XObject")
        if xobjects is not None:
            existing = {str(key) for key in xobjects.get_object()}
    name, number = _FORM_NAME, 1
    while name in existing:
        number += 1
        name = f"{_FORM_NAME}{number}"
    return name


def _add_xobject(page: PageObject, name: str, form: IndirectObject) -> None:
    """Give the page its own copy of the resource dictionaries (shallow), plus the form."""
    old = page.get("/Resources")
    resources = DictionaryObject(old.get_object()) if old is not None else DictionaryObject()
    old_xobjects = resources.get("/XObject")
    xobjects = (
        DictionaryObject(old_xobjects.get_object())
        if old_xobjects is not None
        else DictionaryObject()
    )
    xobjects[NameObject(name)] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources


def _wrap_contents(
    writer: PdfWriter, page: PageObject, opening: IndirectObject, closing: IndirectObject
) -> None:
    contents = page.get("/Contents")
    parts: list[IndirectObject] = [opening]
    if contents is not None:
        resolved = contents.get_object()
        if isinstance(resolved, ArrayObject):
            for item in resolved:
                direct = isinstance(item, IndirectObject)
                parts.append(item if direct else writer._add_object(item))
        else:
            parts.append(
                contents if isinstance(contents, IndirectObject) else writer._add_object(resolved)
            )
    parts.append(closing)
    page[NameObject("/Contents")] = ArrayObject(parts)
