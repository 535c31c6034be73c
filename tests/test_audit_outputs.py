"""The audit's outputs: complete and spreadsheet-safe CSV, JSON with numbers, percentiles
per tier, the summary as DataFrames, R9.6 in bulk, progress phases, the plot.

Hand-checked on Kyiv's calendar (R6): 24 working hours from Friday 20 November 2026
17:30 end Wednesday 25 November 14:30; Monday 23 November 09:00 is 0:30 working hours
after Friday 17:30.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sla_calendar import (
    ArgumentTypeError,
    Client,
    ContractStatus,
    IntakeRules,
    InvalidValueError,
    Outcome,
    PriorRequest,
    Request,
    decide,
    kyiv_calendar,
)
from sla_calendar.audit import AuditReport, audit, sample_tickets_path
from sla_calendar.audit.clients import month_labels
from sla_calendar.audit.optional import import_optional
from sla_calendar.audit.progress import PHASES, ProgressBar
from sla_calendar.audit.summary import percentiles_by_tier, percentiles_by_tier_python
from sla_calendar.audit.writers import REJECTED_FIELDS, open_destination, spreadsheet_safe
from sla_calendar.intake.limits import request_month
from sla_calendar.policy.tiers import Category

FRIDAY = "2026-11-20T17:30+02:00"


def _report(**options: Any) -> AuditReport:
    """Four tickets (one never answered) and one bad row; see the module docstring."""
    base = {"tier": "standard", "received_at": FRIDAY}
    rows = [
        {**base, "ticket_id": "A", "first_response_at": "2026-11-23T09:30+02:00"},  # 1:00
        {**base, "ticket_id": "B", "tier": "gold"},  # line 2: unknown tier
        {**base, "ticket_id": "C", "first_response_at": "2026-11-23T12:30+02:00",
         "resolved_at": "2026-11-24T12:30+02:00"},  # reaction 4:00, processing 13:00
        {**base, "ticket_id": "D", "first_response_at": "2026-11-26T12:30+02:00"},  # 31:00
        # never answered, judged on 1 December: reaction breached while still running
        {**base, "ticket_id": "E", "extension_notified_at": "2026-12-01T09:00+02:00"},
    ]  # fmt: skip
    return audit(rows, **options)


# ------------------------------------------------------------------ CSV


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        pytest.param('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")', id="equals"),
        pytest.param("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", id="plus-dde"),
        pytest.param("@SUM(1+1)", "'@SUM(1+1)", id="at"),
        pytest.param("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0", id="minus-formula"),
        pytest.param("\t=1+1", "'\t=1+1", id="tab"),
        pytest.param("\r=1+1", "'\r=1+1", id="carriage-return"),
        pytest.param("-5", "-5", id="negative-number-is-a-value"),
        pytest.param("-1:30", "-1:30", id="negative-duration-is-a-value"),
        pytest.param("-0:00:05.000007", "-0:00:05.000007", id="negative-duration-with-us"),
        pytest.param("T-1=2", "T-1=2", id="formula-characters-inside-are-text"),
        pytest.param("", "", id="empty"),
    ],
)
def test_spreadsheet_safe_neutralises_formula_leading_cells(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written


def test_csv_cells_from_the_data_cannot_run_as_formulas() -> None:
    hostile = ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]
    rows = [
        {"ticket_id": ticket, "client_id": "-1+1", "tier": "standard", "received_at": FRIDAY}
        for ticket in hostile
    ]
    rows.append({"ticket_id": "=bad()", "tier": "=gold()", "received_at": FRIDAY})
    buffer = io.StringIO()
    audit(rows).to_csv(buffer)
    text = buffer.getvalue()
    for line in text.splitlines():
        assert line.startswith('"')
        assert line.endswith('"')
    records = list(csv.DictReader(io.StringIO(text)))
    assert [r["ticket_id"] for r in records] == ["'" + t for t in [*hostile, "=bad()"]]
    assert {r["client_id"] for r in records[:3]} == {"'-1+1"}
    assert records[3]["error_message"].startswith("tier='=gold()' is unknown")
    for record in records:
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in record.values())


def test_csv_has_every_row_evaluated_or_with_its_error_in_line_order() -> None:
    report = _report()
    buffer = io.StringIO()
    report.to_csv(buffer)
    records = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert len(records) == report.rows_in == 5
    assert [(r["line"], r["ticket_id"]) for r in records] == [
        ("1", "A"), ("2", "B"), ("3", "C"), ("4", "D"), ("5", "E"),
    ]  # fmt: skip
    assert [r["error_column"] for r in records] == ["", "tier", "", "", ""]
    assert records[1]["error_message"] == (
        "tier='gold' is unknown; expected one of emergency, emergency_24_7, standard"
    )
    assert records[1]["reaction_status"] == ""
    assert records[3]["reaction_time"] == "31:00"
    assert records[0]["paid_service"] == "no"


def test_csv_without_errors_and_the_rejected_rows_apart(tmp_path: Path) -> None:
    report = _report()
    main, rejected = tmp_path / "rows.csv", tmp_path / "rejected.csv"
    report.to_csv(main, errors=False)
    report.rejected_to_csv(rejected)
    with main.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [r["ticket_id"] for r in records] == ["A", "C", "D", "E"]
    assert "error_message" not in records[0]
    with rejected.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [
            list(REJECTED_FIELDS),
            [
                "tickets",
                "2",
                "B",
                "tier",
                "tier='gold' is unknown; expected one of emergency, emergency_24_7, standard",
            ],
        ]


def test_csv_lists_a_pauses_files_rejected_rows_after_the_tickets() -> None:
    tickets = [{"ticket_id": "T1", "tier": "standard", "received_at": FRIDAY}]
    pauses = [{"ticket_id": "T9", "paused_at": FRIDAY, "resumed_at": "2026-11-23T10:00+02:00"}]
    report = audit(tickets, pauses=pauses)
    buffer = io.StringIO()
    report.to_csv(buffer)
    records = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [(r["line"], r["ticket_id"], r["error_column"]) for r in records] == [
        ("1", "T1", ""),
        ("", "T9", "ticket_id"),
    ]
    assert records[1]["error_message"].startswith("pauses file line 1: ticket_id 'T9' names")
    assert [e.source for e in report.rejected] == ["pauses"]


def test_a_path_is_written_atomically_and_kept_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("the old report\n", encoding="utf-8")

    def write_half() -> None:
        with open_destination(target) as handle:
            handle.write("half a report")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_half()
    assert target.read_text(encoding="utf-8") == "the old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]  # no temporary left
    _report().to_csv(target)
    assert target.read_text(encoding="utf-8").startswith('"line","ticket_id"')


# ------------------------------------------------------------------ JSON


def test_json_holds_numbers_as_numbers_and_streams_what_to_dict_holds() -> None:
    report = _report()
    buffer = io.StringIO()
    report.to_json(buffer)
    data = json.loads(buffer.getvalue())
    assert data == json.loads(json.dumps(report.to_dict()))
    summary = data["summary"]
    assert summary["breach_rate"] == pytest.approx(2 / 4)  # D and E breached
    assert isinstance(summary["breach_rate"], float)
    assert (summary["reaction_median"], summary["reaction_median_seconds"]) == ("4:00", 14400)
    assert summary["per_tier"][0]["reaction_breach_rate"] == 0.5
    a, _, d, e = data["rows"]
    assert a["reaction_time_seconds"] == 3600
    assert a["reaction_time"] == "1:00"
    assert a["received_at"] == "2026-11-20T17:30:00+02:00"
    assert a["resolved_at"] is None
    assert a["pauses"] == []
    assert (d["reaction_overrun"], d["reaction_overrun_seconds"]) == ("7:00", 25200)
    assert d["breached"] is True
    assert a["breached"] is False
    assert e["reaction_status"] == "breached"
    assert e["first_response_at"] is None
    assert data["errors"] == [
        {
            "line": 2,
            "column": "tier",
            "message": "tier='gold' is unknown; expected one of emergency, emergency_24_7, "
            "standard",
            "ticket_id": "B",
        }
    ]
    assert data["rows_in"] == 5


def test_json_of_an_empty_report_is_valid() -> None:
    buffer = io.StringIO()
    audit([]).to_json(buffer)
    data = json.loads(buffer.getvalue())
    assert data["rows"] == []
    assert data["summary"]["tickets"] == 0
    assert data["summary"]["reaction_median"] is None


def test_json_durations_keep_their_microseconds() -> None:
    rows = [
        {
            "ticket_id": "A",
            "tier": "standard",
            "received_at": "2026-11-23T09:00:00+02:00",
            "first_response_at": "2026-11-23T09:00:05.000007+02:00",
        }
    ]
    record = audit(rows).to_dict()["rows"][0]
    assert record["reaction_time"] == "0:00:05.000007"
    assert record["reaction_time_seconds"] == 5.000007


# ------------------------------------------------------------------ summary


def test_percentiles_per_tier_count_only_clocks_that_stopped() -> None:
    """E's reaction is breached while still running: no measured reaction time."""
    s = _report().summary
    assert (s.tickets, s.answered, s.resolved) == (4, 3, 1)
    assert (s.reaction_median, s.reaction_p90) == (timedelta(hours=4), timedelta(hours=31))
    assert (s.processing_median, s.processing_p90) == (timedelta(hours=13),) * 2
    (standard,) = s.per_tier
    assert standard.percentiles == s.percentiles
    assert s.per_month[0].percentiles.answered == 0  # per month: counts only


