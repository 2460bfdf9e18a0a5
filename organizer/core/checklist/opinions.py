"""A third-opinion packet must carry both earlier opinions and the second doctor's letter."""

from __future__ import annotations

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, met, unmet
from organizer.core.checklist.labels import document_label


def check_earlier_opinions(facts: PacketFacts) -> Finding:
    earlier = facts.earlier_opinions
    if earlier is None:
        return met("Not a third-opinion packet: nothing more is needed here.")
    missing = []
    if not earlier.first.diagnosis.strip():
        missing.append("the first doctor's diagnosis")
    if not earlier.second.diagnosis.strip():
        missing.append("the second doctor's diagnosis")
    included = {d.id: d for d in facts.documents}
    letters = [included[i] for i in earlier.letters if i in included]
    if not letters:
        missing.append("the second specialist's letter")
    labels = (
        f"First opinion: {earlier.first.diagnosis or '-'}",
        f"Second opinion: {earlier.second.diagnosis or '-'}",
        *(document_label(d) for d in letters),
    )
    refs = tuple(("document", d.id) for d in letters if d.id is not None)
    if missing:
        return unmet(
            "For a third opinion the packet needs both earlier opinions. Missing: "
            + ", ".join(missing)
            + ". Write them down on the earlier packet's Visit page, and link the letter "
            "the second specialist sent.",
            fixes.FIRST_OPINION if "first" in missing[0] else "",
            refs=refs,
            satisfied_by=labels,
        )
    return met("Both earlier opinions and the second letter are in the packet.", labels, refs)
