"""The audit's plot: per tier, tickets per month as bars and the breach rates over them.

One panel per tier, months along the bottom (every month from the first ticket to the
last, empty ones included, so gaps show as gaps). The bars are the tickets received each
month (left axis); the lines are the share of them breached, reaction and processing
apart (right axis, percent). A line never crosses a month without tickets, and a month
with fewer than ``min_tickets`` tickets has its rates drawn as hollow markers off the
line: one breach in two tickets is 50%, and means little. An optional ``target`` rate is
a dashed line. matplotlib is optional; the figure is built without pyplot, so it leaves
no global state behind (in a notebook it shows when returned).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from sla_calendar._checks import invalid_value, require_type, wrong_type
from sla_calendar.audit.optional import import_optional
from sla_calendar.audit.summary import AuditSummary, PeriodSummary

__all__ = ["month_range", "plot_summary"]

_REACTION_COLOUR = "#c0392b"
_PROCESSING_COLOUR = "#2c6fbb"
_BAR_COLOUR = "#c8ccd2"


def month_range(months: Sequence[str]) -> list[str]:
    """Every ``"YYYY-MM"`` from the earliest of ``months`` to the latest, in order.

    >>> month_range(["2021-11", "2022-02"])
    ['2021-11', '2021-12', '2022-01', '2022-02']
    """
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def plot_summary(
    summary: AuditSummary, *, min_tickets: int = 20, target: float | None = None
) -> Any:
    """Draw tickets and breach rates per month, one panel per tier; return the Figure.

    ``min_tickets``: a month with fewer tickets has its rates as hollow markers off the
    line. ``target``: a breach rate (0.05 for 5%) drawn as a dashed line.
    """
    _check_options(min_tickets, target)
    import_optional("matplotlib", "plot")
    from matplotlib.figure import Figure

    months = month_range([p.month for p in summary.per_month])
    figure = Figure(figsize=(11, 1.4 + 2.6 * max(1, len(summary.per_tier))), layout="constrained")
    axes = figure.subplots(max(1, len(summary.per_tier)), 1, sharex=True, squeeze=False)[:, 0]
    cells = {(p.tier, p.month): p for p in summary.per_month}
    for ax, total in zip(axes, summary.per_tier, strict=False):
        _panel(ax, total, [cells.get((total.tier, m)) for m in months], min_tickets, target)
    step = max(1, len(months) // 16)
    axes[-1].set_xticks(range(0, len(months), step))
    axes[-1].set_xticklabels(months[::step], rotation=45, ha="right")
    axes[-1].set_xlim(-0.6, max(len(months), 1) - 0.4)
    figure.suptitle(
        f"SLA audit: {summary.tickets} tickets, {summary.breached} breached "
        f"({100 * float(summary.breach_rate):.1f}%), per month of receipt"
    )
    handles, labels = _legend(axes[0], min_tickets)
    figure.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize="small")
    return figure


def _check_options(min_tickets: object, target: object) -> None:
    if require_type(min_tickets, int, "min_tickets") < 0:
        raise invalid_value("min_tickets", min_tickets, "an int >= 0")
    if target is None:
        return
    if isinstance(target, bool) or not isinstance(target, int | float | Fraction):
        raise wrong_type("target", "a breach rate (a float such as 0.05) or None", target)
    if not 0 <= target <= 1:  # NaN fails this too
        raise invalid_value("target", target, "a breach rate from 0 to 1 (0.05 for 5%)")


def _legend(ax: Any, min_tickets: int) -> tuple[list[Any], list[str]]:
    """The legend's entries: the first panel's bars and lines, and the sparse marker."""
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    for twin in ax.get_shared_x_axes().get_siblings(ax):
        if twin is not ax and twin.bbox.bounds == ax.bbox.bounds:
            more = twin.get_legend_handles_labels()
            handles, labels = handles + more[0], labels + more[1]
    sparse = Line2D([], [], linestyle="none", marker="o", markerfacecolor="none", color="grey")
    return [*handles, sparse], [*labels, f"rate of a month with < {min_tickets} tickets"]


def _panel(
    ax: Any,
    total: PeriodSummary,
    cells: Sequence[PeriodSummary | None],
    min_tickets: int,
    target: float | None,
) -> None:
    """One tier's panel: bars of tickets, the two breach rates, the target."""
    x = list(range(len(cells)))
    tickets = [0 if c is None else c.tickets for c in cells]
    ax.bar(x, tickets, color=_BAR_COLOUR, width=0.8, label="tickets per month")
    ax.set_ylabel("tickets")
    ax.set_title(
        f"{total.tier}: {total.tickets} tickets; breached: reaction "
        f"{100 * float(total.reaction_breach_rate):.1f}%, processing "
        f"{100 * float(total.processing_breach_rate):.1f}%",
        loc="left",
        fontsize="medium",
    )
    rates = ax.twinx()
    lines = {name: _rates(cells, name, min_tickets) for name in ("reaction", "processing")}
    on_line = [v for solid, _ in lines.values() for v in solid if v == v]
    apart = [v for _, sparse in lines.values() for v in sparse if v == v]
    # The scale follows the line; sparse months set it only when no month has a line.
    top = max([10.0, *(on_line or apart)])
    for name, colour in (("reaction", _REACTION_COLOUR), ("processing", _PROCESSING_COLOUR)):
        solid, sparse = lines[name]
        rates.plot(x, solid, color=colour, marker="o", markersize=3, label=f"{name} breached, %")
        rates.plot(
            x,
            sparse,
            linestyle="none",
            marker="o",
            markersize=4,
            markerfacecolor="none",
            color=colour,
            alpha=0.6,
        )
    if target is not None:
        top = max(top, 100 * target)
        rates.axhline(100 * target, color="#333333", linestyle="--", linewidth=1, label="target")
    rates.set_ylim(0, min(100.0, top * 1.15))
    rates.set_ylabel("breached, %")


def _rates(
    cells: Sequence[PeriodSummary | None], name: str, min_tickets: int
) -> tuple[list[float], list[float]]:
    """A clock's breach rate per month (percent): on the line where a month has at
    least ``min_tickets`` tickets, apart where it has fewer; NaN elsewhere (no line)."""
    nan = float("nan")
    solid, sparse = [], []
    for c in cells:
        rate = nan if c is None else 100 * getattr(c, f"{name}_breaches") / c.tickets
        enough = c is not None and c.tickets >= min_tickets
        solid.append(rate if enough else nan)
        sparse.append(nan if enough else rate)
    return solid, sparse
