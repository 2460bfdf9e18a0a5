"""Comparing people's names the way a careful clerk would, not letter by letter.

Tolerant of order ("Bates, Jeremy" and "Jeremy V Bates"), case, accents ("Núñez" and
"Nunez"), DICOM's ``^`` separators, titles and suffixes, middle names and initials, and
double or hyphenated surnames: a name matches when every part of the shorter one is
found in the longer one (an initial standing for any part that starts with it) and at
least one whole word is shared. A different given name ("Jenny Bates" for "Jeremy
Bates") is a different person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

# titles and suffixes that say nothing about who someone is
IGNORED = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "madam",
        "mme",
        "jr",
        "jnr",
        "sr",
        "snr",
        "ii",
        "iii",
        "iv",
        "md",
        "phd",
        "dds",
        "rn",
        "np",
    ]
)
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r"[\^,;.\-_/\s]+")


def plain(text: str) -> str:
    """Lower case without accents: "Núñez" -> "nunez", "Øde" -> "ode"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.casefold().translate(_LETTERS)


_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def words(name: str) -> list[str]:
    """The parts of a name that identify someone, in plain letters."""
    text = _BRACKETS.sub(" ", plain(name))
    text = re.sub(r"['\u2019`]", "", text)  # O'Brien and OBrien are the same name
    parts = [part for part in _SEPARATORS.split(text) if part]
    return [part for part in parts if part not in IGNORED]


def dicom_name(value: str) -> str:
    """A DICOM PersonName (family^given^middle^prefix^suffix) written the usual way round."""
    alphabetic = value.split("=", 1)[0]
    parts = [" ".join(part.split()) for part in alphabetic.split("^")]
    parts += [""] * (5 - len(parts))
    family, given, middle, prefix, suffix = parts[:5]
    ordered = [prefix, given, middle, family, suffix]
    return " ".join(part for part in ordered if part)


def natural_order(name: str) -> str:
    """ "Levin, Henry L." -> "Henry L. Levin": a name as a person would type it."""
    family, comma, given = name.partition(",")
    if not comma or "," in given or not family.strip() or not given.strip():
        return " ".join(name.split())
    return " ".join(f"{given} {family}".split())


def same_name(first: str, second: str) -> bool | None:
    """True or False, or None when either has no name in it to compare."""
    one, two = words(first), words(second)
    if not one or not two:
        return None
    if "".join(sorted(one)) == "".join(sorted(two)) or "".join(one) == "".join(two):
        return True
    shorter, longer = sorted((one, two), key=len)
    return _covered(shorter, longer)


def _covered(shorter: list[str], longer: list[str]) -> bool:
    remaining = list(longer)
    whole_shared = False
    pending: list[str] = []
    for part in shorter:  # whole words first, so an initial cannot take a needed word
        if len(part) > 1 and part in remaining:
            remaining.remove(part)
            whole_shared = True
        else:
            pending.append(part)
    for part in pending:
        partner = _initial_partner(part, remaining)
        if partner is None:
            return False
        remaining.remove(partner)
    return whole_shared


def _initial_partner(part: str, remaining: Sequence[str]) -> str | None:
    for other in remaining:
        if len(part) == 1 and other.startswith(part):
            return other
        if len(other) == 1 and part.startswith(other):
            return other
    return None


def person_names(name: str, other_names: Iterable[str]) -> list[str]:
    """Every way the person can be named: the name, each other name, and a one-word other
    name (a nickname or maiden name) put in place of each part of the name in turn."""
    result = [name]
    parts = name.split()
    for other in other_names:
        other = other.strip()
        if not other:
            continue
        result.append(other)
        if len(words(other)) == 1:
            for index in range(len(parts)):
                result.append(" ".join([*parts[:index], other, *parts[index + 1 :]]))
    return result
