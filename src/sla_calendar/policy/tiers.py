"""Service tiers (R10, R11, R13): targets, the clock each runs on, what each covers.

A :class:`Tier` is a frozen value; the three of the regulation are built in, and users
may define their own. Deadlines come from :meth:`Tier.reaction_due` and
:meth:`Tier.processing_due` (see :mod:`sla_calendar.policy.deadlines`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Final

from sla_calendar._checks import (
    invalid_value,
    require_bool,
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
    "EMERGENCY",
    "EMERGENCY_24_7",
    "STANDARD",
    "Category",
    "ClockKind",
    "Tier",
]


class Category(enum.Enum):
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


class ClockKind(enum.Enum):
    """Which clock a target runs on."""

    WORKING_HOURS = "working_hours"
    """The working calendar passed in (the regulation's: :func:`kyiv_calendar`)."""
    ROUND_THE_CLOCK = "round_the_clock"
    """Real elapsed time, 24/7 (:data:`ROUND_THE_CLOCK`)."""


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
    """

    name: str
    reaction_target: timedelta
    processing_target: timedelta = timedelta(hours=24)
    processing_extension: timedelta = timedelta(hours=72)
    reaction_clock: ClockKind = ClockKind.WORKING_HOURS
    processing_clock: ClockKind = ClockKind.WORKING_HOURS
    categories: frozenset[Category] = _STANDARD_CATEGORIES
    requires_coupon: bool = False

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

    def clock_calendar(self, clock: ClockKind, calendar: WorkingCalendar) -> WorkingCalendar:
        """The calendar a clock of this tier runs on, given the working calendar.

        Working hours: ``calendar`` itself. Round the clock: a 24/7 calendar in
        ``calendar``'s zone (:data:`ROUND_THE_CLOCK` for Kyiv), so results read in the
        same zone either way.
        """
        require_type(
            calendar, WorkingCalendar, "calendar", "a WorkingCalendar (e.g. kyiv_calendar())"
        )
        if clock is ClockKind.WORKING_HOURS:
            return calendar
        if calendar.zone == ROUND_THE_CLOCK.zone:
            return ROUND_THE_CLOCK
        # Real time is the same in every zone; results are shown in the caller's zone.
        return WorkingCalendar(zone=calendar.zone, weekly_hours=ROUND_THE_CLOCK.weekly_hours)

    def covers(self, category: Category) -> bool:
        """True when requests of ``category`` are within this tier's contract."""
        return category in self.categories

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
        return deadline_for(Target.REACTION, received_at, self.reaction_target, clock)

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
"""The regulation's three tiers by name (R10, R11, R13): what an audit, the command line and
:meth:`~sla_calendar.Decision.from_dict` understand unless given others."""
