"""Time the audit of many synthetic tickets on one core (figures in docs/performance.md).

Tickets are made deterministically (seeded numpy generator, no clock): receipts spread
over 2021-2026, a third on each tier, responses and resolutions minutes to days later,
5% with an extension notice and 1% with a pause (pauses are text, so those rows take the
row-by-row parser). Two inputs are timed, each from the data in memory to the finished
report (verdicts and summary):

* ``frame``: a pandas DataFrame with typed, zone-aware timestamp columns (what
  ``pd.read_csv(..., parse_dates=...)`` or a database gives a notebook): the vectorised
  path;
* ``csv``: the same tickets as an ISO 8601 CSV file on disk, read row by row.

Usage: python benchmarks/bench_audit.py [--tickets N] [--inputs frame,csv] [--quick]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from typing import Any

import numpy as np
import pandas as pd

from sla_calendar import kyiv_calendar
from sla_calendar.audit import audit

SEED = 2026
MINUTE_US = 60_000_000
START = pd.Timestamp("2021-01-01T00:00Z")
SPAN_MINUTES = 6 * 365 * 24 * 60


def make_frame(count: int, seed: int = SEED) -> Any:
    """``count`` synthetic tickets as a DataFrame with zone-aware timestamp columns."""
    rng = np.random.default_rng(seed)
    received = rng.integers(0, SPAN_MINUTES, count)
    response = received + rng.exponential(12 * 60, count).astype(np.int64) + 1
    resolved = response + rng.exponential(30 * 60, count).astype(np.int64) + 10
    notice = np.where(rng.random(count) < 0.05, received + 60, -1)

    def column(minutes: Any) -> Any:
        values = pd.to_datetime(START.value // 1000 + minutes * MINUTE_US, unit="us", utc=True)
        values = values.where(minutes >= 0)
        return values.tz_convert("Europe/Kyiv")

    tiers = np.array(["standard", "emergency", "emergency_24_7"], dtype=object)
    pauses = np.full(count, "", dtype=object)
    paused = np.nonzero(rng.random(count) < 0.01)[0]
    for i in paused:
        a = pd.Timestamp(START.value + int(response[i]) * MINUTE_US * 1000 + 1, tz="UTC")
        b = a + pd.Timedelta(minutes=int((resolved[i] - response[i]) // 2))
        pauses[i] = f"{a.isoformat()}/{b.isoformat()}"
    return pd.DataFrame(
        {
            "ticket_id": [f"B{i:07d}" for i in range(count)],
            "client_id": [f"C{i % 5000:04d}" for i in range(count)],
            "tier": tiers[rng.integers(0, 3, count)],
            "received_at": column(received),
            "first_response_at": column(response),
            "resolved_at": column(resolved),
            "extension_notified_at": column(notice),
            "pauses": pauses,
        }
    )


def timed(source: object) -> tuple[float, Any]:
    """Seconds to audit ``source`` (best of one run: a million tickets take long enough)."""
    begin = time.perf_counter()
    report = audit(source, calendar=kyiv_calendar())
    return time.perf_counter() - begin, report


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per input."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--inputs", default="frame,csv", help="comma-separated: frame, csv")
    parser.add_argument("--quick", action="store_true", help="20,000 tickets (a smoke run)")
    args = parser.parse_args(argv)
    count = 20_000 if args.quick else args.tickets
    frame = make_frame(count)
    print(
        f"{count:,} synthetic tickets, one process "
        f"(numpy {np.__version__}, pandas {pd.__version__})"
    )
    for name in args.inputs.split(","):
        if name == "frame":
            seconds, report = timed(frame)
        elif name == "csv":
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "tickets.csv")
                text = frame.copy()
                for column in (
                    "received_at",
                    "first_response_at",
                    "resolved_at",
                    "extension_notified_at",
                ):
                    text[column] = text[column].map(
                        lambda moment: "" if pd.isna(moment) else moment.isoformat()
                    )
                text.to_csv(path, index=False)
                seconds, report = timed(path)
        else:
            parser.error(f"unknown input {name!r}; expected frame or csv")
        summary = report.summary
        assert report.rows_in == count == len(report.rows) + len(report.errors)
        print(
            f"  {name:5s}  {seconds:6.2f} s  ({seconds / count * 1e6:.2f} µs/ticket)  "
            f"{summary.tickets:,} evaluated, {summary.errors} errors, "
            f"{summary.breached:,} breached, reaction median {summary.reaction_median}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
