"""Turning what a clinical document says into proposals waiting for the person's review.

Nothing a file says goes straight into the record. Each item becomes a proposal keyed
by what it is (its code, else its normalised name and dose; for results also the date
and value), so the same medication in five files is one proposal with five sources,
and a thing already accepted or dismissed is never proposed again: the new file is
only added to its sources.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any

from organizer.core.clinical.model import (
    Allergy,
    ClinicalDocument,
    Encounter,
    Immunization,
    Item,
    Kind,
    Medication,
    Problem,
    Procedure,
    Result,
)
from organizer.core.clinical.pending import PENDING as PENDING
from organizer.core.library import Library, now_text

ACCEPTED = "accepted"
DISMISSED = "dismissed"
NO_KNOWN_ALLERGIES_KEY = "no-known-allergies"
_NOT_WORD = re.compile(r"[^0-9a-z.]+")


def normalise(text: str) -> str:
    """Lower case, punctuation and extra spaces gone: "Lisinopril 10 MG" -> "lisinopril 10 mg"."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def match_key(item: Item) -> str:
    """What makes two items the same thing, across files."""
    if isinstance(item, Allergy) and item.no_known_allergies:
        return NO_KNOWN_ALLERGIES_KEY
    what = f"{item.code.system}:{item.code.code}" if item.code.code else normalise(item.name)
    if isinstance(item, Medication) and not item.code.code:
        return f"{what}|{normalise(item.dose)}"
    if isinstance(item, Result):
        return f"{what}|{item.date}|{normalise(item.value)}|{normalise(item.unit)}"
    if isinstance(item, (Procedure, Encounter, Immunization)):
        return f"{what}|{item.date}"
    return what


def summary(item: Item) -> str:
    """One line saying what the item is, in the file's words."""
    parts: list[str] = [item.name]
    if isinstance(item, Medication):
        parts += [item.dose, item.route, item.frequency]
    elif isinstance(item, Allergy):
        if item.no_known_allergies:
            return "No known allergies"
        parts += [item.reaction and f"reaction: {item.reaction}", item.severity]
    elif isinstance(item, Problem):
        parts += [item.onset and f"since {item.onset[:10]}", item.status]
    elif isinstance(item, Result):
        value = " ".join(p for p in (item.value, item.unit) if p)
        parts += [value, item.reference_range and f"range {item.reference_range}",
                  item.interpretation, item.date[:10]]  # fmt: skip
    elif isinstance(item, (Procedure, Encounter, Immunization)):
        parts += [item.date[:10]]
    return ", ".join(p for p in parts if p)


def item_data(item: Item, document: ClinicalDocument) -> dict[str, Any]:
    data = dataclasses.asdict(item)
    data.pop("provenance", None)
    data["document_date"] = document.date
    return data


@dataclass
class Proposed:
    """What storing one document's items did."""

    new: int = 0
    """Items proposed for the first time (now pending)."""
    known: int = 0
    """Items already proposed, accepted or dismissed: only a source was added."""
    notes: list[str] = field(default_factory=list)


def propose(
    library: Library, person_id: int, document_id: int, document: ClinicalDocument
) -> Proposed:
    """Store the document's items as proposals with this document as a source."""
    result = Proposed(notes=[note.text for note in document.notes])
    created = now_text()
    with library.transaction():
        for item in document.items():
            key = match_key(item)
            kind = item.KIND.value
            cursor = library._execute(
                "INSERT OR IGNORE INTO proposals (person_id, kind, match_key, summary, data, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (person_id, kind, key, summary(item),
                 json.dumps(item_data(item, document)), created),
            )  # fmt: skip
            if cursor.rowcount:
                result.new += 1
                proposal_id = cursor.lastrowid
            else:
                result.known += 1
                proposal_id = library._execute(
                    "SELECT id FROM proposals WHERE person_id = ? AND kind = ? AND match_key = ?",
                    (person_id, kind, key),
                ).fetchone()[0]
            where = item.provenance
            library._execute(
                "INSERT OR IGNORE INTO proposal_sources (proposal_id, document_id, section, "
                "entry) VALUES (?, ?, ?, ?)",
                (proposal_id, document_id, where.section, where.entry),
            )
    return result


KIND_ORDER = [kind.value for kind in Kind]
