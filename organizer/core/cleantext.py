"""Text from files is not trusted to be printable: control characters are dropped.

A NUL in a PDF's title would otherwise travel into the database, the search index and
the exported index.html; tabs and line breaks are kept.
"""

from __future__ import annotations

_CONTROLS = {code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


def without_controls(text: str) -> str:
    return text.translate(_CONTROLS) if not text.isprintable() else text
