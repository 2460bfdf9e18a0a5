"""A file's narrative read straight from lxml's elements gives the same pages as the tree.

Most clinical files are small enough that no reading limit can be reached; they are read
as a ``lazy_tree``: Nodes are made only for what the rendering asks for (a few header
elements, the sections), and each section's narrative is read from lxml's elements
directly. What the reader sees must not depend on that: every rendering here is compared
with the one made from the whole Node tree, and a file beyond the limits (too deep, too
wide) must end up read the careful way, with its note.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from rendering_support import SAMPLES, xml_documents

from organizer.core.rendering import fhir, narrative, xmltree
from organizer.core.rendering.cda import render_cda
from organizer.core.rendering.model import Paragraph, Rendering
from organizer.core.rendering.narrative import blocks_of
from organizer.core.rendering.read import DROPPED_ELEMENTS, _render, render_file

DOCUMENTS = xml_documents()
BEYOND_LIMITS = {"many rows", "deep"}

_NARRATIVES = b"""<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:sdtc="urn:hl7-org:sdtc">
  <code code="34133-9" displayName="Summary of episode note"/>
  <title>Every kind of narrative</title>
  <component><structuredBody>
    <component><section>
      <title>Results</title>
      <text>
        <table border="1"><caption>Lipids <content styleCode="Italics">fasting</content></caption>
          <thead><tr><th>Test</th><th colspan="2">Value and unit</th></tr></thead>
          <tbody>
            <tr><td ID="r1">LDL</td><td>  130 </td><td>mg/dL</td></tr>
            <tr><td><content styleCode="Bold">HDL</content> (low)</td><td>35</td><td/></tr>
            <tr><td><content ID="m1">Aspirin  81
              mg</content></td><td> <content styleCode="Bold">high</content> </td>
              <td><span> </span></td></tr>
            <tr><td><content>Text</content> after</td><td><span><b>x</b></span></td><td/></tr>
            <tr><td><paragraph>Two</paragraph><paragraph>paragraphs</paragraph></td>
                <td><list><item>one</item><item>two</item></list></td><td>x<br/>y</td></tr>
          </tbody>
          <tfoot><tr><td colspan="3">Reference: lab manual</td></tr></tfoot>
        </table>
        Words after the table
      </text>
    </section></component>
    <component><section>
      <title>Medications</title>
      <text><list listType="ordered"><caption>Current</caption>
          <item>Lisinopril <content styleCode="Bold Underline">10 mg</content> daily</item>
          <item><paragraph>Metformin</paragraph><list><item>with food</item></list></item>
        </list>
        <paragraph styleCode="Italics">Reviewed<footnote ID="f1">by the nurse</footnote>
          <sup>1</sup><footnoteRef IDREF="f1"/></paragraph>
        <renderMultiMedia referencedObject="img1"/>
        <linkHtml href="http://example.org">a link's words</linkHtml>&#160;and&#160;&#160;spaces
      </text>
    </section></component>
    <component><section>
      <title>Words between rows</title>
      <text><table><tbody>before the rows<tr><td>A</td> between cells <td>B</td>
          <tr><td>a row in a row</td></tr> and after it</tr>
          <tr><td>C</td><td>&#160;</td></tr>&#160;
          <tbody><tr><td>a body in a body</td></tr></tbody>
        </tbody>at the end</table>
        <table><thead><tr><th>D</th></tr></thead><tbody><tr><td>E</td></tr></tbody>
          <tbody><tbody>inner words</tbody></tbody></table>
        <table><tbody><tr><td>F</td> only between cells <td>G</td></tr></tbody></table></text>
    </section></component>
    <component><section nullFlavor="NI">
      <title>Allergies</title>
      <text/>
    </section></component>
    <component><section>
      <code code="29762-2" displayName="Social history"/>
    </section></component>
    <component><section>
      <title>Plan</title>
      <text>   </text>
      <component><section><title>Nested</title>
        <text><pre>Test     Value   Flag
Glucose  101     H
Sodium   140     N</pre><pre>  kept
   lines  </pre></text>
      </section></component>
    </section></component>
  </structuredBody></component>
