"""The pages the app writes after the index: medicines, allergies, timeline and questions
for the reader; insurance, requests and physical items and the checklist for the office.

Plain statements only. A blank is never printed as if it were an answer: "no known
allergies" appears only when the person said so, otherwise the page says it was not
recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from organizer.core.dates import PartialDate
from organizer.core.export.numbering import PageRange
from organizer.core.export.plan import ExportPlan, PlannedDocument
from organizer.core.export.provenance import origin_text
from organizer.core.records import Request
from organizer.core.vocab import Answer, RequestStatus
from organizer.core.words import event_details, status_word, word

if TYPE_CHECKING:  # the PDF writer loads only when a packet is exported (start-up time)
    from organizer.core.export.layout import Pages


@dataclass(frozen=True)
class ChecklistLine:
    title: str
    status: str
    """ok, missing, warning, tip, not-applicable or requested."""
    explanation: str
    not_applicable_reason: str = ""


@dataclass(frozen=True)
class ChecklistView:
    ready: bool
    lines: tuple[ChecklistLine, ...]


def request_sentence(request: Request) -> str:
    """'Pathology slides: sent by courier on 2026-11-20 (from City Lab)'."""
    text = f"{request.item}: {word(request.status).lower()}"
    if request.method and request.status not in (
        RequestStatus.TO_REQUEST,
        RequestStatus.NOT_NEEDED,
    ):
        text += f" by {request.method}"
    if request.status_date is not None and request.status is not RequestStatus.TO_REQUEST:
        text += f" on {request.status_date.display()}"
    if request.source:
        text += f" (from {request.source})"
    if request.expected_back and request.status is not RequestStatus.RETURNED:
        text += "; to be returned"
    if request.notes:
        text += f". {request.notes}"
    return text


FROM_WIDTH = 22
"""Share of a table's width (of 100) given to where its rows came from."""

Section = Callable[[str], None]
"""Starts a bookmarked section with this title (on a new page when little room is left)."""


def write_details(
    pdf: Pages, plan: ExportPlan, section: Section, places: dict[int, PageRange]
) -> None:
    """The reader's details after the index: medicines, allergies, results, timeline,
    questions; items accepted from portal records name the documents they came from."""
    section("Current medications")
    if plan.medications:
        rows = [
            [m.name, m.dose, m.route, m.frequency, m.reason, _date(m.start), m.prescriber]
            for m in plan.medications
        ]
        headers = ["Medicine", "Dose", "How taken", "How often", "For", "Since", "Prescribed by"]
        widths = (22, 12, 12, 14, 14, 12, 14)
        keys = [("medications", m.id or 0) for m in plan.medications]
        pdf.grid(*_with_origins(plan, places, keys, headers, rows, widths))
    elif plan.person.takes_no_medications:
        pdf.paragraph("No current medications (stated by the patient).")
    else:
        pdf.paragraph("No medications have been recorded. Please ask the patient.")
    pdf.space(4)

    section("Allergies")
    if plan.allergies:
        rows = [
            [a.substance, a.reaction, word(a.severity), word(a.category), _date(a.noted_on)]
            for a in plan.allergies
        ]
        keys = [("allergies", a.id or 0) for a in plan.allergies]
        headers = ["Substance", "Reaction", "Severity", "Kind", "Noted"]
        pdf.grid(*_with_origins(plan, places, keys, headers, rows, (26, 34, 13, 15, 12)))
    elif plan.person.no_known_allergies:
        pdf.paragraph("No known allergies (stated by the patient).")
    else:
        pdf.paragraph("Allergies have not been recorded. Please ask the patient.")
    pdf.space(4)

    if plan.results:
        section("Results")
        _results(pdf, plan, places)
        pdf.space(4)

    section("Timeline")
    if plan.events:
        rows = [
            [e.date.display(), word(e.kind), e.title, event_details(e.details).readable]
            for e in plan.events
        ]
        keys = [("events", e.id or 0) for e in plan.events]
        headers = ["When", "What", "Event", "Details"]
        pdf.grid(*_with_origins(plan, places, keys, headers, rows, (18, 14, 30, 38)))
    else:
        pdf.paragraph("No timeline events were included.")
    pdf.space(4)

    section("Questions for the specialist")
    if plan.questions:
        for number, question in enumerate(plan.questions, start=1):
            pdf.paragraph(f"{number}. {question.text}", bold=True)
            if question.answer:
                pdf.paragraph(f"Notes: {question.answer}")
            else:
                _note_lines(pdf, 3)
            pdf.space(3)
    else:
        pdf.paragraph("No questions were written down.")


def write_office(
    pdf: Pages, plan: ExportPlan, checklist: ChecklistView | None, section: Section
) -> None:
    """What is for the office rather than the doctor: insurance, requests, checklist."""
    _insurance(pdf, plan, section)
    section("Requests and physical items")
    if plan.requests:
        for request in plan.requests:
            pdf.paragraph(f"- {request_sentence(request)}")
    else:
        pdf.paragraph("No records requests or physical items (slides, CDs) are tracked.")
    pdf.space(4)
    section("Checklist status")
    _checklist(pdf, checklist)


