"""Bold and italic text without markup: a rich-text label costs a document of its own,
laid out again for every width the layout tries; a plain label in such a font does not."""

from __future__ import annotations

from PySide6.QtGui import QFont


def emphasis(*, bold: bool = False, italic: bool = False) -> QFont:
    """A font that only sets its weight or slant: the family and the size still follow
    the app's font, so the text size (View menu) changes it too."""
    font = QFont()
    if bold:
        font.setBold(True)
    if italic:
        font.setItalic(True)
    return font
