"""The open-source licences of everything the app runs on, for Help > About and the bundle.

A built bundle carries them in its ``licences`` folder (written by packaging/build.sh with
:func:`write_licence_folder`); an app installed with pip reads them from the installed
packages' metadata. No Qt here: the build script uses this too.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from organizer.resources import resources_dir

APP_DISTRIBUTION = "second-look"
FOLDER_NAME = "licences"
INDEX_NAME = "README.txt"
INDEX_JSON = "licences.json"
QT_TEXTS = ("README-Qt.txt", "LGPL-3.0.txt", "GPL-3.0.txt")  # in resources/licences
_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
_NOT_BUNDLED = frozenset({"pip", "setuptools", "wheel"})  # installers, left out of the bundle
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Licence:
    """One package's licence: its name, version, the licence in short, the full texts."""

    package: str
    version: str
    summary: str
    texts: tuple[Path, ...]


def bundle_folder() -> Path | None:
    """The ``licences`` folder of a built bundle (None when running from an install)."""
    if not getattr(sys, "frozen", False):
        return None
    executable = Path(sys.executable).resolve().parent
    for candidate in (executable / FOLDER_NAME, executable.parent / "Resources" / FOLDER_NAME):
        if candidate.is_dir():
            return candidate
    return None


def installed_licences(root: str = APP_DISTRIBUTION) -> list[Licence]:
    """The app's own package and everything it needs at run time, with their licence files."""
    found: dict[str, Licence] = {}
    waiting = [root]
    while waiting:
        name = _normalise(waiting.pop())
        if name in found or name in _NOT_BUNDLED:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional or platform-only requirement that is not installed
        found[name] = _licence_of(distribution)
        for requirement in distribution.requires or ():
            if "extra ==" in requirement:
                continue  # the test and build tools are not part of the app
            match = _REQUIREMENT_NAME.match(requirement)
            if match:
                waiting.append(match.group(1))
    return sorted(found.values(), key=lambda licence: licence.package.casefold())


def qt_licence() -> Licence:
    """Qt and PySide6 ship no licence text in their wheels: the app carries the LGPL itself."""
    try:
        version = metadata.version("PySide6_Essentials")
    except metadata.PackageNotFoundError:
        version = ""
    folder = resources_dir() / FOLDER_NAME
    return Licence(
        package="Qt and PySide6",
        version=version,
        summary="LGPL-3.0-only; README-Qt.txt says how to replace the Qt libraries",
        texts=tuple(folder / name for name in QT_TEXTS),
    )


def font_licence() -> Licence:
    """The DejaVu fonts the export's PDF embeds, from resources/fonts."""
    return Licence(
        package="DejaVu fonts",
        version="",
        summary="Bitstream Vera and Arev font licences (free to use and share)",
        texts=(resources_dir() / "fonts" / "LICENSE-DejaVu.txt",),
    )


def all_licences() -> list[Licence]:
    """What Help > About lists: the bundle's own record, or the installed packages."""
    folder = bundle_folder()
    if folder is not None and (folder / INDEX_JSON).is_file():
        entries = json.loads((folder / INDEX_JSON).read_text(encoding="utf-8"))
        return [
            Licence(
                package=entry["package"],
                version=entry["version"],
                summary=entry["summary"],
                texts=tuple(folder / text for text in entry["texts"]),
            )
            for entry in entries
        ]
    return [qt_licence(), font_licence(), *installed_licences()]


def write_licence_folder(target: Path, own_licence: Path) -> list[Licence]:
    """Copy every licence text into ``target`` (a folder per package), with two indexes.

    ``own_licence`` is the app's LICENSE file (an editable install's metadata lacks it).
    README.txt is for people; licences.json is what Help > About reads in the bundle.
    """
    target.mkdir(parents=True, exist_ok=True)
    licences = [qt_licence(), font_licence(), *installed_licences()]
    python = python_licence()
    if python is not None:
        version = ".".join(str(n) for n in sys.version_info[:3])
        licences.append(Licence("Python", version, "PSF-2.0", (python,)))
    entries = []
    lines = [
        "Second Look and the open-source software it is built from, with their licences.",
        "Each one's full licence texts are in the folder named after it.",
        "",
    ]
    for licence in licences:
        texts = licence.texts
        if licence.package == APP_DISTRIBUTION:
            texts = (own_licence,)
        folder = f"{licence.package}-{licence.version}".strip("-").replace(" ", "-")
        copied = []
        for text in texts:
            relative = Path(folder) / _relative_name(text)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(text, target / relative)
            copied.append(relative.as_posix())
        entries.append(
            {
                "package": licence.package,
                "version": licence.version,
                "summary": licence.summary,
                "texts": copied,
            }
        )
        lines.append(f"{licence.package} {licence.version}: {licence.summary}")
    (target / INDEX_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (target / INDEX_JSON).write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")
    return licences


def _licence_of(distribution: metadata.Distribution) -> Licence:
    meta = distribution.metadata
    fields = meta.json  # lower-case keys; missing fields are simply absent
    summary = str(fields.get("license_expression", ""))
    if not summary:
        short = str(fields.get("license", "")).strip()
        summary = short if short and "\n" not in short and len(short) < 80 else ""
    if not summary:
        classifiers = list(fields.get("classifier", []))
        summary = "; ".join(
            c.rsplit(" :: ", 1)[-1] for c in classifiers if c.startswith("License ::")
        )
    texts = tuple(
        sorted(
            Path(str(distribution.locate_file(file)))
            for file in distribution.files or ()
            if _is_licence_text(file) and Path(str(distribution.locate_file(file))).is_file()
        )
    )
    return Licence(
        package=meta["Name"],
        version=distribution.version,
        summary=summary or "see the licence files",
        texts=texts,
    )


def _is_licence_text(file: metadata.PackagePath) -> bool:
    """A dist-info's licence files: named so, or anything in its licenses/ folder."""
    inside = [part.lower() for part in file.parts]
    if not inside or not inside[0].endswith(".dist-info"):
        return False
    return "licenses" in inside[1:-1] or bool(_LICENCE_FILE.search(file.name))


def _relative_name(text: Path) -> Path:
    """The text's path below its dist-info folder (pip's vendored LICENSE files differ)."""
    parts = text.parts
    for index, part in enumerate(parts):
        if part.endswith(".dist-info"):
            return Path(*parts[index + 1 :])
    return Path(text.name)


def python_licence() -> Path | None:
    """The licence of the Python the bundle carries, where this system keeps it."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (
        Path(sys.base_prefix) / "lib" / version / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",  # Windows
        Path("/usr/share/doc") / version / "copyright",  # Debian's python3.x package
    ):
        if candidate.is_file():
            return candidate
    return None


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
