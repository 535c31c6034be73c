"""The default detector of obscene words and insults (R9.4), in Russian, Ukrainian and English.

:func:`detect_abuse` (also :data:`DEFAULT_ABUSE_DETECTOR`) returns an
:class:`AbuseVerdict`: whether the text is abusive and which lexicon words matched,
so an intake decision can say why. Intake accepts any other callable in its place.

How disguises are undone, every step in time linear in the text:

1. Unicode compatibility forms are folded (NFKC: fullwidth and mathematical letters),
   case is folded, accents and other combining marks and invisible characters
   (zero-width spaces, soft hyphens) are removed.
2. The text is read twice, once as Latin and once as Cyrillic: look-alike letters of
   the other script (and Greek and Armenian look-alikes in the Latin reading) and
   digits standing for letters (``0`` for o, ``3`` for e in Latin
   and for з in Cyrillic, ``6`` for б, ``$`` for s, ``@`` for a) become the letters they
   imitate. Ambiguous symbols (``1``, ``!``, ``|``) are matched by letter classes, and
   ``*`` may hide a vowel.
3. Runs of a repeated character are cut to two and every lexicon letter matches one or
   two of it (``fuuuck``); separators inside a word are dropped (``f.u.c.k``,
   ``х-у-й``), and runs of single letters separated by spaces are read as one word
   (``f u c k``).

Russian and Ukrainian abuse typed in Latin letters (``pizdec``, ``nahuy``, ``blyat``) is
in the lexicon as Latin entries, except spellings that are ordinary words or names in
a Latin-script language (``suka``, a bare ``hui``).

False alarms are avoided by anchoring: most entries must start a word, optionally after
one of a closed list of prefixes (``на``, ``за``, ``вы``… for Russian verbs), and some
must be the whole word (``ass`` but not ``class``, ``assistant`` or ``Scunthorpe``).
Only roots found in no ordinary word match anywhere inside a word. A short list of
innocent stems (``shitake``, ``Ебола``) vetoes a match, and a hexadecimal or digit-laden
token is never read as Cyrillic, so identifiers such as ``e6a1`` stay innocent.

The regular expressions have no unbounded or nested repetition where they match
words, so the work at each position of the text is bounded: 100 kB of adversarial
text is decided in about 0.05 s.
"""

from __future__ import annotations

import bisect
import enum
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from sla_calendar._checks import require_bool, require_tuple, require_type

__all__ = ["DEFAULT_ABUSE_DETECTOR", "AbuseMatch", "AbuseVerdict", "detect_abuse"]


class _Mode(enum.Enum):
    WORD = "word"  # the entry is the whole word (after an allowed prefix)
    STEM = "stem"  # the entry starts the word (after an allowed prefix)
    ANYWHERE = "anywhere"  # the entry may appear anywhere in a word


_W, _S, _A = _Mode.WORD, _Mode.STEM, _Mode.ANYWHERE

# Prefixes (by name) that may precede an entry; "" means the entry must start the word.
_PREFIXES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "": (),
        "ru_verb": (
            "недо",
            "пере",
            "подъ",
            "долбо",
            "довбо",
            "разъ",
            "раз",
            "рас",
            "роз",
            "при",
            "про",
            "объ",
            "отъ",
            "ото",
            "от",
            "вы",
            "ви",
            "за",
            "на",
            "до",
            "по",
            "съ",
            "въ",
            "вз",
            "ни",
            "не",
            "у",
            "о",
            "з",
        ),
        "ru_noun": ("на", "по", "ни", "от", "за", "до", "вы", "рас", "раз", "при", "о"),
        "en_shit": ("bull", "horse", "dip", "dog", "chicken", "bat", "ape", "holy"),
        "en_ass": ("dumb", "jack", "smart", "fat", "lard", "kiss", "dip"),
    }
)

