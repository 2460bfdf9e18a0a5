"""The main window's sections: each page made on first use, fitted in, and told what to show.

The window only lists the sections and switches between them; this is where a page is
built (its module loaded then, not at the start), wired to the window, put in a scroll
area, and told whose records and which packet to show when the choice at the top changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from organizer.core.clinical.pending import pending_proposals
from organizer.gui.page_shelf import PageShelf, PagesOfKind
from organizer.gui.pages.overview import OverviewPage

if TYPE_CHECKING:  # built on first use: their modules load then, not at the start
    from organizer.gui.documents.page import DocumentsPage
    from organizer.gui.main_window import MainWindow
    from organizer.gui.pages.export import ExportPage
    from organizer.gui.pages.records import RecordListPage
    from organizer.gui.pages.results import ResultsPage
    from organizer.gui.pages.review import ReviewPage
    from organizer.gui.pages.sections import SectionSpec
    from organizer.gui.pages.visit import VisitPage
    from organizer.gui.question_tools import QuestionTools

SECTION_ORDER = (
    ("overview", "Overview"),
    ("timeline", "Timeline"),
    ("medications", "Medications"),
    ("allergies", "Allergies"),
    ("results", "Results"),
    ("review", "To review"),
    ("documents", "Documents"),
    ("questions", "Questions"),
    ("requests", "Requests & items"),
    ("export", "Export"),
    ("visit", "After the visit"),
)

LIST_SECTIONS = ("timeline", "medications", "allergies", "questions", "requests")
"""The sections that list records of one kind (their specs load with their first page)."""


def list_spec(key: str) -> SectionSpec:
    from organizer.gui.pages.sections import ALLERGIES, MEDICATIONS, QUESTIONS, REQUESTS, TIMELINE

    specs = {spec.key: spec for spec in (TIMELINE, MEDICATIONS, ALLERGIES, QUESTIONS, REQUESTS)}
    return specs[key]


SCROLLS_ITSELF = ("overview", "documents")
"""The Overview scrolls itself; the Documents list has its own scroll bars and splitter."""


class SectionPages:
    """Every section's page by key (``shelf``), the record lists among them (``lists``)."""

    def __init__(self, window: MainWindow, *, checklist_held: bool) -> None:
        self.window = window
        self.library = window.library
        self.undo_stack = window.undo_stack
        self.holders: dict[str, QWidget] = {}
        self.shelf = PageShelf([key for key, _ in SECTION_ORDER], self._make, self._fit_in)
        self.lists: PagesOfKind[RecordListPage] = PagesOfKind(self.shelf, list(LIST_SECTIONS))
        self.questions: QuestionTools | None = None
        self.overview = OverviewPage(self.library, self.undo_stack, checklist_held=checklist_held)

    # -- making a page -----------------------------------------------------------------------

    def _make(self, key: str) -> QWidget:
        """One section's page, its module loaded now (the first time it is shown or asked for)."""
        if key == "overview":
            return self.overview
        if key in LIST_SECTIONS:
            from organizer.gui.pages.records import RecordListPage

            return RecordListPage(list_spec(key), self.library, self.undo_stack)
        if key == "documents":
            from organizer.gui.documents.page import DocumentsPage

            if self.window.documents_read_when_shown:
                DocumentsPage.read_when_shown = True
            return DocumentsPage(self.library, self.undo_stack)
        if key == "review":
            from organizer.gui.pages.review import ReviewPage

            return ReviewPage(self.library, self.undo_stack)
        if key == "results":
            from organizer.gui.pages.results import ResultsPage

            return ResultsPage(self.library)
        if key == "export":
            from organizer.gui.pages.export import ExportPage

            return ExportPage(self.library)
        assert key == "visit", key
        from organizer.gui.pages.visit import VisitPage

        return VisitPage(self.library, self.undo_stack)

    def _fit_in(self, key: str, page: QWidget) -> None:
        """A page just made: its signals, its remembered layout, what it shows, its place."""
        window = self.window
        if isinstance(page, OverviewPage):
            page.checklist.fix_requested.connect(window.fix)
            page.edit_requested.connect(window.people.edit_packet)
            page.new_packet_requested.connect(lambda: window.people.new_packet())
        elif key in LIST_SECTIONS:
            self._fit_in_list(key, cast("RecordListPage", page))
        elif key == "documents":
            page.setObjectName("documents_page")
            window.layout_memory.fit_documents(cast("DocumentsPage", page))
        elif key == "export":
            cast("ExportPage", page).checklist_requested.connect(
                lambda: window.show_section("overview")
            )
        elif key == "visit":
            cast("VisitPage", page).third_opinion_started.connect(window.bar.show_packet)
        elif key == "review":
            cast("ReviewPage", page).pending_changed.connect(window.show_pending)
        self._scope(key, page, force=True)
        holder = self.holders[key] = _holder(key, page)
        window.page_stack.addWidget(holder)
        window.importing.drop_filter.rescan()  # its text boxes import dropped files too

    def _fit_in_list(self, key: str, page: RecordListPage) -> None:
        page.selection_changed.connect(self.window.update_actions)
        self.window.layout_memory.fit_list(key, page)
        self.window.people.place_flag(key, page)
        if key == "questions":
            from organizer.gui.question_tools import QuestionTools

            self.questions = QuestionTools(
                self.library, self.undo_stack, page, lambda: self.window.packet_id
            )

    # -- what each page shows ----------------------------------------------------------------

    def set_scopes(self, *, force: bool) -> None:
        """Tell every page made so far whose records and which packet are chosen now."""
        for key, page in self.shelf.built().items():
            self._scope(key, page, force=force)
        if not self.shelf.is_built("review"):  # once made, the page says how many
            self.count_pending()

    def _scope(self, key: str, page: QWidget, *, force: bool) -> None:
        """Tell a page whose records and which packet to show (it reads when they changed)."""
        person_id, packet_id = self.window.person_id, self.window.packet_id
        if isinstance(page, OverviewPage):
            page.set_packet(packet_id, force=force)
        elif key in LIST_SECTIONS:
            owner = person_id if list_spec(key).owner == "person" else packet_id
            cast("RecordListPage", page).set_owner(owner, force=force)
        elif key == "documents":
            cast("DocumentsPage", page).set_scope(person_id, packet_id, force=force)
        elif key == "export":
            cast("ExportPage", page).set_packet(packet_id)
        elif key == "visit":
            cast("VisitPage", page).set_packet(packet_id, force=force)
        elif key == "review":
            cast("ReviewPage", page).set_person(person_id)
        elif key == "results":
            cast("ResultsPage", page).set_person(person_id)

    def count_pending(self) -> None:
        """ "To review (N)" while the review page is not made: one COUNT, nothing decoded."""
        person_id = self.window.person_id
        waiting = 0 if person_id is None else pending_proposals(self.library, person_id)
        self.window.show_pending(waiting)

    def stop(self) -> None:
        """The window closes: end the background work of the pages that were made."""
        if self.shelf.is_built("documents"):
            cast("DocumentsPage", self.shelf["documents"]).shutdown()
        if self.shelf.is_built("export"):
            runner = cast("ExportPage", self.shelf["export"]).runner
            if runner is not None:
                runner.cancel()
                runner.wait()


def _holder(key: str, page: QWidget) -> QWidget:
    """A page in a scroll area of its own, so a small window never cuts it off.

    Every page but those that scroll themselves scrolls as a whole when it is taller or
    wider than the room it has.
    """
    if key in SCROLLS_ITSELF:
        return page
    area = QScrollArea()
    area.setObjectName(f"{key}_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area