@functools.cache
def _sample_rows() -> tuple[dict[str, str], ...]:
    with open(sample_tickets_path(), newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


@settings(max_examples=25, deadline=None)
@example(3000, random.Random(1))  # a whole sample's worth, every tier with many times
@given(st.one_of(st.integers(0, 40), st.integers(0, 3000)), st.randoms(use_true_random=False))
def test_percentiles_by_partition_equal_a_full_sort(count: int, rng: random.Random) -> None:
    # The column path puts only the two ranks it reads in place (np.partition); a
    # sorted list per tier, one ticket at a time, must give the same percentiles.
    pytest.importorskip("numpy")
    rows = _sample_rows()
    report = audit(rng.choices(rows, k=count), allow_repeated_ids=True)
    tickets, verdicts = report._tickets, report._verdicts
    assert percentiles_by_tier(tickets, verdicts) == percentiles_by_tier_python(tickets, verdicts)


def test_summary_to_pandas_by_tier_month_and_both() -> None:
    pd = pytest.importorskip("pandas")
    report = audit(sample_tickets_path())
    s = report.summary
    tiers = s.to_pandas()
    assert tiers["tier"].tolist() == ["emergency", "emergency_24_7", "standard"]
    assert tiers["tickets"].tolist() == [600, 295, 2105]
    assert tiers["breach_rate"].dtype == "float64"
    assert tiers.loc[2, "breach_rate"] == pytest.approx(326 / 2105)
    assert tiers.loc[2, "reaction_median"] == pd.Timedelta(
        s.per_tier[2].percentiles.reaction_median
    )
    assert str(tiers["processing_p90"].dtype) == "timedelta64[us]"
    months = s.to_pandas("month")
    assert months["tickets"].sum() == 3000
    assert months.loc[0, ["month", "tickets", "breached"]].tolist() == ["2021-01", 120, 17]
    both = s.to_pandas("tier_month")
    assert len(both) == len(s.per_month)
    assert both.groupby("tier")["tickets"].sum().tolist() == [600, 295, 2105]
    assert s.to_pandas("clients").empty
    with pytest.raises(InvalidValueError, match="by='week' is unknown"):
        s.to_pandas("week")  # type: ignore[arg-type]


# ------------------------------------------------------------------ R9.6 in bulk


def _client_rows(count: int, client: str, start: datetime, step: timedelta) -> list[dict[str, str]]:
    return [
        {
            "ticket_id": f"{client}-{i}",
            "client_id": client,
            "tier": "standard",
            "received_at": (start + i * step).isoformat(),
        }
        for i in range(count)
    ]


def test_r9_6_the_51st_request_of_a_kyiv_month_and_later_are_paid() -> None:
    november = datetime(2026, 11, 2, 8, tzinfo=UTC)
    rows = _client_rows(52, "C1", november, timedelta(hours=1))
    rows += _client_rows(50, "C2", november, timedelta(hours=1))  # at the limit: none paid
    rows += [{"ticket_id": "X", "tier": "standard", "received_at": FRIDAY}]  # nobody's
    # 22:30 UTC on 30 November is already December in Kyiv: a new month for C1
    rows += [{**rows[0], "ticket_id": "C1-dec", "received_at": "2026-11-30T22:30+00:00"}]
    report = audit(rows)
    paid = [r.ticket_id for r in report.rows if r.paid_service]
    assert paid == ["C1-50", "C1-51"]
    s = report.summary
    assert s.paid_service == 2
    assert [(c.client_id, c.month, c.requests, c.paid) for c in s.clients_over_limit] == [
        ("C1", "2026-11", 52, 2)
    ]
    assert s.per_tier[0].paid_service == 2
    assert "C1 2026-11: 52 requests, 2 paid" in report.to_text()
    assert audit(rows, monthly_limit=51).summary.paid_service == 1


def test_r9_6_requests_at_the_same_instant_count_as_earlier() -> None:
    """Intake's rule: an earlier request is one received no later than this one."""
    rows = _client_rows(3, "C1", datetime(2026, 11, 2, 8, tzinfo=UTC), timedelta(0))
    report = audit(rows, monthly_limit=2)
    assert [r.paid_service for r in report.rows] == [True, True, True]
    with pytest.raises(InvalidValueError, match="monthly_limit=-1 is invalid"):
        audit(rows, monthly_limit=-1)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["C1", "C2"]), st.integers(0, 60 * 24 * 75)),
        min_size=1,
        max_size=12,
    ),
    st.integers(0, 4),
)
def test_r9_6_in_bulk_agrees_with_intakes_decision(
    tickets: list[tuple[str, int]], limit: int
) -> None:
    """Each ticket decided by intake, with the client's other tickets as served history."""
    start = datetime(2026, 1, 28, 21, tzinfo=UTC)  # months change inside the range
    times = [start + timedelta(minutes=m) for _, m in tickets]
    rows = [
        {"ticket_id": f"T{i}", "client_id": c, "tier": "standard", "received_at": t.isoformat()}
        for i, ((c, _), t) in enumerate(zip(tickets, times, strict=True))
    ]
    report = audit(rows, monthly_limit=limit)
    rules = IntakeRules(monthly_limit=limit)
    for i, (client, _) in enumerate(tickets):
        history = [
            PriorRequest(f"T{j}", times[j], f"fp{j}", Outcome.ACCEPTED)
            for j, (other, _) in enumerate(tickets)
            if other == client and j != i
        ]
        request = Request(
            f"T{i}", client, times[i], body=f"request {i}", category=Category.PRODUCT_PROBLEM
        )
        decision = decide(request, Client(client, ContractStatus.ACTIVE), history, rules)
        expected = decision.outcome is Outcome.PAID_SERVICE
        assert report.rows[i].paid_service is expected, (i, decision)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "C1", "C2"]),
            st.sampled_from(["standard", "emergency", "emergency_24_7"]),
            st.integers(0, 60 * 24 * 75),
            st.sampled_from([None, 30, 600, 6000]),
            st.sampled_from([None, 60, 900, 9000]),
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(0, 3),
)
def test_summary_with_numpy_equals_summary_without(
    tickets: list[tuple[str, str, int, int | None, int | None]], limit: int
) -> None:
    """Percentiles and R9.6 counts take numpy when it is there: the same numbers without."""
    start = datetime(2026, 1, 28, 21, tzinfo=UTC)

    def at(minutes: int | None, base: int) -> str:
        return "" if minutes is None else (start + timedelta(minutes=base + minutes)).isoformat()

    rows = [
        {
            "ticket_id": f"T{i}",
            "client_id": client,
            "tier": tier,
            "received_at": at(0, m),
            "first_response_at": at(response, m),
            "resolved_at": at(resolved, m),
        }
        for i, (client, tier, m, response, resolved) in enumerate(tickets)
    ]
    with_numpy = audit(rows, monthly_limit=limit, engine="python")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "numpy", None)  # `import numpy` fails
        without = audit(rows, monthly_limit=limit, engine="python")
    assert with_numpy.summary == without.summary
    assert [r.paid_service for r in with_numpy.rows] == [r.paid_service for r in without.rows]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-(10**15), 10**15), min_size=1, max_size=20))
