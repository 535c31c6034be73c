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

from sla_calendar._checks import invalid_value, require_tuple, require_type
from sla_calendar.intake.text import KeywordIndex, tokens
from sla_calendar.policy.tiers import Category

__all__ = [
    "DEFAULT_CLASSIFIER",
    "Classification",
    "Evidence",
    "classify_request",
    "classify_text",
    "require_evidence",
    "require_words",
]

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


Evidence = tuple[tuple[Category, tuple[str, ...]], ...]
"""Which words pointed where: each category the text's words point to, with those words."""


@dataclass(frozen=True, slots=True)
class Classification:
    """A proposed category, the words that decided it, and every category words pointed to.

    ``matched_words`` are the words behind ``category`` (empty: nothing pointed to a
    category and the default applied); ``evidence`` lists each category the text's
    words pointed to, with its words, in the order the categories first appear.
    """

    category: Category
    matched_words: tuple[str, ...] = ()
    evidence: Evidence = ()

    def __post_init__(self) -> None:
        require_type(self.category, Category, "Classification.category")
        require_words(self.matched_words, "Classification.matched_words")
        require_evidence(self.evidence, "Classification.evidence")

    @property
    def explanation(self) -> str:
        """One sentence saying why, for the decision's reasons (a repeated word once, counted).

        >>> Classification(Category.THIRD_PARTY, ("hosting", "dns", "hosting")).explanation
        "classified as third_party by the words 'hosting' (2), 'dns'"
        """
        if not self.matched_words:
            return f"no category keywords found; {self.category.value} assumed"
        return f"classified as {self.category.value} by the words {_counted(self.matched_words)}"


def require_words(value: object, name: str) -> tuple[str, ...]:
    """Return ``value`` if it is a tuple of str, else raise naming the item at fault."""
    if type(value) is tuple and all(type(word) is str for word in value):
        return value  # the common case, checked cheaply
    return require_tuple(value, str, name)


def require_evidence(value: object, name: str) -> Evidence:
    """Return ``value`` if it is a tuple of ``(Category, tuple of str)`` pairs, else raise."""
    for index, pair in enumerate(require_tuple(value, tuple, name)):
        if len(pair) != 2 or type(pair[0]) is not Category:
            if len(pair) != 2:
                raise invalid_value(f"{name}[{index}]", pair, "a (Category, words) pair")
            require_type(pair[0], Category, f"{name}[{index}][0]")
        require_words(pair[1], f"{name}[{index}][1]")
    return value  # type: ignore[return-value]  # checked item by item above


def _counted(words: tuple[str, ...]) -> str:
    counts = Counter(words)  # keeps the order words first appear in
    return ", ".join(
        repr(word) + (f" ({count})" if count > 1 else "") for word, count in counts.items()
    )


def classify_text(text: str) -> Classification:
    """Propose a category for a request's text (subject and body joined), with its evidence.

    >>> classify_text("Hosting: our hosting provider changed the DNS").evidence
    ((<Category.THIRD_PARTY: 'third_party'>, ('hosting', 'hosting', 'dns')),)
    """
    found = _INDEX.find(tokens(require_type(text, str, "text")))
    if not found:
        return Classification(Category.PRODUCT_PROBLEM)
    by_label: dict[str, list[str]] = {}
    for word, label in found:
        by_label.setdefault(label, []).append(word)
    best = max(
        _TIE_LABELS, key=lambda label: (len(by_label.get(label, ())), -_TIE_LABELS.index(label))
    )
    evidence = tuple((Category(label), tuple(words)) for label, words in by_label.items())
    return Classification(Category(best), tuple(by_label[best]), evidence)


def classify_request(subject: str, body: str) -> Classification:
    """Propose a category for a request from its subject and body (see :func:`classify_text`).

    >>> classify_request("Помилка 500", "Не працює звіт").category
    <Category.PRODUCT_PROBLEM: 'product_problem'>
    >>> classify_request("Hosting", "Our hosting provider changed the DNS").matched_words
    ('hosting', 'hosting', 'dns')
    """
    return classify_text(
        f"{require_type(subject, str, 'subject')}\n{require_type(body, str, 'body')}"
    )


DEFAULT_CLASSIFIER: Final = classify_text
"""The classifier intake uses unless :class:`IntakeRules` names another: :func:`classify_text`."""
