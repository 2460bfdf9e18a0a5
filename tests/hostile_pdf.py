"""A PDF carrying every active part the packet must not pass on, plus a web link it keeps.

Written with pikepdf at test time: JavaScript on opening and in the name tree, an
attached file, a page action, a link that launches a program, a web link with a script
chained after it, a submit-form button, an import-data link and a RichMedia annotation.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

WEB_ADDRESS = "https://example.org/lab-reference-ranges"
ACTIVE_NAMES = (b"/JS", b"/JavaScript", b"/Launch", b"/SubmitForm", b"/EmbeddedFiles")


def _script(pdf: pikepdf.Pdf, code: str) -> pikepdf.Object:
    return pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=pikepdf.String(code)))


def _annotation(pdf: pikepdf.Pdf, subtype: Name, rect: list[int], **entries: object) -> object:
    return pdf.make_indirect(
        Dictionary(Type=Name.Annot, Subtype=subtype, Rect=Array(rect), **entries)
    )


def write_hostile_pdf(path: Path) -> Path:
    pdf = pikepdf.Pdf.new()
    page = pdf.add_blank_page(page_size=(612, 792))
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (Lab results with scripts) Tj ET")
    attached = pdf.make_stream(b"secret attachment")
    attached.Type = Name.EmbeddedFile
    spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F="a.txt", EF=Dictionary(F=attached)))
    pdf.Root.OpenAction = _script(pdf, "app.alert('opened')")
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([pikepdf.String("init"), _script(pdf, "init()")])),
        EmbeddedFiles=Dictionary(Names=Array([pikepdf.String("a.txt"), spec])),
    )
    page.obj.AA = Dictionary(O=_script(pdf, "pageOpened()"))
    launch = Dictionary(S=Name.Launch, F="cmd.exe")
    web = Dictionary(S=Name.URI, URI=WEB_ADDRESS, Next=_script(pdf, "after()"))
    submit = Dictionary(S=Name.SubmitForm, F="https://example.org/collect")
    import_data = Dictionary(S=Name.ImportData, F="data.fdf")
    button = _annotation(pdf, Name.Widget, [72, 500, 200, 520], FT=Name.Btn, T="Send", A=submit)
    page.obj.Annots = Array(
        [
            _annotation(pdf, Name.Link, [72, 650, 200, 670], A=launch),
            _annotation(pdf, Name.Link, [72, 600, 200, 620], A=web),
            _annotation(pdf, Name.Link, [72, 550, 200, 570], A=import_data),
            button,
            _annotation(pdf, Name.FileAttachment, [300, 500, 320, 520], FS=spec),
            _annotation(pdf, Name.RichMedia, [300, 400, 400, 450]),
        ]
    )
    pdf.Root.AcroForm = Dictionary(Fields=Array([button]))
    pdf.save(path)
    return path


def active_parts(path: Path) -> list[str]:
    """The active parts named by any object of the PDF (inside object streams too)."""
    found = []
    with pikepdf.open(path) as pdf:
        for item in pdf.objects:
            text = repr(item).encode("utf-8", "replace")
            found += [name.decode() for name in ACTIVE_NAMES if name in text]
    return found
