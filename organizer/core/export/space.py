"""Facts about the place the export goes: free space and what kind of file system it is.

FAT32 (most USB sticks) cannot hold a file of 4 GiB or more, so a big imaging study or
PDF must be refused before anything is written rather than fail half-way.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

FAT32_LIMIT = 4 * 1024**3 - 1
"""The largest file FAT32 can hold, in bytes."""

FAT_TYPES = frozenset({"vfat", "fat", "fat32", "msdos", "fat16", "fat12"})


def existing_ancestor(path: Path) -> Path:
    """The nearest folder that exists, to ask about a target not made yet."""
    current = path.expanduser().absolute()
    while not current.exists() and current != current.parent:
        current = current.parent
    return current


def free_bytes(path: Path) -> int:
    return shutil.disk_usage(existing_ancestor(path)).free


def filesystem_type(path: Path) -> str:
    """A lower-case name such as "ext4", "vfat", "exfat", "ntfs", "apfs"; "" if unknown."""
    place = existing_ancestor(path)
    try:
        if sys.platform.startswith("linux"):
            return _linux_type(place)
        if sys.platform == "win32":
            return _windows_type(place)
        if sys.platform == "darwin":
            return _mac_type(place)
    except (OSError, ValueError, subprocess.SubprocessError):
        return ""
    return ""


def is_fat(path: Path) -> bool:
    return filesystem_type(path) in FAT_TYPES


MOUNTINFO = Path("/proc/self/mountinfo")


def _linux_type(place: Path, mountinfo: Path = MOUNTINFO) -> str:
    """The type of the mount holding ``place``, found by its device number first.

    In a chroot or a container the mount table lists paths as the host sees them (there
    may be no entry for /tmp at all), but the device numbers still match.
    """
    resolved = str(place.resolve())
    device = os.stat(place).st_dev
    by_device, by_path = "", ""
    best = ""
    with open(mountinfo, encoding="utf-8") as table:
        for line in table:
            before, _, after = line.partition(" - ")
            fields, tail = before.split(), after.split()
            if len(fields) < 5 or not tail:
                continue
            major, _, minor = fields[2].partition(":")
            kind = tail[0].lower()
            if major.isdigit() and minor.isdigit() and os.makedev(int(major), int(minor)) == device:
                by_device = by_device or kind
            mount_point = fields[4].replace("\\040", " ")
            inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
            if inside and len(mount_point) >= len(best):
                best, by_path = mount_point, kind
    return by_device or by_path


def _windows_type(place: Path) -> str:
    drive = os.path.splitdrive(str(place.resolve()))[0] + "\\"
    buffer = ctypes.create_unicode_buffer(64)
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return ""
    ok = windll.kernel32.GetVolumeInformationW(drive, None, 0, None, None, None, buffer, 64)
    return buffer.value.lower() if ok else ""


def _mac_type(place: Path) -> str:
    """Read `mount`: lines like "/dev/disk4s1 on /Volumes/STICK (msdos, local, ...)"."""
    finished = subprocess.run(
        ["/sbin/mount"], capture_output=True, text=True, timeout=10, check=False
    )
    resolved = str(place.resolve())
    best, best_type = "", ""
    for line in finished.stdout.splitlines():
        _device, _, rest = line.partition(" on ")
        mount_point, _, options = rest.rpartition(" (")
        inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
        if mount_point and inside and len(mount_point) >= len(best):
            best, best_type = mount_point, options.split(",")[0].strip(" )").lower()
    return "vfat" if best_type == "msdos" else best_type
