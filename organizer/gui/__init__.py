"""The desktop app: the only package that imports Qt. It calls the core API and nothing else.

Importing Qt (here) and the app's modules (organizer.gui.app) makes tens of thousands of
objects that live as long as the app and leaves no garbage, yet Python's cycle collector
walks them again and again meanwhile: about 8 ms of the start. The collector is paused
for those imports and started again at their end, with what they made set aside for good
(``gc.freeze``): modules, classes and functions are never garbage.
"""

import gc


def pause_collector() -> bool:
    """Pause the cycle collector; True if it was running (give that to ``resume``)."""
    running = gc.isenabled()
    gc.disable()
    return running


def resume_collector(running: bool, *, freeze: bool = False) -> None:
    if freeze:
        gc.freeze()  # what exists now is never walked again
    if running:
        gc.enable()


_running = pause_collector()
from organizer.gui.refcounts import guard_singletons  # noqa: E402 - imports PySide6

guard_singletons()  # before any Qt call can take a reference it does not own
from organizer.gui.feature_check import use_fast_source_check  # noqa: E402

use_fast_source_check()  # before the app's modules are imported
resume_collector(_running)
