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

_WORD_RE: Final = re.compile(r"\w+")
_SPACE_RE: Final = re.compile(r"\s+")
_REPLY_PREFIX_RE: Final = re.compile(r"^(?:(?:re|fw|fwd|ответ|отв|відп)\s*:\s*)+", re.IGNORECASE)
_PREFIX_LENGTH: Final = 2


def normalize_text(text: str) -> str:
    """Unicode-normalised (NFKC), case-folded text with runs of white space made one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE_RE.sub(" ", folded).strip()


def tokens(text: str) -> list[str]:
    """The words of ``text`` after :func:`normalize_text` (letters, digits, underscore)."""
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
    label: str


@dataclass(frozen=True, slots=True)
class KeywordIndex:
    """Keyword stems and phrases, each with a label, found in text in linear time.

    A keyword is one or more words; each word matches a token that starts with it
    (so ``"install"`` matches "installing"), and a phrase matches consecutive tokens.
    """

    entries: tuple[_Entry, ...]
    _by_prefix: Mapping[str, tuple[_Entry, ...]] = field(repr=False, compare=False, hash=False)

    @classmethod
    def build(cls, keywords: Iterable[tuple[str, str]]) -> KeywordIndex:
        """Index ``(keyword, label)`` pairs."""
        entries: list[_Entry] = []
        for keyword, label in keywords:
            entry = _Entry(tuple(tokens(keyword)), label)
            if entry.words and entry not in entries:
                entries.append(entry)
        by_prefix: dict[str, list[_Entry]] = {}
        for entry in entries:
            by_prefix.setdefault(entry.words[0][:_PREFIX_LENGTH], []).append(entry)
        return cls(tuple(entries), MappingProxyType({k: tuple(v) for k, v in by_prefix.items()}))

    def find(self, words: list[str]) -> list[tuple[str, str]]:
        """Every ``(matched text, label)`` in the token list ``words``, in text order."""
        found: list[tuple[str, str]] = []
        for index, word in enumerate(words):
            for entry in self._by_prefix.get(word[:_PREFIX_LENGTH], ()):
                phrase = entry.words
                end = index + len(phrase)
                if end <= len(words) and all(
                    words[index + k].startswith(part) for k, part in enumerate(phrase)
                ):
                    found.append((" ".join(words[index:end]), entry.label))
        return found
