"""The exported PDF read back with pypdf: pages, bookmarks, footers, text, encryption."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from export_support import Built, build_packet
from PIL import Image
from pypdf import PdfReader

from organizer.core.export import ExportOptions, ExportResult, export_packet
from organizer.core.export.fonts import fallback_fonts
from organizer.core.jobs import JobContext
from organizer.core.library import Library


@dataclass
class Exported:
    result: ExportResult
    built: Built
    reader: PdfReader
    manifest: dict[str, Any]


def _export(root: Path, options: ExportOptions, name: str = "Zoë Ødegård") -> Exported:
    library = Library.open(root / "library")
    try:
        built = build_packet(library, name)
        target = root / "stick"
        target.mkdir()
        result = export_packet(library, built.packet_id, target, options, JobContext())
    finally:
        library.close()
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    return Exported(result, built, PdfReader(result.pdf), manifest)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    return _export(tmp_path_factory.mktemp("plain"), ExportOptions())


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def _source_pages(path: Path) -> int:
    if path.suffix == ".pdf":
        return len(PdfReader(path).pages)
    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)


def _texts(reader: PdfReader) -> Iterator[str]:
    for page in reader.pages:
        yield page.extract_text()


def test_page_count_is_front_matter_plus_every_printed_page(exported: Exported) -> None:
    docs = {d["id"]: d for d in exported.manifest["documents"]}
    printed_pages = 0
    for doc in docs.values():
        if doc["in_pdf"]:
            first, last = doc["pdf_pages"]
            printed_pages += last - first + 1
    expected_printed = 0
    for key in ("note", "plan", "pathology", "ct_report", "old_report", "lab_photo", "lab_pdf"):
        doc = docs[exported.built.documents[key]]
        assert doc["in_pdf"], doc["label"]
    for doc in docs.values():
        if doc["in_pdf"] and doc["kind"] == "clinical-record":
            # The app's rendering of the record: at least its header page.
            first, last = doc["pdf_pages"]
            assert last >= first
            expected_printed += last - first + 1
        elif doc["in_pdf"]:
            for item in doc["files"]:
                expected_printed += _source_pages(exported.result.folder / item["path"])
    assert printed_pages == expected_printed
    assert len(exported.reader.pages) == exported.result.pages
    assert exported.result.pages > expected_printed  # cover, contents, summary, appendix


def test_documents_follow_clinical_order_then_date(exported: Exported) -> None:
    order = ["note", "plan", "pathology", "old_report", "ct_report", "lab_pdf", "lab_photo"]
    docs = {d["id"]: d for d in exported.manifest["documents"]}
    firsts = [docs[exported.built.documents[key]]["pdf_pages"][0] for key in order]
    assert firsts == sorted(firsts)


def test_bookmarks_are_nested_by_category_and_point_at_each_document(exported: Exported) -> None:
    outline = _outline(exported.reader)
    titles = [title for _depth, title, _page in outline]
    assert titles[:4] == [
        "Cover",
        "Clinical summary",
        "Index of documents",
        "Medications, allergies, timeline, questions",
    ]
    assert "Appendix: not in this PDF" in titles
    # what is for the office comes last, in its own bookmarked part
    assert titles[-4:] == [
        "For the office: insurance, requests and items, checklist",
        "Insurance and contacts",
        "Requests and physical items",
        "Checklist status",
    ]
    by_title = {title: (depth, page) for depth, title, page in outline}
    for doc in exported.manifest["documents"]:
        if doc["in_pdf"]:
            depth, page = by_title[doc["label"]]
            assert depth == 2
            assert page == doc["pdf_pages"][0]
    assert by_title["Pathology reports"][0] == 1
    assert by_title["Questions for the specialist"][0] == 1
    assert exported.reader.root_object["/PageMode"] == "/UseOutlines"


def test_every_page_has_the_footer(exported: Exported) -> None:
    total = len(exported.reader.pages)
    for number, text in enumerate(_texts(exported.reader), start=1):
        assert "Zoë Ødegård · born 9 April 1961" in text, number
        assert f"Page {number} of {total}" in text
        assert f"SL-{number:06d}" in text


def test_index_lists_page_id_ranges_and_whole_titles(exported: Exported) -> None:
    index = " ".join(exported.reader.pages[2].extract_text().split())
    assert index.startswith("Index of documents")
    for doc in exported.manifest["documents"]:
        if doc["in_pdf"]:
            first, last = doc["pdf_pages"]
            ids = f"SL-{first:06d}" if first == last else f"SL-{first:06d} to SL-{last:06d}"
            assert ids in index, doc["label"]
        title = doc["label"].split(" ", 1)[1].removeprefix("2019 ")
        assert title in index, title  # never cut short
    assert "…" not in index


def test_cover_and_summary_text(exported: Exported) -> None:
    pages = exported.reader.pages
    text = "\n".join(page.extract_text() for page in [*pages[:6], *pages[-2:]])
    assert text.strip()
    for expected in (
        "Zoë Ødegård",
        "9 April 1961",
        "Is surgery needed now, or is watching the nodule safe?",
        "Dr Ito, University Thoracic Centre",
        "Right upper lobe nodule, probably malignant",
        "Metformin",
        "Penicillin",
        "Cough for six weeks",
        "Do you agree with the diagnosis?",
        "Pathology slides: sent by courier on 20 November 2026",
        "Checklist status",
    ):
        assert expected in text, expected


def test_appendix_lists_what_cannot_be_printed(exported: Exported) -> None:
    last = " ".join(exported.reader.pages[-2].extract_text().split())
    assert last.startswith("Appendix: not in this PDF")
    study = next(d for d in exported.manifest["documents"] if d["kind"] == "imaging-study")
    assert study["location"] in last
    assert "CT chest with contrast" in last
    doc_id = exported.built.documents["locked"]
    doc = next(d for d in exported.manifest["documents"] if d["id"] == doc_id)
    assert not doc["in_pdf"]
    assert doc["location"].split("/")[-1][:15] in last
    for key in ("ccda", "fhir"):  # portal records are printed as the app's rendering
        doc_id = exported.built.documents[key]
        doc = next(d for d in exported.manifest["documents"] if d["id"] == doc_id)
        assert doc["in_pdf"], doc["label"]
        assert doc["label"] not in last


def test_photos_are_upright_and_fit_the_page(exported: Exported) -> None:
    docs = {d["id"]: d for d in exported.manifest["documents"]}
    portrait = docs[exported.built.documents["lab_photo"]]
    page = exported.reader.pages[portrait["pdf_pages"][0] - 1]
    # Portrait_6.jpg is stored landscape with EXIF orientation 6: shown upright, it is tall.
    assert page.mediabox.height > page.mediabox.width
    label = portrait["label"]
    assert "IMG_0042" not in label and label.startswith("2026-01-15")


def test_metadata(exported: Exported) -> None:
    info = exported.reader.metadata
    assert info is not None
    assert info.title == "Second opinion on lung nodule: Zoë Ødegård"
    assert info.author == "Zoë Ødegård"
    assert info.subject == "Medical records for a second opinion"


def test_fonts_are_embedded(exported: Exported) -> None:
    embedded = set()
    for page in exported.reader.pages[:3]:
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            if "/FontFile2" in descendant["/FontDescriptor"]:
                embedded.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVuSans" in name for name in embedded)


def test_password_encrypts_with_aes_256_and_keeps_the_footer(
    tmp_path: Path,
) -> None:
    done = _export(tmp_path, ExportOptions(password="open sesame"))
    reader = PdfReader(done.result.pdf)
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"]
    assert encrypt["/V"] == 5 and encrypt["/R"] == 6
    assert not reader.decrypt("wrong password")
    assert reader.decrypt("open sesame")
    total = len(reader.pages)
    assert total == done.result.pages
    for number in (1, total // 2, total):
        text = reader.pages[number - 1].extract_text()
        assert f"Page {number} of {total}" in text
        assert f"SL-{number:06d}" in text
    assert len(reader.outline) > 3


def test_split_parts_stay_under_the_limit_in_millions_of_bytes(tmp_path: Path) -> None:
    done = _export(tmp_path, ExportOptions(split_mb=1))
    assert len(done.result.pdf_parts) >= 2
    pages = 0
    sizes = []
    for part in done.result.pdf_parts:
        sizes.append(part.stat().st_size)
        assert sizes[-1] <= 1_000_000  # --split-mb N is N x 10^6 bytes
        pages += len(PdfReader(part).pages)
    assert pages == done.result.pages
    # balanced in bytes: no small leftover part, and no more parts than the size needs
    assert min(sizes) >= max(sizes) / 4, sizes
    assert len(sizes) <= done.result.pdf.stat().st_size // 850_000 + 2
    listed = [p for p in done.manifest["pdf"] if p["part"] is not None]
    assert len(listed) == len(done.result.pdf_parts)


def test_a_name_in_another_script_prints_with_a_system_font(tmp_path: Path) -> None:
    if not fallback_fonts("李小龙"):
        # packaging/setup.sh --dev installs the font, so CI must never skip this
        if os.environ.get("CI"):
            pytest.fail("no installed font has Chinese characters: is fonts-wqy-microhei there?")
        pytest.skip("no installed font has Chinese characters (fonts-wqy-microhei)")
    done = _export(tmp_path, ExportOptions(), name="李小龙")
    first = done.reader.pages[0].extract_text()
    last = done.reader.pages[-1].extract_text()
    assert "李小龙" in first
    assert "李小龙 · born 9 April 1961" in last


def test_form_fields_of_a_joined_document_are_flattened_into_the_page(
    exported: Exported,
) -> None:
    """The packet is for reading and printing: the form prints as filled in, inert."""
    docs = {d["id"]: d for d in exported.manifest["documents"]}
    form = docs[exported.built.documents["lab_pdf"]]
    first = form["pdf_pages"][0] - 1
    assert not exported.reader.get_fields()
    annotations = exported.reader.pages[first].get("/Annots", [])
    assert all(a.get_object().get("/Subtype") != "/Widget" for a in annotations)
    assert "Submit" in exported.reader.pages[first].extract_text()


OPEN_FILES_SCRIPT = """
import resource, sys
from pathlib import Path
from organizer.core.export.assemble import SourcePdfs
from organizer.core.export.options import ExportFailed
soft, hard = int(sys.argv[2]), int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
paths = sorted(Path(sys.argv[1]).glob("*.pdf"))
opened = 0
with SourcePdfs() as sources:
    try:
        for path in paths:
            sources.open(path)
            opened += 1
    except ExportFailed as error:
        print("refused", opened, error)
        sys.exit(0)
