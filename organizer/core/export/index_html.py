"""index.html: the packet's front in any browser, with a link to every file in the folder.

The same clinical summary and index of documents as the PDF's first pages, and links
to every original and readable copy. It works offline and has no scripts and no outside
resources, so it opens the same on a hospital PC that blocks both.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from organizer.core.export.clinical import (
    SEVERITY_ORDER,
    allergy_line,
    event_line,
    medication_line,
    study_row,
)
from organizer.core.export.evidence import diagnosis_reports, plan_documents
from organizer.core.export.index_page import HEADERS, index_row
from organizer.core.export.numbering import PageRange
from organizer.core.export.plan import ExportPlan, Kind, PlannedDocument
from organizer.core.vocab import CATEGORY_LABELS, EventKind, Severity

_STYLE = (
    "body{font-family:sans-serif;max-width:64em;margin:2em auto;padding:0 1em;line-height:1.5}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.3em .5em;"
    "text-align:left;vertical-align:top}h2{margin-top:1.5em}.note{color:#444}"
    ".severe{font-weight:bold}"
)


def _link(path: str, text: str) -> str:
    return f'<a href="{escape(quote(path, safe="/#="))}">{escape(text)}</a>'


def index_html(
    plan: ExportPlan,
    pdf_paths: list[str],
    ranges: dict[int, PageRange],
    checklist_note: str | None,
    written: set[str] | None = None,
) -> bytes:
    """``written`` names the files the export made itself (the studies' DICOMDIRs)."""
    person, packet = plan.person, plan.packet
    born = person.dob.display() if person.dob else "not recorded"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(person.name)}: records for a second opinion</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(person.name)}</h1>",
        f"<p>Date of birth: {escape(born)}<br>Packet: {escape(packet.title)}<br>",
        f"Prepared on {escape(plan.created.date().isoformat())}</p>",
        "<h2>Read first</h2><ul>",
    ]
    out += [f"<li>{_link(path, path)}</li>" for path in pdf_paths]
    out.append("</ul>")
    if checklist_note:
        out.append(f'<p class="note">{escape(checklist_note)}</p>')
    out += _summary(plan, pdf_paths[0] if pdf_paths else "", ranges)
    out += _index(plan, ranges, written or set())
    out.append(
        '<p class="note">Check the files: <code>sha256sum -c SHA256SUMS</code> in this folder. '
        f"{_link('manifest.json', 'manifest.json')} lists everything for programs.</p>"
    )
    out.append("</body></html>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _summary(plan: ExportPlan, pdf: str, ranges: dict[int, PageRange]) -> list[str]:
    packet = plan.packet
    out = ["<h2>Clinical summary</h2>"]
    out.append(
        "<p><strong>Question for the specialist:</strong> "
        f"{escape(packet.question or 'No question was written down.')}</p>"
    )
    out.append(
        "<p><strong>First diagnosis:</strong> "
        f"{escape(packet.first_diagnosis or 'Not written down yet.')}"
        + _shown_in(diagnosis_reports(plan, set(ranges)), pdf, ranges)
        + "</p>"
    )
    proposed = packet.first_plan or "Not written down yet."
    if packet.first_doctor:
        proposed += f" (first opinion by {packet.first_doctor})"
    out.append(
        f"<p><strong>Proposed plan:</strong> {escape(proposed)}"
        + _shown_in(plan_documents(plan, set(ranges)), pdf, ranges)
        + "</p>"
    )
    for label, text in plan.second_opinion_text():
        out.append(f"<p><strong>{escape(label)}:</strong> {escape(text)}</p>")
    out.append("<h3>Allergies</h3>")
    if plan.allergies:
        ordered = sorted(
            plan.allergies,
            key=lambda a: (SEVERITY_ORDER.get(a.severity, 3) if a.severity else 3, a.substance),
        )
        out.append("<ul>")
        for allergy in ordered:
            marked = ' class="severe"' if allergy.severity is Severity.SEVERE else ""
            out.append(f"<li{marked}>{escape(allergy_line(allergy))}</li>")
        out.append("</ul>")
    elif plan.person.no_known_allergies:
        out.append("<p>No known allergies (stated by the patient).</p>")
    else:
        out.append("<p>Allergies have not been recorded. Please ask the patient.</p>")
    out.append("<h3>Current medications</h3>")
    if plan.medications:
        out.append("<ul>")
        out += [f"<li>{escape(medication_line(m))}</li>" for m in plan.medications]
        out.append("</ul>")
    elif plan.person.takes_no_medications:
        out.append("<p>No current medications (stated by the patient).</p>")
    else:
        out.append("<p>No medications have been recorded. Please ask the patient.</p>")
    out += _events(plan, "Problems", (EventKind.DIAGNOSIS,))
    studies = [doc for doc in plan.documents if doc.kind is Kind.STUDY]
    if studies:
        out.append("<h3>Imaging studies</h3><table><tr>")
        headers = ["Date", "Modality", "Body part", "Description", "Images", "Folder"]
        out.append("".join(f"<th>{h}</th>" for h in headers) + "</tr>")
        for doc in studies:
            row = study_row(doc)
            cells = [escape(cell) for cell in row[:-1]] + [_link(row[-1], row[-1])]
            out.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        out.append("</table>")
    out += _events(plan, "Treatments tried", (EventKind.TREATMENT, EventKind.PROCEDURE))
    return out


def _shown_in(found: list[PlannedDocument], pdf: str, ranges: dict[int, PageRange]) -> str:
    if not found:
        return ""
    pieces = [
        f"{escape(CATEGORY_LABELS[doc.category].lower())} “{escape(doc.readable_label)}”, "
        + _link(
            f"{pdf}#page={ranges[doc.document.id or 0].first}",
            f"PDF page {ranges[doc.document.id or 0].pages_text}",
        )
        for doc in found
    ]
    return "<br>See " + "; ".join(pieces)


def _events(plan: ExportPlan, title: str, kinds: tuple[EventKind, ...]) -> list[str]:
    events = [e for e in plan.events if e.kind in kinds]
    if not events:
        return []
    items = [f"<li>{escape(event_line(e))}</li>" for e in events]
    return [f"<h3>{escape(title)}</h3><ul>", *items, "</ul>"]


def _index(plan: ExportPlan, ranges: dict[int, PageRange], written: set[str]) -> list[str]:
    out = ["<h2>Index of documents</h2><table><tr>"]
    out.append("".join(f"<th>{escape(h)}</th>" for h in (*HEADERS, "Files")) + "</tr>")
    for doc in plan.documents:
        cells = [escape(cell) for cell in index_row(doc, ranges.get(doc.document.id or 0))]
        if doc.kind is Kind.STUDY:
            cells[-1] = "not in the PDF: imaging study, open it with a DICOM viewer"
        elif not doc.printable or (doc.document.id or 0) not in ranges:
            cells[-1] = escape(f"not in the PDF: {doc.reason}")
        cells.append("<br>".join(_files(doc, written)))
        out.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    out.append("</table>")
    return out


def _files(doc: PlannedDocument, written: set[str]) -> list[str]:
    if doc.kind is not Kind.STUDY:
        links = [_link(str(f.destination), f.destination.name) for f in doc.files]
        if doc.readable is not None and doc.readable_sha256:
            readable = _link(str(doc.readable), "Readable copy (opens in any browser)")
            links = [readable, *(f"original: {link}" for link in links)]
        return links
    index = f"{doc.location}/DICOMDIR"
    links = [_link(str(doc.location) + "/", str(doc.location) + "/")]
    links += [_link(index, "DICOMDIR (open this in a DICOM viewer)")] if index in written else []
    links.append(f"{len(doc.files)} files")
    return links
