"""Service tiers (R10, R11, R13): targets, the clock each runs on, what each covers.

A :class:`Tier` is a frozen value; the three of the regulation are built in, and users
may define their own. Deadlines come from :meth:`Tier.reaction_due` and
:meth:`Tier.processing_due` (see :mod:`sla_calendar.policy.deadlines`).

A tier may carry its own working calendar (a contract that closes on martial-law
holidays, a client in another zone): it then wins over the calendar passed in, and
explanations name it. :meth:`Tier.on_calendar` gives a tier on another calendar; intake
puts a client's tier on the client's calendar that way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from fractions import Fraction
from types import MappingProxyType
from typing import Final

from sla_calendar._checks import (
    CheckedEnum,
    invalid_value,
    require_bool,
    require_optional,
    require_text,
    require_type,
    wrong_type,
)
from sla_calendar._instants import instant_to_us
from sla_calendar.calendar.working import ROUND_THE_CLOCK, WorkingCalendar
from sla_calendar.errors import InvalidValueError
from sla_calendar.policy.deadlines import Deadline, Target, deadline_for, processing_deadline

__all__ = [
    "BUILT_IN_TIERS",
    "DEFAULT_WARNING_THRESHOLDS",
    "EMERGENCY",
    "EMERGENCY_24_7",
    "STANDARD",
    "Category",
    "ClockKind",
    "Tier",
]


class Category(CheckedEnum):
    """What a request is about; tiers cover some categories (R4, R7, R10, R11)."""

    PRODUCT_PROBLEM = "product_problem"
    """A problem that arose while using the product (R10)."""
    INSTALLATION = "installation"
    """Installing or configuring the platform (R10)."""
    FINANCIAL_ACCOUNTING = "financial_accounting"
    """Financial accounting questions: emergency tier only (R7, R11)."""
    WAREHOUSE_ACCOUNTING = "warehouse_accounting"
    """Warehouse accounting questions: emergency tier only (R7, R11)."""
    MANAGEMENT_ACCOUNTING = "management_accounting"
    """Management accounting questions: emergency tier only (R7, R11)."""
    CONSULTING = "consulting"
    """Consulting: not handled by support on any tier (R4)."""
    THIRD_PARTY = "third_party"
    """Hosting providers, other vendors' software: redirected (R4)."""


class ClockKind(CheckedEnum):
    """Which clock a target runs on."""

    WORKING_HOURS = "working_hours"
    """The working calendar passed in (the regulation's: :func:`kyiv_calendar`)."""
    ROUND_THE_CLOCK = "round_the_clock"
    """Real elapsed time, 24/7 (:data:`ROUND_THE_CLOCK`)."""


DEFAULT_WARNING_THRESHOLDS: Final = (Fraction(1, 2), Fraction(3, 4), Fraction(9, 10), Fraction(1))
"""Shares of a target at which a clock warns by default: 50 %, 75 %, 90 % and 100 %."""


def check_thresholds(value: object, name: str) -> tuple[Fraction, ...]:
    """Return ``value`` if it is a tuple of Fractions in (0, 1], strictly increasing."""
    if value is DEFAULT_WARNING_THRESHOLDS:
        return value
    expected = "a tuple of fractions.Fraction in (0, 1], strictly increasing"
    if not isinstance(value, tuple) or not all(type(item) is Fraction for item in value):
        raise wrong_type(name, expected, value)
    previous = Fraction(0)
    for item in value:
        if not previous < item <= 1:
            raise invalid_value(name, value, expected)
        previous = item
    return value


_STANDARD_CATEGORIES = frozenset({Category.PRODUCT_PROBLEM, Category.INSTALLATION})
_EMERGENCY_CATEGORIES = _STANDARD_CATEGORIES | {
    Category.FINANCIAL_ACCOUNTING,
    Category.WAREHOUSE_ACCOUNTING,
    Category.MANAGEMENT_ACCOUNTING,
}


