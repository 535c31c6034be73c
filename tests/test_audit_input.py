"""Reading audit input as a careless user or an attacker writes it: repeated ids, event
logs, byte-order marks, bytes that are not UTF-8, over-long fields, repeated column
names, wrong types, missing files, cut-short rows. Every reader (row by row, DataFrame,
CSV through pyarrow) answers alike; every input row is evaluated or in errors.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sla_calendar import ArgumentTypeError, InvalidValueError, SlaCalendarError
from sla_calendar.audit import (
    SERVICENOW_MAPPING,
    SERVICENOW_TIERS,
    ColumnMapping,
    TimestampRules,
    audit,
    incidents_from_event_log,
)
from tests.strategies import audit_ticket_rows

HAS_PANDAS = importlib.util.find_spec("pandas") is not None
HEADER = "ticket_id,tier,received_at,resolved_at\n"
ROW = "{id},standard,2026-11-20T17:30+02:00,2026-11-23T10:00+02:00\n"
ENGINES = ("python", "auto")


def write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def lines_and_errors(path: Path, engine: str, **options: Any) -> tuple[list[int], list[Any]]:
    report = audit(path, engine=engine, **options)  # type: ignore[arg-type]
    assert report.rows_in == len(report.rows) + len(report.errors)
    return [r.line for r in report.rows], [(e.line, e.column, e.message) for e in report.errors]


def both_engines(path: Path, **options: Any) -> tuple[list[int], list[Any]]:
    """What the row-by-row reader says, checked equal to the default reader's."""
    by_row = lines_and_errors(path, "python", **options)
    assert lines_and_errors(path, "auto", **options) == by_row
    return by_row


# ------------------------------------------------------------------ repeated ids


def test_a_repeated_ticket_id_sends_the_later_row_to_errors_naming_the_first_line(
    tmp_path: Path,
) -> None:
    data = HEADER + ROW.format(id="T1") + ROW.format(id="T2") + ROW.format(id="T1")
    lines, errors = both_engines(write(tmp_path, data.encode()))
    assert lines == [2, 3]
    assert errors == [
        (
            4,
            "ticket_id",
            "ticket_id 'T1' is on line 2 already; expected each ticket once "
            "(allow_repeated_ids=True audits every row)",
        )
    ]
    lines, errors = both_engines(write(tmp_path, data.encode()), allow_repeated_ids=True)
    assert (lines, errors) == ([2, 3, 4], [])


def test_a_repeated_id_in_a_dataframe_is_refused_alike() -> None:
    pd = pytest.importorskip("pandas")
    rows = [
        {"ticket_id": i, "tier": "standard", "received_at": "2026-11-20T17:30+02:00"}
        for i in ("A", "B", "A")
    ]
    by_row = audit(rows)
    frame = audit(pd.DataFrame(rows, index=[1, 2, 3]))
    assert by_row.errors == frame.errors
    assert [e.line for e in frame.errors] == [3]


def test_an_event_log_is_refused_naming_the_fold() -> None:
    rows = [
        {"ticket_id": f"INC{i // 5}", "tier": "standard", "received_at": "2026-11-20T17:30Z"}
        for i in range(20)
    ]
    for engine in ENGINES:  # "auto" is numpy where it is installed
        with pytest.raises(InvalidValueError) as caught:
            audit(rows, engine=engine)  # type: ignore[arg-type]
        assert str(caught.value).startswith(
            "16 of 20 rows repeat the ticket_id of an earlier row: the input looks like an "
            "event log"
        )
        assert "incidents_from_event_log" in str(caught.value)
        assert len(audit(rows, engine=engine, allow_repeated_ids=True).rows) == 20  # type: ignore[arg-type]


# ------------------------------------------------------------------ bytes and fields


@pytest.mark.parametrize("engine", ENGINES)
def test_a_byte_order_mark_is_read_as_excel_writes_it(tmp_path: Path, engine: str) -> None:
    data = b"\xef\xbb\xbf" + (HEADER + ROW.format(id="T1")).encode()
    assert lines_and_errors(write(tmp_path, data), engine) == ([2], [])