</ClinicalDocument>
"""


def _full(data: bytes) -> Rendering:
    return _render(*xmltree.read_tree_bytes(data, DROPPED_ELEMENTS))


def _lazy(data: bytes) -> Rendering:
    return _render(*xmltree.read_tree_bytes(data, DROPPED_ELEMENTS, lazy=True))


@pytest.mark.parametrize(("name", "data"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_a_lazy_tree_renders_as_the_whole_tree(name: str, data: bytes, tmp_path: Path) -> None:
    expected = _full(data)
    if name in BEYOND_LIMITS:
        with pytest.raises(xmltree.BeyondLimits):
            _lazy(data)
        assert any("too large to show in full" in note for note in expected.notes)
    else:
        assert _lazy(data) == expected
    path = tmp_path / "record.xml"
    path.write_bytes(data)
    assert render_file(path) == expected  # read lazily, or again the careful way


def test_every_kind_of_narrative_gives_the_same_blocks() -> None:
    full, _ = xmltree.read_tree_bytes(_NARRATIVES, DROPPED_ELEMENTS)
    lazy, _ = xmltree.read_tree_bytes(_NARRATIVES, DROPPED_ELEMENTS, lazy=True)
    assert lazy.source is not None  # nothing made yet
    pairs = list(zip(_sections(full), _sections(lazy), strict=True))
    assert len(pairs) == 7
    for whole, read_lazily in pairs:
        text = read_lazily.first("text")
        if text is None:
            assert whole.first("text") is None  # the section without a narrative
            continue
        assert text.source is not None  # read from lxml, below
        whole_text = whole.first("text")
        assert whole_text is not None
        assert blocks_of(text) == blocks_of(whole_text)
    rendering = render_cda(xmltree.read_tree_bytes(_NARRATIVES, DROPPED_ELEMENTS, lazy=True)[0],
                           xmltree.Shortfall())  # fmt: skip
    assert rendering == _full(_NARRATIVES)
    words = rendering.plain_text()
    for expected in ("Lipids fasting", "Lisinopril 10 mg daily", "[by the nurse]", "[f1]",
                     "a link's words and spaces", "Glucose\n101\nH", "kept\nlines",
                     "Aspirin 81 mg\nhigh", "Text after\nx"):  # fmt: skip
        assert expected in words, expected
    between = next(s for s in rendering.sections if s.title == "Words between rows").blocks
    overflow = [block.plain() for block in between if isinstance(block, Paragraph)]
    assert len(overflow) == 3  # kept after each table (shown in the copy, not printed)
    for expected in ("at the end", "before the rows", "between cells", "and after it"):
        assert expected in overflow[0], expected
    assert overflow[1:] == ["inner words", "only between cells"]


def test_the_narrative_is_read_without_making_nodes_of_it() -> None:
    root, _ = xmltree.read_tree_bytes(_NARRATIVES, DROPPED_ELEMENTS, lazy=True)
    render_cda(root, xmltree.Shortfall())
    texts = [text for section in _sections(root) if (text := section.first("text")) is not None]
    assert texts
    assert all(text.source is not None for text in texts)


def _sections(root: xmltree.Node) -> list[xmltree.Node]:
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag == "section":
            found.append(node)
        if node.tag in ("ClinicalDocument", "component", "structuredBody", "section"):
            stack.extend(reversed(list(node.nodes())))  # not into narratives
    return found


def _fhir_divs() -> list[tuple[str, str]]:
    found = []
    for path in sorted((SAMPLES / "fhir").glob("*.json")):
        stack: list[Any] = [json.loads(path.read_text(encoding="utf-8"))]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                text = item.get("text")
                if isinstance(text, dict) and isinstance(text.get("div"), str):
                    found.append((path.name, text["div"]))
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    deep = "<div>" + "<div><b>" * 30 + "deep" + "</b></div>" * 30 + "</div>"
    wide = "<div><ul>" + "<li>item</li>" * 10_050 + "</ul></div>"
    return [*found, ("deep", deep), ("wide", wide)]


FHIR_DIVS = _fhir_divs()


@pytest.mark.parametrize(("name", "div"), FHIR_DIVS, ids=[f"{n}-{i}" for i, (n, _) in
                                                         enumerate(FHIR_DIVS)])  # fmt: skip
def test_a_fhir_narrative_gives_the_same_blocks_as_its_tree(name: str, div: str) -> None:
    markup = fhir._ENTITY.sub(fhir._numeric_entity, div).encode("utf-8")
    root, shortfall = xmltree.read_tree_bytes(markup)
    expected = blocks_of(root)
    assert fhir.narrative_blocks({"div": div}) == expected
    if name in ("deep", "wide"):
        assert shortfall.any
    else:
        assert not isinstance(xmltree.read_markup(markup), xmltree.Node)  # read directly


@pytest.mark.parametrize(
    "text",
    ["plain words", "two  spaces", " edges ", "tab\there", "line\nbreak", "no\xa0break",
     "wide\u3000space", "sep\u2028line", "unit\x1fsep", "", " ", "Núñez ≥ 5 mg/dL",
     "\n  indented\n  ", "  lead", "trail\t", "\x85", "a\x01 b", "x \n\r\x0b\x0c y"],
)  # fmt: skip
def test_whitespace_is_made_single_spaces_as_the_pattern_makes_it(text: str) -> None:
    spaced = re.sub(r"\s+", " ", text)
    assert narrative._single_spaced(text) == spaced
    assert narrative._spaced_words(text) == spaced.strip()


def test_every_character_the_pattern_takes_for_space_splits_words() -> None:
    """``_single_spaced`` splits words as ``str.split`` does: the same characters."""
    pattern = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(pattern.fullmatch(char)) == char.isspace(), hex(code)


def test_a_file_over_the_text_budget_is_read_the_usual_way() -> None:
    data = dict(DOCUMENTS)["mixed"]
    small, _ = xmltree.read_tree_bytes(data, DROPPED_ELEMENTS, lazy=True)
    assert small.source is not None
    big = data.replace(b"<title>Big</title>", b"<title>Big</title><!--" + b"x" * 1_000_000 + b"-->")
    root, shortfall = xmltree.read_tree_bytes(big, DROPPED_ELEMENTS, lazy=True)
    assert root.source is None  # a whole tree, within the limits as always
    assert _render(root, shortfall) == _full(data)


def test_limits_are_checked_on_what_is_read(tmp_path: Path) -> None:
    """A part no one reads, nested too deep, leaves the pages as they are and adds no
    "too large to show in full" note (the whole tree would add one about it)."""
    data = dict(DOCUMENTS)["mixed"]
    unread = b"<realmCode>" + b"<x>" * 60 + b"</x>" * 60 + b"</realmCode>"
    deep = data.replace(b"<title>Big</title>", b"<title>Big</title>" + unread)
    lazily = _lazy(deep)
    assert not lazily.notes
    assert lazily == _lazy(data) == _full(data)
    assert any("too large to show in full" in note for note in _full(deep).notes)
    path = tmp_path / "record.xml"
    path.write_bytes(deep)
    assert render_file(path) == lazily
