"""A vendor's price sheet (check 8): increments, billable components, rates, fees and tiers.

All money is :class:`~decimal.Decimal` in the sheet's ``currency``. What each field means
when an invoice is computed is written on the field; :func:`vendoreval.pricing.invoice`
applies it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Final, Self

from pydantic import Field, StrictFloat, StrictInt, field_validator, model_validator

from vendoreval._model import Model
from vendoreval.currency import CurrencyCode
from vendoreval.errors import ArgumentError
from vendoreval.pricing.billing import BillingIncrement
from vendoreval.pricing.outbound import OutboundPricing
from vendoreval.vocabulary import BillableComponent, Channel, LanguageTag, TimeZoneName, Weekday

__all__ = [
    "MAX_COMMITTED_FTES",
    "AfterHours",
    "BillableComponent",
    "Money",
    "Premiums",
    "PriceSheet",
    "Rounding",
    "TierBand",
    "TierBasis",
    "TierMode",
    "VolumeTier",
    "unpriced_problem",
]

Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
"""A non-negative amount of money in the sheet's currency."""

Multiplier = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
"""A price multiplier (1.25 = +25%)."""

MAX_COMMITTED_FTES: Final = 100_000.0
"""Most full-time agents a sheet may commit to one channel [FTE]."""

HeadCount = Annotated[
    StrictFloat | StrictInt, Field(gt=0, le=MAX_COMMITTED_FTES, allow_inf_nan=False)
]
"""A committed head-count of full-time agents (fractions allowed: 12.5 FTE)."""


class Rounding(StrEnum):
    """Where the billing increment applies.

    ``per_contact``: to each contact's billable seconds (the usual way).
    ``monthly``: once, to the month's total billable seconds. Monthly rounding never bills
    more than per-contact rounding when the increment's first period is a whole number of
    steps (60/60, 30/6, 6/6, 1/1); with an off-grid increment such as 1/2 it can.
    """

    PER_CONTACT = "per_contact"
    MONTHLY = "monthly"


class TierMode(StrEnum):
    """How a volume tier prices the quantity.

    ``graduated``: each band's quantity at that band's rate (like income-tax brackets).
    ``all_units``: the whole quantity at the rate of the band the total reaches.
    """

    GRADUATED = "graduated"
    ALL_UNITS = "all_units"


class TierBasis(StrEnum):
    """Quantity a volume tier counts: billed voice minutes, or handled contacts of a channel."""

    VOICE_MINUTES = "voice_minutes"
    CONTACTS = "contacts"


class TierBand(Model):
    """One band of a volume tier.

    Parameters
    ----------
    up_to : int, optional
        Upper bound of the band (inclusive) in the tier's quantity [min or contacts]; None for
        the last, open-ended band.
    rate : Decimal
        Price per unit within the band [currency / min or contact].
    """

    up_to: Annotated[StrictInt, Field(gt=0)] | None = Field(
        default=None,
        description="upper limit of the band, inclusive [minutes or contacts]",
        json_schema_extra={
            "questionnaire": {
                "label": "Up to (inclusive)",
                "blank": "blank on the last, open-ended band",
            }
        },
    )
    rate: Money = Field(
        description="price per minute or contact within the band, in the sheet's currency",
        json_schema_extra={"questionnaire": {"label": "Rate"}},
    )