# (word shown in verdicts, language, mode, prefixes, pattern). Patterns are lower-case
# letters of the language's script; "(a|b)" groups and "?" mark alternatives and
# optional parts; a doubled letter must appear at least twice ("ass").
_LEXICON: Final[tuple[tuple[str, str, _Mode, str, str], ...]] = (
    # English: obscene words.
    ("fuck", "en", _A, "", "fuck"),
    ("fuck", "en", _S, "", "fck"),
    ("fuck", "en", _W, "", "fuk(s|ed|er|ers|ing|in)?"),
    ("shit", "en", _S, "en_shit", "shit"),
    ("cunt", "en", _S, "", "cunt"),
    ("twat", "en", _S, "", "twat"),
    ("bitch", "en", _S, "", "bitch"),
    ("bastard", "en", _S, "", "bastard"),
    ("asshole", "en", _S, "", "asshol"),
    ("asshole", "en", _S, "", "arsehol"),
    ("ass", "en", _W, "en_ass", "ass(hat|hats|wipe|wipes|face|head|clown)?"),
    ("arse", "en", _W, "", "arse(s)?"),
    ("dickhead", "en", _S, "", "dickhead"),
    ("cocksucker", "en", _S, "", "cocksuck"),
    ("whore", "en", _S, "", "whore"),
    ("slut", "en", _S, "", "slut"),
    ("wanker", "en", _S, "", "wank"),
    ("bollocks", "en", _S, "", "bollock"),
    ("piss", "en", _W, "", "piss(ed|es|ing|off)?"),
    ("fuck", "en", _S, "", "phuck"),
    ("fuck", "en", _W, "", "phuk(s|ed|er|ers|ing|in)?"),
    ("fuck", "en", _W, "", "f**k(s|ed|er|ers|ing|in)?"),
    ("stfu", "en", _W, "", "stfu"),
    ("gtfo", "en", _W, "", "gtfo"),
    ("nigger", "en", _S, "", "nigger"),
    ("nigga", "en", _W, "", "nigga(s|z)?"),
    ("faggot", "en", _S, "", "faggot"),
    # English: insults.
    ("idiot", "en", _S, "", "idiot"),
    ("moron", "en", _S, "", "moron"),
    ("imbecile", "en", _S, "", "imbecil"),
    ("cretin", "en", _S, "", "cretin"),
    ("retard", "en", _W, "", "retard(s|ed)?"),
    ("scumbag", "en", _S, "", "scumbag"),
    ("douchebag", "en", _S, "", "douchebag"),
    ("stupid", "en", _W, "", "stupid"),
    ("clown", "en", _W, "", "clowns"),  # the singular is a costume or a fish as often
    ("dimwit", "en", _S, "", "dimwit"),
    ("halfwit", "en", _S, "", "halfwit"),
    ("nitwit", "en", _S, "", "nitwit"),
    ("braindead", "en", _S, "", "braindead"),
    ("loser", "en", _W, "", "loser(s)?"),
    # Russian and Ukrainian abuse transliterated into Latin letters. Only spellings that
    # are no ordinary word or name in a Latin-script language: not "suka" (Indonesian
    # and Malay for "like") nor a bare "hui"/"huy" (a name).
    ("пизда", "en", _S, "", "pizd"),
    ("хуй", "en", _W, "", "(na|po|ni)k?hu(i|y|j|ya|yu)"),
    ("хуй", "en", _W, "", "khu(i|y|j)"),
    ("хуй", "en", _W, "", "hu(i|y)lo"),
    ("блядь", "en", _S, "", "bl(y|j)a(t|d)"),
    ("ебать", "en", _W, "", "(y|j)?eb(at|al|ali|alo|ut)"),
    ("ебать", "en", _S, "", "(za|vy|po|ras|raz)(y|j)?eb(a|u|n)"),
    ("мудак", "en", _S, "", "muda(k|ch)"),
    ("мудак", "en", _S, "", "mudil"),
    ("пидор", "en", _S, "", "pid(o|a)r"),
    # Russian (and the same words in Ukrainian speech): obscene words.
    ("хуй", "ru", _S, "ru_noun", "ху(й|я|е|ю|ё)"),
    ("хер", "ru", _W, "ru_noun", "хер(а|у|ом)?"),
    ("хер", "ru", _S, "ru_noun", "хер(н|ов|ач)"),
    ("пизда", "ru", _A, "", "пизд"),
    ("блядь", "ru", _W, "", "бля"),
    ("блядь", "ru", _S, "ru_verb", "бля(д|т)"),
    ("ебать", "ru", _S, "ru_verb", "еб"),
    ("сука", "ru", _W, "", "сук(а|и|у|е|ой|ою|ам|ами|ах)"),
    ("сука", "ru", _W, "", "сучк(а|и|у|е|ой|ою)"),
    ("сука", "ru", _S, "", "сучар"),
    ("сука", "ru", _S, "", "сукин"),
    ("пидор", "ru", _S, "", "пид(о|а)?р"),
    ("мудак", "ru", _S, "", "муда(к|ч)"),
    ("мудак", "ru", _S, "", "мудил"),
    ("мудак", "ru", _S, "", "мудозвон"),
    ("гондон", "ru", _S, "", "г(а|о)ндон"),
    ("залупа", "ru", _S, "", "залуп"),
    ("жопа", "ru", _S, "", "жоп"),
    ("говно", "ru", _S, "", "говн"),
    ("срать", "ru", _S, "ru_noun", "сран"),
    ("дрочить", "ru", _S, "ru_noun", "дроч"),
    ("шлюха", "ru", _S, "", "шлюх"),
    ("курва", "ru", _W, "", "курв(а|ы|и|у|е|ой|о)"),
    # Russian: insults.
    ("идиот", "ru", _S, "", "идиот"),
    ("дебил", "ru", _S, "", "дебил"),
    ("кретин", "ru", _S, "", "кретин"),
    ("имбецил", "ru", _S, "", "имбецил"),
    ("дегенерат", "ru", _S, "", "дегенерат"),
    ("придурок", "ru", _S, "", "придур"),
    ("урод", "ru", _W, "", "урод(ы|а|у|ом|ов|ам|ами|ина|ины|ину|иной)?"),
    ("мразь", "ru", _S, "", "мраз"),
    ("ублюдок", "ru", _S, "", "ублюд"),
    ("сволочь", "ru", _S, "", "сволоч"),
    ("быдло", "ru", _S, "", "быдл"),
    ("чмо", "ru", _W, "", "чмо"),
    ("чмо", "ru", _S, "", "чмош"),
    ("подонок", "ru", _S, "", "подон(о|к)к?"),
    ("выродок", "ru", _S, "", "вырод(о|к)к?"),
    ("тварь", "ru", _W, "", "твар(ь|и)"),
    ("гнида", "ru", _W, "", "гнид(а|ы|у|ой|е)"),
    ("скотина", "ru", _W, "", "скотин(а|ы|у|ой|е)"),
    ("падла", "ru", _S, "", "падл"),
    ("дурак", "ru", _S, "", "дура(к|ч)"),
    # Plural and derived forms only: "тупой угол", "тупик", "костюм клоуна" are innocent.
    ("тупой", "ru", _W, "", "туп(ые|ых|ым|ыми|ица|ицы|ицу|ицей|иц|ицам|ицами)"),
    ("тупой", "ru", _S, "", "тупорыл"),
    ("тупой", "ru", _S, "", "тупоголов"),
    ("бездарь", "ru", _S, "", "бездар"),
    ("клоун", "ru", _W, "", "клоун(ы|ов|ам|ами|ах)"),
    ("недоумок", "ru", _S, "", "недоумк"),
    ("недоумок", "ru", _W, "", "недоумок"),
    ("лох", "ru", _W, "", "лох(и|ов|ам|ами)?"),
    ("даун", "ru", _W, "", "даун(ы|ов|ам|ами)"),
    ("олух", "ru", _S, "", "олух"),
    ("болван", "ru", _W, "", "болван(ы|ов|ам|ами|а|у|ом)?"),
    ("балбес", "ru", _S, "", "балбес"),
    ("остолоп", "ru", _S, "", "остолоп"),
    ("бестолочь", "ru", _S, "", "бестолоч"),
    ("неуч", "ru", _W, "", "неуч(и|ей|ам|ами)?"),
    ("ничтожество", "ru", _S, "", "ничтожеств"),
    # Ukrainian: obscene words and insults spelt the Ukrainian way.
    ("їбати", "uk", _S, "ru_verb", "їба(т|л|н|в)"),
    ("йобаний", "uk", _S, "ru_verb", "йоб"),
    ("гівно", "uk", _S, "", "гівн"),
    ("срака", "uk", _S, "", "срак"),
    ("підор", "uk", _S, "", "підо?р"),
    ("підор", "uk", _S, "", "підар"),
    ("ідіот", "uk", _S, "", "ідіот"),
    ("дебіл", "uk", _S, "", "дебіл"),
    ("виродок", "uk", _S, "", "вирод(о|к)к?"),
    ("покидьок", "uk", _S, "", "покидь(о|к)"),
    ("наволоч", "uk", _W, "", "наволоч"),
    ("сволота", "uk", _S, "", "сволот"),
    ("бовдур", "uk", _S, "", "бовдур"),
    ("йолоп", "uk", _S, "", "йолоп"),
    ("шльондра", "uk", _S, "", "шльондр"),
    ("дурень", "uk", _W, "", "дурень"),
    ("дурень", "uk", _W, "", "дурн(і|ів)"),
    ("тупий", "uk", _W, "", "туп(і|их|ими|ак|аки|аків)"),
    ("тупий", "uk", _S, "", "тупорил"),
    ("клоун", "uk", _W, "", "клоун(и|ів)"),
    ("нікчема", "uk", _S, "", "нікчем"),
    ("бевзь", "uk", _W, "", "бевз(ь|і|ів)"),
)

