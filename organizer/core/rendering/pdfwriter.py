"""A small PDF writer for pages of text, rules and pictures in Helvetica.

A portal record whose every character fits the standard fonts' encoding (WinAnsi) needs
nothing from a general PDF library: no font to embed, no text shaping, no layout. fpdf2
spent most of the time of such a record on bookkeeping around each call, so the pages
are written here directly: one content stream per page (text, lines, rectangles, JPEG
pictures) and the two standard fonts, Helvetica and Helvetica-Bold, which every PDF
reader has. A few signs common in lab results that WinAnsi lacks ("≥", "≤", arrows) are
drawn from the standard Symbol font, which has these very characters, so such a record
needs no font embedded either. Positions are in millimetres from the top left.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass

from zlib_ng.zlib_ng import compress as _deflate

ENCODING = "windows-1252"
"""What the standard fonts' text is written in: the PDF's WinAnsiEncoding."""
_PT = 72 / 25.4


class _Points(dict[float, str]):
    """Millimetres as the PDF's points, written with two decimals: a page's positions
    repeat (margins, columns, the lines of text), and a lookup is several times quicker
    than formatting the number again."""

    def __missing__(self, mm: float) -> str:
        if len(self) > 20_000:
            self.clear()
        written = self[mm] = f"{mm * _PT:.2f}"
        return written


_POINTS = _Points()
_FONTS = ("/F1", "/F2")
"""Helvetica, Helvetica-Bold (by ``bold``)."""


class _FontChange(dict[float, str]):
    """The operation that sets one of the fonts at a size, by size (a few sizes are
    used, and tables change font between their header and body cells)."""

    def __init__(self, font: str) -> None:
        super().__init__()
        self.font = font

    def __missing__(self, size: float) -> str:
        written = f"BT {self.font} {size:.2f} Tf ET"
        if len(self) < 100:
            self[size] = written
        return written


_FONT_CHANGES = (_FontChange(_FONTS[0]), _FontChange(_FONTS[1]))
SYMBOLS = {
    "\u2265": 0xB3,  # ≥
    "\u2264": 0xA3,  # ≤
    "\u2260": 0xB9,  # ≠
    "\u2248": 0xBB,  # ≈
    "\u2192": 0xAE,  # →
    "\u2190": 0xAC,  # ←
    "\u2191": 0xAD,  # ↑
    "\u2193": 0xAF,  # ↓
    "\u221e": 0xA5,  # ∞
}
"""Characters WinAnsi lacks, by their code in the standard Symbol font (/F3)."""
_SYMBOL_RUN = re.compile("[" + "".join(SYMBOLS) + "]+")
_GREY = "0.3529 g"
_BLACK = "0 g"
_PAGE_START = "2 J\n0.57 w\n0.5882 0.5882 0.5882 RG"
"""Square line ends, 0.2 mm rules, grey rules and borders (what fpdf2 wrote before)."""
HEAD_FILL = "0.9098 g"
"""The light grey of a table's header cells."""


@dataclass(frozen=True, slots=True)
class Picture:
    """A JPEG (RGB) to place on a page."""

    jpeg: bytes
    width: int
    height: int


