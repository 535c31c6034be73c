"""Write the golden intake decisions (tests/golden/intake_decisions.json).

A seeded generator draws requests, clients, histories and rules meant to reach every
ground of intake (R1, R2, R4, R7-R9, R12, R17) and the edges between them: month and
year boundaries in Kyiv, the duplicate window's ends, the monthly limit's 50th and 51st
request, coupons valid, expired, not yet valid, another client's or malformed, replaced
detectors, FAQ, another calendar and another standard tier. Each case is stored as its
inputs (described) and ``decide(...).to_dict()``; tests/test_intake_golden.py draws the
same cases again and fails on any changed decision. To accept a reviewed change::

    .venv/bin/python scripts/make_golden_decisions.py

then review ``git diff tests/golden/intake_decisions.json``.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from sla_calendar import (
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    AbuseVerdict,
    Category,
    Client,
    ContractStatus,
    CountryHolidays,
    Coupon,
    CouponRegistry,
    FaqIndex,
    IntakeRules,
    Outcome,
    PriorRequest,
    Request,
    Tier,
    WorkingCalendar,
    decide,
    message_fingerprint,
)

SEED: Final = 20261123
CASES: Final = 700
SNAPSHOT: Final = (
    Path(__file__).resolve().parent.parent / "tests" / "golden" / "intake_decisions.json"
)

KYIV: Final = timezone(timedelta(hours=2))

TEXTS: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "problem-en": ("Report fails", "The sales report shows error 500 since this morning."),
        "problem-uk": ("Помилка", "Не працює звіт"),
        "install-ru": ("Установка", "Как настроить обновление?"),
        "finance-en": ("VAT invoice", "The invoice totals are wrong"),
        "warehouse-ru": ("Склад", "Остатки на складе неверные"),
        "management-uk": ("Бюджет", "управлінський облік, собівартість"),
        "consulting-uk": ("Порадьте", "як краще організувати облік"),
        "third-party-uk": ("Хостинг", "Провайдер змінив DNS"),
        "tie": ("Error in the invoice", ""),
        "hello": ("Hello", ""),
        "abuse-en": ("Report fails", "This f.u.c.k.i.n.g report fails"),
        "abuse-ru": ("Отчёт", "ну ты и 6лядь, не работает"),
        "abuse-many": ("Report", "fuck this shit, you asshole bastard, блядь, хуйня, пиздец"),
        "darn": ("darn", "The darn report fails"),
        "scunthorpe": ("Report", "The class assessment report in Scunthorpe fails"),
        "faq": ("Password", "звіт and password reset"),
    }
)
TEXT_WEIGHTS: Final = (4, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
SUBJECT_PREFIXES: Final = ("", "", "", "Re: ", "FWD: ", "re: fw: ")

ANCHORS: Final = (
    datetime(2026, 11, 23, 10, tzinfo=KYIV),  # a Monday
    datetime(2026, 11, 20, 17, 30, tzinfo=KYIV),  # a Friday evening
    datetime(2026, 11, 21, 11, tzinfo=KYIV),  # a Saturday
    datetime(2026, 10, 31, 21, 59, tzinfo=UTC),  # still October in Kyiv
    datetime(2026, 10, 31, 22, 30, tzinfo=UTC),  # already November in Kyiv
    datetime(2026, 11, 30, 22, 30, tzinfo=UTC),  # December in Kyiv, November in Warsaw
    datetime(2026, 12, 31, 23, 30, tzinfo=KYIV),
    datetime(2027, 2, 1, 10, tzinfo=UTC),  # the 2026 coupon has expired
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # the spring-forward night in Kyiv
    datetime(2026, 1, 1, 12, tzinfo=KYIV),
    datetime(2026, 11, 23, 3, tzinfo=timezone(timedelta(hours=-5))),
)
OFFSETS: Final = (
    timedelta(0),
    timedelta(0),
    timedelta(microseconds=1),
    timedelta(minutes=-1),
    timedelta(minutes=59),
    timedelta(hours=-10),
)

COUPONS: Final = CouponRegistry.of(
    [
        Coupon(
            "EMRG-2026-ACME",
            "acme",
            datetime(2026, 1, 1, tzinfo=UTC),
            datetime(2027, 1, 1, tzinfo=UTC),
        ),
        Coupon(
            "EMRG-2027-ACME",
            "acme",
            datetime(2027, 1, 1, tzinfo=UTC),
            datetime(2028, 1, 1, tzinfo=UTC),
        ),
        Coupon(
            "EMRG-2026-BETA",
            "beta",
            datetime(2026, 1, 1, tzinfo=UTC),
            datetime(2027, 1, 1, tzinfo=UTC),
        ),
    ]
)
COUPON_CODES: Final = (
    None,
    None,
    "",
    "EMRG-2026-ACME",
    "emrg-2026-acme",
    "EMRG-2027-ACME",
    "EMRG-2026-BETA",
    "NOPE-0000-0000",
    "bad code",
    "x" * 300,
)

GOLD: Final = Tier(
    "gold",
    timedelta(hours=8),
    categories=frozenset(Category),
)
"""A non-coupon tier covering every category, consulting and third parties included."""
BASIC: Final = Tier(
    "basic",
    timedelta(hours=40),
    processing_target=timedelta(hours=48),
    processing_extension=timedelta(hours=48),
    categories=frozenset({Category.PRODUCT_PROBLEM}),
)
"""A narrower standard tier for ``IntakeRules.standard_tier``."""

CLIENTS: Final[Mapping[str, Client | None]] = MappingProxyType(
    {
        "none": None,
        "acme-standard": Client("acme", ContractStatus.ACTIVE, STANDARD),
        "acme-emergency": Client("acme", ContractStatus.ACTIVE, EMERGENCY, COUPONS),
        "acme-24-7": Client("acme", ContractStatus.ACTIVE, EMERGENCY_24_7, COUPONS),
        "acme-emergency-no-coupons": Client("acme", ContractStatus.ACTIVE, EMERGENCY),
        "acme-gold": Client("acme", ContractStatus.ACTIVE, GOLD),
        "acme-suspended": Client("acme", ContractStatus.SUSPENDED, STANDARD),
        "acme-ended-emergency": Client("acme", ContractStatus.ENDED, EMERGENCY, COUPONS),
        "beta-standard": Client("beta", ContractStatus.ACTIVE, STANDARD, COUPONS),
    }
)
CLIENT_WEIGHTS: Final = (2, 6, 5, 3, 1, 2, 2, 2, 2)
OTHER_CLIENT_IDS: Final = (None, "", "ACME", "beta", "acme")


def never_abusive(text: str) -> bool:
    """A detector that flags nothing."""
    return False


def darn_detector(text: str) -> bool:
    """A detector answering with a bool."""
    return "darn" in text.casefold()


def flags_without_words(text: str) -> AbuseVerdict:
    """A detector flagging a report without naming words."""
    return AbuseVerdict("report" in text.casefold())


FAQ: Final = FaqIndex.from_mapping(
    {
        "password, пароль": "https://docs.example/pwd",
        "report, звіт, отчёт": "https://docs.example/reports",
        "invoice, рахунок": "https://docs.example/invoices",
    }
)
WARSAW: Final = WorkingCalendar.build(
    "Europe/Warsaw", {"mon-fri": "08:00-16:00"}, holidays=CountryHolidays("PL")
)

RULES: Final[Mapping[str, IntakeRules]] = MappingProxyType(
    {
        "default": IntakeRules(),
        "no-abuse": IntakeRules(abuse_detector=never_abusive),
        "darn": IntakeRules(abuse_detector=darn_detector),
        "flags-without-words": IntakeRules(abuse_detector=flags_without_words),
        "limit-2": IntakeRules(monthly_limit=2),
        "limit-0": IntakeRules(monthly_limit=0, abuse_detector=never_abusive),
        "window-2-days": IntakeRules(duplicate_window=timedelta(days=2)),
        "window-0": IntakeRules(duplicate_window=timedelta(0)),
        "faq": IntakeRules(faq=FAQ),
        "warsaw": IntakeRules(calendar=WARSAW, monthly_limit=1),
        "basic-standard": IntakeRules(standard_tier=BASIC, monthly_limit=3),
        "mixed": IntakeRules(
            duplicate_window=timedelta(days=7),
            monthly_limit=3,
            abuse_detector=darn_detector,
            faq=FAQ,
        ),
    }
)
RULE_WEIGHTS: Final = (6, 3, 2, 1, 2, 1, 1, 1, 1, 2, 1, 2)

HISTORY_OFFSETS: Final = (
    timedelta(days=-1),
    timedelta(0),
    timedelta(microseconds=1),
    timedelta(hours=1),
    timedelta(days=2),
    timedelta(days=2, microseconds=1),
    timedelta(days=7),
    timedelta(days=29),
    timedelta(days=30),
    timedelta(days=30, microseconds=1),
    timedelta(days=45),
)
ADDRESSES: Final = ("support@example.com", "sales@example.com", "help@example.com")


@dataclass(frozen=True, slots=True)
class Case:
    """One drawn case: the inputs of decide and their description."""

    request: Request
    client: Client | None
    history: tuple[PriorRequest, ...]
    rules: IntakeRules
    inputs: dict[str, Any]


def _addresses(rng: random.Random) -> tuple[str, ...]:
    chosen = [address for address in ADDRESSES if rng.random() < 0.4]
    rng.shuffle(chosen)  # the order of addresses does not matter (R9.5)
    return tuple(chosen)


def _short(addresses: tuple[str, ...]) -> str:
    return "+".join(address.split("@")[0] for address in addresses) or "nobody"


def _clip(code: str | None) -> str:
    return repr(code) if code is None or len(code) < 20 else f"{code[:8]!r}... ({len(code)})"


def _history_item(
    rng: random.Random, index: int, received: datetime, request_id: str, text: str
) -> tuple[PriorRequest, str]:
    offset = rng.choice(HISTORY_OFFSETS)
    same = rng.random() < 0.6
    label = text if same else rng.choice(list(TEXTS))
    subject, body = TEXTS[label]
    item_id = request_id if rng.random() < 0.05 else f"P-{index}"
    outcome = rng.choice(list(Outcome))
    is_open = rng.random() < 0.75
    addresses = _addresses(rng)
    item = PriorRequest(
        item_id,
        received - offset,
        message_fingerprint(subject, body),
        outcome,
        is_open,
        addresses,
    )
    return item, (
        f"{item_id} {offset} before: {label}, {outcome.value}, "
        f"{'open' if is_open else 'closed'}, to {_short(addresses)}"
    )


def _bulk(
    rng: random.Random, received: datetime, count: int
) -> tuple[tuple[PriorRequest, ...], str]:
    outcomes = (Outcome.ACCEPTED, Outcome.PAID_SERVICE, Outcome.REFUSED, Outcome.REDIRECTED)
    weights = (8, 3, 1, 1)
    items = []
    drawn = []
    for index in range(count):
        outcome = rng.choices(outcomes, weights)[0]
        drawn.append(outcome.value[0])
        items.append(
            PriorRequest(
                f"B-{index}",
                received - timedelta(minutes=index + 1),
                f"bulk-{index}",
                outcome,
                rng.random() < 0.5,
            )
        )
    return tuple(items), f"{count} in the minutes before, outcomes {''.join(drawn)}"


def draw(rng: random.Random, number: int) -> Case:
    """Case ``number`` of the generator ``rng``."""
    received = rng.choice(ANCHORS) + rng.choice(OFFSETS)
    client_name = rng.choices(list(CLIENTS), CLIENT_WEIGHTS)[0]
    client = CLIENTS[client_name]
    rules_name = rng.choices(list(RULES), RULE_WEIGHTS)[0]
    client_id = (
        client.id if client is not None and rng.random() < 0.85 else rng.choice(OTHER_CLIENT_IDS)
    )
    coupon_code = (
        "EMRG-2026-ACME" if client_id == "acme" and rng.random() < 0.4 else rng.choice(COUPON_CODES)
    )
    text = rng.choices(list(TEXTS), TEXT_WEIGHTS)[0]
    subject, body = TEXTS[text]
    prefix = rng.choice(SUBJECT_PREFIXES)
    category = rng.choice(list(Category)) if rng.random() < 0.35 else None
    request = Request(
        id=f"R-{number}",
        client_id=client_id,
        received_at=received,
        channel=rng.choice(("email", "phone", "portal")),
        addresses=_addresses(rng),
        subject=prefix + (subject.upper() if rng.random() < 0.2 else subject),
        body=body + rng.choice(("", "", "  ", "\n")),
        category=category,
        coupon_code=coupon_code,
        critical=rng.random() < 0.2,
        problem_count=rng.choice((None, None, 1, 2, 3)),
    )
    history: tuple[PriorRequest, ...]
    described: Any
    if rng.random() < 0.15:
        history, described = _bulk(rng, received, rng.randint(45, 53))
    else:
        drawn = [
            _history_item(rng, index, received, request.id, text)
            for index in range(rng.choice((0, 0, 1, 2, 3, 5)))
        ]
        rng.shuffle(drawn)  # so that list order is not id order
        history = tuple(item for item, _ in drawn)
        described = [description for _, description in drawn]
    inputs = {
        "request": (
            f"{request.id} from {request.client_id!r} at {received.isoformat()} by "
            f"{request.channel} to {_short(request.addresses)}: {text} "
            f"(subject {request.subject!r}, body end {request.body[-1:]!r}), category "
            f"{None if category is None else category.value}, coupon "
            f"{_clip(request.coupon_code)}, critical {request.critical}, problems "
            f"{request.problem_count}"
        ),
        "client": client_name,
        "history": described,
        "rules": rules_name,
    }
    return Case(request, client, history, RULES[rules_name], inputs)


def cases() -> list[Case]:
    """Every case, drawn afresh from the seed."""
    rng = random.Random(SEED)
    return [draw(rng, number) for number in range(CASES)]


def decided(case: Case) -> dict[str, Any]:
    """The golden record of ``case``: its inputs and its decision as data."""
    decision = decide(case.request, case.client, case.history, case.rules)
    return {"inputs": case.inputs, "decision": decision.to_dict()}


def render(records: list[dict[str, Any]] | None = None) -> str:
    """The snapshot's text: a JSON list, one case a line."""
    if records is None:
        records = [decided(case) for case in cases()]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def main() -> int:
    """Rewrite the snapshot file."""
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(render(), encoding="utf-8")
    print(f"wrote {SNAPSHOT} ({CASES} cases, seed {SEED})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
