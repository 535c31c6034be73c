"""Intake decisions against the committed golden snapshot (R1, R2, R4, R7–R9, R12, R17).

scripts/make_golden_decisions.py draws 700 requests, clients, histories and rules from a
seed; tests/golden/intake_decisions.json holds each case's inputs and the full
``Decision.to_dict()`` that ``decide`` gave. Any change to any decision (outcome,
reasons and their order, details, tier, deadlines, category, FAQ links) fails here with
the cases that changed. To accept a reviewed change:
``.venv/bin/python scripts/make_golden_decisions.py``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from sla_calendar import Decision

ROOT = Path(__file__).resolve().parent.parent


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_golden_decisions", ROOT / "scripts" / "make_golden_decisions.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


SCRIPT = _load_script()


def _golden() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(SCRIPT.SNAPSHOT.read_text(encoding="utf-8"))
    return records


def test_golden_cases_are_the_generators() -> None:
    """The seeded generator still draws the cases the snapshot was written from."""
    drawn = [case.inputs for case in SCRIPT.cases()]
    assert drawn == [record["inputs"] for record in _golden()]


def test_decide_matches_the_golden_decisions() -> None:
    changed = []
    for case, record in zip(SCRIPT.cases(), _golden(), strict=True):
        now = SCRIPT.decided(case)["decision"]
        if now != record["decision"]:
            changed.append(
                f"{json.dumps(case.inputs, ensure_ascii=False)}\n"
                f"  golden: {json.dumps(record['decision'], ensure_ascii=False)}\n"
                f"  now:    {json.dumps(now, ensure_ascii=False)}"
            )
    assert not changed, f"{len(changed)} decisions changed:\n" + "\n".join(changed[:5])


def test_golden_decisions_reach_every_ground_and_outcome() -> None:
    """The snapshot is only as strong as its cases: every reason and outcome occurs."""
    records = [record["decision"] for record in _golden()]
    reasons = [reason for record in records for reason in record["reasons"]]
    grounds = {(r["code"], r["clause"], r["served_tier"] is not None) for r in reasons}
    assert grounds == {
        ("unidentified_client", "R9.1", False),
        ("service_suspended", "R9.3", False),
        ("out_of_contract", "R9.2", True),  # R12: no valid coupon, served as standard
        ("out_of_contract", "R9.2", False),  # R7: not covered by the tier
        ("out_of_contract", "R4", False),  # consulting
        ("third_party", "R4", False),
        ("multiple_problems", "R17", False),
        ("abusive_language", "R9.4", False),
        ("duplicate", "R9.5", False),
        ("monthly_limit", "R9.6", False),
        ("critical", "R2", False),
    }
    assert {record["outcome"] for record in records} == {
        "accepted",
        "refused",
        "redirected",
        "paid_service",
    }
    assert {record["tier"] for record in records} == {
        None,
        "standard",
        "emergency",
        "emergency_24_7",
        "gold",
        "basic",
    }
    assert any(r["words"] for r in reasons)  # the default detector names its words
    assert any(r["code"] == "abusive_language" and not r["words"] for r in reasons)
    assert any(record["faq_links"] for record in records)
    assert any(record["category_words"] for record in records)
    assert max(len(record["reasons"]) for record in records) >= 4


def test_golden_decisions_read_back() -> None:
    """Every golden decision is data ``Decision.from_dict`` reads and writes unchanged."""
    tiers = {tier.name: tier for tier in (SCRIPT.STANDARD, SCRIPT.EMERGENCY, SCRIPT.GOLD)}
    tiers |= {tier.name: tier for tier in (SCRIPT.EMERGENCY_24_7, SCRIPT.BASIC)}
    for record in _golden():
        data = record["decision"]
        assert Decision.from_dict(data, tiers).to_dict() == data
