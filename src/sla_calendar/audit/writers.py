"""An audit report written out: text, CSV, JSON, HTML and a pandas frame.

Each writer takes the parts of the report it shows (the summary, rows, rejected rows);
:class:`~sla_calendar.audit.report.AuditReport` puts them together in its ``to_*``
methods. CSV and JSON are written a row at a time, so memory stays flat however many
rows there are. pandas is optional and imported only by the writer that needs it
(:func:`~sla_calendar.audit.optional.import_optional`); the plot is in
:mod:`sla_calendar.audit.plot`.

**Spreadsheet safety.** A CSV file is opened in spreadsheets, which run a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula (CSV
or formula injection). Following OWASP's advice, every CSV written here quotes every
cell and puts a single quote before such a cell (:func:`spreadsheet_safe`), so an id
like ``=HYPERLINK(...)`` shows as text. A negative number or duration (``-5``,
``-1:30``) is a value, not a formula, and is left as it is; the audit writes none
(overruns and lateness are zero unless breached).
"""

from __future__ import annotations

import contextlib
import csv
import heapq
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, timedelta
from fractions import Fraction
from html import escape
from typing import IO, Any, Final, TypeAlias

from sla_calendar._checks import wrong_type
from sla_calendar._files import failure_reason, write_atomically
from sla_calendar._format import format_duration, format_table, short_repr
from sla_calendar._instants import ONE_US, UNIX_EPOCH_US
from sla_calendar.audit.clients import ClientMonth
from sla_calendar.audit.engine import reaction_stops
from sla_calendar.audit.optional import import_optional
from sla_calendar.audit.rows import MISSING, ParsedTickets, PauseColumn, RejectedRow
from sla_calendar.audit.summary import AuditSummary, Percentiles, PeriodSummary
from sla_calendar.audit.verdicts import (
    BREACHED,
    EXTENSIONS,
    RECORD_FIELDS,
    VERDICTS,
    AuditRow,
    Verdict,
    Verdicts,
    duration_fields,
)
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import InvalidValueError

__all__ = [
    "CSV_ERROR_FIELDS",
    "REJECTED_FIELDS",
    "Destination",
    "client_lines",
    "import_optional",
    "labels_column",
    "open_destination",
    "pauses_file_lines",
    "rejected_dict",
    "rejected_lines",
    "spreadsheet_safe",
    "summary_dict",
    "summary_html",
    "summary_lines",
    "text_safe_frame",
    "tickets_frame",
    "worst_breach_lines",
    "write_csv",
    "write_json_report",
    "write_rejected_csv",
]

Destination: TypeAlias = str | os.PathLike[str] | io.TextIOBase | Any
"""A path to write, or an open text file."""

CSV_ERROR_FIELDS: Final = ("error_column", "error_message")
"""The columns a CSV report adds after :data:`RECORD_FIELDS` for rows not evaluated."""

REJECTED_FIELDS: Final = ("source", "line", "ticket_id", "column", "message")
"""Columns of the rejected rows written in a file of their own (:func:`write_rejected_csv`)."""

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_VALUE: Final = re.compile(r"-\d+(?:[.,]\d+)?(?::\d\d(?::\d\d(?:\.\d+)?)?)?")


def spreadsheet_safe(cell: object) -> str:
    """``cell`` as text a spreadsheet shows and never runs as a formula (OWASP's advice).

    >>> spreadsheet_safe("=HYPERLINK(A1)"), spreadsheet_safe("@SUM(1+1)")
    ("'=HYPERLINK(A1)", "'@SUM(1+1)")
    >>> spreadsheet_safe("-1:30"), spreadsheet_safe(-5), spreadsheet_safe("T-1")
    ('-1:30', '-5', 'T-1')
    """
    text = str(cell)
    if text.startswith(_FORMULA_START) and not _NEGATIVE_VALUE.fullmatch(text):
        return "'" + text
    return text


@contextlib.contextmanager
def open_destination(target: Destination) -> Iterator[IO[str]]:
    """A text file to write ``target`` through: an open file as it is, or a path
    written atomically (:func:`sla_calendar._files.write_atomically`: a temporary file
    beside it, renamed over it when complete)."""
    if not isinstance(target, str | os.PathLike):
        if not callable(getattr(target, "write", None)) or _binary(target):
            raise wrong_type("target", "a path or an open text file", target)
        yield target  # type: ignore[misc]  # an open text file of any class
        return
    with contextlib.ExitStack() as stack:
        try:
            handle = stack.enter_context(write_atomically(target))
        except (OSError, ValueError) as exc:  # a missing folder, a directory, a NUL
            raise InvalidValueError(
                f"target={short_repr(os.fsdecode(target), 200)} cannot be written "
                f"({failure_reason(exc)}); expected the path of a file in an existing folder"
            ) from None
        yield handle


