"""Where an export can go: removable drives first, then the usual folders of this user.

Qt lists the mounted volumes; we call one removable when it is mounted where desktops put
USB sticks and cards (/media, /run/media, /Volumes) or is a drive letter other than the
system drive. The person can always choose any other folder.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QStorageInfo

_REMOVABLE_ROOTS = ("/media/", "/run/media/", "/Volumes/", "/mnt/")


@dataclass(frozen=True)
class Destination:
    path: Path
    label: str
    removable: bool
    free_bytes: int

    def describe(self) -> str:
        kind = "Removable drive" if self.removable else "Folder"
        return f"{kind}: {self.label} ({_size(self.free_bytes)} free)"


def is_removable(root: str, system_root: str) -> bool:
    if sys.platform == "win32":
        return root.rstrip("\\/").upper() != system_root.rstrip("\\/").upper()
    return any(root.startswith(prefix) or root + "/" == prefix for prefix in _REMOVABLE_ROOTS)


def list_destinations() -> list[Destination]:
    """Writable removable volumes first, then Documents, Desktop and the home folder."""
    system_root = QStorageInfo.root().rootPath()
    found: list[Destination] = []
    for volume in QStorageInfo.mountedVolumes():
        if not (volume.isValid() and volume.isReady()) or volume.isReadOnly():
            continue
        root = volume.rootPath()
        if not is_removable(root, system_root):
            continue
        name = volume.displayName() or Path(root).name or root
        found.append(Destination(Path(root), name, True, volume.bytesAvailable()))
    for location, words in (
        (QStandardPaths.StandardLocation.DocumentsLocation, "Documents"),
        (QStandardPaths.StandardLocation.DesktopLocation, "Desktop"),
        (QStandardPaths.StandardLocation.HomeLocation, "Home folder"),
    ):
        text = QStandardPaths.writableLocation(location)
        if not text:
            continue
        path = Path(text)
        if not path.is_dir() or any(d.path == path for d in found):
            continue
        free = QStorageInfo(str(path)).bytesAvailable()
        found.append(Destination(path, f"{words} ({path})", False, free))
    return found


def _size(count: int) -> str:
    if count >= 1024**3:
        return f"{count / 1024**3:.1f} GB"
    return f"{max(0, round(count / 1024**2))} MB"
