"""What a request's text suggests to intake, with the words that say so (R2, R17).

Suggestions never refuse by themselves; :mod:`sla_calendar.intake.rules` turns them
into reasons that inform:

* **R2, out of turn**: the text reads as "the system or a module is down, restore it":
  a word for the system or a module (system, CRM, module, система, модуль…) within
  three words of a sign it is down (is down, does not work, не работает, лежить,
  недоступна…), a phrase saying nobody can log in or work, or a request to restore
  working order ("восстановить работоспособность", "відновити роботу", "restore the
  system");
* **R17, several problems**: numbered items (``1)`` … ``2)``), two or more bulleted
  lines, or words that add a problem ("also", "кроме того", "по-друге", "and
  separately"…).

Every reading is in time linear in the text, over the words of
:func:`~sla_calendar.intake.text.split_words`, and shows them as the normalised text
writes them.
"""

from __future__ import annotations

import re
from typing import Final

from sla_calendar.intake.text import KeywordIndex, as_written

__all__ = ["several_problems_words", "system_down_words"]

_SYSTEM: Final = "system"
_DOWN: Final = "down"
_ALONE: Final = "alone"
_NEAR: Final = 3  # words between a system word and its down sign, at most

_R2_INDEX: Final = KeywordIndex.build(
    [
        *(
            (word, _SYSTEM)
            for word in (
                "system",
                "crm$",
                "module",
                "platform",
                "portal",
                "everything",
                "систем",
                "модул",
                "платформ",
                "портал",
                "все$",
                "усе$",
            )
        ),
        *(
            (word, _DOWN)
            for word in (
                "down$",
                "not work",
                "doesn't work",
                "does not work",
                "isn't working",
                "stopped working",
                "unavailable",
                "offline$",
                "crashed$",
                "not respond",
                "не работа",
                "лежит$",
                "лежат$",
                "упал$",
                "упала$",
                "упало$",
                "недоступ",
                "не отвеча",
                "перестал",
                "не працю",
                "лежить$",
                "лежать$",
                "впав$",
                "впала$",
                "впало$",
                "недоступн",
                "не відповіда",
                "перестав",
            )
        ),
        *(
            (phrase, _ALONE)
            for phrase in (
                "nobody can log",
                "no one can log",
                "nobody can work",
                "no one can work",
                "nobody can access",
                "no one can access",
                "restore the system",
                "restore the crm",
                "restore the module",
                "restore service",
                "working order",
                "outage",
                "никто не может",
                "восстанов работоспособност",
                "восстанов работу",
                "ніхто не може",
                "віднов роботу",
                "віднов працездатн",
            )
        ),
    ]
)

_R17_INDEX: Final = KeywordIndex.build(
    (phrase, "more")
    for phrase in (
        "also$",
        "and separately",
        "separately$",
        "in addition",
        "another problem",
        "another issue",
        "second problem",
        "second issue",
        "кроме того",
        "также$",
        "во вторых",
        "отдельно$",
        "еще одна проблема",
        "еще проблема",
        "другая проблема",
        "вторая проблема",
        "крім того",
        "також$",
        "по друге",
        "окремо$",
        "ще одна проблема",
        "інша проблема",
        "друга проблема",
    )
)
# "1)" or "1." opening an item: at a line start or after white space, before white space.
_NUMBERED_RE: Final = re.compile(r"(?:^|(?<=\s))([1-9])[.)](?=\s)", re.MULTILINE)
_BULLET_RE: Final = re.compile(r"^[ \t]*([-*•–—])[ \t]+\S", re.MULTILINE)


def system_down_words(normalized: str, words: list[str]) -> tuple[str, ...]:
    """The words that read as "the system or a module is down, restore it" (R2), or ().

    ``normalized`` is the text after :func:`~sla_calendar.intake.text.normalize_text`,
    ``words`` its :func:`~sla_calendar.intake.text.split_words`.

    >>> from sla_calendar.intake.text import normalize_text, split_words
    >>> text = normalize_text("The whole CRM is down, nobody can log in.")
    >>> system_down_words(text, split_words(text))
    ('crm is down', 'nobody can log')
    >>> text = normalize_text("The report shows an error")
    >>> system_down_words(text, split_words(text))
    ()
    """
    alone: list[tuple[int, int]] = []
    systems: list[int] = []
    downs: list[tuple[int, int]] = []
    for start, end, label in _R2_INDEX.spans(words):
        if label == _ALONE:
            alone.append((start, end))
        elif label == _SYSTEM:
            systems.append(start)
        else:
            downs.append((start, end))
    paired = [span for down in downs if (span := _with_system(down, systems)) is not None]
    return _shown(normalized, words, alone + paired)


def _with_system(down: tuple[int, int], systems: list[int]) -> tuple[int, int] | None:
    """The span from the system word nearest a down sign to the sign, if within reach."""
    start, end = down
    gaps = [
        (start - at - 1, at) if at < start else (at - end, at)
        for at in systems
        if not start <= at < end
    ]
    near = [(gap, at) for gap, at in gaps if gap <= _NEAR]
    if not near:
        return None
    _, at = min(near)  # the nearest; on a tie the one before
    return min(at, start), max(at + 1, end)


def _shown(normalized: str, words: list[str], spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """The spans in text order as written, each once; a span inside another is dropped."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not any(s <= start and end <= e for s, e in kept):
            kept.append((start, end))
    return tuple(dict.fromkeys(as_written(normalized, words, kept)))


def several_problems_words(text: str, normalized: str, words: list[str]) -> tuple[str, ...]:
    """The markers and words that read as several problems in one request (R17), or ().

    ``text`` is the text as written (for item markers at line starts), ``normalized``
    the same after :func:`~sla_calendar.intake.text.normalize_text` and ``words`` its
    :func:`~sla_calendar.intake.text.split_words`.

    >>> from sla_calendar.intake.text import normalize_text, split_words
    >>> text = "1) Не формируется отчёт. 2) Кроме того, не приходят письма."
    >>> normalized = normalize_text(text)
    >>> several_problems_words(text, normalized, split_words(normalized))
    ('1)', '2)', 'кроме того')
    """
    found: list[str] = []
    numbers = {match.group(1): match.group() for match in _NUMBERED_RE.finditer(text)}
    if "1" in numbers and "2" in numbers:
        found.extend(numbers[number] for number in sorted(numbers))
    bullets = [match.group(1) for match in _BULLET_RE.finditer(text)]
    if len(bullets) >= 2:
        found.extend(bullets)
    spans = [(start, end) for start, end, _ in _R17_INDEX.spans(words)]
    return tuple(dict.fromkeys([*found, *_shown(normalized, words, spans)]))
