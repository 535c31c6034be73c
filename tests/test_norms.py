"""Ukraine's norms of working time, to the hour (Labour Code art. 50-53, 73; clause R6).

The norm of working time ("норма тривалості робочого часу") is the figure HR and payroll
compare a timesheet against. Ukraine's ministry publishes it each year for a 40-hour week
of five 8-hour days, one hour less on the eve of a public holiday (art. 53), holidays off
(art. 73). Every expected figure below names where it was published, or is counted by
hand; none was produced by the code under test.

The ministry's letters come out before the Cabinet's transfer orders for their year, so
their monthly figures do not know the transfers. A transfer moves a working day from one
date to another but not the year's hours (the orders say so: a transfer "does not reduce
the working time over the year"), and a month a transfer moves work out of is pinned only
together with the month it moves into.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla_calendar import (
    ArgumentTypeError,
    CountryHolidays,
    InvalidValueError,
    UkraineHolidays,
    WorkingCalendar,
    kyiv_calendar,
)

H = timedelta(hours=1)
KYIV = ZoneInfo("Europe/Kyiv")

# The ministry's calendar: Mon-Fri 8 hours, Ukraine's holidays and transfers, eves one
# hour short.
EIGHT_HOURS = WorkingCalendar.build(
    "Europe/Kyiv",
    {"mon-fri": "09:00-17:00"},
    holidays=UkraineHolidays(),
    eve_shortening=H,
)


def hours(value: timedelta) -> int:
    """Whole hours of ``value``, refusing anything that is not whole hours."""
    whole, rest = divmod(value, H)
    assert rest == timedelta(0), value
    return int(whole)


# --------------------------------------------------------------- yearly norms


def test_2015_norm_1995_hours_ministry_recalculation_after_law_238_viii() -> None:
    # The ministry's 2015 norms as recalculated when Law 238-VIII made 14 October a
    # holiday: 1995.0 hours for the year, 167.0 for October. Reproduced at
    # https://buhgalter.com.ua/news/trudovi-vidnosini/minsotspolitiki-utochnilo-pokazniki-norm-trivalosti-robochogo-dnya-na/
    assert hours(EIGHT_HOURS.working_time_norm(2015)) == 1995
    # No 2015 transfer touches October (they are all in January and February).
    assert hours(EIGHT_HOURS.working_time_norm(2015, 10)) == 167


def test_2016_norm_2003_hours_letter_10846_of_2015_07_20() -> None:
    # Letter of 20.07.2015 No. 10846/0/14-15/13 (named at
    # https://i.factor.ua/ukr/journals/buh911/2016/january/issue-1-2/article-14604.html):
    # 2003.0 hours for a 40-hour week, as quoted by Uriadovyi Kurier of 27.08.2015
    # (https://www.libr.dp.ua/?do=korysno&id=1&pid=256). Order 1155-2015-r later moved
    # Mon 7 March (eve of 8 March) to Sat 12 March and Mon 27 June (eve of 28 June) to
    # Sat 2 July: those Saturdays are the shortened days.
    assert hours(EIGHT_HOURS.working_time_norm(2016)) == 2003


def test_2017_norm_1986_hours_letter_11535_less_25_december_law_2211_viii() -> None:
    # Letter of 05.08.2016 No. 11535/0/14-16/13: 1986.0 hours
    # (https://i.factor.ua/ukr/journals/nibu/2016/august/issue-67-68/article-20943.html).
    # Law 2211-VIII, in force from 2 December 2017
    # (https://prokadry.com.ua/news/2464-tsogorch-u-grudn-pratsyuvatimemo-menshe), then
    # made Monday 25 December 2017 a holiday: 8 hours fewer, and its eve is a Sunday.
    assert hours(EIGHT_HOURS.working_time_norm(2017)) == 1986 - 8


# The ministry's letter of 08.08.2018 No. 78/0/206-18, its table for 2019 as stored at
# http://kmppjkg.kiev.ua/jurcons/736-list-mnsterstvo-socalnoyi-poltiki-ukrayini-vd-05082016-r-n-11535-0-14-16-13-rozrahunok-normi-trivalost-robochogo-chasu-na-2019-r.html
# Row 7 (norm, 40-hour week), January to October as printed:
LETTER_2019 = {1: 168, 2: 160, 3: 159, 4: 167, 5: 167, 6: 143, 7: 184, 8: 167, 9: 168, 10: 176}
# The stored copy cuts row 7 off after October. Rows 5 and 6 (working days; days one
# hour short) are whole: November 21 and none, December 21 and two (24th, 31st), the
# year 250 and seven. The letter's norm is 8 hours a working day less the short days.
LETTER_2019_ROWS_5_6 = {11: (21, 0), 12: (21, 2)}
LETTER_2019_YEAR_ROWS_5_6 = (250, 7)


def test_2019_norm_1993_hours_letter_78_of_2018_08_08() -> None:
    days, short = LETTER_2019_YEAR_ROWS_5_6
    assert hours(EIGHT_HOURS.working_time_norm(2019)) == 8 * days - short == 1993


@pytest.mark.parametrize("month", [1, 2, 3, 6, 7, 8, 9, 10])
def test_2019_months_no_transfer_touches_as_printed_in_letter_78(month: int) -> None:
    assert hours(EIGHT_HOURS.working_time_norm(2019, month)) == LETTER_2019[month]


def test_2019_november_from_letter_78_rows_5_and_6() -> None:
    days, short = LETTER_2019_ROWS_5_6[11]
    assert hours(EIGHT_HOURS.working_time_norm(2019, 11)) == 8 * days - short == 168


def test_2019_december_from_letter_78_rows_5_and_6_both_transfers_inside_it() -> None:
    # Order 7-2019-r moved Mon 30 and Tue 31 December to Sat 21 and Sat 28 December: the
    # month keeps 21 working days, and Sat 28 is short instead of Tue 31.
    days, short = LETTER_2019_ROWS_5_6[12]
    assert hours(EIGHT_HOURS.working_time_norm(2019, 12)) == 8 * days - short == 166


def test_2019_april_and_may_together_30_april_worked_on_11_may() -> None:
    # Order 7-2019-r moved Tue 30 April (the eve of 1 May, short in the letter's April)
    # to Sat 11 May: April loses a 7-hour day and May gains one.
    april = hours(EIGHT_HOURS.working_time_norm(2019, 4))
    may = hours(EIGHT_HOURS.working_time_norm(2019, 5))
    assert (april, may) == (LETTER_2019[4] - 7, LETTER_2019[5] + 7)
    assert april + may == LETTER_2019[4] + LETTER_2019[5] == 334


# 2024 under martial law all year (art. 53, parts 3-5 of art. 67 and art. 73 not applied,
# Law 2136-IX), as published at https://planeta-inform.com.ua/norma-rabochego-vremeni/
NORMS_2024 = (184, 168, 168, 176, 184, 160, 184, 176, 168, 184, 168, 176)


def test_2024_norm_2096_hours_martial_law_nothing_short() -> None:
    assert hours(EIGHT_HOURS.working_time_norm(2024)) == 2096 == sum(NORMS_2024)


@pytest.mark.parametrize("month", range(1, 13))
def test_2024_months_under_martial_law(month: int) -> None:
    assert hours(EIGHT_HOURS.working_time_norm(2024, month)) == NORMS_2024[month - 1]


def test_2019_norm_of_the_regulations_9_hour_day_250_days_less_7_short() -> None:
    # Any day length: kyiv_calendar() works 09:00-18:00, so 9 hours on each of the
    # letter's 250 working days, less its 7 short hours.
    nine = kyiv_calendar(shorten_eve_of_holidays=True)
    assert hours(nine.working_time_norm(2019)) == 9 * 250 - 7


def test_kyiv_calendar_with_an_8_hour_day_gives_the_ministrys_norms() -> None:
    eight = kyiv_calendar(shorten_eve_of_holidays=True, workday_hours="09:00-17:00")
    assert eight is kyiv_calendar(shorten_eve_of_holidays=True, workday_hours="09:00-17:00")
    assert str(eight.weekly_hours).startswith("mon 09:00-17:00; tue 09:00-17:00;")
    for year in (2015, 2016, 2019, 2024):
        assert eight.working_time_norm(year) == EIGHT_HOURS.working_time_norm(year)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (8, ArgumentTypeError, "workday_hours must be a str, got int 8"),
        (" ", InvalidValueError, "workday_hours=' ' is empty; expected a non-empty str"),
    ],
)
def test_kyiv_calendar_refuses_bad_workday_hours(
    value: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        kyiv_calendar(workday_hours=value)  # type: ignore[arg-type]
    assert str(raised.value) == message


# ------------------------------------------------------------ counted by hand

# Each day's hours on the 8-hour calendar, counted by hand from Orders 7-2019-r and
# 995-2019-r (https://zakon.rada.gov.ua/laws/show/7-2019-р,
# https://zakon.rada.gov.ua/laws/show/995-2019-р) and art. 53 and 73: one digit a day,
# one group a week (Monday to Sunday), the first group from the 1st.
HAND_COUNTED = {
    # Sun 1; weeks of the 2nd and 9th; Sat 21 worked for Mon 30 (full: 31 December is
    # no holiday); Tue 24 the eve of Christmas (25th), Sat 28 worked for Tue 31, the eve
    # of New Year; Mon 30 and Tue 31 days off.
    (2019, 12): "0 8888800 8888800 8888880 8708870 00",
    # Wed 1 New Year, Thu 2, Fri 3; Mon 6 a day off, Tue 7 Christmas, Sat 11 worked for
    # Mon 6, the eve of Christmas; three ordinary weeks.
    (2020, 1): "08800 0088870 8888800 8888800 88888",
}


@pytest.mark.parametrize(("year", "month"), sorted(HAND_COUNTED))
def test_hand_counted_month_day_by_day(year: int, month: int) -> None:
    digits = HAND_COUNTED[(year, month)].replace(" ", "")
    got = [
        hours(EIGHT_HOURS.day_info(date(year, month, number)).working_time)
        for number in range(1, len(digits) + 1)
    ]
    assert "".join(map(str, got)) == digits
    assert hours(EIGHT_HOURS.working_time_norm(year, month)) == sum(map(int, digits))


def test_the_three_short_days_of_new_year_2020_named_by_the_orders() -> None:
    # 24 and 28 December 2019 and 11 January 2020: the 7-hour days of the 2019-2020
    # holidays (https://chmnu.edu.ua/informatsiya-stosovno-svyatkovih-ta-perenesenih-robochih-dniv-u-grudni-2019-roku-ta-sichni-2020-roku).
    first, last = date(2019, 12, 1), date(2020, 1, 31)
    short = [
        date.fromordinal(n)
        for n in range(first.toordinal(), last.toordinal() + 1)
        if EIGHT_HOURS.day_info(date.fromordinal(n)).shortened
    ]
    assert short == [date(2019, 12, 24), date(2019, 12, 28), date(2020, 1, 11)]
    assert [str(s) for s in EIGHT_HOURS.day_info(date(2019, 12, 28)).hours] == ["09:00-16:00"]


def test_a_transferred_saturday_standing_in_for_no_eve_stays_full() -> None:
    # Sat 21 December 2019 stands in for Mon 30 December, whose next day (31 December)
    # is no holiday.
    info = EIGHT_HOURS.day_info(date(2019, 12, 21))
    assert (info.shortened, hours(info.working_time)) == (False, 8)


def test_the_source_names_the_holiday_a_saturday_stands_in_for_the_eve_of() -> None:
    # Asked for 2019 alone, it still sees 1 January 2020 (years are built padded).
    marks = UkraineHolidays().marks(2019, 2019)
    assert marks[date(2019, 12, 28)].eve_of == date(2020, 1, 1)
    assert marks[date(2019, 5, 11)].eve_of == date(2019, 5, 1)
    assert marks[date(2019, 12, 21)].eve_of is None  # for 30 December: no eve
    assert UkraineHolidays().marks(2020, 2020)[date(2020, 1, 11)].eve_of == date(2020, 1, 7)


def test_a_holiday_the_calendar_opens_shortens_no_stand_in() -> None:
    # With 1 January 2020 opened as an extra working date, 31 December 2019 is the eve
    # of no holiday off, so neither is the Saturday worked for it.
    opened = WorkingCalendar.build(
        "Europe/Kyiv",
        {"mon-fri": "09:00-17:00"},
        holidays=UkraineHolidays(),
        extra_working_dates={date(2020, 1, 1): "10:00-12:00"},
        eve_shortening=H,
    )
    assert not opened.day_info(date(2019, 12, 28)).shortened
    assert opened.day_info(date(2019, 12, 24)).shortened  # the eve of 25 December still


def test_country_holidays_knows_no_stand_in_eves() -> None:
    # The rule is Ukraine's ministry's; CountryHolidays reads the package as it is.
    generic = WorkingCalendar.build(
        "Europe/Kyiv",
        {"mon-fri": "09:00-17:00"},
        holidays=CountryHolidays("UA"),
        eve_shortening=H,
    )
    assert not generic.day_info(date(2019, 12, 28)).shortened


def test_without_eve_shortening_nothing_is_short() -> None:
    plain = kyiv_calendar()
    assert not plain.day_info(date(2019, 12, 28)).shortened
    assert hours(plain.working_time_norm(2019, 12)) == 9 * 21


# ------------------------------------------------------------------ properties


@given(year=st.integers(1991, 2035))
def test_a_years_norm_is_its_months_added_up(year: int) -> None:
    months = [EIGHT_HOURS.working_time_norm(year, month) for month in range(1, 13)]
    assert sum(months, timedelta(0)) == EIGHT_HOURS.working_time_norm(year)


@given(year=st.integers(1991, 2035), month=st.integers(1, 12))
def test_norm_equals_working_time_between_kyivs_clock_changes_are_at_night(
    year: int, month: int
) -> None:
    start = datetime(year, month, 1, tzinfo=KYIV)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=KYIV)
    norm = EIGHT_HOURS.working_time_norm(year, month)
    assert norm == EIGHT_HOURS.working_time_between(start, end)


def test_a_day_the_clocks_skip_counts_its_wall_clock_hours() -> None:
    # 03:00-04:00 never happens in Kyiv on 29 March 2026; the norm counts the schedule.
    early = WorkingCalendar.build("Europe/Kyiv", {"sun": "03:00-05:00"})
    march = early.working_time_norm(2026, 3)
    start, end = datetime(2026, 3, 1, tzinfo=KYIV), datetime(2026, 4, 1, tzinfo=KYIV)
    assert march == 5 * 2 * H
    assert early.working_time_between(start, end) == 5 * 2 * H - H


# ---------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("2019",), ArgumentTypeError, "year must be an int, got str '2019'"),
        ((True,), ArgumentTypeError, "year must be an int, got bool True"),
        ((0,), InvalidValueError, "year=0 is invalid; expected a year in 1..9999"),
        ((10000,), InvalidValueError, "year=10000 is invalid; expected a year in 1..9999"),
        (
            (2019, 13),
            InvalidValueError,
            "month=13 is invalid; expected a month in 1..12, or None for the year",
        ),
        (
            (2019, 1.0),
            ArgumentTypeError,
            "month must be an int (1..12) or None, got float 1.0",
        ),
    ],
)
def test_norm_refuses_bad_years_and_months(
    args: tuple[object, ...], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        EIGHT_HOURS.working_time_norm(*args)
    assert str(raised.value) == message


def test_norm_at_the_ends_of_the_range() -> None:
    assert EIGHT_HOURS.working_time_norm(1, 1) == 23 * 8 * H  # Mon 1 January 0001: 23 weekdays
    assert EIGHT_HOURS.working_time_norm(9999, 12) == 23 * 8 * H
