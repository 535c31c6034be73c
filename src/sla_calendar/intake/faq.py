"""FAQ suggestions (R8): answers to frequent questions may be links to instructions.

A :class:`FaqIndex` maps keywords to instruction pages; intake suggests the pages whose
keywords a request mentions, most matches first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sla_calendar._checks import invalid_value, require_text, require_tuple, require_type
from sla_calendar.intake.text import KeywordIndex, tokens

__all__ = ["FaqEntry", "FaqIndex"]


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """An instruction page: its URL, title and the keywords that point to it."""

    url: str
    title: str
    keywords: tuple[str, ...]

    def __post_init__(self) -> None:
        require_text(self.url, "FaqEntry.url")
        require_text(self.title, "FaqEntry.title")
        for index, keyword in enumerate(require_tuple(self.keywords, str, "FaqEntry.keywords")):
            require_text(keyword, f"FaqEntry.keywords[{index}]")


@dataclass(frozen=True, slots=True)
class FaqIndex:
    """Instruction pages found by keyword (a keyword matches words that start with it).

    >>> faq = FaqIndex.of([FaqEntry("https://docs.example/pwd", "Reset a password",
    ...                             ("password", "пароль"))])
    >>> faq.suggest("Забыл пароль", "")
    ('https://docs.example/pwd',)
    """

    entries: tuple[FaqEntry, ...]
    _index: KeywordIndex = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        require_tuple(self.entries, FaqEntry, "FaqIndex.entries")
        index = KeywordIndex.build((k, e.url) for e in self.entries for k in e.keywords)
        object.__setattr__(self, "_index", index)

    @classmethod
    def of(cls, entries: Iterable[FaqEntry]) -> FaqIndex:
        """An index of ``entries``."""
        return cls(tuple(entries))

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str]) -> FaqIndex:
        """An index from ``{"keyword, other keyword": url}``.

        >>> FaqIndex.from_mapping({"invoice, рахунок": "https://docs.example/inv"}).suggest(
        ...     "Рахунок", "")
        ('https://docs.example/inv',)
        """
        return cls.of(
            FaqEntry(url, url, tuple(k.strip() for k in keys.split(",") if k.strip()))
            for keys, url in mapping.items()
        )

    def suggest(self, subject: str, body: str, limit: int = 3) -> tuple[str, ...]:
        """URLs whose keywords appear in the text, most matches first (ties: index order)."""
        text = f"{require_type(subject, str, 'subject')}\n{require_type(body, str, 'body')}"
        if require_type(limit, int, "limit", "an int") < 0:
            raise invalid_value("limit", limit, "an int >= 0")
        hits: dict[str, int] = {}
        for _, url in self._index.find(tokens(text)):
            hits[url] = hits.get(url, 0) + 1
        order: dict[str, int] = {}
        for i, entry in enumerate(self.entries):
            order.setdefault(entry.url, i)
        ranked = sorted(hits, key=lambda url: (-hits[url], order[url]))
        return tuple(ranked[:limit])
