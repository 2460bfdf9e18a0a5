"""Helvetica's widths kept by the rendering are the standard font metrics, and drawing a
record in Helvetica loads none of the embedding machinery (fpdf2, fontTools, the export)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fpdf.fonts import CORE_FONTS_CHARWIDTHS
from rendering_support import SAMPLES

from organizer.core.rendering.helvetica import SYMBOL_WIDTHS, widths
from organizer.core.rendering.pdfwriter import ENCODING, SYMBOLS

ROOT = Path(__file__).resolve().parent.parent


def test_the_widths_are_those_fpdf2_knows_for_every_character_of_the_encoding() -> None:
    for bold, name in ((False, "helvetica"), (True, "helveticaB")):
        table = widths(bold)
        for key, width in CORE_FONTS_CHARWIDTHS[name].items():
            try:
                char = key.encode("latin-1").decode(ENCODING)
            except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
                continue
            assert table[char] == width, (name, char)
        assert table["\u200b"] == 0.0
    assert widths(False)["é"] == 556 and widths(True)["W"] == 944


def test_each_sign_drawn_from_symbol_is_measured_with_symbols_own_width() -> None:
    assert SYMBOL_WIDTHS.keys() == SYMBOLS.keys()
    for sign, code in SYMBOLS.items():
        assert SYMBOL_WIDTHS[sign] == CORE_FONTS_CHARWIDTHS["symbol"][chr(code)], sign
        assert widths(False)[sign] == widths(True)[sign] == SYMBOL_WIDTHS[sign]


def test_a_record_in_helvetica_imports_neither_fpdf2_nor_the_export() -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from organizer.core.rendering.pdf import rendering_pdf\n"
        "from organizer.core.rendering.read import render_file\n"
        "data = rendering_pdf(render_file(Path(sys.argv[1])))\n"
        "assert data.startswith(b'%PDF')\n"
        "heavy = ('fpdf', 'fontTools', 'pikepdf', 'PIL', 'organizer.core.export')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    record = SAMPLES / "ccda" / "hl7__Discharge_Summary.xml"
    done = subprocess.run(
        [sys.executable, "-c", script, str(record)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.stdout.strip() == "[]"