class VolumeTier(Model):
    """Volume-dependent rates that replace the flat rate of their basis.

    Parameters
    ----------
    basis : TierBasis
        ``voice_minutes`` replaces ``voice_rate_per_minute``; ``contacts`` replaces
        ``per_contact[channel]``.
    channel : Channel, optional
        Required when ``basis`` is ``contacts``.
    mode : TierMode
        ``graduated`` or ``all_units``.
    bands : tuple of TierBand
        Ascending ``up_to``; only the last band is open-ended.
    """

    basis: TierBasis = Field(
        description="quantity counted: voice_minutes replaces the voice rate, contacts the "
        "channel's price per contact",
        json_schema_extra={"questionnaire": {"label": "Quantity counted"}},
    )
    channel: Channel | None = Field(
        default=None,
        description="channel whose contacts the tier prices",
        json_schema_extra={
            "questionnaire": {
                "label": "Channel",
                "blank": "required for contacts; blank for voice_minutes",
            }
        },
    )
    mode: TierMode = Field(
        default=TierMode.GRADUATED,
        description="graduated: each band at its rate; all_units: all at the band reached",
        json_schema_extra={"questionnaire": {"label": "Mode", "width": 30}},
    )
    bands: tuple[TierBand, ...] = Field(
        min_length=1,
        description="bands in ascending order of their limits; only the last is open-ended",
        json_schema_extra={"questionnaire": {"label": "Bands"}},
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.basis is TierBasis.CONTACTS and self.channel is None:
            raise ArgumentError("a contacts tier needs the channel it prices (e.g. channel: chat)")
        if self.basis is TierBasis.VOICE_MINUTES and self.channel not in (None, Channel.PHONE):
            raise ArgumentError("a voice_minutes tier prices phone only; drop channel or use phone")
        bounds = [band.up_to for band in self.bands]
        if bounds[-1] is not None:
            raise ArgumentError("the last band must be open-ended (no up_to)")
        if any(b is None for b in bounds[:-1]):
            raise ArgumentError("only the last band may be open-ended; give up_to on the others")
        closed = [b for b in bounds[:-1] if b is not None]
        if any(a >= b for a, b in itertools.pairwise(closed)):
            raise ArgumentError(f"band limits must increase: {closed}")
        return self


_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$|^24:00$")


class AfterHours(Model):
    """A daily after-hours window and its price multiplier.

    Parameters
    ----------
    start, end : str
        Local clock times ``"HH:MM"``; a window with ``end`` ≤ ``start`` runs past midnight
        (``"20:00"``–``"08:00"``). A contact is after hours when it *starts* in the window.
    multiplier : Decimal
        Price multiplier for contacts in the window (1.2 = +20%).
    days : tuple of Weekday
        Days the window applies (by the day the window opens); all days by default.
    """

    start: str = Field(
        description="local time the window opens, e.g. 22:00; a call is after hours when it "
        "starts in the window",
        json_schema_extra={
            "questionnaire": {
                "label": "After-hours window starts",
                "kind": "clock",
                "blank": "required for an after-hours surcharge",
            }
        },
    )
    end: str = Field(
        description="local time the window closes, e.g. 08:00 (before the start: runs past "
        "midnight)",
        json_schema_extra={
            "questionnaire": {
                "label": "After-hours window ends",
                "kind": "clock",
                "blank": "required for an after-hours surcharge",
            }
        },
    )
    multiplier: Multiplier = Field(
        description="price multiplier above 0: 1.3 for +30%",
        json_schema_extra={
            "questionnaire": {
                "label": "After-hours multiplier",
                "blank": "required for an after-hours surcharge",
            }
        },
    )
    days: tuple[Weekday, ...] = Field(
        default=tuple(Weekday),
        description="days the window opens",
        json_schema_extra={
            "questionnaire": {"label": "After-hours days", "blank": "blank = every day"}
        },
    )

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ArgumentError(f"expected a time 'HH:MM' between 00:00 and 24:00, got {value!r}")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.start == "24:00":
            raise ArgumentError("after-hours cannot start at 24:00: start it at 00:00")
        if self.start == self.end:
            raise ArgumentError(
                f"after-hours window {self.start}–{self.end} is ambiguous: give different "
                "start and end times"
            )
        return self


class Premiums(Model):
    """Surcharges on usage (per-minute and per-contact) charges.

    A contact's time multiplier is the largest that applies of after-hours, weekend and
    holiday (they do not compound); a language multiplier, if any, multiplies on top. The
    surcharge is shown as its own invoice lines. Staffing-based and fixed fees carry no premium.

    Parameters
    ----------
    timezone : str, optional
        IANA time zone of the windows; required for time-based premiums. Timestamps without
        a zone are read as local time in this zone.
    after_hours : AfterHours, optional
        Daily window with a multiplier.
    weekend_multiplier : Decimal, optional
        Multiplier for contacts starting on Saturday or Sunday, local time.
    holidays : tuple of date
        Holidays on which ``holiday_multiplier`` applies.
    holiday_multiplier : Decimal, optional
        Multiplier on listed holidays.
    language_multipliers : dict of str to Decimal
        Multiplier by contact language (BCP 47), e.g. ``{"ja": 1.3}``.
    """

    timezone: TimeZoneName | None = Field(
        default=None,
        description="IANA time zone of the surcharge windows, e.g. Asia/Seoul",
        json_schema_extra={
            "questionnaire": {
                "label": "Time zone of the surcharge windows",
                "blank": "required for after-hours, weekend and holiday surcharges",
            }
        },
    )
    after_hours: AfterHours | None = Field(
        default=None,
        description="a daily after-hours window and its multiplier",
        json_schema_extra={"questionnaire": {"label": "After-hours surcharge"}},
    )
    weekend_multiplier: Multiplier | None = Field(
        default=None,
        description="multiplier for calls starting on Saturday or Sunday: 1.2 for +20%",
        json_schema_extra={
            "questionnaire": {"label": "Weekend multiplier", "blank": "blank = none"}
        },
    )
    holidays: tuple[dt.date, ...] = Field(
        default=(),
        description="holidays the holiday multiplier applies to",
        json_schema_extra={
            "questionnaire": {
                "label": "Holidays",
                "table": "Holidays the holiday multiplier applies to — one date per row",
                "rows": 6,
                "value": {"label": "Date"},
            }
        },
    )
    holiday_multiplier: Multiplier | None = Field(
        default=None,
        description="multiplier for calls on the listed holidays: 1.5 for +50%",
        json_schema_extra={
            "questionnaire": {"label": "Holiday multiplier", "blank": "blank = none"}
        },
    )
    language_multipliers: dict[LanguageTag, Multiplier] = Field(
        default_factory=dict,
        description="multiplier by contact language (BCP 47)",
        json_schema_extra={
            "questionnaire": {
                "label": "Language surcharges",
                "table": "Language surcharges — one language per row",
                "rows": 4,
                "key": {"label": "Language", "description": "BCP 47 tag: en, ja, es-419…"},
                "value": {
                    "label": "Multiplier",
                    "description": "multiplier above 0: 1.15 for +15%",
                    "width": 20,
                },
            }
        },
    )

    @model_validator(mode="after")
    def _zone_when_timed(self) -> Self:
        timed = (
            self.after_hours is not None
            or self.weekend_multiplier is not None
            or self.holiday_multiplier is not None
        )
        if timed and self.timezone is None:
            raise ArgumentError(
                "time-based premiums need the time zone of their windows (timezone: Asia/Seoul)"
            )
        if self.holiday_multiplier is not None and not self.holidays:
            raise ArgumentError("holiday_multiplier is set but no holidays are listed")
        return self

    @property
    def is_empty(self) -> bool:
        """True when no premium applies to any contact."""
        return (
            self.after_hours is None
            and self.weekend_multiplier is None
            and self.holiday_multiplier is None
            and not self.language_multipliers
        )


_DEFAULT_COMPONENTS = (BillableComponent.TALK, BillableComponent.HOLD, BillableComponent.ACW)


class PriceSheet(Model):
    """How a vendor charges.

    Parameters
    ----------
    currency : str
        ISO 4217 code of every amount.
    billing_increment : BillingIncrement
        ``"60/60"``, ``"per-second"``, ``"30/6"``… applied to voice billable seconds.
    billable_components : tuple of BillableComponent
        Parts of a voice contact that are billed: ``talk``, ``hold``, ``acw`` (default all
        three) and ``wait`` (the customer's queue time).
    rounding : Rounding
        ``per_contact`` (default) or ``monthly``.
    voice_rate_per_minute : Decimal, optional
        Price per billed voice minute [currency/min].
    per_contact : dict of Channel to Decimal
        Price per handled contact, by channel [currency/contact].
    unpriced_contacts_free : bool
        When True, contacts in channels the sheet does not price cost nothing; when False
        (default) they are an error — unless the sheet is staffing-based, whose agent-hour
        or FTE charge covers every contact those agents handle.
    agent_hour_rate : Decimal, optional
        Price per productive agent hour [currency/h]; needs the agent hours.
    fte_month_rate : Decimal, optional
        Price per full-time-equivalent agent per month [currency/FTE/month]; needs FTEs.
    monthly_fixed : Decimal
        Fixed fee every month (platform, management) [currency/month].
    setup_fee : Decimal
        One-off set-up fee [currency]; on an invoice only when asked for.
    minimum_monthly : Decimal, optional
        The month is billed at least this [currency/month] (a true-up line).
    volume_tiers : tuple of VolumeTier
        Tiered rates, at most one per basis and channel.
    premiums : Premiums, optional
        After-hours, weekend, holiday and language surcharges.
    outbound : OutboundPricing, optional
        Outbound campaign terms (per dial, contact, sale, commission, clawback).
    committed_ftes : dict of Channel to float
        Per-head contract (인원 도급): the full-time agents the vendor commits to each channel
        [FTE]. The month is charged ``fte_month_rate × Σ committed_ftes`` whatever the
        traffic (required with it), optionally adjusted by monthly grades
        (:attr:`vendoreval.contract.ServiceCredits.grades`); the simulation staffs those
        channels with exactly these agents.
    annual_increase : float
        Yearly price change, compounding at each contract anniversary, in [−0.5, 1]: month
        ``m`` is charged at prices × ``(1 + annual_increase)^⌊(m − 1)/12⌋``; the set-up (and
        transition) fees are not indexed. Default 0.
    training_fee_per_hire : Decimal, optional
        Fee for recruiting and training each replacement agent [currency/hire]; the
        simulation charges it on the expected hires, ``FTE × annual_attrition / 12`` a month.
    """

    currency: CurrencyCode = Field(
        description="ISO 4217 code of every amount: KRW, USD, EUR…",
        json_schema_extra={"questionnaire": {"label": "Currency"}},
    )
    billing_increment: BillingIncrement = Field(
        description="first period/step in seconds: 60/60 (per minute), 30/6, 6/6, 1/1 (per second)",
        json_schema_extra={"questionnaire": {"label": "Billing increment"}},
    )
    billable_components: tuple[BillableComponent, ...] = Field(
        default=_DEFAULT_COMPONENTS,
        description="parts of a voice contact that are billed; wait = the customer's time in queue",
        json_schema_extra={"questionnaire": {"label": "Billed parts of a call"}},
    )
    rounding: Rounding = Field(
        default=Rounding.PER_CONTACT,
        description="per_contact: the increment applies to each call; monthly: once to the "
        "month's total",
        json_schema_extra={"questionnaire": {"label": "Where the increment applies"}},
    )
    voice_rate_per_minute: Money | None = Field(
        default=None,
        description="price per billed voice minute, in the sheet's currency [currency/min]",
        json_schema_extra={
            "questionnaire": {"label": "Price per billed voice minute", "blank": "blank = none"}
        },
    )
    per_contact: dict[Channel, Money] = Field(
        default_factory=dict,
        description="price per handled contact by channel, in the sheet's currency "
        "[currency/contact]",
        json_schema_extra={
            "questionnaire": {
                "label": "Price per handled contact",
                "table": "Price per handled contact — one channel per row",
                "rows": 5,
                "key": {"label": "Channel", "description": "one row per channel"},
                "value": {
                    "label": "Price per contact",
                    "description": "in the sheet's currency [currency/contact]",
                    "width": 20,
                },
            }
        },
    )
    unpriced_contacts_free: bool = Field(
        default=False,
        description="contacts in channels the sheet does not price cost nothing (otherwise "
        "they are an error on an invoice, unless the sheet charges per agent hour or FTE)",
        json_schema_extra={
            "questionnaire": {"label": "Contacts in channels without a price are free", "order": 1}
        },
    )
    agent_hour_rate: Money | None = Field(
        default=None,
        description="price per productive agent hour, in the sheet's currency [currency/h]",
        json_schema_extra={
            "questionnaire": {"label": "Price per productive agent hour", "blank": "blank = none"}
        },
    )
    fte_month_rate: Money | None = Field(
        default=None,
        description="price per full-time-equivalent agent a month, in the sheet's currency "
        "[currency/FTE/month]",
        json_schema_extra={
            "questionnaire": {
                "label": "Price per full-time agent a month",
                "blank": "blank = none",
            }
        },
    )
    monthly_fixed: Money = Field(
        default=Decimal(0),
        description="fixed fee every month (platform, management…), in the sheet's currency "
        "[currency/month]",
        json_schema_extra={"questionnaire": {"label": "Fixed fee every month"}},
    )
    setup_fee: Money = Field(
        default=Decimal(0),
        description="one-off set-up fee, in the sheet's currency [currency]",
        json_schema_extra={"questionnaire": {"label": "One-off set-up fee"}},
    )
    minimum_monthly: Money | None = Field(
        default=None,
        description="the month is billed at least this, in the sheet's currency [currency/month]",
        json_schema_extra={
            "questionnaire": {"label": "Minimum monthly bill", "blank": "blank = none"}
        },
    )
    volume_tiers: tuple[VolumeTier, ...] = Field(
        default=(),
        description="volume-dependent rates, at most one tier per basis and channel",
        json_schema_extra={
            "questionnaire": {
                "label": "Volume tiers",
                "table": "Volume tiers — one band per row, the bands of a tier in ascending order",
                "rows": 8,
                "group_by": ["basis", "channel"],
                "item": "tier",
            }
        },
    )
    premiums: Premiums | None = Field(
        default=None,
        description="yes if any after-hours, weekend, holiday or language surcharge applies; "
        "then fill the rows below and the tables",
        json_schema_extra={
            "questionnaire": {"label": "Surcharges (premiums) charged", "order": 2, "blank": ""}
        },
    )
    outbound: OutboundPricing | None = Field(
        default=None,
        description="yes if the vendor prices outbound campaigns; then fill the rows below",
        json_schema_extra={
            "questionnaire": {
                "label": "Outbound campaign terms",
                "blank": "",
                "ko": {
                    "label": "아웃바운드 캠페인 요금",
                    "description": "아웃바운드 캠페인 요금이 있으면 yes; 그러면 아래 행을 작성",
                },
            }
        },
    )

    committed_ftes: dict[Channel, HeadCount] = Field(
        default_factory=dict,
        description="per-head contract: full-time agents committed to each channel, billed at "
        "the price per full-time agent whatever the traffic [FTE]",
        json_schema_extra={
            "questionnaire": {
                "label": "Committed full-time agents",
                "table": "Committed full-time agents (per-head contract) — one channel per row",
                "rows": 5,
                "key": {"label": "Channel", "description": "one row per channel"},
                "value": {
                    "label": "Full-time agents",
                    "description": "agents committed to the channel [FTE]",
                    "width": 20,
                },
            }
        },
    )
    annual_increase: Annotated[
        StrictFloat | StrictInt, Field(ge=-0.5, le=1, allow_inf_nan=False)
    ] = Field(
        default=0.0,
        description="yearly price change at each contract anniversary, -0.5 to 1 (0.03 = +3% "
        "a year, compounding); set-up and transition fees excepted",
        json_schema_extra={"questionnaire": {"label": "Yearly price increase"}},
    )
    training_fee_per_hire: Money | None = Field(
        default=None,
        description="fee for recruiting and training each replacement agent, in the sheet's "
        "currency [currency/hire]",
        json_schema_extra={
            "questionnaire": {"label": "Training fee per new hire", "blank": "blank = none"}
        },
    )

    @field_validator("billable_components")
    @classmethod
    def _unique_components(
        cls, value: tuple[BillableComponent, ...]
    ) -> tuple[BillableComponent, ...]:
        if not value:
            raise ArgumentError("at least one billable component is needed (talk, hold, acw, wait)")
        if len(set(value)) != len(value):
            raise ArgumentError(f"a billable component is listed twice: {[v.value for v in value]}")
        return value

    @model_validator(mode="after")
    def _something_is_charged(self) -> Self:
        keys = [(tier.basis, tier.channel) for tier in self.volume_tiers]
        if len(set(keys)) != len(keys):
            raise ArgumentError("two volume tiers price the same basis and channel")
        charged = (
            self.voice_rate_per_minute is not None
            or self.per_contact
            or self.agent_hour_rate is not None
            or self.fte_month_rate is not None
            or self.volume_tiers
            or self.monthly_fixed > 0
        )
        if not charged:
            raise ArgumentError(
                "the sheet charges nothing: give voice_rate_per_minute, per_contact, "
                "agent_hour_rate, fte_month_rate, volume_tiers or monthly_fixed"
            )
        if self.committed_ftes and self.fte_month_rate is None:
            raise ArgumentError(
                "committed_ftes needs fte_month_rate: the price of each committed full-time "
                "agent a month"
            )
        return self

    @property
    def committed_fte_total(self) -> float:
        """Full-time agents committed over all channels [FTE] (0 without a per-head contract)."""
        return float(sum(self.committed_ftes.values()))

    def price_index(self, month: int) -> float:
        """Price multiplier of contract month ``month`` (1 = the first) from the yearly
        increase: ``(1 + annual_increase)^⌊(month − 1)/12⌋`` [-]."""
        if month < 1:
            raise ArgumentError(f"month must be ≥ 1 (the first contract month), got {month!r}")
        return float((1.0 + float(self.annual_increase)) ** ((month - 1) // 12))

    @property
    def bills_wait(self) -> bool:
        """True when the customer's queue time is billed."""
        return BillableComponent.WAIT in self.billable_components

    @property
    def is_staffing_based(self) -> bool:
        """True when the sheet charges per agent hour or per FTE."""
        return self.agent_hour_rate is not None or self.fte_month_rate is not None

    @property
    def covers_unpriced_contacts(self) -> bool:
        """True when contacts in channels without a usage price cost nothing extra.

        Either the sheet says so (``unpriced_contacts_free``), or it is staffing-based: the
        agent hours or FTEs it charges for are the agents who handle those contacts.
        """
        return self.unpriced_contacts_free or self.is_staffing_based

    def tier_for(self, basis: TierBasis, channel: Channel | None = None) -> VolumeTier | None:
        """The volume tier pricing ``basis`` (and ``channel`` for contacts), if any."""
        for tier in self.volume_tiers:
            if tier.basis is not basis:
                continue
            if basis is TierBasis.VOICE_MINUTES or tier.channel == channel:
                return tier
        return None

    def prices_channel(self, channel: Channel) -> bool:
        """True when contacts of ``channel`` carry a usage price on this sheet."""
        if channel in self.per_contact or self.tier_for(TierBasis.CONTACTS, channel) is not None:
            return True
        if channel is Channel.PHONE:
            return (
                self.voice_rate_per_minute is not None
                or self.tier_for(TierBasis.VOICE_MINUTES) is not None
            )
        return False

    def describe(self) -> str:
        """One line summarising the sheet, e.g. ``"KRW · per-second (1/1) · bills wait"``."""
        parts = [self.currency, self.billing_increment.label]
        if self.bills_wait:
            parts.append("bills customer wait")
        if self.voice_rate_per_minute is not None:
            parts.append(f"{self.voice_rate_per_minute}/min")
        for channel, price in self.per_contact.items():
            parts.append(f"{channel.value} {price}/contact")
        if self.agent_hour_rate is not None:
            parts.append(f"{self.agent_hour_rate}/agent-hour")
        if self.fte_month_rate is not None:
            parts.append(f"{self.fte_month_rate}/FTE-month")
        if self.committed_ftes:
            parts.append(f"{self.committed_fte_total:g} FTE committed")
        if self.annual_increase:
            parts.append(f"{self.annual_increase:+.1%}/year")
        if self.minimum_monthly is not None:
            parts.append(f"minimum {self.minimum_monthly}/month")
        return " · ".join(parts)


def unpriced_problem(channel: Channel) -> str:
    """Why contacts of ``channel`` cannot be priced by a sheet that has no price for them."""
    return (
        f"the price sheet does not price {channel.value!r} contacts (no per-contact price"
        + (", per-minute rate" if channel is Channel.PHONE else "")
        + " or tier for it); set unpriced_contacts_free: true if other fees cover them"
    )
