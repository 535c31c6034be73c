"""Progress of an audit: named phases, each with a total, for a tqdm bar or any callable.

``audit(..., progress=...)`` takes ``True`` (a :class:`ProgressBar`: a tqdm bar on
stderr, shown only when stderr is a terminal) or any callable, which receives
``(done, total, phase)``: ``phase`` one of :data:`PHASES`, ``done`` rows done so far in
that phase, ``total`` its rows (0 while unknown, e.g. a stream being read). Each phase
is announced with ``done == 0`` and ends with ``done == total``, so a bar always
reaches its total. ``fold`` is the folding of an event log into incidents, which the
command line reports around ``incidents_from_event_log``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sized
from typing import Any, Final, TypeAlias

from sla_calendar._checks import wrong_type
from sla_calendar.audit.optional import import_optional
from sla_calendar.audit.rows import is_frame

__all__ = ["PHASES", "Phases", "ProgressBar", "ProgressCallback", "count_rows", "progress_callback"]

PHASES: Final = ("read", "fold", "evaluate", "summarise")
"""An audit's phases, in order (``fold`` only for an event log)."""

ProgressCallback: TypeAlias = Callable[[int, int, str], None]
"""Called with ``(done, total, phase)``."""


class ProgressBar:
    """A tqdm bar over an audit's phases: one line, relabelled and reset at each phase,
    cleared when closed. Drawn only when stderr is a terminal (tqdm's ``disable=None``).

    Needs tqdm (``pip install tqdm``, or the project's ``pandas`` extra).
    """

    def __init__(self, **options: Any) -> None:
        self._tqdm = import_optional("tqdm", "pandas")
        self._options = {"leave": False, "disable": None, "unit": "rows", **options}
        self._bar: Any = None
        self._phase = ""

    def __call__(self, done: int, total: int, phase: str) -> None:
        """Show ``done`` of ``total`` rows in ``phase``."""
        if self._bar is None:
            self._bar = self._tqdm.tqdm(total=total or None, desc=phase, **self._options)
        elif phase != self._phase:
            self._bar.reset(total=total or None)
            self._bar.set_description(phase)
        elif total and self._bar.total != total:
            self._bar.total = total
        self._phase = phase
        self._bar.update(done - self._bar.n)
        if done and done == total:
            self._bar.refresh()  # drawn at its total, however soon after the last draw

    def close(self) -> None:
        """Close the bar and clear its line."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def progress_callback(progress: object) -> tuple[ProgressCallback | None, ProgressBar | None]:
    """The callback for ``audit(progress=...)``, and the bar to close after, if it made one."""
    if progress is None or progress is False:
        return None, None
    if progress is True:
        bar = ProgressBar()
        return bar, bar
    if not callable(progress):
        raise wrong_type("progress", "True, None or a callable(done, total, phase)", progress)
    return progress, None


class Phases:
    """Reports an audit's phases to a callback (or to nothing): start, rows, end."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback

    def start(self, phase: str, total: int) -> None:
        """Announce ``phase`` with its ``total`` (0 when unknown)."""
        if self.callback is not None:
            self.callback(0, total, phase)

    def rows(self, phase: str, total: int) -> Callable[[int], None] | None:
        """A callback for a reader that counts rows done in ``phase`` (None when silent)."""
        callback = self.callback
        if callback is None:
            return None
        return lambda done: callback(min(done, total) if total else done, total, phase)

    def end(self, phase: str, done: int) -> None:
        """End ``phase`` with ``done`` rows: the bar reaches its total."""
        if self.callback is not None:
            self.callback(done, done, phase)


def count_rows(source: object) -> int:
    """Rows in ``source`` if known cheaply: a DataFrame's or a sized collection's length,
    a regular CSV file's lines less the header; 0 otherwise (a stream, an iterator)."""
    if is_frame(source) or (isinstance(source, Sized) and not isinstance(source, str | bytes)):
        return len(source)  # type: ignore[arg-type]
    if not isinstance(source, str | os.PathLike):
        return 0
    try:
        if not stat.S_ISREG(os.stat(source).st_mode):
            return 0
        lines = 0
        with open(source, "rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
    except (OSError, ValueError):  # the reader says why it cannot be read
        return 0
    return max(0, lines - 1)
