from __future__ import annotations

import pytest

from organizer.core.dates import PartialDate, parse_appointment
from organizer.core.errors import InvalidInput


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("2026-03-14", "2026-03-14", "14 March 2026"),
        ("2026-03", "2026-03", "March 2026"),
        ("2026", "2026", "2026"),
        ("~2019", "~2019", "about 2019"),
        ("about 2015", "~2015", "about 2015"),
        ("March 2026", "2026-03", "March 2026"),
        ("mar 2026", "2026-03", "March 2026"),
        ("14 March 2026", "2026-03-14", "14 March 2026"),
        ("March 14, 2026", "2026-03-14", "14 March 2026"),
        ("around June 2020", "~2020-06", "about June 2020"),
        ("03/2021", "2021-03", "March 2021"),
        ("2024-02-29", "2024-02-29", "29 February 2024"),
    ],
)
def test_dates_read_as_people_write_them(typed: str, stored: str, shown: str) -> None:
    date = PartialDate.parse(typed)
    assert date.to_storage() == stored
    assert date.display() == shown
    assert PartialDate.parse(date.to_storage()) == date
    assert PartialDate.parse(date.display()) == date


@pytest.mark.parametrize(
    ("typed", "complaint"),
    [
        ("2026-02-30", "February 2026 has no day 30"),
        ("2025-02-29", "February 2025 has no day 29"),
        ("2026-13", "there is no month 13"),
        ("Smarch 2026", '"smarch" is not a month'),
        ("yesterday", "use a form like"),
        ("", "a date is needed"),
        ("1066", "not a plausible year"),
    ],
)
def test_impossible_dates_say_what_is_wrong(typed: str, complaint: str) -> None:
    with pytest.raises(InvalidInput, match=complaint):
        PartialDate.parse(typed)


def test_precision_and_range() -> None:
    month = PartialDate.parse("2024-02")
    assert month.precision == "month"
    assert str(month.earliest) == "2024-02-01"
    assert str(month.latest) == "2024-02-29"
    assert PartialDate.parse("~2019").approximate


def test_appointments_take_an_optional_time() -> None:
    assert parse_appointment("2026-12-03") == "2026-12-03"
    assert parse_appointment("2026-12-03T14:30") == "2026-12-03 14:30"
    with pytest.raises(InvalidInput):
        parse_appointment("2026-12-32")
