"""Exports side by side and the free-space estimate (issue 13, point 10)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pikepdf
import pytest
from export_support import Built, build_packet

from organizer.core.export import ExportOptions, export_packet
from organizer.core.export import run as export_run
from organizer.core.export.plan import build_plan
from organizer.core.export.preflight import MARGIN_BYTES, needed_bytes
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Packet, Person


@pytest.fixture
def built(library: Library) -> Built:
    return build_packet(library)


def test_a_second_export_to_the_same_folder_leaves_the_first_ones_work_alone(
    library: Library, built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first export is held half-way; the second runs to the end meanwhile."""
    stick = tmp_path / "stick"
    stick.mkdir()
    real_write_all = export_run._write_all
    half_way = threading.Event()
    go_on = threading.Event()
    results: list[object] = []

    def held(*args: object, **kwargs: object) -> object:
        if threading.current_thread().name == "first":
            half_way.set()
            go_on.wait(60)
        return real_write_all(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(export_run, "_write_all", held)

    def first() -> None:
        with Library.open(library.root, lock=False, create=False) as reader:
            try:
                results.append(
                    export_packet(reader, built.packet_id, stick, ExportOptions(), JobContext())
                )
            except Exception as error:
                results.append(error)

    worker = threading.Thread(target=first, name="first")
    worker.start()
    assert half_way.wait(60)
    second = export_packet(library, built.packet_id, stick, ExportOptions(), JobContext())
    go_on.set()
    worker.join(120)
    (first_result,) = results
    assert not isinstance(first_result, Exception), first_result
    folders = sorted(p.name for p in stick.iterdir())
    assert len(folders) == 2 and not any(".incomplete-" in name for name in folders)
    assert second.folder.is_dir()


def _big_pdf(path: Path, megabytes: int) -> Path:
    """A one-page PDF carrying an incompressible picture, so its size survives the export."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    side = int((megabytes * 1024**2 / 3) ** 0.5)
    picture = pikepdf.Stream(pdf, os.urandom(side * side * 3))
    picture.Type, picture.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    picture.Width, picture.Height = side, side
    picture.ColorSpace, picture.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=picture))
    page.Contents = pikepdf.Stream(pdf, b"q 600 0 0 600 0 100 cm /Im0 Do Q")
    pdf.save(path)
    return path


def test_the_free_space_asked_for_is_close_to_what_the_export_writes(
    library: Library, tmp_path: Path
) -> None:
    """An export of mostly PDFs needs about twice their size, not three times."""
    person_id = library.add(Person(name="Ana Diaz"))
    drop = tmp_path / "drop"
    drop.mkdir()
    paths = [_big_pdf(drop / f"scan-{n}.pdf", 4) for n in range(3)]
    import_paths(library, person_id, paths, JobContext())
    packet_id = library.add_packet(Packet(person_id=person_id, title="Second opinion"))
    stick = tmp_path / "stick"
    stick.mkdir()
    result = export_packet(library, packet_id, stick, ExportOptions(), JobContext())
    need = needed_bytes(build_plan(library, packet_id), ExportOptions())
    assert need >= result.total_bytes
    assert need - MARGIN_BYTES <= result.total_bytes * 1.25, (need, result.total_bytes)
