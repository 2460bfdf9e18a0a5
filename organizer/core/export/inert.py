"""Nothing active in the packet: a PDF that a hospital PC opens must not run anything.

Imported PDFs may carry JavaScript, actions that launch programs, submit or import form
data, actions run on opening or on viewing a page, attached files and embedded media.
The packet is for reading and printing, so all of that is removed; links to web pages
and to other pages stay. Form fields are flattened into the page first, so a filled-in
form prints as it was filled in. The originals, untouched, are in the folder.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Name

SAFE_ACTIONS = frozenset({"/URI", "/GoTo", "/Named", "/Thread"})
"""Actions that only move the view or open a web address; everything else goes."""
DROPPED_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D", "/Widget"}
)
CATALOG_KEYS = (Name.OpenAction, Name.AA, Name.AcroForm, Name.Names, Name.Collection)


def make_inert(pdf: pikepdf.Pdf) -> None:
    """Flatten forms and remove every active part from ``pdf``'s pages and catalogue.

    ``pdf`` is the packet being made (its catalogue is the app's own: outline and
    metadata are added after this); the pages are the imported documents' pages.
    """
    if Name.AcroForm in pdf.Root:
        form = pdf.Root.AcroForm
        if isinstance(form, pikepdf.Dictionary) and form.get(Name.NeedAppearances):
            pdf.generate_appearance_streams()
        pdf.flatten_annotations("print")
    for page in pdf.pages:
        _clean_page(page.obj)
    for key in CATALOG_KEYS:
        if key in pdf.Root:
            del pdf.Root[key]


def _clean_page(page: pikepdf.Dictionary) -> None:
    if Name.AA in page:
        del page[Name.AA]
    annotations = page.get(Name.Annots)
    if not isinstance(annotations, pikepdf.Array):
        return
    kept = pikepdf.Array()
    for annotation in annotations:
        if not isinstance(annotation, pikepdf.Dictionary):
            continue
        if str(annotation.get(Name.Subtype, "")) in DROPPED_ANNOTATIONS:
            continue
        _clean_annotation(annotation)
        kept.append(annotation)
    if kept:
        page[Name.Annots] = kept
    else:
        del page[Name.Annots]


def _clean_annotation(annotation: pikepdf.Dictionary) -> None:
    if Name.AA in annotation:
        del annotation[Name.AA]
    action = annotation.get(Name.A)
    if isinstance(action, pikepdf.Dictionary):
        safe = _safe_action(action)
        if safe is None:
            del annotation[Name.A]
        else:
            annotation[Name.A] = safe


def _safe_action(action: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    """The action if it only moves the view or opens a web address, without what follows
    it (a chained /Next may run anything); None otherwise."""
    if str(action.get(Name.S, "")) not in SAFE_ACTIONS:
        return None
    if Name.Next in action:
        del action[Name.Next]
    return action
