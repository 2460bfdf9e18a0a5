"""Stamps sit in bands kept free for them: no stamp covers any text of a sample page."""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from organizer.core.export import bands, stamp
from tests.pdf_boxes import overlaps, text_boxes

SAMPLE_PDFS = sorted((Path(__file__).parent / "data" / "samples" / "pdf").glob("*.pdf"))
CREATED = _dt.datetime(2026, 11, 20, tzinfo=_dt.UTC)
LONG_TITLE = "2026-01-20 Surgical pathology report: core needle biopsy, right upper lobe " * 2


def _stamped(source: Path, rotation: int) -> tuple[bytes, bytes]:
    """The sample as it is, and stamped as a document's pages, both saved."""
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            page.obj.Rotate = (int(page.obj.get("/Rotate", 0)) + rotation) % 360
        before = io.BytesIO()
        pdf.save(before)
        stamp.stamp_pages(
            pdf, "Zoë Ødegård", "9 April 1961", CREATED, range(len(pdf.pages)), {0: LONG_TITLE}
        )
        after = io.BytesIO()
        pdf.save(after)
    return before.getvalue(), after.getvalue()


def _edge_to_edge(folder: Path) -> Path:
    """A page whose own footer and header are printed right at its edges, as many are."""
    pdf = pikepdf.Pdf.new()
    page = pdf.add_blank_page(page_size=(612, 792))
    page.obj.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(
            F1=pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
        )
    )
    lines = [(4, 3, "Lab footer: page 1 of 1, printed 2026-01-05 by City Lab, all rights kept")]
    lines += [(4, 782, "City Lab report header reaching the very top of the page, left to right")]
    lines += [(300, 400, "Haemoglobin 13.2 g/dL")]
    text = "".join(f"BT /F1 9 Tf {x} {y} Td ({words}) Tj ET\n" for x, y, words in lines)
    page.obj.Contents = pdf.make_stream(text.encode("latin-1"))
    path = folder / "edge-to-edge.pdf"
    pdf.save(path)
    return path


def test_a_page_printed_to_its_edges_keeps_its_text_clear_of_the_stamps(tmp_path: Path) -> None:
    before, after = _stamped(_edge_to_edge(tmp_path), 0)
    assert overlaps(before) == []  # (not stamped yet)
    assert overlaps(after) == []
    _stamps, own = text_boxes(pdfium.PdfDocument(after)[0])
    assert len(own) == len(text_boxes(pdfium.PdfDocument(before)[0])[1]) > 100
    assert min(box[1] for box in own) >= bands.FOOTER_BAND - 0.5
    assert max(box[3] for box in own) <= 792 - bands.TITLE_BAND + 0.5


@pytest.mark.parametrize("rotation", [0, 90])
@pytest.mark.parametrize("sample", SAMPLE_PDFS, ids=lambda path: path.name)
def test_no_stamp_covers_page_text(sample: Path, rotation: int) -> None:
    before, after = _stamped(sample, rotation)
    assert overlaps(after) == []
    original, stamped = pdfium.PdfDocument(before), pdfium.PdfDocument(after)
    for number in range(len(stamped)):
        stamps, own = text_boxes(stamped[number])
        assert stamps, "the page has no footer"
        # every character of the page is still there, and none was pushed off the page
        assert len(own) == len(text_boxes(original[number])[1])
        width, height = stamped[number].get_size()
        if stamped[number].get_rotation() in (90, 270):  # boxes are in unrotated points
            width, height = height, width
        for left, bottom, right, top in own:
            assert left >= -1 and right <= width + 1 and bottom >= -1 and top <= height + 1


def test_pages_are_scaled_no_smaller_than_the_minimum() -> None:
    for width, height in ((612, 792), (792, 612), (595, 842), (432, 648), (300, 200)):
        for title in (False, True):
            placement = bands.fit(width, height, title)
            assert bands.MIN_SCALE <= placement.scale <= 1
            if height >= 560:  # room for both bands at the smallest scale
                assert placement.dy >= bands.FOOTER_BAND
                top = placement.dy + placement.scale * height
                assert top <= height - (bands.TITLE_BAND if title else 0) + 0.01


def test_a_link_moves_with_the_content() -> None:
    pdf = pikepdf.Pdf.new()
    page = pdf.add_blank_page(page_size=(612, 792))
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[100, 0, 200, 20],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.org"),
    )
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    stamp.stamp_pages(pdf, "Ana", "1961", CREATED, range(1))
    moved = [float(v) for v in pdf.pages[0].obj.Annots[0].Rect]
    assert moved[1] >= bands.FOOTER_BAND - 0.01  # lifted above the footer band
    assert moved[2] - moved[0] == pytest.approx(100 * (792 - bands.FOOTER_BAND) / 792)
