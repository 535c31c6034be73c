"""Plain-text formatting shared by explanations, audit reports and the command line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sla_calendar._instants import ONE_US, US_PER_SECOND

__all__ = ["format_duration", "format_table", "short_repr"]


def format_duration(value: timedelta) -> str:
    """A duration as ``H:MM``, with ``:SS`` and ``.ffffff`` only when present.

    >>> format_duration(timedelta(hours=24, minutes=30))
    '24:30'
    >>> format_duration(timedelta(hours=198))
    '198:00'
    >>> format_duration(timedelta(minutes=-90))
    '-1:30'
    >>> format_duration(timedelta(seconds=5, microseconds=7))
    '0:00:05.000007'
    """
    micros = value // ONE_US
    sign = "-" if micros < 0 else ""
    seconds, rest = divmod(abs(micros), US_PER_SECOND)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{sign}{hours}:{minutes:02d}"
    if seconds or rest:
        text += f":{seconds:02d}" + (f".{rest:06d}" if rest else "")
    return text


def format_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = ""
) -> list[str]:
    """Left-aligned columns two spaces apart, a line per row, no trailing blanks.

    >>> format_table(["Tier", "Tickets"], [["standard", "7"]], "  ")
    ['  Tier      Tickets', '  standard  7']
    """
    widths = [len(cell) for cell in header]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    return [
        (indent + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))).rstrip()
        for row in (header, *rows)
    ]


def short_repr(value: object, limit: int = 40) -> str:
    """``repr`` of ``value``'s text cut to ``limit`` characters, ``…`` marking a cut.

    Messages quote what they were given through this, so that they never echo more than
    a short, escaped prefix of a cell or of an unknown file's first line.

    >>> short_repr("2026-11-20 17:30")
    "'2026-11-20 17:30'"
    >>> short_repr("root:$6$salt$hash" * 5, 12)
    "'root:$6$salt'…"
    """
    text = value if isinstance(value, str) else str(value)
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}…"