@dataclass(frozen=True, slots=True)
class Tier:
    """A service level: targets, clocks, covered categories and whether it needs a coupon.

    * ``reaction_target``: longest time to the first response.
    * ``processing_target``: longest time to resolution (R5: 24 hours).
    * ``processing_extension``: the longest processing time once the client was told in
      advance (R5: 72 hours); equal to ``processing_target`` when no extension exists.
    * ``reaction_clock`` and ``processing_clock``: working hours of the calendar passed
      in, or round the clock. R5 does not say which hours processing counts; it counts
      the tier's clock (see docs/policy.md for why).
    * ``requires_coupon``: requests on this tier need a valid coupon (R12).
    * ``reply_target``: the next-reply target: after each later message of the client,
      the next response is due within it, on the reaction clock; None (the default)
      means the reaction target (see :attr:`next_reply_target`).
    * ``warning_thresholds``: the shares of a target at which a clock warns
      (:data:`DEFAULT_WARNING_THRESHOLDS`: 50 %, 75 %, 90 %, 100 %); past the last one
      below 100 %, a running clock is at risk.
    * ``calendar``: the tier's own working calendar, or None for the calendar passed in;
      ``calendar_owner`` names whose it is in explanations (by default, the tier's).
    """

    name: str
    reaction_target: timedelta
    processing_target: timedelta = timedelta(hours=24)
    processing_extension: timedelta = timedelta(hours=72)
    reaction_clock: ClockKind = ClockKind.WORKING_HOURS
    processing_clock: ClockKind = ClockKind.WORKING_HOURS
    categories: frozenset[Category] = _STANDARD_CATEGORIES
    requires_coupon: bool = False
    reply_target: timedelta | None = None
    warning_thresholds: tuple[Fraction, ...] = DEFAULT_WARNING_THRESHOLDS
    calendar: WorkingCalendar | None = None
    calendar_owner: str = ""

    def __post_init__(self) -> None:
        require_text(self.name, "Tier.name")
        for field_name in ("reaction_target", "processing_target", "processing_extension"):
            value = require_type(
                getattr(self, field_name), timedelta, f"Tier.{field_name}", "a datetime.timedelta"
            )
            if value <= timedelta(0):
                raise invalid_value(f"Tier.{field_name}", value, "a positive duration")
        if self.processing_extension < self.processing_target:
            raise InvalidValueError(
                f"Tier.processing_extension={self.processing_extension!r} is shorter than "
                f"processing_target={self.processing_target!r}; expected at least as long"
            )
        require_type(self.reaction_clock, ClockKind, "Tier.reaction_clock")
        require_type(self.processing_clock, ClockKind, "Tier.processing_clock")
        if not isinstance(self.categories, frozenset) or not all(
            isinstance(c, Category) for c in self.categories
        ):
            raise wrong_type("Tier.categories", "a frozenset of Category", self.categories)
        require_bool(self.requires_coupon, "Tier.requires_coupon")
        reply = require_optional(
            self.reply_target, timedelta, "Tier.reply_target", "a datetime.timedelta or None"
        )
        if reply is not None and reply <= timedelta(0):
            raise invalid_value("Tier.reply_target", reply, "a positive duration or None")
        check_thresholds(self.warning_thresholds, "Tier.warning_thresholds")
        require_optional(self.calendar, WorkingCalendar, "Tier.calendar")
        require_text(self.calendar_owner, "Tier.calendar_owner", empty_ok=True)

    @property
    def next_reply_target(self) -> timedelta:
        """The target of each reply cycle after the first: ``reply_target``, else the
        reaction target."""
        return self.reaction_target if self.reply_target is None else self.reply_target

    @property
    def calendar_label(self) -> str:
        """How explanations name the tier's own calendar; empty when it has none.

        >>> from sla_calendar import kyiv_calendar
        >>> STANDARD.on_calendar(kyiv_calendar(), "client 'acme'").calendar_label
        "the calendar of client 'acme' (Europe/Kyiv)"
        """
        if self.calendar is None:
            return ""
        owner = self.calendar_owner or f"tier {self.name!r}"
        return f"the calendar of {owner} ({self.calendar.zone})"

    def on_calendar(self, calendar: WorkingCalendar, owner: str = "") -> Tier:
        """This tier on its own working ``calendar``, named in explanations by ``owner``
        (e.g. ``"client 'acme'"``; by default the tier)."""
        require_type(calendar, WorkingCalendar, "calendar")
        require_text(owner, "owner", empty_ok=True)
        return replace(self, calendar=calendar, calendar_owner=owner)

    def working_calendar(self, calendar: WorkingCalendar) -> WorkingCalendar:
        """The working calendar this tier counts on: its own, else ``calendar``."""
        require_type(
            calendar, WorkingCalendar, "calendar", "a WorkingCalendar (e.g. kyiv_calendar())"
        )
        return calendar if self.calendar is None else self.calendar

    def clock_calendar(self, clock: ClockKind, calendar: WorkingCalendar) -> WorkingCalendar:
        """The calendar a clock of this tier runs on, given the working calendar.

        Working hours: the tier's own calendar if it has one, else ``calendar``. Round
        the clock: a 24/7 calendar in that calendar's zone (:data:`ROUND_THE_CLOCK` for
        Kyiv), so results read in the same zone either way.
        """
        calendar = self.working_calendar(calendar)
        require_type(clock, ClockKind, "clock")
        if clock is ClockKind.WORKING_HOURS:
            return calendar
        if calendar.zone == ROUND_THE_CLOCK.zone:
            return ROUND_THE_CLOCK
        # Real time is the same in every zone; results are shown in the caller's zone.
        return WorkingCalendar(zone=calendar.zone, weekly_hours=ROUND_THE_CLOCK.weekly_hours)

    def covers(self, category: Category) -> bool:
        """True when requests of ``category`` are within this tier's contract."""
        return require_type(category, Category, "category") in self.categories

    def clock_of(self, target: Target) -> ClockKind:
        """The clock a target runs on; reply cycles run on the reaction clock."""
        require_type(target, Target, "target")
        return self.processing_clock if target is Target.PROCESSING else self.reaction_clock

    def target_of(self, target: Target) -> timedelta:
        """The unextended duration of ``target`` on this tier (reaction, processing, reply)."""
        require_type(target, Target, "target")
        if target is Target.REACTION:
            return self.reaction_target
        if target is Target.PROCESSING:
            return self.processing_target
        return self.next_reply_target

    def reaction_due(self, received_at: datetime, calendar: WorkingCalendar) -> Deadline:
        """When the first response is due for a request received at ``received_at``.

        >>> from datetime import datetime
        >>> from sla_calendar import kyiv_calendar
        >>> received = datetime.fromisoformat("2026-11-20T17:30+02:00")  # a Friday
        >>> STANDARD.reaction_due(received, kyiv_calendar()).due.isoformat()
        '2026-11-25T14:30:00+02:00'
        """
        instant_to_us(received_at, "received_at")
        clock = self.clock_calendar(self.reaction_clock, calendar)
        return deadline_for(
            Target.REACTION, received_at, self.reaction_target, clock, self.calendar_label
        )

    def processing_due(
        self,
        received_at: datetime,
        calendar: WorkingCalendar,
        extension_notified_at: datetime | None = None,
    ) -> Deadline:
        """When the request must be resolved (R5).

        The processing target extends to ``processing_extension`` only if the client was
        notified before the unextended deadline; later notice does not extend it, and
        the deadline says so in ``extension_note`` (as it does when the tier has no
        extension to give).
        """
        instant_to_us(received_at, "received_at")
        clock = self.clock_calendar(self.processing_clock, calendar)
        return processing_deadline(
            received_at,
            self.processing_target,
            self.processing_extension,
            clock,
            extension_notified_at,
            self.calendar_label,
        )


