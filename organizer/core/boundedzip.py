"""Reading one zip member with a hard cap on what decompression really produces.

``zipfile`` hands a bzip2 or LZMA decompressor each compressed chunk whole, so a few
hundred bytes that expand to gigabytes are expanded in memory before anything can count
them. Here the member's raw bytes are fed to our own decompressor, which is asked for at
most one buffer at a time; more output than the member declared stops the read at once,
and the checksum and length are checked at the end. Stored, deflate, bzip2 and LZMA
members (every method ``zipfile`` reads) go through the same path.
"""

from __future__ import annotations

import bz2
import copy
import io
import lzma
import struct
import zipfile
import zlib
from typing import BinaryIO, Protocol

RAW_CHUNK = 64 * 1024


class UnsafeZip(Exception):
    """The archive or a member is refused; str() says why, in plain words."""


class _Decompressor(Protocol):
    def produce(self, raw: BinaryIO, limit: int) -> bytes:
        """Up to ``limit`` bytes of output; b"" only when the member is finished."""


class _Stored:
    def produce(self, raw: BinaryIO, limit: int) -> bytes:
        return raw.read(limit)


class _Deflate:
    def __init__(self) -> None:
        self._inflater = zlib.decompressobj(-15)

    def produce(self, raw: BinaryIO, limit: int) -> bytes:
        while True:
            tail = self._inflater.unconsumed_tail
            source = tail or (b"" if self._inflater.eof else raw.read(RAW_CHUNK))
            data = self._inflater.decompress(source, limit)
            if data or (not source and not self._inflater.unconsumed_tail):
                return data


class _Streaming:
    """bzip2 and LZMA: both decompressors take ``max_length`` and say when they need input."""

    def __init__(self, decompressor: bz2.BZ2Decompressor | lzma.LZMADecompressor) -> None:
        self._decompressor = decompressor

    def produce(self, raw: BinaryIO, limit: int) -> bytes:
        while not self._decompressor.eof:
            source = b""
            if self._decompressor.needs_input:
                source = raw.read(RAW_CHUNK)
                if not source:
                    raise zipfile.BadZipFile("the compressed data ends too early")
            data = self._decompressor.decompress(source, limit)
            if data:
                return data
        return b""


def _lzma(raw: BinaryIO) -> _Streaming:
    """A zip's LZMA member starts with a small header holding the coder's properties."""
    header = raw.read(4)
    if len(header) < 4:
        raise zipfile.BadZipFile("the compressed data ends too early")
    (size,) = struct.unpack("<H", header[2:4])
    properties = raw.read(size)
    try:
        decoded = lzma._decode_filter_properties(lzma.FILTER_LZMA1, properties)  # type: ignore[attr-defined]
    except lzma.LZMAError as error:
        raise zipfile.BadZipFile(f"damaged compressed data ({error})") from None
    return _Streaming(lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[decoded]))


def _decompressor(method: int, raw: BinaryIO) -> _Decompressor:
    if method == zipfile.ZIP_STORED:
        return _Stored()
    if method == zipfile.ZIP_DEFLATED:
        return _Deflate()
    if method == zipfile.ZIP_BZIP2:
        return _Streaming(bz2.BZ2Decompressor())
    if method == zipfile.ZIP_LZMA:
        return _lzma(raw)
    raise NotImplementedError(f"compression method {method} is not supported")


class BoundedMember(io.RawIOBase):
    """One member's decompressed bytes, never more than ``limit`` of them."""

    def __init__(self, raw: BinaryIO, info: zipfile.ZipInfo, limit: int) -> None:
        self._raw = raw
        self._name = info.filename
        self._declared = info.file_size
        self._expected_crc = info.CRC
        self._limit = limit
        self._produced = 0
        self._crc = 0
        self._finished = False
        self._decompressor = _decompressor(info.compress_type, raw)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._finished or not len(buffer):
            return 0
        # ask for one byte more than may come, so an overrun shows on the read that makes it
        allowed = min(len(buffer), self._limit - self._produced + 1)
        try:
            data = self._decompressor.produce(self._raw, allowed)
        except (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError) as error:
            raise zipfile.BadZipFile(f"damaged compressed data in {self._name} ({error})") from None
        if not data:
            self._finish()
            return 0
        self._produced += len(data)
        if self._produced > self._limit:
            raise UnsafeZip(f"{self._name} unpacks to more than its header says (a zip bomb?)")
        self._crc = zlib.crc32(data, self._crc)
        buffer[: len(data)] = data
        return len(data)

    def _finish(self) -> None:
        self._finished = True
        if self._produced != self._declared:
            raise zipfile.BadZipFile(f"{self._name} is shorter than its header says (cut short)")
        if self._crc != self._expected_crc:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {self._name!r}")

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def open_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> BinaryIO:
    """Open a member for reading with at most ``min(limit, declared size)`` bytes out.

    zipfile still finds the member and checks its local header; it is asked for the raw
    compressed bytes only (as if the member were stored), which we decompress ourselves.
    """
    if info.flag_bits & 0x1:
        raise RuntimeError(f"{info.filename} is encrypted (password-protected)")
    raw_view = copy.copy(info)
    raw_view.compress_type = zipfile.ZIP_STORED
    raw_view.file_size = info.compress_size
    del raw_view.CRC  # zipfile would compare the raw bytes with the member's checksum
    raw = archive.open(raw_view)
    try:
        member = BoundedMember(raw, info, min(limit, info.file_size))  # type: ignore[arg-type]
    except BaseException:
        raw.close()
        raise
    return io.BufferedReader(member, buffer_size=RAW_CHUNK)
