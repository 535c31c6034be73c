"""The one atomic writer of text files, for the audit's reports and the command's outputs.

A file is written under a temporary name in its destination's directory and given its
name only once complete (flushed to disk): a failure half-way (a full disk, an
interrupt) leaves no half-written file, and whatever was at the destination stays as it
was. Renaming replaces a symbolic link itself, never the file it points to. The new file
has the permissions of the file it replaces, or the default ones after the umask.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

__all__ = ["failure_reason", "write_atomically"]


@contextlib.contextmanager
def write_atomically(
    path: str | os.PathLike[str],
    *,
    replace: bool = True,
    before_naming: Callable[[], None] | None = None,
) -> Iterator[IO[str]]:
    """A UTF-8 text file that becomes ``path`` when the ``with`` block ends without error.

    ``replace=False`` never replaces a file that exists when the new one is named
    (:class:`FileExistsError`), with no window between the check and the naming (a hard
    link where the file system has them). ``before_naming`` runs once the file is
    complete, just before it is named (a last check). Errors of the file system are
    raised as the :class:`OSError` they are; the temporary file is removed in any case.
    """
    destination = Path(path)
    temporary = destination.with_name(f".{destination.name}.{secrets.token_hex(6)}.tmp")
    existing = _status(destination)
    if existing is not None and stat.S_ISDIR(existing.st_mode):  # before writing, not after
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(destination))
    # os.open applies the umask to 0o666, as creating a file normally does; a replaced
    # file's own permissions are kept.
    mode = stat.S_IMODE(existing.st_mode) if existing and stat.S_ISREG(existing.st_mode) else 0o666
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if existing is not None and stat.S_ISREG(existing.st_mode):
            os.chmod(temporary, mode)  # the umask does not apply to a replaced file's mode
        if before_naming is not None:
            before_naming()
        _name(temporary, destination, replace=replace)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def failure_reason(exc: BaseException) -> str:
    """Why a file could not be read or written, in words: an ``OSError``'s own
    (``No such file or directory``), else the exception's (``embedded null byte``)."""
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def _status(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path, follow_symlinks=False)
    except OSError:
        return None


def _name(temporary: Path, destination: Path, *, replace: bool) -> None:
    """Give the complete file its name: replace what is there, or only take a free name."""
    if replace:
        os.replace(temporary, destination)
        return
    try:
        os.link(temporary, destination)  # FileExistsError if taken: no clobber window
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the caller's check must do
        if os.path.lexists(destination):
            raise FileExistsError(destination) from None
        os.replace(temporary, destination)
