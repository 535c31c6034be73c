"""Ukraine's special days 1991-2030 against the committed golden snapshot (clause R6).

A new ``holidays`` release that moves any day (a transfer, a holiday, a martial-law
rule) fails here with the changed lines, instead of silently moving deadlines. To
accept a reviewed change: ``.venv/bin/python scripts/make_golden_calendar.py``.
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_golden_calendar", ROOT / "scripts" / "make_golden_calendar.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_r6_special_days_1991_2030_match_the_golden_snapshot() -> None:
    script = _load_script()
    committed = script.SNAPSHOT.read_text(encoding="utf-8")
    fresh = script.render()
    if fresh != committed:
        diff = difflib.unified_diff(
            committed.splitlines(), fresh.splitlines(), "committed", "now", lineterm="", n=0
        )
        changed = "\n".join(list(diff)[:60])
        raise AssertionError(f"Ukraine's special days changed; review, then regenerate:\n{changed}")


def test_r6_snapshot_holds_the_hand_checked_landmarks() -> None:
    # Read from the committed file, not from the code: these lines were checked by hand
    # against the Cabinet orders and Law 2136-IX.
    text = (ROOT / "tests" / "golden" / "ukraine_special_days.txt").read_text(encoding="utf-8")
    rows = {tuple(line.split(None, 4)) for line in text.splitlines() if line[:1].isdigit()}
    landmarks = [
        (
            "2019-12-21",
            "Sat",
            "yes",
            "transferred_working_day",
            "Transferred working day (for 2019-12-30)",
        ),
        (
            "2019-12-30",
            "Mon",
            "no",
            "transferred_day_off",
            "Transferred day off (worked on 2019-12-21)",
        ),
        (
            "1996-12-28",
            "Sat",
            "yes",
            "transferred_working_day",
            "Transferred working day (for 1997-01-02)",
        ),
        ("2019-08-26", "Mon", "no", "observed_holiday", "Independence Day (observed)"),
        ("2023-12-25", "Mon", "yes", "holiday_worked", "Christmas Day"),
        ("2023-07-28", "Fri", "yes", "holiday_worked", "Ukrainian Statehood Day"),
        ("2024-10-01", "Tue", "yes", "holiday_worked", "Day of defenders of Ukraine"),
    ]
    assert [landmark for landmark in landmarks if landmark not in rows] == []


# Every day one hour short 2015-2022 (Labour Code art. 53), worked out by hand: the last
# working day before each public holiday off (a Friday before a Saturday holiday too,
# never a day before an observed day off), and each weekend day worked in place of a
# transferred eve (Cabinet orders 1155-2015-r, 850-2016-r, 1-2018-r, 7-2019-r,
# 995-2019-r, 1191-2020-r, 1004-2021-r). Martial law (Law 2136-IX, from 24 March 2022)
# suspends art. 53 and makes holidays working days, so nothing is short after 12 March
# 2022. A year's count is the ministry's row 6 where its letter was found (2015: 5,
# 2016: 5, 2019: 7).
SHORT_2015_2022 = {
    "2015": ["01-06", "04-30", "05-08", "10-13", "12-31"],
    # Sat 12 March for Mon 7 March (eve of 8 March); Sat 2 July for Mon 27 June (eve of
    # 28 June).
    "2016": ["01-06", "03-12", "07-02", "08-23", "10-13"],
    # Fri 6 January (7 January a Saturday), Sat 13 May for Mon 8 May (eve of 9 May),
    # Fri 13 October (14 October a Saturday); 25 December's eve is a Sunday.
    "2017": ["01-06", "03-07", "05-13", "06-27", "08-23", "10-13"],
    # Sat 5 May for Mon 30 April, Sat 22 December for Mon 24 December, Sat 29 December
    # for Mon 31 December.
    "2018": ["03-07", "05-05", "05-08", "06-27", "08-23", "12-22", "12-29"],
    # Sat 11 May for Tue 30 April, Sat 28 December for Tue 31 December; Fri 23 August
    # (24 August a Saturday).
    "2019": ["03-07", "05-08", "05-11", "06-27", "08-23", "12-24", "12-28"],
    # Sat 11 January for Mon 6 January; Fri 8 May (9 May a Saturday).
    "2020": ["01-11", "04-30", "05-08", "10-13", "12-24", "12-31"],
    # Sat 28 August for Mon 23 August; Fridays before Saturday holidays 1 May, 25
    # December and 1 January 2022.
    "2021": ["01-06", "04-30", "08-28", "10-13", "12-24", "12-31"],
    # Sat 12 March for Mon 7 March, before Law 2136-IX came into force.
    "2022": ["01-06", "03-12"],
}


def test_r6_snapshot_short_days_2015_2022_are_the_hand_checked_eves() -> None:
    text = (ROOT / "tests" / "golden" / "ukraine_special_days.txt").read_text(encoding="utf-8")
    short = [
        line.split()[0]
        for line in text.splitlines()
        if line[:1].isdigit() and line.split()[2] == "short" and "2015" <= line[:4] <= "2022"
    ]
    expected = [f"{year}-{day}" for year, days in SHORT_2015_2022.items() for day in days]
    assert short == expected
