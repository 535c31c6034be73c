"""An audit report written out: text, CSV, JSON, HTML, a matplotlib plot, a pandas frame.

Each writer takes the parts of the report it shows (the summary, rows, rejected rows);
:class:`~sla_calendar.audit.report.AuditReport` puts them together in its ``to_*``
methods. pandas and matplotlib are optional and imported only by the writers that need
them (:func:`import_optional`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, timedelta
from fractions import Fraction
from html import escape
from typing import Any, TypeAlias

from sla_calendar._format import format_duration, format_table
from sla_calendar._instants import ONE_US, UNIX_EPOCH_US
from sla_calendar.audit.engine import reaction_stops
from sla_calendar.audit.rows import MISSING, ParsedTickets, RejectedRow
from sla_calendar.audit.summary import AuditSummary, PeriodSummary
from sla_calendar.audit.verdicts import (
    BREACHED,
    EXTENSIONS,
    RECORD_FIELDS,
    VERDICTS,
    AuditRow,
    Verdict,
    Verdicts,
)
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import InvalidValueError

__all__ = [
    "Destination",
    "import_optional",
    "pauses_file_lines",
    "plot_breach_rates",
    "rejected_dict",
    "rejected_lines",
    "summary_dict",
    "summary_html",
    "summary_lines",
    "tickets_frame",
    "worst_breach_lines",
    "write_csv",
    "write_json",
]

Destination: TypeAlias = str | os.PathLike[str] | io.TextIOBase | Any
"""A path to write, or an open text file."""


def import_optional(module: str, extra: str) -> Any:
    """Import optional package ``module``, or say which extra installs it."""
    try:
        return __import__(module)
    except ImportError:
        raise InvalidValueError(
            f"this needs the optional package {module!r}; install it with: "
            f"pip install 'sla_calendar[{extra}]'"
        ) from None


def _percent(rate: Fraction) -> str:
    tenths = round(rate * 1000)
    return f"{tenths // 10}.{tenths % 10}%"


def _hours(value: timedelta | None) -> str:
    return "-" if value is None else format_duration(value)


# ------------------------------------------------------------------ CSV and JSON


def write_csv(rows: Iterable[AuditRow], target: Destination) -> None:
    """Write one line per row (columns :data:`RECORD_FIELDS`) to a path or text file."""
    if isinstance(target, str | os.PathLike):
        with open(target, "w", newline="", encoding="utf-8") as handle:
            _write_csv(rows, handle)
    else:
        _write_csv(rows, target)


def _write_csv(rows: Iterable[AuditRow], handle: Any) -> None:
    writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.as_record())


def write_json(data: Mapping[str, Any], target: Destination) -> None:
    """Write ``data`` as indented UTF-8 JSON to a path or text file."""
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, ensure_ascii=False)
            handle.write("\n")
    else:
        json.dump(data, target, indent=1, ensure_ascii=False)
        target.write("\n")


def rejected_dict(error: RejectedRow) -> dict[str, str | int]:
    """A row that could not be evaluated, as JSON-ready values."""
    return {
        "line": error.line,
        "column": error.column,
        "message": error.message,
        "ticket_id": error.ticket_id,
    }


def summary_dict(s: AuditSummary) -> dict[str, Any]:
    """The summary as JSON-ready values (rates as percentages, durations ``H:MM``)."""

    def period(p: PeriodSummary) -> dict[str, Any]:
        return {
            "tier": p.tier,
            "month": p.month,
            "tickets": p.tickets,
            "reaction_breaches": p.reaction_breaches,
            "processing_breaches": p.processing_breaches,
            "breached": p.breached,
            "breach_rate": _percent(p.breach_rate),
        }

    return {
        "tickets": s.tickets,
        "errors": s.errors,
        "reaction_breaches": s.reaction_breaches,
        "processing_breaches": s.processing_breaches,
        "breached": s.breached,
        "breach_rate": _percent(s.breach_rate),
        "answered": s.answered,
        "reaction_median": _hours(s.reaction_median),
        "reaction_p90": _hours(s.reaction_p90),
        "per_tier": [period(p) for p in s.per_tier],
        "per_month": [period(p) for p in s.per_month],
    }


# ------------------------------------------------------------------ text


def _cell(period: PeriodSummary | None) -> str:
    return "-" if period is None else f"{period.breached}/{period.tickets}"


def summary_lines(s: AuditSummary, rows_in: int) -> list[str]:
    """Totals, the table per tier and the breach rate per month, as lines of text."""
    lines = [
        f"SLA audit: {rows_in} rows read, {s.tickets} tickets evaluated, {s.errors} rows in errors",
        f"Breached: {s.breached} ({_percent(s.breach_rate)}); reaction {s.reaction_breaches}, "
        f"processing {s.processing_breaches}",
        f"Reaction time (working hours, {s.answered} answered): median "
        f"{_hours(s.reaction_median)}, 90th percentile {_hours(s.reaction_p90)}",
        "",
        "Per tier:",
    ]
    lines += format_table(
        ["Tier", "Tickets", "Reaction breaches", "Processing breaches", "Breached"],
        [
            [
                t.tier,
                str(t.tickets),
                f"{t.reaction_breaches} ({_percent(t.reaction_breach_rate)})",
                f"{t.processing_breaches} ({_percent(t.processing_breach_rate)})",
                f"{t.breached} ({_percent(t.breach_rate)})",
            ]
            for t in s.per_tier
        ],
        "  ",
    )
    tiers = [t.tier for t in s.per_tier]
    months = sorted({p.month for p in s.per_month})
    cells = {(p.month, p.tier): p for p in s.per_month}
    lines += ["", "Breach rate per month (breached/tickets):"]
    lines += format_table(
        ["Month", *tiers],
        [[month, *(_cell(cells.get((month, tier))) for tier in tiers)] for month in months],
        "  ",
    )
    return lines


def worst_breach_lines(breaches: Iterable[AuditRow], of: int, worst: int) -> list[str]:
    """The ``worst`` reaction breaches (of ``of``) by overrun, and why the first was due.

    The explanation is of the first breach on working hours, if any (a round-the-clock
    deadline has nothing to explain but the hours).
    """
    rows = sorted(
        (r for r in breaches if r.reaction_status is Verdict.BREACHED),
        key=lambda r: (-(r.reaction_overrun // ONE_US), r.line),
    )[:worst]
    if not rows:
        return []
    lines = ["", f"Worst reaction breaches (of {of}):"]
    for r in rows:
        clock = "real" if r.reaction_deadline().calendar.is_round_the_clock else "working"
        lines.append(
            f"  {r.ticket_id} ({r.tier.name}, line {r.line}): received "
            f"{r.received_at:%a %Y-%m-%d %H:%M%z}, due {r.reaction_due:%a %Y-%m-%d %H:%M%z}, "
            f"answered after {format_duration(r.reaction_time)} {clock} hours "
            f"(+{format_duration(r.reaction_overrun)})"
        )
    on_hours = [r for r in rows if not r.reaction_deadline().calendar.is_round_the_clock]
    first = (on_hours or rows)[0]
    lines += ["", f"Why {first.ticket_id} was due when it was (Deadline.explain):"]
    lines += ["  " + line for line in first.explain().lines()]
    return lines


def rejected_lines(errors: Sequence[RejectedRow], max_errors: int) -> list[str]:
    """The first ``max_errors`` rows not evaluated, one indented line each, and how many more."""
    lines = [f"  {error}" for error in errors[:max_errors]]
    if len(errors) > max_errors:
        lines.append(f"  ... {len(errors) - max_errors} more (see --format json)")
    return lines


def pauses_file_lines(
    rows_in: int, applied: int, errors: Sequence[RejectedRow], max_errors: int
) -> list[str]:
    """What became of a separate pauses file's rows, with its rows in error."""
    return [
        "",
        f"Pauses file: {rows_in} rows read, {applied} applied, {len(errors)} in errors",
        *rejected_lines(errors, max_errors),
    ]


