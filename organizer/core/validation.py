"""Checks a record must pass before it is saved, phrased for the person who typed it."""

from __future__ import annotations

from organizer.core.errors import InvalidInput
from organizer.core.records import (
    Allergy,
    Document,
    Event,
    Medication,
    Packet,
    Person,
    Provider,
    Question,
    Record,
    Request,
)

_REQUIRED_TEXT: dict[type[Record], tuple[str, str]] = {
    Person: ("name", "A person needs a name."),
    Provider: ("name", "A provider needs a name."),
    Event: ("title", "A timeline event needs a title."),
    Medication: ("name", "A medication needs a name."),
    Allergy: ("substance", "An allergy needs the substance it is to."),
    Document: ("title", "A document needs a title."),
    Packet: ("title", "A packet needs a title."),
    Question: ("text", "A question needs some text."),
    Request: ("item", "A request needs the item asked for (for example: pathology slides)."),
}


class FieldError(InvalidInput):
    """An invalid value in one named field, so a form can show it next to that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def validate(record: Record) -> None:
    required = _REQUIRED_TEXT.get(type(record))
    if required is not None:
        field, message = required
        if not str(getattr(record, field)).strip():
            raise FieldError(field, message)
    if isinstance(record, Medication):
        _check_medication(record)


def _check_medication(medication: Medication) -> None:
    if medication.start and medication.stop and medication.stop.latest < medication.start.earliest:
        raise FieldError(
            "stop",
            f"The stop date ({medication.stop.display()}) is before the start date "
            f"({medication.start.display()}).",
        )
