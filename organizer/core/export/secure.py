"""The finishing passes over a written PDF: AES-256 encryption and splitting into parts.

Encryption is a second pass over the finished, stamped file: pypdf 7 loses merged
stamps when one writer both stamps and encrypts. Parts are cut at page boundaries and
each is checked against the size limit after it is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from organizer.core.export.options import ExportFailed

MB = 1024 * 1024


def _encrypt(writer: PdfWriter, password: str | None) -> None:
    if password:
        writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")


def encrypted_copy(source: Path, target: Path, password: str, metadata: dict[str, str]) -> None:
    """Write ``source`` to ``target`` encrypted with ``password`` (AES-256)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.add_metadata(metadata)
    writer.page_mode = "/UseOutlines"
    _encrypt(writer, password)
    with open(target, "wb") as handle:
        writer.write(handle)


def _part_bytes(
    reader: PdfReader, first: int, stop: int, password: str | None, metadata: dict[str, str]
) -> bytes:
    writer = PdfWriter()
    writer.append(reader, pages=(first, stop), import_outline=True)
    writer.add_metadata(metadata)
    writer.page_mode = "/UseOutlines"
    _encrypt(writer, password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def split_parts(
    source: Path,
    limit_mb: int,
    password: str | None,
    metadata: dict[str, str],
    write: Callable[[int, bytes], None],
    check: Callable[[], None],
) -> int:
    """Cut the unencrypted ``source`` into parts of at most ``limit_mb``; return how many.

    ``write(number, data)`` stores each part (numbered from 1) as soon as it is made.
    """
    if limit_mb < 1:
        raise ExportFailed("The part size must be at least 1 MB.")
    limit = limit_mb * MB
    reader = PdfReader(source)
    total_pages = len(reader.pages)
    total_size = source.stat().st_size
    first, number = 0, 0
    while first < total_pages:
        check()
        remaining = total_pages - first
        guess = max(1, int(remaining * limit / max(1, total_size) * 0.9))
        stop = min(total_pages, first + guess)
        data = _part_bytes(reader, first, stop, password, metadata)
        while len(data) > limit and stop - first > 1:
            check()
            stop = first + max(1, (stop - first) * 3 // 4)
            data = _part_bytes(reader, first, stop, password, metadata)
        if len(data) > limit:
            raise ExportFailed(
                f"Page {first + 1} alone is larger than {limit_mb} MB, so the PDF cannot be "
                "split into parts that small; choose a larger part size."
            )
        while stop < total_pages:
            check()
            bigger = min(total_pages, stop + max(1, (stop - first) // 4))
            attempt = _part_bytes(reader, first, bigger, password, metadata)
            if len(attempt) > limit:
                break
            stop, data = bigger, attempt
        number += 1
        write(number, data)
        first = stop
    return number
