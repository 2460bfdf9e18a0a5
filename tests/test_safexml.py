"""The one fast path for whole XML trees: the C parser only when no DTD is possible, the
careful (defusedxml) parser otherwise; every entry point refuses the same hostile files."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from organizer.core.importing import safexml
from organizer.core.importing.safexml import XmlRefused, parse_document, parse_tree, whole_tree

BOMB = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><x>&b;</x>'
EXTERNAL = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
PLAIN = b'<?xml version="1.0" encoding="UTF-8"?>\n<x a="1"><y>caf\xc3\xa9</y></x>'

Reader = Callable[[bytes, Path], ET.Element]


def _from_bytes(data: bytes, _folder: Path) -> ET.Element:
    return parse_document(data)


def _from_file(reader: Callable[[Path], ET.Element]) -> Reader:
    def read(data: bytes, folder: Path) -> ET.Element:
        path = folder / "file.xml"
        path.write_bytes(data)
        return reader(path)

    return read


READERS = {
    "parse_document": _from_bytes,
    "parse_tree": _from_file(parse_tree),
    "whole_tree": _from_file(whole_tree),
}


@pytest.fixture(params=sorted(READERS))
def read(request: pytest.FixtureRequest) -> Reader:
    return READERS[request.param]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (BOMB, "declares entities"),
        (EXTERNAL, "external entity"),
        (b'<?xml version="1.0"?>\n' + BOMB, "declares entities"),
        # a comment that looks like the root element, then the real DOCTYPE
        (b"<?xml version='1.0'?><!-- <x> --><!-- --> " + BOMB, "declares entities"),
        (b"<?pi ?> <x> ?><!-- " + b"x" * 10 + b" -->" + BOMB, "not well-formed"),
        # the same bomb in UTF-16, with and without a byte order mark
        (BOMB.decode().encode("utf-16"), "declares entities"),
        (BOMB.decode().encode("utf-16-le"), "not well-formed|declares entities"),
        (b"<x>&lol;</x>", "not well-formed"),  # no DTD: an entity reference is an error
        (b"<x>cut", "not well-formed"),
        (b"", "not well-formed"),
    ],
)
def test_hostile_and_broken_xml_is_refused_by_every_reader(
    read: Reader, tmp_path: Path, data: bytes, reason: str
) -> None:
    with pytest.raises(XmlRefused, match=reason):
        read(data, tmp_path)


@pytest.mark.parametrize(
    "name", ["xml_bomb__xmlbomb.xml", "xml_bomb__quadratic.xml", "xml_xxe__external.xml"]
)
def test_the_hostile_samples_are_refused_by_every_reader(
    read: Reader, tmp_path: Path, samples: Path, name: str
) -> None:
    with pytest.raises(XmlRefused, match=r"entit|external"):
        read((samples / "bad" / name).read_bytes(), tmp_path)


@pytest.mark.parametrize(
    ("head", "fast"),
    [
        (PLAIN, True),
        (b"\xef\xbb\xbf<x/>", True),
        (b"<?xml version='1.0'?><?xml-stylesheet href='cda.xsl'?>\n<!-- a note --><x/>", True),
        (b'<?xml version="1.0" encoding="windows-1252"?><x/>', True),
        (BOMB, False),
        (b"<!-- <x> -->" + BOMB, False),
        (b'<?xml version="1.0" encoding="UTF-7"?><x/>', False),
        (b'<?xml version="1.0" encoding="UTF-16"?><x/>', False),
        ("<x/>".encode("utf-16"), False),
        (b"<x/>".decode().encode("utf-32-le"), False),
        (b"<!-- a comment that never ends <x/>", False),
        (b"<?xml version='1.0'", False),
        (b"", False),
    ],
)
def test_the_c_parser_only_when_no_dtd_is_possible(head: bytes, fast: bool) -> None:
    assert safexml._no_dtd_possible(head) is fast


def test_a_plain_document_takes_the_fast_path_with_the_same_tree(
    read: Reader, tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (samples / "ccda" / "hl7__CCD.XML").read_bytes()
    careful = ET.tostring(safexml.defused_parse(io.BytesIO(data)).getroot())

    def not_here(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the careful parser was used for a plain document")

    monkeypatch.setattr(safexml, "defused_parse", not_here)
    assert ET.tostring(read(data, tmp_path)) == careful
    assert read(PLAIN, tmp_path).find("y").text == "café"  # type: ignore[union-attr]


def test_a_doctype_without_entities_is_read_by_the_careful_parser(
    read: Reader, tmp_path: Path
) -> None:
    root = read(b'<?xml version="1.0"?><!DOCTYPE x><x><y>kept</y></x>', tmp_path)
    assert root.findtext("y") == "kept"
