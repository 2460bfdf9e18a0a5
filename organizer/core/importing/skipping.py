"""Files an import passes over on purpose: system clutter and imaging-CD viewer programs.

They are counted as skipped, never rejected: the person did nothing wrong by dropping a
whole CD or a folder that macOS or Windows decorated.
"""

from __future__ import annotations

SYSTEM_NAMES = frozenset(
    {".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r", ".localized"}
)
SYSTEM_FOLDERS = frozenset(
    {"__macosx", ".spotlight-v100", ".trashes", ".fseventsd", "$recycle.bin",
     "system volume information", ".git", ".svn"}
)  # fmt: skip
VIEWER_EXTENSIONS = frozenset(
    {".exe", ".dll", ".msi", ".com", ".bat", ".cmd", ".sys", ".ocx", ".jar", ".class",
     ".so", ".dylib", ".app", ".cab", ".inf", ".ini", ".vbs", ".ps1", ".sh", ".lnk",
     ".pak", ".bin", ".dat", ".manifest", ".cfg", ".ico", ".chm", ".hlp", ".icns"}
)  # fmt: skip
VIEWER_FOLDER_WORDS = ("viewer", "efilm", "osirix", "radiant", "weasis", "microdicom", "jre")


def hidden_reason(name: str) -> str | None:
    lowered = name.lower()
    if lowered in SYSTEM_NAMES:
        return "system file"
    if name.startswith("._"):
        return "macOS resource-fork file"
    if name.startswith("~$"):
        return "office lock file"
    if name.startswith("."):
        return "hidden file"
    return None


def folder_reason(name: str) -> str | None:
    """Why a whole folder is passed over, or None to walk into it."""
    lowered = name.lower()
    if lowered in SYSTEM_FOLDERS:
        return "system folder"
    if name.startswith("."):
        return "hidden folder"
    return None


def viewer_reason(parts: tuple[str, ...]) -> str | None:
    """CD viewer programs and their support files, judged by name and folder."""
    name = parts[-1].lower()
    if name in ("autorun.inf", "autorun.exe", "autorun", "setup.exe"):
        return "imaging-CD viewer program"
    dot = name.rfind(".")
    if dot > 0 and name[dot:] in VIEWER_EXTENSIONS:
        return "imaging-CD viewer program or its support file"
    folders = [part.lower() for part in parts[:-1]]
    if any(word in folder for folder in folders for word in VIEWER_FOLDER_WORDS):
        return "part of an imaging-CD viewer program"
    return None