# ------------------------------------------------------------------ HTML and plot


def summary_html(s: AuditSummary, errors: Sequence[RejectedRow]) -> str:
    """The summary as an HTML table, with the first rows in error (for notebooks)."""
    head = (
        f"<p><b>SLA audit</b>: {s.tickets} tickets evaluated, {s.errors} rows in errors, "
        f"{s.breached} breached ({_percent(s.breach_rate)}); reaction median "
        f"{_hours(s.reaction_median)}, 90th percentile {_hours(s.reaction_p90)} "
        "working hours</p>"
    )
    header = "".join(
        f"<th>{escape(h)}</th>"
        for h in ("tier", "tickets", "reaction breaches", "processing breaches", "breached")
    )
    body = "".join(
        f"<tr><td>{escape(t.tier)}</td><td>{t.tickets}</td>"
        f"<td>{t.reaction_breaches} ({_percent(t.reaction_breach_rate)})</td>"
        f"<td>{t.processing_breaches} ({_percent(t.processing_breach_rate)})</td>"
        f"<td>{t.breached} ({_percent(t.breach_rate)})</td></tr>"
        for t in s.per_tier
    )
    items = "".join(f"<li>{escape(str(e))}</li>" for e in errors[:10])
    more = f"<li>… {len(errors) - 10} more</li>" if len(errors) > 10 else ""
    error_block = f"<p>Errors:</p><ul>{items}{more}</ul>" if errors else ""
    return f"{head}<table><tr>{header}</tr>{body}</table>{error_block}"


