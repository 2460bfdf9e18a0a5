"""The command-line contract: commands, output lines, JSON keys and exit codes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.core.library import Library
from organizer.core.records import Document, Person


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def created(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> int:
    code, out, err = run(capsys, library, *args)
    assert code == 0, err
    return int(out.strip())


def listed(
    capsys: pytest.CaptureFixture[str], library: Path, *args: str
) -> list[dict[str, object]]:
    code, out, err = run(capsys, library, "list", *args, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert isinstance(result, list)
    return result


def test_a_whole_packet_from_the_command_line(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    lib = library_dir
    person = created(
        capsys, lib, "person", "add", "--name", "Ana Diaz", "--dob", "1961-04-09", "--sex", "F"
    )
    assert person == 1
    assert run(capsys, lib, "person", "set", "1", "--no-known-allergies")[0] == 0
    created(
        capsys,
        lib,
        "event",
        "add",
        "--person",
        "1",
        "--date",
        "~2019",
        "--kind",
        "symptom",
        "--title",
        "Cough",
    )
    created(
        capsys,
        lib,
        "event",
        "add",
        "--person",
        "1",
        "--date",
        "2026-03",
        "--kind",
        "diagnosis",
        "--title",
        "Nodule",
        "--details",
        "right upper lobe",
    )
    created(
        capsys,
        lib,
        "med",
        "add",
        "--person",
        "1",
        "--name",
        "Metformin",
        "--dose",
        "500 mg",
        "--frequency",
        "twice a day",
        "--past",
        "--start",
        "2020",
        "--stop",
        "2025-06",
    )
    created(
        capsys,
        lib,
        "allergy",
        "add",
        "--person",
        "1",
        "--substance",
        "Penicillin",
        "--reaction",
        "rash",
        "--severity",
        "severe",
    )
    packet = created(
        capsys,
        lib,
        "packet",
        "add",
        "--person",
        "1",
        "--title",
        "Nodule",
        "--question",
        "Is surgery needed?",
    )
    assert (
        run(
            capsys,
            lib,
            "packet",
            "set",
            str(packet),
            "--provider-name",
            "Dr Rossi",
            "--appointment",
            "2026-12-03 14:30",
            "--insurance-covered",
            "yes",
            "--in-network",
            "unknown",
            "--preauthorization",
            "not-needed",
            "--first-diagnosis",
            "Nodule",
            "--first-plan",
            "Surgery",
        )[0]
        == 0
    )
    created(capsys, lib, "question", "add", "--packet", str(packet), "--text", "Why surgery?")
    request = created(
        capsys,
        lib,
        "request",
        "add",
        "--packet",
        str(packet),
        "--item",
        "pathology slides",
        "--from",
        "City Lab",
        "--status",
        "requested",
    )
    assert run(capsys, lib, "request", "set", str(request), "--status", "sent")[0] == 0

    people = listed(capsys, lib, "people")
    assert people[0]["name"] == "Ana Diaz" and people[0]["no_known_allergies"] is True
    assert people[0]["dob"] == "1961-04-09" and people[0]["sex"] == "F"
    events = listed(capsys, lib, "events", "--person", "1")
    assert [(e["date"], e["kind"], e["title"]) for e in events] == [
        ("~2019", "symptom", "Cough"),
        ("2026-03", "diagnosis", "Nodule"),
    ]
    meds = listed(capsys, lib, "meds", "--person", "1")
    assert meds[0]["current"] is False and meds[0]["stop"] == "2025-06"
    assert listed(capsys, lib, "allergies")[0]["severity"] == "severe"
    packets = listed(capsys, lib, "packets", "--person", "1")
    assert packets[0]["appointment"] == "2026-12-03 14:30"
    assert packets[0]["preauthorization"] == "not-needed"
    assert listed(capsys, lib, "questions", "--packet", str(packet))[0]["text"] == "Why surgery?"
    requests = listed(capsys, lib, "requests", "--packet", str(packet))
    assert requests[0]["from"] == "City Lab" and requests[0]["status"] == "sent"
    assert requests[0]["status_date"] == dt.date.today().isoformat()
    assert listed(capsys, lib, "documents") == []

    code, out, _ = run(capsys, lib, "list", "events", "--person", "1")
    assert code == 0 and "about 2019" in out and "March 2026" in out


def test_document_set_confirms_what_it_sets(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    with Library.open(library_dir) as library:
        person_id = library.add(Person(name="A"))
        library.add_document(Document(person_id=person_id, title="scan", guess_reason="guess"))
    code, _, err = run(
        capsys,
        library_dir,
        "document",
        "set",
        "1",
        "--category",
        "lab-result",
        "--date",
        "2026-01-05",
    )
    assert code == 0, err
    document = listed(capsys, library_dir, "documents", "--person", "1")[0]
    assert document["category"] == "lab-result" and document["category_confirmed"] is True
    assert document["date"] == "2026-01-05" and document["date_confirmed"] is True


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(("-shm", ".lock")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "event",
                "add",
                "--person",
                "1",
                "--date",
                "2026-02-30",
                "--kind",
                "test",
                "--title",
                "x",
            ],
            "February 2026 has no day 30",
        ),
        (
            ["event", "add", "--person", "1", "--date", "2026", "--kind", "scan", "--title", "x"],
            'unknown event kind "scan"',
        ),
        (
            ["event", "add", "--person", "7", "--date", "2026", "--kind", "test", "--title", "x"],
            "There is no person with id 7",
        ),
        (["person", "set", "9", "--name", "X"], "There is no person with id 9"),
        (["packet", "set", "3", "--title", "X"], "There is no packet with id 3"),
        (["packet", "set", "1", "--appointment", "someday"], "is not a valid appointment"),
        (["packet", "set", "1", "--in-network", "maybe"], 'unknown answer "maybe"'),
        (
            ["request", "add", "--packet", "1", "--item", "CD", "--status", "lost"],
            'unknown status "lost"',
        ),
        (["request", "set", "5", "--status", "sent"], "There is no request with id 5"),
        (["document", "set", "4", "--title", "x"], "There is no document with id 4"),
        (["document", "set", "4", "--category", "xray"], 'unknown category "xray"'),
        (
            ["med", "add", "--person", "1", "--name", "X", "--start", "2025", "--stop", "2024"],
            "before the start date",
        ),
        (
            ["allergy", "add", "--person", "1", "--substance", "Nuts", "--severity", "awful"],
            'unknown severity "awful"',
        ),
        (["person", "add", "--name", "X", "--sex", "Q"], 'unknown sex "Q"'),
        (["question", "add", "--packet", "1", "--text", "  "], "needs some text"),
        (["list", "questions", "--person", "1"], "cannot be filtered by --person"),
        (["list", "galaxies"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], library_dir: Path, args: list[str], message: str
) -> None:
    created(capsys, library_dir, "person", "add", "--name", "Ana")
    created(capsys, library_dir, "packet", "add", "--person", "1", "--title", "P")
    before = _fingerprint(library_dir)
    code, out, err = run(capsys, library_dir, *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert _fingerprint(library_dir) == before


def test_a_missing_library_is_an_error_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    code, _, err = run(capsys, missing, "list", "people")
    assert code == 2 and "There is no Second Look library" in err
    assert not missing.exists()


def test_the_environment_variable_chooses_the_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECOND_LOOK_LIBRARY", str(tmp_path / "from-env"))
    assert main(["person", "add", "--name", "Env"]) == 0
    assert (tmp_path / "from-env" / "library.sqlite").is_file()


def test_backup_and_restore_commands(
    capsys: pytest.CaptureFixture[str], library_dir: Path, tmp_path: Path
) -> None:
    created(capsys, library_dir, "person", "add", "--name", "Ana")
    code, out, _ = run(capsys, library_dir, "backup", "--to", str(tmp_path / "b.zip"))
    assert code == 0 and "backup written" in out
    code, out, _ = run(
        capsys, library_dir, "restore", str(tmp_path / "b.zip"), "--to", str(tmp_path / "r")
    )
    assert code == 0 and "restored and verified" in out
    assert listed(capsys, tmp_path / "r", "people")[0]["name"] == "Ana"
    code, _, err = run(
        capsys, library_dir, "restore", str(tmp_path / "b.zip"), "--to", str(tmp_path / "r")
    )
    assert code == 2 and "not empty" in err


def test_installed_entry_point_runs_as_a_program(library_dir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "organizer.cli",
            "--library",
            str(library_dir),
            "person",
            "add",
            "--name",
            "Ana",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "1")


def test_automatic_backups_from_the_command_line(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    created(capsys, library_dir, "person", "add", "--name", "Before")
    code, out, _ = run(capsys, library_dir, "auto-backups", "--take")
    assert code == 0 and out.startswith("taken: ")
    name = Path(out.splitlines()[0].removeprefix("taken: ")).name
    created(capsys, library_dir, "person", "add", "--name", "After")
    code, out, _ = run(capsys, library_dir, "auto-backups", "--restore", name)
    assert code == 0 and f"restored: {name}" in out
    assert [p["name"] for p in listed(capsys, library_dir, "people")] == ["Before"]
    code, _, err = run(capsys, library_dir, "auto-backups", "--restore", "auto-nope.sqlite")
    assert code == 2 and "no automatic backup called" in err


def test_ctrl_c_cancels_the_job_instead_of_killing_it() -> None:
    """import, index and export share one handler: Ctrl+C sets the job's cancel flag."""
    import os
    import signal

    from organizer.cli.common import cancel_on_ctrl_c
    from organizer.core.jobs import JobContext

    context = JobContext()
    before = signal.getsignal(signal.SIGINT)
    with cancel_on_ctrl_c(context):
        os.kill(os.getpid(), signal.SIGINT)
    assert context.cancelled
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.parametrize(
    "args",
    [
        ["event", "add", "--person", "1", "--date", "2026", "--kind", "test", "--title", "x"],
        ["packet", "add", "--person", "1", "--title", "P"],
        ["import", "--person", "99", "nothing-here.pdf"],
        ["check", "--packet", "1"],
    ],
)
def test_commands_about_existing_records_never_create_a_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    missing = tmp_path / "nowhere"
    code, _, err = run(capsys, missing, *args)
    assert code == 2 and "There is no Second Look library" in err
    assert not missing.exists()


def test_ctrl_c_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from organizer.cli import backups

    created(capsys, library_dir, "person", "add", "--name", "Ana")

    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(backups, "write_backup", interrupted)
    code, out, err = run(capsys, library_dir, "backup", "--to", str(library_dir / "b.zip"))
    assert (code, out, err) == (1, "", "second-look-cli: cancelled (Ctrl+C)\n")
