"""second-look-cli check: output lines, exit codes, --json, and not-applicable marks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checklist_packets import complete, start

from organizer.cli import main
from organizer.core.checklist import load_rules
from organizer.core.library import Library
from organizer.core.vocab import EventKind

RULE_IDS = [rule.id for rule in load_rules()]


def run(library_dir: Path, *args: str) -> int:
    """The CLI's exit code, whether main returns it or argparse exits with it."""
    try:
        return main(["--library", str(library_dir), *args])
    except SystemExit as exit_:
        assert isinstance(exit_.code, int)
        return exit_.code


def _make(library_dir: Path, build: str) -> int:
    with Library.open(library_dir) as library:
        built = complete(library) if build == "complete" else start(library)
        return built.packet_id


def test_an_empty_packet_is_not_ready(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = _make(library_dir, "empty")
    assert run(library_dir, "check", "--packet", str(packet)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "not ready: 10 missing, 1 warnings"
    rule_lines = [line for line in lines if line.startswith("[")]
    assert [line.split()[1].rstrip(":") for line in rule_lines] == RULE_IDS
    assert (
        lines[0].startswith("[ok]")
        and "imaging-images: Images for every imaging test — Done. " in lines[0]
    )
    labs = next(line for line in rule_lines if " labs: " in line)
    assert labs.startswith("[missing]")
    assert "There is no lab result in the packet." in labs
    insurance = next(line for line in rule_lines if " insurance: " in line)
    assert insurance.startswith("[warning]")


def test_a_complete_packet_is_ready(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    packet = _make(library_dir, "complete")
    assert run(library_dir, "check", "--packet", str(packet)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[-1] == "ready"
    assert all(line.startswith(("[ok]", "    ")) for line in lines[:-1])
    assert "    satisfied by: Metformin 500 mg twice a day" in lines


def test_json_output(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    packet = _make(library_dir, "empty")
    assert run(library_dir, "check", "--packet", str(packet), "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["packet_id"] == packet
    assert data["ready"] is False
    assert (data["missing"], data["warnings"]) == (10, 1)
    assert [result["rule_id"] for result in data["results"]] == RULE_IDS
    labs = data["results"][RULE_IDS.index("labs")]
    assert labs["status"] == "missing"
    assert labs["severity"] == "missing"
    assert labs["fix"] == "import-document:lab-result"
    assert labs["refs"] == []
    assert labs["not_applicable_reason"] is None


def test_marking_not_applicable_and_back(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = str(_make(library_dir, "empty"))
    code = run(
        library_dir,
        "check",
        "--packet",
        packet,
        "--not-applicable",
        "labs",
        "--reason",
        "None done",
    )
    assert code == 0
    assert capsys.readouterr().out.strip() == "labs: marked not applicable to packet 1 (None done)"
    assert run(library_dir, "check", "--packet", packet) == 1
    lines = capsys.readouterr().out.splitlines()
    labs = next(line for line in lines if " labs: " in line)
    assert labs.startswith("[not-applicable]")
    assert "Lab results — Does not apply. Reason given: None done" in labs
    assert lines[-1] == "not ready: 9 missing, 1 warnings"
    assert run(library_dir, "check", "--packet", packet, "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["results"][RULE_IDS.index("labs")]["not_applicable_reason"] == "None done"
    assert run(library_dir, "check", "--packet", packet, "--applicable", "labs") == 0
    capsys.readouterr()
    run(library_dir, "check", "--packet", packet)
    assert capsys.readouterr().out.splitlines()[-1] == "not ready: 10 missing, 1 warnings"


def test_marks_can_make_a_packet_ready(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open(library_dir) as library:
        built = complete(library)
        built.update_packet(appointment=None)
    packet = str(built.packet_id)
    assert run(library_dir, "check", "--packet", packet) == 1
    reason = "Records-only review"
    assert (
        run(
            library_dir,
            "check",
            "--packet",
            packet,
            "--not-applicable",
            "appointment",
            "--reason",
            reason,
        )
        == 0
    )
    assert run(library_dir, "check", "--packet", packet) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ready"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--not-applicable", "x-rays", "--reason", "n/a"], 'no checklist rule "x-rays"'),
        (["--not-applicable", "labs"], "--reason"),
        (["--not-applicable", "labs", "--reason", "  "], "--reason"),
        (["--applicable", "labs", "--reason", "why"], "--reason goes with --not-applicable"),
        (["--reason", "why"], "--reason goes with --not-applicable"),
        (["--not-applicable", "labs", "--applicable", "labs"], "not allowed with"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    library_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    packet = str(_make(library_dir, "empty"))
    assert run(library_dir, "check", "--packet", packet, *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    with Library.open(library_dir) as library:
        assert library.rule_marks(int(packet)) == {}


def test_an_unknown_packet_exits_2(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _make(library_dir, "empty")
    assert run(library_dir, "check", "--packet", "77") == 2
    assert "There is no packet with id 77." in capsys.readouterr().err
    assert (
        run(library_dir, "check", "--packet", "77", "--not-applicable", "labs", "--reason", "x")
        == 2
    )


def test_checking_needs_an_existing_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert run(missing, "check", "--packet", "1") == 2
    assert not missing.exists()


def test_marking_one_finding_not_applicable(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open(library_dir) as library:
        built = start(library)
        pain = built.event("2004-03-01", EventKind.SYMPTOM, "Pain after surgery")
    packet = str(built.packet_id)
    run(library_dir, "check", "--packet", packet)
    assert "[warning]        pathology-report" in capsys.readouterr().out
    code = run(
        library_dir,
        "check",
        "--packet",
        packet,
        "--not-applicable",
        "pathology-report",
        "--finding",
        f"event:{pain}",
        "--reason",
        "Not a biopsy or surgery",
    )
    assert code == 0
    assert capsys.readouterr().out == (
        f"pathology-report: event {pain} marked not applicable in packet {packet} "
        "(Not a biopsy or surgery)\n"
    )
    run(library_dir, "check", "--packet", packet)
    assert "[ok]             pathology-report" in capsys.readouterr().out
    run(library_dir, "check", "--packet", packet, "--finding", "event:1")
    assert "--finding goes with" in capsys.readouterr().err
    run(library_dir, "check", "--packet", packet, "--applicable", "labs", "--finding", "x:1")
    assert "use event:ID or document:ID" in capsys.readouterr().err