def _binary(handle: object) -> bool:
    """Whether ``handle`` is a file opened for bytes (our writers write text)."""
    return isinstance(handle, io.RawIOBase | io.BufferedIOBase) or "b" in str(
        getattr(handle, "mode", "")
    )


def _percent(rate: Fraction) -> str:
    tenths = round(rate * 1000)
    return f"{tenths // 10}.{tenths % 10}%"


def _hours(value: timedelta | None) -> str:
    return "-" if value is None else format_duration(value)


# ------------------------------------------------------------------ CSV and JSON


def _csv_writer(handle: IO[str]) -> Any:
    return csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)


def write_csv(
    rows: Iterable[AuditRow],
    target: Destination,
    *,
    errors: Iterable[RejectedRow] | None = None,
) -> None:
    """Write one line per row (columns :data:`RECORD_FIELDS`) to a path or text file.

    With ``errors`` (the rows not evaluated), the columns :data:`CSV_ERROR_FIELDS`
    follow, empty for evaluated rows, and each rejected row has its line, ticket id,
    column and message: ticket rows merged in line order, a pauses file's rows at the
    end (their ``line`` empty, the message naming the pauses file's line).
    """
    with open_destination(target) as handle:
        writer = _csv_writer(handle)
        if errors is None:
            writer.writerow(RECORD_FIELDS)
            for row in rows:
                writer.writerow(_safe_record(row))
            return
        writer.writerow((*RECORD_FIELDS, *CSV_ERROR_FIELDS))
        tickets = [e for e in errors if e.source == "tickets"]
        pauses = [e for e in errors if e.source != "tickets"]
        blanks = ("",) * (len(RECORD_FIELDS) - 2)
        evaluated: Iterator[tuple[int, int, AuditRow | RejectedRow]] = (
            (row.line, 0, row) for row in rows
        )
        rejected: Iterator[tuple[int, int, AuditRow | RejectedRow]] = (
            (e.line, 1, e) for e in tickets
        )
        merged = heapq.merge(evaluated, rejected, key=lambda item: (item[0], item[1]))
        for _, _, item in merged:
            if isinstance(item, RejectedRow):
                cells: Iterable[object] = (
                    item.line,
                    item.ticket_id,
                    *blanks,
                    item.column,
                    item.message,
                )
                writer.writerow(map(spreadsheet_safe, cells))
            else:
                writer.writerow((*_safe_record(item), "", ""))
        for e in pauses:
            message = f"{e.source} file line {e.line}: {e.message}"
            writer.writerow(map(spreadsheet_safe, ("", e.ticket_id, *blanks, e.column, message)))


_TEXT_FIELDS: Final = frozenset({"ticket_id", "client_id", "tier"})
"""The record's cells that come from the input; the others are numbers, ISO 8601 instants,
durations that are never negative, and fixed words, none of which starts a formula."""


def _safe_record(row: AuditRow) -> list[str | int]:
    """The row's CSV cells, its text from the input made spreadsheet-safe."""
    record = row.as_record()
    for name in _TEXT_FIELDS:
        record[name] = spreadsheet_safe(record[name])
    return list(record.values())


def write_rejected_csv(errors: Iterable[RejectedRow], target: Destination) -> None:
    """Write the rows not evaluated (columns :data:`REJECTED_FIELDS`) to a path or text file."""
    with open_destination(target) as handle:
        writer = _csv_writer(handle)
        writer.writerow(REJECTED_FIELDS)
        for e in errors:
            cells = (e.source, e.line, e.ticket_id, e.column, e.message)
            writer.writerow(map(spreadsheet_safe, cells))


