"""Search runs off the GUI thread and the newest query wins (issue 13, point 3)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from organizer.core.importing.textindex import ExtractedText, pending_tasks, save_text
from organizer.core.library import Library
from organizer.core.records import Document, Person
from organizer.gui.documents import search as fulltext
from tests.gui_support import open_window


@pytest.fixture
def filled(library: Library) -> Library:
    person_id = library.add(Person(name="Ana Diaz"))
    for title in ("Biopsy report", "CT"):
        library.add_document(Document(person_id=person_id, title=title))
    for task in pending_tasks(library):
        text = "core biopsy of the nodule" if task.document_id == 1 else "chest CT scan"
        save_text(library, ExtractedText(task.document_id, task.generation, text, 1))
    return library


def test_search_runs_on_a_worker_and_only_the_newest_answer_is_shown(
    qtbot: QtBot, filled: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, filled, tmp_path / "s.ini")
    page = window.documents
    window.show_section("documents")
    threads: list[str] = []
    release = threading.Event()
    real = fulltext.search

    def slow_first(library: Library, text: str, person_id: int | None) -> fulltext.Found:
        threads.append(threading.current_thread().name)
        if text == "biopsy":
            release.wait(30)  # the first query is still running when the second comes
        return real(library, text, person_id)

    monkeypatch.setattr(fulltext, "search", slow_first)
    page.search_box.setText("biopsy")
    page.run_search()
    qtbot.waitUntil(lambda: len(threads) == 1)
    shown: list[str] = []
    page.search_done.connect(lambda: shown.append(page.results_label.text()))
    with qtbot.waitSignal(page.search_done, timeout=30_000):
        page.search_box.setText("chest")
        page.run_search()
        release.set()
    qtbot.wait(200)  # the first answer, if it were delivered, would have come by now
    assert threading.main_thread().name not in threads
    assert len(shown) == 1 and "“chest”" in shown[0]
    assert [
        page.results.topLevelItem(i).text(0) for i in range(page.results.topLevelItemCount())
    ] == ["CT"]
