"""One place for the words: the app, the command line and the PDF say the same thing."""

from __future__ import annotations

from organizer.core.checklist import Status
from organizer.core.clinical.model import Kind
from organizer.core.clinical.review import Proposal
from organizer.core.dates import PartialDate
from organizer.core.export.clinical import event_line
from organizer.core.records import Event
from organizer.core.vocab import AllergyCategory, EventKind, RequestStatus
from organizer.core.words import code_text, event_details, status_word, word
from organizer.gui import labels
from organizer.gui.pages.review import kind_word
from organizer.gui.status_icons import STATUS_WORDS


def test_every_checklist_status_has_one_word_shared_by_app_and_pdf() -> None:
    for status in Status:
        assert STATUS_WORDS[status] == status_word(status.value) == word(status)
        assert "-" not in STATUS_WORDS[status]
    assert status_word("not-applicable") == "Does not apply"


def test_a_status_not_known_yet_still_reads_as_words() -> None:
    assert status_word("requested-not-received") == "Requested, not received"
    assert status_word("waiting-for-lab") == "Waiting for lab"


def test_the_app_reads_its_words_from_the_shared_place() -> None:
    assert labels.word(AllergyCategory.DRUG) == word(AllergyCategory.DRUG) == "Medicine"
    assert labels.word(RequestStatus.NOT_NEEDED) == "Not needed"


def test_codes_read_with_their_systems_name() -> None:
    assert code_text("snomed", "254637007") == "SNOMED CT 254637007"
    assert code_text("icd10", "C50.911") == "ICD-10 C50.911"
    assert code_text("2.16.840.1.113883.6.238", "1002-5") == "code 1002-5"


def test_an_events_details_as_import_writes_them_read_in_words() -> None:
    details = event_details("Status: active\nCode: snomed 254637007\nCode: icd10 C50.911")
    assert details.lines == ("Status: active",)
    assert details.readable == "Status: active\nSNOMED CT 254637007\nICD-10 C50.911"
    assert details.diagnosis_codes() == ["ICD-10 C50.911"]
    assert event_details("Felt tired\n\nfor weeks").readable == "Felt tired\nfor weeks"


def test_a_problem_on_the_summary_is_its_name_with_an_icd_code_but_no_snomed_number() -> None:
    event = Event(
        person_id=1,
        date=PartialDate(2024, 3, 3),
        kind=EventKind.DIAGNOSIS,
        title="Malignant neoplasm of right female breast",
        details="Status: active\nCode: snomed 254837009\nCode: icd10 C50.911",
    )
    assert event_line(event) == (
        "3 March 2024: Malignant neoplasm of right female breast (ICD-10 C50.911). Status: active"
    )
    typed = Event(
        person_id=1,
        date=PartialDate(2024, 3),
        kind=EventKind.DIAGNOSIS,
        title="Breast cancer",
        details="Told by Dr Hansen.",
    )
    assert event_line(typed) == "March 2024: Breast cancer. Told by Dr Hansen."


def test_every_kind_of_review_item_has_a_word_the_review_list_shows() -> None:
    for kind in Kind:
        shown = kind_word(Proposal(id=1, kind=kind.value, summary="", state="", data={}))
        assert shown == word(kind) and "-" not in shown and shown[0].isupper()
    assert word(Kind.IMMUNIZATION) == "Vaccine"
    assert kind_word(Proposal(id=1, kind="new-kind", summary="", state="", data={})) == "new-kind"
