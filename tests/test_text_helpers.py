"""The background pass reads a large batch's PDFs in helper processes: same words, in
order, resumable after a cancel, and read here when a helper dies."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from importing_helpers import finished_by_a_running_pass, run_import

from organizer.core.errors import Cancelled
from organizer.core.importing import textindex
from organizer.core.importing.texthelpers import HelperReading, PdfHelpers
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

    def dead(helpers: PdfHelpers, path: Path) -> HelperReading:
        died: Future[tuple[str, int]] = Future()
        died.set_exception(BrokenProcessPool("a helper process ended abruptly"))
        return HelperReading(died)

    monkeypatch.setattr(PdfHelpers, "read", dead)
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


PASS = """
import sys
from pathlib import Path
from organizer.core.importing import index_pending, textindex
from organizer.core.jobs import JobContext
from organizer.core.library import Library
if __name__ == "__main__":
    textindex.HELPER_PAGES = 1
    with Library.open(Path(sys.argv[1])) as library:
        print("started", flush=True)
        index_pending(library, JobContext())
"""


def test_a_pass_killed_while_helpers_read_resumes_and_leaves_no_helper(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    run_import(library, _pdfs(samples, tmp_path, copies=12))
    total = pending_count(library)
    root = library.root
    library.close()
    script = tmp_path / "pass.py"
    script.write_text(PASS, encoding="utf-8")
    code = str(Path(__file__).resolve().parents[1])  # this checkout, not an installed copy
    process = subprocess.Popen(
        [sys.executable, str(script), str(root)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": code},
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "started"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and finished_by_a_running_pass(root, "text_index") < 2:
        time.sleep(0.005)
    helpers = _helpers_of(process.pid)
    assert helpers, "the pass read its PDFs without helper processes"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Library.open(root) as reopened:
        left = pending_count(reopened)
        assert 0 < left < total, "the kill came too late or too early to test anything"
        summary = index_pending(reopened, JobContext())
        assert summary.documents == left and pending_count(reopened) == 0
    deadline = time.monotonic() + 10  # the helpers notice their parent is gone and end
    while time.monotonic() < deadline and any(_running(pid) for pid in helpers):
        time.sleep(0.05)
    assert not [pid for pid in helpers if _running(pid)]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _helpers_of(parent: int) -> list[int]:
    """The running processes the pass started (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in lines if ":\t" in line)
        if fields.get("PPid", "").strip() == str(parent) and fields.get("State", "")[:1] != "Z":
            found.append(int(status.parent.name))
    return found
