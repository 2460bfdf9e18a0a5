"""The Documents section of the main window: list, preview, search and trash."""

from organizer.gui.documents.page import DocumentsPage

__all__ = ["DocumentsPage"]
