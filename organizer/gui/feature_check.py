"""A faster answer to the question PySide6 asks about every module imported after it.

For its optional ``from __feature__ import ...`` switches, PySide6 looks at each newly
imported module once and notes whether its source mentions "PySide6"; it reads the source
with ``inspect.getsource``, which goes through linecache and the tokenizer: about 70 us a
module, some 9 ms of the app's start for the 130 modules imported after Qt. Reading the
file's bytes gives the same answer in a fifth of the time. Modules without a ``.py`` file
(built-in, compiled, frozen without source) get PySide6's own answer, as do releases that
ask in another way (nothing is replaced then).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_QUESTION = "_mod_uses_pyside"


def use_fast_source_check() -> bool:
    """Swap in the byte search once PySide6 is imported; True when it was swapped in."""
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, _QUESTION, None)
    if feature is None or not callable(original) or getattr(original, "fast", False):
        return False
    setattr(feature, _QUESTION, _fast_check(original))
    return True


def _fast_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mentions_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    mentions_pyside.fast = True  # type: ignore[attr-defined]
    mentions_pyside.original = original  # type: ignore[attr-defined]
    return mentions_pyside
