"""Precision, recall and speed of the default R9.4 abuse detector.

Run from the repository root::

    .venv/bin/python benchmarks/bench_abuse.py           # everything
    .venv/bin/python benchmarks/bench_abuse.py --quick   # corpora and speed only (CI)

Precision and recall are measured on the corpora in tests/abuse_corpus.py: the
disguised-abuse corpus (positives; a hit must report the expected lexicon word), the
innocent-words corpus (negatives), and the known misses (positives the detector is
known not to catch, counted separately so the main figure is not flattered). Then on
the held-out set (insults and innocent near misses in Russian, Ukrainian and English,
never used to tune the detector), by language. Speed is the median of several runs on
100 kB of adversarial text; then decide() on 1 MB bodies built to be costly (U+FDFA,
which NFKC expands 18-fold, adversarial text, keyword phrases), which the text budget
(IntakeRules.text_limit) bounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import sysconfig
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the corpora live with the tests

from tests.abuse_corpus import (  # noqa: E402
    DISGUISED,
    HELD_OUT_ABUSIVE,
    HELD_OUT_INNOCENT,
    INNOCENT,
    KNOWN_MISSES,
    adversarial_text,
)

from sla_calendar import (  # noqa: E402
    Client,
    ContractStatus,
    IntakeRules,
    Request,
    decide,
    detect_abuse,
)


def _scores(positives: tuple[tuple[str, str], ...]) -> tuple[int, int, list[str]]:
    """(true positives, false negatives, the missed texts) over ``positives``."""
    hits = 0
    missed = []
    for text, word in positives:
        if word in detect_abuse(text).words:
            hits += 1
        else:
            missed.append(text)
    return hits, len(positives) - hits, missed


def _held_out_lines() -> dict[str, list[str]]:
    """Ordinary text outside the corpora: holiday names, this project's docs, the regulation."""
    import gettext

    import holidays

    sources: dict[str, list[str]] = {}
    locale = Path(holidays.__file__).parent / "locale"
    for language in ("uk", "ru", "en_US"):
        names: list[str] = []
        for catalog in sorted((locale / language / "LC_MESSAGES").glob("*.mo")):
            with catalog.open("rb") as stream:
                translations = gettext.GNUTranslations(stream)
            names.extend(v for k, v in translations._catalog.items() if k and isinstance(v, str))
        sources[f"holiday names ({language}), holidays package"] = names
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    pages.remove(ROOT / "docs" / "intake.md")  # quotes abusive examples on purpose
    sources["README.md and docs/*.md lines (but intake.md)"] = [
        line for page in pages for line in page.read_text(encoding="utf-8").splitlines()
    ]
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    sources["Python standard library, Lib/*.py lines (code and comments)"] = [
        line
        for module in sorted(stdlib.glob("*.py"))
        for line in module.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    for name in ("regulation-ru.txt", "regulation-en.md"):
        path = ROOT.parent / "shared" / "mission" / name
        if path.exists():
            sources[f"the regulation ({name}) lines"] = path.read_text(
                encoding="utf-8"
            ).splitlines()
    return sources


def _held_out_figures() -> None:
    """Precision and recall on the held-out set, in all and by language."""
    print(
        f"  held-out set (never tuned on): {len(HELD_OUT_ABUSIVE)} abusive, "
        f"{len(HELD_OUT_INNOCENT)} innocent near misses"
    )
    for language in ("all", "ru", "uk", "en"):
        abusive = [t for t, lang in HELD_OUT_ABUSIVE if language in ("all", lang)]
        innocent = [t for t, lang in HELD_OUT_INNOCENT if language in ("all", lang)]
        hits = sum(detect_abuse(text).flagged for text in abusive)
        alarms = [text for text in innocent if detect_abuse(text).flagged]
        print(
            f"    {language}: precision {_ratio(hits, hits + len(alarms))}, "
            f"recall {_ratio(hits, len(abusive))} ({hits}/{len(abusive)} caught, "
            f"{len(alarms)}/{len(innocent)} false alarms)"
        )
        if language == "all":
            for text in alarms:
                print(f"      false alarm: {text!r}")


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "n/a"


def main(argv: list[str] | None = None) -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="skip the scan of ordinary text (a smoke run)"
    )
    quick = parser.parse_args(argv).quick
    true_pos, false_neg, missed = _scores(DISGUISED)
    flagged_innocent = [text for text in INNOCENT if detect_abuse(text).flagged]
    false_pos = len(flagged_innocent)
    miss_hits, miss_false_neg, _ = _scores(KNOWN_MISSES)

    print("R9.4 default abuse detector")
    print(f"  disguised corpus: {len(DISGUISED)} texts, innocent corpus: {len(INNOCENT)} texts")
    print(f"  precision: {_ratio(true_pos, true_pos + false_pos)}  (false alarms: {false_pos})")
    print(f"  recall:    {_ratio(true_pos, true_pos + false_neg)}  (missed: {false_neg})")
    for text in missed:
        print(f"    missed: {text!r}")
    for text in flagged_innocent:
        print(f"    false alarm: {text!r}")
    all_pos = true_pos + miss_hits
    print(
        f"  recall with the {len(KNOWN_MISSES)} known misses counted: "
        f"{_ratio(all_pos, all_pos + false_neg + miss_false_neg)}"
    )

    _held_out_figures()

    print("  ordinary text outside the corpora:" + (" skipped (--quick)" if quick else ""))
    held_out: dict[str, list[str]] = {} if quick else _held_out_lines()
    for source, lines in held_out.items():
        flagged = [line for line in lines if line.strip() and detect_abuse(line).flagged]
        print(f"    {source}: {len(lines)} lines, {len(flagged)} flagged")
        for line in flagged[:3]:
            print(f"      false alarm: {line[:80]!r}")

    text = adversarial_text()
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        detect_abuse(text)
        timings.append(time.perf_counter() - started)
    print(
        f"  100 kB adversarial text ({len(text)} chars): median {statistics.median(timings):.3f} s,"
        f" worst {max(timings):.3f} s over {len(timings)} runs"
    )
    for label, size in (("20 kB", 20_000), ("200 kB", 200_000)):
        sample = adversarial_text(size, seed=1)
        started = time.perf_counter()
        detect_abuse(sample)
        print(f"  {label} adversarial text: {time.perf_counter() - started:.3f} s")
    _decide_worst_cases(quick)


def _decide_worst_cases(quick: bool) -> None:
    """decide() on bodies of 1 MB built to be costly: what the text budget bounds."""
    rules = IntakeRules()
    client = Client("acme", ContractStatus.ACTIVE)
    received = datetime.fromisoformat("2026-11-23T10:00+02:00")
    size = 100_000 if quick else 1_000_000
    bodies = {
        "U+FDFA (NFKC expands it 18-fold)": "\ufdfa" * size,
        "adversarial text": adversarial_text(size),
        "Russian keyword phrases": ("Не формируется отчёт по складу, ошибка. " * size)[:size],
        "plain English": ("The report fails with error 500. " * size)[:size],
    }
    print(f"  decide() on a {size:,}-character body (text_limit {rules.text_limit:,}):")
    for label, body in bodies.items():
        request = Request("R-1", "acme", received, body=body)
        timings = []
        for _ in range(3 if quick else 5):
            started = time.perf_counter()
            decision = decide(request, client, (), rules)
            timings.append(time.perf_counter() - started)
        print(
            f"    {label}: median {statistics.median(timings):.3f} s, "
            f"judged the first {decision.judged_prefix or len(body):,} characters"
        )


if __name__ == "__main__":
    main()
