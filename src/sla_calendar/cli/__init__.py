"""The ``sla-calendar`` command: argument parsing, commands and terminal rendering.

``parser.py`` builds the argument parser, ``commands.py`` runs one subcommand each,
``render.py`` lays out calendars and the worked deadline, ``files.py`` reads inputs (a
pipe in one pass) and writes outputs (atomically, never over an input or, without
``--force``, an existing file), ``terminal.py`` escapes what reaches the terminal, and
:func:`main` (in ``main.py``) ties them together.
"""

from sla_calendar._format import format_duration
from sla_calendar.cli.main import main
from sla_calendar.cli.parser import build_parser
from sla_calendar.cli.render import (
    STANDARD_REACTION,
    CountedInterval,
    counted_intervals,
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
