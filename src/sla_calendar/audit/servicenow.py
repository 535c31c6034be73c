"""From a ServiceNow incident event log to one ticket row per incident, ready to audit.

A ServiceNow export (such as the public "Incident management process enriched event
log", UCI dataset 498) has one row per update of an incident; its last row is the
outcome. :func:`incidents_from_event_log` folds those rows into one row per incident,
keeping ServiceNow's column names and raw values (timestamps ``D/M/YYYY HH:MM`` with no
zone, ``?`` for missing), so the audit reads them with a :class:`ColumnMapping`, a
declared day-first format and a named zone (see :data:`SERVICENOW_MAPPING` and
docs/audit.md). What is derived, and the assumptions that go with it:

* ``first_response_at``: when the incident first left the ``New`` state (someone took
  it up), from that event's ``sys_updated_at``; empty if it never did.
* ``awaiting_user_info``: the spans in state ``Awaiting User Info`` (waiting for the
  client: R5's processing clock stops), from the update that entered the state to the
  next update that left it, ended at ``resolved_at`` at the latest; written as
  ``START--END`` intervals separated by ``;`` (ISO 8601's ``--`` form, as the dates
  themselves hold ``/``).
* everything else (``number``, ``caller_id``, ``priority``, ``opened_at``,
  ``resolved_at``, ``made_sla``) comes from the incident's last row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from sla_calendar._checks import wrong_type
from sla_calendar._format import short_repr
from sla_calendar.audit.columns import ColumnMapping
from sla_calendar.audit.rows import UnreadableRow
from sla_calendar.policy.tiers import EMERGENCY, STANDARD, Tier

__all__ = ["SERVICENOW_MAPPING", "SERVICENOW_TIERS", "incidents_from_event_log"]

SERVICENOW_MAPPING: Final = ColumnMapping(
    ticket_id="number",
    client_id="caller_id",
    tier="priority",
    received_at="opened_at",
    first_response_at="first_response_at",
    resolved_at="resolved_at",
    extension_notified_at="extension_notified_at",
    pauses="awaiting_user_info",
)
"""Where the audit finds each field in :func:`incidents_from_event_log`'s rows."""

SERVICENOW_TIERS: Final[Mapping[str, Tier]] = MappingProxyType(
    {
        "1 - Critical": EMERGENCY,
        "2 - High": EMERGENCY,
        "3 - Moderate": STANDARD,
        "4 - Low": STANDARD,
    }
)
"""An assumption, not the source's rule: critical and high priority on the emergency
tier (R11), moderate and low on standard support (R10)."""

_FORMAT: Final = "%d/%m/%Y %H:%M"
_WAITING: Final = "Awaiting User Info"


def _sort_key(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), _FORMAT)  # noqa: DTZ007 (only to order)
    except ValueError:
        return None


def _earlier(a: str, b: str) -> str:
    """The earlier of two raw timestamps (``a`` when either cannot be read)."""
    first, second = _sort_key(a), _sort_key(b)
    if first is None or second is None:
        return a
    return b if second < first else a


def _fold(events: list[tuple[int, Mapping[Any, Any]]]) -> dict[str, str]:
    folded = _fold_complete([_complete(event) for _, event in events])
    for position, event in events:
        cut = _cut_short(event)
        if cut is not None:  # the incident cannot be trusted: a row error in the audit
            return UnreadableRow(
                folded,
                cut,
                f"event row {position} of the log (for {short_repr(folded['number'])}) is "
                f"cut short: it has no {cut}; expected every event row complete",
            )
    return folded


def _complete(event: Mapping[Any, Any]) -> dict[str, str]:
    """The event with absent (None) values read as empty and extra fields dropped."""
    return {k: "" if v is None else v for k, v in event.items() if isinstance(k, str)}


def _cut_short(event: Mapping[Any, Any]) -> str | None:
    """The first field a row read by ``csv.DictReader`` lacks (it fills them with None),
    or ``""`` when it has more fields than its header; None for a complete row."""
    for key, value in event.items():
        if key is None:
            return ""
        if value is None:
            return str(key)
    return None


def _fold_complete(events: list[Mapping[str, str]]) -> dict[str, str]:
    last = events[-1]
    resolved = last.get("resolved_at", "?")
    response = ""
    spans: list[tuple[str, str]] = []
    waiting_since: str | None = None
    for event in events:
        state = event.get("incident_state", "")
        at = event.get("sys_updated_at", "")
        if not response and state not in ("New", ""):
            response = at
        if state == _WAITING and waiting_since is None:
            waiting_since = at
        elif state != _WAITING and waiting_since is not None:
            spans.append((waiting_since, at))
            waiting_since = None
    if waiting_since is not None:
        spans.append((waiting_since, resolved if resolved != "?" else last.get("closed_at", "")))
    if resolved not in ("", "?"):
        spans = [(start, _earlier(end, resolved)) for start, end in spans]
    return {
        "number": last.get("number", ""),
        "caller_id": last.get("caller_id", ""),
        "priority": last.get("priority", ""),
        "opened_at": last.get("opened_at", ""),
        "first_response_at": response,
        "resolved_at": resolved,
        "extension_notified_at": "",
        "awaiting_user_info": ";".join(f"{a}--{b}" for a, b in spans if a != b),
        "made_sla": last.get("made_sla", ""),
    }


def incidents_from_event_log(rows: Iterable[Mapping[str, str]]) -> Iterator[dict[str, str]]:
    """One row per incident, in order of first appearance, from ServiceNow event rows.

    >>> log = [
    ...     {"number": "INC1", "incident_state": "New", "sys_updated_at": "1/3/2016 09:00",
    ...      "opened_at": "1/3/2016 08:50", "priority": "3 - Moderate", "resolved_at": "?"},
    ...     {"number": "INC1", "incident_state": "Active", "sys_updated_at": "1/3/2016 09:30",
    ...      "opened_at": "1/3/2016 08:50", "priority": "3 - Moderate", "resolved_at": "?"},
    ...     {"number": "INC1", "incident_state": "Awaiting User Info",
    ...      "sys_updated_at": "1/3/2016 10:00", "opened_at": "1/3/2016 08:50",
    ...      "priority": "3 - Moderate", "resolved_at": "?"},
    ...     {"number": "INC1", "incident_state": "Resolved", "sys_updated_at": "2/3/2016 12:00",
    ...      "opened_at": "1/3/2016 08:50", "priority": "3 - Moderate",
    ...      "resolved_at": "2/3/2016 11:00", "made_sla": "true"},
    ... ]
    >>> (incident,) = incidents_from_event_log(log)
    >>> incident["first_response_at"], incident["awaiting_user_info"], incident["made_sla"]
    ('1/3/2016 09:30', '1/3/2016 10:00--2/3/2016 11:00', 'true')
    """
    if isinstance(rows, Mapping | str | bytes) or not isinstance(rows, Iterable):
        raise wrong_type("rows", "an iterable of mappings (event rows)", rows)
    return _folded(rows)


def _folded(rows: Iterable[Mapping[str, str]]) -> Iterator[dict[str, str]]:
    incidents: dict[str, list[tuple[int, Mapping[Any, Any]]]] = {}
    for position, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise wrong_type(f"rows[{position - 1}]", "a mapping of column names to values", row)
        number = row.get("number")
        incidents.setdefault(number if isinstance(number, str) else "", []).append((position, row))
    for events in incidents.values():
        yield _fold(events)