def write_json_report(
    head: Mapping[str, Any],
    rows: Iterable[AuditRow],
    tail: Mapping[str, Any],
    target: Destination,
) -> None:
    """Write ``{**head, "rows": [...], **tail}`` as indented UTF-8 JSON, a row at a time.

    A value of ``tail`` that is an iterator is written as a list, an item at a time.
    """
    with open_destination(target) as handle:
        handle.write("{\n")
        for key, value in head.items():
            handle.write(f" {json.dumps(key)}: {_indented(value)},\n")
        handle.write(' "rows": [')
        separator = "\n  "
        for row in rows:  # one line per row: compact, and quick to write and to grep
            handle.write(separator + json.dumps(row.as_json(), ensure_ascii=False))
            separator = ",\n  "
        handle.write("\n ]" if separator == ",\n  " else "]")
        for key, value in tail.items():
            handle.write(f",\n {json.dumps(key)}: ")
            if isinstance(value, Iterator):  # a long list, written an item at a time
                _write_items(handle, value)
            else:
                handle.write(_indented(value))
        handle.write("\n}\n")


def _write_items(handle: IO[str], items: Iterator[Any]) -> None:
    """A JSON list, one compact item per line."""
    handle.write("[")
    separator = "\n  "
    for item in items:
        handle.write(separator + json.dumps(item, ensure_ascii=False))
        separator = ",\n  "
    handle.write("\n ]" if separator == ",\n  " else "]")


def _indented(value: Any, depth: int = 1) -> str:
    """``value`` as JSON indented by one space a level, nested ``depth`` levels deep."""
    text = json.dumps(value, indent=1, ensure_ascii=False)
    return text.replace("\n", "\n" + " " * depth)


def rejected_dict(error: RejectedRow) -> dict[str, str | int]:
    """A row that could not be evaluated, as JSON-ready values."""
    return {
        "line": error.line,
        "column": error.column,
        "message": error.message,
        "ticket_id": error.ticket_id,
    }


def _percentiles_dict(p: Percentiles) -> dict[str, Any]:
    return {
        "answered": p.answered,
        **duration_fields("reaction_median", p.reaction_median),
        **duration_fields("reaction_p90", p.reaction_p90),
        "resolved": p.resolved,
        **duration_fields("processing_median", p.processing_median),
        **duration_fields("processing_p90", p.processing_p90),
    }


def _period_dict(p: PeriodSummary) -> dict[str, Any]:
    return {
        "tier": p.tier,
        "month": p.month,
        "tickets": p.tickets,
        "reaction_breaches": p.reaction_breaches,
        "processing_breaches": p.processing_breaches,
        "breached": p.breached,
        "breach_rate": float(p.breach_rate),
        "reaction_breach_rate": float(p.reaction_breach_rate),
        "processing_breach_rate": float(p.processing_breach_rate),
        "paid_service": p.paid_service,
    }


def _client_dict(c: ClientMonth) -> dict[str, Any]:
    return {"client_id": c.client_id, "month": c.month, "requests": c.requests, "paid": c.paid}


def summary_dict(s: AuditSummary) -> dict[str, Any]:
    """The summary as JSON-ready values: counts, rates as floats (0.186 for 18.6%),
    durations as ``H:MM`` with ``*_seconds`` beside them."""
    return {
        "tickets": s.tickets,
        "errors": s.errors,
        "reaction_breaches": s.reaction_breaches,
        "processing_breaches": s.processing_breaches,
        "breached": s.breached,
        "breach_rate": float(s.breach_rate),
        **_percentiles_dict(s.percentiles),
        "paid_service": s.paid_service,
        "clients_over_limit": [_client_dict(c) for c in s.clients_over_limit],
        "per_tier": [{**_period_dict(p), **_percentiles_dict(p.percentiles)} for p in s.per_tier],
        "per_month": [_period_dict(p) for p in s.per_month],
    }


# ------------------------------------------------------------------ text


def _cell(period: PeriodSummary | None) -> str:
    return "-" if period is None else f"{period.breached}/{period.tickets}"


def _pair(p: Percentiles, clock: str) -> str:
    median, p90 = getattr(p, f"{clock}_median"), getattr(p, f"{clock}_p90")
    return "-" if median is None else f"{_hours(median)} / {_hours(p90)}"


