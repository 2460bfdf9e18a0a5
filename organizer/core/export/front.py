"""The pages the app writes around the documents.

Before the documents: the cover, the clinical summary (page 2), the index of documents
and the reader's details (medicines, allergies, timeline, questions). After them: the
appendix of what is not in the PDF, and the office's part (insurance, requests and
items, checklist status), bookmarked on its own.

The summary and the index name the pages where documents start, which depends on how
long the front itself is; it is drawn with a guess, and again until the guess holds
(twice for nearly every packet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fpdf.enums import XPos, YPos

from organizer.core.dates import PartialDate
from organizer.core.export import fonts
from organizer.core.export.bookmarks import Bookmark
from organizer.core.export.clinical import write_clinical_summary
from organizer.core.export.index_page import pages_needed, write_index
from organizer.core.export.layout import BODY_SIZE, SMALL_SIZE, Pages
from organizer.core.export.links import LinkNotes, PageLink
from organizer.core.export.numbering import PageRange
from organizer.core.export.plan import ExportPlan, Kind, PlannedDocument
from organizer.core.export.summary import (
    ChecklistView,
    Section,
    study_facts,
    write_details,
    write_office,
)
from organizer.core.words import appointment_text, word

MAX_DRAWINGS = 4
OFFICE_PART = "For the office: insurance, requests and items, checklist"
APPENDIX = "Appendix: not in this PDF"


@dataclass
class FrontMatter:
    data: bytes
    before_documents: int
    """Pages before the first document."""
    after_pages: int
    """Pages after the documents (appendix and the office's part), drawn after them here."""
    marks_before: list[Bookmark] = field(default_factory=list)
    marks_after: list[Bookmark] = field(default_factory=list)
    """Bookmarks of the pages after the documents, counted from the first of them."""
    links: list[PageLink] = field(default_factory=list)
    skipped: int = 0
    """Pages at the start of ``data`` that are not the packet's: an earlier drawing made
    with a wrong guess (drawing again in the same document saves loading the fonts)."""

    def page_sizes(self, pdf: Pages) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
        """The sizes in points of the pages before the documents, and of those after."""
        first = self.skipped + 1
        sizes = [pdf.pages[number].dimensions() for number in range(first, pdf.page_no() + 1)]
        before = self.before_documents
        return sizes[:before], sizes[before : before + self.after_pages]


def build_front_matter(
    plan: ExportPlan,
    printed: list[tuple[PlannedDocument, int]],
    not_printed: list[PlannedDocument],
    checklist: ChecklistView | None,
    draw_more: Callable[[Pages, FrontMatter], None] | None = None,
) -> FrontMatter:
    """Draw the pages around the documents; ``printed`` gives each document's pages.

    ``draw_more`` may add pages after these (the footers' drawings), which share the
    document's fonts; they are not part of the packet's pages.
    """
    pdf = Pages(plan.all_text(), plan.created)
    pdf.set_title(plan.packet.title)
    # cover, summary, index, details: right for most packets, so drawn once
    middle = PageRange(10 + sum(count for _doc, count in printed) // 2, 1)
    guess = 3 + pages_needed(pdf, plan, middle) + max(0, len(plan.events) - 12) // 30
    for _attempt in range(MAX_DRAWINGS):
        front = _draw_before(pdf, plan, printed, not_printed, guess)
        if front.before_documents == guess:
            break
        guess = front.before_documents
    else:
        raise ValueError("the front pages' length did not settle")
    _draw_after(pdf, front, plan, not_printed, checklist)
    if draw_more is not None:
        draw_more(pdf, front)
    front.data = bytes(pdf.output())
    return front


def places_of(
    printed: list[tuple[PlannedDocument, int]], first: int
) -> tuple[dict[int, PageRange], int]:
    """Each printed document's pages when the first starts on page ``first`` (1-based);
    and the page after the last."""
    places: dict[int, PageRange] = {}
    for document, count in printed:
        places[document.document.id or 0] = PageRange(first, count)
        first += count
    return places, first


def _draw_before(
    pdf: Pages,
    plan: ExportPlan,
    printed: list[tuple[PlannedDocument, int]],
    not_printed: list[PlannedDocument],
    before_guess: int,
) -> FrontMatter:
    """The pages before the documents, added to ``pdf`` after whatever it holds, naming
    pages as if there were ``before_guess`` of them."""
    skipped = pdf.page_no()
    places, after_documents = places_of(printed, before_guess + 1)
    appendix_first = after_documents if not_printed else None
    links = LinkNotes(skipped)
    _cover(pdf, plan)
    marks = [Bookmark("Cover", 0)]
    pdf.add_page()
    marks.append(Bookmark("Clinical summary", pdf.page_no() - 1 - skipped))
    write_clinical_summary(pdf, plan, places, links)
    pdf.add_page()
    marks.append(Bookmark("Index of documents", pdf.page_no() - 1 - skipped))
    write_index(pdf, plan, places, appendix_first, links)
    pdf.add_page()
    details = Bookmark("Medications, allergies, timeline, questions", pdf.page_no() - 1 - skipped)
    marks.append(details)
    write_details(pdf, plan, _sections(pdf, details, skipped))
    before = pdf.page_no() - skipped
    return FrontMatter(b"", before, 0, marks, [], links.links, skipped)


def _draw_after(
    pdf: Pages,
    front: FrontMatter,
    plan: ExportPlan,
    not_printed: list[PlannedDocument],
    checklist: ChecklistView | None,
) -> None:
    """The appendix and the office's part, which name no page numbers of their own."""
    before = front.skipped + front.before_documents
    if not_printed:
        _appendix(pdf, not_printed)
        front.marks_after.append(Bookmark(APPENDIX, pdf.page_no() - 1 - before))
    pdf.add_page()
    office = Bookmark(OFFICE_PART, pdf.page_no() - 1 - before)
    front.marks_after.append(office)
    write_office(pdf, plan, checklist, _sections(pdf, office, before))
    front.after_pages = pdf.page_no() - before


def _sections(pdf: Pages, parent: Bookmark, offset: int) -> Section:
    """Starts sections, each bookmarked under ``parent`` (pages counted from ``offset``)."""

    def section(title: str) -> None:
        if pdf.get_y() > pdf.h * 0.72:
            pdf.add_page()
        parent.children.append(Bookmark(title, pdf.page_no() - 1 - offset))
        pdf.heading(title, 15)

    return section


def _cover(pdf: Pages, plan: ExportPlan) -> None:
    person, packet = plan.person, plan.packet
    pdf.add_page()
    pdf.set_font(fonts.FAMILY, size=BODY_SIZE)
    pdf.cell(0, 6, "Medical records for a second opinion", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.space(10)
    pdf.heading(person.name, 26)
    born = _display(person.dob)
    sex = f"   Sex: {word(person.sex)}" if person.sex else ""
    pdf.paragraph(f"Date of birth: {born}{sex}", 13)
    pdf.space(8)
    pdf.heading(packet.title, 17)
    pdf.space(4)
    pdf.paragraph("Question for the specialist", 13, bold=True)
    pdf.space(1)
    pdf.set_fill_color(240, 240, 240)
    pdf.set_font(fonts.FAMILY, size=13)
    question = packet.question or "No question was written down."
    pdf.multi_cell(
        pdf.text_width,
        7,
        question,
        fill=True,
        padding=3,
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.space(10)
    pdf.label_value("Prepared on", _display(PartialDate.from_date(plan.created.date())))
    receiver = ", ".join(p for p in (packet.provider_name, packet.provider_institution) if p)
    pdf.label_value("For", receiver or "Not recorded")
    if packet.appointment:
        pdf.label_value("Appointment", appointment_text(packet.appointment))
    sender = person.name + (f" ({person.contact})" if person.contact else "")
    pdf.label_value("From", sender)
    if packet.first_doctor:
        pdf.label_value("First opinion by", packet.first_doctor)
    pdf.space(12)
    pdf.paragraph(
        "Put together by the patient or their caregiver with Second Look. The original files "
        "are in the folder next to this PDF, photos among them at full size; imaging studies "
        "are there as DICOM files. Page 2 is a one-page clinical summary; the index of "
        "documents follows it. Every page carries a page ID (SL-...) so it can be referred to.",
        SMALL_SIZE,
    )


def _display(date: PartialDate | None) -> str:
    return date.display() if date is not None else "not recorded"


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
