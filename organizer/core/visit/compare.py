"""The first and second opinion side by side, the overall outcome, and plain next steps.

The next steps restate what people are commonly advised to do when two opinions differ;
they never say which opinion is right.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from organizer.core.library import Library
from organizer.core.records import Packet
from organizer.core.visit.model import Mark, Opinion, Outcome, Part, Visit
from organizer.core.visit.store import load_visit


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view."""

    label: str
    first: str
    second: str
    part: Part | None = None
    """Set when the person can mark this line (agree, refines, differs)."""
    mark: Mark | None = None


@dataclass(frozen=True)
class Comparison:
    first: Opinion
    second: Opinion
    rows: tuple[Row, ...]
    outcome: Outcome | None
    """The outcome the person chose, or else the one their marks point to."""
    outcome_chosen: bool
    next_steps: tuple[str, ...]


NEXT_STEPS_WHEN_DIFFERENT: tuple[str, ...] = (
    "Ask each doctor why they see it this way: what in your case leads them to their view.",
    "Share each opinion with the other doctor and ask what they make of the difference.",
    "Consider a third opinion, for example at an academic or specialist centre for the "
    "condition, or ask whether your case can go to a tumour board or case conference, "
    "where several specialists discuss it together.",
    "A patient advocate can help you ask questions and keep track of the choices.",
    "Medicare Part B generally covers a third opinion when the first two differ; ask your "
    "insurer what your plan covers.",
)

NEXT_STEPS_WHEN_REFINED: tuple[str, ...] = (
    "Go back to your first doctor with what you learned and talk about the changes.",
    "Ask the second doctor to send their letter to your first doctor.",
)

NEXT_STEPS_WHEN_CONFIRMED: tuple[str, ...] = (
    "Tell your first doctor what the second doctor said; a follow-up visit usually "
    "happens within one to two weeks.",
)


def outcome_from_marks(marks: Mapping[Part, Mark]) -> Outcome | None:
    """What the marks add up to: any "differs" is different, any "refines" refined."""
    if not marks:
        return None
    values = set(marks.values())
    if Mark.DIFFERS in values:
        return Outcome.DIFFERENT
    if Mark.REFINES in values:
        return Outcome.REFINED
    return Outcome.CONFIRMED


def first_opinion(packet: Packet, visit: Visit) -> Opinion:
    return Opinion(
        diagnosis=packet.first_diagnosis,
        plan=packet.first_plan,
        doctor=packet.first_doctor,
        date=visit.first_date,
    )


def compare(packet: Packet, visit: Visit) -> Comparison:
    first = first_opinion(packet, visit)
    second = visit.second
    rows = (
        Row(
            "Diagnosis",
            first.diagnosis,
            second.diagnosis,
            Part.DIAGNOSIS,
            visit.marks.get(Part.DIAGNOSIS),
        ),
        Row("Recommended plan", first.plan, second.plan, Part.PLAN, visit.marks.get(Part.PLAN)),
        Row("Doctor", first.doctor, second.doctor),
        Row("Date", _date(first), _date(second)),
        Row("Why (in your words)", "", second.reasoning),
    )
    chosen = visit.outcome is not None
    outcome = visit.outcome if chosen else outcome_from_marks(visit.marks)
    return Comparison(first, second, rows, outcome, chosen, next_steps(outcome))


def compare_packet(library: Library, packet_id: int) -> Comparison:
    return compare(library.get(Packet, packet_id), load_visit(library, packet_id))


def next_steps(outcome: Outcome | None) -> tuple[str, ...]:
    if outcome is Outcome.DIFFERENT:
        return NEXT_STEPS_WHEN_DIFFERENT
    if outcome is Outcome.REFINED:
        return NEXT_STEPS_WHEN_REFINED
    if outcome is Outcome.CONFIRMED:
        return NEXT_STEPS_WHEN_CONFIRMED
    return ()


def _date(opinion: Opinion) -> str:
    return opinion.date.display() if opinion.date else ""
