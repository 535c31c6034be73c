"""Client-facing messages for each intake reason, in English, Ukrainian and Russian."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from sla_calendar._checks import invalid_value, require_type

__all__ = ["LANGUAGES", "client_message"]

LANGUAGES: Final = ("en", "uk", "ru")
"""The languages client messages are written in."""

_MESSAGES: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "unidentified_client": {
            "en": "We could not identify you as a client. Please write from the address registered "
            "in your support contract or give your client number.",
            "uk": "Нам не вдалося ідентифікувати вас як клієнта. Будь ласка, напишіть з адреси, "
            "зазначеної в договорі на підтримку, або вкажіть номер клієнта.",
            "ru": "Нам не удалось идентифицировать вас как клиента. Пожалуйста, напишите с адреса, "
            "указанного в договоре на поддержку, или укажите номер клиента.",
        },
        "out_of_contract": {
            "en": "This request asks for a service your support contract does not cover. Such "
            "help can be given under an additional agreement.",
            "uk": "Звернення стосується послуги, яку ваш договір на підтримку не охоплює. Таку "
            "допомогу можна надати за додатковою угодою.",
            "ru": "Обращение касается услуги, которую ваш договор на поддержку не покрывает. "
            "Такая помощь может быть оказана по дополнительному соглашению.",
        },
        "service_suspended": {
            "en": "Support services are suspended under your contract. Please contact your "
            "account manager to resume them.",
            "uk": "Послуги підтримки призупинено згідно з вашим договором. Зверніться, будь ласка, "
            "до вашого менеджера, щоб їх відновити.",
            "ru": "Услуги поддержки приостановлены согласно вашему договору. Обратитесь, "
            "пожалуйста, к вашему менеджеру, чтобы их возобновить.",
        },
        "abusive_language": {
            "en": "We cannot accept a request that contains obscene language or insults. Please "
            "send it again without them.",
            "uk": "Ми не можемо прийняти звернення, що містить нецензурну лексику чи образи. "
            "Надішліть його, будь ласка, ще раз без них.",
            "ru": "Мы не можем принять обращение, содержащее нецензурную лексику или оскорбления. "
            "Пожалуйста, отправьте его повторно без них.",
        },
        "duplicate": {
            "en": "This message repeats request {original_id}, which is already being handled.",
            "uk": "Це повідомлення повторює звернення {original_id}, яке вже опрацьовується.",
            "ru": "Это сообщение повторяет обращение {original_id}, которое уже обрабатывается.",
        },
        "monthly_limit": {
            "en": "You have used all the requests your contract includes this calendar month; "
            "this one will be handled as an additional paid service.",
            "uk": "Ви використали всі звернення, передбачені договором на цей календарний місяць; "
            "це звернення буде опрацьовано як додаткову платну послугу.",
            "ru": "Вы использовали все обращения, предусмотренные договором на этот календарный "
            "месяц; это обращение будет обработано как дополнительная платная услуга.",
        },
        "multiple_problems": {
            "en": "An emergency request may deal with one problem only. Please send each problem "
            "as a separate request.",
            "uk": "Термінове звернення може стосуватися лише однієї проблеми. Надішліть, будь "
            "ласка, кожну проблему окремим зверненням.",
            "ru": "Экстренное обращение может касаться только одной проблемы. Пожалуйста, "
            "отправьте каждую проблему отдельным обращением.",
        },
        "suspected_multiple_problems": {
            "en": "Your request seems to describe several problems. One request should deal "
            "with one problem; please send each further problem as a separate request.",
            "uk": "Схоже, що звернення описує кілька проблем. Одне звернення має стосуватися "
            "однієї проблеми; надішліть, будь ласка, кожну наступну проблему окремим зверненням.",
            "ru": "Похоже, что обращение описывает несколько проблем. Одно обращение должно "
            "касаться одной проблемы; пожалуйста, отправьте каждую следующую проблему "
            "отдельным обращением.",
        },
        "third_party": {
            "en": "This question belongs to your hosting provider or the vendor of the other "
            "software; please contact them.",
            "uk": "Це питання до вашого хостинг-провайдера або постачальника іншого програмного "
            "забезпечення; зверніться, будь ласка, до них.",
            "ru": "Этот вопрос относится к вашему хостинг-провайдеру или поставщику другого "
            "программного обеспечения; пожалуйста, обратитесь к ним.",
        },
        "served_on_another_tier": {
            "en": "Your request came without a valid priority coupon, so it is handled under "
            "standard support times.",
            "uk": "Звернення надійшло без дійсного купона пріоритету, тому його буде опрацьовано у "
            "строки стандартної підтримки.",
            "ru": "Обращение поступило без действительного купона приоритета, поэтому оно будет "
            "обработано в сроки стандартной поддержки.",
        },
        "critical": {
            "en": "Your request concerns restoring the system to working order and is handled out "
            "of turn.",
            "uk": "Ваше звернення стосується відновлення працездатності системи і опрацьовується "
            "позачергово.",
            "ru": "Ваше обращение касается восстановления работоспособности системы и "
            "обрабатывается вне очереди.",
        },
    }
)


def client_message(code: str, language: str = "en", **details: str) -> str:
    """The message for reason ``code`` in ``language``, with ``details`` filled in.

    >>> client_message("duplicate", "uk", original_id="R-17")
    'Це повідомлення повторює звернення R-17, яке вже опрацьовується.'
    """
    require_type(code, str, "code")
    require_type(language, str, "language")
    for name, value in details.items():
        require_type(value, str, name)
    if language not in LANGUAGES:
        raise invalid_value("language", language, f"one of {', '.join(map(repr, LANGUAGES))}")
    if code not in _MESSAGES:
        raise invalid_value("code", code, "a reason code's value or 'served_on_another_tier'")
    template = _MESSAGES[code][language]
    return template.format_map({"original_id": "", **details})
