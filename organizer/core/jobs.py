"""What a long job (import, index, export, backup) is given so any front end can drive it.

The job calls ``report`` now and then and ``check_cancelled`` between steps; the CLI
passes a terminal progress bar and Ctrl+C, the GUI a progress dialog and a Cancel button.
A cancelled job raises Cancelled and must leave nothing half-written behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from organizer.core.errors import Cancelled

Report = Callable[[int, int, str], None]


def _ignore(done: int, total: int, text: str) -> None:
    return None


@dataclass
class JobContext:
    report: Report = _ignore
    cancel_event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check_cancelled(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled("The job was cancelled; nothing was left half-done.")
