"""What the command writes to a terminal: data's control characters escaped, errors on one line.

Ticket ids, client ids and the other texts of an input file reach the screen in the
audit's table and in messages. A terminal obeys the control characters in them: ``ESC ]
0 ; ... BEL`` sets the window's title, ``ESC [ 2 J`` clears the screen, a carriage
return or a right-to-left override makes a line show something else than it holds. So
every such character is written as a visible escape, ``\\u001b`` (the form JSON uses too),
and a line break only where the command itself breaks lines.

>>> escape("T1\\x1b]0;owned\\x07\\x1b[2J\\r\\u202eok")
'T1\\\\u001b]0;owned\\\\u0007\\\\u001b[2J\\\\u000d\\\\u202eok'
>>> one_line("cannot read 'a.csv':\\nline two", limit=30)
"cannot read 'a.csv':\\\\u000aline … (4 more characters)"
"""

from __future__ import annotations

import re
from typing import IO, Final, Protocol

__all__ = ["ERROR_LIMIT", "TerminalWriter", "TextOut", "escape", "one_line"]

ERROR_LIMIT: Final = 400
"""Characters of an error message printed at most (the rest is counted, not shown)."""

# C0 controls but the line feed, DEL, C1 controls, the line and paragraph separators, and
# the bidirectional controls (the "Trojan Source" characters).
_UNSAFE: Final = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_UNSAFE_OR_NEWLINE: Final = re.compile(f"{_UNSAFE.pattern[:-1]}\n]")


class TextOut(Protocol):
    """Where a command writes its output: a text stream, or a :class:`TerminalWriter`."""

    def write(self, text: str, /) -> int:
        """Write ``text``; return how many characters were written."""
        ...

    def flush(self) -> None:
        """Flush what was written."""
        ...


def _visible(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape(text: str) -> str:
    """``text`` with every control character but the line feed written as ``\\uXXXX``."""
    return _UNSAFE.sub(_visible, text)


def one_line(message: str, limit: int = ERROR_LIMIT) -> str:
    """``message`` escaped onto one line, cut to its first ``limit`` characters."""
    text = _UNSAFE_OR_NEWLINE.sub(_visible, message)
    if len(text) <= limit:
        return text
    return f"{text[:limit]} … ({len(text) - limit} more characters)"


class TerminalWriter:
    """A text stream's ``write`` that escapes control characters and never fails on encoding.

    A character the stream's encoding cannot hold (an en dash under
    ``PYTHONIOENCODING=ascii``) is written as a ``\\uXXXX`` escape, and
    :attr:`replaced` says it happened, so that the command can say so once.
    """

    def __init__(self, stream: IO[str], *, escaped: bool = True) -> None:
        self.stream = stream
        self.escaped = escaped
        self.replaced = False

    def write(self, text: str) -> int:
        """Write ``text`` (escaped unless the writer was made with ``escaped=False``)."""
        if self.escaped:
            text = escape(text)
        try:
            return self.stream.write(text)
        except UnicodeEncodeError:
            self.replaced = True
            encoding = getattr(self.stream, "encoding", None) or "ascii"
            safe = text.encode(encoding, "backslashreplace").decode(encoding)
            return self.stream.write(safe)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self.stream.flush()
