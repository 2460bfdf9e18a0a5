"""Which stored files are structured health records, and what their readable copy is called.

Apart from ``clinical`` so that the plan can ask without importing the rendering.
"""

from __future__ import annotations

STRUCTURED_HINTS = ("xml", "json")


def is_structured(media_type: str) -> bool:
    """Whether a stored file may be a clinical record (C-CDA, CCR, FHIR) the app renders."""
    return any(hint in media_type for hint in STRUCTURED_HINTS)


def readable_name(original: str) -> str:
    """The readable copy's name next to the original: 'x.xml' -> 'x (readable).html'."""
    stem = original.rsplit(".", 1)[0] if "." in original[1:] else original
    return f"{stem} (readable).html"
