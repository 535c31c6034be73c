"""The ``sla-calendar`` command: argument parsing, commands and terminal rendering."""

from sla_calendar.cli.main import (
    STANDARD_REACTION,
    CountedInterval,
    build_parser,
    counted_intervals,
    format_duration,
    main,
    render_deadline_example,
    render_month,
    render_year,
)

__all__ = [
    "STANDARD_REACTION",
    "CountedInterval",
    "build_parser",
    "counted_intervals",
    "format_duration",
    "main",
    "render_deadline_example",
    "render_month",
    "render_year",
]