# Ordinary words that start like a lexicon entry (as read in that script): a match at
# the start of a word beginning with one of these is not abuse.
_INNOCENT_STEMS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "latin": ("shitak", "shiitak", "shitsu", "shitzu", "slutsk", "wankel", "pissarr"),
        "cyrillic": ("ебол", "ебон", "ебро"),
    }
)

# Invisible characters that may be slipped inside a word, removed before reading.
_INVISIBLE_RE: Final = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
# Combining marks (after NFD): accents, strokes and overlays used to disguise letters.
_MARKS_RE: Final = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)

_TO_LATIN: Final[Mapping[int, str]] = MappingProxyType(
    str.maketrans(
        {
            **dict(zip("авеикмнопрстухьѕіјһԁԛԝүгъ", "abeukmhonpctyxbsijhdqwyrb", strict=True)),
            # Greek and Armenian letters that look Latin.
            **dict(zip("οαεικνρτυχսօհ", "oaeikvptuxuoh", strict=True)),
            **dict(zip("034578@$", "oeastbas", strict=True)),
            "9": "g",
        }
    )
)
_TO_CYRILLIC: Final[Mapping[int, str]] = MappingProxyType(
    str.maketrans(
        {
            **dict(zip("acehkmnoprtuxy", "асенкмпоргтиху", strict=True)),
            **dict(zip("036@", "озба", strict=True)),
            **dict(zip("ъєґ", "ьег", strict=True)),
        }
    )
)
# Symbols a letter of the lexicon also matches, after the reading's table.
_LATIN_CLASSES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "i": "i1!|",
        "l": "l1|",
        "u": "uv",
    }
)
_CYRILLIC_CLASSES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "б": "б6",
        "в": "вb8",
        "ь": "ьb",
        "ч": "ч4",
        "я": "я9",
        "і": "іi1!|",
        "и": "иi",
    }
)
_VOWELS: Final = frozenset("aeiouyаеиоуыэюяі")
_SCRIPTS: Final = (
    ("latin", _TO_LATIN, _LATIN_CLASSES, frozenset({"en"})),
    ("cyrillic", _TO_CYRILLIC, _CYRILLIC_CLASSES, frozenset({"ru", "uk"})),
)

