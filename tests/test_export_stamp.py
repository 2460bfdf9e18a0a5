"""Footers on rotated and offset pages land along the bottom edge as the page is seen."""

from __future__ import annotations

import datetime as _dt
import io

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader

from organizer.core.export import stamp

CREATED = _dt.datetime(2026, 11, 20, tzinfo=_dt.UTC)


def _saved(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _stamped(rotation: int, offset: float) -> bytes:
    pdf = pikepdf.Pdf.new()
    page = pdf.add_blank_page(page_size=(612, 792))
    box = pikepdf.Array([offset, offset, 612 + offset, 792 + offset])
    page.obj.MediaBox = box
    page.obj.CropBox = box
    page.obj.Rotate = rotation
    stamp.stamp_pages(pdf, "Zoë Ødegård", "9 April 1961", CREATED)
    return _saved(pdf)


def _ink_rows(image: Image.Image) -> list[int]:
    grey = image.convert("L")
    width, height = grey.size
    pixels = grey.load()
    assert pixels is not None
    return [y for y in range(height) if any(pixels[x, y] < 200 for x in range(width))]


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("offset", [0.0, 50.0])
def test_footer_sits_at_the_bottom_as_seen(rotation: int, offset: float) -> None:
    data = _stamped(rotation, offset)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Zoë Ødegård · born 9 April 1961" in text
    assert "Page 1 of 1" in text and "SL-000001" in text
    image = pdfium.PdfDocument(data)[0].render(scale=1).to_pil()
    seen_landscape = rotation in (90, 270)
    assert (image.width > image.height) == seen_landscape
    rows = _ink_rows(image)
    assert rows, "no footer was drawn"
    assert min(rows) > image.height * 0.9, (min(rows), image.height)
    # Text reads left to right: the ink spans most of the width, not a thin column.
    grey = image.convert("L")
    pixels = grey.load()
    assert pixels is not None
    columns = [x for x in range(grey.width) if any(pixels[x, y] < 200 for y in rows)]
    assert max(columns) - min(columns) > image.width * 0.6


def test_fit_shortens_text_to_the_width_and_marks_the_cut() -> None:
    from organizer.core.export.layout import Pages

    pdf = Pages("Zoë Ødegård")
    name = "Zoë Ødegård " * 20
    assert pdf.fit("Zoë", 100) == "Zoë"
    short = pdf.fit(name, 40)
    assert short.endswith("…") and name.startswith(short[:-1])
    assert pdf.get_string_width(short) <= 40 < pdf.get_string_width(name)


def test_pages_sharing_resources_each_get_only_their_own_footer() -> None:
    pdf = pikepdf.Pdf.new()
    shared = pdf.make_indirect(pikepdf.Dictionary(XObject=pikepdf.Dictionary()))
    for _ in range(3):
        page = pdf.add_blank_page(page_size=(612, 792))
        page.obj.Resources = shared
    stamp.stamp_pages(pdf, "Zoë Ødegård", "9 April 1961", CREATED)
    reader = PdfReader(io.BytesIO(_saved(pdf)))
    for number, page in enumerate(reader.pages, start=1):
        assert len(page["/Resources"]["/XObject"]) == 1
        text = page.extract_text()
        assert f"Page {number} of 3" in text
        assert sum(f"Page {other} of 3" in text for other in (1, 2, 3)) == 1
    assert len(shared.XObject) == 0
