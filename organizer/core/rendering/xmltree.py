"""A small tree of an XML document, built while streaming it through the safe parser.

A portal file can hold a 50 MB narrative or a hundred thousand coded entries. Reading it
into a full element tree would cost many times its size, so the document is streamed
(``safexml.safe_events``) and each element is turned into a compact ``Node`` as soon as
it ends, with its parser element emptied. Whole subtrees the caller does not need (the
coded entries of a C-CDA) are dropped as they end. Text is kept up to a budget, nesting
beyond a depth becomes plain text, and what was left out is counted so the rendering can
say so instead of hanging or running out of memory.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from organizer.core.importing.safexml import safe_events

MAX_CHARS = 1_500_000
"""Characters of text kept from one document (about 400 printed pages)."""
MAX_BINARY_CHARS = 96 * 1024**2
"""Base64 text kept from embedded files (a C-CDA nonXMLBody), apart from the budget above."""
MAX_NODES = 250_000
MAX_DEPTH = 40


@dataclass(slots=True)
class Node:
    tag: str
    """The local name, without its namespace."""
    ns: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    def nodes(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child

    def first(self, *path: str) -> Node | None:
        """The first descendant along ``path`` of local names, or None."""
        current: Node | None = self
        for name in path:
            if current is None:
                return None
            current = next((n for n in current.nodes() if n.tag == name), None)
        return current

    def all(self, name: str) -> list[Node]:
        return [n for n in self.nodes() if n.tag == name]

    def text(self) -> str:
        """All the text below this node, whitespace as it is (iterative: trees may be deep)."""
        pieces: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                pieces.append(item)
            else:
                stack.extend(reversed(item.children))
        return "".join(pieces)

    def words(self) -> str:
        """The text with runs of whitespace made single spaces."""
        return " ".join(self.text().split())


@dataclass
class Shortfall:
    """What the reader left out to stay within its limits."""

    chars: int = 0
    nodes: int = 0
    flattened: int = 0

    @property
    def any(self) -> bool:
        return bool(self.chars or self.nodes or self.flattened)


@dataclass
class _Budget:
    chars: int
    binary: int
    nodes: int


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def read_tree(
    source: BinaryIO,
    drop: frozenset[str] = frozenset(),
    max_chars: int = MAX_CHARS,
    max_nodes: int = MAX_NODES,
    max_depth: int = MAX_DEPTH,
) -> tuple[Node, Shortfall]:
    """The document as ``Node``s, without elements whose local name is in ``drop``.

    Raises ``XmlRefused`` for what the safe parser refuses (entity declarations,
    external references, XML that is not well-formed).
    """
    budget = _Budget(max_chars, MAX_BINARY_CHARS, max_nodes)
    shortfall = Shortfall()
    built: dict[int, Node | str] = {}
    depth = 0
    dropping = 0
    root: Node | str | None = None
    with safe_events(source) as events:
        for event, element in events:
            if event == "start":
                depth += 1
                if dropping or (depth > 1 and _split(element.tag)[1] in drop):
                    dropping += 1
                continue
            if dropping:
                dropping -= 1
                _empty(element)
            else:
                node = _build(element, built, budget, shortfall, depth > max_depth)
                built[id(element)] = node
                if depth == 1:
                    root = node
            depth -= 1
    if not isinstance(root, Node):
        root = Node("", "", {})
    return root, shortfall


def read_tree_bytes(data: bytes, max_chars: int = MAX_CHARS) -> tuple[Node, Shortfall]:
    return read_tree(io.BytesIO(data), max_chars=max_chars)


def _empty(element: ET.Element) -> None:
    """Free an element's content but keep its tail (its parent's text after it)."""
    del element[:]
    element.text = None
    element.attrib.clear()


def _build(
    element: ET.Element, built: dict[int, Node | str], budget: _Budget, short: Shortfall, deep: bool
) -> Node | str:
    ns, local = _split(element.tag)
    attrs = {_split(k)[1] if k.startswith("{") and "XMLSchema-instance" not in k else k: v
             for k, v in element.attrib.items()}  # fmt: skip
    parts: list[Node | str] = []
    binary = local == "text" and attrs.get("representation", "").upper() == "B64"
    text = element.text
    if binary and text:
        kept = text[: budget.binary]
        budget.binary -= len(kept)
        parts.append(kept)
    elif text:
        _add_text(parts, text, budget, short)
    for child in element:
        made = built.pop(id(child), None)
        if isinstance(made, Node):
            parts.append(made)
        elif made:
            _add_text(parts, made, budget, short, counted=True)
        if child.tail:
            _add_text(parts, child.tail, budget, short)
    _empty(element)
    if deep or budget.nodes <= 0:
        if deep:
            short.flattened += 1
        else:
            short.nodes += 1
        return "".join(p if isinstance(p, str) else p.text() for p in parts)
    budget.nodes -= 1
    return Node(local, ns, attrs, parts)


def _add_text(
    parts: list[Node | str], text: str, budget: _Budget, short: Shortfall, counted: bool = False
) -> None:
    if not counted:
        if text.isspace():
            text = " "
        if len(text) > budget.chars:
            short.chars += len(text) - max(budget.chars, 0)
            text = text[: max(budget.chars, 0)]
        budget.chars -= len(text)
    if text:
        parts.append(text)
