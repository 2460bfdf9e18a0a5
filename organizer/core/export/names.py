"""File and folder names that every system we may meet accepts.

The export is read on Windows, macOS and Linux, often from a FAT32 or exFAT stick. So a
name avoids the characters Windows forbids, the device names it reserves (CON, NUL,
COM1...), trailing dots and spaces, and control characters; it is capped in length with
its extension kept; and it is unique within its folder ignoring case, because FAT,
exFAT, NTFS and APFS do not tell "Scan.pdf" from "scan.PDF".
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

MAX_NAME = 100
"""Characters in one name; keeps whole paths under Windows' 260 even a few folders deep."""

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{stem}{n}" for stem in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)


def safe_name(name: str, *, fallback: str = "unnamed", limit: int = MAX_NAME) -> str:
    """One path component made valid everywhere; the extension survives shortening."""
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub("_", text)
    text = _SPACES.sub(" ", text).strip(" .")
    if not text:
        text = fallback
    stem, extension = split_extension(text)
    if stem.split(".")[0].upper().rstrip(" ") in _RESERVED:
        stem = f"{stem}_"
    room = max(1, limit - len(extension))
    if len(stem) > room:
        stem = stem[:room].rstrip(" .") or fallback[:room]
    return stem + extension


def split_extension(name: str) -> tuple[str, str]:
    """("report", ".pdf"); a leading dot or a long or odd tail is not an extension."""
    dot = name.rfind(".")
    if dot <= 0:
        return name, ""
    extension = name[dot:]
    if len(extension) > 6 or not extension[1:].isalnum():
        return name, ""
    return name[:dot], extension


def name_key(name: str) -> str:
    """How case-insensitive file systems compare two names."""
    return unicodedata.normalize("NFC", name).casefold()


class FolderNames:
    """Hands out names within one folder, never twice ignoring case."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self._taken: set[str] = {name_key(name) for name in taken or set()}
        self._last_number: dict[str, int] = {}
        """Per wanted name, the last number tried, so a hundred "Photo" do not count
        up from 1 each time."""

    def claim(self, wanted: str) -> str:
        name = safe_name(wanted)
        first_key = name_key(name)
        stem, extension = split_extension(name)
        number = self._last_number.get(first_key, 1)
        while name_key(name) in self._taken:
            number += 1
            suffix = f" ({number})"
            name = safe_name(stem[: MAX_NAME - len(suffix) - len(extension)] + suffix + extension)
        self._last_number[first_key] = number
        self._taken.add(name_key(name))
        return name


def safe_relative_path(relative: str) -> PurePosixPath:
    """A stored relative path (an imaging CD's layout) made safe, component by component.

    Names that are already valid are kept exactly, so a DICOMDIR's references still
    resolve; anything that would climb out of the folder is dropped.
    """
    parts = [p for p in relative.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if not parts:
        raise ValueError(f"the stored path {relative!r} names no file")
    return PurePosixPath(*[safe_name(part) for part in parts])


def packet_folder_name(person_name: str, date_text: str) -> str:
    """SecondOpinion_<Last>_<First>_<YYYY-MM-DD>, or without First for a one-word name."""
    cleaned = " ".join(person_name.split())
    if "," in cleaned:
        last, _, first = cleaned.partition(",")
        words = [last.strip(), first.strip().split(" ")[0] if first.strip() else ""]
    else:
        tokens = cleaned.split(" ")
        words = [tokens[-1], tokens[0] if len(tokens) > 1 else ""]
    pieces = ["SecondOpinion"] + [
        safe_name(word, fallback="").replace(" ", "-").strip("_") for word in words if word
    ]
    pieces.append(date_text)
    return safe_name("_".join(piece for piece in pieces if piece), limit=80)
