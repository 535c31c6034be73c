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
from typing import Any

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
    import_optional("matplotlib", "plot")
    from matplotlib.figure import Figure

    months = month_range([p.month for p in summary.per_month])
    tiers = [t.tier for t in summary.per_tier]
    figure = Figure(figsize=(11, 1.2 + 2.6 * max(1, len(tiers))), layout="constrained")
    axes = figure.subplots(max(1, len(tiers)), 1, sharex=True, squeeze=False)[:, 0]
    cells = {(p.tier, p.month): p for p in summary.per_month}
    for ax, total in zip(axes, summary.per_tier, strict=False):
        _panel(ax, total, [cells.get((total.tier, m)) for m in months], min_tickets, target)
    step = max(1, len(months) // 16)
    axes[-1].set_xticks(range(0, len(months), step))
    axes[-1].set_xticklabels(months[::step], rotation=45, ha="right")
    axes[-1].set_xlim(-0.6, max(len(months), 1) - 0.4)
    figure.suptitle(
        f"SLA audit: {summary.tickets} tickets, {summary.breached} breached; "
        f"hollow markers: months with fewer than {min_tickets} tickets"
    )
    return figure


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
    ax.bar(x, tickets, color=_BAR_COLOUR, width=0.8, label="tickets")
    ax.set_ylabel("tickets")
    ax.set_title(
        f"{total.tier}: {total.tickets} tickets, {total.reaction_breaches} reaction and "
        f"{total.processing_breaches} processing breaches",
        loc="left",
        fontsize="medium",
    )
    rates = ax.twinx()
    nan = float("nan")
    for name, colour in (("reaction", _REACTION_COLOUR), ("processing", _PROCESSING_COLOUR)):
        values = [
            nan if c is None else 100 * getattr(c, f"{name}_breaches") / c.tickets for c in cells
        ]
        solid = [v if n >= min_tickets else nan for v, n in zip(values, tickets, strict=True)]
        sparse = [v if 0 < n < min_tickets else nan for v, n in zip(values, tickets, strict=True)]
        rates.plot(x, solid, color=colour, marker="o", markersize=3, label=f"{name} breached")
        rates.plot(
            x,
            sparse,
            linestyle="none",
            marker="o",
            markersize=5,
            markerfacecolor="none",
            color=colour,
        )
    if target is not None:
        rates.axhline(100 * target, color="#333333", linestyle="--", linewidth=1, label="target")
    rates.set_ylim(0, 100)
    rates.set_ylabel("breached, %")
    if total is not None and ax.get_subplotspec().is_first_row():
        handles = ax.get_legend_handles_labels()[0] + rates.get_legend_handles_labels()[0]
        labels = ax.get_legend_handles_labels()[1] + rates.get_legend_handles_labels()[1]
        ax.legend(handles, labels, loc="upper left", fontsize="small", ncols=4)
