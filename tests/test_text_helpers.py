"""The background pass reads a large batch's PDFs in helper processes: same words, in
order, resumable after a cancel, and read here when a helper dies."""

from __future__ import annotations

import shutil
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from importing_helpers import run_import

from organizer.core.errors import Cancelled
from organizer.core.importing import textindex
from organizer.core.importing.textindex import (
    extract_text,
    extracted_in_turn,
    index_pending,
    pending_count,
    pending_tasks,
    search,
)
from organizer.core.jobs import JobContext
from organizer.core.library import Library


def _pdfs(samples: Path, tmp_path: Path, copies: int = 3) -> Path:
    """The sample PDFs, each a few times (different files: one trailing byte differs)."""
    drop = tmp_path / "pdfs"
    drop.mkdir()
    for source in sorted((samples / "pdf").glob("*.pdf")):
        for number in range(copies):
            data = source.read_bytes() + f"\n% copy {number}\n".encode()
            (drop / f"{source.stem}-{number}.pdf").write_bytes(data)
    return drop


@pytest.fixture
def helpers_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textindex, "HELPER_PAGES", 1)


@pytest.mark.usefixtures("helpers_always")
def test_helpers_read_the_same_words_in_the_same_order(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    run_import(library, _pdfs(samples, tmp_path))
    tasks = pending_tasks(library)
    here = [extract_text(library.store, task, JobContext()) for task in tasks]
    helped = list(extracted_in_turn(library.store, tasks, JobContext(), helpers=2))
    assert [item.document_id for item in helped] == [task.document_id for task in tasks]
    assert [(item.body, item.pages, item.message) for item in helped] == [
        (item.body, item.pages, item.message) for item in here
    ]
    assert sum(item.pages for item in helped) > len(tasks)  # real pages were read


@pytest.mark.usefixtures("helpers_always")
def test_a_cancelled_pass_with_helpers_resumes_where_it_stopped(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    run_import(library, _pdfs(samples, tmp_path))
    total = pending_count(library)
    context = JobContext()
    context.report = lambda done, _total, _text: context.cancel() if done == 4 else None
    with pytest.raises(Cancelled):
        index_pending(library, context)
    assert pending_count(library) == total - 4
    summary = index_pending(library, JobContext())
    assert summary.documents == total - 4 and pending_count(library) == 0
    assert search(library, "crazy").hits  # a word of crazyones-pdfa.pdf


@pytest.mark.usefixtures("helpers_always")
def test_when_a_helper_dies_the_rest_is_read_here(
    library: Library, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_import(library, _pdfs(samples, tmp_path, copies=1))
    tasks = pending_tasks(library)
    expected = [extract_text(library.store, task, JobContext()).body for task in tasks]

    def dead(pool: object, path: Path) -> Future[tuple[str, int]]:
        died: Future[tuple[str, int]] = Future()
        died.set_exception(BrokenProcessPool("a helper process ended abruptly"))
        return died

    monkeypatch.setattr(textindex, "_submit", dead)
    helped = list(extracted_in_turn(library.store, tasks, JobContext(), helpers=2))
    assert [item.body for item in helped] == expected
    assert not any(item.message for item in helped)


def test_a_small_batch_starts_no_helper(library: Library, samples: Path, tmp_path: Path) -> None:
    drop = tmp_path / "one"
    drop.mkdir()
    shutil.copy(samples / "pdf" / "crazyones-pdfa.pdf", drop)
    run_import(library, drop)
    tasks = pending_tasks(library)
    assert not textindex._helpers_worth_it(tasks, 2)
    assert [item.pages for item in extracted_in_turn(library.store, tasks, JobContext())] == [
        tasks[0].pages
    ]