# A letter of a word: a letter or digit (not "_"), or one of the symbols standing for
# letters. "!", "|" and "*" end a word when they close it ("ass!"), so they are not
# word boundaries on the left or right.
_START: Final = r"(?<![^\W_])(?<![@$])(?![*!|])"  # a word never starts with a wildcard
_END: Final = r"(?![^\W_])(?![@$])"
_SYMBOL: Final = r"(?:[^\W_]|[@$!|*])"
_LETTER: Final = r"(?:[^\W_]|[@$])"  # what may stand alone as a spaced-out letter
_SEPARATORS_IN_WORD_RE: Final = re.compile(rf"(?<={_SYMBOL})(?:[^\w\s@$!|*]|_)+(?={_SYMBOL})")
_SPACED_LETTERS_RE: Final = re.compile(
    rf"(?<!\S){_LETTER}[^\w\s@$]*+(?:\s++{_LETTER}[^\w\s@$]*+(?!\S)){{2,}}"
)
_NOT_SYMBOL_RE: Final = re.compile(r"(?:[^\w@$!|*]|_)+")
_HEX_OR_DIGITS_RE: Final = re.compile(r"(?=.*\d)[0-9a-f]+")
_CYRILLIC_LETTER_RE: Final = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER_RE: Final = re.compile(r"[a-z]")
# Latin letters left after the Cyrillic table that no Cyrillic class accepts.
_UNREADABLE_AS_CYRILLIC_RE: Final = re.compile(r"[ac-hj-z]")
_DIGIT_RE: Final = re.compile(r"\d")
_MAX_MATCHES: Final = 10
_EDGE_PUNCTUATION: Final = ".,;:!?\"'()[]{}<>«»“”„…—–-"
_MAX_CANDIDATES: Final = 100  # flaggable matches of one pattern: the verdict is flagged by then
_LONG_RUN_RE: Final = re.compile(r"(.)\1\1+", re.DOTALL)
_TOKEN_CONTEXT: Final = 64


