"""No socket but AF_UNIX is ever created during a whole session in the window: import,
preview, export (issue 13). Python's sockets are seen through an audit hook; the sockets
C and C++ code (Qt, PDFium) could make are seen by ``strace`` attached to this process."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from organizer.core.library import Library
from organizer.core.records import Packet, Person
from organizer.gui.jobs import cancel_all_and_wait
from tests.gui_support import open_window

SAMPLES = Path(__file__).parent / "data" / "samples"
PYTHON_SOCKETS: list[tuple[object, ...]] = []
_HOOKED = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.__new__":
        PYTHON_SOCKETS.append(args[1:3])


@pytest.fixture
def watched_sockets(tmp_path: Path) -> Iterator[list[str]]:
    """Every socket() and socketpair() call of this process while the test runs."""
    global _HOOKED
    if not _HOOKED:  # an audit hook cannot be removed; one for the whole session
        sys.addaudithook(_audit)
        _HOOKED = True
    PYTHON_SOCKETS.clear()
    tracer = shutil.which("strace")
    assert tracer, "strace is needed to watch Qt's sockets (packaging/setup.sh --dev installs it)"
    log = tmp_path / "sockets.log"
    watcher = subprocess.Popen(
        [tracer, "-f", "-qq", "-e", "trace=socket,socketpair", "-o", str(log),
         "-p", str(os.getpid())],
        stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # attached to every thread
    calls: list[str] = []
    try:
        yield calls
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(30)
        calls.extend(line for line in log.read_text().splitlines() if "socket" in line)


def test_a_whole_session_opens_no_network_socket(
    qtbot: QtBot, library: Library, tmp_path: Path, watched_sockets: list[str]
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Second opinion"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    window.importer.show_summaries = False
    paths = [SAMPLES / "pdf" / "hl7__UD_sample.pdf", SAMPLES / "images" / "hopper.png",
             SAMPLES / "dicom" / "cd_pcir"]  # fmt: skip
    with qtbot.waitSignal(window.importer.finished, timeout=120_000):
        assert window.import_paths(paths)
    with qtbot.waitSignal(window.importer.index_finished, timeout=120_000):
        pass
    window.show_section("documents")
    page = window.documents
    page.search_box.setText("hl7")
    with qtbot.waitSignal(page.search_done, timeout=30_000):
        page.run_search()
    page.results.setCurrentItem(page.results.topLevelItem(0))
    qtbot.waitUntil(lambda: page.preview.kind is not None, timeout=30_000)
    stick = tmp_path / "stick"
    stick.mkdir()
    export = window.export_page
    window.show_section("export")
    export.add_destination(stick)
    with qtbot.waitSignal(export.finished, timeout=120_000):
        export.start(accept_warnings=True)
    window.importer.shutdown()
    cancel_all_and_wait()
    assert PYTHON_SOCKETS == []
    families = {m.group(1) for line in watched_sockets if (m := re.search(r"\((AF_\w+|\d+)", line))}
    assert families <= {"AF_UNIX"}, watched_sockets
