"""The summary pages the app writes: first opinion, medicines, allergies, timeline,
questions, requests and physical items, and the checklist status.

Plain statements only. A blank is never printed as if it were an answer: "no known
allergies" appears only when the person said so, otherwise the page says it was not
recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from organizer.core.details import details_of
from organizer.core.export.layout import Pages
from organizer.core.export.plan import ExportPlan, PlannedDocument
from organizer.core.records import Request
from organizer.core.vocab import RequestStatus

STATUS_WORDS = {
    RequestStatus.TO_REQUEST: "still to be requested",
    RequestStatus.REQUESTED: "requested",
    RequestStatus.RECEIVED: "received",
    RequestStatus.PACKED: "packed",
    RequestStatus.SENT: "sent",
    RequestStatus.RETURNED: "returned",
    RequestStatus.NOT_NEEDED: "not needed",
}


@dataclass(frozen=True)
class ChecklistLine:
    title: str
    status: str
    """ok, missing, warning, tip or not-applicable."""
    explanation: str
    not_applicable_reason: str = ""


@dataclass(frozen=True)
class ChecklistView:
    ready: bool
    lines: tuple[ChecklistLine, ...]


STATUS_LABELS = {
    "ok": "Done",
    "missing": "Missing",
    "warning": "Check",
    "tip": "Tip",
    "not-applicable": "Does not apply",
}


def request_sentence(request: Request) -> str:
    """'Pathology slides: sent by courier on 2026-11-20 (from City Lab)'."""
    text = f"{request.item}: {STATUS_WORDS[request.status]}"
    if request.method and request.status not in (
        RequestStatus.TO_REQUEST,
        RequestStatus.NOT_NEEDED,
    ):
        text += f" by {request.method}"
    if request.status_date is not None and request.status is not RequestStatus.TO_REQUEST:
        text += f" on {request.status_date.to_storage().lstrip('~')}"
    if request.source:
        text += f" (from {request.source})"
    if request.expected_back and request.status is not RequestStatus.RETURNED:
        text += "; to be returned"
    if request.notes:
        text += f". {request.notes}"
    return text


def write_summary(
    pdf: Pages, plan: ExportPlan, checklist: ChecklistView | None
) -> list[tuple[str, int]]:
    """Draw the summary from the current (fresh) page; return where each section starts."""
    starts: list[tuple[str, int]] = []

    def section(title: str) -> None:
        if pdf.get_y() > pdf.h * 0.72:
            pdf.add_page()
        starts.append((title, pdf.page_no()))
        pdf.heading(title, 15)

    section("First opinion")
    pdf.label_value("Diagnosis", plan.packet.first_diagnosis or "Not written down yet")
    pdf.label_value("Proposed plan", plan.packet.first_plan or "Not written down yet")
    pdf.label_value("From", plan.packet.first_doctor or "Not recorded")
    pdf.space(6)

    section("Current medications")
    if plan.medications:
        rows = [[m.name, m.dose, m.route, m.frequency, m.reason] for m in plan.medications]
        pdf.grid(["Medicine", "Dose", "How taken", "How often", "For"], rows, (30, 16, 16, 18, 20))
    elif plan.person.takes_no_medications:
        pdf.paragraph("No current medications (stated by the patient).")
    else:
        pdf.paragraph("No medications have been recorded. Please ask the patient.")
    pdf.space(4)

    section("Allergies")
    if plan.allergies:
        rows = [
            [
                a.substance,
                a.reaction,
                a.severity.value if a.severity else "",
                a.category.value if a.category else "",
            ]
            for a in plan.allergies
        ]
        pdf.grid(["Substance", "Reaction", "Severity", "Type"], rows, (30, 40, 15, 15))
    elif plan.person.no_known_allergies:
        pdf.paragraph("No known allergies (stated by the patient).")
    else:
        pdf.paragraph("Allergies have not been recorded. Please ask the patient.")
    pdf.space(4)

    section("Timeline")
    if plan.events:
        rows = [[e.date.display(), e.kind.value, e.title, e.details] for e in plan.events]
        pdf.grid(["When", "What", "Event", "Details"], rows, (18, 12, 30, 40))
    else:
        pdf.paragraph("No timeline events were included.")
    pdf.space(4)

    _insurance(pdf, plan, section)

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
    pdf.space(4)

    section("Requests and physical items")
    if plan.requests:
        for request in plan.requests:
            pdf.paragraph(f"- {request_sentence(request)}")
    else:
        pdf.paragraph("No records requests or physical items (slides, CDs) are tracked.")
    pdf.space(4)

    section("Checklist status")
    _checklist(pdf, plan, checklist)
    return starts


def _insurance(pdf: Pages, plan: ExportPlan, section: Callable[[str], None]) -> None:
    person, packet = plan.person, plan.packet
    values = [
        ("Plan", person.insurance_plan),
        ("Member ID", person.insurance_member_id),
        ("Group", person.insurance_group),
        ("Primary doctor", person.primary_doctor),
        ("Covered", packet.insurance_covered.value),
        ("In network", packet.in_network.value),
        ("Pre-authorisation", packet.preauthorization.value),
        ("Reference", packet.insurance_reference),
    ]
    if not any(value and value != "unknown" for _label, value in values):
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


def _checklist(pdf: Pages, plan: ExportPlan, checklist: ChecklistView | None) -> None:
    if checklist is None:
        pdf.paragraph("The checklist could not be evaluated for this export.")
        return
    if checklist.ready:
        pdf.paragraph("The checklist found nothing missing.")
    else:
        missing = [line.title for line in checklist.lines if line.status == "missing"]
        pdf.paragraph("Still missing when this packet was made: " + "; ".join(missing) + ".")
    pdf.space(2)
    rows = []
    for line in checklist.lines:
        note = line.not_applicable_reason if line.status == "not-applicable" else line.explanation
        rows.append([STATUS_LABELS.get(line.status, line.status), line.title, note])
    if rows:
        pdf.grid(["Status", "Item", "Notes"], rows, (14, 36, 50))


def study_facts(document: PlannedDocument) -> str:
    """'CT, 2026-01-10, 3 series, 31 images: chest with contrast' from the stored details."""
    details = details_of(document.document)
    pieces = [p for p in (details.modality or document.document.modality, details.study_date) if p]
    for number, word in ((details.series_count, "series"), (details.image_count, "images")):
        if number is not None:
            pieces.append(f"{number} {word}")
    text = ", ".join(pieces)
    if details.description:
        text += (": " if text else "") + details.description
    return text