STANDARD = Tier(
    name="standard",
    reaction_target=timedelta(hours=24),
    categories=_STANDARD_CATEGORIES,
)
"""R10 standard support: reaction within 24 working hours; product problems and
installation or configuration questions."""

EMERGENCY = Tier(
    name="emergency",
    reaction_target=timedelta(hours=3),
    categories=_EMERGENCY_CATEGORIES,
    requires_coupon=True,
)
"""R11 emergency support: reaction within 3 working hours; also financial, warehouse and
management accounting questions; needs a valid coupon (R12)."""

EMERGENCY_24_7 = Tier(
    name="emergency_24_7",
    reaction_target=timedelta(hours=3),
    reaction_clock=ClockKind.ROUND_THE_CLOCK,
    processing_clock=ClockKind.ROUND_THE_CLOCK,
    categories=_EMERGENCY_CATEGORIES,
    requires_coupon=True,
)
"""R13 emergency support around the clock: 3 real hours to react, whatever the DST
night; processing also counts real hours."""

BUILT_IN_TIERS: Final[Mapping[str, Tier]] = MappingProxyType(
    {tier.name: tier for tier in (STANDARD, EMERGENCY, EMERGENCY_24_7)}
)
"""The regulation's three tiers by name (R10, R11, R13): what an audit, the command line,
:meth:`~sla_calendar.Decision.from_dict` and the ``from_dict`` methods of the clocks
understand unless given others."""
