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

__all__ = ["KeywordIndex", "message_fingerprint", "normalize_text", "tokens"]

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


def tokens(text: str) -> list[str]:
    """The words of ``text`` after :func:`normalize_text` (letters, digits, underscore;
    an apostrophe inside a word keeps it whole)."""
    return _WORD_RE.findall(normalize_text(text))


def message_fingerprint(subject: str, body: str) -> str:
    """A stable fingerprint of a message for duplicate detection (R9.5).

    Reply and forward prefixes are dropped from the subject, case and white space are
    normalised, so the same message sent again or to several addresses matches.

    >>> message_fingerprint("Re: Error 500", "The  page fails.") == message_fingerprint(
    ...     "error 500", "the page fails."
    ... )
    True
    """
    require_type(subject, str, "subject")
    require_type(body, str, "body")
    subject_text = _REPLY_PREFIX_RE.sub("", normalize_text(subject))
    canonical = f"{subject_text}\n{normalize_text(body)}"
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class _Entry:
    words: tuple[str, ...]  # a phrase; each word matches a token that starts with it
    whole: tuple[bool, ...]  # ... or, where true, a token equal to it
    label: str


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


@dataclass(frozen=True, slots=True)
class KeywordIndex:
    """Keyword stems and phrases, each with a label, found in text in linear time.

    A keyword is one or more words; each word matches a token that starts with it
    (so ``"install"`` matches "installing"), or only the token itself when written with
    a trailing ``$`` (``"down$"`` matches "down", not "download"); a phrase matches
    consecutive tokens. Keywords are normalised as the text is (:func:`normalize_text`).
    """

    entries: tuple[_Entry, ...]
    _by_prefix: Mapping[str, tuple[_Entry, ...]] = field(repr=False, compare=False, hash=False)

    @classmethod
    def build(cls, keywords: Iterable[tuple[str, str]]) -> KeywordIndex:
        """Index ``(keyword, label)`` pairs."""
        entries: list[_Entry] = []
        for keyword, label in keywords:
            entry = _Entry(*_phrase(keyword), label)
            if entry.words and entry not in entries:
                entries.append(entry)
        by_prefix: dict[str, list[_Entry]] = {}
        for entry in entries:
            by_prefix.setdefault(entry.words[0][:_PREFIX_LENGTH], []).append(entry)
        return cls(tuple(entries), MappingProxyType({k: tuple(v) for k, v in by_prefix.items()}))

    def find(self, words: list[str]) -> list[tuple[str, str]]:
        """Every ``(matched text, label)`` in the token list ``words``, in text order."""
        found: list[tuple[str, str]] = []
        count = len(words)
        for index, word in enumerate(words):
            for entry in self._by_prefix.get(word[:_PREFIX_LENGTH], ()):
                phrase = entry.words
                end = index + len(phrase)
                if end <= count and all(
                    words[index + k] == part
                    if entry.whole[k]
                    else words[index + k].startswith(part)
                    for k, part in enumerate(phrase)
                ):
                    found.append((" ".join(words[index:end]), entry.label))
        return found
