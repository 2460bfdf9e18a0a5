"""packaging/setup.sh on the systems people have, run for real against stand-in system tools.

The script runs from a copy of the repository's packaging folder. Only the system tools it
asks (package managers, id, uname, sudo, a Python) are small stand-ins that answer like the
real ones and write down how they were called; the shell and text tools are the real ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_TOOLS = (
    "sh", "cat", "grep", "sed", "tr", "tail", "printf", "basename", "dirname", "mkdir",
    "ln", "env", "rm", "head", "cp", "chmod",
)  # fmt: skip

# a Python that passes the version check and makes a .venv whose pip only writes down
FAKE_PYTHON = """#!/bin/sh
echo "python $*" >>"$CALLS"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    mkdir -p "$3/bin"
    cp "$0" "$3/bin/python"
    for program in second-look second-look-cli; do
        printf '#!/bin/sh\\n' >"$3/bin/$program"
        chmod +x "$3/bin/$program"
    done
fi
[ "$1" = "--version" ] && echo "Python 3.11.9"
exit 0
"""


class System:
    """A stand-in Linux system: which tools exist, what is installed, who we are."""

    def __init__(self, tmp_path: Path) -> None:
        self.repo = tmp_path / "repo"
        (self.repo / "packaging").mkdir(parents=True)
        shutil.copy(ROOT / "packaging" / "setup.sh", self.repo / "packaging" / "setup.sh")
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        self.home = tmp_path / "home"
        self.home.mkdir()
        self.calls = tmp_path / "calls"
        self.calls.touch()
        for tool in REAL_TOOLS:
            real = shutil.which(tool)
            assert real, tool
            (self.bin / tool).symlink_to(real)
        self.tool("python3.11", FAKE_PYTHON)
        self.user(1000)
        self.tool("uname", 'echo "Linux"')

    def tool(self, name: str, body: str) -> None:
        path = self.bin / name
        text = (
            body if body.startswith("#!") else f'#!/bin/sh\necho "{name} $*" >>"$CALLS"\n{body}\n'
        )
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755)

    def user(self, uid: int) -> None:
        self.tool("id", f"echo {uid}")

    def debian(self, installed: set[str], known: set[str]) -> None:
        """apt: ``installed`` packages are installed, ``known`` ones have a candidate."""
        listed = " ".join(sorted(installed))
        self.tool(
            "dpkg-query",
            f'for p in {listed or "none"}; do [ "$p" = "$3" ] && echo "install ok installed" '
            "&& exit 0; done; exit 1",
        )
        candidates = " ".join(sorted(known))
        self.tool(
            "apt-cache",
            f'for p in {candidates or "none"}; do [ "$p" = "$2" ] && echo "  Candidate: 1.0" '
            '&& exit 0; done; echo "  Candidate: (none)"',
        )
        self.tool("apt-get", "exit 0")

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        environ = {"PATH": str(self.bin), "HOME": str(self.home), "CALLS": str(self.calls)}
        return subprocess.run(
            ["sh", str(self.repo / "packaging" / "setup.sh"), *args],
            env=environ,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def called(self) -> list[str]:
        return self.calls.read_text(encoding="utf-8").splitlines()


EVERYTHING_APT = {
    "libgl1", "libegl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0",
    "libxcb-keysyms1", "libxcb-render-util0", "libxcb-shape0", "libxcb-xkb1",
    "fonts-wqy-microhei",
    "dcmtk", "poppler-utils", "qpdf", "strace",  # --dev only
}  # fmt: skip


@pytest.fixture
def system(tmp_path: Path) -> System:
    return System(tmp_path)


def test_help_prints_usage_and_does_nothing(system: System) -> None:
    result = system.run("--help")
    assert result.returncode == 0 and result.stdout.startswith("Usage: sh packaging/setup.sh")
    assert system.called() == [] and not (system.repo / ".venv").exists()


def test_an_unknown_argument_is_refused(system: System) -> None:
    result = system.run("--frobnicate")
    assert result.returncode == 2
    assert "unknown argument: --frobnicate" in result.stderr
    assert system.called() == [] and not (system.repo / ".venv").exists()


def test_without_sudo_it_prints_the_one_command_and_stops(system: System) -> None:
    # Ubuntu 24.04 / Debian 13: glib is known only under its t64 name
    system.debian(installed=EVERYTHING_APT - {"libxcb-cursor0"}, known={"libglib2.0-0t64"})
    result = system.run()
    assert result.returncode == 1
    command = [line.strip() for line in result.stdout.splitlines() if "apt-get" in line]
    assert command == ["apt-get install -y --no-install-recommends libglib2.0-0t64 libxcb-cursor0"]
    assert "sudo: not found" not in result.stderr
    assert not (system.repo / ".venv").exists()
    assert not [call for call in system.called() if call.startswith("apt-get")]


def test_either_glib_name_counts_as_installed(system: System) -> None:
    for name in ("libglib2.0-0t64", "libglib2.0-0"):
        system.debian(installed=EVERYTHING_APT | {name}, known=set())
        result = system.run()
        assert result.returncode == 0, result.stderr
        assert not [call for call in system.called() if call.startswith(("apt-get", "sudo"))]


def test_with_sudo_it_installs_quietly_and_links_the_commands(system: System) -> None:
    system.debian(installed=EVERYTHING_APT - {"libgl1"}, known={"libglib2.0-0"})
    system.tool("sudo", '"$@"')
    result = system.run("--dev")
    assert result.returncode == 0, result.stderr
    calls = system.called()
    assert "sudo apt-get update -qq" in calls
    assert (
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "
        "libgl1 libglib2.0-0" in calls
    )
    assert any(call.endswith("pip install -e .[dev]") for call in calls)
    # a line per step; apt's and pip's output went to setup.log
    assert len(result.stdout.splitlines()) <= 8
    assert (system.repo / "setup.log").is_file()
    link = system.home / ".local" / "bin" / "second-look-cli"
    assert link.resolve() == (system.repo / ".venv" / "bin" / "second-look-cli").resolve()
    assert f"linked in {system.home / '.local' / 'bin'}" in result.stdout


def test_a_real_file_in_local_bin_is_left_alone(system: System) -> None:
    system.debian(installed=EVERYTHING_APT | {"libglib2.0-0"}, known=set())
    mine = system.home / ".local" / "bin" / "second-look-cli"
    mine.parent.mkdir(parents=True)
    mine.write_text("mine", encoding="utf-8")
    result = system.run()
    assert result.returncode == 0, result.stderr
    assert mine.read_text(encoding="utf-8") == "mine"
    assert (system.home / ".local" / "bin" / "second-look").is_symlink()


@pytest.mark.parametrize(
    ("manager", "query", "expected", "cursor"),
    [
        ("dnf", "rpm", "dnf install -y mesa-libGL", "xcb-util-cursor"),
        ("pacman", "pacman", "pacman -S --needed --noconfirm libglvnd", "xcb-util-cursor"),
        ("zypper", "rpm", "zypper --non-interactive install Mesa-libGL1", "libxcb-cursor0"),
    ],
)
def test_other_linux_systems_get_their_own_package_names(
    system: System, manager: str, query: str, expected: str, cursor: str
) -> None:
    system.tool(manager, "exit 0")
    if query != manager:
        system.tool(query, "exit 1")  # nothing installed
    else:
        system.tool(manager, '[ "$1" = "-Q" ] && exit 1; exit 0')
    result = system.run()
    assert result.returncode == 1  # not root, no sudo: the command to run, then stop
    assert expected in result.stdout and f" {cursor} " in result.stdout
    system.user(0)
    result = system.run()
    assert result.returncode == 0, result.stderr
    assert any(expected in call for call in system.called())


@pytest.mark.parametrize(("kernel", "code"), [("Darwin", 0), ("MINGW64_NT-10.0", 1)])
def test_macos_and_windows_are_told_about_the_package_or_pip(
    system: System, kernel: str, code: int
) -> None:
    system.tool("uname", f'echo "{kernel}"')
    result = system.run()
    assert result.returncode == code, result.stderr
    assert "pip" in result.stdout
    assert not [call for call in system.called() if call.startswith(("apt-get", "sudo"))]
    if os.name == "posix" and code == 0:
        assert (system.repo / ".venv" / "bin" / "python").is_file()
