"""Narrative markup to blocks: the CDA narrative block and FHIR's XHTML, one vocabulary.

Only what carries meaning for a reader survives: paragraphs, lists, tables, line breaks,
bold, italics and underline. Links become their words (nothing can be followed), pictures
become a short remark, and anything else (scripts, styles, forms, unknown elements) is
either dropped or kept as its plain text. The outputs are built from these blocks, so no
markup from the file ever reaches a page.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from organizer.core.rendering.model import Block, Cell, ItemList, Paragraph, Run, Table
from organizer.core.rendering.xmltree import (
    LOCAL_NAMES,
    MAX_CHILDREN,
    BeyondLimits,
    Lazy,
    Node,
    attributes_of,
    lxml_parts,
    narrative_element,
)

PICTURE_REMARK = "[A picture is not shown here; it is in the original file.]"
MAX_SPAN = 50

_PARAGRAPHS = frozenset({"paragraph", "p", "div", "blockquote", "pre", "address", "section"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"list", "ul", "ol", "dl"})
_ITEMS = frozenset({"item", "li", "dt", "dd"})
_PICTURES = frozenset({"renderMultiMedia", "img", "object", "embed", "svg", "video", "audio"})
_DROPPED = frozenset({"script", "style", "head", "meta", "link", "iframe", "form", "input",
                      "button", "select", "textarea", "noscript", "template", "col",
                      "colgroup"})  # fmt: skip


def _single_spaced(text: str) -> str:
    """Runs of whitespace (``\\s+``) as one space. Most text has none to change: a printable
    string holds no whitespace but the plain space, so without two spaces in a row it
    stays. ``str.split`` and the pattern's ``\\s`` take the same characters for space."""
    if "  " not in text and text.isprintable():
        return text
    words = " ".join(text.split())  # as the pattern has it, several times quicker
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + words + (" " if text[-1].isspace() else "")


def _spaced_words(text: str) -> str:
    """``_single_spaced(text).strip()``: a cell's words, quicker."""
    if "  " not in text and text.isprintable():
        return text.strip()
    return " ".join(text.split())


_EMPHASIS = frozenset({"b", "strong", "th", "i", "em", "cite", "u"})


Markup = Any
"""A narrative element: a ``Node``, or an lxml element read directly (the narrative of
a ``lazy_tree``: the same content, without making Nodes of it first)."""


def _tag(item: Markup) -> str:
    return item.tag if item.__class__ is Node else LOCAL_NAMES[item.tag]


def _attrs(item: Markup) -> dict[str, str]:
    return item.attrs if item.__class__ is Node else attributes_of(item)


def _parts(item: Markup) -> list[str | Markup]:
    """The text and elements inside ``item``, in order, as ``Node.children`` holds them."""
    return item.parts() if item.__class__ is Node else lxml_parts(item)


def _elements(item: Markup) -> list[tuple[str, Markup]]:
    """The elements inside ``item``, each with its local name."""
    if item.__class__ is Node:
        return [(node.tag, node) for node in item.nodes()]
    if len(item) > MAX_CHILDREN:
        raise BeyondLimits
    names = LOCAL_NAMES
    return [(names[tag], child) for child in item if (tag := child.tag).__class__ is str]


def _pieces(item: Markup) -> list[str | Markup]:
    """``_parts`` without making whitespace single spaces: for words only."""
    if item.__class__ is Node:
        return item.parts()
    if len(item) > MAX_CHILDREN:
        raise BeyondLimits
    pieces: list[str | Markup] = [item.text or ""]
    for child in item:
        if child.tag.__class__ is str:
            pieces.append(child)
        pieces.append(child.tail or "")
    return pieces


def _only_text(item: Node) -> str | None:
    """What ``item`` holds when that is one piece of text (most table cells), else None."""
    children = item.parts()
    return children[0] if len(children) == 1 and children[0].__class__ is str else None


def _first(item: Markup, name: str) -> Markup | None:
    return next((child for tag, child in _elements(item) if tag == name), None)


def _text(item: Markup) -> str:
    if item.__class__ is Node:
        return item.text()
    return Lazy(item, frozenset(), 1).text()


def _words(item: Markup) -> str:
    return " ".join(_text(item).split())


