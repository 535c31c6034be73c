"""The audit: hand-checked verdicts, refused rows, both engines agreeing, writers.

Deadlines were worked out by hand on Kyiv's calendar (R6: Mon-Fri 09:00-18:00): in
November 2026, Monday 16 to Friday 20 and Monday 23 to Friday 27 are ordinary working
days; 24 working hours from Friday 20 November 17:30 end Wednesday 25 November 14:30.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sla_calendar import InvalidValueError, SlaCalendarError, Tier
from sla_calendar.audit import AuditReport, ColumnMapping, Extension, Verdict, audit
from sla_calendar.policy import Target
from tests.strategies import audit_junk_rows, audit_ticket_rows

KYIV = ZoneInfo("Europe/Kyiv")
HAS_NUMPY = importlib.util.find_spec("numpy") is not None
ENGINES = (
    "python",
    pytest.param("numpy", marks=pytest.mark.skipif(not HAS_NUMPY, reason="numpy is optional")),
)


def one(engine: str, **fields: str) -> Any:
    """Audit a single ticket and return its row (failing if it went to errors)."""
    row = {"ticket_id": "T1", "tier": "standard", **fields}
    report = audit([row], engine=engine)  # type: ignore[arg-type]
    assert report.errors == (), report.errors
    return report.rows[0]


def k(text: str) -> datetime:
    return datetime.fromisoformat(text)


# ------------------------------------------------------------------ verdicts


@pytest.mark.parametrize("engine", ENGINES)
def test_r10_response_exactly_at_due_is_met_one_minute_later_breached(engine: str) -> None:
    met = one(
        engine,
        received_at="2026-11-20T17:30+02:00",
        first_response_at="2026-11-25T14:30+02:00",
    )
    assert met.reaction_due == k("2026-11-25T14:30+02:00")
    assert met.reaction_status is Verdict.MET
    assert met.reaction_time == timedelta(hours=24)
    late = one(
        engine,
        received_at="2026-11-20T17:30+02:00",
        first_response_at="2026-11-25T14:31+02:00",
    )
    assert late.reaction_status is Verdict.BREACHED
    assert late.reaction_overrun == timedelta(minutes=1)
    assert late.reaction_late_by == timedelta(minutes=1)


@pytest.mark.parametrize("engine", ENGINES)
def test_r11_saturday_answer_to_friday_1800_due_is_late_by_real_time_not_working_time(
    engine: str,
) -> None:
    row = one(
        engine,
        tier="emergency",
        received_at="2026-11-20T15:00+02:00",
        first_response_at="2026-11-21T10:00+02:00",
    )
    assert row.reaction_due == k("2026-11-20T18:00+02:00")
    assert row.reaction_status is Verdict.BREACHED
    assert row.reaction_overrun == timedelta(0)
    assert row.reaction_late_by == timedelta(hours=16)


@pytest.mark.parametrize("engine", ENGINES)
def test_r13_dst_night_three_real_hours(engine: str) -> None:
    row = one(
        engine,
        tier="emergency_24_7",
        received_at="2026-03-29T01:30+02:00",
        first_response_at="2026-03-29T05:30+03:00",
    )
    assert row.reaction_due == k("2026-03-29T05:30+03:00")
    assert row.reaction_status is Verdict.MET
    assert row.reaction_time == timedelta(hours=3)


@pytest.mark.parametrize("engine", ENGINES)
def test_r6_transferred_working_saturday_2019_12_21_counts(engine: str) -> None:
    row = one(
        engine,
        received_at="2019-12-20T17:00+02:00",
        first_response_at="2019-12-24T14:00+02:00",
    )
    assert row.reaction_due == k("2019-12-24T14:00+02:00")
    assert row.reaction_status is Verdict.MET


@pytest.mark.parametrize("engine", ENGINES)
def test_r5_extension_with_prior_notice_is_valid_72_hours(engine: str) -> None:
    row = one(
        engine,
        received_at="2026-11-16T09:00+02:00",
        first_response_at="2026-11-16T10:00+02:00",
        extension_notified_at="2026-11-16T12:00+02:00",
        resolved_at="2026-11-24T12:00+02:00",
    )
    assert row.extension is Extension.VALID
    assert row.processing_target == timedelta(hours=72)
    assert row.processing_due == k("2026-11-25T18:00+02:00")
    assert row.processing_status is Verdict.MET


@pytest.mark.parametrize("engine", ENGINES)
def test_r5_notice_after_the_24_hour_deadline_does_not_extend(engine: str) -> None:
    row = one(
        engine,
        received_at="2026-11-16T09:00+02:00",
        first_response_at="2026-11-16T10:00+02:00",
        extension_notified_at="2026-11-19T10:00+02:00",
        resolved_at="2026-11-24T12:00+02:00",
    )
    assert row.extension is Extension.LATE
    assert row.processing_due == k("2026-11-18T15:00+02:00")
    assert row.processing_status is Verdict.BREACHED
    # Wed 15:00-18:00, Thu, Fri, Mon, Tue 09:00-12:00: 3 + 9 + 9 + 9 + 3 working hours.
    assert row.processing_overrun == timedelta(hours=33)


@pytest.mark.parametrize("engine", ENGINES)
def test_r5_pause_waiting_for_client_moves_processing_due(engine: str) -> None:
    # Paused Mon 12:00 to Tue 12:00: 6 + 3 working hours do not count.
    fields = {
        "received_at": "2026-11-16T09:00+02:00",
        "first_response_at": "2026-11-16T10:00+02:00",
        "pauses": "2026-11-16T12:00+02:00/2026-11-17T12:00+02:00",
    }
    met = one(engine, **fields, resolved_at="2026-11-19T15:00+02:00")
    assert met.processing_due == k("2026-11-19T15:00+02:00")
    assert met.processing_time == timedelta(hours=24)
    assert met.processing_status is Verdict.MET
    late = one(engine, **fields, resolved_at="2026-11-19T15:01+02:00")
    assert late.processing_status is Verdict.BREACHED


@pytest.mark.parametrize("engine", ENGINES)
def test_r10_no_response_is_open_until_judged_past_due(engine: str) -> None:
    row = one(engine, received_at="2026-11-20T17:30+02:00")
    assert row.reaction_status is Verdict.OPEN
    assert row.processing_status is Verdict.OPEN
    report = audit(
        [{"ticket_id": "T1", "tier": "standard", "received_at": "2026-11-20T17:30+02:00"}],
        as_of=datetime(2026, 11, 25, 14, 31, tzinfo=KYIV),
        engine=engine,  # type: ignore[arg-type]
    )
    assert report.rows[0].reaction_status is Verdict.BREACHED


@pytest.mark.parametrize("engine", ENGINES)
def test_r10_resolution_without_response_stops_reaction_clock(engine: str) -> None:
    row = one(
        engine,
        received_at="2026-11-20T17:30+02:00",
        resolved_at="2026-11-23T10:00+02:00",
    )
    assert row.reaction_status is Verdict.MET
    assert row.reaction_time == timedelta(hours=1, minutes=30)


def test_explain_reuses_deadline_explain() -> None:
    row = one("python", received_at="2026-11-20T17:30+02:00")
    text = str(row.explain())
    assert text == str(row.reaction_deadline().explain())
    assert "Sat, Sun weekend" in text
    assert row.explain().counted == timedelta(hours=24)
    assert row.explain(Target.PROCESSING).counted == row.processing_time


# ------------------------------------------------------------------ refused rows

BAD_ROWS = [
    ({"tier": "gold"}, "tier", "tier='gold' is unknown; expected one of emergency, "),
    ({"received_at": "yesterday"}, "received_at", "received_at='yesterday' is not a timestamp"),
    ({"received_at": "2026-11-20 17:30"}, "received_at", "has no UTC offset"),
    (
        {"first_response_at": "2026-11-20T17:00+02:00"},
        "first_response_at",
        "first_response_at is before received_at",
    ),
    (
        {"resolved_at": "2026-11-21T10:00+02:00", "pauses": "2026-11-21T09:00+02:00/2026-11-22"},
        "pauses",
        "pauses end='2026-11-22' has no UTC offset",
    ),
    (
        {
            "resolved_at": "2026-11-21T10:00+02:00",
            "pauses": "2026-11-21T09:00+02:00/2026-11-21T11:00+02:00",
        },
        "pauses",
        "a pause ends after resolved_at",
    ),
    ({"pauses": "2026-11-21T09:00+02:00"}, "pauses", "is not an interval; expected START/END"),
    ({"ticket_id": ""}, "ticket_id", "ticket_id is missing"),
    (
        {"first_response_at": "9999-12-31T23:00+00:00"},
        "first_response_at",
        "first_response_at (9999-12-31T23:00+00:00) is outside the years 1900..2199; "
        "expected a plausible ticket time (a typo in the year?)",
    ),
    ({"received_at": "0202-11-20T17:30+02:00"}, "received_at", "outside the years 1900..2199"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("change", "column", "message"), BAD_ROWS)
def test_bad_row_goes_to_errors_with_line_column_message(
    change: dict[str, str], column: str, message: str, engine: str
) -> None:
    good = {"ticket_id": "T1", "tier": "standard", "received_at": "2026-11-20T17:30+02:00"}
    rows = [good, {**good, "ticket_id": "T2", **change}, {**good, "ticket_id": "T3"}]
    report = audit(rows, engine=engine)  # type: ignore[arg-type]
    assert report.rows_in == 3
    assert len(report.rows) == 2
    (error,) = report.errors
    assert (error.line, error.column) == (2, column)
    assert message in error.message


def test_day_first_must_be_declared_never_guessed() -> None:
    row = {"ticket_id": "T1", "tier": "standard", "received_at": "03/05/2016 10:00"}
    refused = audit([row], assume_tz="Europe/Kyiv")
    assert "expected ISO 8601" in refused.errors[0].message
    day_first = audit([row], assume_tz="Europe/Kyiv", timestamp_format="%d/%m/%Y %H:%M")
    assert day_first.rows[0].received_at == datetime(2016, 5, 3, 10, 0, tzinfo=KYIV)


def test_assumed_zone_refuses_a_wall_time_that_happened_twice() -> None:
    row = {"ticket_id": "T1", "tier": "standard", "received_at": "2026-10-25 03:30"}
    report = audit([row], assume_tz="Europe/Kyiv")
    assert report.errors[0].message == (
        "received_at='2026-10-25 03:30' happened twice in Europe/Kyiv (a clock change); "
        "expected a timestamp with a UTC offset for this hour"
    )


def test_missing_required_column_refuses_the_input() -> None:
    with pytest.raises(InvalidValueError, match=r"lacks required columns: received_at"):
        audit([{"ticket_id": "T1", "tier": "standard", "opened": "2026-11-20T17:30+02:00"}])


AUDIT_ARGUMENT_ERRORS = [
    (lambda: ColumnMapping(ticket_id=5), "ColumnMapping.ticket_id must be a str, got int 5"),
    (
        lambda: ColumnMapping(tier=""),
        "ColumnMapping.tier='' is empty; expected a non-empty str",
    ),
    (
        lambda: audit([], timestamp_format=5),
        "timestamp_format must be a str or None, got int 5",
    ),
    (
        lambda: audit([], engine="gpu"),
        "engine='gpu' is invalid; expected 'auto', 'python' or 'numpy'",
    ),
    (lambda: audit([], calendar="kyiv"), "calendar must be a WorkingCalendar, got str 'kyiv'"),
]


@pytest.mark.parametrize(
    ("call", "message"),
    AUDIT_ARGUMENT_ERRORS,
    ids=["mapping-int", "mapping-empty", "format-int", "engine-unknown", "calendar-str"],
)
def test_audit_arguments_are_checked_with_one_wording(call: Any, message: str) -> None:
    with pytest.raises(SlaCalendarError) as caught:
        call()
    assert str(caught.value) == message


def test_column_mapping_reads_another_export() -> None:
    rows = [{"number": "X", "level": "standard", "opened": "2026-11-20T17:30+02:00"}]
    mapping = ColumnMapping(ticket_id="number", tier="level", received_at="opened")
    assert audit(rows, mapping=mapping).rows[0].ticket_id == "X"
    assert ColumnMapping.parse("tier=level") == ColumnMapping(tier="level")
    with pytest.raises(InvalidValueError, match="mapping field 'tiers' is unknown"):
        ColumnMapping.parse("tiers=level")


@settings(max_examples=40)
@given(audit_junk_rows())
def test_nothing_is_lost_rows_in_equals_evaluated_plus_errors(rows: list[dict[str, str]]) -> None:
    for engine in ("python", "numpy") if HAS_NUMPY else ("python",):
        report = audit(rows, engine=engine, allow_repeated_ids=True)  # type: ignore[arg-type]
        assert report.rows_in == len(rows) == len(report.rows) + len(report.errors)
        assert report.summary.tickets + report.summary.errors == len(rows)


@settings(max_examples=40)
@given(audit_ticket_rows())
@example(  # a pause from the very due instant to the judging one: never ran after due
    [
        {
            "ticket_id": "T0",
            "tier": "standard",
            "received_at": "2020-12-31T18:00:00+02:00",
            "pauses": "2021-01-06T15:00:00+02:00/2021-01-06T15:01:00+02:00",
        }
    ]
)
@pytest.mark.skipif(not HAS_NUMPY, reason="numpy is optional")
def test_numpy_engine_equals_the_evaluate_ticket_replay(rows: list[dict[str, str]]) -> None:
    python = audit(rows, engine="python")
    vectorised = audit(rows, engine="numpy")
    assert python.errors == vectorised.errors
    assert python._verdicts == vectorised._verdicts
    assert python.summary == vectorised.summary


# ------------------------------------------------------------------ summary and writers


def _three() -> AuditReport:
    base = {"tier": "standard", "received_at": "2026-11-20T17:30+02:00"}
    return audit(
        [
            {**base, "ticket_id": "A", "first_response_at": "2026-11-23T09:30+02:00"},  # 1:00
            {**base, "ticket_id": "B", "first_response_at": "2026-11-23T12:30+02:00"},  # 4:00
            {**base, "ticket_id": "C", "first_response_at": "2026-11-26T12:30+02:00"},  # 31:00
            {
                **base,
                "ticket_id": "D",
                "tier": "emergency",
                "received_at": "2026-12-01T09:00+02:00",
            },
        ]
    )


def test_summary_counts_rates_and_nearest_rank_percentiles() -> None:
    s = _three().summary
    assert (s.tickets, s.reaction_breaches, s.answered) == (4, 1, 3)
    assert s.reaction_median == timedelta(hours=4)  # 2nd of 3
    assert s.reaction_p90 == timedelta(hours=31)  # 3rd of 3
    assert [(p.tier, p.tickets, p.breached) for p in s.per_tier] == [
        ("emergency", 1, 0),
        ("standard", 3, 1),
    ]
    assert [(p.month, p.tier) for p in s.per_month] == [
        ("2026-11", "standard"),
        ("2026-12", "emergency"),
    ]
    assert str(s.per_tier[1].breach_rate) == "1/3"


def test_csv_json_html_text_writers() -> None:
    report = _three()
    buffer = io.StringIO()
    report.to_csv(buffer)
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 5
    assert lines[0].startswith('"line","ticket_id","client_id","tier","received_at"')
    assert '"31:00","breached","7:00","22:00"' in lines[3]  # 22 real hours late
    data = json.loads(json.dumps(report.to_dict()))
    assert data["summary"]["reaction_median"] == "4:00"
    assert [row["ticket_id"] for row in data["rows"]] == ["A", "B", "C", "D"]
    assert "<table>" in report._repr_html_()
    assert "Worst reaction breaches (of 1):" in report.to_text()


def test_to_pandas_types_and_values() -> None:
    pd = pytest.importorskip("pandas")
    frame = _three().to_pandas()
    assert len(frame) == 4
    assert str(frame["reaction_due"].dtype) == "datetime64[us, Europe/Kyiv]"
    assert frame["reaction_time"].tolist()[:3] == [
        pd.Timedelta(hours=1),
        pd.Timedelta(hours=4),
        pd.Timedelta(hours=31),
    ]
    assert frame["breached"].tolist() == [False, False, True, False]


def test_dataframe_input_with_aware_timestamps() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "ticket_id": ["A", "B"],
            "tier": ["standard", "standard"],
            "received_at": pd.to_datetime(["2026-11-20T15:30Z", None], utc=True),
        }
    )
    report = audit(frame)
    assert report.rows[0].received_at == datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    assert [(e.line, e.column) for e in report.errors] == [(1, "received_at")]


@pytest.mark.parametrize("engine", ENGINES)
def test_r5_notice_on_a_tier_without_extension_changes_nothing(engine: str) -> None:
    fixed = Tier("fixed", timedelta(hours=3), processing_extension=timedelta(hours=24))
    row = {
        "ticket_id": "T1",
        "tier": "fixed",
        "received_at": "2026-11-16T09:00+02:00",
        "extension_notified_at": "2026-11-16T10:00+02:00",
        "resolved_at": "2026-11-18T16:00+02:00",
    }
    (audited,) = audit([row], tiers={"fixed": fixed}, engine=engine).rows  # type: ignore[arg-type]
    assert audited.extension is Extension.NONE
    assert audited.processing_due == k("2026-11-18T15:00+02:00")
    assert audited.processing_status is Verdict.BREACHED


TIME_COLUMNS = ["received_at", "first_response_at", "resolved_at", "extension_notified_at"]


def test_typed_dataframe_gives_the_same_verdicts_as_the_csv() -> None:
    pd = pytest.importorskip("pandas")
    from sla_calendar.audit import sample_tickets_path

    frame = pd.read_csv(sample_tickets_path(), dtype=str, keep_default_na=False)
    frame = frame[frame["ticket_id"] != "T90003"]  # its naive time would be read as UTC
    text = audit(frame)
    typed = frame.copy()
    for column in TIME_COLUMNS:
        typed[column] = pd.to_datetime(typed[column], format="ISO8601", utc=True)
    vectorised = audit(typed)
    assert vectorised._verdicts == text._verdicts
    # Same rows, columns and reasons; messages quote the cell as it was given.
    assert [(e.line, e.column, e.message[:40]) for e in vectorised.errors] == [
        (e.line, e.column, e.message[:40]) for e in text.errors
    ]
    assert [e.ticket_id for e in vectorised.errors] == ["T90001", "T90002"]
    assert vectorised._tickets.line == text._tickets.line


def test_naive_datetime_column_needs_a_zone_and_refuses_the_repeated_hour() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "ticket_id": ["A", "B"],
            "tier": ["standard", "standard"],
            "received_at": pd.to_datetime(["2026-11-20 17:30", "2026-10-25 03:30"]),
        },
        index=[10, 11],
    )
    refused = audit(frame)
    assert [(e.line, e.column) for e in refused.errors] == [
        (10, "received_at"),
        (11, "received_at"),
    ]
    assert "is a naive datetime" in refused.errors[0].message
    zoned = audit(frame, assume_tz="Europe/Kyiv")
    assert zoned.rows[0].received_at == k("2026-11-20T17:30+02:00")
    (error,) = zoned.errors
    assert error.line == 11
    assert "happened twice in Europe/Kyiv" in error.message


@settings(max_examples=30)
@given(st.one_of(audit_ticket_rows(), audit_junk_rows()))
def test_csv_file_read_by_pandas_or_row_by_row_alike(rows: list[dict[str, str]]) -> None:
    pytest.importorskip("pandas")
    columns = sorted({name for row in rows for name in row})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tickets.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        refused = None
        try:
            by_row = audit(path, engine="python")
        except InvalidValueError as exc:
            refused = str(exc)
        if refused is not None:
            with pytest.raises(InvalidValueError) as again:
                audit(path)
            assert str(again.value) == refused
            return
        fast = audit(path)
    assert fast.errors == by_row.errors
    assert fast._tickets == by_row._tickets
    assert fast._verdicts == by_row._verdicts