def _with_origins(
    plan: ExportPlan,
    places: dict[int, PageRange],
    keys: list[tuple[str, int]],
    headers: list[str],
    rows: list[list[str]],
    widths: tuple[int, ...],
) -> tuple[list[str], list[list[str]], tuple[int, ...]]:
    """The table with a "From" column when any of its rows came from a portal record;
    its width is taken from the widest columns, so the table keeps its size."""
    sources = [origin_text(plan.origins.get(key, ()), places) for key in keys]
    if not any(sources):
        return headers, rows, widths
    room = FROM_WIDTH
    narrowed = list(widths)
    while room > 0:
        widest = max(range(len(narrowed)), key=narrowed.__getitem__)
        narrowed[widest] -= 1
        room -= 1
    pairs = zip(rows, sources, strict=True)
    joined = [[*row, source.removeprefix("from: ")] for row, source in pairs]
    return [*headers, "From"], joined, (*narrowed, FROM_WIDTH)


def _results(pdf: Pages, plan: ExportPlan, places: dict[int, PageRange]) -> None:
    """Accepted lab results by test and date, then vital signs, each naming its source."""
    for kind, heading in (("result", "Lab results"), ("vital-sign", "Vital signs")):
        chosen = [r for r in plan.results if r.kind == kind]
        if not chosen:
            continue
        chosen.sort(key=lambda r: (r.test.casefold(), r.date))
        pdf.paragraph(heading, bold=True)
        rows = [
            [r.test, r.value, r.unit, r.reference_range, r.interpretation, _when(r.date)]
            for r in chosen
        ]
        keys = [("results", r.id or 0) for r in chosen]
        headers = ["Test", "Value", "Unit", "Range", "Flag", "Date"]
        pdf.grid(*_with_origins(plan, places, keys, headers, rows, (30, 14, 12, 16, 10, 18)))


def _when(text: str) -> str:
    """'2016-09-02 10:30' from the ISO text the file gave (a zone is left out)."""
    return text.replace("T", " ")[:16]


def _date(value: PartialDate | None) -> str:
    return value.display() if value is not None else ""


def _insurance(pdf: Pages, plan: ExportPlan, section: Section) -> None:
    person, packet = plan.person, plan.packet
    values = [
        ("Plan", person.insurance_plan),
        ("Member ID", person.insurance_member_id),
        ("Group", person.insurance_group),
        ("Primary doctor", person.primary_doctor),
        ("Covered", word(packet.insurance_covered)),
        ("In network", word(packet.in_network)),
        ("Pre-authorisation", word(packet.preauthorization)),
        ("Reference", packet.insurance_reference),
    ]
    unknown = word(Answer.UNKNOWN)
    if not any(value and value != unknown for _label, value in values):
        return
    section("Insurance and contacts")
    for label, value in values:
        if value:
            pdf.label_value(label, value)
    if packet.insurance_notes:
        pdf.paragraph(packet.insurance_notes)
    pdf.space(4)


def _note_lines(pdf: Pages, count: int) -> None:
    pdf.set_draw_color(170, 170, 170)
    for _ in range(count):
        pdf.ln(8)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(2)


def _checklist(pdf: Pages, checklist: ChecklistView | None) -> None:
    """Each item's status in the shared words; the patient's own to-dos are left out."""
    if checklist is None:
        pdf.paragraph("The checklist could not be evaluated for this export.")
        return
    if checklist.ready:
        pdf.paragraph("The checklist found nothing missing.")
    else:
        missing = [line.title for line in checklist.lines if line.status == "missing"]
        waiting = [
            line.title for line in checklist.lines if line.status == "requested-not-received"
        ]
        if missing:
            pdf.paragraph("Still missing when this packet was made: " + "; ".join(missing) + ".")
        if waiting:
            pdf.paragraph("Requested, not received yet: " + "; ".join(waiting) + ".")
    pdf.space(2)
    rows = [
        [status_word(line.status), line.title, line.not_applicable_reason]
        for line in checklist.lines
        if line.status != "tip"
    ]
    if rows:
        pdf.grid(["Status", "Item", "Why it does not apply"], rows, (18, 52, 30))


def study_facts(document: PlannedDocument) -> str:
    """'CT, 2026-01-10, 3 series, 31 images: chest with contrast' from the stored details."""
    details = document.document.details
    pieces = [p for p in (details.modality or document.document.modality, details.study_date) if p]
    for number, noun in ((details.series_count, "series"), (details.image_count, "images")):
        if number is not None:
            pieces.append(f"{number} {noun}")
    text = ", ".join(pieces)
    if details.description:
        text += (": " if text else "") + details.description
    return text
