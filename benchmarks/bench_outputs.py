"""Peak memory and time of `sla-calendar audit` writing each format (docs/performance.md).

Makes N synthetic tickets as an ISO 8601 CSV file (the generator of bench_audit.py),
then runs the command once per format in a child process, its output read and counted
by this process (nothing is kept), and reports the child's peak resident memory
(``ru_maxrss``) and wall time. A first child only audits (``audit()``, no writing): the
difference is what writing the report costs in memory. Writers stream a row at a time,
so that difference should not grow with N.

Usage: python benchmarks/bench_outputs.py [--tickets N] [--formats table,csv,json] [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_audit import make_frame

_AUDIT_ONLY = (
    "import sys; from sla_calendar.audit import audit; "
    "report = audit(sys.argv[1]); print(report.summary.tickets)"
)


def _child(argv: list[str]) -> tuple[float, float, int, int]:
    """Run ``argv``; its wall time (s), peak RSS (MB), bytes written and exit status."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    written = 0
    while chunk := child.stdout.read(1 << 20):
        written += len(chunk)
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, written, child.returncode


def _write_csv(frame: Any, path: str) -> None:
    """The tickets as bench_audit.py writes them: ISO 8601 with ``±HH:MM`` offsets."""
    for column in ("received_at", "first_response_at", "resolved_at", "extension_notified_at"):
        frame[column] = frame[column].map(lambda t: "" if t != t else t.isoformat())
    frame.to_csv(path, index=False)


def main(argv: list[str] | None = None) -> int:
    """Measure; print one line per run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2_000_000)
    parser.add_argument("--formats", default="table,csv,json")
    parser.add_argument("--quick", action="store_true", help="2,000 tickets, a smoke run")
    args = parser.parse_args(argv)
    count = 2_000 if args.quick else args.tickets
    command = str(Path(sys.executable).parent / "sla-calendar")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "tickets.csv")
        _write_csv(make_frame(count), path)
        print(f"{count:,} tickets, {os.path.getsize(path) / 1e6:.0f} MB of CSV")
        runs = [("audit() only", [sys.executable, "-c", _AUDIT_ONLY, path])]
        runs += [
            (f"--format {name}", [command, "audit", path, "--format", name])
            for name in args.formats.split(",")
        ]
        baseline = 0.0
        for label, run in runs:
            elapsed, peak, written, status = _child(run)
            baseline = baseline or peak
            print(
                f"{label:<16} peak RSS {peak:8.0f} MB ({peak - baseline:+6.0f} MB over audit() "
                f"only)  {elapsed:7.1f} s  {written / 1e6:8.1f} MB written  exit {status}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
