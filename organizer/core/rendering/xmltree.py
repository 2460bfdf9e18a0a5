"""A small tree of an XML document, built while streaming it through the safe parser.

A portal file can hold a 50 MB narrative or a hundred thousand coded entries. Reading it
into a full element tree would cost many times its size, so the document is streamed
(``safexml.stream_events``) and each element is turned into a compact ``Node`` as soon as
it ends, with its parser element emptied. Whole subtrees the caller does not need (the
coded entries of a C-CDA) are dropped as they end. Text is kept up to a budget, nesting
beyond a depth becomes plain text, and what was left out is counted so the rendering can
say so instead of hanging or running out of memory.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from organizer.core.importing.safexml import (
    MAX_XML_BYTES,
    no_dtd_possible,
    parse_document,
    stream_events,
)

if TYPE_CHECKING:
    from lxml.etree import _Element as LxmlElement  # type: ignore[import-untyped]

MAX_CHARS = 1_000_000
"""Characters of text kept from one document (about 300 printed pages)."""
MAX_BINARY_CHARS = 96 * 1024**2
"""Base64 text kept from embedded files (a C-CDA nonXMLBody), apart from the budget above."""
MAX_NODES = 250_000
MAX_DEPTH = 40
MAX_CHILDREN = 10_000
"""Elements kept as structure under one parent; more siblings (a table's 100,000th row)
are kept as their words only."""
KEPT_LEVELS = 3
"""Elements this near the root stay structure even when the node budget is spent."""


@dataclass(slots=True)
class Node:
    tag: str
    """The local name, without its namespace."""
    ns: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    source: Lazy | None = None
    """Where ``children`` are still to be read from (see ``lazy_tree``)."""

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    def parts(self) -> list[Node | str]:
        """``children``, made from ``source`` when first asked for."""
        if self.source is not None:
            self.children = self.source.children()
            self.source = None
        return self.children

    def nodes(self) -> Iterator[Node]:
        for child in self.parts():
            if isinstance(child, Node):
                yield child

    def first(self, *path: str) -> Node | None:
        """The first descendant along ``path`` of local names, or None."""
        current: Node | None = self
        for step, name in enumerate(path):
            if current is None:
                return None
            if current.source is not None:  # found without making Nodes of the others
                return current.source.first_along(path[step:])
            found = None
            for child in current.children:
                if child.__class__ is Node and child.tag == name:
                    found = child
                    break
            current = found
        return current

    def all(self, name: str) -> list[Node]:
        if self.source is not None:
            return self.source.named(name)
        return [n for n in self.children if n.__class__ is Node and n.tag == name]

    def text(self) -> str:
        """All the text below this node, whitespace as it is (iterative: trees may be deep)."""
        pieces: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                pieces.append(item)
            elif item.source is not None:
                pieces.append(item.source.text())
            else:
                stack.extend(reversed(item.children))
        return "".join(pieces)

    def words(self) -> str:
        """The text with runs of whitespace made single spaces."""
        return " ".join(self.text().split())

    def spaced_words(self) -> str:
        """The words with a space at each element boundary too: for data, where
        <Given>Ana</Given><Family>Diaz</Family> means two words."""
        pieces: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                pieces.append(item)
            else:
                pieces.append(" ")
                stack.extend(reversed(item.parts()))
        return " ".join("".join(pieces).split())


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


@functools.lru_cache(maxsize=4096)
def _split(tag: str) -> tuple[str, str]:
    """'{ns}local' as (ns, local); a document has few distinct names, so they are cached."""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _attributes(attrib: dict[str, str]) -> dict[str, str]:
    """Attributes by local name (xsi:type keeps its namespace, to tell it from type)."""
    if not any(key.startswith("{") for key in attrib):
        return dict(attrib)
    return {_split(k)[1] if "XMLSchema-instance" not in k else k: v for k, v in attrib.items()}


def read_tree(
    source: BinaryIO,
    drop: frozenset[str] = frozenset(),
    max_chars: int = MAX_CHARS,
    max_nodes: int = MAX_NODES,
    max_depth: int = MAX_DEPTH,
) -> tuple[Node, Shortfall]:
    """The document as ``Node``s, without elements whose tag ('{ns}local') is in ``drop``,
    streamed: for large files, whose whole element tree would not fit in memory.

    Raises ``XmlRefused`` for what the safe parser refuses (entity declarations,
    external references, XML that is not well-formed).
    """
    with stream_events(source) as events:
        return _assemble(events, drop, _Budget(max_chars, MAX_BINARY_CHARS, max_nodes), max_depth)


def tree_of(
    root: ET.Element, drop: frozenset[str] = frozenset(), max_chars: int = MAX_CHARS
) -> tuple[Node, Shortfall]:
    """The same ``Node``s from a parsed element tree (small files, parsed in one go):
    dropped subtrees are skipped without being visited at all."""
    budget = _Budget(max_chars, MAX_BINARY_CHARS, MAX_NODES)
    return _assemble(_walk(root, drop), frozenset(), budget, MAX_DEPTH)


def tree_of_lxml(
    root: LxmlElement, drop: frozenset[str] = frozenset(), max_chars: int = MAX_CHARS
) -> tuple[Node, Shortfall]:
    """The same ``Node``s from an lxml tree (``parse_fast``), built directly: the coded
    entries (``drop``) stay inside lxml and are never made Python objects.

    The result equals ``tree_of`` on the same document, limits included: each element
    is built when all its children are, its text before its children's tails, in the
    order ``_assemble`` builds them.
    """
    budget = _Budget(max_chars, MAX_BINARY_CHARS, MAX_NODES)
    shortfall = Shortfall()
    # Per open element: [the element, its remaining children, what its children became
    # (each with the text after it), how many of them are kept as structure].
    stack: list[list[Any]] = [[root, iter(root), [], 0]]
    made: Node | str = ""
    while stack:
        frame = stack[-1]
        results = frame[2]
        for child in frame[1]:
            tag = child.tag
            if tag.__class__ is not str or tag in drop:  # an entry (or a comment)
                results.append(("", child.tail or ""))
            elif len(child):
                stack.append([child, iter(child), [], 0])
                break
            else:  # a leaf, built at once
                made = _finish(child, [], 0, len(stack) + 1, frame[3], budget, shortfall)
                results.append((made, child.tail or ""))
                if made.__class__ is Node:
                    frame[3] += 1
        else:
            stack.pop()
            parent = stack[-1] if stack else None
            made = _finish(
                frame[0], results, frame[3], len(stack) + 1, parent[3] if parent else 0,
                budget, shortfall,
            )  # fmt: skip
            if parent is not None:
                parent[2].append((made, frame[0].tail or ""))
                if made.__class__ is Node:
                    parent[3] += 1
    if not isinstance(made, Node):
        made = Node("", "", {})
    return made, shortfall


def _finish(
    element: LxmlElement,
    results: list[tuple[Node | str, str]],
    kept_children: int,
    depth: int,
    kept_siblings: int,
    budget: _Budget,
    short: Shortfall,
) -> Node | str:
    """``_build`` for an lxml element whose children are built: a Node, or its words
    when a limit says so (the same limits as ``_assemble``)."""
    keep = True
    if depth > MAX_DEPTH:
        short.flattened += 1
        keep = False
    elif kept_siblings >= MAX_CHILDREN or (
        budget.nodes <= 0 and depth > KEPT_LEVELS and not kept_children
    ):
        short.nodes += 1
        keep = False
    ns, local = _split(element.tag)
    attrs = attributes_of(element)
    parts: list[Node | str] = []
    text = element.text
    if text and local == "text" and attrs.get("representation", "").upper() == "B64":
        kept = text[: budget.binary]
        budget.binary -= len(kept)
        parts.append(kept)
    elif text:
        if len(text) < budget.chars and not text.isspace():  # most text: kept as it is
            budget.chars -= len(text)
            parts.append(text)
        else:
            _add_text(parts, text, budget, short)
    for made, tail in results:
        _add_child(parts, made, tail, budget, short)
    if not keep:
        return "".join(p if isinstance(p, str) else p.text() for p in parts)
    budget.nodes -= 1
    return Node(local, ns, attrs, parts)


def _walk(root: ET.Element, drop: frozenset[str]) -> Iterator[tuple[str, ET.Element]]:
    """Start and end events over a tree, as a parser would give them, minus ``drop``."""
    yield "start", root
    stack = [(root, iter(root))]
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield "end", element
        elif isinstance(child.tag, str) and child.tag not in drop:
            yield "start", child
            stack.append((child, iter(child)))


def _assemble(
    events: Iterator[tuple[str, ET.Element]],
    drop: frozenset[str],
    budget: _Budget,
    max_depth: int,
) -> tuple[Node, Shortfall]:
    shortfall = Shortfall()
    built: dict[int, Node | str] = {}
    structure: list[int] = [0]
    """For each open element, how many of its children were kept as structure."""
    dropping = 0
    root: Node | str | None = None
    for event, element in events:
        if event == "start":
            if dropping or (len(structure) > 1 and element.tag in drop):
                dropping += 1
            else:
                structure.append(0)
            continue
        if dropping:
            dropping -= 1
            _empty(element)
            continue
        depth = len(structure) - 1
        kept_children = structure.pop()
        if depth > max_depth:
            shortfall.flattened += 1
            keep = False
        elif structure[-1] >= MAX_CHILDREN or (
            budget.nodes <= 0 and depth > KEPT_LEVELS and not kept_children
        ):
            shortfall.nodes += 1
            keep = False
        else:
            keep = True
        node = _build(element, built, budget, shortfall, keep)
        built[id(element)] = node
        if isinstance(node, Node):
            structure[-1] += 1
        if depth == 1:
            root = node
    if not isinstance(root, Node):
        root = Node("", "", {})
    return root, shortfall


def read_tree_bytes(
    data: bytes,
    drop: frozenset[str] = frozenset(),
    max_chars: int = MAX_CHARS,
    lazy: bool = False,
) -> tuple[Node, Shortfall]:
    """A document held in memory (a C-CDA up to a few megabytes, a FHIR narrative
    ``div``): read by lxml when it cannot hold a DTD, otherwise by the careful parser,
    which also says what is wrong with a document that is not well-formed. ``lazy``:
    a ``lazy_tree`` when the document is ``within_limits`` (the caller then catches
    ``BeyondLimits`` and reads it again without)."""
    root = parse_fast(data)
    if root is not None:
        if lazy and within_limits(data, max_chars):
            return lazy_tree(root, drop), Shortfall()
        return tree_of_lxml(root, drop, max_chars)
    return tree_of(parse_document(data), drop, max_chars)


def read_markup(data: bytes) -> Node | LxmlElement:
    """A narrative held as a string (a FHIR JSON ``div``) as lxml's element when it is
    ``within_limits`` and not too deep (its blocks are read from there), otherwise as
    Nodes."""
    root = parse_fast(data)
    if root is not None and within_limits(data) and not _deeper(MAX_DEPTH)(root):
        return root
    return read_tree_bytes(data)[0]


class BeyondLimits(Exception):
    """Something read from lxml's elements directly (``lazy_tree``) reached one of the
    limits of ``tree_of_lxml``: the document must be read again the usual way, which
    keeps within them (flattening, leaving out and counting what it must)."""


def within_limits(data: bytes, max_chars: int = MAX_CHARS) -> bool:
    """Whether no text or node budget of ``tree_of_lxml`` can run out on ``data``: its
    text cannot be longer than the file, an element takes 4 bytes at least ("<a/>").
    The depth and the width are checked as the elements are read."""
    return len(data) <= max_chars and len(data) < 4 * MAX_NODES


def lazy_tree(root: LxmlElement, drop: frozenset[str] = frozenset()) -> Node:
    """The document's root as a Node whose children are made only when asked for, from
    lxml's elements: the same Nodes as ``tree_of_lxml`` makes for a document
    ``within_limits`` (``BeyondLimits`` when deeper or wider than its limits), but
    what no one reads (most of a C-CDA header) never becomes Nodes, and a narrative
    is read from lxml's elements directly (``narrative_element``).

    The depth and width are checked on what is read: an element no one reads that
    is nested too deep does not add the whole tree's "too large to show in full"
    note, which would speak of something not shown anyway."""
    return _lazy_node(root, drop, 1)


@dataclass(slots=True)
class Lazy:
    """An element whose Node children are not made yet, and how to make them (one per
    Node made lazily: not frozen, which would make it several times slower to make)."""

    element: LxmlElement
    drop: frozenset[str]
    depth: int
    """The element's depth, the root's being 1."""

    def children(self) -> list[Node | str]:
        depth = self.depth + 1
        made: list[Node | str] = []
        for part in lxml_parts(self.element, self.drop):
            if part.__class__ is str:
                made.append(part)
            elif depth > MAX_DEPTH:
                raise BeyondLimits
            else:
                made.append(_lazy_node(part, self.drop, depth))
        return made

    def named(self, name: str, only_first: bool = False) -> list[Node]:
        """The child Nodes of local name ``name`` (or the first), as ``children`` would
        make them, without making the others."""
        element, drop, depth = self.element, self.drop, self.depth + 1
        if len(element) > MAX_CHILDREN:
            raise BeyondLimits
        found: list[Node] = []
        for child in element.iterchildren("{*}" + name):  # lxml matches names in C
            if child.tag not in drop:
                if depth > MAX_DEPTH:
                    raise BeyondLimits
                found.append(_lazy_node(child, drop, depth))
                if only_first:
                    break
        return found

    def first_along(self, path: tuple[str, ...]) -> Node | None:
        """``Node.first(*path)`` of the Node this stands for: the elements on the way are
        passed in lxml's terms, only the last becomes a Node (as ``named`` makes it)."""
        element, drop, depth = self.element, self.drop, self.depth
        for name in path:
            if len(element) > MAX_CHILDREN:
                raise BeyondLimits
            for child in element.iterchildren("{*}" + name):
                if child.tag not in drop:
                    break
            else:
                return None
            depth += 1
            if depth > MAX_DEPTH:
                raise BeyondLimits
            element = child
        return _lazy_node(element, drop, depth)

    def text(self) -> str:
        """``Node.text()`` of the Node this stands for."""
        if not len(self.element):
            return "".join(lxml_parts(self.element, self.drop))
        pieces: list[str] = []
        stack: list[tuple[Any, int]] = [(self.element, self.depth)]
        while stack:
            item, depth = stack.pop()
            if item.__class__ is str:
                pieces.append(item)
            elif depth > MAX_DEPTH:
                raise BeyondLimits
            else:
                parts = lxml_parts(item, self.drop)
                stack.extend((part, depth + 1) for part in reversed(parts))
        return "".join(pieces)


def _lazy_node(element: LxmlElement, drop: frozenset[str], depth: int) -> Node:
    ns, local = _NAMES[element.tag]
    return Node(local, ns, attributes_of(element), [], Lazy(element, drop, depth))


def narrative_element(node: Node) -> LxmlElement | None:
    """The element of a lazy ``node`` (a section's narrative) when its content may be
    read from lxml directly: lxml has found, in C, nothing in it deeper than
    ``MAX_DEPTH`` nor to be dropped. None otherwise: its Nodes are to be made (which
    raises ``BeyondLimits`` on the elements too deep)."""
    lazy = node.source
    if lazy is None:
        return None
    element = lazy.element
    if lazy.drop and next(element.iter(*lazy.drop), None) is not None:
        return None
    if _deeper(MAX_DEPTH - lazy.depth + 1)(element):
        return None
    return element


@functools.lru_cache(maxsize=MAX_DEPTH + 1)
def _deeper(levels: int) -> Any:
    """A compiled XPath: whether an element has descendants ``levels`` levels down."""
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    return etree.XPath(f"boolean({'/'.join(['*'] * max(levels, 1))})")


def attributes_of(element: LxmlElement) -> dict[str, str]:
    """An lxml element's attributes as ``Node.attrs`` holds them."""
    items = element.items()
    if not items:  # most elements of a narrative
        return {}
    attrs = dict(items)
    for key in attrs:
        if key[0] == "{":
            return _attributes(attrs)
    return attrs


_Found = TypeVar("_Found")


class _ByTag(dict[str, _Found]):
    """What ``find`` gives for an lxml tag, kept for the first 4,096 tags: a hit is a
    plain dict lookup, asked per element or per Node in the hot loops."""

    def __init__(self, find: Callable[[str], _Found]) -> None:
        super().__init__()
        self._find = find

    def __missing__(self, tag: str) -> _Found:
        found = self._find(tag)
        if len(self) < 4096:
            self[tag] = found
        return found


LOCAL_NAMES = _ByTag(lambda tag: _split(tag)[1])
"""Local names by lxml tag (narratives ask per element)."""
_NAMES = _ByTag(_split)
"""``_split`` of lxml tags (a lazy tree asks per Node)."""


def lxml_parts(element: LxmlElement, drop: frozenset[str] = frozenset()) -> list[Any]:
    """What would be ``Node.children`` of ``element`` in a document ``within_limits``
    (``BeyondLimits`` when it has too many children): its text, its child elements
    (lxml's) and their tails, whitespace kept and made single spaces as ``_finish``
    and ``_add_child`` do, without the elements ``drop`` names."""
    count = len(element)
    if count > MAX_CHILDREN:
        raise BeyondLimits
    text = element.text
    if text and text.isspace() and not _binary(element):
        text = " "
    if not count:
        return [text] if text else []
    parts: list[Any] = [text] if text else []
    last: Any = text
    """The last part, compared with " " (an element never equals a string)."""
    for child in element:
        tag = child.tag
        if tag.__class__ is str and tag not in drop:
            parts.append(child)
            last = child
        tail = child.tail
        if tail:
            if not tail.isspace():
                parts.append(tail)
                last = tail
            elif parts and last != " ":
                parts.append(" ")
                last = " "
    return parts


def _binary(element: LxmlElement) -> bool:
    return (
        element.tag.endswith("text")
        and LOCAL_NAMES[element.tag] == "text"
        and attributes_of(element).get("representation", "").upper() == "B64"
    )


def parse_fast(data: bytes) -> LxmlElement | None:
    """``data`` parsed by lxml (several times quicker than the standard library's parser),
    or None when the careful parser must read it: a DTD is possible (entity
    declarations, external references), or lxml found it not well-formed.

    Without a DTD no entity can be declared, and lxml is told not to resolve any nor to
    touch the network, so it reads the same safe subset of XML as ``parse_document``.
    """
    if len(data) > MAX_XML_BYTES or not no_dtd_possible(data):
        return None
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    parser = etree.XMLParser(  # one per call: lxml parsers may not be shared by threads
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        return etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError, LookupError):
        return None


def _empty(element: ET.Element) -> None:
    """Free an element's content but keep its tail (its parent's text after it)."""
    del element[:]
    element.text = None
    element.attrib.clear()


def _build(
    element: ET.Element, built: dict[int, Node | str], budget: _Budget, short: Shortfall, keep: bool
) -> Node | str:
    """The element as a Node (``keep``) or as its words, its parser element emptied."""
    ns, local = _split(element.tag)
    attrs = _attributes(element.attrib) if element.attrib else {}
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
        _add_child(parts, built.pop(id(child), None), child.tail, budget, short)
    if len(element):
        del element[:]
    element.text = None
    if not keep:
        return "".join(p if isinstance(p, str) else p.text() for p in parts)
    budget.nodes -= 1
    return Node(local, ns, attrs, parts)


def _add_child(
    parts: list[Node | str],
    made: Node | str | None,
    tail: str | None,
    budget: _Budget,
    short: Shortfall,
) -> None:
    """A built child (a Node, or its words) and the text after it, as both builders add them."""
    if made.__class__ is Node:
        parts.append(made)
    elif made:
        parts.append(f" {made} ")  # its words were counted when it was built
    if tail:
        if tail.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
        else:
            _add_text(parts, tail, budget, short)


def _add_text(parts: list[Node | str], text: str, budget: _Budget, short: Shortfall) -> None:
    """Keep ``text`` within the budget of characters, counting what does not fit."""
    if text.isspace():
        text = " "
    if len(text) > budget.chars:
        short.chars += len(text) - max(budget.chars, 0)
        text = text[: max(budget.chars, 0)]
    budget.chars -= len(text)
    if text:
        parts.append(text)
