"""index.html: a page that lists everything in the folder with links, for any browser.

It works offline and has no scripts and no outside resources, so it opens the same on a
hospital PC that blocks both.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from organizer.core.export.numbering import PageRange
from organizer.core.export.plan import FOLDER_TITLES, ExportPlan, Kind
from organizer.core.export.summary import study_facts

_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.3em .5em;"
    "text-align:left;vertical-align:top}h2{margin-top:1.5em}.note{color:#444}"
)


def _link(path: str, text: str) -> str:
    return f'<a href="{escape(quote(path))}">{escape(text)}</a>'


def index_html(
    plan: ExportPlan,
    pdf_paths: list[str],
    ranges: dict[int, PageRange],
    checklist_note: str | None,
) -> bytes:
    person, packet = plan.person, plan.packet
    born = person.dob.display() if person.dob else "not recorded"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(person.name)}: records for a second opinion</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(person.name)}</h1>",
        f"<p>Date of birth: {escape(born)}<br>Packet: {escape(packet.title)}<br>",
        f"Prepared on {escape(plan.created.date().isoformat())}</p>",
    ]
    if packet.question:
        out.append(
            f"<p><strong>Question for the specialist:</strong> {escape(packet.question)}</p>"
        )
    out.append("<h2>Read first</h2><ul>")
    for path in pdf_paths:
        out.append(f"<li>{_link(path, path)}</li>")
    out.append("</ul>")
    if checklist_note:
        out.append(f'<p class="note">{escape(checklist_note)}</p>')
    for category, documents in plan.by_category():
        out.append(f"<h2>{escape(FOLDER_TITLES[category])}</h2>")
        out.append("<table><tr><th>Record</th><th>Files</th><th>In the PDF</th></tr>")
        for doc in documents:
            pages = ranges.get(doc.document.id or 0)
            if pages is not None:
                word = "page" if pages.count == 1 else "pages"
                where = f"{word} {pages.pages_text} ({pages.ids_text})"
            elif doc.kind is Kind.STUDY:
                where = "not printable: imaging study " + study_facts(doc)
            else:
                where = f"not printable: {doc.reason}"
            if doc.kind is Kind.STUDY:
                dicomdir = [f for f in doc.files if f.destination.name.upper() == "DICOMDIR"]
                links = [_link(str(doc.location) + "/", str(doc.location) + "/")]
                links += [_link(str(f.destination), "DICOMDIR") for f in dicomdir]
                links.append(f"{len(doc.files)} files")
            else:
                links = [_link(str(f.destination), f.destination.name) for f in doc.files]
                if doc.readable is not None and doc.readable_sha256:
                    readable = _link(str(doc.readable), "Readable copy (opens in any browser)")
                    links = [readable, *(f"original: {link}" for link in links)]
            out.append(
                f"<tr><td>{escape(doc.label)}</td><td>{'<br>'.join(links)}</td>"
                f"<td>{escape(where.strip())}</td></tr>"
            )
        out.append("</table>")
    out.append(
        '<p class="note">Check the files: <code>sha256sum -c SHA256SUMS</code> in this folder. '
        f"{_link('manifest.json', 'manifest.json')} lists everything for programs.</p>"
    )
    out.append("</body></html>")
    return ("\n".join(out) + "\n").encode("utf-8")