class PlainPages:
    """Pages drawn with the standard fonts, written out by ``output``.

    The current font and fill colour are remembered per page, so the layout may ask for
    them on every call and only changes are written. ``output`` raises
    ``UnicodeEncodeError`` when some text does not fit the standard encoding.
    """

    def __init__(self, width: float, height: float, title: str, created: _dt.datetime) -> None:
        self.width = width
        self.height = height
        self.title = title
        self.created = created
        self.pages: list[list[str]] = []
        self.pictures: list[Picture] = []
        self._out: list[str] = []
        self._bold: bool | None = None
        self._size = 0.0
        """The font set on this page (None: none yet)."""
        self._fill = ""
        self._symbols = False
        """Whether any page draws a character from the Symbol font."""

    def add_page(self) -> None:
        self._out = [_PAGE_START]
        self.pages.append(self._out)
        self._bold = None
        self._fill = ""

    def text(self, x: float, y: float, text: str, bold: bool, size: float, grey: bool) -> None:
        """``text`` with its baseline at ``y``."""
        out = self._out
        if bold != self._bold or size != self._size:  # bold and plain cells alternate
            out.append(_FONT_CHANGES[bold][size])
            self._bold, self._size = bold, size
        fill = _GREY if grey else _BLACK
        if fill != self._fill:
            out.append(fill)
            self._fill = fill
        if "(" in text or ")" in text or "\\" in text or "\r" in text:
            text = (
                text.replace("\\", "\\\\")
                .replace(")", "\\)")
                .replace("(", "\\(")
                .replace("\r", "\\r")
            )
        if text.isascii() or not _SYMBOL_RUN.search(text):
            out.append(f"BT {_POINTS[x]} {_POINTS[self.height - y]} Td ({text}) Tj ET")
            return
        self._symbols = True
        shows = []
        for plain, signs in _runs(text):
            if plain:
                shows.append(f"({plain}) Tj")
            if signs:
                codes = "".join(f"\\{SYMBOLS[sign]:03o}" for sign in signs)
                shows.append(f"/F3 {size:.2f} Tf ({codes}) Tj {_FONTS[bold]} {size:.2f} Tf")
        place = f"{_POINTS[x]} {_POINTS[self.height - y]} Td"
        out.append(f"BT {place} {' '.join(shows)} ET")

    def plain_row(
        self,
        x: float,
        top: float,
        height: float,
        baseline: float,
        inset: float,
        size: float,
        widths: list[float],
        texts: list[tuple[str, bool] | None],
        fill: bool = False,
    ) -> None:
        """Cells side by side from ``x``, each a grey outline ``height`` tall (``fill``:
        filled, as a header's) with at most one line of black text (and whether bold)
        at ``baseline``, ``inset`` from its left: what ``rect`` and ``text`` write for
        them, in one call (most table rows)."""
        out, points = self._out, _POINTS
        y, depth = points[self.height - top], points[-height]
        paint = " re B" if fill else " re S"
        for width, entry in zip(widths, texts, strict=True):
            if fill and self._fill != HEAD_FILL:
                out.append(HEAD_FILL)
                self._fill = HEAD_FILL
            out.append(f"{points[x]} {y} {points[width]} {depth}{paint}")
            if entry is not None and entry[0]:
                self.text(x + inset, baseline, entry[0], entry[1], size, False)
            x += width

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        top = self.height
        self._out.append(
            f"{_POINTS[x1]} {_POINTS[top - y1]} m {_POINTS[x2]} {_POINTS[top - y2]} l S"
        )

    def rect(self, x: float, y: float, w: float, h: float, fill: bool) -> None:
        """A grey outline; ``fill`` paints the inside in the header's light grey."""
        if fill and self._fill != HEAD_FILL:
            self._out.append(HEAD_FILL)
            self._fill = HEAD_FILL
        self._out.append(
            f"{_POINTS[x]} {_POINTS[self.height - y]} {_POINTS[w]} {_POINTS[-h]} re "
            + ("B" if fill else "S")
        )

    def image(self, picture: Picture, x: float, y: float, w: float, h: float) -> None:
        """The picture as large as fits the box, keeping its proportions, centred."""
        ratio = picture.width / picture.height
        if h * ratio < w:
            x += (w - h * ratio) / 2
            w = h * ratio
        else:
            y += (h - w / ratio) / 2
            h = w / ratio
        self.pictures.append(picture)
        self._out.append(
            f"q {w * _PT:.2f} 0 0 {h * _PT:.2f} {x * _PT:.2f} {(self.height - y - h) * _PT:.2f}"
            f" cm /I{len(self.pictures)} Do Q"
        )

    def output(self) -> bytes:
        if not self.pages:
            self.add_page()
        writer = _Objects()
        catalog, pages, info, resources = 1, 2, 3, 4
        fonts = writer.reserve(4 if self._symbols else 2)
        first_picture = writer.reserve(len(self.pictures))
        kids = []
        for content in self.pages:
            kids.append(writer.reserve(1))
            writer.stream(writer.reserve(1), _encoded("\n".join(content)))
        writer.put(
            catalog,
            f"<</Type /Catalog /Pages {pages} 0 R /OpenAction [{kids[0]} 0 R /FitH null]"
            " /PageLayout /OneColumn>>",
        )
        size = f"[0 0 {self.width * _PT:.2f} {self.height * _PT:.2f}]"
        refs = " ".join(f"{kid} 0 R" for kid in kids)
        writer.put(pages, f"<</Type /Pages /Kids [{refs}] /Count {len(kids)} /MediaBox {size}>>")
        stamp = self.created.astimezone(_dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
        writer.put(info, f"<</Title {text_string(self.title)} /CreationDate ({stamp})>>")
        images = " ".join(f"/I{n + 1} {first_picture + n} 0 R" for n in range(len(self.pictures)))
        symbol = f" /F3 {fonts + 2} 0 R" if self._symbols else ""
        writer.put(
            resources,
            f"<</Font <</F1 {fonts} 0 R /F2 {fonts + 1} 0 R{symbol}>>"
            f" /ProcSet [/PDF /Text /ImageC] /XObject <<{images}>>>>",
        )
        for number, name in enumerate(("Helvetica", "Helvetica-Bold")):
            writer.put(
                fonts + number,
                f"<</Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding>>",
            )
        if self._symbols:
            writer.put(
                fonts + 2,
                f"<</Type /Font /Subtype /Type1 /BaseFont /Symbol /ToUnicode {fonts + 3} 0 R>>",
            )
            writer.stream(fonts + 3, _SYMBOL_CMAP)
        for number, picture in enumerate(self.pictures):
            writer.stream(
                first_picture + number,
                picture.jpeg,
                f"/Type /XObject /Subtype /Image /Width {picture.width} /Height {picture.height}"
                " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
                compress=False,
            )
        for kid in kids:
            writer.put(
                kid,
                f"<</Type /Page /Parent {pages} 0 R /Resources {resources} 0 R"
                f" /Contents {kid + 1} 0 R>>",
            )
        return writer.finish(catalog, info)


def _encoded(content: str) -> bytes:
    """A page's content in WinAnsi: most pages are plain ASCII, which Python encodes in
    C, several times quicker than its Windows-1252 codec."""
    return content.encode("ascii") if content.isascii() else content.encode(ENCODING)


def _runs(text: str) -> list[tuple[str, str]]:
    """``text`` as (WinAnsi words, Symbol signs after them) pairs, in order."""
    runs, start = [], 0
    for found in _SYMBOL_RUN.finditer(text):
        runs.append((text[start : found.start()], found.group()))
        start = found.end()
    runs.append((text[start:], ""))
    return runs


_SYMBOL_CMAP = (
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n"
    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
    f"{len(SYMBOLS)} beginbfchar\n"
    + "".join(f"<{code:02X}> <{ord(sign):04X}>\n" for sign, code in SYMBOLS.items())
    + "endbfchar\nendcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend"
).encode("ascii")
"""What each Symbol code stands for, so that copied and searched text reads "≥"."""


class _Objects:
    """Numbered objects, written in any order, and the file around them."""

    def __init__(self) -> None:
        self.count = 4  # catalog, pages, info, resources
        self.bodies: dict[int, bytes] = {}

    def reserve(self, count: int) -> int:
        first = self.count + 1
        self.count += count
        return first

    def put(self, number: int, body: str) -> None:
        self.bodies[number] = body.encode("ascii")

    def stream(self, number: int, data: bytes, entries: str = "", compress: bool = True) -> None:
        if compress:
            # zlib-ng's quickest level: about 2.5 times as quick as zlib's level 1 here
            # (compressing was a tenth of the pages' time), a fifth larger; any reader
            # inflates it as any zlib stream
            data = _deflate(data, 1)
            entries = (entries + " /Filter /FlateDecode").lstrip()
        head = f"<<{entries} /Length {len(data)}>>\nstream\n".encode("ascii")
        self.bodies[number] = head + data + b"\nendstream"

    def finish(self, root: int, info: int) -> bytes:
        parts = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
        offsets = []
        position = len(parts[0])
        for number in range(1, self.count + 1):
            body = b"%d 0 obj\n%b\nendobj\n" % (number, self.bodies[number])
            offsets.append(position)
            parts.append(body)
            position += len(body)
        digest = hashlib.md5(b"".join(parts), usedforsecurity=False).hexdigest()
        table = "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
        parts.append(
            (
                f"xref\n0 {self.count + 1}\n0000000000 65535 f \n{table}"
                f"trailer\n<</Size {self.count + 1} /Root {root} 0 R /Info {info} 0 R"
                f" /ID [<{digest}><{digest}>]>>\nstartxref\n{position}\n%%EOF\n"
            ).encode("ascii")
        )
        return b"".join(parts)


def text_string(text: str) -> str:
    """A PDF text string: literal when plain ASCII, otherwise UTF-16 with its mark."""
    if text.isascii() and text.isprintable():
        escaped = text.replace("\\", "\\\\").replace(")", "\\)").replace("(", "\\(")
        return f"({escaped})"
    return "<feff" + text.encode("utf-16-be").hex() + ">"
