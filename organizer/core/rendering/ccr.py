"""An ASTM CCR (Continuity of Care Record) as a Rendering: each body section as a table.

A CCR has no narrative: its body holds lists of items (problems, medications, alerts,
results...). Each list becomes a table with a row per item and a column per kind of
detail the items carry (description, status, date, ...), in the order first seen.
"""

from __future__ import annotations

from organizer.core.rendering.cda import shortfall_note
from organizer.core.rendering.fhir import _spaced
from organizer.core.rendering.model import Cell, Paragraph, Rendering, Run, Section, Table
from organizer.core.rendering.when import readable_time
from organizer.core.rendering.xmltree import Node, Shortfall

CCR_NS = "urn:astm-org:CCR"
MAX_COLUMNS = 8
_SKIPPED = frozenset({"CCRDataObjectID", "Source", "ActorID", "ActorRole", "InternalCCRLink",
                      "ReferenceID", "CommentID", "Signature", "SLRCGroup"})  # fmt: skip


def is_ccr(root: Node) -> bool:
    return root.tag == "ContinuityOfCareRecord"


def render_ccr(root: Node, shortfall: Shortfall) -> Rendering:
    rendering = Rendering(title="Continuity of Care Record", kind="ASTM CCR")
    fields: list[tuple[str, str]] = []
    when = root.first("DateTime", "ExactDateTime")
    if when is not None:
        fields.append(("Date", readable_time(when.words())))
    actors = _actors(root)
    patient_link = root.first("Patient", "ActorID")
    patient = actors.get(patient_link.words()) if patient_link is not None else None
    if patient is not None:
        person = patient.first("Person")
        if person is not None:
            name = person.first("Name", "CurrentName") or person.first("Name")
            if name is not None:
                fields.append(("Patient", name.spaced_words()))
            born = person.first("DateOfBirth", "ExactDateTime")
            if born is not None:
                fields.append(("Born", readable_time(born.words())))
            sex = person.first("Gender", "Text")
            if sex is not None:
                fields.append(("Sex", sex.words()))
    sender = root.first("From", "ActorLink", "ActorID")
    author = actors.get(sender.words()) if sender is not None else None
    if author is not None:
        fields.append(("Author", _actor_name(author)))
    rendering.fields = [(label, value) for label, value in fields if value]
    body = root.first("Body")
    for section in body.nodes() if body is not None else []:
        rendering.sections.append(_section(section))
    if shortfall.any:
        rendering.notes.append(shortfall_note(shortfall))
    return rendering


def _actors(root: Node) -> dict[str, Node]:
    """The people and organisations the record names, by their ActorObjectID."""
    found: dict[str, Node] = {}
    holder = root.first("Actors")
    for actor in holder.all("Actor") if holder is not None else []:
        ident = actor.first("ActorObjectID")
        if ident is not None:
            found[ident.words()] = actor
    return found


def _actor_name(actor: Node) -> str:
    for path in (("Person", "Name", "CurrentName"), ("Person", "Name"), ("Organization", "Name")):
        found = actor.first(*path)
        if found is not None and found.words():
            return found.spaced_words()
    return ""


def _section(section: Node) -> Section:
    items = list(section.nodes())
    columns: dict[str, int] = {}
    for item in items:
        for detail in item.nodes():
            if detail.tag not in _SKIPPED:
                columns[detail.tag] = columns.get(detail.tag, 0) + 1
    chosen = [name for name in columns][:MAX_COLUMNS]
    head = [[Cell([Paragraph([Run(_spaced(name))])], header=True) for name in chosen]]
    rows = []
    for item in items:
        row = []
        for name in chosen:
            values = [_detail_text(detail) for detail in item.all(name)]
            text = "; ".join(v for v in values if v)
            row.append(Cell([Paragraph([Run(text)])] if text else []))
        rows.append(row)
    blocks = [Table(head, rows)] if chosen and rows else []
    return Section(_spaced(section.tag), list(blocks))


def _detail_text(detail: Node) -> str:
    """A detail's words, with a CCR date shown plainly and actor links left out."""
    if detail.tag == "DateTime":
        exact = detail.first("ExactDateTime")
        kind = detail.first("Type", "Text")
        when = readable_time(exact.words()) if exact is not None else detail.words()
        return f"{kind.words()}: {when}" if kind is not None and kind.words() else when
    pieces = []
    for child in detail.nodes():
        if child.tag not in _SKIPPED and child.tag != "CodingSystem":
            pieces.append(child.spaced_words())
    return " ".join(p for p in pieces if p) or detail.spaced_words()