def test_month_labels_are_intakes_request_month(offsets: list[int]) -> None:
    calendar = kyiv_calendar()
    base = 63_900_000_000 * 1_000_000  # a year in the 2020s, in µs since year 1
    instants = [base + offset for offset in offsets]
    from sla_calendar._instants import us_to_instant

    expected = [
        "{:04d}-{:02d}".format(*request_month(calendar, us_to_instant(us, UTC))) for us in instants
    ]
    assert month_labels(calendar, instants) == expected


# ------------------------------------------------------------------ progress


def test_progress_callable_sees_every_phase_start_at_zero_and_reach_its_total() -> None:
    calls: list[tuple[int, int, str]] = []
    report = audit(sample_tickets_path(), progress=lambda *call: calls.append(call))
    phases = [phase for _, _, phase in calls]
    assert [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] != p] == [
        "read",
        "evaluate",
        "summarise",
    ]
    assert set(phases) <= set(PHASES)
    for phase, total in (("read", 3003), ("evaluate", 3000), ("summarise", 3000)):
        mine = [(done, t) for done, t, p in calls if p == phase]
        assert mine[0] == (0, total)
        assert mine[-1] == (total, total)
        assert all(0 <= done <= t for done, t in mine)
    assert report.rows_in == 3003


def test_progress_counts_rows_of_the_python_engine_as_it_goes() -> None:
    rows = _client_rows(2500, "C", datetime(2026, 11, 2, 8, tzinfo=UTC), timedelta(minutes=1))
    calls: list[tuple[int, int, str]] = []
    audit(rows, engine="python", progress=lambda *call: calls.append(call))
    evaluate = [done for done, _, phase in calls if phase == "evaluate"]
    assert evaluate == [0, 1000, 2000, 2500]