def summary_lines(s: AuditSummary, rows_in: int, max_clients: int = 10) -> list[str]:
    """Totals, the table per tier, clients over the monthly limit and the breach rate per
    month, as lines of text."""
    lines = [
        f"SLA audit: {rows_in} rows read, {s.tickets} tickets evaluated, {s.errors} rows in errors",
        f"Breached: {s.breached} ({_percent(s.breach_rate)}); reaction {s.reaction_breaches}, "
        f"processing {s.processing_breaches}",
        f"Reaction time (hours on each tier's clock, {s.answered} answered): median "
        f"{_hours(s.reaction_median)}, 90th percentile {_hours(s.reaction_p90)}",
        f"Processing time (hours on each tier's clock, {s.resolved} resolved): median "
        f"{_hours(s.processing_median)}, 90th percentile {_hours(s.processing_p90)}",
        "",
        "Per tier (times: median / 90th percentile):",
    ]
    lines += format_table(
        [
            "Tier",
            "Tickets",
            "Reaction breaches",
            "Processing breaches",
            "Breached",
            "Reaction",
            "Processing",
        ],
        [
            [
                t.tier,
                str(t.tickets),
                f"{t.reaction_breaches} ({_percent(t.reaction_breach_rate)})",
                f"{t.processing_breaches} ({_percent(t.processing_breach_rate)})",
                f"{t.breached} ({_percent(t.breach_rate)})",
                _pair(t.percentiles, "reaction"),
                _pair(t.percentiles, "processing"),
            ]
            for t in s.per_tier
        ],
        "  ",
    )
    lines += client_lines(s.clients_over_limit, s.paid_service, max_clients)
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


def client_lines(clients: Sequence[ClientMonth], paid: int, max_clients: int) -> list[str]:
    """The client-months over the monthly limit (R9.6), the first ``max_clients`` of them."""
    if not clients:
        return []
    lines = [
        "",
        f"Paid service (R9.6, past the monthly limit): {paid} tickets in {len(clients)} "
        "client-months:",
    ]
    lines += [
        f"  {c.client_id} {c.month}: {c.requests} requests, {c.paid} paid"
        for c in clients[:max_clients]
    ]
    if len(clients) > max_clients:
        lines.append(f"  ... {len(clients) - max_clients} more (see --format json)")
    return lines


