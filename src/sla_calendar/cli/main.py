"""The ``sla-calendar`` command: Kyiv's working calendar and SLA deadlines in a terminal.

Run with no subcommand, it prints this month's Kyiv working calendar (clause R6: working
days 09:00-18:00 Kyiv time, Ukraine's public holidays) with one worked deadline: a
standard-support request (R10: reaction within 24 working hours) received on the
month's last working day at 17:30, and the working intervals that count towards it.
``sla-calendar calendar YEAR [MONTH]`` prints a year or a month: working days,
holidays, transferred days and totals, with Ukraine's martial-law options.
``sla-calendar audit [FILE]`` audits past tickets (the bundled sample when no FILE is
given) and prints a report as a table, CSV or JSON; ``sla-calendar deadline`` prints a
request's reaction and processing deadlines, with ``--explain`` what counted.

This module is the only part of the package that reads the clock, and only when
:func:`main` is not given ``now``. Exit codes: 0 on success, 1 when the library refuses
a value (an :class:`~sla_calendar.SlaCalendarError`) or a file cannot be read or
written, 2 on a command-line usage error; ``audit`` also returns 3 when rows were
rejected (:data:`~sla_calendar.cli.commands.EXIT_REJECTED`) and, with
``--fail-on-breach``, 4 when a ticket breached a target
(:data:`~sla_calendar.cli.commands.EXIT_BREACHED`); 70 on a defect (any other
exception: one line, never a traceback), 130 when interrupted. A progress bar goes
to stderr, and only when stderr is a terminal. What reaches the terminal has the
data's control characters escaped (:mod:`~sla_calendar.cli.terminal`); files are
read and written as :mod:`~sla_calendar.cli.files` says.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import datetime

from sla_calendar.cli.commands import (
    KYIV,
    run_audit,
    run_calendar,
    run_deadline,
    run_default,
)
from sla_calendar.cli.files import InputError
from sla_calendar.cli.parser import PROG, build_parser
from sla_calendar.cli.terminal import TerminalWriter, one_line
from sla_calendar.errors import NaiveDatetimeError, SlaCalendarError

__all__ = ["EXIT_INTERNAL", "EXIT_INTERRUPTED", "main"]

EXIT_INTERNAL = 70
"""Exit status of a defect: an exception that is not one of the package's refusals."""
EXIT_INTERRUPTED = 130
"""Exit status after Ctrl-C (128 + SIGINT), as shells report it."""


_COMMANDS = {"calendar": run_calendar, "audit": run_audit, "deadline": run_deadline}


def main(argv: Sequence[str] | None = None, now: datetime | None = None) -> int:
    """Run the command line; return the exit status.

    ``argv`` defaults to ``sys.argv[1:]``; ``now`` (an aware datetime) to the current
    time, and is read only to pick the current month when no ``--month`` is given.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already reported
        return exc.code if isinstance(exc.code, int) else 0
    # CSV or JSON going to a file or a pipe is written as it is; anything a terminal shows,
    # with the data's control characters escaped.
    exact = getattr(args, "format", "table") != "table" and not _is_terminal()
    out = TerminalWriter(sys.stdout, escaped=not exact)
    try:
        if args.command is None:
            status = run_default(args, _now(now), out)
        else:
            _check_usage(parser, args)
            status = _COMMANDS[args.command](args, out)
        out.flush()  # a closed pipe shows here
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except (SlaCalendarError, InputError) as exc:
        _error(str(exc))
        return 1
    except BrokenPipeError:  # e.g. `sla-calendar | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail again
        return 0
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # a defect: still one line, never a traceback
        _error(f"internal error, please report it: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL
    if out.replaced:
        encoding = getattr(sys.stdout, "encoding", None)
        sys.stderr.write(
            f"{PROG}: note: stdout's encoding ({encoding}) cannot show some characters; "
            "they are written as \\u escapes\n"
        )
    return status


def _now(now: datetime | None) -> datetime:
    """``now`` if aware, the clock's time in Kyiv if None; a naive one is refused."""
    if now is None:
        return datetime.now(tz=KYIV)
    if now.utcoffset() is None:
        raise NaiveDatetimeError(f"now={now!r} is naive; expected an aware datetime")
    return now


def _check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse, as usage errors (exit status 2), options that do not go with the subcommand."""
    if args.show_month is not None:
        parser.error("--month applies only when no subcommand is given")
    if args.command == "audit" and args.servicenow:
        if args.file is None:
            parser.error("audit --servicenow needs FILE, the event log")
        if args.assume_tz is None:
            parser.error("audit --servicenow needs --assume-tz ZONE: the event log names no zone")


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced, or closed
        return False


def _error(message: str) -> None:
    """The one line of an error on stderr: escaped, and cut short if long."""
    sys.stderr.write(f"{PROG}: error: {one_line(message)}\n")
    sys.stderr.flush()
