"""Does a file name the person it is filed under? ``match``, ``mismatch`` or ``unknown``.

A name that differs, or a birth date that differs when both are known, is a mismatch. A
name that matches (with no birth date saying otherwise) is a match. A file that names
nobody, or only a birth date that agrees, is unknown: nothing to go on. When a file names
several patients (a fax with pages of two people), any one of them who is someone else
makes the file a mismatch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from organizer.core.dates import PartialDate
from organizer.core.identity.found import FoundIdentity
from organizer.core.identity.names import person_names, same_name
from organizer.core.records import Person
from organizer.core.vocab import Identity


@dataclass(frozen=True)
class Assessment:
    identity: Identity
    named: FoundIdentity | None
    """What the file says: the identity that decided the result (None if it names no one)."""


def same_date(found: PartialDate, known: PartialDate) -> bool:
    """Equal as far as both go: a person born "1961" agrees with a file's 1961-04-09."""
    if found.year != known.year:
        return False
    if found.month is None or known.month is None:
        return True
    if found.month != known.month:
        return False
    return found.day is None or known.day is None or found.day == known.day


def _dob_agrees(found: FoundIdentity, person: Person) -> bool | None:
    if found.dob is None or person.dob is None:
        return None
    return any(same_date(date, person.dob) for date in (found.dob, *found.other_dobs))


def _name_agrees(found: FoundIdentity, person: Person) -> bool | None:
    verdicts = [
        same_name(written, own)
        for written in found.names
        for own in person_names(person.name, person.other_names)
    ]
    if any(verdict is True for verdict in verdicts):
        return True
    if any(verdict is False for verdict in verdicts):
        return False
    return None


def judge(found: FoundIdentity, person: Person) -> Identity:
    name, dob = _name_agrees(found, person), _dob_agrees(found, person)
    if name is False or dob is False:
        return Identity.MISMATCH
    if name is True:
        return Identity.MATCH
    return Identity.UNKNOWN


def assess(person: Person, found: Sequence[FoundIdentity]) -> Assessment:
    verdicts = [(judge(item, person), item) for item in found if not item.empty]
    for wanted in (Identity.MISMATCH, Identity.MATCH):
        for verdict, item in verdicts:
            if verdict is wanted:
                return Assessment(verdict, item)
    return Assessment(Identity.UNKNOWN, verdicts[0][1] if verdicts else None)