def worst_breach_lines(breaches: Iterable[AuditRow], of: int, worst: int) -> list[str]:
    """The ``worst`` reaction breaches (of ``of``) by overrun, and why the first was due.

    The explanation is of the first breach on working hours, if any (a round-the-clock
    deadline has nothing to explain but the hours).
    """
    rows = heapq.nsmallest(
        worst,
        (r for r in breaches if r.reaction_status is Verdict.BREACHED),
        key=lambda r: (-(r.reaction_overrun // ONE_US), r.line),
    )
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
        f"{_hours(s.reaction_median)}, 90th percentile {_hours(s.reaction_p90)}; processing "
        f"median {_hours(s.processing_median)}, 90th percentile {_hours(s.processing_p90)}"
        f"{f'; {s.paid_service} paid services (R9.6)' if s.paid_service else ''}</p>"
    )
    header = "".join(
        f"<th>{escape(h)}</th>"
        for h in (
            "tier",
            "tickets",
            "reaction breaches",
            "processing breaches",
            "breached",
            "reaction median / p90",
            "processing median / p90",
        )
    )
    body = "".join(
        f"<tr><td>{escape(t.tier)}</td><td>{t.tickets}</td>"
        f"<td>{t.reaction_breaches} ({_percent(t.reaction_breach_rate)})</td>"
        f"<td>{t.processing_breaches} ({_percent(t.processing_breach_rate)})</td>"
        f"<td>{t.breached} ({_percent(t.breach_rate)})</td>"
        f"<td>{_pair(t.percentiles, 'reaction')}</td>"
        f"<td>{_pair(t.percentiles, 'processing')}</td></tr>"
        for t in s.per_tier
    )
    items = "".join(f"<li>{escape(str(e))}</li>" for e in errors[:10])
    more = f"<li>… {len(errors) - 10} more</li>" if len(errors) > 10 else ""
    error_block = f"<p>Errors:</p><ul>{items}{more}</ul>" if errors else ""
    return f"{head}<table><tr>{header}</tr>{body}</table>{error_block}"


# ------------------------------------------------------------------ pandas


def labels_column(pd: Any, names: Sequence[str], codes: Any) -> Any:
    """``names[codes]`` as a text column, made by taking from the few names (pandas builds
    the strings once each, not once per row)."""
    if not len(codes):
        return pd.array([], dtype=object)  # as an empty column of text was before
    try:
        return pd.Index(list(names)).take(codes).array
    except UnicodeEncodeError:  # a name with a lone surrogate: see tickets_frame
        return pd.Series([names[code] for code in codes.tolist()], dtype=object)


def _pause_counts(np: Any, pauses: Sequence[Any]) -> Any:
    """Each ticket's number of pauses, from the flat column's bounds when it has them."""
    if isinstance(pauses, PauseColumn):
        return np.diff(pauses.first).astype(np.int64)
    return np.array([len(p) for p in pauses], dtype=np.int64)


def tickets_frame(
    tickets: ParsedTickets,
    verdicts: Verdicts,
    calendar: WorkingCalendar,
    paid: Sequence[bool] | None = None,
) -> Any:
    """One DataFrame row per ticket: instants tz-aware, durations ``timedelta64[us]``."""
    pd = import_optional("pandas", "pandas")
    import numpy as np

    t, v, zone = tickets, verdicts, calendar.tz
    nat = np.iinfo(np.int64).min

    def instants(values: Sequence[int]) -> Any:
        array = np.array(values, dtype=np.int64)
        unix = np.where(array == MISSING, nat, array - UNIX_EPOCH_US)
        utc = pd.DatetimeIndex(unix.view("datetime64[us]"), dtype=pd.DatetimeTZDtype("us", UTC))
        return utc.tz_convert(zone).array

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
    labels = [verdict.value for verdict in VERDICTS]
    extension_labels = [e.value for e in EXTENSIONS]
    columns = {
        "line": np.array(t.line, dtype=np.int64),
        "ticket_id": _ticket_ids(pd, t),
        "client_id": _client_ids(pd, np, t),
        "tier": labels_column(pd, names, tier_index),
        "received_at": instants(t.received),
        "first_response_at": instants(t.response),
        "resolved_at": instants(t.resolved),
        "extension_notified_at": instants(t.notice),
        "pauses": _pause_counts(np, t.pauses),
        "reaction_due": instants(v.reaction_due),
        "reaction_time": durations(r_time),
        "reaction_status": labels_column(pd, labels, r_status),
        "reaction_overrun": durations(
            np.where(r_late, np.maximum(r_time - targets[tier_index] if len(t.tiers) else 0, 0), 0)
        ),
        "reaction_late_by": durations(np.where(r_late, r_end - r_due, 0)),
        "processing_due": instants(v.processing_due),
        "processing_time": durations(p_time),
        "processing_target": durations(p_target),
        "processing_status": labels_column(pd, labels, p_status),
        "processing_overrun": durations(np.where(p_late, np.maximum(p_time - p_target, 0), 0)),
        "processing_late_by": durations(np.where(p_late, p_end - p_due, 0)),
        "extension": labels_column(pd, extension_labels, np.array(v.extension, dtype=np.int64)),
        "breached": r_late | p_late,
        "paid_service": np.array([False] * len(t) if paid is None else paid, dtype=bool),
    }
    return text_safe_frame(pd, columns, ("ticket_id", "client_id"))


def _ticket_ids(pd: Any, tickets: ParsedTickets) -> Any:
    """The ticket ids as a text column: from the pyarrow array read, where there is one."""
    if tickets.ticket_id_arrow is not None:
        import numpy as np

        text = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas makes of str
        return pd.array(tickets.ticket_id_arrow, dtype=text)
    return pd.array(tickets.ticket_id, dtype=object)


def _client_ids(pd: Any, np: Any, tickets: ParsedTickets) -> Any:
    """The client ids as a text column: taken from their few names, where the reader
    coded them."""
    if tickets.client_codes is not None:
        codes, names = tickets.client_codes
        return labels_column(pd, [*names, ""], np.where(codes < 0, len(names), codes))
    return pd.array(tickets.client_id, dtype=object)


def text_safe_frame(pd: Any, columns: dict[str, Any], texts: Sequence[str]) -> Any:
    """``pd.DataFrame(columns)``; where a text holds a lone surrogate (from Python, never
    from a file read), which pandas' pyarrow-backed strings cannot hold, the ``texts``
    columns stay Python objects instead."""
    try:  # the columns are the frame's own (made for it): not copied again
        return pd.DataFrame(columns, copy=False)
    except UnicodeEncodeError:
        return pd.DataFrame(
            {
                name: pd.Series(values, dtype=object) if name in texts else values
                for name, values in columns.items()
            }
        )
