"""The audit's entry points: :func:`audit`, :func:`audit_partition` and the bundled sample.

:func:`audit` reads tickets (an iterable of mappings, a CSV file or a pandas DataFrame;
see :mod:`sla_calendar.audit.rows` for the row format and
:mod:`sla_calendar.audit.columns` for the column mapping, and
:mod:`sla_calendar.audit.timestamps` for the timestamp rules), judges each one with the
policy's own clocks (R5 processing, R10/R11/R13 reaction) through one of the engines
(:mod:`sla_calendar.audit.engine`) and returns an
:class:`~sla_calendar.audit.report.AuditReport`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from sla_calendar._checks import (
    invalid_value,
    require_bool,
    require_mapping,
    require_optional,
    require_type,
    wrong_type,
)
from sla_calendar._instants import instant_to_us
from sla_calendar.audit.calendars import check_client_calendars, on_client_calendars
from sla_calendar.audit.clients import count_monthly_requests
from sla_calendar.audit.columns import ColumnMapping
from sla_calendar.audit.engine import evaluate_numpy, evaluate_python
from sla_calendar.audit.frames import parse_frame, read_csv_fast
from sla_calendar.audit.optional import import_optional
from sla_calendar.audit.pauses import PauseColumns, PausesApplied, apply_pause_rows
from sla_calendar.audit.progress import Phases, ProgressCallback, count_rows, progress_callback
from sla_calendar.audit.report import AuditReport
from sla_calendar.audit.rows import (
    ParsedTickets,
    is_frame,
    parse_rows,
    read_source,
)
from sla_calendar.audit.summary import summarize
from sla_calendar.audit.timestamps import TimestampRules
from sla_calendar.audit.writers import labels_column, text_safe_frame
from sla_calendar.calendar.ukraine import kyiv_calendar
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import InvalidValueError
from sla_calendar.policy.tiers import BUILT_IN_TIERS, Tier

__all__ = ["audit", "audit_partition", "sample_tickets_path"]


def sample_tickets_path() -> Path:
    """The bundled sample of tickets (CSV): invented, 2021-2026, three bad rows included.

    Made by ``scripts/make_sample_tickets.py``; ``sla-calendar audit`` reads it when no
    file is given.
    """
    return Path(str(resources.files("sla_calendar") / "data" / "sample_tickets.csv"))


def _has_pandas() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:  # pragma: no cover - exercised only without pandas
        return False
    return True


def audit(
    source: object,
    *,
    mapping: ColumnMapping | None = None,
    tiers: Mapping[str, Tier] | None = None,
    calendar: WorkingCalendar | None = None,
    timestamp_format: str | None = None,
    assume_tz: str | None = None,
    missing: Iterable[str] = ("",),
    as_of: datetime | None = None,
    engine: Literal["auto", "python", "numpy"] = "auto",
    progress: bool | ProgressCallback | None = None,
    pauses: object = None,
    pause_columns: PauseColumns | None = None,
    client_calendars: Mapping[str, WorkingCalendar] | None = None,
    allow_repeated_ids: bool = False,
    monthly_limit: int = 50,
) -> AuditReport:
    """Audit tickets from a CSV path or file, a pandas DataFrame, or an iterable of mappings.

    * ``mapping``: which column holds which field (:class:`ColumnMapping`).
    * ``tiers``: tier value to :class:`Tier` (default: ``standard``, ``emergency``,
      ``emergency_24_7``: R10, R11, R13).
    * ``calendar``: the working calendar (default :func:`kyiv_calendar`, R6).
    * ``timestamp_format``, ``assume_tz``: see
      :class:`~sla_calendar.audit.timestamps.TimestampRules` (ISO 8601 with offsets by
      default; a zone for offset-less values must be named; a day-first layout must be
      declared).
    * ``missing``: cell values that mean "no value" (besides empty and NaN).
    * ``as_of``: judge clocks still running at this instant; by default each is judged
      at its ticket's last recorded instant (so a clock already past due is breached,
      else open).
    * ``engine``: ``"python"`` replays each ticket through :func:`evaluate_ticket`;
      ``"numpy"`` computes the same verdicts vectorised; ``"auto"`` uses numpy when it
      is installed.
    * ``progress``: ``True`` for a tqdm bar on stderr (when it is a terminal), or a
      callable receiving ``(done, total, phase)`` through the phases ``read``,
      ``evaluate`` and ``summarise`` (:mod:`sla_calendar.audit.progress`).
    * ``pauses``: a separate pauses file (CSV path or file, rows, or a DataFrame), one
      row per pause: ticket id, ``paused_at``, ``resumed_at`` (``pause_columns`` names
      them otherwise). Merged with the ``pauses`` column; see
      :mod:`sla_calendar.audit.pauses` for what becomes of each of its rows.
    * ``client_calendars``: client id to the client's own working calendar; a ticket of
      such a client (``client_id`` column) is judged on it, the most specific calendar
      (see :mod:`sla_calendar.audit.calendars`).
    * ``allow_repeated_ids``: audit every row, even one whose ticket id an earlier row
      has. By default such a row goes to ``errors``, naming the earlier line, and an
      input where most rows repeat an id is refused whole: it looks like an event log
      (several rows per ticket; :func:`incidents_from_event_log` folds a ServiceNow one).
    * ``monthly_limit``: requests a client has a calendar month before the rest are a
      paid service (R9.6; needs a ``client_id`` column; see
      :mod:`sla_calendar.audit.clients`).

    A DataFrame is read a column at a time (:mod:`sla_calendar.audit.frames`), and so is
    a plain CSV file (no quoted fields) when pandas and pyarrow are installed; rows that
    need more care take the row-by-row parser, so the result is the same either way.

    Raises :class:`InvalidValueError` when the input as a whole is unusable (a required
    column is absent); a row that cannot be evaluated goes to ``errors`` instead.
    """
    calendar = kyiv_calendar() if calendar is None else calendar
    require_type(calendar, WorkingCalendar, "calendar")
    if engine not in ("auto", "python", "numpy"):
        raise invalid_value("engine", engine, "'auto', 'python' or 'numpy'")
    if require_type(monthly_limit, int, "monthly_limit", "an int") < 0:
        raise invalid_value("monthly_limit", monthly_limit, "an int >= 0")
    as_of_us = None if as_of is None else instant_to_us(as_of, "as_of")
    require_optional(mapping, ColumnMapping, "mapping")
    require_optional(pause_columns, PauseColumns, "pause_columns")
    if tiers is not None:
        require_mapping(tiers, Tier, "tiers", "a mapping of tier values to Tier")
    own_calendars = check_client_calendars(client_calendars)
    require_bool(allow_repeated_ids, "allow_repeated_ids")
    callback, bar = progress_callback(progress)
    try:
        return _audit(
            source,
            calendar,
            engine,
            as_of_us,
            Phases(callback),
            pauses,
            pause_columns,
            monthly_limit,
            own_calendars,
            {
                "mapping": mapping or ColumnMapping(),
                "tiers": BUILT_IN_TIERS if tiers is None else tiers,
                "rules": TimestampRules(timestamp_format, assume_tz),
                "missing": _missing_values(missing),
                "as_of_us": as_of_us,
                "allow_repeated_ids": allow_repeated_ids,
            },
        )
    finally:
        if bar is not None:
            bar.close()


def _missing_values(missing: object) -> tuple[str, ...]:
    """``audit(missing=...)`` as a tuple of str (a lone str is refused, not read per letter)."""
    if isinstance(missing, str) or not isinstance(missing, Iterable):
        raise wrong_type("missing", "an iterable of str (cell values that mean no value)", missing)
    values = tuple(missing)
    for index, value in enumerate(values):
        require_type(value, str, f"missing[{index}]")
    return values


def _audit(
    source: object,
    calendar: WorkingCalendar,
    engine: str,
    as_of_us: int | None,
    phases: Phases,
    pauses: object,
    pause_columns: PauseColumns | None,
    monthly_limit: int,
    own_calendars: Mapping[str, WorkingCalendar],
    options: dict[str, Any],
) -> AuditReport:
    """The audit's phases: read (with the pauses file), evaluate, summarise."""
    total = count_rows(source) if phases.callback is not None else 0
    phases.start("read", total)
    options["progress"] = phases.rows("read", total)
    tickets = _read_tickets(source, engine != "python", options)
    applied = _apply_pauses(tickets, pauses, pause_columns, options)
    if applied is not None:
        tickets = applied.tickets
    judged = on_client_calendars(tickets, own_calendars)  # same rows, tiers on own calendars
    phases.end("read", tickets.rows_in)
    phases.start("evaluate", len(tickets))
    if _numpy_engine(engine):
        verdicts = evaluate_numpy(judged, calendar, as_of_us)
    else:
        verdicts = evaluate_python(
            judged, calendar, as_of_us, phases.rows("evaluate", len(tickets))
        )
    phases.end("evaluate", len(tickets))
    phases.start("summarise", len(tickets))
    monthly = count_monthly_requests(tickets, calendar, monthly_limit)
    summary = replace(
        summarize(tickets, verdicts, calendar, len(tickets.errors), monthly.paid),
        clients_over_limit=monthly.over_limit,
    )
    phases.end("summarise", len(tickets))
    report = AuditReport(
        calendar,
        summary,
        tickets.errors,
        tickets.rows_in,
        judged,
        verdicts,
        monthly_limit=monthly_limit,
        _paid=tuple(monthly.paid),
    )
    if applied is None:
        return report
    return replace(
        report,
        pause_errors=applied.errors,
        pause_rows_in=applied.rows_in,
        pauses_applied=applied.applied,
    )


