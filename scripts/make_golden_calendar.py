"""Write the golden snapshot of Ukraine's special days, 1991-2030 (tests/golden/).

Run from the repository root after raising ``holidays`` in .ci/constraints.txt::

    .venv/bin/python scripts/make_golden_calendar.py

then review ``git diff tests/golden/``: every changed line is a day whose status
changed (a new Cabinet transfer, a corrected holiday, a law the package learned), and
tests/test_golden.py fails until the snapshot is rewritten and committed.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

from sla_calendar import DayKind, kyiv_calendar

FIRST_YEAR = 1991
LAST_YEAR = 2030
SNAPSHOT = Path(__file__).resolve().parent.parent / "tests" / "golden" / "ukraine_special_days.txt"


def render() -> str:
    """The snapshot's text: one line per day that is not a plain weekday or weekend.

    A day one hour short as the eve of a holiday (Labour Code art. 53) is listed too,
    with ``short`` in the works column; a plain weekday is named after its holiday.
    """
    calendar = kyiv_calendar(shorten_eve_of_holidays=True)
    lines = [
        f"# Ukraine's special days {FIRST_YEAR}-{LAST_YEAR} from kyiv_calendar() (clause R6).",
        "# Every weekday that is off, every weekend day that works, every holiday worked",
        "# under martial law, and every eve one hour short with shorten_eve_of_holidays=True",
        "# (works: short; Labour Code art. 53).",
        "# Regenerate: .venv/bin/python scripts/make_golden_calendar.py",
        "# date        day  works  kind                     name",
    ]
    day, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    while day <= last:
        info = calendar.day_info(day)
        if info.kind not in (DayKind.WORKING, DayKind.WEEKEND) or info.shortened:
            works = "short" if info.shortened else "yes" if info.is_working else "no"
            name = info.name or ""
            if info.shortened and not name:
                name = f"eve of {calendar.day_info(day + timedelta(days=1)).name}"
            lines.append(
                f"{day.isoformat()}  {day:%a}  {works:<5}  {info.kind.value:<23}  {name}".rstrip()
            )
        day += timedelta(days=1)
    return "\n".join(lines) + "\n"


def main() -> int:
    """Rewrite the snapshot file; print where and from which ``holidays`` version."""
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(render(), encoding="utf-8")
    print(f"wrote {SNAPSHOT} (holidays {version('holidays')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
