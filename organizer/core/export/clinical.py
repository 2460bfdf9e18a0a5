"""Page 2 of the packet: the clinical summary a specialist reads first.

The question, the first diagnosis and plan (with the pages that show them) and the
allergies come first, so they are always on this page; medications, problems, the
imaging studies and the treatments tried follow and may continue on the next page.
Every page reference is a link.
"""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from organizer.core.dates import PartialDate
from organizer.core.export import fonts
from organizer.core.export.evidence import diagnosis_reports, plan_documents
from organizer.core.export.layout import BODY_SIZE, SMALL_SIZE, Pages
from organizer.core.export.links import LinkNotes
from organizer.core.export.numbering import PageRange
from organizer.core.export.plan import ExportPlan, Kind, PlannedDocument
from organizer.core.export.provenance import first_page, origin_text
from organizer.core.records import Allergy, Event, Medication
from organizer.core.vocab import CATEGORY_LABELS, EventKind, Severity
from organizer.core.words import event_details, word

LINE = 5.0
SEVERITY_ORDER = {Severity.SEVERE: 0, Severity.MODERATE: 1, Severity.MILD: 2}


def write_clinical_summary(
    pdf: Pages, plan: ExportPlan, places: dict[int, PageRange], links: LinkNotes
) -> None:
    """Draw the clinical summary from a fresh page."""
    packet = plan.packet
    pdf.heading("Clinical summary", 18)
    _label(pdf, "Question for the specialist")
    pdf.paragraph(packet.question or "No question was written down.", BODY_SIZE)
    pdf.space(2)
    _label(pdf, "First diagnosis")
    pdf.paragraph(packet.first_diagnosis or "Not written down yet.")
    _references(pdf, diagnosis_reports(plan, set(places)), places, links)
    _label(pdf, "Proposed plan")
    plan_text = packet.first_plan or "Not written down yet."
    if packet.first_doctor:
        plan_text += f" (first opinion by {packet.first_doctor})"
    pdf.paragraph(plan_text)
    _references(pdf, plan_documents(plan, set(places)), places, links)
    for label, text in plan.second_opinion_text():
        _label(pdf, label)
        pdf.paragraph(text)
    pdf.space(1)
    sourced = _Sourced(pdf, plan, places, links)
    _label(pdf, "Allergies")
    _allergies(pdf, plan, sourced)
    pdf.space(1)
    _label(pdf, "Current medications")
    _medications(pdf, plan, sourced)
    pdf.space(1)
    _label(pdf, "Problems")
    problems = [e for e in plan.events if e.kind is EventKind.DIAGNOSIS]
    _events(sourced, problems, "No diagnoses are on the timeline.")
    pdf.space(1)
    has_studies = any(doc.kind is Kind.STUDY for doc in plan.documents)
    _label(pdf, "Imaging studies", keep=TABLE_START if has_studies else 2 * LINE)
    _studies(pdf, plan)
    _label(pdf, "Treatments tried")
    tried = [e for e in plan.events if e.kind in (EventKind.TREATMENT, EventKind.PROCEDURE)]
    _events(sourced, tried, "No treatments or procedures are on the timeline.")


class _Sourced:
    """Writes an item's line followed by where it came from; when that document is
    printed in the packet, the whole line links to its first page."""

    def __init__(
        self, pdf: Pages, plan: ExportPlan, places: dict[int, PageRange], links: LinkNotes
    ) -> None:
        self.pdf, self.plan, self.places, self.links = pdf, plan, places, links

    def line(self, text: str, key: tuple[str, int], size: float, bold: bool = False) -> None:
        origins = self.plan.origins.get(key, ())
        where = origin_text(origins, self.places)
        pdf = self.pdf
        page, top = pdf.page_no(), pdf.get_y()
        pdf.paragraph(text + (f" ({where})" if where else ""), size, bold=bold)
        target = first_page(origins, self.places)
        if target is not None and pdf.page_no() == page:
            self.links.note(pdf, pdf.l_margin, top, pdf.text_width, pdf.get_y() - top, target)


LABEL_HEIGHT = 6.5
TABLE_START = 25.0
"""A table's header and first row, which a label above a table keeps with it."""


