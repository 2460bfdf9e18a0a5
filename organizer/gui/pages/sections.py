"""The list sections: which records each shows, in which columns, and what it says when empty."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from organizer.core.records import Allergy, Event, Medication, Question, Record, Request
from organizer.core.vocab import EventKind, RequestStatus
from organizer.core.words import event_details
from organizer.gui import labels
from organizer.gui.models import Column

Owner = Literal["person", "packet"]


@dataclass(frozen=True)
class SectionSpec:
    """What makes one list section different from the others."""

    key: str
    title: str
    intro: str
    record_type: type[Record]
    owner: Owner
    form: str
    noun: str
    columns: Sequence[Column[Record]]
    empty_text: str
    new_record: Callable[[int], Record]
    describe: Callable[[Record], str]
    stretch_column: int = 1
    no_owner_text: str = ""
    extra_buttons: tuple[str, ...] = field(default_factory=tuple)


def _columns(*columns: Column[Any]) -> tuple[Column[Record], ...]:
    return cast(tuple[Column[Record], ...], columns)


def _readable(details: str) -> str:
    """The details with any code a portal file gave in words ('SNOMED CT 254637007')."""
    return event_details(details).readable


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


NO_PACKET = (
    "<h3>Start a packet first</h3>"
    "<p>Questions, requests and items belong to a packet: the set of records you are "
    "preparing for one second opinion. Press <b>New packet…</b> at the top of the window "
    "to start one.</p>"
)

TIMELINE = SectionSpec(
    key="timeline",
    title="Timeline",
    intro=(
        "The story so far, in your own words: when symptoms started, which tests were done, "
        "what was diagnosed and which treatments were tried. A month or a year is enough "
        "when you do not know the exact day."
    ),
    record_type=Event,
    owner="person",
    form="event_editor",
    noun="event",
    columns=_columns(
        Column[Event]("When", lambda e: e.date.display(), lambda e: labels.date_sort_key(e.date)),
        Column[Event]("What happened", lambda e: e.title),
        Column[Event]("Kind", lambda e: labels.word(e.kind)),
        Column[Event](
            "Details",
            lambda e: _first_line(_readable(e.details)),
            tooltip=lambda e: _readable(e.details),
        ),
    ),
    empty_text=(
        "<h3>Nothing on the timeline yet</h3>"
        "<p>Start with what happened first, for example the first symptom you noticed. "
        "Then add the tests, the diagnosis and the treatments tried, each with a date.</p>"
        "<p>Press <b>Add event…</b> to begin.</p>"
    ),
    new_record=lambda person_id: Event(
        person_id=person_id, date=labels.today(), kind=EventKind.SYMPTOM, title=""
    ),
    describe=lambda record: cast(Event, record).title,
)

MEDICATIONS = SectionSpec(
    key="medications",
    title="Medications",
    intro=(
        "Every medicine taken now, with its dose and how often, and ones stopped recently. "
        "Include vitamins and supplements; the specialist needs the whole picture."
    ),
    record_type=Medication,
    owner="person",
    form="medication_editor",
    noun="medication",
    columns=_columns(
        Column[Medication]("Name", lambda m: m.name),
        Column[Medication]("Dose", lambda m: m.dose),
        Column[Medication]("How often", lambda m: m.frequency),
        Column[Medication]("Reason", lambda m: m.reason),
        Column[Medication](
            "Taking now", lambda m: "Yes" if m.current else "No, stopped", lambda m: int(m.current)
        ),
        Column[Medication](
            "Started", lambda m: labels.date_text(m.start), lambda m: labels.date_sort_key(m.start)
        ),
        Column[Medication](
            "Stopped", lambda m: labels.date_text(m.stop), lambda m: labels.date_sort_key(m.stop)
        ),
    ),
    empty_text=(
        "<h3>No medications listed</h3>"
        "<p>Add each medicine with its dose and how often it is taken. "
        "If this person takes no medications at all, tick <b>Takes no medications</b> above, "
        "so the specialist knows it is an answer and not a gap.</p>"
    ),
    new_record=lambda person_id: Medication(person_id=person_id, name=""),
    describe=lambda record: cast(Medication, record).name,
    stretch_column=3,
)

ALLERGIES = SectionSpec(
    key="allergies",
    title="Allergies",
    intro="Anything that causes a reaction: medicines, foods, latex, and what the reaction is.",
    record_type=Allergy,
    owner="person",
    form="allergy_editor",
    noun="allergy",
    columns=_columns(
        Column[Allergy]("Allergic to", lambda a: a.substance),
        Column[Allergy]("Reaction", lambda a: a.reaction),
        Column[Allergy]("Kind", lambda a: labels.word(a.category)),
        Column[Allergy]("How bad", lambda a: labels.word(a.severity)),
        Column[Allergy](
            "Since",
            lambda a: labels.date_text(a.noted_on),
            lambda a: labels.date_sort_key(a.noted_on),
        ),
    ),
    empty_text=(
        "<h3>No allergies listed</h3>"
        "<p>Add each allergy with the reaction it causes. If this person has no known "
        "allergies, tick <b>No known allergies</b> above: a blank list could mean "
        "“none” or “not asked yet”.</p>"
    ),
    new_record=lambda person_id: Allergy(person_id=person_id, substance=""),
    describe=lambda record: cast(Allergy, record).substance,
)

QUESTIONS = SectionSpec(
    key="questions",
    title="Questions",
    intro=(
        "The questions to ask the second-opinion doctor. Two or three specific questions "
        "get clearer answers than a general “what do you think?”. Write the answers here "
        "during or after the visit."
    ),
    record_type=Question,
    owner="packet",
    form="question_editor",
    noun="question",
    columns=_columns(
        Column[Question]("No.", lambda q: "", ordinal=True),
        Column[Question]("Question", lambda q: q.text),
        Column[Question]("Answer", lambda q: _first_line(q.answer), tooltip=lambda q: q.answer),
    ),
    empty_text=(
        "<h3>No questions yet</h3>"
        "<p>Write down what you want to ask, or press <b>Add standard questions…</b> "
        "to start from questions many patients ask at a second opinion.</p>"
    ),
    new_record=lambda packet_id: Question(packet_id=packet_id, text=""),
    describe=lambda record: _first_line(cast(Question, record).text)[:60],
    no_owner_text=NO_PACKET,
)

REQUESTS = SectionSpec(
    key="requests",
    title="Requests & items",
    intro=(
        "Records are not sent between offices on their own. Track each request here, and "
        "physical items such as pathology slides and imaging CDs: asked for, received, "
        "packed, sent, and returned when the lab wants them back."
    ),
    record_type=Request,
    owner="packet",
    form="request_editor",
    noun="request",
    columns=_columns(
        Column[Request]("Item", lambda r: r.item),
        Column[Request]("From", lambda r: r.source),
        Column[Request](
            "Status",
            lambda r: labels.word(r.status),
            lambda r: list(RequestStatus).index(r.status),
        ),
        Column[Request](
            "Since",
            lambda r: labels.date_text(r.status_date),
            lambda r: labels.date_sort_key(r.status_date),
        ),
        Column[Request]("How", lambda r: r.method),
        Column[Request]("Goes back", lambda r: "Yes" if r.expected_back else ""),
    ),
    empty_text=(
        "<h3>Nothing requested yet</h3>"
        "<p>Add each set of records you still need, and who has them: for example "
        "“pathology slides” from the hospital's pathology lab, or “imaging CD” from "
        "radiology. Then update the status as things arrive.</p>"
    ),
    new_record=lambda packet_id: Request(packet_id=packet_id, item=""),
    describe=lambda record: cast(Request, record).item,
    stretch_column=0,
    no_owner_text=NO_PACKET,
)

LIST_SECTIONS: tuple[SectionSpec, ...] = (TIMELINE, MEDICATIONS, ALLERGIES, QUESTIONS, REQUESTS)