def _read_tickets(source: object, with_pandas: bool, options: dict[str, Any]) -> ParsedTickets:
    """A DataFrame by column; a CSV path through pandas when it may and can; else row by row."""
    if is_frame(source):
        return parse_frame(source, **options)
    tickets = None
    if isinstance(source, str | os.PathLike) and with_pandas and _has_pandas():
        tickets = read_csv_fast(source, **options)
    return parse_rows(read_source(source), **options) if tickets is None else tickets


def _apply_pauses(
    tickets: ParsedTickets,
    pauses: object,
    pause_columns: PauseColumns | None,
    options: dict[str, Any],
) -> PausesApplied | None:
    """The pauses file merged into ``tickets``, or None when there is none."""
    if pauses is None:
        if pause_columns is not None:
            raise InvalidValueError(
                "pause_columns was given without pauses; expected a pauses file to read them from"
            )
        return None
    return apply_pause_rows(
        tickets,
        read_source(pauses, "pauses"),
        columns=pause_columns or PauseColumns(),
        rules=options["rules"],
        missing=options["missing"],
        ticket_pauses_column=options["mapping"].pauses,
        as_of_us=options["as_of_us"],
    )


def _numpy_engine(engine: str) -> bool:
    """True for the numpy engine: asked for, or ``auto`` with numpy installed."""
    if engine != "auto":
        return engine == "numpy"
    try:
        import numpy  # noqa: F401
    except ImportError:  # pragma: no cover - exercised only without numpy
        return False
    return True


