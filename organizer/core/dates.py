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
_YEAR_MONTH_NAME = re.compile(r"^(\d{4}),?\s+([a-z]+)\.?$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_SEASON = re.compile(r"^(spring|summer|autumn|fall|winter)\s+(?:of\s+)?(\d{4})$")
_SEASON_MONTHS = {"winter": 1, "spring": 4, "summer": 7, "autumn": 10, "fall": 10}
"""A season is kept as "about" its middle month (northern hemisphere; winter at the
start of the year named): the storage has no seasons, and an approximate month sorts
and matches the way a person means it."""
_TIME = re.compile(
    r"^(.*?)(?:\s+|,\s*|\s*at\s+|t)(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$"
)


class DayOrder(StrEnum):
    """How a person's locale writes a date in numbers: "04/09/1961" is 4 September 1961
    with day first (DMY, as in the UK) and 9 April 1961 with month first (MDY, as in the
    US); YMD writes the year first."""

    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


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
    def parse(cls, text: str, order: DayOrder | None = None) -> PartialDate:
        """Read a date as typed by a person or stored by us; raise InvalidInput if impossible.

        ``order`` is how the person's locale writes dates in numbers ("04/09/1961"); with
        none, a numeric date is read only when it cannot mean two different days.
        """
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
            return _parse_exact(cleaned, approximate, order)
        except InvalidInput as error:
            raise InvalidInput(f'"{original.strip()}" is not a valid date: {error}') from None


def _parse_exact(text: str, approximate: bool, order: DayOrder | None = None) -> PartialDate:
    if match := _SEASON.match(text):
        season, year = match.groups()
        return PartialDate(int(year), _SEASON_MONTHS[season], None, True)
    if match := _YEAR_MONTH_NAME.match(text):
        year, month_name = match.groups()
        return PartialDate(int(year), _month(month_name), None, approximate)
    if (match := _NUMERIC.match(text)) and not _ISO.match(text):
        numbers = _numeric_parts(match.groups(), order)
        return PartialDate(numbers[2], numbers[1], numbers[0], approximate)
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


def _numeric_parts(parts: tuple[str, ...], order: DayOrder | None) -> tuple[int, int, int]:
    """(day, month, year) of a date written in numbers, as the locale's order says."""
    first, second, third = parts
    if len(first) == 4:
        return int(third), int(second), int(first)
    year = _full_year(third)
    a, b = int(first), int(second)
    if order is None:
        if a > 12 >= b:
            order = DayOrder.DMY
        elif b > 12 >= a:
            order = DayOrder.MDY
        elif a == b:
            order = DayOrder.DMY
        else:
            raise InvalidInput(
                f"{first}/{second} could be {a} {calendar.month_name[b]} or "
                f"{b} {calendar.month_name[a]}; write the month as a word, e.g. "
                f"{a} {calendar.month_name[b]} {year}"
            )
    if order is DayOrder.MDY:
        return b, a, year
    return a, b, year


def _full_year(text: str) -> int:
    """A two-digit year is the most recent one it can be: 61 is 1961, 24 is 2024."""
    if len(text) != 2:
        return int(text)
    this_year = _dt.date.today().year
    year = 2000 + int(text)
    return year if year <= this_year else year - 100


def _month(name: str) -> int:
    try:
        return _MONTHS[name]
    except KeyError:
        raise InvalidInput(f'"{name}" is not a month') from None


def parse_optional(text: str | None) -> PartialDate | None:
    if text is None or not text.strip():
        return None
    return PartialDate.parse(text)


def parse_appointment(text: str, order: DayOrder | None = None) -> str:
    """An appointment is a day, optionally with a time: stored as ISO text.

    Any form a date can be typed in works ("3 December 2026 2:30 pm", "12/03/2026 14:30").
    """
    cleaned = " ".join(text.strip().lower().split())
    day_text, time_text = cleaned, ""
    if (match := _TIME.match(cleaned)) and _has_time(match):
        day_text = match.group(1).strip().rstrip(",")
        time_text = _time_of(match)
    try:
        day = PartialDate.parse(day_text, order)
    except InvalidInput:
        day = None
    if day is None or day.day is None or day.month is None or day.approximate:
        raise InvalidInput(
            f'"{text.strip()}" is not a valid appointment; write the day and, if you like, '
            "the time, e.g. 3 December 2026 14:30"
        )
    stored = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    return f"{stored} {time_text}" if time_text else stored


def _has_time(match: re.Match[str]) -> bool:
    """ "2026-12-03 14:30", "3 Dec 2026 2 pm": a time needs minutes or am/pm."""
    return bool(match.group(3) or match.group(4)) and bool(match.group(1).strip())


def _time_of(match: re.Match[str]) -> str:
    hour, minute = int(match.group(2)), int(match.group(3) or 0)
    half = (match.group(4) or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"{hour} {half} is not a time")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"{match.group(2)}:{match.group(3)} is not a time")
    return f"{hour:02d}:{minute:02d}"


def appointment_display(stored: str) -> str:
    """ "2026-12-03 14:30" as "3 December 2026 at 14:30"."""
    day_text, _, time_text = stored.partition(" ")
    shown = PartialDate.parse(day_text).display()
    return f"{shown} at {time_text}" if time_text else shown
