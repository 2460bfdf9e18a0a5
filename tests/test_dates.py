from __future__ import annotations

import pytest

from organizer.core.dates import DayOrder, PartialDate, appointment_display, parse_appointment
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


@pytest.mark.parametrize(
    ("typed", "order", "shown"),
    [
        ("04/09/1961", DayOrder.MDY, "9 April 1961"),
        ("04/09/1961", DayOrder.DMY, "4 September 1961"),
        ("4.9.1961", DayOrder.DMY, "4 September 1961"),
        ("1961/04/09", DayOrder.DMY, "9 April 1961"),
        ("1961-04-09", DayOrder.MDY, "9 April 1961"),
        ("25/12/2025", None, "25 December 2025"),
        ("12/25/2025", None, "25 December 2025"),
        ("05/05/2025", None, "5 May 2025"),
        ("04/09/61", DayOrder.MDY, "9 April 1961"),
        ("spring 2024", None, "about April 2024"),
        ("Autumn of 2023", None, "about October 2023"),
        ("about 2019", None, "about 2019"),
        ("2024 March", None, "March 2024"),
        ("Sept 2020", None, "September 2020"),
    ],
)
def test_dates_in_the_locale_order_words_and_seasons(
    typed: str, order: DayOrder | None, shown: str
) -> None:
    assert PartialDate.parse(typed, order).display() == shown


def test_an_ambiguous_numeric_date_without_a_locale_asks_for_the_month_in_words() -> None:
    with pytest.raises(InvalidInput, match="could be 4 September or 9 April"):
        PartialDate.parse("04/09/1961")


@pytest.mark.parametrize(
    ("typed", "order", "stored"),
    [
        ("2026-12-03 14:30", None, "2026-12-03 14:30"),
        ("3 December 2026", None, "2026-12-03"),
        ("3 December 2026 at 2:30 pm", None, "2026-12-03 14:30"),
        ("Dec 3, 2026 9am", None, "2026-12-03 09:00"),
        ("12/03/2026 14.30", DayOrder.MDY, "2026-12-03 14:30"),
        ("03/12/2026, 08:05", DayOrder.DMY, "2026-12-03 08:05"),
    ],
)
def test_appointments_in_words_or_numbers(typed: str, order: DayOrder | None, stored: str) -> None:
    assert parse_appointment(typed, order) == stored


@pytest.mark.parametrize("typed", ["December 2026", "about 3 December 2026", "3 Dec 2026 25:00"])
def test_an_appointment_needs_a_real_day_and_time(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_appointment(typed)


def test_an_appointment_is_shown_in_words() -> None:
    assert appointment_display("2026-12-03 14:30") == "3 December 2026 at 14:30"
    assert appointment_display("2026-12-03") == "3 December 2026"


def test_every_english_month_name_and_abbreviation_is_read() -> None:
    import calendar  # in the "C" locale here, as the names are read whatever the locale

    months = [(calendar.month_name[n], calendar.month_abbr[n], n) for n in range(1, 13)]
    for name, abbreviation, number in months:
        for written in (name, name.upper(), abbreviation, abbreviation.lower()):
            stored = PartialDate.parse(f"{written} 2020").to_storage()
            assert stored == f"2020-{number:02d}", written
    assert PartialDate.parse("Sept 2020").to_storage() == "2020-09"
