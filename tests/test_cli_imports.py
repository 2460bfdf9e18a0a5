"""`second-look-cli export` starts without the import machinery: reading DICOM and PDF
files (pydicom, PDFium) and rendering portal records are loaded by the commands that
use them, so an export does not pay for them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_FOR_EXPORT = (
    "pydicom",
    "pypdfium2",
    "organizer.core.identity.rereading",
    "organizer.core.importing.committing",
    "organizer.core.rendering.read",
)


def test_the_cli_starts_an_export_without_the_import_machinery() -> None:
    code = (
        "import sys\n"
        "from organizer.cli import build_parser\n"
        "build_parser().parse_args(['export', '--packet', '1', '--to', '.'])\n"
        f"print(sorted(m for m in {NOT_FOR_EXPORT!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"
    # and the import command still finds its machinery when it runs
    code = "import organizer.cli.importing as c; from organizer.core.importing import import_paths"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