def test_progress_refuses_what_is_not_a_callable() -> None:
    with pytest.raises(ArgumentTypeError, match="progress must be True, None or a callable"):
        audit([], progress="yes")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_true_draws_a_tqdm_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tqdm")
    audit(sample_tickets_path(), progress=True)
    assert capsys.readouterr().err == ""  # not a terminal: nothing
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    audit(sample_tickets_path(), progress=True)
    drawn = terminal.getvalue()
    assert "read" in drawn
    assert "evaluate" in drawn
    assert "summarise" in drawn
    assert "3000/3000" in drawn
    assert drawn.endswith("\r")  # closed: its line cleared (leave=False)


def test_progress_bar_resets_for_each_phase() -> None:
    pytest.importorskip("tqdm")
    terminal = _Terminal()
    bar = ProgressBar(file=terminal, disable=False, mininterval=0)
    bar(0, 10, "read")
    bar(10, 10, "read")
    bar(0, 4, "evaluate")
    bar(4, 4, "evaluate")
    bar.close()
    drawn = terminal.getvalue()
    assert "read: 100%" in drawn
    assert "10/10" in drawn
    assert "evaluate: 100%" in drawn
    assert "4/4" in drawn


def test_optional_package_hint_works_from_a_checkout_and_a_wheel() -> None:
    with pytest.raises(InvalidValueError) as caught:
        import_optional("no_such_package_anywhere", "plot")
    assert str(caught.value) == (
        "this needs the optional package 'no_such_package_anywhere'; install it with: pip "
        "install no_such_package_anywhere (or the extra: pip install -e '.[plot]' in a "
        "checkout, pip install 'dist/sla_calendar-VERSION-py3-none-any.whl[plot]' for a "
        "built wheel)"
    )