def test_a_byte_that_is_not_utf8_rejects_its_row_only(tmp_path: Path) -> None:
    data = (HEADER + ROW.format(id="T1")).encode() + b"T\xff2,standard,x,\n"
    data += ROW.format(id="T3").encode()
    lines, errors = both_engines(write(tmp_path, data))
    assert lines == [2, 4]
    assert errors == [
        (3, "ticket_id", "ticket_id holds a byte that is not UTF-8 (0xff); expected UTF-8 text")
    ]


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
def test_a_field_over_131072_characters_rejects_its_row_only(tmp_path: Path, quoted: bool) -> None:
    long = "x" * 131_073
    cell = f'"{long[:60_000]}\n{long[60_000:]}"' if quoted else long
    data = HEADER + ROW.format(id="T1") + f"T2,{cell},2026-11-20T17:30Z,\n" + ROW.format(id="T3")
    lines, errors = both_engines(write(tmp_path, data.encode()))
    assert lines == [2, 5 if quoted else 4]
    length = "131,074" if quoted else "131,073"  # a quoted field keeps its line break
    assert errors == [(3, "tier", f"tier holds {length} characters; expected at most 131,072")]


@pytest.mark.parametrize("fields", ["T2,standard", "T2,standard,2026-11-20T17:30Z,,extra"])
def test_a_row_cut_short_or_too_long_is_a_row_error(tmp_path: Path, fields: str) -> None:
    data = HEADER + ROW.format(id="T1") + fields + "\n" + ROW.format(id="T3")
    lines, errors = both_engines(write(tmp_path, data.encode()))
    assert lines == [2, 4]
    ((line, column, message),) = errors
    assert (line, column) == (3, "")
    assert message.endswith(
        "fields; expected 4, as the header has (a row cut short, or a comma too many?)"
    )


def test_repeated_column_names_are_refused_naming_them(tmp_path: Path) -> None:
    data = (
        "ticket_id,tier,received_at,received_at\nT1,standard,2026-11-20T17:30Z,2020-01-01T00:00Z\n"
    )
    path = write(tmp_path, data.encode())
    for engine in ENGINES:
        with pytest.raises(InvalidValueError) as caught:
            audit(path, engine=engine)  # type: ignore[arg-type]
        assert str(caught.value).startswith(
            "the input names a column more than once: 'received_at' (columns 3, 4)"
        )
    if HAS_PANDAS:
        import pandas as pd

        frame = pd.read_csv(io.StringIO(data), dtype=str)
        frame.columns = ["ticket_id", "tier", "received_at", "received_at"]
        with pytest.raises(InvalidValueError, match="'received_at' \\(columns 3, 4\\)"):
            audit(frame)


def test_the_found_columns_message_quotes_only_a_short_escaped_prefix(tmp_path: Path) -> None:
    secret = "root:$6$Qz1abcdefghijklmnopqrstuvwxyz0123456789:19000:0:99999:7:::\x1b[2J\n"
    path = write(tmp_path, (secret + "daemon:*:19000:0:99999:7:::\n").encode(), "shadow")
    with pytest.raises(InvalidValueError) as caught:
        audit(path)
    message = str(caught.value)
    assert "found columns 'root:$6$Qz1abcdefghi'…" in message
    assert "0123456789" not in message
    assert "\x1b" not in message


# ------------------------------------------------------------------ wrong types, files


WRONG = [
    (lambda: TimestampRules(assume_tz=123), ArgumentTypeError, "assume_tz must be"),
    (lambda: ColumnMapping.parse(5), ArgumentTypeError, "ColumnMapping.parse(text) must be a str"),
    (lambda: list(incidents_from_event_log([1])), ArgumentTypeError, "rows[0] must be a mapping"),
    (lambda: incidents_from_event_log(5), ArgumentTypeError, "rows must be an iterable"),
    (lambda: audit(""), InvalidValueError, "source='' cannot be read (No such file or directory)"),
    (
        lambda: audit("/nonexistent/tickets.csv"),
        InvalidValueError,
        "source='/nonexistent/tickets.csv' cannot be read",
    ),
    (
        lambda: audit([], allow_repeated_ids=1),
        ArgumentTypeError,
        "allow_repeated_ids must be a bool",
    ),
]


