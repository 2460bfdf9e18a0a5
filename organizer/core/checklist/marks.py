"""Not-applicable marks on one finding of a rule: "this biopsy needs no pathology report".

A rule-wide mark turns a whole rule off for a packet; a finding mark excuses only the
record it names, so marking one entry (a removed mole, a timeline line that only mentions
an old operation) never hides the next real biopsy.
"""

from __future__ import annotations

from organizer.core.checklist.rules import rule_by_id
from organizer.core.errors import InvalidInput
from organizer.core.library import Library
from organizer.core.records import Packet

Ref = tuple[str, int]
"""(record kind, record id), as in RuleResult.refs."""
FindingKey = tuple[str, Ref]
"""(rule id, (record kind, record id))."""

FINDING_KINDS = frozenset({"event", "document"})
MARKABLE_RULES: dict[str, str] = {
    "pathology-report": "is not a biopsy or surgery, or needs no pathology report",
    "imaging-images": "needs no images",
}
"""Rules that check record by record, with what marking one record says (for the GUI)."""


def set_finding_not_applicable(
    library: Library, packet_id: int, rule_id: str, ref: Ref, reason: str | None
) -> None:
    """Mark one finding of a rule not applicable (with the reason), or clear it with None.

    InvalidInput for an unknown rule, a record kind that cannot be marked or an empty
    reason; NotFound for a packet that does not exist.
    """
    rule_by_id(rule_id)
    if rule_id not in MARKABLE_RULES:
        raise InvalidInput(f"The rule {rule_id!r} is marked as a whole, not record by record.")
    kind, record_id = ref
    if kind not in FINDING_KINDS:
        raise InvalidInput(f"Only a timeline entry or a document can be marked, not a {kind}.")
    library.get(Packet, packet_id)
    with library.transaction():
        if reason is None:
            library._execute(
                "DELETE FROM finding_marks WHERE packet_id = ? AND rule_id = ? "
                "AND ref_kind = ? AND ref_id = ?",
                (packet_id, rule_id, kind, record_id),
            )
            return
        if not reason.strip():
            raise InvalidInput("Say why this does not apply.")
        library._execute(
            "INSERT OR REPLACE INTO finding_marks (packet_id, rule_id, ref_kind, ref_id, reason) "
            "VALUES (?, ?, ?, ?, ?)",
            (packet_id, rule_id, kind, record_id, reason.strip()),
        )


def finding_marks(library: Library, packet_id: int) -> dict[FindingKey, str]:
    rows = library._execute(
        "SELECT rule_id, ref_kind, ref_id, reason FROM finding_marks WHERE packet_id = ?",
        (packet_id,),
    )
    return {(rule_id, (kind, int(record_id))): reason for rule_id, kind, record_id, reason in rows}