@dataclass(frozen=True, eq=False)
class _Style:
    """Made only by ``_style``, once per kind: so compared (and hashed) by identity."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    lines: bool = False
    """Inside <pre>: the line breaks of the text are kept."""


@functools.cache
def _style(bold: bool = False, italic: bool = False, underline: bool = False,
           lines: bool = False) -> _Style:  # fmt: skip
    """The one ``_Style`` of each kind (there are 16): shared, not made per element."""
    return _Style(bold, italic, underline, lines)


def _styled(tag: str, attrs: dict[str, str], style: _Style) -> _Style:
    if tag not in _EMPHASIS and "styleCode" not in attrs and "style" not in attrs:
        return style  # most elements (an ID is not a style)
    return _restyled(tag, attrs.get("styleCode", ""), attrs.get("style", ""), style)


@functools.lru_cache(maxsize=1024)
def _restyled(tag: str, style_code: str, css: str, style: _Style) -> _Style:
    """``_styled`` for an element that may change the style: a table's header cells and
    styled words repeat their few kinds of markup, so each is read once."""
    codes = {code.casefold() for code in style_code.split()}
    css = css.replace(" ", "").casefold()
    if tag in ("b", "strong", "th") or "bold" in codes or "font-weight:bold" in css:
        style = _style(True, style.italic, style.underline, style.lines)
    if tag in ("i", "em", "cite") or codes & {"italics", "emphasis"} or "italic" in css:
        style = _style(style.bold, True, style.underline, style.lines)
    if tag == "u" or "underline" in codes or "underline" in css:
        style = _style(style.bold, style.italic, True, style.lines)
    return style


@dataclass
class _Flow:
    """Blocks being built, with the paragraph still open at the end."""

    blocks: list[Block] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    def text(self, text: str, style: _Style) -> None:
        if style.lines and "\n" in text:
            for number, line in enumerate(text.split("\n")):
                if number:
                    self.line_break()
                self.text(line, _style(style.bold, style.italic, style.underline))
            return
        text = _single_spaced(text)
        if not text:
            return
        if text == " " and (not self.runs or self.runs[-1].text.endswith((" ", "\n"))):
            return
        last = self.runs[-1] if self.runs else None
        if last is not None and (last.bold, last.italic, last.underline) == (
            style.bold,
            style.italic,
            style.underline,
        ):
            last.text += text
        else:
            self.runs.append(Run(text, style.bold, style.italic, style.underline))

    def line_break(self) -> None:
        if self.runs and not self.runs[-1].text.endswith("\n\n"):
            self.runs[-1].text = self.runs[-1].text.rstrip(" ") + "\n"

    def end(self, style: str = "") -> None:
        if not self.runs:  # most often: nothing since the last block
            return
        runs = _trimmed(self.runs)
        if runs:
            self.blocks.append(Paragraph(runs, style))
        self.runs = []

    def add(self, block: Block) -> None:
        self.end()
        self.blocks.append(block)


def _trimmed(runs: list[Run]) -> list[Run]:
    while runs and not runs[0].text.strip():
        runs = runs[1:]
    while runs and not runs[-1].text.strip():
        runs = runs[:-1]
    if not runs:
        return []
    runs[0].text = runs[0].text.lstrip()
    runs[-1].text = runs[-1].text.rstrip()
    for run in runs:
        run.text = run.text.replace(" \n", "\n").replace("\n ", "\n")
    return runs


def blocks_of(node: Markup) -> list[Block]:
    """The blocks a narrative container (a section's ``text``, a FHIR ``div``) holds."""
    if node.__class__ is Node and (element := narrative_element(node)) is not None:
        node = element  # read from lxml directly, no Nodes made
    flow = _Flow()
    _walk(node, flow, _style())
    flow.end()
    return flow.blocks


def _walk(node: Markup, flow: _Flow, style: _Style) -> None:
    for child in _parts(node):
        if child.__class__ is str:
            flow.text(child, style)
        else:
            _element(child, flow, style)


def _element(node: Markup, flow: _Flow, style: _Style) -> None:
    tag = _tag(node)
    if tag in _DROPPED:
        return
    if tag == "br":
        flow.line_break()
    elif tag in _PICTURES:
        flow.end()
        flow.blocks.append(Paragraph([Run(PICTURE_REMARK, italic=True)], "remark"))
    elif tag in _HEADINGS:
        flow.end()
        _walk(node, flow, _style(True, style.italic, style.underline, style.lines))
        flow.end("heading")
    elif tag == "pre" and (aligned := _aligned_table(_text(node))) is not None:
        flow.add(aligned)
    elif tag in _PARAGRAPHS:
        flow.end()
        styled = _styled(tag, _attrs(node), style)
        if tag == "pre" and not styled.lines:
            styled = _style(styled.bold, styled.italic, styled.underline, True)
        _walk(node, flow, styled)
        flow.end()
    elif tag in _LISTS:
        flow.add(_list(node, style))
        _stray_text(node, (), flow, style)
    elif tag == "table":
        if node.__class__ is Node:
            flow.add(_table(node, style))
            _stray_text(node, _ROW_HOLDERS, flow, style)
        else:
            reader = _LxmlTable(style)
            flow.add(reader.read(node))
            if reader.stray:
                _stray_text(node, _ROW_HOLDERS, flow, style)
    elif tag in ("caption", "tfoot"):
        flow.end()
        _walk(node, flow, style)
        flow.end("caption")
    elif tag == "footnote":
        flow.text(" [", style)
        _walk(node, flow, style)
        flow.text("] ", style)
    elif tag in ("sup", "footnoteRef") and not any(True for _part in _parts(node)):
        reference = _attrs(node).get("IDREF", "")
        flow.text(f"[{reference}]" if reference else "", style)
    else:  # content, span, a, linkHtml, sub, sup and anything unknown: its words
        styled = _styled(tag, _attrs(node), style)
        if node.__class__ is not Node and not len(node) and tag != "text":
            text = node.text  # words alone (most): what _walk would give flow of them
            if text:
                flow.text(" " if text.isspace() else text, styled)
            return
        _walk(node, flow, styled)


def _stray_text(node: Markup, holders: tuple[str, ...], flow: _Flow, style: _Style) -> None:
    """Words standing between a table's rows or a list's items (a very large table is
    kept as words only past a point): kept after it as an "overflow" paragraph, which
    the readable copy shows and the printed pages only mention."""
    stack = [node]
    while stack:
        current = stack.pop()
        for child in _pieces(current):
            if child.__class__ is str:
                if child.strip():
                    flow.text(child, style)
            elif _tag(child) in holders:
                stack.append(child)
    flow.end("overflow")


_ROW_HOLDERS = ("thead", "tbody", "tfoot", "tr")


_COLUMN_GAP = re.compile(r"\s{2,}|\t")


def _aligned_table(text: str) -> Table | None:
    """Preformatted text laid out in columns (a lab report typed with spaces) as a table,
    when every line has the same number of columns; None when it is not such a layout.
    Without a fixed-width font the spaces would no longer line anything up."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rows = [_COLUMN_GAP.split(line) for line in lines]
    if len(rows) < 2 or len(rows[0]) < 2 or any(len(row) != len(rows[0]) for row in rows):
        return None

    def cells(row: list[str], header: bool) -> list[Cell]:
        return [Cell([Paragraph([Run(word, bold=header)])], header=header) for word in row]

    return Table([cells(rows[0], True)], [cells(row, False) for row in rows[1:]])


def _list(node: Markup, style: _Style) -> ItemList:
    listing = _attrs(node).get("listType", "")
    ordered = _tag(node) == "ol" or listing.casefold() == "ordered"
    items: list[list[Block]] = []
    caption = _first(node, "caption")
    for tag, child in _elements(node):
        if tag in _ITEMS:
            flow = _Flow()
            _walk(child, flow, _styled(tag, _attrs(child), style))
            flow.end()
            items.append(flow.blocks)
        elif tag != "caption":
            flow = _Flow()
            _element(child, flow, style)
            flow.end()
            if flow.blocks:
                items.append(flow.blocks)
    result = ItemList(items, ordered)
    if caption is not None and (words := _words(caption)):
        result.items.insert(0, [Paragraph([Run(words, bold=True)], "caption")])
    return result


def _table(node: Node, style: _Style) -> Table:
    """A table of Nodes; an lxml table is read by ``_LxmlTable``."""
    caption = _first(node, "caption")
    head: list[list[Cell]] = []
    rows: list[list[Cell]] = []
    for tag, child in _elements(node):
        if tag == "thead":
            head += [_row(tr, style) for name, tr in _elements(child) if name == "tr"]
        elif tag in ("tbody", "tfoot"):
            rows += [_row(tr, style) for name, tr in _elements(child) if name == "tr"]
        elif tag == "tr":
            rows.append(_row(child, style))
    if not head and rows and rows[0] and all(cell.header for cell in rows[0]):
        head, rows = rows[:1], rows[1:]
    return Table(head, [row for row in rows if row], _words(caption) if caption is not None else "")


def _row(tr: Node, style: _Style) -> list[Cell]:
    cells = []
    for tag, cell in _elements(tr):
        if tag != "td" and tag != "th":
            continue
        attrs = _attrs(cell)
        styled = _styled(tag, attrs, style)
        only = _only_text(cell)
        if only is not None and not styled.lines:
            # Most cells are a few words: what _Flow would make of them, made directly.
            words = _spaced_words(only)
            run = Run(words, styled.bold, styled.italic, styled.underline)
            blocks: list[Block] = [Paragraph([run])] if words else []
        else:
            flow = _Flow()
            _walk(cell, flow, styled)
            flow.end()
            blocks = flow.blocks
        span = node_span(attrs["colspan"]) if "colspan" in attrs else 1
        cells.append(Cell(blocks, tag == "th", span))
    return cells


def _has_words(text: str | None) -> bool:
    return bool(text and not text.isspace())


_WORDS_ELEMENTS = frozenset({"content", "span"})


def _words_element(cell: Markup, text: str | None) -> Markup | None:
    """The one <content> or <span> a cell's words are in, with nothing but spaces around
    it and nothing inside it but its words (a C-CDA cell with an ID to point at), or
    None: _Flow makes that one run, in its style."""
    if len(cell) != 1 or (text and not text.isspace()):
        return None
    inner = cell[0]
    tag = inner.tag
    if (
        tag.__class__ is not str
        or len(inner)
        or LOCAL_NAMES[tag] not in _WORDS_ELEMENTS
        or _has_words(inner.tail)
    ):
        return None
    return inner


class _LxmlTable:
    """``_table`` for an lxml table, in lxml's terms (the cells of tables are most of a
    narrative, and most are a few words without attributes), which also finds on the
    way whether ``_stray_text`` has anything to read: ``stray``, words standing between
    its rows (most tables have none), or a holder of rows the rows here do not read."""

    def __init__(self, style: _Style) -> None:
        self.style = style
        self.stray = False

    def read(self, table: Markup) -> Table:
        if len(table) > MAX_CHILDREN:
            raise BeyondLimits
        names = LOCAL_NAMES
        caption = None
        head: list[list[Cell]] = []
        rows: list[list[Cell]] = []
        stray = _has_words(table.text)
        for child in table:
            stray = stray or _has_words(child.tail)
            tag = child.tag
            if tag.__class__ is not str:
                continue
            name = names[tag]
            if name == "tr":
                rows.append(self.row(child))
            elif name in ("thead", "tbody", "tfoot"):
                self.rows_of(child, head if name == "thead" else rows)
            elif name == "caption" and caption is None:
                caption = child
        self.stray = self.stray or stray
        if not head and rows and rows[0] and all(cell.header for cell in rows[0]):
            head, rows = rows[:1], rows[1:]
        words = _words(caption) if caption is not None else ""
        return Table(head, [row for row in rows if row], words)

    def rows_of(self, part: Markup, into: list[list[Cell]]) -> None:
        """The rows of a <thead>, <tbody> or <tfoot>, added to ``into``; words between
        them, or a holder of rows in it, make ``stray``."""
        if len(part) > MAX_CHILDREN:
            raise BeyondLimits
        names = LOCAL_NAMES
        stray = _has_words(part.text)
        for child in part:
            stray = stray or _has_words(child.tail)
            tag = child.tag
            if tag.__class__ is not str:
                continue
            name = names[tag]
            if name == "tr":
                into.append(self.row(child))
            elif name in _ROW_HOLDERS:
                stray = True  # read by _stray_text alone
        if stray:
            self.stray = True

    def row(self, tr: Markup) -> list[Cell]:
        """``_row`` for an lxml row."""
        if len(tr) > MAX_CHILDREN:
            raise BeyondLimits
        names, style = LOCAL_NAMES, self.style
        cells = []
        stray = _has_words(tr.text)
        for cell in tr:
            tail = cell.tail
            if tail and not stray and not tail.isspace():
                stray = True
            tag = cell.tag
            if tag.__class__ is not str:
                continue
            tag = names[tag]
            if tag != "td" and tag != "th":
                if tag in _ROW_HOLDERS:
                    stray = True  # read by _stray_text alone
                continue
            attrs = attributes_of(cell)
            styled = _styled(tag, attrs, style) if attrs or tag == "th" else style
            text = cell.text
            blocks: list[Block]
            count = len(cell)
            inner = _words_element(cell, text) if count and not styled.lines else None
            if not styled.lines and (not count or inner is not None):
                # as _row and _Flow would have it for a Node
                if inner is not None:  # its words are in one <content> or <span>
                    text = inner.text
                    styled = _styled(names[inner.tag], attributes_of(inner), styled)
                words = _spaced_words(text) if text else ""
                if words:
                    run = Run(words, styled.bold, styled.italic, styled.underline)
                    blocks = [Paragraph([run])]
                else:
                    blocks = []
            else:
                flow = _Flow()
                _walk(cell, flow, styled)
                flow.end()
                blocks = flow.blocks
            span = node_span(attrs["colspan"]) if "colspan" in attrs else 1
            cells.append(Cell(blocks, tag == "th", span))
        if stray:
            self.stray = True
        return cells


def node_span(text: str) -> int:
    return max(1, min(MAX_SPAN, int(text))) if text.strip().isdigit() else 1


def text_blocks(text: str) -> list[Block]:
    """Plain text (an embedded text/plain body) as paragraphs split at blank lines."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [" ".join(line.split()) for line in chunk.strip().split("\n")]
        if any(lines):
            blocks.append(Paragraph([Run("\n".join(lines))]))
    return blocks
