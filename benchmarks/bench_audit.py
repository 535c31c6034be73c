"""Time the audit of many synthetic tickets against reading the same file with pandas.

Tickets are made deterministically (seeded numpy generator, no clock): receipts spread
over 2021-2026, a third on each tier, responses and resolutions minutes to days later,
5% with an extension notice, and a share with a pause (R5). The inputs, each timed from
the data in memory or on disk to the finished report (verdicts and summary):

* ``csv``: an ISO 8601 CSV file with 1% of tickets paused;
* ``csv-no-pauses`` and ``csv-paused-15``: the same tickets with no pause, and with 15%
  paused (as the bundled sample): the second may cost at most 1.3x the first;
* ``frame``: the ``csv`` tickets as a pandas DataFrame with typed, zone-aware timestamp
  columns (what ``read_csv(..., parse_dates=...)`` or a database gives a notebook);
* ``dask``: docs/audit.md's dask recipe (text columns, ``audit_partition`` on each
  partition) on the ``csv`` file, local scheduler.

Each audit is compared with a plain ``pandas.read_csv(path)`` of its file, timed in the
same run, as a ratio (the frame and dask inputs with the ``csv`` file's read). Times are
medians of ``--repeat`` runs. Peak memory per ticket is measured in a fresh process per
input (the resident set's high-water mark during the audit, over the ticket count).
Every verdict of a sample of 10,000 tickets is cross-checked against the row-by-row
reader and the per-ticket replay (``engine="python"``); a difference exits 1.

Usage: python benchmarks/bench_audit.py [--tickets N] [--inputs csv,frame,...]
       [--repeat R] [--no-memory] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sla_calendar import kyiv_calendar
from sla_calendar.audit import AuditRow, audit, audit_partition, sample_tickets_path

SEED = 2026
MINUTE_US = 60_000_000
START = pd.Timestamp("2021-01-01T00:00Z")
SPAN_MINUTES = 6 * 365 * 24 * 60
TIME_COLUMNS = ("received_at", "first_response_at", "resolved_at", "extension_notified_at")
INPUTS = ("csv", "csv-no-pauses", "csv-paused-15", "frame", "dask")
PAUSED_SHARE = {"csv": 0.01, "csv-no-pauses": 0.0, "csv-paused-15": 0.15, "frame": 0.01}
CROSS_CHECKED = 10_000


def make_frame(count: int, paused_share: float = 0.01, seed: int = SEED) -> Any:
    """``count`` synthetic tickets as a DataFrame with zone-aware timestamp columns."""
    rng = np.random.default_rng(seed)
    received = rng.integers(0, SPAN_MINUTES, count)
    response = received + rng.exponential(12 * 60, count).astype(np.int64) + 1
    resolved = response + rng.exponential(30 * 60, count).astype(np.int64) + 10
    notice = np.where(rng.random(count) < 0.05, received + 60, -1)
    paused = np.nonzero(rng.random(count) < paused_share)[0]

    def column(minutes: Any) -> Any:
        values = pd.to_datetime(START.value // 1000 + minutes * MINUTE_US, unit="us", utc=True)
        values = values.where(minutes >= 0)
        return values.tz_convert("Europe/Kyiv")

    tiers = np.array(["standard", "emergency", "emergency_24_7"], dtype=object)
    pauses = np.full(count, "", dtype=object)
    for i in paused:
        a = pd.Timestamp(START.value + int(response[i]) * MINUTE_US * 1000 + 1000, tz="UTC")
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


def write_csv(frame: Any, path: Path) -> None:
    """``frame`` as an ISO 8601 CSV file (``2026-02-09T15:20:00+02:00``; empty when NaT)."""
    text = frame.copy()
    for name in TIME_COLUMNS:
        values = text[name]
        offset = values.dt.strftime("%z")
        stamp = values.dt.strftime("%Y-%m-%dT%H:%M:%S") + offset.str[:3] + ":" + offset.str[3:]
        text[name] = stamp.where(values.notna(), "")
    text.to_csv(path, index=False)


def dask_recipe(path: Path) -> Any:
    """docs/audit.md's recipe on one file: text columns, ``audit_partition`` per partition."""
    import dask.dataframe as dd

    tickets = dd.read_csv(
        str(path), dtype=str, keep_default_na=False, engine="pyarrow", blocksize="16MB"
    )
    meta = audit_partition(tickets._meta)
    return tickets.map_partitions(audit_partition, meta=meta).compute()


def run_input(name: str, source: Any) -> Any:
    """Audit one input (the recipe's rows for ``dask``, else the report)."""
    if name == "dask":
        return dask_recipe(source)
    return audit(source, calendar=kyiv_calendar())


def seconds(call: Callable[[], Any]) -> tuple[float, Any]:
    begin = time.perf_counter()
    result = call()
    return time.perf_counter() - begin, result


