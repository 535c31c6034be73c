"""The command's files: inputs read in one pass, outputs written atomically and never clobbered.

Inputs. ``-`` is standard input; a pipe, a FIFO or ``<(...)`` is read once, as it
arrives, into a temporary file that the audit then reads like any other (the audit may
read a file twice: once to try pandas, again row by row). A regular file is read where
it is. So ``cat tickets.csv | sla-calendar audit /dev/stdin`` audits every row, and a
FIFO is opened once, never waited on a second time.

Outputs (:func:`atomic_output`). A report is written to a temporary file in the
destination's directory and renamed onto the destination only once complete: a failure
half-way (a full disk, an interrupt) leaves no half-written file, and whatever was at
the destination stays as it was. The rename replaces a symbolic link itself, never the
file it points to. A destination that exists is refused unless ``force`` is given, and
one that is an input (the same file, by device and inode: a hard link or a symbolic
link to it counts) is refused even then.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from sla_calendar._files import failure_reason, write_atomically

__all__ = [
    "InputError",
    "InputSpool",
    "atomic_output",
    "check_inputs",
    "check_output",
    "check_outputs",
    "is_stream",
]

STDIN = "-"
"""The name that means standard input."""


class InputError(Exception):
    """A file that cannot be read or written: exit status 1, one line."""


def _stat(name: str, *, stdin: bool = True) -> os.stat_result | None:
    """``name``'s status, following links (``-``: standard input's, if ``stdin``); None if
    it has none."""
    try:
        return os.fstat(sys.stdin.fileno()) if stdin and name == STDIN else os.stat(name)
    except (OSError, ValueError, AttributeError):  # missing, unreadable; stdin closed or None
        return None


def is_stream(name: str) -> bool:
    """Whether ``name`` can be read only once: ``-``, a pipe, a FIFO, a device, a socket."""
    if name == STDIN:
        return True
    status = _stat(name)
    return (
        status is not None and not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode)
    )


class InputSpool:
    """Regular files to read in place of streams, for as long as the ``with`` block lasts.

    >>> with InputSpool() as spool:
    ...     spool.path("tickets.csv")  # not a stream: read where it is
    'tickets.csv'
    """

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._count = 0

    def __enter__(self) -> InputSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def path(self, name: str) -> str:
        """A path to read ``name`` from as often as needed: ``name`` itself unless a stream."""
        if not is_stream(name):
            return name
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="sla-calendar-")
        self._count += 1
        copy = Path(self._folder.name) / f"input-{self._count}.csv"
        if name == STDIN and sys.stdin is None:
            raise InputError("cannot read '-': there is no standard input")
        try:
            with contextlib.ExitStack() as stack, open(copy, "wb") as target:
                if name != STDIN:
                    shutil.copyfileobj(stack.enter_context(open(name, "rb")), target)
                elif hasattr(sys.stdin, "buffer"):
                    shutil.copyfileobj(sys.stdin.buffer, target)
                else:  # a text stream in place of stdin (an embedding program, a test)
                    target.write(sys.stdin.read().encode("utf-8", "surrogateescape"))
        except OSError as exc:
            raise InputError(f"cannot read {name!r}: {failure_reason(exc)}") from None
        return str(copy)


def check_inputs(names: Iterable[str | None]) -> None:
    """Refuse standard input named twice (``-`` for FILE and ``--pauses``): it reads once."""
    if sum(name == STDIN for name in names) > 1:
        raise InputError(
            "standard input ('-') can be read once; expected it for one input, a file for "
            "the others"
        )


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_output(path: str, *, inputs: Iterable[str | None] = (), force: bool = False) -> None:
    """Refuse to write ``path`` when it is one of ``inputs``, or exists and not ``force``.

    Raises :class:`InputError` naming the path and the option that would allow it.
    """
    target = _stat(path, stdin=False)
    if target is not None:
        for name in inputs:
            source = None if name is None else _stat(name)
            if source is not None and _same_file(target, source):
                raise InputError(
                    f"cannot write {path!r}: it is the input {name!r}; expected another file"
                )
        if stat.S_ISDIR(target.st_mode):
            raise InputError(f"cannot write {path!r}: it is a directory; expected a file name")
    if not force and os.path.lexists(path):
        raise InputError(
            f"cannot write {path!r}: it exists; pass --force to replace it, or name another file"
        )


def check_outputs(
    paths: Iterable[str | None], *, inputs: Iterable[str | None] = (), force: bool = False
) -> None:
    """:func:`check_output` of each path given (None: no such option), and no two alike.

    Two outputs are alike when they name the same file, existing or not (compared by
    their real paths: links resolved). Run it before the work whose results they hold.
    """
    inputs = tuple(inputs)
    seen: dict[str, str] = {}
    for path in paths:
        if path is None:
            continue
        check_output(path, inputs=inputs, force=force)
        real = os.path.realpath(path)
        if real in seen:
            raise InputError(
                f"cannot write {path!r}: {seen[real]!r} is written there too; expected "
                "a file of its own for each output"
            )
        seen[real] = path


@contextlib.contextmanager
def atomic_output(
    path: str, *, inputs: Iterable[str | None] = (), force: bool = False
) -> Iterator[IO[str]]:
    """A UTF-8 text file that becomes ``path`` when the ``with`` block ends without error.

    Checks ``path`` with :func:`check_output` first, and again when the file is complete
    (without ``force``, a file that appeared meanwhile is not replaced). On any error,
    or an interrupt, the temporary file is removed and ``path`` is left as it was
    (:func:`sla_calendar._files.write_atomically`). A file that cannot be written is an
    :class:`InputError` naming ``path``.
    """
    inputs = tuple(inputs)
    check_output(path, inputs=inputs, force=force)
    try:
        with write_atomically(
            path,
            replace=force,
            before_naming=lambda: check_output(path, inputs=inputs, force=force),
        ) as handle:
            yield handle
    except FileExistsError:
        raise InputError(
            f"cannot write {path!r}: it exists; pass --force to replace it, or name another file"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot write {path!r}: {failure_reason(exc)}") from None
