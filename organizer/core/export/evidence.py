"""Which documents the summary's diagnosis and plan lines point to.

A packet often holds several imaging reports (an old chest X-ray, this year's CT) and
more than one pathology report. The diagnosis line should point at the ones that show
this diagnosis: first the reports the person linked to the diagnosis on the timeline;
without such a link, for each kind of report the one closest in date to the diagnosis,
if it is within a year of it (the newest, when the timeline has no diagnosis). A report
years away from the diagnosis is about something else: pointing at it would mislead.
"""

from __future__ import annotations

import re

from organizer.core.dates import PartialDate
from organizer.core.export.plan import ExportPlan, PlannedDocument
from organizer.core.records import Event
from organizer.core.vocab import Category, EventKind

SHOWS_DIAGNOSIS = (Category.PATHOLOGY_REPORT, Category.OPERATIVE_REPORT, Category.IMAGING_REPORT)
SHOWS_PLAN = (Category.TREATMENT_PLAN, Category.CLINICAL_NOTE, Category.DISCHARGE_SUMMARY)
MOST_SHOWN = 4
NEAR_DAYS = 366
"""How far in days from the diagnosis an unlinked report may be and still be pointed at."""
HEDGES = frozenset({"probably", "possibly", "possible", "likely", "suspected", "with", "without"})
"""Words of a diagnosis that say how sure it is, not what it is."""
_WORD = re.compile(r"\w{4,}")


def diagnosis_reports(plan: ExportPlan, printed: set[int]) -> list[PlannedDocument]:
    """The reports showing the first diagnosis, among ``printed`` documents (by id)."""
    reports = [
        doc
        for doc in plan.documents
        if doc.category in SHOWS_DIAGNOSIS and (doc.document.id or 0) in printed
    ]
    event = diagnosis_event(plan)
    if event is not None and event.id is not None:
        linked_ids = plan.event_documents.get(event.id, frozenset())
        linked = [doc for doc in reports if doc.document.id in linked_ids]
        if linked:
            return sorted(linked, key=_kind_rank)[:MOST_SHOWN]
    day = event.date if event is not None else None
    closest = []
    for category in SHOWS_DIAGNOSIS:
        of_kind = [doc for doc in reports if doc.category is category]
        if of_kind:
            nearest = min(of_kind, key=lambda doc: _distance(doc, day))
            if _near(nearest, day):
                closest.append(nearest)
    return closest


def plan_documents(plan: ExportPlan, printed: set[int]) -> list[PlannedDocument]:
    """The documents that may show the proposed plan: plans, notes, discharge summaries,
    those of the diagnosis's time (a note from years before is about something else)."""
    event = diagnosis_event(plan)
    day = event.date if event is not None else None
    return [
        doc
        for category in SHOWS_PLAN
        for doc in plan.documents
        if doc.category is category and (doc.document.id or 0) in printed and _near(doc, day)
    ][:MOST_SHOWN]


def diagnosis_event(plan: ExportPlan) -> Event | None:
    """The timeline's diagnosis that the packet's first diagnosis names (the one sharing
    most words with it), or the latest diagnosis when none shares a word."""
    diagnoses = [event for event in plan.events if event.kind is EventKind.DIAGNOSIS]
    if not diagnoses:
        return None
    wanted = _words(plan.packet.first_diagnosis)
    return max(
        diagnoses,
        key=lambda event: (len(wanted & _words(event.title)), event.date.earliest, event.id or 0),
    )


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.casefold()) if word not in HEDGES}


def _kind_rank(doc: PlannedDocument) -> int:
    return SHOWS_DIAGNOSIS.index(doc.category)


def _near(doc: PlannedDocument, day: PartialDate | None) -> bool:
    """Undated reports, and any report when the timeline gives no diagnosis date, may be
    the evidence; a dated one only within NEAR_DAYS of the diagnosis."""
    date = doc.document.date
    if date is None or day is None:
        return True
    return abs((date.earliest - day.earliest).days) <= NEAR_DAYS


def _distance(doc: PlannedDocument, day: PartialDate | None) -> tuple[int, int, int]:
    """Days from the diagnosis (from today's side: newest first, without one); undated
    reports last."""
    date = doc.document.date
    if date is None:
        return (1, 0, doc.document.id or 0)
    if day is None:
        return (0, -date.earliest.toordinal(), doc.document.id or 0)
    return (0, abs((date.earliest - day.earliest).days), doc.document.id or 0)
