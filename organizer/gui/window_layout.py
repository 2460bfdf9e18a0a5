"""How the main window looked last time: its size, its splitters and its pages' columns.

The window's own size and splitter come back when it is built; a page's columns and
splitters come back when that page is made, and only pages that were made are saved,
so a section never opened keeps what was saved before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.gui.settings import ViewSettings

if TYPE_CHECKING:
    from organizer.gui.documents.page import DocumentsPage
    from organizer.gui.main_window import MainWindow
    from organizer.gui.pages.records import RecordListPage

DOCUMENT_COLUMNS_KEY = "documents-fitted"
"""Saved column state of the documents list (a new key: widths saved before columns
fitted their contents are not brought back)."""


class WindowLayout:
    """Brings back and saves the layout of one main window through its ``ViewSettings``."""

    def __init__(self, window: MainWindow, settings: ViewSettings) -> None:
        self.window = window
        self.settings = settings

    def restore(self) -> None:
        """The window and its splitter; each page's own columns come back when it is made."""
        self.settings.restore_window(self.window)
        self.settings.restore_splitter("main", self.window.splitter)

    def fit_list(self, key: str, page: RecordListPage) -> None:
        if self.settings.restore_header(key, page.table.horizontalHeader()):
            page.columns_sized = True

    def fit_documents(self, page: DocumentsPage) -> None:
        self.settings.restore_header(DOCUMENT_COLUMNS_KEY, page.table.horizontalHeader())
        page.split_pending = not self.settings.restore_splitter("documents", page.splitter)
        page.preview_split_restored = self.settings.restore_splitter(
            "preview", page.preview_splitter
        )
        page.follow_split()

    def save(self) -> None:
        """Save what was shown; a page never opened keeps what was saved before."""
        window, settings = self.window, self.settings
        settings.save_window(window)
        settings.save_splitter("main", window.splitter)
        for key, page in window.list_pages.built().items():
            settings.save_header(key, page.table.horizontalHeader())
        if window.pages.is_built("documents"):
            documents = window.documents
            settings.save_header(DOCUMENT_COLUMNS_KEY, documents.table.horizontalHeader())
            settings.save_splitter("documents", documents.splitter)
            settings.save_splitter("preview", documents.preview_splitter)
        settings.sync()
