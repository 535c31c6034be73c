"""Argument checks shared by every part, so each kind of message has one wording.

Every message names the field, the value received and what was expected:

* wrong type: ``"{name} must be {expected}, got {type} {value!r}"``
  (:class:`~sla_calendar.errors.ArgumentTypeError`);
* right type, unusable value: ``"{name}={value!r} is invalid; expected {expected}"``
  (:class:`~sla_calendar.errors.InvalidValueError`).

>>> require_type(5, str, "Request.id", "a str")
Traceback (most recent call last):
sla_calendar.errors.ArgumentTypeError: Request.id must be a str, got int 5
>>> require_text("", "Client.id")
Traceback (most recent call last):
sla_calendar.errors.InvalidValueError: Client.id='' is empty; expected a non-empty str
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, TypeVar

from sla_calendar.errors import ArgumentTypeError, InvalidValueError

__all__ = [
    "CheckedEnum",
    "a_kind",
    "invalid_value",
    "require_bool",
    "require_member",
    "require_nonempty_str",
    "require_optional",
    "require_text",
    "require_tuple",
    "require_type",
    "wrong_type",
]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


def a_kind(kind: type) -> str:
    """The kind's name with its article: ``a str``, ``an int``, ``an EventKind``."""
    name = kind.__name__
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def wrong_type(name: str, expected: str, value: object) -> ArgumentTypeError:
    """The error for ``value`` of the wrong type in ``name`` (to raise)."""
    return ArgumentTypeError(f"{name} must be {expected}, got {type(value).__name__} {value!r}")


def invalid_value(name: str, value: object, expected: str) -> InvalidValueError:
    """The error for a ``value`` of the right type that ``name`` cannot use (to raise)."""
    return InvalidValueError(f"{name}={value!r} is invalid; expected {expected}")


def require_type(value: object, kind: type[T], name: str, expected: str | None = None) -> T:
    """Return ``value`` if it is a ``kind`` (never a bool where an int is asked), else raise."""
    if isinstance(value, kind) and not (isinstance(value, bool) and kind is int):
        return value
    raise wrong_type(name, expected or a_kind(kind), value)


def require_optional(
    value: object, kind: type[T], name: str, expected: str | None = None
) -> T | None:
    """Like :func:`require_type`, also accepting ``None``."""
    if value is None:
        return None
    return require_type(value, kind, name, expected or f"{a_kind(kind)} or None")


def require_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (not 0 or 1), else raise."""
    if isinstance(value, bool):
        return value
    raise wrong_type(name, "a bool", value)


def require_text(value: object, name: str, *, empty_ok: bool = False) -> str:
    """Return ``value`` if it is a str (non-blank unless ``empty_ok``), else raise."""
    text = require_type(value, str, name)
    if not empty_ok and not text.strip():
        raise InvalidValueError(f"{name}={text!r} is empty; expected a non-empty str")
    return text


def require_tuple(value: object, kind: type[T], name: str) -> tuple[T, ...]:
    """Return ``value`` if it is a tuple of ``kind`` values, else raise naming the item at fault.

    >>> require_tuple(("a", 5), str, "Request.addresses")
    Traceback (most recent call last):
    sla_calendar.errors.ArgumentTypeError: Request.addresses[1] must be a str, got int 5
    """
    if not isinstance(value, tuple):
        raise wrong_type(name, f"a tuple of {kind.__name__}", value)
    for index, item in enumerate(value):
        require_type(item, kind, f"{name}[{index}]")
    return value


def require_mapping(value: object, kind: type[T], name: str, expected: str) -> Mapping[str, T]:
    """Return ``value`` if it is a mapping of str keys to ``kind`` values, else raise
    naming the entry at fault (``expected`` words the whole, e.g. "a mapping of ...")."""
    if not isinstance(value, Mapping):
        raise wrong_type(name, expected, value)
    for key, item in value.items():
        if not isinstance(key, str):
            raise wrong_type(f"{name} key", "a str", key)
        require_type(item, kind, f"{name}[{key!r}]")
    return value


def require_nonempty_str(value: object, name: str) -> str:
    """Return ``value`` if it is a str of at least one character, else raise.

    For identifiers, where ``""`` names nothing: it gets the wrong-type error, expected
    ``a non-empty str`` (:func:`require_text` refuses blank text as an invalid value).
    """
    if isinstance(value, str) and value:
        return value
    raise wrong_type(name, "a non-empty str", value)


class CheckedEnum(enum.Enum):
    """An enum whose lookup by value refuses a wrong value with the package's errors.

    ``Kind("nope")`` raises :class:`~sla_calendar.errors.InvalidValueError` listing the
    values, ``Kind(5)`` (not a value's type) :class:`~sla_calendar.errors.ArgumentTypeError`,
    rather than a bare ``ValueError``.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        choices = ", ".join(repr(member.value) for member in cls)
        if not any(type(value) is type(member.value) for member in cls):
            raise wrong_type(cls.__name__, f"one of {choices}", value)
        raise invalid_value(cls.__name__, value, f"one of {choices}")


def require_member(value: object, kind: type[E], name: str) -> E:
    """``value`` as a member of the enum ``kind``: the member itself, or looked up by value.

    A value of none of the members' types is an :class:`ArgumentTypeError`; one of their
    type but no member's, an :class:`InvalidValueError`; both list the values.
    """
    if isinstance(value, kind):
        return value
    for member in kind:
        if type(value) is type(member.value) and member.value == value:
            return member
    choices = ", ".join(repr(member.value) for member in kind)
    if not any(type(value) is type(member.value) for member in kind):
        raise wrong_type(name, f"{a_kind(kind)} or one of {choices}", value)
    raise invalid_value(name, value, f"one of {choices}")
