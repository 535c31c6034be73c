"""Plain-text helpers for intake: normalising, fingerprinting and keyword matching.

All of it runs in time linear in the text, on any ``str``: regular expressions here
have no nested repetition, and keyword lookup is indexed by a token's first letters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from sla_calendar._checks import require_type

__all__ = [
    "FINGERPRINT_CHARS",
    "MIN_CONTENT_WORDS",
    "KeywordIndex",
    "as_written",
    "budget_prefix",
    "content_words",
    "fingerprint_of",
    "fits_whole",
    "message_fingerprint",
    "normalize_text",
    "split_words",
    "tokens",
]

_WORD_RE: Final = re.compile(r"\w+(?:'\w+)*")  # an apostrophe inside a word keeps it whole
_REPLY_PREFIX_RE: Final = re.compile(r"^(?:(?:re|fw|fwd|ответ|отв|відп)\s*:\s*)+", re.IGNORECASE)
_PREFIX_LENGTH: Final = 2

# Letters written the same in Latin and Cyrillic (as lower case, after case folding).
_LATIN_TWINS: Final = "abcehijkmopstxy"
_CYRILLIC_TWINS: Final = "авсеніјкморѕтху"
_TO_CYRILLIC: Final = str.maketrans(_LATIN_TWINS, _CYRILLIC_TWINS)
_TO_LATIN: Final = str.maketrans(_CYRILLIC_TWINS, _LATIN_TWINS)
_LATIN_ONLY_RE: Final = re.compile(
    "[" + "".join(sorted(set("abcdefghijklmnopqrstuvwxyz") - set(_LATIN_TWINS))) + "]"
)
_CYRILLIC_ONLY_RE: Final = re.compile(
    "["
    + "".join(
        letter
        for letter in map(chr, range(0x0430, 0x0500))
        if letter.isalpha() and letter.casefold() == letter and letter not in _CYRILLIC_TWINS
    )
    + "]"
)
_LATIN_RE: Final = re.compile("[a-z]")
_CYRILLIC_RE: Final = re.compile("[\u0400-\u04ff]")
_SPELLING: Final = str.maketrans(
    {
        "ё": "е",  # Russian ё is usually written е
        "ґ": "г",  # Ukrainian ґ is often typed г
        "\u02bc": "'",  # modifier letter apostrophe (the Ukrainian standard)
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",  # left single quotation mark
        "`": "'",
        "\u2032": "'",  # prime
    }
)

_SPELLING_RE: Final = re.compile("[" + "".join(map(chr, _SPELLING)) + "]")
# A Latin letter next to a Cyrillic one: only then may a word mix the scripts.
_SCRIPTS_MEET_RE: Final = re.compile("[a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z]")


def _one_script(match: re.Match[str]) -> str:
    """A word mixing Latin and Cyrillic letters, written in the script it is in.

    Look-alike letters (``a``/``а``, ``i``/``і``…) of the other script are replaced
    when every letter of that script in the word is a look-alike and the word has a
    letter only its own script has: ``звiт`` (Latin i) is ``звіт``, ``rеport``
    (Cyrillic е) is ``report``. A word of look-alikes only takes the script most of its
    letters are in (on a tie, its first letter's); a word mixing letters only each
    script has stays as it is.
    """
    word = match.group()
    if word.isascii() or not (_LATIN_RE.search(word) and _CYRILLIC_RE.search(word)):
        return word
    latin_only = _LATIN_ONLY_RE.search(word) is not None
    cyrillic_only = _CYRILLIC_ONLY_RE.search(word) is not None
    if latin_only and cyrillic_only:
        return word
    if not (latin_only or cyrillic_only):  # only look-alikes: the script most letters are in
        latin = len(_LATIN_RE.findall(word))
        cyrillic = len(_CYRILLIC_RE.findall(word))
        cyrillic_only = cyrillic > latin or (
            cyrillic == latin and _CYRILLIC_RE.match(word) is not None
        )
    return word.translate(_TO_CYRILLIC if cyrillic_only else _TO_LATIN)


def normalize_text(text: str) -> str:
    """Text as intake compares it: one spelling of what a reader takes for the same.

    Unicode compatibility forms folded (NFKC), case folded, ``ё`` read as ``е`` and
    ``ґ`` as ``г``, every apostrophe (``ʼ`` ``’`` ``‘`` `````) as ``'``, look-alike
    Latin and Cyrillic letters inside a word written in the word's script, and runs of
    white space made one space. The classifier, the FAQ index and duplicate
    fingerprints all compare text through it.

    >>> normalize_text("  Звiт   за\tЛЬОН  Пам’ять ОТЧЁТ ")
    "звіт за льон пам'ять отчет"
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    if folded.isascii():
        if "`" in folded:
            folded = folded.replace("`", "'")
    else:
        if _SPELLING_RE.search(folded):
            folded = folded.translate(_SPELLING)
        if _LATIN_RE.search(folded) and _SCRIPTS_MEET_RE.search(folded):
            folded = _WORD_RE.sub(_one_script, folded)  # some word mixes the scripts
    return " ".join(folded.split())  # str.split() and re's \s agree on white space


def split_words(normalized: str) -> list[str]:
    """The words of already normalised text (letters, digits, underscore; an apostrophe
    inside a word keeps it whole)."""
    return _WORD_RE.findall(normalized)


def tokens(text: str) -> list[str]:
    """The words of ``text`` after :func:`normalize_text` (see :func:`split_words`)."""
    return _WORD_RE.findall(normalize_text(text))


def as_written(normalized: str, words: list[str], spans: list[tuple[int, int]]) -> list[str]:
    """Each ``(start, end)`` span of ``words`` as the normalised text writes it.

    ``words`` are :func:`split_words` of ``normalized``; a span shows the punctuation
    between its words (``по-друге``, not ``по друге``).

    >>> text = normalize_text("Отчёт: по-друге, не работает")
    >>> as_written(text, split_words(text), [(1, 3), (3, 5)])
    ['по-друге', 'не работает']
    """
    if not spans:
        return []
    starts: list[int] = []
    at = 0
    for word in words[: max(end for _, end in spans)]:
        at = normalized.find(word, at)  # no word character lies between two words
        starts.append(at)
        at += len(word)
    return [
        normalized[starts[start] : starts[end - 1] + len(words[end - 1])] for start, end in spans
    ]


_CHUNK: Final = 1_024
FINGERPRINT_CHARS: Final = 100_000
"""How much of a subject or body a fingerprint normalises; the rest must match exactly."""

MIN_CONTENT_WORDS: Final = 3
"""Fewer words than this (reply prefixes aside) is near-empty text: never a duplicate (R9.5)."""


def budget_prefix(text: str, limit: int) -> str:
    """The longest prefix of ``text`` of at most ``limit`` characters that stays within
    ``limit`` characters once Unicode compatibility forms are expanded (NFKC).

    What intake may spend on a text is bounded by ``limit``, however the text is made:
    a character such as U+FDFA expands 18-fold, so 1,000 of them are cut to 55. The
    work is bounded too: the prefix is expanded a chunk at a time, and the chunk that
    overflows one character at a time.

    >>> len(budget_prefix("\ufdfa" * 1_000, 1_000)), len(budget_prefix("abc", 2))
    (55, 2)
    """
    head = text[:limit]
    if head.isascii() or unicodedata.is_normalized("NFKC", head):
        return head
    spent = 0
    for start in range(0, len(head), _CHUNK):
        chunk = head[start : start + _CHUNK]
        grown = len(unicodedata.normalize("NFKC", chunk))
        if spent + grown <= limit:
            spent += grown
            continue
        for index, char in enumerate(chunk):
            # NFKD of a character bounds what it adds to NFKC: composing only shortens.
            spent += len(unicodedata.normalize("NFKD", char))
            if spent > limit:
                return head[: start + index]
    return head


def content_words(normalized: str, words: list[str] | tuple[str, ...]) -> int:
    """How many of the ``words`` of normalised text are not reply or forward prefixes (R9.5).

    >>> text = normalize_text("Re: FWD: Hello there")
    >>> content_words(text, split_words(text))
    2
    """
    prefix = _REPLY_PREFIX_RE.match(normalized)
    return len(words) - (len(split_words(prefix.group())) if prefix else 0)


def message_fingerprint(subject: str, body: str) -> str:
    """A stable fingerprint of a message for duplicate detection (R9.5).

    Reply and forward prefixes are dropped from the subject and the text is normalised
    (:func:`normalize_text`), so the same message sent again or to several addresses
    matches. The cost is bounded: the first :data:`FINGERPRINT_CHARS` characters of the
    subject and of the body are normalised, and any rest is hashed as written.

    >>> message_fingerprint("Re: Error 500", "The  page fails.") == message_fingerprint(
    ...     "error 500", "the page fails."
    ... )
    True
    """
    subject_text = _bounded(require_type(subject, str, "subject"))
    return fingerprint_of(subject_text, _bounded(require_type(body, str, "body")))


def fingerprint_of(subject: str, body: str) -> str:
    """:func:`message_fingerprint` of a subject and body already normalised whole.

    Equal to it for fields of at most :data:`FINGERPRINT_CHARS` characters that Unicode
    compatibility forms do not expand (see :func:`fits_whole`).
    """
    canonical = f"{_REPLY_PREFIX_RE.sub('', subject)}\n{body}"
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def fits_whole(text: str) -> bool:
    """True when a fingerprint normalises all of ``text`` (nothing beyond the budget)."""
    return len(text) <= FINGERPRINT_CHARS and (
        text.isascii() or unicodedata.is_normalized("NFKC", text)
    )


def _bounded(text: str) -> str:
    head = budget_prefix(text, FINGERPRINT_CHARS)
    rest = text[len(head) :]
    return normalize_text(head) + (f"\x00{rest}" if rest else "")


@dataclass(frozen=True, slots=True)
class _Entry:
    words: tuple[str, ...]  # a phrase; each word matches a token that starts with it
    whole: tuple[bool, ...]  # ... or, where true, a token equal to it
    label: str

    def matches(self, words: list[str], index: int) -> bool:
        """True when the phrase matches ``words`` from ``index`` on."""
        if index + len(self.words) > len(words):
            return False
        for offset, part in enumerate(self.words):
            word = words[index + offset]
            if not (word == part if self.whole[offset] else word.startswith(part)):
                return False
        return True


def _phrase(keyword: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A keyword's words, each marked whole when written with a trailing ``$``."""
    words: list[str] = []
    whole: list[bool] = []
    for part in keyword.split():
        part_words = tokens(part.rstrip("$"))
        words.extend(part_words)
        whole.extend(
            part.endswith("$") and k == len(part_words) - 1 for k in range(len(part_words))
        )
    return tuple(words), tuple(whole)


def _key(entry: _Entry) -> tuple[str, str]:
    """Where an entry is filed: its first word's first letters, and its second word's."""
    second = entry.words[1][:_PREFIX_LENGTH] if len(entry.words) > 1 else ""
    return entry.words[0][:_PREFIX_LENGTH], second


def _order(item: tuple[int, _Entry]) -> int:
    return item[0]


@dataclass(frozen=True, slots=True)
class KeywordIndex:
    """Keyword stems and phrases, each with a label, found in text in linear time.

    A keyword is one or more words; each word matches a token that starts with it
    (so ``"install"`` matches "installing"), or only the token itself when written with
    a trailing ``$`` (``"down$"`` matches "down", not "download"); a phrase matches
    consecutive tokens. Keywords are normalised as the text is (:func:`normalize_text`).
    Entries are filed by the first letters of their first two words, so each token is
    checked against the few entries that can start there.
    """

    entries: tuple[_Entry, ...]
    _by_key: Mapping[tuple[str, str], tuple[tuple[int, _Entry], ...]] = field(
        repr=False, compare=False, hash=False
    )

    @classmethod
    def build(cls, keywords: Iterable[tuple[str, str]]) -> KeywordIndex:
        """Index ``(keyword, label)`` pairs."""
        entries: list[_Entry] = []
        for keyword, label in keywords:
            entry = _Entry(*_phrase(keyword), label)
            if entry.words and entry not in entries:
                entries.append(entry)
        by_key: dict[tuple[str, str], list[tuple[int, _Entry]]] = {}
        for order, entry in enumerate(entries):
            by_key.setdefault(_key(entry), []).append((order, entry))
        return cls(tuple(entries), MappingProxyType({k: tuple(v) for k, v in by_key.items()}))

    def spans(self, words: list[str]) -> list[tuple[int, int, str]]:
        """Every ``(start, end, label)`` of a keyword in the token list ``words``, in order.

        At one start, entries are tried in the order they were given.
        """
        found: list[tuple[int, int, str]] = []
        by_key = self._by_key
        last = len(words) - 1
        for index, word in enumerate(words):
            first = word[:_PREFIX_LENGTH]
            alone = by_key.get((first, ""), ())
            phrases = (
                by_key.get((first, words[index + 1][:_PREFIX_LENGTH]), ()) if index < last else ()
            )
            if not (alone or phrases):
                continue  # most words start no keyword
            hits = [item for item in (*alone, *phrases) if item[1].matches(words, index)]
            if len(hits) > 1:
                hits.sort(key=_order)
            found.extend((index, index + len(entry.words), entry.label) for _, entry in hits)
        return found

    def find(self, words: list[str], normalized: str | None = None) -> list[tuple[str, str]]:
        """Every ``(matched text, label)`` in the token list ``words``, in text order.

        The matched text is its words joined by a space, or, given the ``normalized``
        text they were split from, the text as written there (:func:`as_written`).
        """
        spans = self.spans(words)
        if normalized is None:
            shown = [" ".join(words[start:end]) for start, end, _ in spans]
        else:
            shown = as_written(normalized, words, [(start, end) for start, end, _ in spans])
        return [(text, label) for text, (_, _, label) in zip(shown, spans, strict=True)]
