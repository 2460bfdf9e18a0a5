"""The two ways a clinical XML file becomes the reader's tree give the same tree.

Most files are parsed by lxml and built straight from its tree (quick); files that may
hold a DTD, are not well-formed or are very large go through the standard library's
parser (careful, streaming). Both must give the same ``Node``s, with the same limits
applied, or the pages would depend on which parser read the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rendering_support import xml_documents

from organizer.core.importing.safexml import parse_document
from organizer.core.rendering import xmltree
from organizer.core.rendering.read import DROPPED_ELEMENTS, NotRenderable, render_file

DOCUMENTS = xml_documents()


@pytest.mark.parametrize(("name", "data"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_lxml_and_the_careful_parser_give_the_same_tree(name: str, data: bytes) -> None:
    fast = xmltree.parse_fast(data)
    assert fast is not None, name
    careful = xmltree.tree_of(parse_document(data), DROPPED_ELEMENTS)
    assert xmltree.tree_of_lxml(fast, DROPPED_ELEMENTS) == careful


@pytest.mark.parametrize(("name", "data"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_the_same_limits_cut_the_same_places(
    name: str, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xmltree, "MAX_NODES", 60)
    monkeypatch.setattr(xmltree, "MAX_CHILDREN", 5)
    monkeypatch.setattr(xmltree, "MAX_DEPTH", 8)
    fast = xmltree.parse_fast(data)
    assert fast is not None
    careful = xmltree.tree_of(parse_document(data), DROPPED_ELEMENTS, max_chars=2000)
    quick = xmltree.tree_of_lxml(fast, DROPPED_ELEMENTS, max_chars=2000)
    assert quick == careful
    assert quick[1].any or name == "mixed"  # limits reached: the comparison covers them


def test_comments_processing_instructions_and_entries_leave_their_neighbours_words() -> None:
    data = dict(DOCUMENTS)["mixed"]
    root, _ = xmltree.read_tree_bytes(data, DROPPED_ELEMENTS)
    text = root.first("component", "structuredBody", "component", "section", "text")
    assert text is not None
    assert " ".join(text.words().split()) == "Seen by Dr A, & after"


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',  # a DTD
        b"<x>&lol;</x>",  # an undeclared entity
        b"<x>cut",  # not well-formed
        '<?xml version="1.0" encoding="UTF-16"?><x/>'.encode("utf-16"),
        b"",
    ],
)
def test_what_might_hold_a_dtd_or_is_damaged_goes_to_the_careful_parser(data: bytes) -> None:
    assert xmltree.parse_fast(data) is None


def test_a_damaged_file_is_refused_with_where_the_damage_is(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_bytes(dict(DOCUMENTS)["mixed"][:400] + b"<paragraph>cut off here")
    with pytest.raises(NotRenderable, match=r"not well-formed \(line 1, column \d+\)"):
        render_file(path)
