"""The review list: pending proposals, and accepting, editing or dismissing them.

Accepting puts an item where the person keeps it: a medication in Medications, an
allergy in Allergies (a "no known allergies" statement sets that answer), a problem,
procedure or encounter on the Timeline (as a diagnosis, procedure or visit event), a
result or vital sign in Results; an immunization stays an accepted item (listed, not
placed on the timeline). Each accepted item is linked to the documents it came from.
Every accept or dismiss is one batch in one transaction, and ``undo_batch`` takes the
whole batch back. People change the list through ``organizer.core.ops.review``, which
wraps these as operations with their undo.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from organizer.core.clinical.model import Kind
from organizer.core.clinical.proposals import (
    ACCEPTED,
    DISMISSED,
    NO_KNOWN_ALLERGIES_KEY,
    PENDING,
    normalise,
)
from organizer.core.clinical.providers import add_providers
from organizer.core.clinical.results import LabResult
from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput, NotFound
from organizer.core.library import Library, now_text, today
from organizer.core.records import Allergy, Event, Medication, Person, Record
from organizer.core.vocab import AllergyCategory, EventKind, Severity

SOURCE_TABLES = {
    "medications": ("medication_sources", "medication_id"),
    "allergies": ("allergy_sources", "allergy_id"),
    "events": ("event_sources", "event_id"),
    "results": ("result_sources", "result_id"),
}
"""Where each kind of record keeps the links to the documents it came from."""
STOPPED_WORDS = ("completed", "stopped", "inactive", "discontinued", "cancelled", "entered")
EVENT_KINDS = {
    Kind.PROBLEM.value: EventKind.DIAGNOSIS,
    Kind.PROCEDURE.value: EventKind.PROCEDURE,
    Kind.ENCOUNTER.value: EventKind.VISIT,
}
EDITABLE = {
    "medication": ("name", "dose", "route", "frequency", "start", "stop"),
    "allergy": ("name", "reaction", "severity"),
    "problem": ("name", "onset", "resolved", "status"),
    "result": ("name", "value", "unit", "reference_range", "interpretation", "date"),
    "vital-sign": ("name", "value", "unit", "date"),
    "procedure": ("name", "date"),
    "encounter": ("name", "date", "place", "provider"),
    "immunization": ("name", "date"),
}


@dataclass
class Source:
    document_id: int
    document_title: str
    section: str
    entry: str

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "document": self.document_title,
                "section": self.section, "entry": self.entry}  # fmt: skip


@dataclass
class Proposal:
    id: int
    kind: str
    summary: str
    state: str
    data: dict[str, Any]
    sources: list[Source] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    """What the record already holds that looks like the same thing, in words."""
    record_table: str = ""
    record_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "summary": self.summary,
            "sources": [source.to_json() for source in self.sources],
            "matches": self.matches,
        }


@dataclass
class Batch:
    id: int
    action: str
    count: int
    written: tuple[tuple[str, int], ...] = ()
    """The rows the batch wrote or decided, as (table, id): ``proposals`` and the records."""


# -- reading --------------------------------------------------------------------------------


def proposals(library: Library, person_id: int, state: str = PENDING,
              kind: str | None = None) -> list[Proposal]:  # fmt: skip
    """Proposals of one person in one state, by kind then summary, with sources and matches."""
    library.get(Person, person_id)
    where, params = "person_id = ? AND state = ?", [person_id, state]
    if kind is not None:
        where += " AND kind = ?"
        params.append(kind)
    rows = library._execute(
        f"SELECT * FROM proposals WHERE {where} ORDER BY id", tuple(params)
    ).fetchall()
    found = [_proposal(row) for row in rows]
    _add_sources(library, found)
    if state == PENDING:  # a file put in the trash takes back what only it proposed
        found = [proposal for proposal in found if proposal.sources]
        record = _RecordIndex(library, person_id)
        for proposal in found:
            proposal.matches = record.matches(proposal)
    order = {kind.value: index for index, kind in enumerate(Kind)}
    found.sort(key=lambda p: (order.get(p.kind, 99), p.summary.lower(), p.id))
    return found


def _proposal(row: Any) -> Proposal:
    return Proposal(id=row["id"], kind=row["kind"], summary=row["summary"], state=row["state"],
                    data=json.loads(row["data"]), record_table=row["record_table"],
                    record_id=row["record_id"])  # fmt: skip


def _add_sources(library: Library, found: list[Proposal]) -> None:
    by_id = {proposal.id: proposal for proposal in found}
    if not by_id:
        return
    rows = library._execute(
        "SELECT s.proposal_id, s.document_id, d.title, s.section, s.entry "
        "FROM proposal_sources s JOIN documents d ON d.id = s.document_id "
        f"WHERE s.proposal_id IN ({', '.join('?' for _ in by_id)}) AND d.trashed_at IS NULL "
        "ORDER BY s.document_id, s.section, s.entry",
        tuple(by_id),
    ).fetchall()
    for row in rows:
        by_id[row[0]].sources.append(Source(row[1], row[2], row[3], row[4]))


class _RecordIndex:
    """What the record holds, to say whether a proposal is already there."""

    def __init__(self, library: Library, person_id: int) -> None:
        self.person = library.get(Person, person_id)
        self.medications = library.children(Medication, person_id)
        self.allergies = library.children(Allergy, person_id)
        self.events = library.children(Event, person_id)
        self.codes: dict[tuple[str, str], list[str]] = {}
        rows = library._execute(
            "SELECT kind, data, summary FROM proposals WHERE person_id = ? AND state = ?",
            (person_id, ACCEPTED),
        )
        for kind, data, text in rows:
            code = json.loads(data).get("code") or {}
            if code.get("code"):
                key = (kind, f"{code.get('system')}:{code.get('code')}")
                self.codes.setdefault(key, []).append(f"accepted earlier: {text}")

    def matches(self, proposal: Proposal) -> list[str]:
        code = proposal.data.get("code") or {}
        if code.get("code"):
            found = self.codes.get((proposal.kind, f"{code.get('system')}:{code.get('code')}"))
            if found:
                return found
        name = set(normalise(str(proposal.data.get("name", ""))).split())
        if proposal.kind == Kind.MEDICATION.value:
            dose = normalise(str(proposal.data.get("dose", "")))
            return [
                f"Medications: {m.name}{', ' + m.dose if m.dose else ''}"
                for m in self.medications
                if _same_name(m.name, name)
                and (not dose or not m.dose or normalise(m.dose) == dose)
            ]
        if proposal.kind == Kind.ALLERGY.value:
            if proposal.data.get("no_known_allergies"):
                return ["the record already says: no known allergies"] if (
                    self.person.no_known_allergies
                ) else []  # fmt: skip
            return [f"Allergies: {a.substance}" for a in self.allergies
                    if _same_name(a.substance, name)]  # fmt: skip
        event_kind = EVENT_KINDS.get(proposal.kind)
        if event_kind is not None:
            return [f"Timeline: {e.title} ({e.date.display()})" for e in self.events
                    if e.kind is event_kind and _same_name(e.title, name)]  # fmt: skip
        return []


def _same_name(recorded: str, proposed_words: set[str]) -> bool:
    words = set(normalise(recorded).split())
    if not words or not proposed_words:
        return False
    return words <= proposed_words or proposed_words <= words


def batches(library: Library, person_id: int) -> list[Batch]:
    """Review batches that can still be undone, newest first."""
    rows = library._execute(
        "SELECT id, action, changes FROM review_batches WHERE person_id = ? AND undone_at IS NULL "
        "ORDER BY id DESC",
        (person_id,),
    ).fetchall()
    return [Batch(row[0], row[1], len(json.loads(row[2]))) for row in rows]


# -- deciding -------------------------------------------------------------------------------


def _pending_ids(library: Library, person_id: int, ids: list[int] | None) -> list[int]:
    library.get(Person, person_id)
    if ids is None:
        return [proposal.id for proposal in proposals(library, person_id)]
    for proposal_id in ids:
        row = library._execute(
            "SELECT state FROM proposals WHERE id = ? AND person_id = ?", (proposal_id, person_id)
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no proposal {proposal_id} for person {person_id}.")
        if row[0] != PENDING:
            raise InvalidInput(f"Proposal {proposal_id} was already {row[0]}.")
    return list(dict.fromkeys(ids))


def dismiss(library: Library, person_id: int, ids: list[int] | None) -> Batch:
    """Dismiss pending proposals (all of them when ids is None) as one batch."""
    with library.transaction():
        chosen = _pending_ids(library, person_id, ids)
        batch_id = _new_batch(library, person_id, "dismiss")
        changes = []
        for proposal_id in chosen:
            _decide(library, proposal_id, DISMISSED, batch_id, "", None)
            changes.append({"proposal": proposal_id})
        _save_changes(library, batch_id, changes)
    return _batch(batch_id, "dismiss", changes)


def accept(library: Library, person_id: int, ids: list[int] | None) -> Batch:
    """Accept pending proposals (all when ids is None) into the record, as one batch."""
    with library.transaction():
        chosen = _pending_ids(library, person_id, ids)
        batch_id = _new_batch(library, person_id, "accept")
        found = {p.id: p for p in proposals(library, person_id)}
        changes = []
        for proposal_id in chosen:
            proposal = found.get(proposal_id)
            if proposal is None:
                raise InvalidInput(f"Proposal {proposal_id} came only from documents in the trash.")
            change = _place(library, person_id, proposal)
            _decide(library, proposal_id, ACCEPTED, batch_id, change.get("table", ""),
                    change.get("id"))  # fmt: skip
            _link_sources(library, change, proposal)
            changes.append({"proposal": proposal_id, **change})
        sources = [s.document_id for i in chosen for s in found[i].sources]
        changes += [{"table": "providers", "id": new} for new in add_providers(library, sources)]
        _save_changes(library, batch_id, changes)
    return _batch(batch_id, "accept", changes)


def _batch(batch_id: int, action: str, changes: list[dict[str, Any]]) -> Batch:
    decided = [("proposals", int(change["proposal"])) for change in changes if "proposal" in change]
    placed = [(str(change["table"]), int(change["id"])) for change in changes
              if change.get("table") and change.get("id") is not None]  # fmt: skip
    return Batch(batch_id, action, len(decided), tuple(decided + placed))


def undo_batch(library: Library, batch_id: int) -> Batch:
    """Take back a whole accept or dismiss: records removed, proposals pending again.

    Returns the batch taken back, with the rows it had written.
    """
    with library.transaction():
        row = library._execute(
            "SELECT changes, undone_at, action FROM review_batches WHERE id = ?", (batch_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no review batch {batch_id}.")
        if row[1] is not None:
            raise InvalidInput(f"Review batch {batch_id} was already undone.")
        changes = json.loads(row[0])
        for change in reversed(changes):
            table, record_id = change.get("table", ""), change.get("id")
            if table == "people":
                library._execute(
                    "UPDATE people SET no_known_allergies = ? WHERE id = ?",
                    (change.get("before", 0), record_id),
                )
            elif table in SOURCE_TABLES and record_id is not None:
                library._execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))  # links cascade
            elif table == "providers":
                library._execute("DELETE FROM providers WHERE id = ?", (record_id,))
            if "proposal" not in change:
                continue  # a provider added with the batch, not a decision
            library._execute(
                "UPDATE proposals SET state = ?, batch_id = NULL, record_table = '', "
                "record_id = NULL, decided_at = NULL WHERE id = ?",
                (PENDING, change["proposal"]),
            )
        library._execute(
            "UPDATE review_batches SET undone_at = ? WHERE id = ?", (now_text(), batch_id)
        )
    return _batch(batch_id, row[2], changes)


def stored_proposal(library: Library, proposal_id: int) -> Proposal:
    """One proposal as stored (without its sources), in whatever state it is."""
    row = library._execute("SELECT * FROM proposals WHERE id = ?", (proposal_id,)).fetchone()
    if row is None:
        raise NotFound(f"There is no proposal {proposal_id}.")
    return _proposal(row)


def edit(library: Library, proposal_id: int, changes: dict[str, str]) -> Proposal:
    """Change a pending proposal's words before accepting it (the file stays as it is)."""
    with library.transaction():
        found = stored_proposal(library, proposal_id)
        if found.state != PENDING:
            raise InvalidInput(f"Proposal {proposal_id} was already {found.state}.")
        allowed = EDITABLE.get(found.kind, ("name",))
        for name, value in changes.items():
            if name not in allowed:
                raise InvalidInput(f"A {found.kind} has no field {name!r} to edit.")
            found.data[name] = value.strip()
        if not str(found.data.get("name", "")).strip():
            raise InvalidInput("The item needs a name.")
        found.summary = _edited_summary(found)
        put_words(library, found)
    return found


