"""The fonts the PDF is written with: shipped ones first, a system font for other scripts.

DejaVu Sans (regular and bold) ships in resources/fonts, so Latin, Greek and Cyrillic
text looks the same on every machine. A name in another script ("李小龙") falls back
to an installed font whose character map really has those characters: fontconfig is
asked when present, otherwise the usual font folders are scanned, and every candidate's
cmap is checked with fontTools before it is used.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont, TTLibError  # type: ignore[import-untyped]

from organizer.resources import resources_dir

FONT_DIR = resources_dir() / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FAMILY = "SLSans"
_MAX_FALLBACKS = 4
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf")


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int = 0
    """The face within a .ttc collection."""


def shipped_fonts_present() -> bool:
    return REGULAR.is_file() and BOLD.is_file()


@functools.cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    try:
        if path.suffix.lower() == ".ttc":
            collection = TTCollection(str(path), lazy=True)
            font = collection.fonts[index]
        else:
            font = TTFont(str(path), lazy=True, fontNumber=index)
        if "glyf" not in font and "CFF " not in font:
            return frozenset()
        table = font.getBestCmap() or {}
        return frozenset(table)
    except (TTLibError, OSError, IndexError, KeyError, AssertionError):
        return frozenset()


def shipped_cmap() -> frozenset[int]:
    """The characters the shipped font has glyphs for: taken from what the PDF writer
    keeps of it between runs, rather than read from the font file again."""
    from organizer.core.export import fontcache  # the PDF writer: loaded when used

    known = fontcache.characters(REGULAR)
    return known if known is not None else _cmap(REGULAR, 0)


def uncovered(text: str, cmap: frozenset[int]) -> set[str]:
    """Printable characters of ``text`` the font has no glyph for."""
    return {ch for ch in set(text) if ch.isprintable() and not ch.isspace() and ord(ch) not in cmap}


def fallback_fonts(text: str) -> list[FontFace]:
    """Installed fonts that together cover what the shipped font cannot print, best first."""
    missing = uncovered(text, shipped_cmap())
    chosen: list[FontFace] = []
    while missing and len(chosen) < _MAX_FALLBACKS:
        best = _best_face(frozenset(missing))
        if best is None:
            break
        covered = {ch for ch in missing if ord(ch) in _cmap(best.path, best.index)}
        if not covered:
            break
        chosen.append(best)
        missing -= covered
    return chosen


@functools.cache
def _best_face(missing: frozenset[str]) -> FontFace | None:
    best: FontFace | None = None
    best_count = 0
    for face in _candidates(missing):
        count = sum(1 for ch in missing if ord(ch) in _cmap(face.path, face.index))
        if count > best_count:
            best, best_count = face, count
            if count == len(missing):
                break
    return best


def _candidates(missing: frozenset[str]) -> Iterator[FontFace]:
    seen: set[FontFace] = set()
    for face in [*_fontconfig_faces(missing), *_scanned_faces()]:
        if face not in seen and face.path.suffix.lower() in _FONT_SUFFIXES:
            seen.add(face)
            yield face


def _fontconfig_faces(missing: frozenset[str]) -> list[FontFace]:
    """Ask fontconfig for fonts with these characters; nothing when it is not installed."""
    program = shutil.which("fc-list")
    if program is None:
        return []
    charset = " ".join(f"{ord(ch):x}" for ch in sorted(missing)[:64])
    try:
        finished = subprocess.run(
            [program, "--format", "%{file}|%{index}\n", f":charset={charset}"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in sorted(finished.stdout.splitlines()):
        path, _, index = line.rpartition("|")
        if path and index.isdigit():
            faces.append(FontFace(Path(path), int(index)))
    return faces


def _font_folders() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", "C:/Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
    ]


@functools.cache
def _scanned_faces() -> tuple[FontFace, ...]:
    faces: list[FontFace] = []
    for folder in _font_folders():
        if not folder.is_dir():
            continue
        for path in sorted(_walk_fonts(folder)):
            faces.extend(_faces_in(path))
    return tuple(faces)


def _walk_fonts(folder: Path) -> Iterable[Path]:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.lower().endswith(_FONT_SUFFIXES):
                yield Path(root) / name


def _faces_in(path: Path) -> list[FontFace]:
    if path.suffix.lower() != ".ttc":
        return [FontFace(path)]
    try:
        count = len(TTCollection(str(path), lazy=True).fonts)
    except (TTLibError, OSError, AssertionError):
        return []
    return [FontFace(path, index) for index in range(count)]
