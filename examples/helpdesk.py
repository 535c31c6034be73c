"""A small helpdesk worker on SQLite: intake, tickets, statuses, and the queue at ``--now``.

It reads a JSON-lines file of clients, incoming requests and what happened to them,
decides each request as it comes (:func:`sla_calendar.decide`, R1–R17), keeps clients,
tickets and their history in a real SQLite database file, and prints the queue at a
given instant: the waiting tickets in service order (R2, R12), each with the state of
its clocks, the time left (working and real) and the next warning instant.

    python examples/helpdesk.py --db helpdesk.sqlite3 \\
        --input examples/helpdesk_sample.jsonl --now 2021-11-01T12:00+02:00

Each line of the input is one JSON object with a ``type``:

* ``client``: ``id``, ``status`` (``active``, ``suspended``, ``ended``), ``tier``
  (``standard``, ``emergency``, ``emergency_24_7``), ``coupons`` (``code``,
  ``issued_at``, ``valid_until``) and, for a contract on other hours, ``calendar``
  (``zone``, ``hours`` such as ``{"mon-fri": "08:00-16:00"}``, ``holidays``: a country code);
* ``request``: ``id``, ``client_id``, ``received_at`` and the message (``subject``,
  ``body``, ``addresses``, ``category``, ``coupon_code``, ``critical``, ``problem_count``);
* ``event``: ``ticket`` and a ticket event as :meth:`TicketEvent.to_dict` writes it
  (``kind``, ``at``, ``tier``); a ``tier_changed`` event may carry the ``coupon_code``
  the client supplied (R12);
* ``status``: ``ticket``, ``status`` (the helpdesk's own name) and ``at``.

Requests are decided in the order of the file, against the client's earlier requests
in the database (duplicates R9.5, the monthly limit R9.6). Events and statuses may come
in any order. With ``--json`` each waiting ticket is printed as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sla_calendar import (
    BUILT_IN_TIERS,
    Category,
    Client,
    ClockState,
    ContractStatus,
    CountryHolidays,
    Coupon,
    CouponRegistry,
    Decision,
    Outcome,
    PriorRequest,
    QueuePosition,
    Request,
    SlaCalendarError,
    SlaStatus,
    TicketSla,
    Tier,
    WorkingCalendar,
    decide,
    evaluate_ticket,
    kyiv_calendar,
    queue_order,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS clients (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tickets (
    id TEXT PRIMARY KEY,
    client_id TEXT,
    received_at TEXT NOT NULL,
    request TEXT NOT NULL,
    decision TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    entry TEXT NOT NULL,
    UNIQUE (ticket_id, entry)
);
"""

CALENDAR = kyiv_calendar()  # the regulation's calendar (R6); a client may have its own
SERVED = (Outcome.ACCEPTED, Outcome.PAID_SERVICE)
COLUMNS = ("left", "on the clock", "next warning")
STOPPING_STATUSES = ("resolved", "closed")


# ------------------------------------------------------------------ reading values


def client_from(data: Mapping[str, Any]) -> Client:
    """A :class:`Client` from its JSON record."""
    calendar = None
    if data.get("calendar"):
        spec = data["calendar"]
        holidays = CountryHolidays(spec["holidays"]) if spec.get("holidays") else None
        calendar = WorkingCalendar.build(spec["zone"], spec["hours"], holidays=holidays)
    coupons = CouponRegistry.of(
        Coupon(
            c["code"],
            data["id"],
            datetime.fromisoformat(c["issued_at"]),
            datetime.fromisoformat(c["valid_until"]),
        )
        for c in data.get("coupons", ())
    )
    return Client(
        data["id"],
        ContractStatus(data["status"]),
        BUILT_IN_TIERS[data.get("tier", "standard")],
        coupons,
        calendar,
    )


def request_from(data: Mapping[str, Any]) -> Request:
    """A :class:`Request` from its JSON record."""
    return Request(
        id=data["id"],
        client_id=data.get("client_id"),
        received_at=datetime.fromisoformat(data["received_at"]),
        channel=data.get("channel", "email"),
        addresses=tuple(data.get("addresses", ())),
        subject=data.get("subject", ""),
        body=data.get("body", ""),
        category=Category(data["category"]) if data.get("category") else None,
        coupon_code=data.get("coupon_code"),
        critical=bool(data.get("critical", False)),
        problem_count=data.get("problem_count"),
    )


def client_tiers(client: Client | None) -> dict[str, Tier]:
    """The tiers by name as this client is served on them (on its own calendar, if any)."""
    return {
        name: tier if client is None else client.serving_tier(tier)
        for name, tier in BUILT_IN_TIERS.items()
    }


# ------------------------------------------------------------------ the database


