"""Killing the process in the middle of writing leaves a consistent library."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from organizer.core.library import Library
from organizer.core.records import Document, DocumentFile

WRITER = """
import os, sys
from pathlib import Path
from organizer.core.library import Library
from organizer.core.records import Document, DocumentFile, Person
library = Library.open(Path(sys.argv[1]))
person_id = library.add(Person(name="Ana"))
n = 0
while True:
    n += 1
    data = os.urandom(256 * 1024) + str(n).encode()
    stored = library.store.put_bytes(data)
    with library.transaction():
        document_id = library.add_document(Document(person_id=person_id, title=f"doc {n}"))
        library.add(DocumentFile(document_id=document_id, sha256=stored.sha256, size=stored.size))
    print(document_id, flush=True)
"""


@pytest.mark.parametrize("committed_before_kill", [1, 7, 23])
def test_kill_during_writes(library_dir: Path, committed_before_kill: int) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(library_dir)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    reported = [int(writer.stdout.readline()) for _ in range(committed_before_kill)]
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()

    with Library.open(library_dir) as library:
        assert library._execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert library._execute("PRAGMA foreign_key_check").fetchall() == []
        documents = library.select(Document)
        assert {d.id for d in documents} >= set(reported)  # nothing reported as saved is lost
        referenced = set()
        for document in documents:
            assert document.id is not None
            files = library.document_files(document.id)
            assert len(files) == 1  # no half document
            library.store.verify(files[0].sha256)
            referenced.add(files[0].sha256)
        assert set(library.store.all_hashes()) == referenced  # orphans were tidied away
        leftovers = [p for p in (library_dir / "files").iterdir() if p.name.startswith(".tmp-")]
        assert leftovers == []
        assert len(library.select(DocumentFile)) == len(documents)


def test_a_new_store_folder_is_made_durable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """files/ab/ is created for a new file; unless files/ itself is fsynced after that, a
    power cut can lose the whole ab/ entry, and with it a file the database already names."""
    from organizer.core import filestore

    synced: list[Path] = []
    real = filestore.fsync_directory

    def recording(path: Path) -> None:
        synced.append(path)
        real(path)

    monkeypatch.setattr(filestore, "fsync_directory", recording)
    store = filestore.FileStore(tmp_path / "files")
    stored = store.put_bytes(b"first content")
    assert store.path_for(stored.sha256).parent in synced
    assert store.root in synced
    assert tmp_path in synced  # files/ itself was new too
