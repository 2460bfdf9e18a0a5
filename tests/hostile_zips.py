"""Small hostile zips built on the fly: members that lie about their size."""

from __future__ import annotations

import io
import struct
import zipfile

LOCAL = b"PK\x03\x04"
CENTRAL = b"PK\x01\x02"


def lying_zip(method: int, real: bytes, declared: int, *, good: bytes = b"") -> bytes:
    """A zip whose member ``bomb.txt`` declares ``declared`` bytes but holds ``real``.

    Both the local header and the central directory say the small size, so nothing short
    of counting the bytes that decompression really produces can see the lie.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if good:
            archive.writestr("good.txt", good, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("bomb.txt", real, compress_type=method)
    data = bytearray(buffer.getvalue())
    name = b"bomb.txt"
    at = 0
    while (at := data.find(LOCAL, at)) >= 0:
        if data[at + 30 : at + 30 + len(name)] == name:
            data[at + 22 : at + 26] = struct.pack("<I", declared)
        at += 4
    at = 0
    while (at := data.find(CENTRAL, at)) >= 0:
        if data[at + 46 : at + 46 + len(name)] == name:
            data[at + 24 : at + 28] = struct.pack("<I", declared)
        at += 4
    return bytes(data)