def peak_rss_bytes() -> int:
    """The process's resident high-water mark (Linux: VmHWM, else ru_maxrss)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure_memory(name: str, path: str) -> None:
    """Child process: audit one input once and print the peak resident growth in bytes."""
    source: Any = pd.read_pickle(path) if name == "frame" else Path(path)
    run_input("frame", source.head(100)) if name == "frame" else audit(sample_tickets_path())
    before = current_rss_bytes()
    try:  # start the high-water mark afresh (Linux), so loading does not count
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass
    run_input(name, source)
    print(max(0, peak_rss_bytes() - before))


def memory_per_ticket(name: str, path: Path, count: int) -> float:
    """Bytes of peak memory per ticket, measured in a fresh process."""
    out = subprocess.run(
        [sys.executable, __file__, "--measure-memory", name, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.split()[-1]) / count


def cross_check(path: Path, report: Any, count: int) -> int:
    """Rows of a 10,000-ticket sample that differ from the row-by-row replay (0 expected)."""
    rng = np.random.default_rng(SEED + 1)
    picked = set(rng.choice(count, size=min(CROSS_CHECKED, count), replace=False).tolist())
    with path.open(newline="", encoding="utf-8") as handle:
        sample = [row for i, row in enumerate(csv.DictReader(handle)) if i in picked]
    positions = sorted(picked)
    replayed = audit(sample, calendar=kyiv_calendar(), engine="python")
    assert not replayed.errors
    assert not report.errors
    differ = 0
    for position, expected in zip(positions, replayed.rows, strict=True):
        fast: AuditRow = report.rows[position]
        if fast != AuditRow(**{**_fields(expected), "line": position + 2}):
            differ += 1
    return differ


def _fields(row: AuditRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in AuditRow.__dataclass_fields__}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per input, then the ratios the targets name."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--inputs", default=",".join(INPUTS), help="comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per input (median)")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    parser.add_argument("--quick", action="store_true", help="20,000 tickets, one run")
    parser.add_argument("--measure-memory", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_memory:
        measure_memory(*args.measure_memory)
        return 0
    count = 20_000 if args.quick else args.tickets
    repeat = 1 if args.quick else args.repeat
    names = args.inputs.split(",")
    for name in names:
        if name not in INPUTS:
            parser.error(f"unknown input {name!r}; expected some of {', '.join(INPUTS)}")
    print(
        f"{count:,} synthetic tickets, one process, median of {repeat} "
        f"(numpy {np.__version__}, pandas {pd.__version__}, load {os.getloadavg()[0]:.2f})"
    )
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        sources: dict[str, Any] = {}
        files: dict[str, Path] = {}
        for name in names:
            kind = "csv" if name in ("frame", "dask") else name
            if kind not in files:
                files[kind] = Path(folder) / f"{kind}.csv"
                write_csv(make_frame(count, PAUSED_SHARE[kind]), files[kind])
            sources[name] = files[kind]
        if "frame" in names:
            sources["frame"] = make_frame(count, PAUSED_SHARE["frame"])
            sources["frame"].to_pickle(Path(folder) / "frame.pkl")
        audit(sample_tickets_path(), calendar=kyiv_calendar())  # imports and year tables
        times: dict[str, list[float]] = {name: [] for name in names}
        reads: dict[str, list[float]] = {kind: [] for kind in files}
        results: dict[str, Any] = {}
        # Each input's runs one after another, each beside a read of its file: an input
        # run right after the dask one meets memory that dask's threads held (glibc keeps
        # an arena per thread), and so pays for fresh pages again (see performance.md).
        for name in names:
            kind = "csv" if name in ("frame", "dask") else name
            for _ in range(repeat):
                reads[kind].append(seconds(lambda kind=kind: pd.read_csv(files[kind]))[0])
                took, results[name] = seconds(lambda name=name: run_input(name, sources[name]))
                times[name].append(took)
        read = {kind: statistics.median(values) for kind, values in reads.items()}
        median = {name: statistics.median(values) for name, values in times.items()}
        for name in names:
            kind = "csv" if name in ("frame", "dask") else name
            rows = len(results[name]) if name == "dask" else results[name].rows_in
            assert rows == count
            memory = ""
            if not args.no_memory and name != "dask":
                path = Path(folder) / "frame.pkl" if name == "frame" else files[kind]
                memory = f"  peak {memory_per_ticket(name, path, count):,.0f} B/ticket"
            print(
                f"  {name:14s} {median[name]:6.2f} s  {median[name] / count * 1e6:5.2f} µs/ticket"
                f"  {median[name] / read[kind]:5.1f}x read_csv ({read[kind]:.2f} s){memory}"
                f"  [runs: {' '.join(f'{t:.2f}' for t in times[name])}]"
            )
        if "csv-no-pauses" in median and "csv-paused-15" in median:
            ratio = median["csv-paused-15"] / median["csv-no-pauses"]
            print(f"  15% paused / no pauses: {ratio:.2f}x")
        if "dask" in median and "csv" in median:
            print(f"  dask recipe / csv: {median['dask'] / median['csv']:.2f}x per ticket")
        if "csv" in results:
            differ = cross_check(files["csv"], results["csv"], count)
            checked = min(CROSS_CHECKED, count)
            print(f"  cross-check: {checked - differ:,} of {checked:,} rows equal the replay")
            failed = differ
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
