"""The R9.4 abuse detector: disguised and innocent corpora, verdicts, linear time.

The corpora live in tests/abuse_corpus.py, shared with benchmarks/bench_abuse.py.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sla_calendar import (
    DEFAULT_ABUSE_DETECTOR,
    AbuseMatch,
    AbuseVerdict,
    ArgumentTypeError,
    Client,
    ContractStatus,
    Decision,
    IntakeRules,
    Outcome,
    ReasonCode,
    Request,
    decide,
    detect_abuse,
)
from tests.abuse_corpus import DISGUISED, INNOCENT, adversarial_text
from tests.strategies import client_texts

ACME = Client("acme", ContractStatus.ACTIVE)
NOW = datetime.fromisoformat("2026-11-23T10:00+02:00")


@pytest.mark.parametrize(("text", "word"), DISGUISED, ids=[f"r9_4-{t}" for t, _ in DISGUISED])
def test_r9_4_disguised_abuse_is_flagged_with_its_word(text: str, word: str) -> None:
    verdict = detect_abuse(text)
    assert verdict.flagged
    assert word in verdict.words


@pytest.mark.parametrize("text", INNOCENT, ids=[f"r9_4-innocent-{t}" for t in INNOCENT])
def test_r9_4_innocent_words_are_not_flagged(text: str) -> None:
    assert detect_abuse(text) == AbuseVerdict(False, ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This f.u.c.k.i.n.g report", (AbuseMatch("fuck", "en", "f.u.c.k.i.n.g"),)),
        ("ну ты и xyйлo", (AbuseMatch("хуй", "ru", "xyилo"),)),  # й folded to и
        ("f u c k!", (AbuseMatch("fuck", "en", "f u c k!"),)),
        ("привет.сука", (AbuseMatch("сука", "ru", "привет.сука"),)),
        (
            "Идиоты, ваш звіт — гівно!",
            (AbuseMatch("идиот", "ru", "идиоты"), AbuseMatch("гівно", "uk", "гівно")),
        ),
    ],
    ids=[
        "r9_4-separators-shown",
        "r9_4-latin-lookalikes",
        "r9_4-spaced",
        "r9_4-joined",
        "r9_4-two",
    ],
)
def test_r9_4_verdict_says_which_words_as_written(
    text: str, expected: tuple[AbuseMatch, ...]
) -> None:
    verdict = detect_abuse(text)
    assert verdict.matches == expected
    assert bool(verdict)


def test_r9_4_verdict_is_a_frozen_value() -> None:
    verdict = detect_abuse("sh1t")
    with pytest.raises(AttributeError):
        verdict.flagged = False  # type: ignore[misc]
    assert verdict.words == ("shit",)
    assert DEFAULT_ABUSE_DETECTOR is detect_abuse


def test_r9_4_at_most_ten_matches_are_kept() -> None:
    text = " ".join(word for word in ("fuck", "shit", "cunt", "bitch", "twat", "idiot", "moron"))
    text += " сука хуй пиздец блядь мудак дебил"
    verdict = detect_abuse(text)
    assert len(verdict.matches) == 10
    assert verdict.words[:3] == ("fuck", "shit", "cunt")


def test_r9_4_detector_refuses_non_text() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^text must be a str, got bytes b'fuck'$"):
        detect_abuse(b"fuck")  # type: ignore[arg-type]


def test_r9_4_no_line_of_the_docs_is_flagged() -> None:
    root = Path(__file__).resolve().parent.parent
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    pages.remove(root / "docs" / "intake.md")  # quotes abusive examples on purpose
    flagged = [
        (page.name, line)
        for page in pages
        for line in page.read_text(encoding="utf-8").splitlines()
        if detect_abuse(line).flagged
    ]
    assert flagged == []


ADVERSARIAL = {
    "mixed": adversarial_text(),
    "spaced-letters": " ".join("абвгдежзиклмнопрстуфхцчшщьюяabcdefghijklmnopqrstuvwxyz" * 1000)[
        :100_000
    ],
    "dotted-letters": ".".join("хуепиздаfuckshit" * 3200)[:100_000],
    "one-long-run": "f" * 100_000,
    "near-misses": ("fuc наза e6e6 a$$a " * 6000)[:100_000],
}


@pytest.mark.parametrize("name", list(ADVERSARIAL), ids=[f"r9_4-linear-{n}" for n in ADVERSARIAL])
def test_r9_4_100_kb_of_adversarial_text_decides_well_under_a_second(name: str) -> None:
    text = ADVERSARIAL[name]
    assert len(text) >= 99_990
    started = time.perf_counter()
    detect_abuse(text)
    elapsed = time.perf_counter() - started
    # Measured at 0.01-0.13 s; the bound is generous so a loaded machine does not fail.
    assert elapsed < 1.0, f"{name}: {elapsed:.2f} s"


def test_r9_4_time_grows_linearly() -> None:
    small, large = adversarial_text(20_000, seed=1), adversarial_text(200_000, seed=1)
    timings = []
    for text in (small, large):
        started = time.perf_counter()
        detect_abuse(text)
        timings.append(time.perf_counter() - started)
    # 10x the text: a quadratic matcher would take about 100x; allow 30x for noise.
    assert timings[1] < 30 * timings[0] + 0.05


@settings(max_examples=60)
@given(client_texts())
def test_r9_4_never_raises_and_verdict_is_consistent(text: str) -> None:
    verdict = detect_abuse(text)
    assert verdict.flagged == bool(verdict.matches)
    assert len(verdict.matches) <= 10


@settings(max_examples=60)
@given(st.sampled_from(DISGUISED), st.text(max_size=80), st.text(max_size=80))
def test_r9_4_abuse_stays_flagged_in_any_surrounding_text(
    case: tuple[str, str], before: str, after: str
) -> None:
    text, _ = case
    assert detect_abuse(f"{before}\n—\n{text}\n—\n{after}").flagged


def test_r9_4_decision_explains_and_round_trips() -> None:
    request = Request("R-1", "acme", NOW, body="Your 6лядь report is sh1t")
    decision = decide(request, ACME)
    assert decision.outcome is Outcome.REFUSED
    reason = decision.reasons[0]
    assert reason.code is ReasonCode.ABUSIVE_LANGUAGE
    assert reason.words == ("блядь", "shit")
    assert reason.detail == "obscene or insulting words: 'блядь' (as '6лядь'), 'shit' (as 'sh1t')"
    assert Decision.from_dict(json.loads(json.dumps(decision.to_dict()))) == decision


def test_r9_4_detector_is_replaceable_by_any_callable() -> None:
    calls: list[str] = []

    def detector(text: str) -> bool:
        calls.append(text)
        return False

    request = Request("R-1", "acme", NOW, subject="Fuck", body="this")
    decision = decide(request, ACME, (), IntakeRules(abuse_detector=detector))
    assert ReasonCode.ABUSIVE_LANGUAGE not in decision.codes()
    assert calls == ["Fuck\nthis"]


@pytest.mark.parametrize(
    ("padding", "abuse"),
    [
        ("shitake ", "you idiot"),
        ("Ебола ", "ты идиот"),
        ("ебонітовий ", "ти ідіот"),
        ("e6a1 ", "fuck"),
        ("Scunthorpe class assistant ", "ты тупой идиот"),
    ],
    ids=[
        "r9_4-en-veto-padding",
        "r9_4-ru-veto-padding",
        "r9_4-uk-veto-padding",
        "r9_4-hex-padding",
        "r9_4-near-miss-padding",
    ],
)
@pytest.mark.parametrize("count", [100, 150, 2000])
def test_r9_4_padding_with_innocent_near_misses_buys_no_bypass(
    padding: str, abuse: str, count: int
) -> None:
    """Near misses the detector vetoes (innocent stems, hex ids) do not use up its budget."""
    text = padding * count + abuse
    assert detect_abuse(text).flagged
    decision = decide(Request("R-1", "acme", NOW, body=text), ACME)
    assert decision.outcome is Outcome.REFUSED
