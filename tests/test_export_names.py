"""Export names against the rules of Windows, macOS, Linux, FAT32 and exFAT."""

from __future__ import annotations

import re

import pytest

from organizer.core.export.names import (
    MAX_NAME,
    FolderNames,
    packet_folder_name,
    safe_name,
    safe_relative_path,
)

WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)


def fat_valid(name: str) -> bool:
    """The rules, written out independently of the code under test."""
    if not name or name in (".", ".."):
        return False
    if any(ch in '<>:"/\\|?*' or ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return False
    if name[-1] in ". ":
        return False
    if WINDOWS_RESERVED.match(name):
        return False
    return len(name) <= 255


@pytest.mark.parametrize(
    "given",
    [
        'CT: chest / abdomen "with contrast"?',
        "report.",
        "report . . .",
        "  spaced  ",
        "CON",
        "con.txt",
        "Lpt1.pdf",
        "NUL",
        "tab\there\nnewline",
        "back\\slash|pipe*star<less>more",
        "...",
        "",
        "Zoë Ødegård 李小龙.pdf",
    ],
)
def test_safe_names_pass_the_fat_rules(given: str) -> None:
    name = safe_name(given)
    assert fat_valid(name), name


def test_reserved_device_names_are_changed_but_readable() -> None:
    assert safe_name("CON").upper() != "CON"
    assert safe_name("aux.pdf").endswith(".pdf")
    assert not WINDOWS_RESERVED.match(safe_name("aux.pdf"))


def test_long_names_are_capped_and_keep_their_extension() -> None:
    name = safe_name("2026-01-12 " + "very long title " * 30 + ".pdf")
    assert len(name) <= MAX_NAME
    assert name.endswith(".pdf")
    assert fat_valid(name)


def test_names_are_unique_ignoring_case() -> None:
    names = FolderNames()
    given = ["Scan.pdf", "scan.PDF", "SCAN.pdf", "scan.pdf"]
    claimed = [names.claim(name) for name in given]
    assert len({name.casefold() for name in claimed}) == len(given)
    assert all(name.lower().endswith(".pdf") for name in claimed)


def test_names_already_taken_in_the_folder_are_avoided() -> None:
    names = FolderNames({"index.html"})
    assert names.claim("INDEX.html").casefold() != "index.html"


def test_relative_paths_cannot_climb_out() -> None:
    assert str(safe_relative_path("../../etc/passwd")) == "etc/passwd"
    assert str(safe_relative_path("/abs/DICOMDIR")) == "abs/DICOMDIR"
    assert str(safe_relative_path("77654033\\CT2\\17106")) == "77654033/CT2/17106"
    with pytest.raises(ValueError):
        safe_relative_path("../..")


def test_valid_cd_paths_are_kept_exactly() -> None:
    for path in ("DICOMDIR", "77654033/CR1/6154", "98892003/MR700/4467"):
        assert str(safe_relative_path(path)) == path


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("Ana Diaz", "SecondOpinion_Diaz_Ana_2026-11-20"),
        ("Zoë Ødegård", "SecondOpinion_Ødegård_Zoë_2026-11-20"),
        ("Diaz, Ana Maria", "SecondOpinion_Diaz_Ana_2026-11-20"),
        ("Mary Anne van der Berg", "SecondOpinion_Berg_Mary_2026-11-20"),
        ("李小龙", "SecondOpinion_李小龙_2026-11-20"),
        ("O'Brien: Sean?", "SecondOpinion_Sean_O'Brien_2026-11-20"),
    ],
)
def test_packet_folder_name(person: str, expected: str) -> None:
    name = packet_folder_name(person, "2026-11-20")
    assert name == expected
    assert fat_valid(name)
