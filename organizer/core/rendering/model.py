"""What a clinical document looks like once read: a header, then sections of blocks.

Both outputs (the PDF pages and the offline HTML page) draw from this one model, so the
preview, the packet and the readable copy in the folder always show the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(slots=True)
class Paragraph:
    runs: list[Run]
    style: str = ""
    """"" for body text; "caption", "heading", "remark" (the app's own words) or
    "overflow" (the words of rows past what a table keeps as rows: not printed)."""

    def plain(self) -> str:
        return "".join([run.text for run in self.runs])


@dataclass(slots=True)
class ItemList:
    items: list[list[Block]]
    ordered: bool = False


@dataclass(slots=True)
class Cell:
    blocks: list[Block]
    header: bool = False
    span: int = 1


@dataclass(slots=True)
class Table:
    head: list[list[Cell]]
    rows: list[list[Cell]]
    caption: str = ""

    @property
    def columns(self) -> int:
        widest = 0
        for rows in (self.head, self.rows):  # loops: a generator per row cost more
            for row in rows:
                width = 0
                for cell in row:
                    width += cell.span
                if width > widest:
                    widest = width
        return widest


Block = Paragraph | ItemList | Table


@dataclass(slots=True)
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1


@dataclass
class Attachment:
    """A file carried inside the document (a C-CDA nonXMLBody, a FHIR Binary)."""

    media_type: str
    data: bytes
    title: str = ""


@dataclass
class Rendering:
    title: str
    kind: str
    """What sort of file it is, in words: "C-CDA Discharge summary", "FHIR document"."""
    fields: list[tuple[str, str]] = field(default_factory=list)
    """The header, in order: ("Date", "12 March 2026"), ("Patient", "..."), ..."""
    sections: list[Section] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the app could not show, said plainly (shown after the header)."""

    def plain_text(self) -> str:
        """Every word of the rendering, for search and for tests."""
        pieces = [self.title, self.kind]
        pieces += [f"{label}: {value}" for label, value in self.fields]
        pieces += self.notes
        for section in self.sections:
            pieces.append(section.title)
            pieces += [block_text(block) for block in section.blocks]
        return "\n".join(piece for piece in pieces if piece)


def block_text(block: Block) -> str:
    """The words of a block in reading order (iterative: blocks may nest deeply)."""
    if isinstance(block, Paragraph):
        return block.plain()
    pieces: list[str] = []
    stack: list[Block | str] = [block]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
        elif isinstance(item, Paragraph):
            pieces.append(item.plain())
        elif isinstance(item, ItemList):
            stack.extend(reversed([b for entry in item.items for b in entry]))
        else:
            inner: list[Block | str] = [item.caption]
            for row in item.head + item.rows:
                for cell in row:
                    inner += cell.blocks
            stack.extend(reversed(inner))
    return "\n".join(piece for piece in pieces if piece)
