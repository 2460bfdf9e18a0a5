"""second-look-cli export: output, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_support import build_packet
from pypdf import PdfReader

from organizer.cli import main
from organizer.core.library import Library


@pytest.fixture
def packet(library_dir: Path) -> int:
    with Library.open(library_dir) as library:
        return build_packet(library).packet_id


def _run(library_dir: Path, *args: str) -> int:
    return main(["--library", str(library_dir), "export", *args])


def test_export_prints_paths_and_totals(
    library_dir: Path, packet: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    assert _run(library_dir, "--packet", str(packet), "--to", str(stick)) == 0
    out, err = capsys.readouterr()
    folder = next(stick.iterdir())
    assert f"folder: {folder}" in out
    assert f"pdf: {folder / (folder.name + '.pdf')}" in out
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    assert f"total: {files} files" in out
    assert "warning: The checklist is not ready" in err


def test_export_json_with_password_and_parts(
    library_dir: Path, packet: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    secret = tmp_path / "password.txt"
    secret.write_text("correct horse\n", encoding="utf-8")
    code = _run(
        library_dir,
        "--packet",
        str(packet),
        "--to",
        str(stick),
        "--password-file",
        str(secret),
        "--split-mb",
        "1",
        "--json",
    )
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["encrypted"] is True
    assert Path(payload["folder"]).is_dir()
    reader = PdfReader(payload["pdf"])
    assert reader.is_encrypted and reader.decrypt("correct horse")
    assert len(reader.pages) == payload["pages"]
    assert len(payload["pdf_parts"]) >= 2
    for part in payload["pdf_parts"]:
        part_reader = PdfReader(part)
        assert part_reader.is_encrypted and part_reader.decrypt("correct horse")
    assert payload["files"] == sum(1 for p in Path(payload["folder"]).rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--packet", "999"], "no packet with id 999"),
        (["--split-mb", "0"], "--split-mb must be at least 1"),
        (["--password-file", "MISSING"], "cannot read the password file"),
        (["--password-file", "EMPTY"], "is empty"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    library_dir: Path,
    packet: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    given = [
        a.replace("MISSING", str(tmp_path / "nope")).replace("EMPTY", str(empty)) for a in args
    ]
    if "--packet" not in given:
        given = ["--packet", str(packet), *given]
    assert _run(library_dir, *given, "--to", str(stick)) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert list(stick.iterdir()) == []


def test_missing_target_folder_exits_2(
    library_dir: Path, packet: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(library_dir, "--packet", str(packet), "--to", str(tmp_path / "no-stick"))
    assert code == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and err.count("\n") == 1


def test_failure_while_writing_exits_1(
    library_dir: Path,
    packet: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    from organizer.core.export import copying

    def full(*_args: object, **_kwargs: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(copying, "copy_file", full)
    stick = tmp_path / "stick"
    stick.mkdir()
    assert _run(library_dir, "--packet", str(packet), "--to", str(stick)) == 1
    err = capsys.readouterr().err
    failures = [line for line in err.splitlines() if "warning:" not in line]
    assert len(failures) == 1
    assert failures[0].startswith("second-look-cli: failed:") and "disk is full" in failures[0]
    assert list(stick.iterdir()) == []


def test_an_export_killed_half_way_leaves_nothing_that_looks_finished(
    library_dir: Path, packet: int, tmp_path: Path
) -> None:
    """kill -9 while files are being written; the next export cleans up and succeeds."""
    import os
    import signal
    import subprocess
    import sys
    import time

    stick = tmp_path / "stick"
    stick.mkdir()
    command = [sys.executable, "-m", "organizer.cli", "--library", str(library_dir)]
    command += ["export", "--packet", str(packet), "--to", str(stick)]
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    writer = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    written: list[Path] = []
    while not written and time.monotonic() < deadline and writer.poll() is None:
        written = [p for p in stick.glob(".*incomplete*/**/*") if p.is_file()]
        time.sleep(0.002)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert written, "the export ended before it could be killed half-way"
    assert [entry.name.startswith(".") for entry in stick.iterdir()] == [True]
    assert _run(library_dir, "--packet", str(packet), "--to", str(stick)) == 0
    finished = list(stick.iterdir())
    assert len(finished) == 1 and not finished[0].name.startswith(".")
    assert not finished[0].name.endswith("_2")