def audit_partition(frame: Any, **options: Any) -> Any:
    """Audit one pandas DataFrame and return one output row per input row (dask-ready).

    Evaluated rows carry the columns of :meth:`AuditReport.to_pandas` with empty
    ``error_column`` and ``error_message``; rows in errors carry those two and their
    ``line`` and ``ticket_id``. Rows are ordered by ``line``. Built for
    ``dask.dataframe.map_partitions(audit_partition, ..., meta=audit_partition(empty))``:
    each partition is audited on its own, and ``line`` is the input's index label.
    """
    pd = import_optional("pandas", "pandas")
    import numpy as np

    if options.get("pauses") is not None:
        raise InvalidValueError(
            "audit_partition takes pauses from the partition's pauses column only; a "
            "separate pauses file has rows for every partition (audit it with audit())"
        )
    report = audit(frame, **options)
    evaluated = report.to_pandas()
    evaluated["breached"] = evaluated["breached"].astype("boolean")  # NA on error rows
    evaluated["pauses"] = evaluated["pauses"].astype("Int64")
    empty = labels_column(pd, [""], np.zeros(len(evaluated), dtype=np.intp))
    evaluated["error_column"] = empty
    evaluated["error_message"] = empty.copy()
    if not report.errors:
        return evaluated
    failed = text_safe_frame(
        pd,
        {
            "line": [e.line for e in report.errors],
            "ticket_id": pd.array([e.ticket_id for e in report.errors], dtype=object),
            "error_column": pd.array([e.column for e in report.errors], dtype=object),
            "error_message": pd.array([e.message for e in report.errors], dtype=object),
        },
        ("ticket_id", "error_column", "error_message"),
    )
    failed = failed.reindex(columns=evaluated.columns)
    for name in evaluated.columns:
        if name not in ("line", "ticket_id", "error_column", "error_message"):
            failed[name] = failed[name].astype(evaluated[name].dtype)
    combined = pd.concat([evaluated, failed], ignore_index=True)
    return combined.sort_values("line", kind="stable").reset_index(drop=True)