@pytest.mark.parametrize(
    ("call", "kind", "start"),
    WRONG,
    ids=["assume-tz-int", "parse-int", "fold-int-row", "fold-int", "empty-path", "no-file", "flag"],
)
def test_wrong_types_and_missing_files_raise_our_errors(call: Any, kind: type, start: str) -> None:
    with pytest.raises(SlaCalendarError) as caught:
        call()
    assert isinstance(caught.value, kind)
    assert str(caught.value).startswith(start)


def test_a_servicenow_log_whose_last_row_is_cut_short_gives_a_row_error() -> None:
    log = (
        "number,incident_state,sys_updated_at,opened_at,priority,resolved_at,made_sla\n"
        "INC1,New,1/3/2016 09:00,1/3/2016 09:00,3 - Moderate,?,true\n"
        "INC2,New,1/3/2016 09:00,1/3/2016 09:00,3 - Moderate,?,true\n"
        "INC2,Resolved,1/3/2016 1"
    )
    incidents = list(incidents_from_event_log(csv.DictReader(io.StringIO(log))))
    report = audit(
        incidents,
        mapping=SERVICENOW_MAPPING,
        tiers=SERVICENOW_TIERS,
        timestamp_format="%d/%m/%Y %H:%M",
        assume_tz="Europe/Kyiv",
        missing=("", "?"),
    )
    assert [row.ticket_id for row in report.rows] == ["INC1"]
    (error,) = report.errors
    assert (error.line, error.column, error.ticket_id) == (2, "opened_at", "INC2")
    assert error.message == (
        "event row 3 of the log (for 'INC2') is cut short: it has no opened_at; expected "
        "every event row complete"
    )


# ------------------------------------------------------------------ engines


def test_the_numpy_engine_takes_thousands_of_pauses_of_one_ticket() -> None:
    pytest.importorskip("numpy")
    pauses = ";".join(
        f"2026-11-{16 + day}T{10 + hour:02d}:00+02:00/2026-11-{16 + day}T{10 + hour:02d}:30+02:00"
        for day in range(10)
        for hour in range(8)
    )
    row = {
        "ticket_id": "T1",
        "tier": "standard",
        "received_at": "2026-11-16T09:00+02:00",
        "pauses": pauses,
    }
    python, vectorised = audit([row], engine="python"), audit([row], engine="numpy")
    assert python._verdicts == vectorised._verdicts
    assert len(vectorised.rows[0].pauses) == 80


@settings(max_examples=40, deadline=None)
@given(audit_ticket_rows(), st.lists(st.integers(0, 5), max_size=4), st.booleans())
def test_repeated_ids_keep_every_row_accounted_for(
    rows: list[dict[str, str]], copies: list[int], allowed: bool
) -> None:
    rows = rows + [dict(rows[i % len(rows)]) for i in copies]
    outcomes = []
    for engine in ("python", "numpy") if HAS_PANDAS else ("python",):
        try:
            report = audit(rows, engine=engine, allow_repeated_ids=allowed)  # type: ignore[arg-type]
        except InvalidValueError as exc:
            refused = str(exc)
            assert not allowed
            assert "looks like an event log" in refused
            outcomes.append(refused)
            continue
        assert report.rows_in == len(rows) == len(report.rows) + len(report.errors)
        outcomes.append(report.errors)
    assert all(outcome == outcomes[0] for outcome in outcomes)
    if HAS_PANDAS and not isinstance(outcomes[0], str):
        import pandas as pd

        frame = audit(pd.DataFrame(rows, index=range(1, len(rows) + 1)), allow_repeated_ids=allowed)
        assert frame.errors == outcomes[0]
