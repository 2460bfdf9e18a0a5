"""How many processor cores this process may use, for sizing the background pass's workers."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """The cores the operating system lets this process run on (at least one).

    A process pinned to fewer cores than the machine has (a container, ``taskset``) gets
    that smaller number, so it does not start more workers than can run at once.
    """
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
