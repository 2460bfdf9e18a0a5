"""Where the items on the packet's summary pages came from.

A medication, allergy, timeline event or result accepted from a portal record keeps
links to the documents it was read from; the summary pages print them as a short
"from: ..." naming the document, and its page in the packet when it is printed there,
so a specialist can check the item against the record it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from organizer.core.clinical.results import LabResult
from organizer.core.clinical.review import record_sources
from organizer.core.export.numbering import PageRange
from organizer.core.library import Library
from organizer.core.records import Allergy, Document, Event, Medication, Record

SHOWN = 1
"""Sources named in full on a line (to keep the summary short); the rest are counted."""


@dataclass(frozen=True)
class Origin:
    document_id: int
    label: str
    """'Continuity of Care Document, Allscripts, 2016-09-02': title, maker, date."""


Origins = dict[tuple[str, int], tuple[Origin, ...]]
"""The sources of each accepted item, by (table, record id)."""


def load_origins(
    library: Library,
    medications: Iterable[Medication],
    allergies: Iterable[Allergy],
    events: Iterable[Event],
    results: Iterable[LabResult],
) -> Origins:
    """The documents each of these records came from (none for what was typed in)."""
    labels: dict[int, str] = {}
    origins: Origins = {}
    groups: list[tuple[str, Iterable[Record]]] = [
        ("medications", medications),
        ("allergies", allergies),
        ("events", events),
        ("results", results),
    ]
    for table, records in groups:
        for record in records:
            if record.id is None:
                continue
            found = []
            for source in record_sources(library, table, record.id):
                if source.document_id not in labels:
                    labels[source.document_id] = _label(library, source.document_id)
                found.append(Origin(source.document_id, labels[source.document_id]))
            unique = tuple(dict.fromkeys(found))
            if unique:
                origins[(table, record.id)] = unique
    return origins


def _label(library: Library, document_id: int) -> str:
    from organizer.core.export.plan import document_source  # plan loads this module

    document = library.get(Document, document_id)
    pieces = [" ".join(document.title.split()), document_source(library, document)]
    if document.date is not None:
        pieces.append(document.date.to_storage().lstrip("~"))
    return ", ".join(dict.fromkeys(piece for piece in pieces if piece))


def origin_text(origins: tuple[Origin, ...], places: dict[int, PageRange]) -> str:
    """'from: CCD, Allscripts, 2016-09-02 (page 14) and 2 more'; '' when typed in."""
    if not origins:
        return ""
    named = []
    for origin in origins[:SHOWN]:
        pages = places.get(origin.document_id)
        named.append(origin.label + (f" (page {pages.first})" if pages is not None else ""))
    text = "from: " + "; ".join(named)
    more = len(origins) - SHOWN
    if more > 0:
        text += f" and {more} more"
    return text


def first_page(origins: tuple[Origin, ...], places: dict[int, PageRange]) -> int | None:
    """The page where the first of these sources printed in the packet starts."""
    for origin in origins:
        if origin.document_id in places:
            return places[origin.document_id].first
    return None