class Helpdesk:
    """Clients, tickets and their history in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        """Commit and close the database."""
        self.db.commit()
        self.db.close()

    def client(self, client_id: str | None) -> Client | None:
        """The client stored under ``client_id``, or None."""
        row = self.db.execute("SELECT data FROM clients WHERE id = ?", (client_id,)).fetchone()
        return None if row is None else client_from(json.loads(row[0]))

    def clients(self) -> list[Client]:
        """Every client stored."""
        return [
            client_from(json.loads(data))
            for (data,) in self.db.execute("SELECT data FROM clients ORDER BY id")
        ]

    def history_of(self, ticket_id: str) -> list[dict[str, Any]]:
        """The stored events and status changes of a ticket, as dicts."""
        rows = self.db.execute(
            "SELECT entry FROM history WHERE ticket_id = ? ORDER BY rowid", (ticket_id,)
        )
        return [json.loads(entry) for (entry,) in rows]

    def prior_requests(self, client_id: str, before: datetime) -> list[PriorRequest]:
        """The client's earlier requests as intake reads them (R9.5, R9.6): open while
        served and not resolved or closed by ``before``."""
        prior = []
        for ticket_id, request, decision in self.db.execute(
            "SELECT id, request, decision FROM tickets WHERE client_id = ?", (client_id,)
        ):
            earlier = request_from(json.loads(request))
            decided = Decision.from_dict(json.loads(decision), client_tiers(None))
            entry = decided.history_entry(earlier)
            if entry.open and self._closed_by(ticket_id, before):
                entry = replace(entry, open=False)
            prior.append(entry)
        return prior

    def _closed_by(self, ticket_id: str, moment: datetime) -> bool:
        last = None
        for item in self.history_of(ticket_id):
            at = datetime.fromisoformat(item["at"])
            if at > moment:
                continue
            if item.get("status", "").casefold() in STOPPING_STATUSES or item.get("kind") in (
                "resolved",
                "reopened",
            ):
                closing = item.get("kind") != "reopened"
                if last is None or at >= last[0]:
                    last = (at, closing)
        return last is not None and last[1]

    # -------------------------------------------------------------- intake

    def ingest(self, records: Iterable[Mapping[str, Any]]) -> dict[str, int]:
        """Store clients, decide and store requests, store history; counts by outcome."""
        counts: dict[str, int] = {}
        for record in records:
            kind = record.get("type")
            if kind == "client":
                client_from(record)  # refuse a bad record before it is stored
                self.db.execute(
                    "INSERT OR REPLACE INTO clients VALUES (?, ?)",
                    (record["id"], json.dumps(record)),
                )
            elif kind == "request":
                outcome = self._decide(record)
                counts[outcome] = counts.get(outcome, 0) + 1
            elif kind in ("event", "status"):
                entry = {k: v for k, v in record.items() if k not in ("type", "ticket")}
                self.db.execute(
                    "INSERT OR IGNORE INTO history VALUES (?, ?)",
                    (record["ticket"], json.dumps(entry, sort_keys=True)),
                )
            else:
                raise ValueError(f"unknown record type {kind!r}")
        self.db.commit()
        return counts

    def _decide(self, record: Mapping[str, Any]) -> str:
        request = request_from(record)
        known = self.db.execute(
            "SELECT outcome FROM tickets WHERE id = ?", (request.id,)
        ).fetchone()
        if known is not None:
            return str(known[0])  # decided already
        client = self.client(request.client_id)
        history = [] if client is None else self.prior_requests(client.id, request.received_at)
        decision = decide(request, client, history)
        self.db.execute(
            "INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?)",
            (
                request.id,
                request.client_id,
                request.received_at.isoformat(),
                json.dumps(record),
                json.dumps(decision.to_dict()),
                decision.outcome.value,
            ),
        )
        return decision.outcome.value

    # -------------------------------------------------------------- the queue

    def waiting(self, now: datetime) -> list[tuple[Request, Decision, TicketSla, str | None]]:
        """Every served ticket received by ``now`` whose processing clock still runs (or is
        paused): its request, decision, clocks at ``now`` and the coupon it holds."""
        tickets = []
        for request_json, decision_json in self.db.execute(
            "SELECT request, decision FROM tickets ORDER BY received_at, id"
        ):
            request = request_from(json.loads(request_json))
            if request.received_at > now:
                continue
            tiers = client_tiers(self.client(request.client_id))
            decision = Decision.from_dict(json.loads(decision_json), tiers)
            if decision.outcome not in SERVED or decision.tier is None:
                continue
            history = self.history_of(request.id)
            entries = [{"kind": "received", "at": request.received_at.isoformat()}] + [
                item for item in history if datetime.fromisoformat(item["at"]) <= now
            ]
            sla = evaluate_ticket(
                request.id, entries, tier=decision.tier, calendar=CALENDAR, now=now, tiers=tiers
            )
            if sla.processing.state in (ClockState.MET, ClockState.CANCELLED):
                continue
            coupons = [e["coupon_code"] for e in entries if e.get("coupon_code")]
            tickets.append(
                (request, decision, sla, coupons[-1] if coupons else request.coupon_code)
            )
        return tickets

    def queue(self, now: datetime) -> list[tuple[QueuePosition, TicketSla]]:
        """The waiting tickets in service order at ``now`` (R2, R12), with their clocks."""
        waiting = self.waiting(now)
        by_id = {request.id: sla for request, _, sla, _ in waiting}
        entries = [
            replace(decision.queue_entry(request), coupon_code=coupon)
            for request, decision, _, coupon in waiting
        ]
        registry = CouponRegistry.of(c for client in self.clients() for c in client.coupons.coupons)
        return [(place, by_id[place.request.id]) for place in queue_order(entries, now, registry)]


# ------------------------------------------------------------------ showing the queue


def urgent(sla: TicketSla) -> SlaStatus:
    """The clock to watch: the earliest due among those still counting (or breached while
    open); the processing clock when none is."""
    open_clocks = [c for c in sla.clocks if c.stop is None and not c.cancelled]
    return min(open_clocks or [sla.processing], key=lambda c: c.due)


def next_warning(sla: TicketSla) -> tuple[str, datetime] | None:
    """The earliest next warning of any clock: ``("75% processing", instant)``."""
    upcoming = [
        (f"{w[0] * 100}% {c.target.value}", w[1])
        for c in sla.clocks
        if (w := c.next_warning) is not None
    ]
    return min(upcoming, key=lambda item: item[1]) if upcoming else None


def as_record(place: QueuePosition, sla: TicketSla) -> dict[str, Any]:
    """One waiting ticket as JSON-ready data: its place and every clock's figures."""

    def clock(status: SlaStatus) -> dict[str, Any]:
        warning = status.next_warning
        return {
            "target": status.target.value,
            "state": status.state.value,
            "due": status.due.isoformat(),
            "working_left_us": status.remaining // timedelta(microseconds=1),
            "clock_left_us": status.clock_time_left // timedelta(microseconds=1),
            "next_warning": None if warning is None else [str(warning[0]), warning[1].isoformat()],
        }

    change = sla.next_change
    return {
        "position": place.position,
        "ticket": place.request.id,
        "client": place.request.client_id,
        "tier": sla.tier.name,
        "reason": place.reason.value,
        "clocks": [clock(status) for status in sla.clocks],
        "next_change": None if change is None else change.isoformat(),
    }


