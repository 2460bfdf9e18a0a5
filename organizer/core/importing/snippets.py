"""Search snippets made in Python from a bounded slice of each hit's text.

SQLite's ``snippet()`` scores every position of a document against every word searched
for, so its cost grows with the document's length times the number of words: eight
common words over a hundred long records took over a second. Here the first match of
any word is found with one regular expression over the notes and the first
``SCAN_BYTES`` of the text, and a short window around it is shown with the matches marked
[like this]. Accents are not folded as the index does, so such a match is found by the
search but not marked; the window then shows the start of the text.
"""

from __future__ import annotations

import re

SCAN_BYTES = 64 * 1024
BEFORE = 60
AFTER = 120


def terms_pattern(words: list[tuple[str, bool]]) -> re.Pattern[str] | None:
    """A case-blind pattern for the searched words; each is (word, is_prefix)."""
    parts = [re.escape(word) + (r"\w*" if prefix else r"\b") for word, prefix in words if word]
    if not parts:
        return None
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


def snippet(texts: list[str], pattern: re.Pattern[str] | None) -> str:
    """A window around the first match in the first text holding one (else the start)."""
    scanned = [text for text in texts if text]
    for text in scanned:
        found = pattern.search(text) if pattern is not None else None
        if found is not None:
            return _window(text, max(0, found.start() - BEFORE), found.end() + AFTER, pattern)
    first = scanned[-1] if scanned else ""
    return _window(first, 0, BEFORE + AFTER, pattern)


def _window(text: str, start: int, end: int, pattern: re.Pattern[str] | None) -> str:
    end = min(len(text), end)
    window = text[start:end]
    if start > 0 and text[start - 1].isalnum():  # never half a word at either edge
        window = re.sub(r"^\w+", "", window)
    if end < len(text) and text[end].isalnum():
        window = re.sub(r"\w+$", "", window)
    if pattern is not None:
        window = pattern.sub(lambda match: f"[{match.group(0)}]", window)
    window = " ".join(window.split())
    return ("…" if start > 0 else "") + window + ("…" if end < len(text) else "")
