"""Fix-it targets: where the GUI takes the user to put a checklist item right.

A target is an action, optionally followed by a colon and an argument. The GUI splits it
with ``parse_fix``; an empty target means there is nothing to do. Actions used:

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

IMPORT_IMAGING = "import-imaging"
ADD_MEDICATION = "add-medication"
ADD_ALLERGY = "add-allergy"
ADD_QUESTION = "add-question"
FIRST_OPINION = "set-packet:first-opinion"
INSURANCE = "insurance"


def parse_fix(fix: str) -> tuple[str, str]:
    """("add-request", "pathology slides") from "add-request:pathology slides"."""
    action, _, argument = fix.partition(":")
    return action, argument


def import_document(category: str) -> str:
    return f"import-document:{category}"


def add_request(item: str) -> str:
    return f"add-request:{item}"


def edit_request(request_id: int | None) -> str:
    return f"edit-request:{request_id}"


def confirm_document(document_id: int | None) -> str:
    return f"confirm-document:{document_id}"


def open_document(document_id: int | None) -> str:
    return f"open-document:{document_id}"


def edit_event(event_id: int | None) -> str:
    return f"edit-event:{event_id}"


def add_event(kind: str) -> str:
    return f"add-event:{kind}"


def edit_medication(medication_id: int | None) -> str:
    return f"edit-medication:{medication_id}"


def edit_allergy(allergy_id: int | None) -> str:
    return f"edit-allergy:{allergy_id}"


def edit_packet(field: str) -> str:
    return f"edit-packet:{field}"
