"""Corpora for the R9.4 abuse detector, shared by tests/test_abuse.py and the benchmark.

* :data:`DISGUISED`: abusive texts, plain and disguised, each with the lexicon word the
  detector must report;
* :data:`INNOCENT`: ordinary words and sentences that contain the letters of abusive
  words (``class``, ``скипидар``, ``Scunthorpe``…) and must not be flagged;
* :data:`KNOWN_MISSES`: disguises the default detector does not undo (a space in the
  middle of a word, transliterations that are also ordinary words elsewhere); listed so
  that the benchmark reports them honestly;
* :data:`HELD_OUT_ABUSIVE` and :data:`HELD_OUT_INNOCENT`: insults and innocent near
  misses in Russian, Ukrainian and English, written before the detector learnt insults
  and never used to tune it (the benchmark's held-out figures);
* :func:`adversarial_text`: deterministic text built to be slow for a careless matcher.

Written by hand for this project; no external word list.
"""

from __future__ import annotations

import random

DISGUISED: tuple[tuple[str, str], ...] = (
    # English, plain and in sentences.
    ("fuck", "fuck"),
    ("What the fuck is wrong with your report?", "fuck"),
    ("this is bullshit", "shit"),
    ("You stupid bitch, fix it", "bitch"),
    ("your support team are idiots", "idiot"),
    ("what a moron", "moron"),
    ("you are an ass", "ass"),
    ("Listen, asshole", "asshole"),
    ("cunt", "cunt"),
    ("motherfucker", "fuck"),
    ("dumbass", "ass"),
    ("stfu and fix it", "stfu"),
    ("scumbag vendor", "scumbag"),
    ("retarded software", "retard"),
    ("absolute wankers", "wanker"),
    # English, disguised.
    ("f.u.c.k", "fuck"),
    ("f u c k", "fuck"),
    ("f-u-c-k-i-n-g report", "fuck"),
    ("fuuuuuck", "fuck"),
    ("FUCK", "fuck"),
    ("fvck", "fuck"),
    ("f*ck this", "fuck"),
    ("ＦＵＣＫ", "fuck"),  # fullwidth
    ("𝐟𝐮𝐜𝐤", "fuck"),  # mathematical bold
    ("fu\u200bck", "fuck"),  # zero-width space
    ("fu\u00adck", "fuck"),  # soft hyphen
    ("f\u0336u\u0336c\u0336k\u0336", "fuck"),  # combining strike-through
    ("fсk you", "fuck"),  # Cyrillic с
    ("fuсkіng", "fuck"),  # Cyrillic с and і
    ("sh1t", "shit"),
    ("$h!t", "shit"),
    ("s.h.i.t", "shit"),
    ("ѕһіт", "shit"),  # all Cyrillic look-alikes
    ("b1tch", "bitch"),
    ("b!tch", "bitch"),
    ("a$$hole", "asshole"),
    ("@sshole", "asshole"),
    ("a s s h o l e", "asshole"),
    ("jack@ss", "ass"),
    ("c*nt", "cunt"),
    ("tw@t", "twat"),
    ("wh0re", "whore"),
    ("b@st@rd", "bastard"),
    ("id1ot", "idiot"),
    ("m0r0n", "moron"),
    ("d1ckhead", "dickhead"),
    ("sc*mbag", "scumbag"),
    ("ass!", "ass"),
    ("what the f-u-c-k", "fuck"),
    ("fuck!", "fuck"),
    ("you are an a.s.s", "ass"),
    ("IDIOOOOT", "idiot"),
    # Russian, plain and in sentences.
    ("хуй", "хуй"),
    ("идите нахуй со своей поддержкой", "хуй"),
    ("пиздец", "пизда"),
    ("блядь", "блядь"),
    ("бля, опять не работает", "блядь"),
    ("сука", "сука"),
    ("ебать", "ебать"),
    ("вы меня заебали", "ебать"),
    ("уебок", "ебать"),
    ("долбоеб", "ебать"),
    ("долбоёб", "ебать"),
    ("мудак", "мудак"),
    ("пидорас", "пидор"),
    ("ваш менеджер идиот", "идиот"),
    ("дебилы", "дебил"),
    ("ублюдок", "ублюдок"),
    ("мразь", "мразь"),
    ("шлюха", "шлюха"),
    ("говно, а не программа", "говно"),
    ("жопа", "жопа"),
    ("херня какая-то", "хер"),
    ("охуеть", "хуй"),
    ("распиздяи", "пизда"),
    ("придурки", "придурок"),
    ("сволочи", "сволочь"),
    ("уроды", "урод"),
    # Russian, disguised.
    ("xyй", "хуй"),  # Latin x and y
    ("х у й", "хуй"),
    ("х.у.й", "хуй"),
    ("хууууй", "хуй"),
    ("н@хуй", "хуй"),
    ("пи3дец", "пизда"),
    ("nиздец", "пизда"),  # Latin n
    ("п*здец", "пизда"),
    ("П И З Д Е Ц", "пизда"),
    ("6лядь", "блядь"),
    ("бл*дь", "блядь"),
    ("бл9дь", "блядь"),
    ("cyка", "сука"),  # Latin c and y
    ("с у к а", "сука"),
    ("с-у-к-а", "сука"),
    ("e6aть", "ебать"),  # Latin e, digit 6, Latin a
    ("3аебал", "ебать"),
    ("заеб@ли", "ебать"),
    ("дeбил", "дебил"),  # Latin e
    ("г0вно", "говно"),
    ("ж0па", "жопа"),
    ("м у д а к", "мудак"),
    ("ИДИОТЫ", "идиот"),
    ("х\u0301уй", "хуй"),  # combining acute accent
    # Ukrainian, plain and disguised.
    ("курва", "курва"),
    ("ідіот", "ідіот"),
    ("дебіл", "дебіл"),
    ("гівно", "гівно"),
    ("срака", "срака"),
    ("засранець", "срать"),
    ("покидьок", "покидьок"),
    ("виродок", "виродок"),
    ("падлюка", "падла"),
    ("їбати", "їбати"),
    ("йобаний", "йобаний"),
    ("довбойоб", "йобаний"),
    ("бовдур", "бовдур"),
    ("йолоп", "йолоп"),
    ("шльондра", "шльондра"),
    ("мудило", "мудак"),
    ("підор", "підор"),
    ("ваша підтримка — це повне гівно", "гівно"),
    ("ви що, ідіоти?", "ідіот"),
    ("іdіот", "idiot"),  # Cyrillic і, о, т with a Latin d: read as Latin
    ("гiвно", "гівно"),  # Latin i
    ("к у р в а", "курва"),
    # Russian and Ukrainian abuse transliterated into Latin letters, as people type it
    # on a keyboard without Cyrillic; and spellings that imitate letters from further
    # away (sound-alike "ph", masked letters, Greek and Armenian look-alikes).
    ("pizdec polnyi", "пизда"),
    ("eto pizdets", "пизда"),
    ("idi nahuy", "хуй"),
    ("mne pohui", "хуй"),
    ("nakhuy takoi support", "хуй"),
    ("blyat, opyat ne rabotaet", "блядь"),
    ("bljad", "блядь"),
    ("ty mudak", "мудак"),
    ("vy pidory", "пидор"),
    ("zaebali uzhe", "ебать"),
    ("yebat kak slozhno", "ебать"),
    ("phuck this", "fuck"),
    ("phucking useless", "fuck"),
    ("f**k your support", "fuck"),
    ("fսck", "fuck"),  # Armenian se
    ("fυck", "fuck"),  # Greek upsilon
    ("ѕhіt", "shit"),  # Cyrillic dze and i
)

