"""One place for the words: the app, the command line and the PDF say the same thing."""

from __future__ import annotations

from organizer.core.checklist import Status
from organizer.core.clinical.model import Kind
from organizer.core.clinical.review import Proposal
from organizer.core.vocab import AllergyCategory, RequestStatus
from organizer.core.words import status_word, word
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


def test_every_kind_of_review_item_has_a_word_the_review_list_shows() -> None:
    for kind in Kind:
        shown = kind_word(Proposal(id=1, kind=kind.value, summary="", state="", data={}))
        assert shown == word(kind) and "-" not in shown and shown[0].isupper()
    assert word(Kind.IMMUNIZATION) == "Vaccine"
    assert kind_word(Proposal(id=1, kind="new-kind", summary="", state="", data={})) == "new-kind"
