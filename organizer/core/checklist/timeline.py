"""The person's own timeline: the first symptom, the diagnosis and treatments tried.

Every timeline entry has a date (an approximate one such as "about 2019" is fine), so
"with dates" holds by construction. A timeline without any treatment yet is only a
warning: a second opinion is often sought before anything has been tried.
"""

from __future__ import annotations

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, concern, met, unmet
from organizer.core.checklist.labels import event_label
from organizer.core.checklist.words import only_planned
from organizer.core.records import Event
from organizer.core.vocab import EventKind


def _tried(event: Event, facts: PacketFacts) -> bool:
    return event.date.earliest <= facts.today and not only_planned(event.title)


_PARTS = (
    (EventKind.SYMPTOM, "the first symptom"),
    (EventKind.DIAGNOSIS, "the diagnosis"),
    (EventKind.TREATMENT, "the treatments tried"),
)


def check_timeline(facts: PacketFacts) -> Finding:
    by_kind: dict[EventKind, list[Event]] = {}
    for event in facts.events:
        if event.kind is EventKind.TREATMENT and not _tried(event, facts):
            continue  # "surgery recommended" or next month's start is not a treatment tried
        by_kind.setdefault(event.kind, []).append(event)
    present: list[Event] = []
    lacking: list[tuple[EventKind, str]] = []
    for kind, words in _PARTS:
        events = sorted(by_kind.get(kind, []), key=lambda e: (e.date.earliest, e.id or 0))
        if not events:
            lacking.append((kind, words))
        elif kind is EventKind.TREATMENT:
            present.extend(events)
        else:
            present.append(events[0])
    labels = tuple(f"{e.kind.value}: {event_label(e)}" for e in present)
    refs = tuple(("event", e.id) for e in present if e.id is not None)
    if not lacking:
        return met(
            "The timeline has the first symptom, the diagnosis and the treatments tried.",
            satisfied_by=labels,
            refs=refs,
        )
    words_list = [words for _, words in lacking]
    missing_words = ", ".join(words_list[:-1]) + " and " + words_list[-1]
    if len(words_list) == 1:
        missing_words = words_list[0]
    fix = fixes.add_event(lacking[0][0].value)
    if [kind for kind, _ in lacking] == [EventKind.TREATMENT]:
        return concern(
            "The timeline has no treatment yet. Add what has been tried, or mark this rule "
            "not applicable if nothing has been tried so far.",
            fix,
            refs=refs,
            satisfied_by=labels,
        )
    return unmet(
        f"The timeline lacks {missing_words}. Add each as a dated timeline entry "
        "(an approximate date is fine).",
        fix,
        refs=refs,
        satisfied_by=labels,
    )
