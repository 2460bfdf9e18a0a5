"""Bringing files in from the main window: File > Import, and files dropped anywhere on it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from organizer.gui.drop import FileDropFilter

if TYPE_CHECKING:  # the import controller and its jobs load when first used
    from organizer.gui.importing import ImportController
    from organizer.gui.jobs import Progress
    from organizer.gui.main_window import MainWindow

NO_PERSON_FOR_IMPORT = (
    "Records are kept for a person. Add the person the records are about first, "
    "then bring in the files."
)


class WindowImporting(QObject):
    def __init__(self, window: MainWindow, *, scan_after_paint: bool = False) -> None:
        """With ``scan_after_paint``, the app rescans for drop targets once the window
        has painted (``drop_filter.rescan``), not while it is being shown."""
        super().__init__(window)
        self.window = window
        self._importer: ImportController | None = None
        window.statusBar()  # where its progress shows: there from the first paint
        self.drop_filter = FileDropFilter(window)
        self.drop_filter.paths_dropped.connect(self.import_paths)
        # text boxes too: a dropped file is imported
        self.drop_filter.attach_window(window, scan_when_shown=not scan_after_paint)

    @property
    def made(self) -> bool:
        """Whether the import controller has been made (it is, once the window is shown)."""
        return self._importer is not None

    @property
    def importer(self) -> ImportController:
        """Imports and the background pass, made when first needed (after the first paint)."""
        if self._importer is None:
            from organizer.gui.importing import ImportController, announce_imports

            window = self.window
            importer = self._importer = ImportController(window.library, window)
            importer.undo_stack = window.undo_stack
            announce_imports(importer)
            # an import shows the documents, so their page is there to make its offer
            importer.finished.connect(
                lambda summary: window.documents.identity.offer_after_import(summary)
            )
            importer.index_progress.connect(self._show_index_progress)
            importer.index_finished.connect(window.statusBar().clearMessage)
            importer.pictures_ready.connect(self._pictures_ready)
        return self._importer

    def import_files(self) -> QWidget:
        """File > Import…: choose files or folders, then import them to the chosen person."""
        window = self.window
        page = window.show_section("documents")
        if window.person_id is None:
            window.tell(window, "Add a person first", NO_PERSON_FOR_IMPORT)
            return page
        paths = window.choose_import_paths(window)
        if paths:
            self.import_paths(paths)
        return page

    def import_paths(self, paths: list[Path]) -> bool:
        """Import to the selected person in the background; False if there is no one yet."""
        window = self.window
        if not paths:
            return False
        if window.person_id is None:
            window.tell(window, "Add a person first", NO_PERSON_FOR_IMPORT)
            return False
        window.show_section("documents")
        self.importer.start(window.person_id, list(paths))
        return True

    def _pictures_ready(self, shas: tuple[str, ...]) -> None:
        """New thumbnails: a documents page not made yet reads them when it is."""
        if self.window.pages.is_built("documents"):
            self.window.documents.pictures_made(shas)

    def _show_index_progress(self, progress: Progress) -> None:
        if progress.total:
            self.window.statusBar().showMessage(
                f"Making thumbnails and getting documents ready for search: "
                f"{progress.done} of {progress.total}"
            )