INNOCENT: tuple[str, ...] = (
    # English words that contain the letters of abusive words.
    "assistant",
    "class",
    "classic",
    "Scunthorpe",
    "hello",
    "analysis",
    "passage",
    "cocktail",
    "Dickens",
    "shiitake",
    "shitake",
    "bass",
    "assess",
    "assessment",
    "Essex",
    "Sussex",
    "grass",
    "therapist",
    "Penistone",
    "Hancock",
    "title",
    "document",
    "debugger",
    "Wankel engine",
    "Slutsk",
    "Pissarro",
    "arsenal",
    "arsenic",
    "Assam",
    "embarrass",
    "cook",
    "peacock",
    "scrapbook",
    "Shih Tzu",
    "shift",
    "shitsu",
    "shitzu",
    "niggardly",
    "Niger",
    "retardant",
    "idiom",
    "idiomatic",
    "massage",
    "ambassador",
    "compass",
    "cucumber",
    "Matsumoto",
    "Fukuoka",
    "fuchsia",
    "mishit",
    "button",
    "buttress",
    "clitheroe",
    "Cockburn",
    "Dick Francis",
    "bitcoin",
    "sussex",
    "hassle",
    "password",
    "bypass",
    "e6a1f0c9",
    "a55a",
    "deadbeef",
    "4mo",
    "3a",
    "eBay",
    "ebook",
    "Ebro",
    "XYZ-123",
    "x y z",
    "the class assessment report in Scunthorpe fails",
    "Please reset the password of the assistant account.",
    "Our analyst ran the analysis in Essex.",
    "Error 0x3e6a in module e6ab-f00d",
    "I assume the associate will pass the test.",
    "- **R5** Maximum *processing* time of a request: 24 hours.",  # markdown bold
    "*a* and *e* are **vowels**",
    "x**y",  # Python power
    "x*y + 3*a*b",
    "lambda i: x * i",
    "def f(x=(yield)): pass",
    '"""(x+y*i).conjugate() returns (x-y*i)."""',
    # Russian words that contain the letters of abusive words.
    "скипидар",
    "потребитель",
    "хлеб",
    "небо",
    "себе",
    "тебе",
    "ребенок",
    "требовать",
    "учебник",
    "колебаться",
    "употреблять",
    "оскорблять",
    "сукно",
    "сучок",
    "бляха",
    "бляшка",
    "Херсон",
    "страхуйте",
    "застрахуйте",
    "ухудшение",
    "похудеть",
    "художник",
    "хутор",
    "хулиган",
    "мудрый",
    "наволочка",
    "дебет",
    "ибо",
    "ибупрофен",
    "сутки",
    "команда",
    "рубль",
    "хлебать",
    "погребальный",
    "учебный",
    "служебный",
    "гребень",
    "Глеб",
    "дебют",
    "подонный",
    "скотч",
    "урожай",
    "тварец",
    "сказать",
    "психолог",
    "колхоз",
    "лебедь",
    "Хуан",
    "Ебола",
    "ибис",
    "небесный",
    "оскорбление",
    "Не работает отчёт по продажам, ошибка 500.",
    "Прошу восстановить доступ к модулю склада.",
    "Потребитель жалуется на хлеб и себестоимость.",
    "Застрахуйте, пожалуйста, этот договор.",
    "Херсонский филиал не видит накладные.",
    "У тебя всё хорошо? У себя проверил.",
    "Сучок на доске, сукно на столе.",
    "Бляха ремня и бляшки на схеме.",
    # Ukrainian words that contain the letters of abusive words.
    "спізднитися",
    "запізнення",
    "сукня",
    "хустка",
    "хутро",
    "худий",
    "мудрість",
    "ебонітовий",
    "уродженець",
    "тварина",
    "тварі",
    "потреба",
    "небезпека",
    "себто",
    "перебувати",
    "ребро",
    "гребля",
    "хліб",
    "збій",
    "пізніше",
    "страхування",
    "ідіома",
    "дебет",
    "хуртовина",
    "пахучий",
    "збільшення",
    "збут",
    "з бази",
    "наволочка",
    "Не працює звіт, помилка 500.",
    "Уродженець Херсона спізнився на зустріч.",
    "Стався збій, прошу відновити систему.",
    "Потреба у страхуванні складу.",
    "Збільшення залишків на складі.",
    "Моя сукня і хустка — в кошику.",
    # Latin words and names close to the transliterated lexicon.
    "Saya suka kopi.",  # Indonesian: "I like coffee"
    "Nguyen Van Huy asked about the invoice.",
    "Abba Eban wrote the foreword.",
    "Mr Ebanks called twice.",
    "Huila is a department of Colombia.",
    "Nahuel Pérez joined the team.",
    "Khuyen will send the logs.",
    "Pidhaitsi office is closed on Friday.",
    "Blyth depot: 12 pallets.",
    "Mudanjiang branch reports the same error.",
    "Phuket hotel booking, invoice attached.",
    "Καλημέρα, το σύστημα δεν λειτουργεί.",  # Greek: "the system does not work"
    "Բարև, համակարգը չի աշխատում:",  # Armenian, the same
)

