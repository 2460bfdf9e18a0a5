"""One rule says whether a document's details are guessed; the checklist and Confirm agree.

The bug these pin down: a document whose date was confirmed but whose category was left at
"other" without a reason showed no marker and could not be confirmed, while the checklist
kept warning about it with a fix-it that could not clear the warning.
"""

from __future__ import annotations

from checklist_packets import REPORT_PDF, Built, complete

from organizer.core import ops
from organizer.core.checklist import Status, evaluate, parse_fix
from organizer.core.guesses import category_guessed, confirmed, date_guessed, needs_check
from organizer.core.library import Library
from organizer.core.records import Document
from organizer.core.vocab import Category


def _other_with_confirmed_date(built: Built) -> int:
    document_id = built.document(REPORT_PDF, "Letter from the clinic", Category.OTHER, "2026-01")
    document = built.library.get(Document, document_id)
    document.category_confirmed = False  # left at "other", no reason given
    built.library.update(document)
    return document_id


def test_an_unconfirmed_other_category_is_a_guess_to_check() -> None:
    document = Document(person_id=1, title="x", date_confirmed=True)
    assert document.category is Category.OTHER and not document.guess_reason
    assert category_guessed(document) and needs_check(document)
    assert not date_guessed(document)
    assert not needs_check(confirmed(document))


def test_a_missing_date_is_not_a_guess_and_confirming_leaves_it_unconfirmed() -> None:
    document = Document(person_id=1, title="x", category_confirmed=True)
    assert not needs_check(document)
    assert not confirmed(document).date_confirmed


def test_the_checklist_fix_it_confirms_the_document_and_clears_the_warning(
    library: Library,
) -> None:
    built = complete(library)
    assert evaluate(library, built.packet_id).result("guessed-details").status is Status.OK
    document_id = _other_with_confirmed_date(built)

    result = evaluate(library, built.packet_id).result("guessed-details")
    assert result.status is Status.WARNING
    assert parse_fix(result.fix) == ("confirm-document", str(document_id))
    assert needs_check(library.get(Document, document_id))  # the table shows a marker too

    ops.confirm_guesses(library, [document_id])
    assert evaluate(library, built.packet_id).result("guessed-details").status is Status.OK


def test_an_undated_document_is_opened_to_fill_in_the_date(library: Library) -> None:
    built = complete(library)
    document_id = built.document(REPORT_PDF, "Undated letter", Category.LETTER, None)

    result = evaluate(library, built.packet_id).result("guessed-details")
    assert result.status is Status.WARNING
    assert parse_fix(result.fix) == ("open-document", str(document_id))
