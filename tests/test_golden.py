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
