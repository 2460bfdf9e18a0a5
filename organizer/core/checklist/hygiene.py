"""Housekeeping: guesses to confirm, requests to chase, files the specialist cannot use."""

from __future__ import annotations

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, met, unmet
from organizer.core.checklist.labels import count, document_label, quoted_list, request_label
from organizer.core.guesses import needs_check
from organizer.core.records import PASSWORD_PROTECTED, SCANNED_NO_TEXT, Document, Request
from organizer.core.vocab import RequestStatus

_OPEN = frozenset({RequestStatus.TO_REQUEST, RequestStatus.REQUESTED})


def check_guesses(facts: PacketFacts) -> Finding:
    documents = [d for d in facts.documents if d.id is not None]
    # guesses first: the fix-it confirms the first one listed, which clears it; a
    # document whose only gap is its date is opened instead, to fill the date in
    guessed = [d for d in documents if needs_check(d)]
    guessed += [d for d in documents if not needs_check(d) and d.date is None]
    if not guessed:
        if not documents:
            return met("There are no documents to check yet.")
        return met(f"The type and date of all {count(len(documents), 'document')} are confirmed.")
    return unmet(
        f"{count(len(guessed), 'document has', 'documents have')} a type or date that is "
        f"still a guess or missing: {quoted_list([document_label(d) for d in guessed])}.",
        _fix_for(guessed[0]),
        refs=tuple(("document", d.id) for d in guessed if d.id is not None),
    )


def _fix_for(document: Document) -> str:
    if needs_check(document):
        return fixes.confirm_document(document.id)
    return fixes.open_document(document.id)


def _open_text(facts: PacketFacts, request: Request) -> str:
    since = facts.request_since.get(request.id or 0)
    state = "not requested yet" if request.status is RequestStatus.TO_REQUEST else "requested"
    if since is not None:
        state += f" (since {since.display()})"
    return f"{request_label(request)}: {state}"


def check_open_requests(facts: PacketFacts) -> Finding:
    still_open = [r for r in facts.requests if r.status in _OPEN and r.id is not None]
    if not still_open:
        if not facts.requests:
            return met("There are no requests on the list.")
        if len(facts.requests) == 1:
            return met("The one request on the list is answered.")
        return met(f"All {len(facts.requests)} requests on the list are answered.")
    details = "; ".join(_open_text(facts, r) for r in still_open[:3])
    more = len(still_open) - 3
    if more > 0:
        details += f"; and {more} more"
    return unmet(
        f"{count(len(still_open), 'request is', 'requests are')} still open: {details}.",
        fixes.edit_request(still_open[0].id),
        refs=tuple(("request", r.id) for r in still_open if r.id is not None),
    )


def _flagged(facts: PacketFacts, flag: str) -> list[Document]:
    return [d for d in facts.documents if d.id is not None and flag in d.flag_set]


def check_password_protected(facts: PacketFacts) -> Finding:
    locked = _flagged(facts, PASSWORD_PROTECTED)
    if not locked:
        return met("No document in the packet is password-protected.")
    return unmet(
        f"{quoted_list([document_label(d) for d in locked])} "
        f"{'is' if len(locked) == 1 else 'are'} password-protected. Ask for a copy without a "
        "password, or give the specialist the password separately.",
        fixes.open_document(locked[0].id),
        refs=tuple(("document", d.id) for d in locked if d.id is not None),
    )


def check_scanned(facts: PacketFacts) -> Finding:
    scanned = _flagged(facts, SCANNED_NO_TEXT)
    if not scanned:
        return met("No document is a scanned page without text.")
    return unmet(
        f"{quoted_list([document_label(d) for d in scanned])} "
        f"{'is a scan' if len(scanned) == 1 else 'are scans'} without text. A copy from the "
        "portal, if there is one, would be clearer.",
        fixes.open_document(scanned[0].id),
        refs=tuple(("document", d.id) for d in scanned if d.id is not None),
    )


def check_items_to_return(facts: PacketFacts) -> Finding:
    out = [
        r
        for r in facts.requests
        if r.expected_back and r.status is RequestStatus.SENT and r.id is not None
    ]
    if not out:
        return met("Nothing sent out is waiting to come back.")
    return unmet(
        f"{quoted_list([request_label(r) for r in out])} "
        f"{'was' if len(out) == 1 else 'were'} sent and should come back. Mark "
        f"{'it' if len(out) == 1 else 'them'} returned when back.",
        fixes.edit_request(out[0].id),
        refs=tuple(("request", r.id) for r in out if r.id is not None),
    )
