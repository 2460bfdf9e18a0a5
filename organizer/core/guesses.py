"""Whether a document's details are guessed: the one rule the table, the checklist and the CLI share.

Import fills in a category and a date from the file itself and leaves both unconfirmed. A
detail stays a guess until the person confirms it (or sets it by hand); a category nobody
has confirmed is a guess even when it is "other", so every warning about it can be cleared
with Confirm. A missing date is not a guess: there is nothing to confirm, only to fill in.
"""

from __future__ import annotations

import copy

from organizer.core.dates import PartialDate
from organizer.core.records import Document
from organizer.core.vocab import Category


def category_guessed(document: Document) -> bool:
    return not document.category_confirmed


def date_guessed(document: Document) -> bool:
    return document.date is not None and not document.date_confirmed


def needs_check(document: Document) -> bool:
    """True while the person has something to confirm about this document."""
    return category_guessed(document) or date_guessed(document)


def confirmed(document: Document) -> Document:
    """A copy of the document with its guessed category and date marked checked."""
    result = copy.deepcopy(document)
    result.category_confirmed = True
    result.date_confirmed = result.date is not None
    return result


def set_category(document: Document, category: Category) -> None:
    """A category the person gives by hand is confirmed by that."""
    document.category = category
    document.category_confirmed = True


def set_date(document: Document, date: PartialDate | None) -> None:
    """A date the person gives by hand is confirmed; a cleared date has nothing to confirm."""
    document.date = date
    document.date_confirmed = date is not None
