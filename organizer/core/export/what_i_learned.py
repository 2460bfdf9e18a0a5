"""The "What I learned" PDF: one or two pages to take back to the first doctor.

Both opinions side by side, how they compare, the answers that were written down, the
decision if one is made, and the letters received. It is drawn with the packet's page
look and stamped with the same footer (name, birth date, page X of N, page ID).
"""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from organizer.core.atomic import atomic_output
from organizer.core.errors import InvalidInput
from organizer.core.export import stamp
from organizer.core.export.layout import SMALL_SIZE, Pages, cut_at_word
from organizer.core.export.names import packet_folder_name
from organizer.core.library import Library
from organizer.core.records import Packet, Person, Question
from organizer.core.visit.compare import Comparison, compare
from organizer.core.visit.model import MARK_WORDS, OUTCOME_WORDS, Visit
from organizer.core.visit.store import load_visit, received_documents

DISCLAIMER = (
    "Written by the patient or a caregiver from what the doctors said. It is a summary "
    "to discuss, not a medical record and not medical advice."
)
SHORTENED = (
    "Some text is shortened to keep this summary to two pages. The full text is in "
    "Second Look, on the packet's visit page."
)
MAX_PAGES = 2
CELL_CHARACTERS = 600
"""A table cell holds at most this much here, within what the grid prints whole."""


@dataclass(frozen=True)
class _Room:
    """How much of each written text fits: ``None`` for all of it."""

    characters: int | None = None
    items: int | None = None


ROOMS = (
    _Room(),
    _Room(700),
    _Room(450),
    _Room(300, 20),
    _Room(220, 14),
    _Room(160, 10),
    _Room(120, 6),
)
"""Tried in turn until the summary fits on MAX_PAGES; the last always fits."""


@dataclass(frozen=True)
class WrittenSummary:
    path: Path
    pages: int


def write_what_i_learned(
    library: Library, packet_id: int, folder: Path, now: _dt.datetime | None = None
) -> WrittenSummary:
    """Write the PDF into ``folder`` (which must exist); return where and how many pages."""
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not an existing folder.")
    packet = library.get(Packet, packet_id)
    person = library.get(Person, packet.person_id)
    visit = load_visit(library, packet_id)
    if not visit.is_recorded():
        raise InvalidInput(
            f'Nothing about the visit is written down for "{packet.title}" yet: record the '
            "second opinion first."
        )
    created = now or _dt.datetime.now(_dt.UTC)
    answered = [q for q in library.children(Question, packet_id) if q.answer.strip()]
    letters = [doc.title for doc in received_documents(library, packet_id)]
    comparison = compare(packet, visit)
    for room in ROOMS:
        pdf = _draw(person, packet, visit, comparison, answered, letters, created, room)
        if pdf.pages_count <= MAX_PAGES:
            break
    born = person.dob.display() if person.dob else "date of birth not recorded"
    day = created.date().isoformat()
    name = packet_folder_name(person.name, day).replace("SecondOpinion", "WhatILearned", 1)
    target = folder / f"{name}.pdf"
    with pikepdf.Pdf.open(io.BytesIO(bytes(pdf.output()))) as document:
        stamp.stamp_pages(document, person.name, born, created)
        buffer = io.BytesIO()
        document.save(buffer, deterministic_id=True)
        pages = len(document.pages)
    with atomic_output(target) as handle:
        handle.write(buffer.getvalue())
    return WrittenSummary(target, pages)


def _draw(
    person: Person,
    packet: Packet,
    visit: Visit,
    comparison: Comparison,
    answered: list[Question],
    letters: list[str],
    created: _dt.datetime,
    room: _Room,
) -> Pages:
    texts = [person.name, packet.title, *(q.text + q.answer for q in answered), *letters]
    texts += [row.first + row.second for row in comparison.rows]
    pdf = Pages(" ".join([*texts, visit.decision]), created)

    shortened = False

    def cut(text: str, most: int | None = room.characters) -> str:
        nonlocal shortened
        kept = cut_at_word(text.strip(), most)
        shortened = shortened or kept != text.strip()
        return kept

    cell = min(room.characters or CELL_CHARACTERS, CELL_CHARACTERS)

    pdf.set_title(f"What I learned: {packet.title}")
    pdf.add_page()
    pdf.heading("What I learned from the second opinion", 18)
    when = visit.date.display() if visit.date else "date not recorded"
    pdf.paragraph(f"{person.name} · {packet.title} · visit on {when}")
    if packet.question.strip():
        pdf.paragraph(f"The question: {cut(packet.question)}")
    pdf.space()
    pdf.heading("The two opinions side by side", 13)
    rows = [
        [
            row.label,
            cut(row.first, cell),
            cut(row.second, cell),
            MARK_WORDS[row.mark] if row.mark else "",
        ]
        for row in comparison.rows
        if row.first or row.second
    ]
    pdf.grid(["", "First opinion", "Second opinion", "How they compare"], rows, (22, 34, 34, 14))
    if comparison.outcome is not None:
        pdf.paragraph(f"Overall: {OUTCOME_WORDS[comparison.outcome]}.", bold=True)
        pdf.space(2)
    if answered:
        pdf.heading("Answers to my questions", 13)
        for question in answered[: room.items]:
            pdf.paragraph(cut(question.text), bold=True)
            pdf.paragraph(cut(question.answer))
            pdf.space(1.5)
        _more(pdf, len(answered), room.items, "answers")
    pdf.heading("What I decided", 13)
    pdf.paragraph(cut(visit.decision) or "Not decided yet.")
    pdf.space(2)
    if comparison.next_steps:
        pdf.heading("Next steps to talk about", 13)
        for step in comparison.next_steps:
            pdf.paragraph(f"• {step}")
        pdf.space(2)
    if letters:
        pdf.heading("Received after the visit", 13)
        for title in letters[: room.items]:
            pdf.paragraph(f"• {cut(title)}")
        _more(pdf, len(letters), room.items, "documents")
        pdf.space(2)
    if shortened or room.items is not None:
        pdf.paragraph(SHORTENED, size=SMALL_SIZE)
    pdf.paragraph(DISCLAIMER, size=SMALL_SIZE)
    return pdf


def _more(pdf: Pages, count: int, shown: int | None, what: str) -> None:
    if shown is not None and count > shown:
        pdf.paragraph(f"and {count - shown} more {what} (in Second Look)", size=SMALL_SIZE)