# ------------------------------------------------------------------ plot


def test_plot_per_tier_bars_and_rates_with_gaps_and_sparse_months(tmp_path: Path) -> None:
    """Saved as a PNG and looked at: docs/audit.md shows the sample's."""
    pytest.importorskip("matplotlib")
    rows = _client_rows(30, "C", datetime(2026, 1, 5, 8, tzinfo=UTC), timedelta(hours=1))
    for row in rows[:6]:  # answered ten days later: 6 of 30 reactions breached (R10)
        received = datetime.fromisoformat(row["received_at"])
        row["first_response_at"] = (received + timedelta(days=10)).isoformat()
    rows += _client_rows(3, "D", datetime(2026, 3, 2, 8, tzinfo=UTC), timedelta(hours=1))
    rows += [{**rows[-1], "ticket_id": "E", "tier": "emergency"}]
    report = audit(rows)  # January: 30 standard; February: none; March: 3 standard
    figure = report.plot(min_tickets=20, target=0.05)
    figure.savefig(tmp_path / "audit.png", dpi=60)
    assert (tmp_path / "audit.png").stat().st_size > 10_000
    bars_axes = [ax for ax in figure.axes if ax.patches]
    assert len(bars_axes) == 2  # emergency, standard
    standard = bars_axes[1]
    assert [p.get_height() for p in standard.patches] == [30, 0, 3]
    assert standard.get_title(loc="left").startswith("standard: 33 tickets")
    twin = next(
        ax for ax in figure.axes if ax is not standard and ax.bbox.bounds == standard.bbox.bounds
    )
    reaction_line, reaction_sparse = twin.get_lines()[:2]
    line_y = list(reaction_line.get_ydata())
    assert line_y[0] == pytest.approx(100 * 6 / 30)
    assert math.isnan(line_y[1])
    assert math.isnan(line_y[2])
    sparse_y = list(reaction_sparse.get_ydata())
    assert math.isnan(sparse_y[0])
    assert math.isnan(sparse_y[1])
    assert not math.isnan(sparse_y[2])
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == [
        "tickets per month",
        "reaction breached, %",
        "processing breached, %",
        "target",
        "rate of a month with < 20 tickets",
    ]


@pytest.mark.parametrize("engine", ["numpy", "python"])
def test_to_pandas_text_and_counts_equal_the_rows(engine: str) -> None:
    # The frame's label columns are taken from a few names and its pause counts read from
    # the flat pause column: each must still say what the row says, row by row.
    pytest.importorskip("pandas")
    report = audit(sample_tickets_path(), engine=engine)  # type: ignore[arg-type]
    frame = report.to_pandas()
    rows = list(report.rows)
    assert len(frame) == len(rows) == 3000
    assert frame["ticket_id"].tolist() == [r.ticket_id for r in rows]
    assert frame["tier"].tolist() == [r.tier.name for r in rows]
    assert frame["pauses"].tolist() == [len(r.pauses) for r in rows]
    assert sum(frame["pauses"]) > 0  # the sample has paused tickets
    for name in ("reaction_status", "processing_status", "extension"):
        assert frame[name].tolist() == [getattr(r, name).value for r in rows], name
    assert frame["paid_service"].tolist() == [r.paid_service for r in rows]
