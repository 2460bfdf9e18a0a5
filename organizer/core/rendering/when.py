"""Dates as a reader expects them: 2009-03-29 22:44, whatever precision the file gave."""

from __future__ import annotations

import re

_HL7 = re.compile(r"^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$")
_ISO = re.compile(
    r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?$"
)


def readable_time(value: str, zone: bool = True) -> str:
    """An HL7 (20090329224411-0700) or ISO time in plain form; odd values as they are.

    The time zone is shown (when ``zone``) only when it is a real one: some files write
    offsets such as -5000.
    """
    value = value.strip()
    match = _HL7.match(value) or _ISO.match(value)
    if match is None:
        return value
    year, month, day, hour, minute, _second, offset = match.groups()
    text = year
    if month:
        text += f"-{month}"
        if day:
            text += f"-{day}"
    if hour and minute:
        text += f" {hour}:{minute}"
        if zone and offset:
            text += _zone(offset)
    return text


def _zone(offset: str) -> str:
    digits = offset.replace(":", "")
    if offset == "Z" or digits[1:] == "0000":
        return " (UTC)"
    hours, minutes = int(digits[1:3]), int(digits[3:5] or 0)
    if hours > 14 or minutes >= 60:
        return ""
    return f" (UTC{digits[:3]}:{digits[3:5]})"
