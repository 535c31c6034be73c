"""The grid table that answers ``searchsorted`` for a working-time line (sla_calendar._search),
held to numpy's own ``searchsorted`` (the obviously correct reference) on random bounds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sla_calendar import WorkingCalendar, WorkingTimeLine, kyiv_calendar
from sla_calendar._search import TABLE_LIMIT, GridSearch
from tests import strategies as st_

np = pytest.importorskip("numpy")

INT64 = st.integers(-(2**63), 2**63 - 1)


@st.composite
def grid_bounds(draw: st.DrawFn) -> list[int]:
    """Sorted bounds on a random grid (repeats allowed), now and then one off the grid."""
    step = draw(st.integers(1, 10**10))
    origin = draw(st.integers(-(10**17), 10**17))
    places = sorted(draw(st.lists(st.integers(-50, 50), max_size=30)))
    bounds = [origin + place * step for place in places]
    if bounds and draw(st.booleans()):
        bounds[draw(st.integers(0, len(bounds) - 1))] += draw(st.integers(1, step))
    return sorted(bounds)


@settings(max_examples=300)
@given(
    grid_bounds(),
    st.integers(1, 200),
    st.lists(INT64, max_size=20),
    st.lists(st.integers(-2, 2), max_size=3),
)
@example([10, 30, 30, 70], TABLE_LIMIT, [-(2**63), 9, 10, 11, 29, 30, 31, 70, 71, 2**63 - 1], [])
def test_both_sides_equal_numpy_searchsorted(
    bounds: list[int], limit: int, values: list[int], offsets: list[int]
) -> None:
    array = np.array(bounds, dtype=np.int64)
    search = GridSearch.over(array, limit)
    near = [b + d for b in bounds for d in offsets]  # where an off-by-one would show
    queries = np.array(values + near, dtype=np.int64)
    for side, got in (("right", search.right(queries)), ("left", search.left(queries))):
        assert got.tolist() == np.searchsorted(array, queries, side=side).tolist()


def test_a_grid_too_fine_for_the_limit_falls_back_to_bisection() -> None:
    bounds = np.array([0, 1, 2_000_000], dtype=np.int64)  # a 1 µs step: 2 million cells
    assert GridSearch.over(bounds).table is None
    assert GridSearch.over(bounds, limit=3_000_000).table is not None
    values = np.array([-1, 0, 1, 2, 1_999_999, 2_000_000, 2_000_001], dtype=np.int64)
    assert GridSearch.over(bounds).right(values).tolist() == [0, 1, 2, 2, 2, 3, 3]
    assert GridSearch.over(bounds).left(values).tolist() == [0, 0, 1, 2, 2, 2, 3]


def test_kyiv_hours_lie_on_a_one_hour_grid() -> None:
    line = WorkingTimeLine(kyiv_calendar(), 2021, 2026)
    assert GridSearch.over(line.ends).step == 3_600_000_000  # 18:00 at +02:00 or +03:00
    assert GridSearch.over(line.cum_end).step == 9 * 3_600_000_000  # 9-hour days only


def _us(moment: datetime) -> int:
    return (moment - datetime(1, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


calendars = st.one_of(
    st.just(kyiv_calendar()),
    st_.calendar_pairs().map(lambda pair: pair[0]).filter(lambda c: not c.is_round_the_clock),
)


@settings(max_examples=60)
@given(calendars, st.lists(st_.sla_instants().map(_us), min_size=1, max_size=20), st.data())
def test_a_working_time_line_searches_as_searchsorted(
    calendar: WorkingCalendar, instants: list[int], data: st.DataObject
) -> None:
    year = calendar.local_year_us(instants[0])
    line = WorkingTimeLine(calendar, max(1991, year - 1), year + 1)
    first, last = (
        _us(datetime(year - 1, 1, 2, tzinfo=UTC)),
        _us(datetime(year + 1, 12, 30, tzinfo=UTC)),
    )
    x = np.array([min(max(i, first), last) for i in instants], dtype=np.int64)
    x = np.concatenate([x, line.ends[:50], line.starts[:50], line.ends[:50] - 1])
    assert line.ended_by(x).tolist() == np.searchsorted(line.ends, x, side="right").tolist()
    if not line.total:
        return
    goals = np.array(
        data.draw(st.lists(st.integers(1, line.total), min_size=1, max_size=20)), dtype=np.int64
    )
    goals = np.concatenate([goals, line.cum_end[:50]])
    j = np.searchsorted(line.cum_end, goals, side="left")
    assert line.reach(goals).tolist() == (line.ends[j] - (line.cum_end[j] - goals)).tolist()
    back = goals - 1
    j = np.searchsorted(line.cum_start, back, side="right") - 1
    assert line.reach_back(back).tolist() == (line.starts[j] + (back - line.cum_start[j])).tolist()