print("opened", opened, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
"""


@pytest.mark.skipif(os.name != "posix", reason="open-file limits are POSIX rlimits")
@pytest.mark.parametrize("hard", [4096, 150])
def test_joining_many_pdfs_raises_the_open_file_limit_or_stops_saying_why(
    tmp_path: Path, hard: int
) -> None:
    import resource
    import subprocess
    import sys

    if resource.getrlimit(resource.RLIMIT_NOFILE)[1] < hard:
        pytest.skip("this machine's own limit is lower than the test needs")
    sample = Path(__file__).parent / "data" / "samples" / "pdf" / "google-doc-document.pdf"
    for number in range(200):
        (tmp_path / f"{number:03d}.pdf").write_bytes(sample.read_bytes())
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", OPEN_FILES_SCRIPT, str(tmp_path), "100", str(hard)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        check=True,
    )
    words = done.stdout.split()
    if hard == 4096:
        assert words[:2] == ["opened", "200"] and int(words[2]) > 200
    else:
        assert words[0] == "refused" and 0 < int(words[1]) < 200
        assert "more PDFs than this computer lets a program keep open" in done.stdout


def test_a_part_starting_inside_a_document_opens_with_continued_bookmarks() -> None:
    from organizer.core.export.bookmarks import Bookmark, bookmarks_within

    scan = Bookmark("Big scan", 10)
    referral = Bookmark("Referral", 200)
    marks = [
        Bookmark("Cover", 0),
        Bookmark("Documents", 10, [Bookmark("Letters", 10, [scan, referral])]),
        Bookmark("Appendix", 300),
    ]

    def flat(items: list[Bookmark], depth: int = 0) -> list[tuple[int, str, int]]:
        found = []
        for item in items:
            found.append((depth, item.title, item.page))
            found += flat(item.children, depth + 1)
        return found

    assert flat(bookmarks_within(marks, 100, 250)) == [
        (0, "Documents (continued)", 0),
        (1, "Letters (continued)", 0),
        (2, "Big scan (continued)", 0),
        (2, "Referral", 100),
    ]
    assert flat(bookmarks_within(marks, 0, 100)) == [
        (0, "Cover", 0),
        (0, "Documents", 10),
        (1, "Letters", 10),
        (2, "Big scan", 10),
    ]
    assert flat(bookmarks_within(marks, 200, 400)) == [
        (0, "Documents (continued)", 0),
        (1, "Letters (continued)", 0),
        (2, "Referral", 0),
        (0, "Appendix", 100),
    ]


def test_parts_of_a_password_protected_pdf_are_protected_too(tmp_path: Path) -> None:
    done = _export(tmp_path, ExportOptions(password="open sesame", split_mb=1))
    assert len(done.result.pdf_parts) >= 2
    pages = 0
    for part in done.result.pdf_parts:
        reader = PdfReader(part)
        assert reader.is_encrypted and not reader.decrypt("wrong")
        assert reader.decrypt("open sesame")
        assert reader.trailer["/Encrypt"]["/R"] == 6
        first = pages + 1
        assert f"Page {first} of {done.result.pages}" in reader.pages[0].extract_text()
        assert reader.outline, "each part has its bookmarks"
        pages += len(reader.pages)
    assert pages == done.result.pages
