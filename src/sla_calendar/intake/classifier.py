"""A transparent keyword classifier proposing a request's category, with its evidence.

Used by intake when a request arrives without a category. It finds keyword stems and
phrases of each category in Russian, Ukrainian and English (through the one text
normalisation of :mod:`sla_calendar.intake.text`) and says which words pointed where,
so a person can check (and overrule) it.

Refusal only on evidence: the words of a malfunction (errors, "does not work", "is
down", "не сохраняется", "не працює", crashes, wrong results after an update...) make a
request a product problem (R10) whatever else it mentions, since a defect is served on
every tier. Without them, the category with most words wins, and on a tie categories
that are served win over those that refuse or redirect. Without any keyword a product
problem is assumed. Subject and body weigh the same: they are read as one text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from sla_calendar._checks import invalid_value, require_tuple, require_type
from sla_calendar.intake.text import KeywordIndex, normalize_text, split_words
from sla_calendar.policy.tiers import Category

__all__ = [
    "DEFAULT_CLASSIFIER",
    "MALFUNCTION_SIGNS",
    "Classification",
    "Evidence",
    "classify_request",
    "classify_text",
    "classify_words",
    "require_evidence",
    "require_words",
]

# Keywords: each word matches a token starting with it, or (with a trailing "$") only
# the token itself. Text and keywords are normalised alike (ё as е, apostrophes...).
MALFUNCTION_SIGNS: Final[tuple[str, ...]] = (
    # English
    "error",
    "bug",
    "bugs$",
    "crash",
    "broken",
    "malfunction",
    "glitch",
    "outage",
    "exception",
    "freez",
    "hangs$",
    "hung$",
    "fails$",
    "failed$",
    "failing$",
    "failure",
    "not work",
    "doesn't work",
    "does not work",
    "don't work",
    "do not work",
    "isn't working",
    "stopped working",
    "is down$",
    "are down$",
    "was down$",
    "went down$",
    "goes down$",
    "down since",
    "not saved$",
    "not saving$",
    "won't save$",
    "doesn't save$",
    "does not save$",
    "cannot save$",
    "can't save$",
    "not load",
    "doesn't load",
    "does not load",
    "won't load",
    "cannot open",
    "can't open",
    "won't open",
    "doesn't open",
    "does not open",
    "cannot log",
    "can't log",
    "unable to",
    "nobody can",
    "no one can",
    "not generated",
    "not delivered",
    "not sent",
    "not received",
    "not displayed",
    "not showing",
    "doesn't show",
    "does not show",
    "not respond",
    "unavailable",
    "timed out",
    "timeout",
    "wrong",
    "incorrect",
    "after the update",
    "since the update",
    "after updating",
    "stuck$",
    # Russian
    "ошибк",
    "ошибочн",
    "сбой",
    "сбои$",
    "сбоит",
    "баг",
    "глюк",
    "глюч",
    "завис",
    "вылета",
    "падает",
    "упал$",
    "упала$",
    "упало$",
    "упали$",
    "лежит$",
    "лежат$",
    "тормоз",
    "не работа",
    "перестал",
    "не сохран",
    "не открыва",
    "не откро",
    "не загруж",
    "не загруз",
    "не грузит",
    "не формир",
    "не сформир",
    "не приход",
    "не пришл",
    "не отправл",
    "не уход",
    "не отображ",
    "не показыва",
    "не запуска",
    "не провод",
    "не печата",
    "не синхрониз",
    "не обновля",
    "не счита",
    "не проход",
    "не отвеча",
    "не могу войти",
    "не могу зайти",
    "не удается",
    "не получается",
    "никто не может",
    "неверн",
    "неправильн",
    "некорректн",
    "недоступ",
    "не доступ",
    "после обновления",
    # Ukrainian
    "помилк",
    "збій",
    "збої",
    "глюч",
    "зависа",
    "вилітає",
    "вилета",
    "падає",
    "впав$",
    "впала$",
    "впало$",
    "впали$",
    "лежить$",
    "лежать$",
    "гальму",
    "не працю",
    "перестав",
    "перестал",
    "не зберіга",
    "не збереж",
    "не відкрива",
    "не відкри",
    "не завантаж",
    "не формує",
    "не сформ",
    "не приход",
    "не прийш",
    "не надход",
    "не надсила",
    "не відправл",
    "не відображ",
    "не показу",
    "не запуска",
    "не провод",
    "не друку",
    "не синхроніз",
    "не оновлю",
    "не рахує",
    "не проход",
    "не відповіда",
    "не можу увійти",
    "не можу зайти",
    "не вдається",
    "не виходить",
    "ніхто не може",
    "невірн",
    "неправильн",
    "некоректн",
    "недоступн",
    "не доступн",
    "після оновлення",
)
"""Words and phrases that show a malfunction (ru, uk, en): evidence of a product problem."""

_KEYWORDS: Final[Mapping[Category, tuple[str, ...]]] = MappingProxyType(
    {
        Category.PRODUCT_PROBLEM: MALFUNCTION_SIGNS,
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
            "vat$",
            "tax",
            "financial account",
            "бухгалтер",
            "счет-фактур",
            "налог",
            "ндс$",
            "проводк",
            "финанс",
            "податк",
            "пдв$",
            "фінанс",
            "рахунок-фактур",
            "бухоблік",
        ),
        Category.WAREHOUSE_ACCOUNTING: (
            "warehouse",
            "stock level",
            "stock balance",
            "inventory",
            "stocktak",
            "fifo$",
            "lifo$",
            "склад$",
            "склада$",
            "складе$",
            "складу$",
            "складом$",
            "складах$",
            "складов$",
            "склады$",
            "складі$",
            "складів$",
            "складск",
            "складськ",
            "остатк",
            "остаток$",
            "инвентаризац",
            "залишк",
            "залишок$",
            "інвентаризац",
        ),
        Category.MANAGEMENT_ACCOUNTING: (
            "management account",
            "budget",
            "cost center",
            "cost centre",
            "cost account",
            "costing",
            "управленческ",
            "бюджет",
            "себестоимост",
            "управлінськ",
            "собівартіст",
        ),
        Category.CONSULTING: (
            "consult",
            "advise us",
            "advice on",
            "best practice",
            "how should we organi",
            "консультац",
            "посоветуйте",
            "проконсульт",
            "как лучше организ",
            "как правильно организ",
            "порадьте",
            "як краще організ",
            "як правильно організ",
        ),
        Category.THIRD_PARTY: (
            "hosting",
            "hoster",
            "domain name",
            "dns$",
            "vps$",
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
_PRODUCT: Final = Category.PRODUCT_PROBLEM.value

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
        if type(self.category) is Category and self.matched_words == () == self.evidence:
            return  # a category given with a request: nothing more to check
        require_type(self.category, Category, "Classification.category")
        require_words(self.matched_words, "Classification.matched_words")
        require_evidence(self.evidence, "Classification.evidence")

    @property
    def explanation(self) -> str:
        """One sentence saying which words pointed where (a repeated word once, counted).

        >>> Classification(Category.THIRD_PARTY, ("hosting", "dns", "hosting")).explanation
        "classified as third_party by the words 'hosting' (2), 'dns'"
        >>> for part in classify_text("The warehouse module is down").explanation.split("; "):
        ...     print(part)
        classified as product_problem by the words 'is down'
        the words 'warehouse' pointed to warehouse_accounting
        a malfunction is served as a product problem (R10)
        """
        if self.matched_words:
            said = (
                f"classified as {self.category.value} by the words {_counted(self.matched_words)}"
            )
        else:
            said = f"no category keywords found; {self.category.value} assumed"
        others = [
            f"the words {_counted(words)} pointed to {category.value}"
            for category, words in self.evidence
            if category is not self.category and words
        ]
        if not others:
            return said
        if self.category is Category.PRODUCT_PROBLEM and self.matched_words:
            others.append("a malfunction is served as a product problem (R10)")
        return "; ".join((said, *others))


def require_words(value: object, name: str) -> tuple[str, ...]:
    """Return ``value`` if it is a tuple of str, else raise naming the item at fault."""
    if type(value) is tuple and all(type(word) is str for word in value):
        return value  # the common case, checked cheaply
    return require_tuple(value, str, name)


def require_evidence(value: object, name: str) -> Evidence:
    """Return ``value`` if it is a tuple of ``(Category, tuple of str)`` pairs, else raise."""
    if value == ():
        return ()
    for index, pair in enumerate(require_tuple(value, tuple, name)):
        if len(pair) != 2 or type(pair[0]) is not Category:
            if len(pair) != 2:
                raise invalid_value(f"{name}[{index}]", pair, "a (Category, words) pair")
            require_type(pair[0], Category, f"{name}[{index}][0]")
        require_words(pair[1], f"{name}[{index}][1]")
    return value  # type: ignore[return-value]  # checked item by item above


def _counted(words: tuple[str, ...]) -> str:
    counts: dict[str, int] = {}  # keeps the order words first appear in
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return ", ".join(
        repr(word) + (f" ({count})" if count > 1 else "") for word, count in counts.items()
    )


def classify_text(text: str) -> Classification:
    """Propose a category for a request's text (subject and body joined), with its evidence.

    >>> classify_text("Hosting: our hosting provider changed the DNS").evidence
    ((<Category.THIRD_PARTY: 'third_party'>, ('hosting', 'hosting', 'dns')),)
    >>> classify_text("Склад: остатки неверные после обновления").category
    <Category.PRODUCT_PROBLEM: 'product_problem'>
    """
    normalized = normalize_text(require_type(text, str, "text"))
    return classify_words(normalized, split_words(normalized))


def classify_words(normalized: str, words: list[str]) -> Classification:
    """:func:`classify_text` of text already normalised and split into ``words``."""
    found = _INDEX.find(words, normalized)
    if not found:
        return Classification(Category.PRODUCT_PROBLEM)
    by_label: dict[str, list[str]] = {}
    for word, label in found:
        by_label.setdefault(label, []).append(word)
    best = (
        _PRODUCT
        if _PRODUCT in by_label  # a malfunction: served whatever else the text mentions
        else max(by_label, key=lambda label: (len(by_label[label]), -_TIE_LABELS.index(label)))
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
