"""The first screen's escaping of text for rich-text labels is html.escape's."""

from __future__ import annotations

import html

import pytest

from organizer.gui.markup import escape


@pytest.mark.parametrize(
    "text",
    ["", "Ana Diaz", "<b>bold</b> & 'quoted' \"twice\"", "a&amp;b", "x < y > z", "été ✓ 中文"],
)
def test_escape_is_what_html_escape_gives(text: str) -> None:
    assert escape(text) == html.escape(text)
