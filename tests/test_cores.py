"""The background pass sizes its workers from the cores this process may really use."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from organizer.core.cores import usable_cores
from organizer.core.export import images as export_images
from organizer.core.importing import pictures, textindex


def test_workers_follow_the_usable_cores() -> None:
    cores = usable_cores()
    assert cores >= 1
    assert cores + 1 == pictures.WORKERS
    assert cores == export_images.PRINT_COPY_WORKERS  # a missing print copy, made at export
    assert 2 <= textindex.HELPERS <= textindex.MAX_HELPERS
    assert min(max(2, cores), textindex.MAX_HELPERS) == textindex.HELPERS


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this OS")
def test_a_process_pinned_to_one_core_counts_one() -> None:
    """As in a container limited to one core: not the machine's count."""
    code = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
        "from organizer.core.cores import usable_cores; "
        "from organizer.core.importing import pictures; "
        "print(usable_cores(), pictures.WORKERS)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()  # fmt: skip
    assert out == ["1", "2"]
