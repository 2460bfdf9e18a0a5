"""How many proposals wait for review, counted without reading them.

The sidebar says "To review (N)" from the start; reading every proposal with its sources
and matches (what the review page shows) would make a large import slow down each start.
"""

from __future__ import annotations

from organizer.core.library import Library

PENDING = "pending"
PROPOSALS = "proposals"  # the table (organizer.core.ops.review.PROPOSALS)
PENDING_TABLES = (PROPOSALS, "proposal_sources", "documents", "people")
"""A change to one of these can change the count (a file put in the trash takes back
what only it proposed)."""


def pending_proposals(library: Library, person_id: int) -> int:
    """The proposals the review page lists: pending, from a file not in the trash."""
    row = library._execute(
        "SELECT COUNT(*) FROM proposals p WHERE p.person_id = ? AND p.state = ? AND EXISTS ("
        "SELECT 1 FROM proposal_sources s JOIN documents d ON d.id = s.document_id "
        "WHERE s.proposal_id = p.id AND d.trashed_at IS NULL)",
        (person_id, PENDING),
    ).fetchone()
    return int(row[0])
