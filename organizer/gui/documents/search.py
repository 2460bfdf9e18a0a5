"""The documents page's view of the full-text index (built by import and the index pass)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from organizer.core import importing
from organizer.core.errors import InvalidInput
from organizer.core.library import Library


@dataclass(frozen=True)
class Hit:
    document_id: int
    title: str
    snippet: str

    def snippet_text(self) -> str:
        """The snippet on one line, matched words between «guillemets»."""
        text = re.sub(r"\s+", " ", self.snippet).strip()
        return text.replace("[", "«").replace("]", "»")


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    pending: int  # documents whose words are not searchable yet


def search(library: Library, text: str, person_id: int | None) -> Found:
    """Documents whose title, notes or text hold every word typed; any text is safe."""
    try:
        result = importing.search(library, text, person_id)
    except InvalidInput:  # only punctuation typed: nothing to look for
        return Found([], importing.pending_count(library))
    hits = [Hit(hit.document_id, hit.title, hit.snippet) for hit in result.hits]
    return Found(hits, result.pending)


def pending(library: Library) -> int:
    return importing.pending_count(library)
