"""The pages before and after the documents: cover, contents, summary and appendix.

They are drawn in one fpdf2 document. The contents must show page numbers of pages that
come later, so its length is worked out first (one line per entry, a fixed number of
lines a page) and fpdf2 fills the reserved pages once everything else is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fpdf.enums import XPos, YPos

from organizer.core.dates import PartialDate
from organizer.core.export import fonts
from organizer.core.export.layout import (
    BODY_SIZE,
    FOOTER_ROOM,
    MARGIN,
    PAGE_HEIGHT,
    SMALL_SIZE,
    Pages,
)
from organizer.core.export.numbering import PageRange
from organizer.core.export.plan import FOLDER_TITLES, ExportPlan, Kind, PlannedDocument
from organizer.core.export.summary import ChecklistView, study_facts, write_summary

LINE = 6.0
_USABLE = PAGE_HEIGHT - 2 * MARGIN - FOOTER_ROOM - 4
FIRST_PAGE_LINES = int((_USABLE - 20) // LINE)
LATER_PAGE_LINES = int(_USABLE // LINE)


@dataclass(frozen=True)
class ContentsEntry:
    title: str
    level: int
    pages: PageRange | None


@dataclass
class FrontMatter:
    data: bytes
    contents_pages: int
    summary_pages: int
    appendix_pages: int
    summary_sections: list[tuple[str, int]]
    """Section title and its 1-based page number in the final PDF."""

    @property
    def before_documents(self) -> int:
        return 1 + self.contents_pages + self.summary_pages

    def page_sizes(self, pdf: Pages) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
        """The sizes in points of the pages before the documents, and of the appendix."""
        sizes = [pdf.pages[number].dimensions() for number in range(1, pdf.page_no() + 1)]
        before = self.before_documents
        return sizes[:before], sizes[before : before + self.appendix_pages]


def contents_page_count(entries: int) -> int:
    if entries <= FIRST_PAGE_LINES:
        return 1
    return 1 + math.ceil((entries - FIRST_PAGE_LINES) / LATER_PAGE_LINES)


def build_front_matter(
    plan: ExportPlan,
    printed: list[tuple[PlannedDocument, int]],
    not_printed: list[PlannedDocument],
    checklist: ChecklistView | None,
    draw_more: Callable[[Pages, FrontMatter], None] | None = None,
) -> FrontMatter:
    """Draw cover, contents, summary and appendix; ``printed`` gives each document's pages.

    ``draw_more`` may add pages after these (the footers' drawings), which share the
    document's fonts; they are not part of the packet's pages.
    """
    pdf = Pages(plan.all_text(), plan.created)
    pdf.set_title(plan.packet.title)
    _cover(pdf, plan)
    entry_count = _count_entries(printed, bool(not_printed))
    contents_pages = contents_page_count(entry_count)
    holder: dict[str, Any] = {}

    def render_contents(target: Any, _outline: Any) -> None:
        _contents(target, holder["entries"])

    pdf.add_page()
    pdf.insert_toc_placeholder(render_contents, pages=contents_pages, reset_page_indices=False)
    first_summary = pdf.page_no()
    starts = write_summary(pdf, plan, checklist)
    summary_pages = pdf.page_no() - first_summary + 1
    appendix_first = pdf.page_no() + 1
    if not_printed:
        _appendix(pdf, not_printed)
    appendix_pages = pdf.page_no() - appendix_first + 1
    front = FrontMatter(b"", contents_pages, summary_pages, appendix_pages, [])
    front.summary_sections = [(title, page) for title, page in starts]
    holder["entries"] = _entries(front, printed, bool(not_printed))
    if draw_more is not None:
        draw_more(pdf, front)
    front.data = bytes(pdf.output())
    return front


def _count_entries(printed: list[tuple[PlannedDocument, int]], appendix: bool) -> int:
    categories = {doc.category for doc, _pages in printed}
    return 2 + len(categories) + len(printed) + (1 if appendix else 0)


def _entries(
    front: FrontMatter, printed: list[tuple[PlannedDocument, int]], appendix: bool
) -> list[ContentsEntry]:
    summary_first = 2 + front.contents_pages
    entries = [ContentsEntry("Summary", 0, PageRange(summary_first, front.summary_pages))]
    entries.append(ContentsEntry("Documents", 0, None))
    page = front.before_documents + 1
    current = None
    for document, count in printed:
        if document.category is not current:
            current = document.category
            entries.append(ContentsEntry(FOLDER_TITLES[current], 1, None))
        entries.append(ContentsEntry(document.label, 2, PageRange(page, count)))
        page += count
    if appendix:
        entries.append(
            ContentsEntry("Appendix: not in this PDF", 0, PageRange(page, front.appendix_pages))
        )
    return entries


def _cover(pdf: Pages, plan: ExportPlan) -> None:
    person, packet = plan.person, plan.packet
    pdf.add_page()
    pdf.set_font(fonts.FAMILY, size=BODY_SIZE)
    pdf.cell(0, 6, "Medical records for a second opinion", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.space(10)
    pdf.heading(person.name, 26)
    born = _display(person.dob)
    pdf.paragraph(f"Date of birth: {born}", 13)
    pdf.space(8)
    pdf.heading(packet.title, 17)
    pdf.space(4)
    pdf.paragraph("Question for the specialist", 13, bold=True)
    pdf.space(1)
    pdf.set_fill_color(240, 240, 240)
    pdf.set_font(fonts.FAMILY, size=13)
    question = packet.question or "No question was written down."
    pdf.multi_cell(
        pdf.text_width, 7, question, fill=True, padding=3, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.space(10)
    pdf.label_value("Prepared on", _display(PartialDate.from_date(plan.created.date())))
    receiver = ", ".join(p for p in (packet.provider_name, packet.provider_institution) if p)
    pdf.label_value("For", receiver or "Not recorded")
    if packet.appointment:
        pdf.label_value("Appointment", packet.appointment)
    sender = person.name + (f" ({person.contact})" if person.contact else "")
    pdf.label_value("From", sender)
    if packet.first_doctor:
        pdf.label_value("First opinion by", packet.first_doctor)
    pdf.space(12)
    pdf.paragraph(
        "Put together by the patient or their caregiver with Second Look. The original files "
        "are in the folder next to this PDF, photos among them at full size; imaging studies "
        "are there as DICOM files. Every page carries a page ID (SL-...) so it can be "
        "referred to.",
        SMALL_SIZE,
    )


def _display(date: PartialDate | None) -> str:
    return date.display() if date is not None else "not recorded"


def _contents(pdf: Pages, entries: list[ContentsEntry]) -> None:
    pdf.set_auto_page_break(False)
    pdf.heading("Contents", 18)
    pdf.set_font(fonts.FAMILY, size=SMALL_SIZE)
    pdf.set_y(MARGIN + 20)
    used, capacity = 0, FIRST_PAGE_LINES
    ids_width, pages_width = 58.0, 18.0
    for entry in entries:
        if used == capacity:
            pdf.add_page()
            used, capacity = 0, LATER_PAGE_LINES
        indent = 6.0 * entry.level
        title_width = pdf.text_width - indent - pages_width - ids_width
        pdf.set_font(fonts.FAMILY, "B" if entry.level < 2 else "", SMALL_SIZE + 1)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(title_width, LINE, pdf.fit(entry.title, title_width - 2))
        if entry.pages is not None:
            pdf.set_font(fonts.FAMILY, size=SMALL_SIZE)
            pdf.cell(pages_width, LINE, entry.pages.pages_text, align="R")
            pdf.cell(ids_width, LINE, entry.pages.ids_text, align="R")
        pdf.ln(LINE)
        used += 1
    pdf.set_auto_page_break(True, margin=MARGIN + FOOTER_ROOM)


def _appendix(pdf: Pages, documents: list[PlannedDocument]) -> None:
    pdf.add_page()
    pdf.heading("Appendix: not in this PDF", 16)
    pdf.paragraph(
        "These records are in the folder but cannot be printed here. Imaging studies are the "
        "images themselves (DICOM): open them with a DICOM viewer, or import the study folder "
        "(it holds a DICOMDIR index) into a hospital system."
    )
    pdf.space(3)
    rows = []
    for document in documents:
        why = document.reason
        if document.kind is Kind.STUDY:
            facts = study_facts(document)
            why = f"Imaging study ({facts})" if facts else "Imaging study"
        where = str(document.location)
        if document.kind is Kind.STUDY:
            where += "/"
        rows.append([document.label, why, where])
    pdf.grid(["Record", "What it is", "Where in the folder"], rows, (30, 35, 35))
