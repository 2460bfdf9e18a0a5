"""Dates as people remember them: a day, a month, a year, or "about" a year.

Medical histories are full of half-known dates ("March 2026", "about 2015"). We keep
exactly what the person knows instead of inventing a day, and store it as one sortable
string: ``2026-03-14``, ``2026-03``, ``2026``, with a leading ``~`` when approximate.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from enum import StrEnum

from organizer.core.errors import InvalidInput

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_APPROX_WORDS = (
    "about ",
    "around ",
    "approx. ",
    "approx ",
    "approximately ",
    "circa ",
    "c. ",
    "ca. ",
)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")
_SLASHED_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a day, a month or a year, possibly only approximately."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    def __post_init__(self) -> None:
        if not 1800 <= self.year <= 2200:
            raise InvalidInput(f"{self.year} is not a plausible year")
        if self.day is not None and self.month is None:
            raise InvalidInput("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidInput(f"there is no month {self.month}")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                month_name = calendar.month_name[self.month]
                raise InvalidInput(f"{month_name} {self.year} has no day {self.day}")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> _dt.date:
        """The first calendar day this date could mean, for comparisons and sorting."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> _dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _dt.date(self.year, month, day)

    def to_storage(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return ("~" + text) if self.approximate else text

    def display(self) -> str:
        """The date written the way a person says it: "14 March 2026", "about 2015"."""
        if self.day is not None and self.month is not None:
            text = f"{self.day} {calendar.month_name[self.month]} {self.year}"
        elif self.month is not None:
            text = f"{calendar.month_name[self.month]} {self.year}"
        else:
            text = str(self.year)
        return f"about {text}" if self.approximate else text

    def __str__(self) -> str:
        return self.to_storage()

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read a date as typed by a person or stored by us; raise InvalidInput if impossible."""
        original = text
        cleaned = " ".join(text.strip().lower().split())
        approximate = False
        if cleaned.startswith("~"):
            approximate, cleaned = True, cleaned[1:].strip()
        for word in _APPROX_WORDS:
            if cleaned.startswith(word):
                approximate, cleaned = True, cleaned[len(word) :].strip()
                break
        if not cleaned:
            raise InvalidInput("a date is needed")
        try:
            return _parse_exact(cleaned, approximate)
        except InvalidInput as error:
            raise InvalidInput(f'"{original.strip()}" is not a valid date: {error}') from None


def _parse_exact(text: str, approximate: bool) -> PartialDate:
    if match := _ISO.match(text):
        year, month, day = match.groups()
        return PartialDate(
            int(year),
            int(month) if month else None,
            int(day) if day else None,
            approximate,
        )
    if match := _DAY_MONTH_YEAR.match(text):
        day, month_name, year = match.groups()
        return PartialDate(int(year), _month(month_name), int(day), approximate)
    if match := _MONTH_DAY_YEAR.match(text):
        month_name, day, year = match.groups()
        return PartialDate(int(year), _month(month_name), int(day), approximate)
    if match := _MONTH_YEAR.match(text):
        month_name, year = match.groups()
        return PartialDate(int(year), _month(month_name), None, approximate)
    if match := _SLASHED_MONTH_YEAR.match(text):
        month, year = match.groups()
        return PartialDate(int(year), int(month), None, approximate)
    raise InvalidInput("use a form like 2026-03-14, March 2026, 2019 or about 2015")


def _month(name: str) -> int:
    try:
        return _MONTHS[name]
    except KeyError:
        raise InvalidInput(f'"{name}" is not a month') from None


def parse_optional(text: str | None) -> PartialDate | None:
    if text is None or not text.strip():
        return None
    return PartialDate.parse(text)


def parse_appointment(text: str) -> str:
    """An appointment is a day, optionally with a time: store it as ISO text."""
    cleaned = text.strip().replace("T", " ")
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            moment = _dt.datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        return moment.strftime(pattern)
    raise InvalidInput(f'"{text}" is not a valid appointment; use 2026-12-03 or 2026-12-03 14:30')