def plot_breach_rates(summary: AuditSummary, ax: Any = None) -> Any:
    """Plot the breach rate per month, one line per tier; return the matplotlib Axes."""
    import_optional("matplotlib", "plot")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(10, 4))
    months = sorted({p.month for p in summary.per_month})
    index = {month: i for i, month in enumerate(months)}
    for tier in sorted({p.tier for p in summary.per_month}):
        points = [p for p in summary.per_month if p.tier == tier]
        ax.plot(
            [index[p.month] for p in points],
            [100 * p.breached / p.tickets for p in points],
            marker=".",
            label=tier,
        )
    step = max(1, len(months) // 12)
    ax.set_xticks(range(0, len(months), step))
    ax.set_xticklabels(months[::step], rotation=45, ha="right")
    ax.set_ylabel("tickets breached, %")
    ax.set_title("SLA breach rate per month and tier")
    ax.legend()
    return ax


# ------------------------------------------------------------------ pandas


def tickets_frame(tickets: ParsedTickets, verdicts: Verdicts, calendar: WorkingCalendar) -> Any:
    """One DataFrame row per ticket: instants tz-aware, durations ``timedelta64[us]``."""
    pd = import_optional("pandas", "pandas")
    import numpy as np

    t, v, zone = tickets, verdicts, calendar.tz
    nat = np.iinfo(np.int64).min

    def instants(values: Sequence[int]) -> Any:
        array = np.array(values, dtype=np.int64)
        unix = np.where(array == MISSING, nat, array - UNIX_EPOCH_US)
        return pd.DatetimeIndex(unix.view("datetime64[us]")).tz_localize(UTC).tz_convert(zone)

    def durations(values: Any) -> Any:
        return pd.to_timedelta(np.asarray(values, dtype=np.int64), unit="us").astype(
            "timedelta64[us]"
        )

    names = [tier.name for tier in t.tiers]
    targets = np.array([tier.reaction_target // ONE_US for tier in t.tiers] or [0], dtype=np.int64)
    tier_index = np.array(t.tier, dtype=np.int64)
    r_status = np.array(v.reaction_status, dtype=np.int64)
    p_status = np.array(v.processing_status, dtype=np.int64)
    r_time = np.array(v.reaction_time, dtype=np.int64)
    p_time = np.array(v.processing_time, dtype=np.int64)
    p_target = np.array(v.processing_target, dtype=np.int64)
    r_due = np.array(v.reaction_due, dtype=np.int64)
    p_due = np.array(v.processing_due, dtype=np.int64)
    judged = np.array(v.judged_at, dtype=np.int64)
    response = np.array(t.response, dtype=np.int64)
    resolved = np.array(t.resolved, dtype=np.int64)
    stop = reaction_stops(np, response, resolved)
    r_end = np.where(stop == MISSING, judged, stop)
    p_end = np.where(resolved == MISSING, judged, resolved)
    r_late, p_late = r_status == BREACHED, p_status == BREACHED
    labels = np.array([verdict.value for verdict in VERDICTS], dtype=object)
    extension_labels = np.array([e.value for e in EXTENSIONS], dtype=object)
    return pd.DataFrame(
        {
            "line": np.array(t.line, dtype=np.int64),
            "ticket_id": pd.array(t.ticket_id, dtype=object),
            "client_id": pd.array(t.client_id, dtype=object),
            "tier": pd.array(
                np.array(names, dtype=object)[tier_index] if names else [], dtype=object
            ),
            "received_at": instants(t.received),
            "first_response_at": instants(t.response),
            "resolved_at": instants(t.resolved),
            "extension_notified_at": instants(t.notice),
            "pauses": np.array([len(p) for p in t.pauses], dtype=np.int64),
            "reaction_due": instants(v.reaction_due),
            "reaction_time": durations(r_time),
            "reaction_status": pd.array(labels[r_status], dtype=object),
            "reaction_overrun": durations(
                np.where(
                    r_late, np.maximum(r_time - targets[tier_index] if len(t.tiers) else 0, 0), 0
                )
            ),
            "reaction_late_by": durations(np.where(r_late, r_end - r_due, 0)),
            "processing_due": instants(v.processing_due),
            "processing_time": durations(p_time),
            "processing_target": durations(p_target),
            "processing_status": pd.array(labels[p_status], dtype=object),
            "processing_overrun": durations(np.where(p_late, np.maximum(p_time - p_target, 0), 0)),
            "processing_late_by": durations(np.where(p_late, p_end - p_due, 0)),
            "extension": pd.array(
                extension_labels[np.array(v.extension, dtype=np.int64)], dtype=object
            ),
            "breached": r_late | p_late,
        }
    )