def _label(pdf: Pages, text: str, keep: float = 2 * LINE) -> None:
    """A label never ends a page alone: it starts the next page unless ``keep``
    millimetres of what follows (two lines, or a table's start) fit under it."""
    if pdf.will_page_break(LABEL_HEIGHT + keep):
        pdf.add_page()
    pdf.set_font(fonts.FAMILY, "B", BODY_SIZE + 1)
    pdf.cell(0, LABEL_HEIGHT, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(fonts.FAMILY, size=BODY_SIZE)


def _small(pdf: Pages, text: str) -> None:
    pdf.paragraph(text, SMALL_SIZE + 0.5)


def _references(
    pdf: Pages, shown: list[PlannedDocument], places: dict[int, PageRange], links: LinkNotes
) -> None:
    """One linked line per document: where in the packet it is."""
    pdf.set_font(fonts.FAMILY, size=SMALL_SIZE + 0.5)
    for doc in shown:
        pages = places[doc.document.id or 0]
        word_pages = "page" if pages.count == 1 else "pages"
        text = (
            f"See {CATEGORY_LABELS[doc.category].lower()} “{doc.readable_label}”: "
            f"{word_pages} {pages.pages_text} ({pages.ids_text})"
        )
        text = pdf.fit(text, pdf.text_width - 6)
        x, y = pdf.l_margin + 4, pdf.get_y()
        pdf.set_x(x)
        pdf.set_text_color(20, 60, 150)
        pdf.cell(pdf.get_string_width(text) + 1, LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        links.note(pdf, x, y, pdf.get_string_width(text) + 1, LINE, pages.first)
    pdf.set_font(fonts.FAMILY, size=BODY_SIZE)
    pdf.space(1)


def _allergies(pdf: Pages, plan: ExportPlan, sourced: _Sourced) -> None:
    if not plan.allergies:
        if plan.person.no_known_allergies:
            pdf.paragraph("No known allergies (stated by the patient).")
        else:
            pdf.paragraph("Allergies have not been recorded. Please ask the patient.")
        return
    for allergy in sorted(plan.allergies, key=_allergy_order):
        key = ("allergies", allergy.id or 0)
        sourced.line(allergy_line(allergy), key, BODY_SIZE, allergy.severity is Severity.SEVERE)


def _allergy_order(allergy: Allergy) -> tuple[int, str]:
    rank = SEVERITY_ORDER.get(allergy.severity, 3) if allergy.severity else 3
    return rank, allergy.substance.casefold()


def allergy_line(allergy: Allergy) -> str:
    """'Penicillin: rash (Severe; Medicine; noted March 2024)'."""
    facts = [word(allergy.severity), word(allergy.category), _since("noted", allergy.noted_on)]
    kept = [fact for fact in facts if fact]
    text = allergy.substance + (f": {allergy.reaction}" if allergy.reaction else "")
    return text + (f" ({'; '.join(kept)})" if kept else "")


def _since(prefix: str, date: PartialDate | None) -> str:
    return f"{prefix} {date.display()}" if date is not None else ""


def medication_line(medication: Medication) -> str:
    """'Metformin 500 mg by mouth, twice a day, for diabetes; since 2024, Dr Hansen'."""
    how = ", ".join(p for p in (medication.dose, medication.route, medication.frequency) if p)
    text = medication.name + (f" {how}" if how else "")
    if medication.reason:
        text += f", for {medication.reason}"
    extra = [_since("since", medication.start), medication.prescriber]
    kept = [part for part in extra if part]
    return text + (f"; {', '.join(kept)}" if kept else "")


def _medications(pdf: Pages, plan: ExportPlan, sourced: _Sourced) -> None:
    if plan.medications:
        for medication in plan.medications:
            key = ("medications", medication.id or 0)
            sourced.line(medication_line(medication), key, SMALL_SIZE + 0.5)
    elif plan.person.takes_no_medications:
        pdf.paragraph("No current medications (stated by the patient).")
    else:
        pdf.paragraph("No medications have been recorded. Please ask the patient.")


def _events(sourced: _Sourced, events: list[Event], nothing: str) -> None:
    if not events:
        _small(sourced.pdf, nothing)
        return
    for event in events:
        sourced.line(event_line(event), ("events", event.id or 0), SMALL_SIZE + 0.5)


def event_line(event: Event) -> str:
    """'3 March 2024: Breast cancer (ICD-10 C50.911). Status: active': the name, the
    codes a specialist reads at a glance, then what else was written down."""
    details = event_details(event.details)
    text = f"{event.date.display()}: {event.title}"
    codes = details.diagnosis_codes()
    if codes:
        text += f" ({', '.join(codes)})"
    for line in details.lines:
        text += f" {line}" if text.endswith((".", "?", "!")) else f". {line}"
    return text


def study_row(doc: PlannedDocument) -> list[str]:
    """Date, modality, body part, description, images and folder of an imaging study."""
    facts = doc.document.details
    day = facts.study_day or doc.document.date
    return [
        day.display() if day is not None else facts.study_date,
        facts.modality or doc.document.modality,
        facts.body_part or doc.document.body_part,
        facts.description or doc.title or doc.label,
        str(facts.image_count) if facts.image_count is not None else "",
        f"{doc.location}/",
    ]


def _studies(pdf: Pages, plan: ExportPlan) -> None:
    studies = [doc for doc in plan.documents if doc.kind is Kind.STUDY]
    if not studies:
        _small(pdf, "No imaging studies (the images themselves) are in this packet.")
        pdf.space(1)
        return
    headers = ["Date", "Modality", "Body part", "Description", "Images", "Folder on the stick"]
    pdf.grid(headers, [study_row(doc) for doc in studies], (17, 10, 12, 27, 9, 25))