def as_line(place: QueuePosition, sla: TicketSla, zone: Any) -> list[str]:
    """One waiting ticket as the cells of a table row."""
    watch = urgent(sla)
    warning = next_warning(sla)
    shown = "-" if warning is None else f"{warning[0]} {warning[1].astimezone(zone):%a %d %b %H:%M}"
    return [
        str(place.position),
        place.request.id,
        place.request.client_id,
        sla.tier.name,
        place.reason.value,
        f"{watch.target.value} {watch.state.value.replace('_', ' ')}",
        hours(watch.remaining),
        hours(watch.clock_time_left),
        shown,
    ]


def hours(value: timedelta) -> str:
    """A duration as ``H:MM`` (``-H:MM`` once past), to the minute."""
    minutes = value // timedelta(minutes=1)
    sign = "-" if minutes < 0 else ""
    return f"{sign}{abs(minutes) // 60}:{abs(minutes) % 60:02d}"


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Ingest the input (if any) into the database, then print the queue at ``--now``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the SQLite database file")
    parser.add_argument("--input", type=Path, help="a JSON-lines file of records to ingest")
    parser.add_argument("--now", required=True, help="the instant of the queue (ISO 8601)")
    parser.add_argument("--json", action="store_true", help="one JSON object per ticket")
    args = parser.parse_args(argv)
    try:
        now = datetime.fromisoformat(args.now)
        helpdesk = Helpdesk(args.db)
        try:
            if args.input is not None:
                with args.input.open(encoding="utf-8") as lines:
                    counts = helpdesk.ingest(json.loads(line) for line in lines if line.strip())
                if not args.json:
                    done = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
                    print(f"Requests decided: {done or 'none'}")
            queue = helpdesk.queue(now)
        finally:
            helpdesk.close()
    except (SlaCalendarError, ValueError, KeyError, OSError) as error:
        print(f"helpdesk: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if args.json:
        for place, sla in queue:
            print(json.dumps(as_record(place, sla)))
        return 0
    header = ["#", "ticket", "client", "tier", "place", "watch", *COLUMNS]
    print(f"Queue at {now.isoformat()}: {len(queue)} tickets waiting")
    zone = CALENDAR.tz
    for line in table([header, *(as_line(place, sla, zone) for place, sla in queue)]):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
