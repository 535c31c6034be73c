"""A transparent keyword classifier proposing a request's category (ru, uk, en).

Used by intake when a request arrives without a category. It counts keyword stems per
category and says which words decided, so a person can check (and overrule) it. On a
tie, categories that are served win over those that refuse or redirect, so a doubtful
request is not turned away on a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from sla_calendar._checks import require_type
from sla_calendar.intake.text import KeywordIndex, tokens
from sla_calendar.policy.tiers import Category

__all__ = ["Classification", "classify_request"]

_KEYWORDS: Final[Mapping[Category, tuple[str, ...]]] = MappingProxyType(
    {
        Category.PRODUCT_PROBLEM: (
            "error",
            "bug",
            "crash",
            "broken",
            "not work",
            "doesn't work",
            "does not work",
            "fails",
            "failed",
            "exception",
            "freez",
            "hang",
            "ошибк",
            "ошибочн",
            "не работает",
            "сбой",
            "падает",
            "баг",
            "завис",
            "глюч",
            "помилк",
            "не працює",
            "збій",
            "падає",
            "зависа",
            "вилітає",
        ),
        Category.INSTALLATION: (
            "install",
            "setup",
            "set up",
            "configur",
            "deploy",
            "upgrade",
            "migrat",
            "установ",
            "настро",
            "конфигур",
            "инсталл",
            "развер",
            "обновлен",
            "встанов",
            "налашт",
            "конфігур",
            "розгорт",
            "оновлен",
            "інсталю",
        ),
        Category.FINANCIAL_ACCOUNTING: (
            "invoice",
            "ledger",
            "bookkeep",
            "vat",
            "tax",
            "financial account",
            "бухгалтер",
            "счет-фактур",
            "счёт-фактур",
            "налог",
            "ндс",
            "проводк",
            "финанс",
            "податк",
            "пдв",
            "фінанс",
            "рахунок-фактур",
            "бухоблік",
        ),
        Category.WAREHOUSE_ACCOUNTING: (
            "warehouse",
            "stock level",
            "inventory",
            "stocktak",
            "склад",
            "остатк",
            "инвентаризац",
            "складск",
            "залишк",
            "інвентаризац",
            "складськ",
        ),
        Category.MANAGEMENT_ACCOUNTING: (
            "management account",
            "budget",
            "cost center",
            "cost centre",
            "cost account",
            "управленческ",
            "бюджет",
            "себестоимост",
            "управлінськ",
            "собівартіст",
        ),
        Category.CONSULTING: (
            "consult",
            "advise us",
            "advice",
            "best practice",
            "how should we organi",
            "консультац",
            "посоветуйте",
            "проконсульт",
            "как лучше организ",
            "порадьте",
            "як краще організ",
        ),
        Category.THIRD_PARTY: (
            "hosting",
            "hoster",
            "domain name",
            "dns",
            "vps",
            "third-party",
            "third party",
            "another vendor",
            "internet provider",
            "хостинг",
            "хостер",
            "домен",
            "провайдер",
            "сторонн",
            "інтернет-провайдер",
        ),
    }
)

_TIE_ORDER: Final = (
    Category.PRODUCT_PROBLEM,
    Category.INSTALLATION,
    Category.FINANCIAL_ACCOUNTING,
    Category.WAREHOUSE_ACCOUNTING,
    Category.MANAGEMENT_ACCOUNTING,
    Category.THIRD_PARTY,
    Category.CONSULTING,
)

_TIE_LABELS: Final = tuple(category.value for category in _TIE_ORDER)

_INDEX: Final = KeywordIndex.build(
    (keyword, category.value) for category, words in _KEYWORDS.items() for keyword in words
)


@dataclass(frozen=True, slots=True)
class Classification:
    """A proposed category and the words that decided it (empty: the default applied)."""

    category: Category
    matched_words: tuple[str, ...]

    @property
    def explanation(self) -> str:
        """One sentence saying why, for the decision's reasons (a repeated word once, counted).

        >>> Classification(Category.THIRD_PARTY, ("hosting", "dns", "hosting")).explanation
        "classified as third_party by the words 'hosting' (2), 'dns'"
        """
        if not self.matched_words:
            return f"no category keywords found; {self.category.value} assumed"
        counts = Counter(self.matched_words)  # keeps the order words first appear in
        words = ", ".join(
            repr(word) + (f" ({count})" if count > 1 else "") for word, count in counts.items()
        )
        return f"classified as {self.category.value} by the words {words}"


def classify_request(subject: str, body: str) -> Classification:
    """Propose a category for a request from its subject and body.

    >>> classify_request("Помилка 500", "Не працює звіт").category
    <Category.PRODUCT_PROBLEM: 'product_problem'>
    >>> classify_request("Hosting", "Our hosting provider changed the DNS").matched_words
    ('hosting', 'hosting', 'dns')
    """
    text = f"{require_type(subject, str, 'subject')}\n{require_type(body, str, 'body')}"
    found = _INDEX.find(tokens(text))
    if not found:
        return Classification(Category.PRODUCT_PROBLEM, ())
    scores = dict.fromkeys(_TIE_LABELS, 0)  # keyed by value: str hashing is cheaper
    for _, label in found:
        scores[label] += 1
    best = max(_TIE_LABELS, key=lambda label: (scores[label], -_TIE_LABELS.index(label)))
    return Classification(Category(best), tuple(text for text, label in found if label == best))
