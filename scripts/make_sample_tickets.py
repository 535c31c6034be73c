"""Make the bundled sample of tickets: src/sla_calendar/data/sample_tickets.csv.

Deterministic (a seeded generator, no clock): running it again gives the same bytes, and
tests/test_audit_sample.py checks that the committed file equals this script's output.
The tickets are invented. They span 2021-2026 and include the days that make SLA
arithmetic hard: daylight-saving nights, public holidays before martial law and
holidays worked during it (from 24 February 2022), transferred working Saturdays and
the days off they paid for, pauses (waiting for the client, R5), processing extensions
with and without prior notice, breaches, and three rows that cannot be evaluated (an
unknown tier, a response before the receipt, a timestamp without an offset).

Usage: python scripts/make_sample_tickets.py [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sla_calendar import ColumnMapping, DayKind, kyiv_calendar

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "sla_calendar" / "data" / "sample_tickets.csv"
SEED = 20_261_125
TICKETS = 3000
KYIV = ZoneInfo("Europe/Kyiv")
FIRST_DAY = date(2021, 1, 1)
LAST_DAY = date(2026, 10, 31)
COLUMNS = tuple(ColumnMapping().columns().values())  # the audit's default column names


def special_days() -> dict[str, list[date]]:
    """Dates of each hard kind in the sample's span, read from the regulation's calendar."""
    working = kyiv_calendar()
    kinds: dict[str, list[date]] = {
        "holiday": [],
        "holiday_worked": [],
        "transferred_working_day": [],
        "transferred_day_off": [],
        "dst": [],
    }
    day = FIRST_DAY
    while day <= LAST_DAY:
        kind = working.day_info(day).kind
        if kind in (DayKind.HOLIDAY, DayKind.OBSERVED_HOLIDAY):
            kinds["holiday"].append(day)
        elif kind is DayKind.HOLIDAY_WORKED:
            kinds["holiday_worked"].append(day)
        elif kind is DayKind.TRANSFERRED_WORKING_DAY:
            kinds["transferred_working_day"].append(day)
        elif kind is DayKind.TRANSFERRED_DAY_OFF:
            kinds["transferred_day_off"].append(day)
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=KYIV)
        midnight = datetime(day.year, day.month, day.day, tzinfo=KYIV)
        if noon.utcoffset() != midnight.utcoffset():
            kinds["dst"].append(day)
        day += timedelta(days=1)
    return kinds


def _received(rng: random.Random, kinds: dict[str, list[date]]) -> datetime:
    """A receipt instant: one in five on a hard day, the rest anywhere in the span."""
    roll = rng.random()
    if roll < 0.2:
        kind = rng.choice(sorted(kinds))
        day = rng.choice(kinds[kind])
        if kind == "dst":  # the night the clocks change: 00:00-05:00 UTC covers it
            start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=1)
            return start + timedelta(minutes=rng.randrange(0, 5 * 60))
        local = datetime(day.year, day.month, day.day, tzinfo=KYIV)
        return (
            local.astimezone(UTC) + timedelta(minutes=rng.randrange(7 * 60, 20 * 60))
        ).astimezone(UTC)
    span_days = (LAST_DAY - FIRST_DAY).days
    day = FIRST_DAY + timedelta(days=rng.randrange(span_days))
    local = datetime(day.year, day.month, day.day, tzinfo=KYIV)
    hour_weights = rng.random()
    minutes = rng.randrange(9 * 60, 18 * 60) if hour_weights < 0.75 else rng.randrange(0, 24 * 60)
    return local.astimezone(UTC) + timedelta(minutes=minutes)


def _stamp(rng: random.Random, moment: datetime) -> str:
    """ISO 8601 with an offset: Kyiv time mostly, sometimes UTC (both are valid input)."""
    if rng.random() < 0.1:
        return moment.astimezone(UTC).isoformat(timespec="minutes")
    return moment.astimezone(KYIV).isoformat(timespec="minutes")


def make_rows(seed: int = SEED, count: int = TICKETS) -> list[dict[str, str]]:
    """The sample's rows, as CSV text values."""
    rng = random.Random(seed)
    kinds = special_days()
    rows: list[dict[str, str]] = []
    for number in range(1, count + 1):
        tier = rng.choices(["standard", "emergency", "emergency_24_7"], [70, 20, 10])[0]
        received = _received(rng, kinds)
        reaction_scale = {"standard": 20 * 60, "emergency": 100, "emergency_24_7": 80}[tier]
        first_response = received + timedelta(
            minutes=round(rng.expovariate(1 / reaction_scale) + 5)
        )
        resolved = first_response + timedelta(minutes=round(rng.expovariate(1 / (26 * 60)) + 10))
        pauses: list[tuple[datetime, datetime]] = []
        if rng.random() < 0.15:
            cursor = first_response
            for _ in range(rng.choice([1, 1, 2])):
                start = cursor + timedelta(minutes=rng.randrange(10, 8 * 60))
                end = start + timedelta(minutes=rng.randrange(30, 3 * 24 * 60))
                pauses.append((start, end))
                cursor = end
            resolved = max(resolved, cursor + timedelta(minutes=rng.randrange(10, 24 * 60)))
        notice: datetime | None = None
        if rng.random() < 0.1:  # with prior notice (early) or not (days later)
            delay = timedelta(hours=2) if rng.random() < 0.5 else timedelta(days=5)
            notice = received + delay
            resolved = max(resolved, notice + timedelta(hours=rng.randrange(1, 48)))
        response: datetime | None = first_response
        if rng.random() < 0.03:
            response = None  # answered only by the resolution
        open_ticket = received.year == 2026 and received.month >= 10 and rng.random() < 0.3
        rows.append(
            {
                "ticket_id": f"T{number:05d}",
                "client_id": f"C{rng.randrange(1, 241):04d}",
                "tier": tier,
                "received_at": _stamp(rng, received),
                "first_response_at": "" if response is None else _stamp(rng, response),
                "resolved_at": "" if open_ticket else _stamp(rng, resolved),
                "extension_notified_at": "" if notice is None else _stamp(rng, notice),
                "pauses": ";".join(
                    f"{_stamp(rng, a)}/{_stamp(rng, b)}"
                    for a, b in pauses
                    if open_ticket is False or b <= received
                ),
            }
        )
    rows.sort(key=lambda row: datetime.fromisoformat(row["received_at"]))
    rows += [
        {**rows[10], "ticket_id": "T90001", "tier": "gold"},
        {
            **rows[20],
            "ticket_id": "T90002",
            "first_response_at": (
                datetime.fromisoformat(rows[20]["received_at"]) - timedelta(hours=1)
            ).isoformat(timespec="minutes"),
        },
        {**rows[30], "ticket_id": "T90003", "received_at": rows[30]["received_at"][:16]},
    ]
    return rows


def render(seed: int = SEED, count: int = TICKETS) -> str:
    """The sample CSV's text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(make_rows(seed, count))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write the sample, or with --check say whether the committed file is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
