"""Saving the PDF: AES-256 encryption when asked, and splitting into parts for upload portals.

qpdf encrypts as it writes, so the stamped pages and the encryption come out of one
save. Parts are cut at page boundaries, each with the bookmarks of its own pages, and
each is checked against the size limit after it is made.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Name

from organizer.core.export.assemble import finish, join_pages
from organizer.core.export.bookmarks import Bookmark, bookmarks_within
from organizer.core.export.options import ExportFailed

MB = 1_000_000
"""``--split-mb N`` means N million bytes, as upload portals count."""
PART_FILL = 0.85
"""Parts are planned at this share of the limit: each part carries the fonts its pages
use, so parts together weigh more than the whole."""


def save(pdf: pikepdf.Pdf, target: Path | BinaryIO, password: str | None) -> None:
    """Write ``pdf`` compressed, encrypted with AES-256 when there is a password."""
    encryption = (
        pikepdf.Encryption(owner=password, user=password, R=6, aes=True) if password else False
    )
    pdf.save(
        target,
        encryption=encryption,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )


def save_file(pdf: pikepdf.Pdf, target: Path, password: str | None) -> None:
    """``save`` to the new file ``target``, which qpdf writes to directly."""
    try:
        with open(target, "xb") as file:
            save(pdf, file, password)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _part_bytes(
    source: pikepdf.Pdf,
    first: int,
    stop: int,
    password: str | None,
    bookmarks: list[Bookmark],
    metadata: dict[str, str],
) -> bytes:
    part = pikepdf.Pdf.new()
    join_pages(part, source, range(first, stop))
    finish(part, bookmarks_within(bookmarks, first, stop), metadata)
    buffer = io.BytesIO()
    save(part, buffer, password)
    return buffer.getvalue()


def split_parts(
    source: Path,
    limit_mb: int,
    password: str | None,
    bookmarks: list[Bookmark],
    metadata: dict[str, str],
    write: Callable[[int, bytes, int], None],
    check: Callable[[], None],
) -> int:
    """Cut the finished PDF at ``source`` into parts of at most ``limit_mb``; return how many.

    ``write(number, data, pages)`` stores each part (numbered from 1) as soon as it is made.
    """
    if limit_mb < 1:
        raise ExportFailed("The part size must be at least 1 MB.")
    limit = limit_mb * MB
    with pikepdf.Pdf.open(source, password=password or "") as whole:
        total_pages = len(whole.pages)
        weights = _page_weights(whole)
        total_weight = sum(weights)
        ratio = source.stat().st_size / max(1, total_weight)
        """Bytes in the file per byte of page streams (fonts, structure, compression)."""

        def made(first: int, stop: int) -> bytes:
            check()
            return _part_bytes(whole, first, stop, password, bookmarks, metadata)

        first, number = 0, 0
        while first < total_pages:
            # As many parts as the rest needs, with room to spare; equal shares of bytes.
            rest = sum(weights[first:])
            parts_left = max(1, math.ceil(rest * ratio / (limit * PART_FILL)))
            stop = _stop_for(weights, first, rest / parts_left)
            data = made(first, stop)
            while len(data) > limit and stop - first > 1:
                stop = first + max(1, (stop - first) * 3 // 4)
                data = made(first, stop)
            if len(data) > limit:
                raise ExportFailed(
                    f"Page {first + 1} alone is larger than {limit_mb} MB, so the PDF cannot "
                    "be split into parts that small; choose a larger part size."
                )
            number += 1
            write(number, data, stop - first)
            first = stop
    return number


def _page_weights(pdf: pikepdf.Pdf) -> list[int]:
    """Each page's stored stream bytes (its contents and the images and forms it draws),
    read from the streams' /Length without decoding them; at least 1 per page."""
    weights = []
    for page in pdf.pages:
        streams: dict[tuple[int, int], int] = {}
        contents = page.obj.get(Name.Contents)
        items = contents if isinstance(contents, pikepdf.Array) else [contents]
        resources = page.obj.get(Name.Resources)
        xobjects = (
            resources.get(Name.XObject) if isinstance(resources, pikepdf.Dictionary) else None
        )
        if isinstance(xobjects, pikepdf.Dictionary):
            items = [*items, *xobjects.values()]
        for item in items:
            if isinstance(item, pikepdf.Stream):
                streams[item.objgen] = int(item.get(Name.Length, 0))
        weights.append(max(1, sum(streams.values())))
    return weights


def _stop_for(weights: list[int], first: int, share: float) -> int:
    """Where a part starting at ``first`` reaches ``share`` of page weight (at least one
    page; the page that crosses the share goes in when that leaves it closer)."""
    stop, total = first, 0
    while stop < len(weights) and total + weights[stop] <= share:
        total += weights[stop]
        stop += 1
    if stop < len(weights) and (stop == first or share - total > total + weights[stop] - share):
        stop += 1
    return stop
