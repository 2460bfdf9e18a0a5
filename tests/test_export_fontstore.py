"""The fonts' parsed data kept on disk: used by the next process, never a wrong or damaged one."""

from __future__ import annotations

import datetime as _dt
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib.tables import _p_o_s_t  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import TTFFont
from pypdf import PdfReader
from rendering_support import pdf_words

from organizer.core import atomic
from organizer.core.export import fontcache, fonts, fontstore
from organizer.core.export.layout import Pages

WHEN = _dt.datetime(2026, 3, 12, 9, 30, tzinfo=_dt.UTC)
WORDS = "Zoë Ødegård: LDL ≥ 4.9 mmol/L, Γιώργος, Ирина Смирнова, 10 µg, ﬁ"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and the fonts forgotten by this process before and after."""
    monkeypatch.setenv(fontstore.CACHE_ENV, str(tmp_path / "cache"))
    fontcache._read.cache_clear()
    yield tmp_path / "cache" / "fonts"
    fontcache._read.cache_clear()


def _packet_page() -> bytes:
    """A page as the export writes one, with a fixed date: equal inputs, equal bytes."""
    pages = Pages(WORDS, WHEN)
    pages.add_page()
    pages.heading("Clinical summary")
    pages.paragraph(WORDS)
    pages.paragraph(WORDS, bold=True)
    return bytes(pages.output())


def _fpdf_own_page(regular: Path = fonts.REGULAR) -> bytes:
    """The same page with fpdf2 reading the font files itself."""
    pdf = FPDF(orientation="P", unit="mm")
    pdf.add_font("body", "", str(regular))
    pdf.set_creation_date(WHEN)
    pdf.add_page()
    pdf.set_font("body", size=12)
    pdf.multi_cell(0, 6, WORDS)
    return bytes(pdf.output())


def _cached_page(regular: Path = fonts.REGULAR) -> bytes:
    pdf = FPDF(orientation="P", unit="mm")
    fontcache.add_font(pdf, "body", "", regular)
    pdf.set_creation_date(WHEN)
    pdf.add_page()
    pdf.set_font("body", size=12)
    pdf.multi_cell(0, 6, WORDS)
    return bytes(pdf.output())


def _count_font_reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    made: list[object] = []
    original = TTFFont.__init__

    def counting(self: TTFFont, *args: Any, **kwargs: Any) -> None:
        made.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(TTFFont, "__init__", counting)
    return made


def _kept_file(folder: Path, font: Path) -> Path:
    return folder / f"{fontstore.file_key(font, 0)}.font"


def test_a_second_process_reads_the_kept_data_and_writes_the_same_pdf(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _packet_page()
    assert _kept_file(cache, fonts.REGULAR).is_file()
    assert _kept_file(cache, fonts.BOLD).is_file()
    fontcache._read.cache_clear()  # as a new process starts
    reads = _count_font_reads(monkeypatch)
    second = _packet_page()
    assert reads == []  # no font file was parsed: both came from the cache
    assert second == first
    text = pdf_words(second)
    assert "Ирина Смирнова" in text and "Zoë Ødegård" in text
    names = {str(font["/BaseFont"]) for font in _pdf_fonts(second)}
    assert names == {"/MPDFAA+DejaVuSansBook", "/MPDFAA+DejaVuSansBold"}


def test_with_the_kept_data_no_font_file_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither fpdf2's reading nor the check of which characters the shipped font has
    (for the fallback fonts) parses the font's tables when its data is kept."""
    first = _packet_page()
    fontcache._read.cache_clear()
    fontcache.characters.cache_clear()
    fonts._cmap.cache_clear()
    reads = _count_font_reads(monkeypatch)
    names_read: list[object] = []
    post = _p_o_s_t.table__p_o_s_t
    real = post.decode_format_2_0

    def counting(self: Any, *args: Any) -> None:
        names_read.append(args)
        real(self, *args)

    monkeypatch.setattr(post, "decode_format_2_0", counting)
    assert _packet_page() == first
    assert reads == [] and names_read == []
    assert fonts.shipped_cmap() == fonts._cmap(fonts.REGULAR, 0)


def _pdf_fonts(data: bytes) -> list[Any]:
    page = PdfReader(io.BytesIO(data)).pages[0]
    return [font.get_object() for font in page["/Resources"]["/Font"].values()]


def test_the_kept_font_writes_what_fpdf2_writes_itself() -> None:
    expected = _fpdf_own_page()
    assert _cached_page() == expected  # read from the file, then kept
    fontcache._read.cache_clear()
    assert _cached_page() == expected  # read from the cache


def test_a_damaged_cache_file_is_ignored_and_written_again(cache: Path) -> None:
    expected = _fpdf_own_page()
    _cached_page()
    kept = _kept_file(cache, fonts.REGULAR)
    whole = kept.read_bytes()
    for damaged in (b"", b"not a font cache", whole[: len(whole) // 2], whole[:-1] + b"?"):
        kept.write_bytes(damaged)
        fontcache._read.cache_clear()
        assert _cached_page() == expected
        assert kept.read_bytes() == whole  # replaced by a whole one
        assert fontstore.load(kept.stem, fonts.REGULAR, 0, "") is not None


def test_the_data_of_another_font_file_is_never_used(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path with other contents, and another font's file under this one's name."""
    font = tmp_path / "font.ttf"
    shutil.copyfile(fonts.REGULAR, font)
    _cached_page(font)
    shutil.copyfile(fonts.BOLD, font)  # an update replaced the font file
    fontcache._read.cache_clear()
    assert _cached_page(font) == _fpdf_own_page(font)
    bold_key = fontstore.file_key(fonts.BOLD, 0)
    shutil.copyfile(_kept_file(cache, fonts.REGULAR), cache / f"{bold_key}.font")
    assert fontstore.load(bold_key, fonts.BOLD, 0, "") is None
    fontcache._read.cache_clear()
    assert _cached_page(fonts.BOLD) == _fpdf_own_page(fonts.BOLD)


def test_data_kept_by_another_fpdf2_is_made_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cached_page()
    monkeypatch.setattr(fontstore.fpdf, "__version__", "0.0.1")
    key = fontstore.file_key(fonts.REGULAR, 0)
    assert fontstore.load(key, fonts.REGULAR, 0, "") is None
    fontcache._read.cache_clear()
    reads = _count_font_reads(monkeypatch)
    assert _cached_page() == _fpdf_own_page()
    assert len(reads) == 2  # read from the file (and once more by the reference page)
    assert fontstore.load(key, fonts.REGULAR, 0, "") is not None


def test_the_cache_file_is_written_whole_or_not_at_all(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written to a temporary name and fsynced before the rename; a failed write leaves
    no part of a file, and the export goes on without the cache."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(source: Any, target: Any) -> None:
        events.append(f"rename {Path(source).name.startswith(atomic.TEMP_PREFIX)}")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    _cached_page()
    assert events[:2] == ["fsync", "rename True"]

    kept = _kept_file(cache, fonts.REGULAR)
    kept.unlink()

    def failing(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing)
    fontcache._read.cache_clear()
    assert _cached_page() == _fpdf_own_page()
    assert list(cache.iterdir()) == []  # neither the file nor its temporary copy
