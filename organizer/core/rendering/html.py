"""A Rendering as one HTML page that opens offline in any browser: no scripts, no links
out, no pictures fetched, everything escaped. It sits next to the original in the
export folder as its readable copy."""

from __future__ import annotations

from html import escape

from organizer.core.rendering.model import Block, ItemList, Paragraph, Rendering, Table

_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
    "line-height:1.45;color:#111}table{border-collapse:collapse;margin:.5em 0 1em}"
    "td,th{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}"
    "th{background:#eee}dl.header{display:grid;grid-template-columns:max-content auto;"
    "gap:.2em 1em}dl.header dt{font-weight:bold}dl.header dd{margin:0}.remark{color:#444;"
    "font-style:italic}.caption{font-weight:bold}h2{border-bottom:1px solid #999;"
    "margin-top:1.6em}p{margin:.4em 0;white-space:pre-line}"
)
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def rendering_html(rendering: Rendering, note: str = "") -> bytes:
    """The page; ``note`` (the app's words, e.g. where the original is) goes under the title."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        f"<title>{escape(rendering.title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(rendering.title)}</h1>",
        f'<p class="remark">{escape(rendering.kind)}</p>',
    ]
    if note:
        out.append(f'<p class="remark">{escape(note)}</p>')
    if rendering.fields:
        out.append('<dl class="header">')
        for label, value in rendering.fields:
            out.append(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")
        out.append("</dl>")
    for remark in rendering.notes:
        out.append(f'<p class="remark">{escape(remark)}</p>')
    for attachment in rendering.attachments:
        what = "a PDF" if attachment.media_type == "application/pdf" else "a picture"
        out.append(
            f'<p class="remark">This document carries {what}; it is in the packet PDF '
            "and inside the original file.</p>"
        )
    for section in rendering.sections:
        level = min(6, section.level + 1)
        out.append(f"<h{level}>{escape(section.title)}</h{level}>")
        _blocks(section.blocks, out)
        if not section.blocks:
            out.append('<p class="remark">(no text in this section)</p>')
    out.append("</body></html>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _blocks(blocks: list[Block], out: list[str]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(_paragraph(block))
        elif isinstance(block, ItemList):
            tag = "ol" if block.ordered else "ul"
            out.append(f"<{tag}>")
            for item in block.items:
                out.append("<li>")
                _blocks(item, out)
                out.append("</li>")
            out.append(f"</{tag}>")
        else:
            _table(block, out)


def _paragraph(paragraph: Paragraph) -> str:
    pieces = []
    for run in paragraph.runs:
        text = escape(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.underline:
            text = f"<u>{text}</u>"
        pieces.append(text)
    style = f' class="{paragraph.style}"' if paragraph.style in ("caption", "remark") else ""
    body = "".join(pieces)
    return f"<p><b>{body}</b></p>" if paragraph.style == "heading" else f"<p{style}>{body}</p>"


def _table(table: Table, out: list[str]) -> None:
    out.append("<table>")
    if table.caption:
        out.append(f"<caption>{escape(table.caption)}</caption>")
    for rows, tag in ((table.head, "th"), (table.rows, "td")):
        for row in rows:
            out.append("<tr>")
            for cell in row:
                name = "th" if cell.header or tag == "th" else "td"
                span = f' colspan="{cell.span}"' if cell.span > 1 else ""
                out.append(f"<{name}{span}>")
                _blocks(cell.blocks, out)
                out.append(f"</{name}>")
            out.append("</tr>")
    out.append("</table>")