def _fold(text: str) -> str:
    """Compatibility forms, case, accents and invisible characters folded away."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _MARKS_RE.sub("", unicodedata.normalize("NFD", _INVISIBLE_RE.sub("", folded)))


def _letters(pattern: str, table: Mapping[int, str], classes: Mapping[str, str]) -> str:
    """A lexicon pattern as a regular expression over a reading (see module docstring).

    A letter matches one or two of its class (runs are cut to two beforehand), a
    doubled letter exactly two. A vowel may also be one ``*`` standing alone
    (``f*ck``), but not as the first or last letter nor inside a group of endings: the
    letters that decide must be written (``x*y``, ``x-y*i`` and ``x**y`` are not words).
    """
    pattern = _fold(pattern).translate(table)
    out: list[str] = []
    depth = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "(":
            depth += 1
            out.append("(?:")
        elif char in "|)?":
            depth -= char == ")"
            out.append(char)
        else:
            run = 1
            while index + run < len(pattern) and pattern[index + run] == char:
                run += 1
            letter_class = f"[{re.escape(classes.get(char, char))}]"
            # "[x][x]?" rather than "[x]{1,2}": an alternative that starts with a plain
            # class lets the regex engine skip it on the first character.
            letter = letter_class + (f"{letter_class}?" if run == 1 else letter_class)
            index += run
            inner = out and depth == 0 and index < len(pattern) and pattern[index] not in "|)?"
            if char in _VOWELS and inner:
                letter = rf"(?:{letter}|\*(?!\*))"
            optional = index < len(pattern) and pattern[index] == "?"
            out.append(f"(?:{letter})" if optional else letter)
            continue
        index += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Reading:
    """The lexicon compiled for one reading of the text (Latin or Cyrillic)."""

    script: str
    table: Mapping[int, str]
    labels: tuple[tuple[str, str], ...]  # (word, language) of named group g<i>
    at_start: re.Pattern[str]  # entries anchored at a word start (WORD and STEM)
    anywhere: re.Pattern[str]  # ANYWHERE entries
    unanchored: re.Pattern[str]  # every entry, at any position (for spaced-out letters)
    innocent: tuple[str, ...]


def _compile(
    script: str, table: Mapping[int, str], classes: Mapping[str, str], languages: frozenset[str]
) -> _Reading:
    """Compile the lexicon for one reading; entries sharing prefixes share one prefix group."""
    labels: list[tuple[str, str]] = []
    by_prefixes: dict[str, list[str]] = {}
    anywhere: list[str] = []
    unanchored: list[str] = []
    for word, language, mode, prefix_set, pattern in _LEXICON:
        if language not in languages:
            continue
        body = _letters(pattern, table, classes) + (_END if mode is _Mode.WORD else "")
        # An empty named group at the end names the entry (match.lastgroup).
        group = f"{body}(?P<g{len(labels)}>)"
        labels.append((word, language))
        # Without an anchor an optional prefix changes nothing: the root alone is enough.
        unanchored.append(group)
        if mode is _Mode.ANYWHERE:
            anywhere.append(group)
        else:
            by_prefixes.setdefault(prefix_set, []).append(group)
    anchored = []
    for prefix_set, groups in by_prefixes.items():
        prefixes = "|".join(_letters(p, table, classes) for p in _PREFIXES[prefix_set])
        entries = "|".join(groups)
        anchored.append(f"(?:{prefixes})?(?:{entries})" if prefixes else entries)
    return _Reading(
        script,
        table,
        tuple(labels),
        re.compile(f"{_START}(?:{'|'.join(anchored)})"),
        re.compile("|".join(anywhere)),
        re.compile(f"(?![*!|])(?:{'|'.join(unanchored)})"),
        tuple(_fold(stem).translate(table) for stem in _INNOCENT_STEMS[script]),
    )


_READINGS: Final = tuple(_compile(*script) for script in _SCRIPTS)


@dataclass(frozen=True, slots=True)
class AbuseMatch:
    """One abusive word found: the lexicon word, its language, and the text as written.

    ``text`` is the word as it appeared after case and accent folding (at most 64
    characters), e.g. ``"f.u.c.k"`` for the lexicon word ``"fuck"``.
    """

    word: str
    language: str
    text: str

    def __post_init__(self) -> None:
        if not (type(self.word) is type(self.language) is type(self.text) is str):
            for name in ("word", "language", "text"):
                require_type(getattr(self, name), str, f"AbuseMatch.{name}")


@dataclass(frozen=True, slots=True)
class AbuseVerdict:
    """The detector's answer: ``flagged``, and the :class:`AbuseMatch` values that decided.

    A verdict is truthy exactly when it is flagged, so ``if detector(text):`` works.
    At most ten distinct matches are kept.
    """

    flagged: bool
    matches: tuple[AbuseMatch, ...] = ()

    def __post_init__(self) -> None:
        require_bool(self.flagged, "AbuseVerdict.flagged")
        require_tuple(self.matches, AbuseMatch, "AbuseVerdict.matches")

    def __bool__(self) -> bool:
        """True when the text is abusive."""
        return self.flagged

    @property
    def words(self) -> tuple[str, ...]:
        """The distinct lexicon words that matched, in order of first appearance."""
        return tuple(dict.fromkeys(match.word for match in self.matches))


def _token_around(text: str, start: int, end: int) -> str:
    """The word (run of letters and letter symbols) around ``text[start:end]``, bounded."""
    left = start
    limit = max(0, start - _TOKEN_CONTEXT)
    while left > limit and not _NOT_SYMBOL_RE.match(text, left - 1, left):
        left -= 1
    right = end
    limit = min(len(text), end + _TOKEN_CONTEXT)
    while right < limit and not _NOT_SYMBOL_RE.match(text, right, right + 1):
        right += 1
    return text[left:right]


def _plausible(reading: _Reading, token: str) -> bool:
    """False for tokens that only look abusive when read as another script.

    Hexadecimal ids and numbers are never abuse. A token without a letter of the
    reading's script is a disguise only if every letter in it is a look-alike (``xyй``
    but not ``xyield``); read as Cyrillic, it must not contain digits either.
    """
    if _HEX_OR_DIGITS_RE.fullmatch(token):
        return False
    own_letter, foreign_letter = (
        (_CYRILLIC_LETTER_RE, _UNREADABLE_AS_CYRILLIC_RE)
        if reading.script == "cyrillic"
        else (_LATIN_LETTER_RE, _CYRILLIC_LETTER_RE)
    )
    if own_letter.search(token):
        return True
    if reading.script == "cyrillic" and _DIGIT_RE.search(token):
        return False
    return not foreign_letter.search(token.translate(reading.table))


def _blob_around(text: str, start: int, end: int) -> str:
    """The text around ``text[start:end]`` up to white space (bounded), as written."""
    left = start
    limit = max(0, start - _TOKEN_CONTEXT)
    while left > limit and not text[left - 1].isspace():
        left -= 1
    right = end
    limit = min(len(text), end + _TOKEN_CONTEXT)
    while right < limit and not text[right].isspace():
        right += 1
    return text[left:right].strip(_EDGE_PUNCTUATION) or text[start:end]


def _scan(
    text: str,
    found: dict[tuple[str, str], tuple[int, AbuseMatch]],
    show: Callable[[int, int], tuple[int, str]],
    *,
    spaced: bool = False,
) -> None:
    """Add the matches in ``text`` to ``found``, placed and shown as ``show(start, end)`` says.

    ``spaced``: ``text`` is spaced-out letters joined, where any letter may start a word.
    Runs of a repeated character must already be cut to two, so that every lexicon
    letter (which matches one or two of it) does bounded work at each position.
    """
    for reading in _READINGS:
        translated = text.translate(reading.table)
        patterns = (reading.unanchored,) if spaced else (reading.at_start, reading.anywhere)
        for pattern in patterns:
            flaggable = 0  # vetoed candidates do not count, or padding would buy a bypass
            for match in pattern.finditer(translated):
                if len(found) >= _MAX_MATCHES:
                    return
                start, end = match.span()
                if pattern is reading.at_start and translated.startswith(reading.innocent, start):
                    continue
                token = text[start:end] if spaced else _token_around(text, start, end)
                if not _plausible(reading, token):
                    continue
                flaggable += 1
                if flaggable > _MAX_CANDIDATES:
                    break
                word, language = reading.labels[int((match.lastgroup or "g0")[1:])]
                position, shown = show(start, end)
                shown = shown[:_TOKEN_CONTEXT]
                found.setdefault((word, shown), (position, AbuseMatch(word, language, shown)))


def _always(placed: tuple[int, str]) -> Callable[[int, int], tuple[int, str]]:
    """A ``show`` function for spaced-out letters: the whole run, wherever the match."""
    return lambda start, end: placed


def _cut_runs(text: str) -> str:
    return _LONG_RUN_RE.sub(r"\1\1", text)


def _position_map(folded: str) -> Callable[[int], int]:
    """Map positions in ``folded`` with separators inside words removed back to ``folded``."""
    joined_at: list[int] = []
    removed_before: list[int] = []
    removed = 0
    for separator in _SEPARATORS_IN_WORD_RE.finditer(folded):
        joined_at.append(separator.start() - removed)
        removed += separator.end() - separator.start()
        removed_before.append(removed)

    def to_folded(position: int) -> int:
        index = bisect.bisect_right(joined_at, position)
        return position + (removed_before[index - 1] if index else 0)

    return to_folded


def detect_abuse(text: str) -> AbuseVerdict:
    """Find obscene words and insults (R9.4) in ``text``, however disguised.

    >>> detect_abuse("This f.u.c.k.i.n.g report").matches
    (AbuseMatch(word='fuck', language='en', text='f.u.c.k.i.n.g'),)
    >>> detect_abuse("Відкрийте, будь ласка, звіт для Scunthorpe").flagged
    False
    >>> detect_abuse("ты xyйлo").words  # Latin x, y and o
    ('хуй',)
    """
    folded = _cut_runs(_fold(require_type(text, str, "text")))
    found: dict[tuple[str, str], tuple[int, AbuseMatch]] = {}
    _scan(folded, found, lambda start, end: (start, _blob_around(folded, start, end)))
    joined = _SEPARATORS_IN_WORD_RE.sub("", folded)
    if joined != folded:
        cut = _cut_runs(joined)
        if cut == joined:
            to_folded = _position_map(folded)
            _scan(
                joined,
                found,
                lambda start, end: (
                    to_folded(start),
                    _blob_around(folded, to_folded(start), to_folded(end - 1) + 1),
                ),
            )
        else:  # rare: cutting runs moved positions; show the joined word itself
            _scan(cut, found, lambda start, end: (start, _blob_around(cut, start, end)))
    for run in _SPACED_LETTERS_RE.finditer(folded):
        letters = _cut_runs(_NOT_SYMBOL_RE.sub("", run.group()))
        _scan(letters, found, _always((run.start(), run.group().strip())), spaced=True)
    matches = tuple(match for _, match in sorted(found.values(), key=lambda item: item[0]))
    return AbuseVerdict(bool(matches), matches)


DEFAULT_ABUSE_DETECTOR: Final = detect_abuse
"""The detector intake uses unless :class:`IntakeRules` names another: :func:`detect_abuse`."""