def put_words(library: Library, found: Proposal) -> None:
    """Store a pending proposal's words and summary as given (an edit, or its undo)."""
    library._execute(
        "UPDATE proposals SET data = ?, summary = ? WHERE id = ? AND state = ?",
        (json.dumps(found.data), found.summary, found.id, PENDING),
    )


def _edited_summary(proposal: Proposal) -> str:
    fields = EDITABLE.get(proposal.kind, ("name",))
    return ", ".join(str(proposal.data.get(name) or "") for name in fields
                     if proposal.data.get(name))  # fmt: skip


def _new_batch(library: Library, person_id: int, action: str) -> int:
    cursor = library._execute(
        "INSERT INTO review_batches (person_id, action, created_at) VALUES (?, ?, ?)",
        (person_id, action, now_text()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _save_changes(library: Library, batch_id: int, changes: list[dict[str, Any]]) -> None:
    library._execute(
        "UPDATE review_batches SET changes = ? WHERE id = ?", (json.dumps(changes), batch_id)
    )


def _decide(library: Library, proposal_id: int, state: str, batch_id: int, table: str,
            record_id: int | None) -> None:  # fmt: skip
    library._execute(
        "UPDATE proposals SET state = ?, batch_id = ?, record_table = ?, record_id = ?, "
        "decided_at = ? WHERE id = ?",
        (state, batch_id, table, record_id, now_text(), proposal_id),
    )


def _link_sources(library: Library, change: dict[str, Any], proposal: Proposal) -> None:
    table, record_id = change.get("table", ""), change.get("id")
    if table not in SOURCE_TABLES or record_id is None:
        return
    links, column = SOURCE_TABLES[table]
    for source in proposal.sources:
        library._execute(
            f"INSERT OR IGNORE INTO {links} ({column}, document_id, section) VALUES (?, ?, ?)",
            (record_id, source.document_id, source.section),
        )
        if table == "events":
            library.link_event_document(record_id, source.document_id)


# -- placing an accepted item in the record -------------------------------------------------


def _date(text: Any) -> PartialDate | None:
    value = str(text or "")[:10]
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except InvalidInput:
        return None


def _place(library: Library, person_id: int, proposal: Proposal) -> dict[str, Any]:
    data, kind = proposal.data, proposal.kind
    record: Record | None = None
    if kind == Kind.MEDICATION.value:
        status = str(data.get("status", "")).lower()
        record = Medication(
            person_id=person_id, name=str(data["name"])[:300], dose=data.get("dose", ""),
            route=data.get("route", ""), frequency=data.get("frequency", ""),
            start=_date(data.get("start")), stop=_date(data.get("stop")),
            current=not any(word in status for word in STOPPED_WORDS),
        )  # fmt: skip
    elif kind == Kind.ALLERGY.value:
        if data.get("no_known_allergies") or data.get("match_key") == NO_KNOWN_ALLERGIES_KEY:
            person = library.get(Person, person_id)
            before = int(person.no_known_allergies)
            library._execute("UPDATE people SET no_known_allergies = 1 WHERE id = ?", (person_id,))
            return {"table": "people", "id": person_id, "before": before}
        record = Allergy(
            person_id=person_id, substance=str(data["name"])[:300],
            category=_vocab(AllergyCategory, data.get("category")),
            reaction=data.get("reaction", ""), severity=_severity(data.get("severity")),
            noted_on=_date(data.get("onset")),
        )  # fmt: skip
    elif kind in EVENT_KINDS:
        record = _event(person_id, proposal)
    elif kind in (Kind.RESULT.value, Kind.VITAL_SIGN.value):
        code = data.get("code") or {}
        record = LabResult(
            person_id=person_id, kind=kind, test=str(data["name"]), code=code.get("code", ""),
            code_system=code.get("system", ""), value=str(data.get("value", "")),
            numeric=data.get("numeric"), unit=data.get("unit", ""),
            reference_range=data.get("reference_range", ""), low=data.get("low"),
            high=data.get("high"), interpretation=data.get("interpretation", ""),
            date=data.get("date", "") or data.get("document_date", ""),
            panel=data.get("panel", ""),
        )  # fmt: skip
    if record is None:
        return {}
    record_id = library.add(record)
    return {"table": record.TABLE, "id": record_id}


def _event(person_id: int, proposal: Proposal) -> Event:
    data = proposal.data
    when = _date(data.get("onset") or data.get("date")) or _date(data.get("document_date"))
    details = []
    if when is None:
        details.append("The file gives no date; the date shown is the day it was accepted.")
        when = today()
    for label, key in (("Status", "status"), ("Resolved", "resolved"), ("Where", "place"),
                       ("Provider", "provider"), ("Reason", "reason"),
                       ("Performed by", "performer")):  # fmt: skip
        if data.get(key):
            resolved = _date(data[key]) if key == "resolved" else None
            details.append(f"{label}: {resolved.display() if resolved else data[key]}")
    code = data.get("code") or {}
    if code.get("code"):
        details.append(f"Code: {code.get('system')} {code.get('code')}")
    return Event(person_id=person_id, date=when, kind=EVENT_KINDS[proposal.kind],
                 title=str(data["name"])[:300], details="\n".join(details))  # fmt: skip


def _vocab(cls: type[AllergyCategory], value: Any) -> AllergyCategory | None:
    try:
        return cls(str(value or "").split(",")[0].strip().lower())
    except ValueError:
        return None


def _severity(value: Any) -> Severity | None:
    text = str(value or "").lower()
    for severity in (Severity.SEVERE, Severity.MODERATE, Severity.MILD):
        if severity.value in text:
            return severity
    return None


# -- what the record shows ------------------------------------------------------------------


def record_sources(library: Library, table: str, record_id: int) -> list[Source]:
    """The documents an accepted item in the record came from."""
    if table not in SOURCE_TABLES:
        return []
    links, column = SOURCE_TABLES[table]
    rows = library._execute(
        f"SELECT r.document_id, d.title, r.section FROM {links} r "
        "JOIN documents d ON d.id = r.document_id "
        f"WHERE r.{column} = ? ORDER BY r.document_id, r.section",
        (record_id,),
    ).fetchall()
    return [Source(row[0], row[1], row[2], "") for row in rows]


def results(library: Library, person_id: int) -> list[LabResult]:
    library.get(Person, person_id)
    return library.children(LabResult, person_id)


def accepted_items(library: Library, person_id: int, kind: str) -> list[dict[str, Any]]:
    """Accepted problems, procedures, encounters or immunizations, as plain objects.

    Each carries the proposal's fields, the timeline event it became (``event_id``, when
    it is still in the record) and its ``sources``.
    """
    found = proposals(library, person_id, ACCEPTED, kind)
    items = []
    for proposal in found:
        if (
            proposal.record_table
            and proposal.record_id is not None
            and not _still_there(library, proposal.record_table, proposal.record_id)
        ):
            continue  # the person removed it from the record since
        data = proposal.data
        code = data.get("code") or {}
        item: dict[str, Any] = {"id": proposal.id, "kind": proposal.kind,
                                "name": data.get("name", ""), "code": code.get("code", ""),
                                "code_system": code.get("system", "")}  # fmt: skip
        for key in ("status", "onset", "resolved", "date", "end", "place", "provider", "reason",
                    "performer", "body_site", "lot", "dose"):  # fmt: skip
            if key in data:
                item[key] = data[key]
        if proposal.record_table == "events":
            item["event_id"] = proposal.record_id
        item["sources"] = [source.to_json() for source in proposal.sources]
        items.append(item)
    return items


def _still_there(library: Library, table: str, record_id: int) -> bool:
    if table not in SOURCE_TABLES and table != "people":
        return False
    row = library._execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return row is not None


def embedded_in(library: Library, document_id: int) -> int | None:
    """The clinical document a document was embedded in (a PDF inside a C-CDA), if any."""
    row = library._execute(
        "SELECT parent_id FROM derived_documents WHERE document_id = ?", (document_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def link_embedded(library: Library, document_id: int, parent_id: int) -> None:
    """Remember that a document came out of another (a PDF inside a C-CDA)."""
    library._execute(
        "INSERT OR IGNORE INTO derived_documents (document_id, parent_id, what) VALUES (?, ?, ?)",
        (document_id, parent_id, "embedded file"),
    )
