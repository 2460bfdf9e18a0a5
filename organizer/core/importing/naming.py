"""A document's title from what it is, and a photo's date from its camera file name.

PDF metadata titles are often just a file name ("Binder1.pdf", "Microsoft Word -
letter.docx") or a program's default ("Untitled", "PowerPoint Presentation"), and camera
file names ("IMG_20260315_142233.jpg") say when, not what. Such names are replaced by the
document's detected type and date ("Lab result, 12 January 2026"), with the file name
kept when it says something a person wrote.
"""

from __future__ import annotations

import datetime as _dt
import re

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.vocab import CATEGORY_LABELS, Category

_FILE_NAME = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|odt|rtf|txt|jpe?g|png|tiff?|heic)$", re.I)
_PROGRAM_DEFAULTS = re.compile(
    r"^(untitled([- ]?\d+)?|document\d*|binder\d*|book\d*|presentation\d*|slide \d+"
    r"|powerpoint presentation|microsoft word( - .*)?|print|printout|scan\w*|image\d*"
    r"|page \d+|new document|doc\d+|file\d*|report|download(\s*\(\d+\))?|pdf|output"
    r"|layout \d+|\d+)$",
    re.I,
)
_MADE_BY = re.compile(r"^microsoft (word|excel|powerpoint) - ", re.I)
_CAMERA = re.compile(
    r"^(img|pxl|vid|dsc|dscn|dcim|mvimg|photo|pict?|screenshot|screen shot|scan|"
    r"whatsapp image|signal|snapchat|image|wp|cam)[ _-]*",
    re.I,
)
_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_GENERIC_STEM = re.compile(r"^[\W_]*(\d[\d\W_]*)?$")


def date_from_file_name(name: str) -> PartialDate | None:
    """The day in a camera or scanner file name: IMG_20260315_142233, PXL_20260315...,
    Screenshot_2026-03-15-..., "Scan 2026-03-15"; None when there is none or it is not a
    real day (or lies in the future)."""
    for match in _COMPACT_DATE.finditer(name):
        year, month, day = (int(part) for part in match.groups())
        try:
            date = _dt.date(year, month, day)
        except ValueError:
            continue
        if date <= _dt.date.today():
            try:
                return PartialDate.from_date(date)
            except InvalidInput:
                continue
    return None


def meaningful_title(text: str) -> str:
    """A metadata title worth keeping, or "" for a file name or a program's default."""
    cleaned = _MADE_BY.sub("", " ".join(text.split()))
    if len(cleaned) <= 3 or _FILE_NAME.search(cleaned) or _PROGRAM_DEFAULTS.match(cleaned):
        return ""
    return cleaned


def name_says_what(stem: str) -> bool:
    """Does a file name (without extension) describe the document, or only number it?"""
    rest = _CAMERA.sub("", stem) if _CAMERA.match(stem) else stem
    rest = _COMPACT_DATE.sub(" ", rest)
    if _GENERIC_STEM.match(rest) or _PROGRAM_DEFAULTS.match(rest.strip(" _-")):
        return False
    return bool(re.search(r"[A-Za-z]{3}", rest))


def title_for(
    category: Category, date: PartialDate | None, file_title: str, what: str = "Document"
) -> str:
    """A title from what the document is: its type and date, or the words of its name.

    ``file_title`` is the file name made readable; it wins when it says something. Else
    the detected type ("Lab result"), or ``what`` ("Photo") when the type is unknown,
    with the date in words.
    """
    if name_says_what(file_title):
        return file_title
    kind = CATEGORY_LABELS[category] if category is not Category.OTHER else what
    return f"{kind}, {date.display()}" if date is not None else kind
