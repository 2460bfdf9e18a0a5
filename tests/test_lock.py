"""Only one running copy of Second Look may hold a library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from organizer.core.errors import LibraryLocked
from organizer.core.library import Library

HOLD = """
import sys, time
from pathlib import Path
from organizer.core.library import Library
library = Library.open(Path(sys.argv[1]))
print("holding", flush=True)
time.sleep(60)
"""


def test_second_copy_is_refused_and_lock_dies_with_the_process(library_dir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(library_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(LibraryLocked, match="already open in another copy"):
            Library.open(library_dir)
        readers = Library.open(library_dir, lock=False)  # backups and lists still read
        readers.close()
    finally:
        holder.kill()
        holder.wait()
    with Library.open(library_dir) as library:  # the kernel released the killed holder's lock
        assert library.people() == []


def test_the_lock_is_released_on_close(library_dir: Path) -> None:
    Library.open(library_dir).close()
    Library.open(library_dir).close()
