"""Plain text put into Qt's rich-text labels: the few characters HTML gives a meaning.

``escape`` does what ``html.escape`` does (quotes included); the first screen's pages use
it because loading the ``html`` package reads its table of 2,000 named characters, a cost
the start does not need to pay.
"""

from __future__ import annotations

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    return text.translate(_ESCAPES)
