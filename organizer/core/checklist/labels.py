"""Short human labels for records, as a checklist names them ("CT chest, 12 January 2026")."""

from __future__ import annotations

from collections.abc import Sequence

from organizer.core.dates import PartialDate
from organizer.core.records import Document, Event, Medication, Request


def _with_date(title: str, date: PartialDate | None) -> str:
    return f"{title}, {date.display()}" if date is not None else title


def document_label(document: Document) -> str:
    return _with_date(document.title, document.date)


def event_label(event: Event) -> str:
    return _with_date(event.title, event.date)


def request_label(request: Request) -> str:
    return f"{request.item} from {request.source}" if request.source else request.item


def medication_label(medication: Medication) -> str:
    return medication.name


def quoted_list(labels: Sequence[str], limit: int = 3) -> str:
    """ "a", "b" and 2 more: a list short enough for one sentence."""
    shown = [f"“{label}”" for label in labels[:limit]]
    rest = len(labels) - len(shown)
    if rest > 0:
        return ", ".join(shown) + f" and {rest} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return shown[0] if shown else ""


def count(number: int, singular: str, plural: str | None = None) -> str:
    word = singular if number == 1 else (plural or singular + "s")
    return f"{number} {word}"