KNOWN_MISSES: tuple[tuple[str, str], ...] = (
    ("suka", "сука"),  # transliterated, but also Indonesian and Malay for "like"
    ("fu ck", "fuck"),  # a space inside a word, between groups of letters
    ("hui", "хуй"),  # transliterated, but also a name and a word in other languages
)


# Held out: written before the detector learnt insults (tupye, bezdari, klouny...) and
# never used to tune it. The benchmark reports precision and recall on these beside the
# in-sample figures; no test pins them, so that no one is tempted to tune on them.
HELD_OUT_ABUSIVE: tuple[tuple[str, str], ...] = (
    # Russian.
    ("Вы там все тупые или притворяетесь?", "ru"),
    ("Ваша поддержка — сборище бездарей.", "ru"),
    ("Клоуны, а не программисты.", "ru"),
    ("Опять эти придурки всё сломали", "ru"),
    ("Криворукие уроды, верните как было", "ru"),
    ("Вы дебилы? Третий день жду ответа", "ru"),
    ("Какие же вы идиоты", "ru"),
    ("Ну вы и дегенераты", "ru"),
    ("Тупицы, прочитайте письмо внимательно", "ru"),
    ("Безмозглые кретины из техподдержки", "ru"),
    ("Бездарь на бездаре, ничего не работает", "ru"),
    ("Вы там совсем ох*ели?", "ru"),
    ("Идиоты ёбаные", "ru"),
    ("Вы тупыe", "ru"),  # Latin e
    ("Д@уны, когда почините?", "ru"),
    ("Ну и лохи же вы", "ru"),
    # Ukrainian.
    ("Ви там усі тупі?", "uk"),
    ("Збіговисько бездарів і клоунів", "uk"),
    ("Дебіли, коли вже полагодите?", "uk"),
    ("Ідіоти, я ж писав учора", "uk"),
    ("Ну ви й придурки", "uk"),
    ("Йолопи з підтримки знову все зламали", "uk"),
    ("Бовдури, читайте уважно", "uk"),
    ("Недоумки, поверніть стару версію", "uk"),
    ("Ви що, тупорилі?", "uk"),
    ("Кретини, скільки можна чекати", "uk"),
    ("дeбiли", "uk"),  # Latin e and i
    ("Ви всі бездарні нікчеми", "uk"),
    ("Ну ти і дурень", "uk"),
    # English.
    ("Are you all stupid over there?", "en"),
    ("What a bunch of clowns.", "en"),
    ("You useless morons broke it again", "en"),
    ("Your developers are complete idiots", "en"),
    ("Incompetent imbeciles, fix it now", "en"),
    ("Listen, you dimwit", "en"),
    ("Only a moron would ship this", "en"),
    ("The support team are clowns", "en"),
    ("Are you retards or what?", "en"),
    ("Dumbasses, read my email", "en"),
    ("What are you, stupid?", "en"),
    ("you absolute muppets", "en"),
    ("id1ots", "en"),
    ("Are you brain-dead?", "en"),
)
HELD_OUT_INNOCENT: tuple[tuple[str, str], ...] = (
    # Russian.
    ("Тупой угол в отчёте считается неверно", "ru"),
    ("Сверло тупое, закажите новое", "ru"),
    ("В отчёте тупик: не знаю, что делать дальше", "ru"),
    ("Товар «Набор клоуна» не отображается", "ru"),
    ("Идиома в переводе неверная", "ru"),
    ("Дебет и кредит не сходятся", "ru"),
    ("Уродливый шрифт в PDF-отчёте", "ru"),
    ("Придумайте, пожалуйста, название для отчёта", "ru"),
    ("Филиал в Лохвице не видит склад", "ru"),
    ("Скотч и упаковка на складе закончились", "ru"),
    ("Нужна защита от дурака в форме ввода", "ru"),
    ("Система тупит после обновления", "ru"),
    ("Сервера падали всю ночь", "ru"),
    # Ukrainian.
    ("Тупий кут на кресленні", "uk"),
    ("Костюм клоуна не відображається в каталозі", "uk"),
    ("Ідіома в інструкції перекладена неправильно", "uk"),
    ("Дебет рахунку 361", "uk"),
    ("Придумати пароль не вдається", "uk"),
    ("Бездоріжжя: доставка затримується", "uk"),
    ("Дурниця, а не помилка: просто опечатка", "uk"),
    ("Система тупить після оновлення", "uk"),
    ("Дебітор не сплатив рахунок", "uk"),
    ("Матриця вироджена, розрахунок не проходить", "uk"),
    # English.
    ("The clown fish image is missing from the catalogue", "en"),
    ("Our dumb terminals cannot open the portal", "en"),
    ("The idiom in the Ukrainian translation is wrong", "en"),
    ("Moroni branch cannot print invoices", "en"),
    ("The Muppets box set price is wrong", "en"),
    ("A stupid mistake on my side: I typed the wrong email", "en"),
    ("Idiosyncratic behaviour of the export", "en"),
    ("Cretan suppliers are missing from the list", "en"),
    ("Imbalance in the ledger after import", "en"),
    ("Bozeman office cannot log in", "en"),
    ("Clowning around with the settings did not help", "en"),
    ("Dumbarton depot reports the same error", "en"),
    ("Retarget the campaign to the new segment", "en"),
)


def adversarial_text(size: int = 100_000, seed: int = 9) -> str:
    """Text of ``size`` characters built to be slow for a backtracking matcher.

    Near misses of lexicon words, long runs of one letter, letters spaced out or joined
    by separators, look-alikes of both scripts, digits and invisible characters.
    """
    rng = random.Random(seed)
    pieces = (
        "f" * 500,
        "fuc ",
        "f.u.c.",
        " ".join("fucfucfuc") + " ",
        "х у ",
        "п и з ",
        "ху" * 200,
        "наза" * 100,
        "e6e6e6",
        "a$$a$$",
        "1!|*" * 50,
        "а\u0301" * 100,
        "\u200b" * 50,
        "с у к " * 50,
        "scunthorpe ",
        "скипидар ",
        "-_-.-_-" * 30,
    )
    out: list[str] = []
    length = 0
    while length < size:
        piece = rng.choice(pieces)
        out.append(piece)
        length += len(piece)
    return "".join(out)[:size]
