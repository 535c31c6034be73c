"""Which column holds which field: the tickets' column mapping and the default tiers.

:class:`ColumnMapping` says which column of an export holds each field of a ticket, so
other exports are read without editing them; :class:`ColumnNames` is the behaviour it
shares with the pauses file's :class:`~sla_calendar.audit.pauses.PauseColumns`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from typing import ClassVar, Self

from sla_calendar._checks import require_text, require_type
from sla_calendar._format import short_repr
from sla_calendar.errors import InvalidValueError

__all__ = ["ColumnMapping", "ColumnNames"]


class ColumnNames:
    """A dataclass of fields named by the columns that hold them (shared behaviour).

    Subclasses are frozen dataclasses whose every field is a column name. Their class
    attributes word the errors: ``_WHAT`` names a field in ``parse`` errors, ``_LACKS``
    and ``_HINT`` open and close the message of :meth:`require_columns`, and
    ``_OPTIONAL`` lists the fields whose columns may be absent.
    """

    __slots__ = ()
    _WHAT: ClassVar[str] = "mapping"
    _LACKS: ClassVar[str] = "the input lacks required columns"
    _HINT: ClassVar[str] = "map them with a ColumnMapping / --mapping"
    _OPTIONAL: ClassVar[frozenset[str]] = frozenset()

    def __post_init__(self) -> None:
        for name, column in self.columns().items():
            require_text(column, f"{type(self).__name__}.{name}")

    @classmethod
    def parse(cls, text: str) -> Self:
        """An instance from ``field=column`` pairs separated by commas."""
        require_type(text, str, f"{cls.__name__}.parse(text)")
        known = [f.name for f in fields(cls)]  # type: ignore[arg-type]
        return cls(**_parse_field_pairs(text, known, cls._WHAT))

    def columns(self) -> dict[str, str]:
        """Field name to column name, for every field."""
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    def require_columns(self, header: Collection[str]) -> None:
        """Refuse an input whose ``header`` lacks the column of a required field, naming all."""
        absent = [
            f"{name} (column {column!r})"
            for name, column in self.columns().items()
            if name not in self._OPTIONAL and column not in header
        ]
        if absent:
            names = list(header)
            found = ", ".join(short_repr(name, 20) for name in names[:6])
            more = f" and {len(names) - 6} more" if len(names) > 6 else ""
            raise InvalidValueError(
                f"{self._LACKS}: {', '.join(absent)}; found columns {found}{more} ({self._HINT})"
            )


@dataclass(frozen=True, slots=True)
class ColumnMapping(ColumnNames):
    """Which source column holds each field of a ticket; defaults are the field names.

    ``ticket_id``, ``tier`` and ``received_at`` must be present; the other columns may
    be absent from a source (every value then counts as missing).

    >>> ColumnMapping.parse("ticket_id=number, received_at=opened_at").received_at
    'opened_at'
    """

    ticket_id: str = "ticket_id"
    client_id: str = "client_id"
    tier: str = "tier"
    received_at: str = "received_at"
    first_response_at: str = "first_response_at"
    resolved_at: str = "resolved_at"
    extension_notified_at: str = "extension_notified_at"
    pauses: str = "pauses"

    _OPTIONAL: ClassVar[frozenset[str]] = frozenset(
        {"client_id", "first_response_at", "resolved_at", "extension_notified_at", "pauses"}
    )


def _parse_field_pairs(text: str, known: list[str], what: str) -> dict[str, str]:
    """``field=column`` pairs separated by commas, each field one of ``known``."""
    values: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        name, sep, column = item.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not column:
            raise InvalidValueError(
                f"{what} item {short_repr(item.strip())} is invalid; expected FIELD=COLUMN"
            )
        if name not in known:
            raise InvalidValueError(
                f"{what} field {name!r} is unknown; expected one of {', '.join(sorted(known))}"
            )
        values[name] = column
    return values
