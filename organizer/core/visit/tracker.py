"""The case tracker: where the second opinion stands, step by step, and what is overdue.

The typical durations come from the domain brief (records 1 to 2 weeks, an appointment
2 to 4 weeks, the follow-up with the first doctor 1 to 2 weeks after the visit). They are
guidance: a step is called overdue only once the longer end of its range has passed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import StrEnum

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.library import Library
from organizer.core.records import Packet, Request
from organizer.core.visit.model import Visit
from organizer.core.visit.store import due_back_dates, load_visit
from organizer.core.vocab import RequestStatus

RECORDS_WEEKS = 2
APPOINTMENT_WEEKS = 4
FOLLOW_UP_WEEKS = 2

_OPEN = (RequestStatus.TO_REQUEST, RequestStatus.REQUESTED)


class StepState(StrEnum):
    DONE = "done"
    WAITING = "waiting"
    OVERDUE = "overdue"
    NOT_STARTED = "not started"


@dataclass(frozen=True)
class Step:
    """One step on the way to the visit and back, and where it stands."""

    name: str
    state: StepState
    date: PartialDate | None
    """When it happened (done), or when it is due (waiting, overdue)."""
    note: str
    guidance: str


@dataclass(frozen=True)
class DueBack:
    """Something lent for the second opinion that has to be returned."""

    request_id: int
    item: str
    source: str
    due: PartialDate | None
    overdue: bool


@dataclass(frozen=True)
class Tracker:
    """Where things stand for a packet: the steps and what is due back."""

    steps: tuple[Step, ...]
    due_back: tuple[DueBack, ...]

    @property
    def overdue(self) -> tuple[str, ...]:
        """Plain lines naming each overdue step and item."""
        lines = [
            f"{step.name}: {step.note}" for step in self.steps if step.state is StepState.OVERDUE
        ]
        lines += [
            f"Return {item.item}"
            + (f" to {item.source}" if item.source else "")
            + (f" (due {item.due.display()})" if item.due else "")
            for item in self.due_back
            if item.overdue
        ]
        return tuple(lines)


def track(library: Library, packet_id: int, today: _dt.date | None = None) -> Tracker:
    """The tracker for one packet as of ``today`` (tests pass a fixed day)."""
    day = today or _dt.date.today()
    packet = library.get(Packet, packet_id)
    requests = [
        r for r in library.children(Request, packet_id) if r.status is not RequestStatus.NOT_NEEDED
    ]
    visit = load_visit(library, packet_id)
    appointment = _appointment_day(packet)
    steps = (
        _records_step(requests, day),
        _appointment_step(packet, appointment, day),
        _visit_step(visit, appointment, day),
        _follow_up_step(visit, day),
    )
    return Tracker(steps, _due_back(library, packet_id, requests, day))


def _records_step(requests: list[Request], day: _dt.date) -> Step:
    name = "Records requested"
    guidance = "Gathering records usually takes 1 to 2 weeks."
    if not requests:
        return Step(name, StepState.NOT_STARTED, None, "No records requested yet.", guidance)
    waiting = [r for r in requests if r.status in _OPEN]
    if not waiting:
        latest = max((r.status_date for r in requests if r.status_date), default=None, key=_day)
        return Step(name, StepState.DONE, latest, "Every request has arrived.", guidance)
    asked = [r for r in waiting if r.status is RequestStatus.REQUESTED and r.status_date]
    if not asked:
        return Step(
            name,
            StepState.NOT_STARTED,
            None,
            f"{len(waiting)} of {_requests(len(requests))} still to request.",
            guidance,
        )
    oldest = min((r.status_date for r in asked if r.status_date), key=_day)
    due = _plus(oldest, weeks=RECORDS_WEEKS)
    late = [
        r.item
        for r in asked
        if r.status_date and _plus(r.status_date, weeks=RECORDS_WEEKS).earliest < day
    ]
    if late:
        return Step(
            name,
            StepState.OVERDUE,
            due,
            f"Waiting more than {RECORDS_WEEKS} weeks for: {', '.join(late)}. "
            "A phone call to the office often helps.",
            guidance,
        )
    return Step(
        name,
        StepState.WAITING,
        due,
        f"Waiting for {len(waiting)} of {_requests(len(requests))}.",
        guidance,
    )


def _appointment_step(packet: Packet, appointment: _dt.date | None, day: _dt.date) -> Step:
    name = "Appointment"
    guidance = "Getting an appointment usually takes 2 to 4 weeks; urgent cases can be sooner."
    if appointment is not None:
        with_whom = f" with {packet.provider_name}" if packet.provider_name else ""
        return Step(
            name,
            StepState.DONE,
            PartialDate.from_date(appointment),
            f"Booked{with_whom}.",
            guidance,
        )
    started = _created_day(packet)
    due = started + _dt.timedelta(weeks=RECORDS_WEEKS + APPOINTMENT_WEEKS) if started else None
    due_date = PartialDate.from_date(due) if due else None
    if due is not None and due < day:
        return Step(
            name,
            StepState.OVERDUE,
            due_date,
            "No appointment booked yet, weeks after starting the packet.",
            guidance,
        )
    return Step(name, StepState.NOT_STARTED, due_date, "Not booked yet.", guidance)


def _visit_step(visit: Visit, appointment: _dt.date | None, day: _dt.date) -> Step:
    name = "Visit"
    guidance = "Afterwards, write down what the doctor said while you still remember it."
    if visit.is_recorded():
        return Step(
            name, StepState.DONE, visit.date, "The second opinion is written down.", guidance
        )
    if appointment is None:
        return Step(name, StepState.NOT_STARTED, None, "After the appointment.", guidance)
    when = PartialDate.from_date(appointment)
    if appointment < day:
        return Step(
            name,
            StepState.OVERDUE,
            when,
            f"The appointment was on {when.display()}: write down what was said.",
            guidance,
        )
    return Step(name, StepState.WAITING, when, f"On {when.display()}.", guidance)


def _follow_up_step(visit: Visit, day: _dt.date) -> Step:
    name = "Follow-up with the first doctor"
    guidance = "Usually 1 to 2 weeks after the second opinion."
    if visit.followed_up_on is not None:
        return Step(name, StepState.DONE, visit.followed_up_on, "Done.", guidance)
    if visit.follow_up_on is not None:
        due = visit.follow_up_on
    elif visit.date is not None:
        due = _plus(visit.date, weeks=FOLLOW_UP_WEEKS)
    else:
        return Step(name, StepState.NOT_STARTED, None, "After the visit.", guidance)
    if due.latest < day:
        return Step(
            name,
            StepState.OVERDUE,
            due,
            "Book a visit with your first doctor and bring what you learned.",
            guidance,
        )
    return Step(name, StepState.WAITING, due, f"By {due.display()}.", guidance)


def _due_back(
    library: Library, packet_id: int, requests: list[Request], day: _dt.date
) -> tuple[DueBack, ...]:
    dates = due_back_dates(library, packet_id)
    items = []
    for request in requests:
        if request.id is None or not request.expected_back:
            continue
        if request.status is RequestStatus.RETURNED:
            continue
        due = dates.get(request.id)
        overdue = due is not None and due.latest < day
        items.append(DueBack(request.id, request.item, request.source, due, overdue))
    return tuple(items)


def _day(value: PartialDate | None) -> _dt.date:
    return value.earliest if value else _dt.date.min


def _plus(value: PartialDate, *, weeks: int) -> PartialDate:
    return PartialDate.from_date(value.latest + _dt.timedelta(weeks=weeks))


def _appointment_day(packet: Packet) -> _dt.date | None:
    if not packet.appointment:
        return None
    try:
        return _dt.date.fromisoformat(packet.appointment[:10])
    except ValueError:
        raise InvalidInput(f"The appointment {packet.appointment!r} is not a date.") from None


def _created_day(packet: Packet) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(packet.created_at[:10])
    except ValueError:
        return None


def _requests(count: int) -> str:
    return "1 request" if count == 1 else f"{count} requests"
