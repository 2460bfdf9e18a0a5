"""Fix-it targets: where the GUI takes the user to put a checklist item right.

A target is an action, optionally followed by a colon and an argument. The GUI reads it
with ``read_fix``; an empty target means there is nothing to do. Actions used:

- ``import-imaging``: import images (a DICOM folder or imaging CD)
- ``import-document:<category>``: import a document of that category (e.g. lab-result)
- ``add-request:<item>``: add a request or physical item, e.g. "pathology slides"
- ``edit-request:<id>``: open a request that needs chasing or updating
- ``confirm-document:<id>``: confirm a document's guessed type and date
- ``open-document:<id>``: look at a document (e.g. replace a password-protected PDF)
- ``edit-event:<id>``: open a timeline entry (e.g. to say what kind it is)
- ``add-event:<kind>``: add a timeline event of that kind (symptom, diagnosis, treatment)
- ``add-medication`` / ``edit-medication:<id>``; ``add-allergy`` / ``edit-allergy:<id>``
- ``edit-packet:<field>``: the packet form at that field (question, provider, appointment,
  first-plan)
- ``set-packet:first-opinion``: the packet's first-opinion part (diagnosis, plan, doctor)
- ``add-question``: the question list, with the standard questions offered
- ``insurance``: the packet's insurance answers
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class FixAction(StrEnum):
    IMPORT_IMAGING = "import-imaging"
    IMPORT_DOCUMENT = "import-document"
    ADD_REQUEST = "add-request"
    EDIT_REQUEST = "edit-request"
    CONFIRM_DOCUMENT = "confirm-document"
    OPEN_DOCUMENT = "open-document"
    ADD_EVENT = "add-event"
    EDIT_EVENT = "edit-event"
    ADD_MEDICATION = "add-medication"
    EDIT_MEDICATION = "edit-medication"
    ADD_ALLERGY = "add-allergy"
    EDIT_ALLERGY = "edit-allergy"
    EDIT_PACKET = "edit-packet"
    SET_PACKET = "set-packet"
    ADD_QUESTION = "add-question"
    INSURANCE = "insurance"


class FixTarget(NamedTuple):
    """A fix-it target read back: the action, and its argument as text and as an id."""

    action: FixAction
    argument: str

    @property
    def number(self) -> int | None:
        return int(self.argument) if self.argument.isdigit() else None


IMPORT_IMAGING = FixAction.IMPORT_IMAGING.value
ADD_MEDICATION = FixAction.ADD_MEDICATION.value
ADD_ALLERGY = FixAction.ADD_ALLERGY.value
ADD_QUESTION = FixAction.ADD_QUESTION.value
FIRST_OPINION = f"{FixAction.SET_PACKET}:first-opinion"
INSURANCE = FixAction.INSURANCE.value


def parse_fix(fix: str) -> tuple[str, str]:
    """("add-request", "pathology slides") from "add-request:pathology slides"."""
    action, _, argument = fix.partition(":")
    return action, argument


def read_fix(fix: str) -> FixTarget | None:
    """The typed target of a fix-it, or None for an empty or unknown one."""
    action, argument = parse_fix(fix)
    try:
        return FixTarget(FixAction(action), argument)
    except ValueError:
        return None


def _target(action: FixAction, argument: object) -> str:
    return f"{action}:{argument}"


def import_document(category: str) -> str:
    return _target(FixAction.IMPORT_DOCUMENT, category)


def add_request(item: str) -> str:
    return _target(FixAction.ADD_REQUEST, item)


def edit_request(request_id: int | None) -> str:
    return _target(FixAction.EDIT_REQUEST, request_id)


def confirm_document(document_id: int | None) -> str:
    return _target(FixAction.CONFIRM_DOCUMENT, document_id)


def open_document(document_id: int | None) -> str:
    return _target(FixAction.OPEN_DOCUMENT, document_id)


def edit_event(event_id: int | None) -> str:
    return _target(FixAction.EDIT_EVENT, event_id)


def add_event(kind: str) -> str:
    return _target(FixAction.ADD_EVENT, kind)


def edit_medication(medication_id: int | None) -> str:
    return _target(FixAction.EDIT_MEDICATION, medication_id)


def edit_allergy(allergy_id: int | None) -> str:
    return _target(FixAction.EDIT_ALLERGY, allergy_id)


def edit_packet(field: str) -> str:
    return _target(FixAction.EDIT_PACKET, field)
