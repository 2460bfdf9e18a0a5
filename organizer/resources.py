"""Find the files in resources/ (checklist rules, icons, templates) wherever we run from.

In a source checkout or an editable install they sit in the repository's resources/
folder next to the package; a wheel ships the same folder inside the package as
organizer/_resources (see setup.py). Callers ask by relative name and never guess paths.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE / "_resources", _PACKAGE.parent / "resources")


def resources_dir() -> Path:
    """The folder holding the resources; raise FileNotFoundError if the install lacks it."""
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(path) for path in _CANDIDATES)
    raise FileNotFoundError(f"Second Look's resources folder is missing (looked in {searched}).")


def resource_path(name: str) -> Path:
    """One resource file by its path inside resources/, e.g. "checklist_rules.toml"."""
    path = resources_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"Second Look's resource {name!r} is missing from {path.parent}.")
    return path
