"""Reading zip archives in place without trusting them.

A zip is read entry by entry, never unpacked to disk. Before any entry is read the whole
directory is checked: too many entries, a declared total or per-entry size beyond the
caps, a compression ratio no real record reaches, or entries whose data overlap (the
trick of small "zip bombs") refuse the archive. Unsafe names (``../``, ``..\\``, absolute
or drive paths) and password-protected entries are refused one by one. While an entry is
read, the bytes really produced are counted as they are produced (``boundedzip``), so a
lying header cannot get past, whatever the compression method.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from organizer.core.boundedzip import UnsafeZip, open_bounded

MAX_ENTRIES = 50_000
MAX_TOTAL = 16 * 1024**3
MAX_ENTRY = 4 * 1024**3
MAX_RATIO = 200
RATIO_FLOOR = 8 * 1024**2  # small entries may compress as well as they like


@dataclass(frozen=True)
class ZipEntry:
    info: zipfile.ZipInfo
    path: PurePosixPath | None  # None when the name is unsafe
    problem: str = ""

    @property
    def name(self) -> str:
        return self.info.filename


def unsafe_name_problem(raw: str) -> tuple[PurePosixPath | None, str]:
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None, "unsafe name in the zip (an absolute path); not extracted"
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if any(part == ".." for part in parts):
        return None, "unsafe name in the zip (it points outside the archive); not extracted"
    if not parts:
        return None, "entry without a name"
    return PurePosixPath(*parts), ""


def open_archive(stream: BinaryIO) -> tuple[zipfile.ZipFile, list[ZipEntry]]:
    """Open and vet a zip; raise UnsafeZip or zipfile.BadZipFile."""
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise
    except (OSError, ValueError, EOFError) as error:
        raise zipfile.BadZipFile(str(error)) from error
    try:
        infos = archive.infolist()
        _check_directory(stream, infos)
    except BaseException:
        archive.close()
        raise
    entries = []
    for info in infos:
        if info.is_dir():
            continue
        path, problem = unsafe_name_problem(info.filename)
        if not problem and info.flag_bits & 0x1:
            problem = "password-protected inside the zip; unzip it with its password first"
        entries.append(ZipEntry(info, path, problem))
    return archive, entries


def _check_directory(stream: BinaryIO, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise UnsafeZip(f"the zip holds {len(infos)} entries, more than the {MAX_ENTRIES} allowed")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL:
        raise UnsafeZip(
            f"the zip would unpack to {total / 1024**3:.1f} GB, more than the "
            f"{MAX_TOTAL // 1024**3} GB allowed (a zip bomb?)"
        )
    for info in infos:
        if info.file_size > MAX_ENTRY:
            raise UnsafeZip(f"{info.filename} would unpack to more than 4 GB")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise UnsafeZip(
                f'the entry "{info.filename}" is compressed '
                f"{info.file_size // max(1, info.compress_size)} to 1, far beyond any real "
                "file (a zip bomb?)"
            )
    _check_overlap(stream, infos)


def _check_overlap(stream: BinaryIO, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives whose entries share compressed bytes: real zips never do."""
    spans = sorted((info.header_offset, info) for info in infos if not info.is_dir())
    end_of_previous = -1
    previous = ""
    for offset, info in spans:
        if offset < end_of_previous:
            raise UnsafeZip(
                f"entries {previous} and {info.filename} overlap inside the zip (a zip bomb)"
            )
        end_of_previous = offset + _local_header_size(stream, info) + info.compress_size
        previous = info.filename


def _local_header_size(stream: BinaryIO, info: zipfile.ZipInfo) -> int:
    stream.seek(info.header_offset)
    header = stream.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"the zip is damaged near {info.filename}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return 30 + int(name_length) + int(extra_length)


def open_entry(archive: zipfile.ZipFile, entry: ZipEntry) -> BinaryIO:
    return open_bounded(archive, entry.info, MAX_ENTRY)


__all__ = ["UnsafeZip", "ZipEntry", "open_archive", "open_entry", "unsafe_name_problem"]
