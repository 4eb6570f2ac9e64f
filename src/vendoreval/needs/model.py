"""What the buyer needs (check 1, buyer side): channels, hours, traffic, languages and the rest.

A :class:`Needs` holds everything vendors are measured against. Times are in seconds unless
the name says otherwise; shares are fractions 0–1; money is :class:`~decimal.Decimal` in the
contract currency.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Annotated, Final, Self

from pydantic import Field, StrictFloat, StrictInt, model_validator

from vendoreval._model import Model
from vendoreval.calendar import YearMonth
from vendoreval.currency import CurrencyCode
from vendoreval.errors import ArgumentError, UnknownNameError
from vendoreval.needs.arrivals import ArrivalPattern, ArrivalProfile
from vendoreval.needs.hours import Hours
from vendoreval.needs.outbound import OutboundCampaign
from vendoreval.needs.seasonality import Seasonality
from vendoreval.vocabulary import (
    CEFR,
    Certification,
    Channel,
    CountryCode,
    CrmSystem,
    Direction,
    IntegrationMode,
    Kpi,
    LanguageTag,
    NonNegativeFloat,
    PositiveFloat,
    Segregation,
    ServiceKpi,
    Share,
    SocialPlatform,
    TimeZoneName,
)

__all__ = [
    "MAX_BUDGET_PER_MONTH",
    "MAX_CONCURRENCY",
    "MAX_FORECAST_CV",
    "MAX_HANDLE_SECONDS",
    "MAX_HANDLE_TIME_CV",
    "MAX_RESPONSE_HOURS",
    "MAX_TERM_MONTHS",
    "MAX_VOLUME_PER_MONTH",
    "ChannelNeeds",
    "ContractNeeds",
    "CrmNeeds",
    "KpiTarget",
    "LanguageNeed",
    "LocationNeeds",
    "Needs",
    "SecurityNeeds",
    "ServiceLevelTarget",
    "SocialNeeds",
    "StaffingNeeds",
]

# ----------------------------------------------------------------------------- plausible ranges
# Bounds on the buyer's numbers. They are far beyond any real contact centre, and keep the
# staffing and simulation arithmetic (Erlang sums, grids of seconds) finite and fast.

MAX_VOLUME_PER_MONTH: Final = 10**9
"""Most contacts a month of one channel [contacts/month]: the largest contact centres in the
world handle a few million a month; 10^9 is a generous ceiling."""

MAX_HANDLE_SECONDS: Final = 86_400.0
"""Longest mean talk, hold, after-call work, patience or answer threshold [s]: one day."""

MAX_RESPONSE_HOURS: Final = 744.0
"""Longest response threshold of a deferred channel [h]: a 31-day month."""

MAX_HANDLE_TIME_CV: Final = 10.0
"""Largest coefficient of variation of handle times [-] (measured CVs are about 0.5–1.5)."""

MAX_CONCURRENCY: Final = 10.0
"""Most conversations one agent handles at once [-] (chat and messaging: typically 2–3)."""

MAX_TERM_MONTHS: Final = 120
"""Longest contract term [months]: ten years."""

MAX_FORECAST_CV: Final = 1.0
"""Largest coefficient of variation of a month's volume around the forecast [-]."""

MAX_BUDGET_PER_MONTH: Final = Decimal(10) ** 15
"""Largest monthly budget [currency units]: 10^15 in any currency."""


def _at_most(name: str, value: float, limit: float, unit: str, why: str) -> None:
    if value > limit:
        raise ArgumentError(
            f"{name} = {value:g} {unit} is above the most accepted, {limit:g}: {why}"
        )


class ServiceLevelTarget(Model):
    """A service-level target.

    Live channels (phone, chat, messaging): ``share`` of contacts answered within
    ``answer_within_seconds`` (80/20 is ``share: 0.8, answer_within_seconds: 20``).
    Deferred channels (email, social): ``share`` of contacts responded to within
    ``respond_within_hours``.

    Parameters
    ----------
    share : float
        Fraction of contacts that must meet the threshold, in (0, 1].
    answer_within_seconds : float, optional
        Answer threshold [s].
    respond_within_hours : float, optional
        Response threshold [h].
    """

    share: Share
    answer_within_seconds: PositiveFloat | None = None
    respond_within_hours: PositiveFloat | None = None

    @model_validator(mode="after")
    def _one_threshold(self) -> Self:
        if self.share <= 0:
            raise ArgumentError("share must be above 0 (a fraction in (0, 1], e.g. 0.8)")
        if (self.answer_within_seconds is None) == (self.respond_within_hours is None):
            raise ArgumentError(
                "give exactly one of answer_within_seconds (phone, chat, messaging) or "
                "respond_within_hours (email, social)"
            )
        if self.answer_within_seconds is not None:
            _at_most(
                "answer_within_seconds",
                self.answer_within_seconds,
                MAX_HANDLE_SECONDS,
                "s",
                "an answer threshold is seconds or minutes, never more than a day",
            )
        if self.respond_within_hours is not None:
            _at_most(
                "respond_within_hours",
                self.respond_within_hours,
                MAX_RESPONSE_HOURS,
                "h",
                "a response threshold longer than a month measures nothing",
            )
        return self

    @property
    def threshold_seconds(self) -> float:
        """The threshold in seconds, whichever way it was given [s]."""
        if self.answer_within_seconds is not None:
            return float(self.answer_within_seconds)
        assert self.respond_within_hours is not None
        return float(self.respond_within_hours) * 3600.0

    def describe(self) -> str:
        """E.g. ``"80% answered within 20 s"``."""
        if self.answer_within_seconds is not None:
            return f"{self.share:.0%} answered within {self.answer_within_seconds:g} s"
        return f"{self.share:.0%} responded to within {self.respond_within_hours:g} h"


class ChannelNeeds(Model):
    """Traffic and targets for one channel.

    Parameters
    ----------
    channel : Channel
        ``phone``, ``email``, ``chat``, ``social`` or ``messaging``.
    volume_per_month : int
        Forecast contacts a month [contacts/month].
    talk_seconds, hold_seconds, acw_seconds : float
        Mean talk (or handling) time, hold time and after-call work per contact [s].
    handle_time_cv : float
        Coefficient of variation of the handle time per contact (std ÷ mean) [-].
    service_level : ServiceLevelTarget, optional
        Answer or response target.
    patience_seconds : float, optional
        Mean time a customer waits in queue before abandoning [s]; drives abandonment and the
        customer wait that some vendors bill. None for channels without a live queue.
    arrival : ArrivalPattern
        Share of weekly volume per hour of the week (a named profile or 168 shares).
    hours : Hours, optional
        Hours this channel must be staffed; defaults to ``Needs.hours``.
    direction : Direction
        ``inbound`` (customers contact the buyer, the default) or ``outbound`` (agents
        contact customers; see ``Needs.outbound`` for the campaigns).
    concurrency : float
        Conversations one agent handles at once, in [1, 10] [-]: 1 for phone, e-mail and
        social; typically 2–3 for chat and messaging (an *effective* factor: an agent allowed
        3 chats averages about 2.5). Staffing treats the channel as an Erlang queue whose
        handle time is ``aht_seconds / concurrency``, i.e. of traffic ÷ concurrency — the
        usual approximation (Call Centre Helper, "Erlang C for Chat?", 2022,
        https://www.callcentrehelper.com/erlang-c-for-chat-206984.htm; G. Koole, "Staffing
        live-chat sessions", 2022, https://www.wewfm.com/post/staffing-live-chat-sessions,
        who notes it is an approximation that simulation refines). Billing per contact is
        unaffected.

    Notes
    -----
    Numbers are bounded to what a contact centre can be (as are the other parts of
    :class:`Needs`: a month for latencies and response times, a year for RTO and RPO, 26 h
    of time-zone offset, 100 years of experience): ``volume_per_month`` ≤ 10⁹
    (:data:`MAX_VOLUME_PER_MONTH`), talk, hold, after-call work and patience ≤ one day
    (:data:`MAX_HANDLE_SECONDS`), ``handle_time_cv`` ≤ 10, ``concurrency`` ≤ 10.
    """

    channel: Channel
    volume_per_month: Annotated[StrictInt, Field(ge=0)]
    talk_seconds: NonNegativeFloat
    hold_seconds: NonNegativeFloat = 0.0
    acw_seconds: NonNegativeFloat = 0.0
    handle_time_cv: NonNegativeFloat = 0.8
    service_level: ServiceLevelTarget | None = None
    patience_seconds: PositiveFloat | None = None
    arrival: ArrivalPattern = ArrivalPattern(profile=ArrivalProfile.FLAT)
    hours: Hours | None = None
    direction: Direction = Direction.INBOUND
    concurrency: Annotated[StrictFloat | StrictInt, Field(ge=1, allow_inf_nan=False)] = 1.0

    @model_validator(mode="after")
    def _plausible(self) -> Self:
        _at_most(
            "volume_per_month",
            self.volume_per_month,
            MAX_VOLUME_PER_MONTH,
            "contacts",
            "a contact centre does not take more than a billion contacts of one channel a month "
            "(the largest take a few million); check the unit",
        )
        day = "a mean above one day is not a contact-centre figure; check the unit (seconds)"
        for name in ("talk_seconds", "hold_seconds", "acw_seconds", "patience_seconds"):
            value = getattr(self, name)
            if value is not None:
                _at_most(name, value, MAX_HANDLE_SECONDS, "s", day)
        _at_most(
            "handle_time_cv",
            self.handle_time_cv,
            MAX_HANDLE_TIME_CV,
            "",
            "measured handle times vary with a CV of about 0.5–1.5",
        )
        _at_most(
            "concurrency",
            self.concurrency,
            MAX_CONCURRENCY,
            "conversations",
            "agents handle at most a few conversations at once (chat: typically 2–3)",
        )
        if self.concurrency != 1 and self.channel not in (Channel.CHAT, Channel.MESSAGING):
            raise ArgumentError(
                f"concurrency applies to chat and messaging, where an agent runs several "
                f"conversations at once; {self.channel.value} is handled one contact at a time "
                f"(concurrency 1), got {self.concurrency:g}"
            )
        return self

    @property
    def effective_aht_seconds(self) -> float:
        """Agent time per contact for staffing: ``aht_seconds / concurrency`` [s]."""
        return self.aht_seconds / float(self.concurrency)

    @model_validator(mode="after")
    def _positive_handle_time(self) -> Self:
        target = self.service_level
        if target is not None:
            if self.channel.is_realtime and target.answer_within_seconds is None:
                raise ArgumentError(
                    f"service_level of a live channel ({self.channel.value}) is an answer time: "
                    "give answer_within_seconds"
                )
            if not self.channel.is_realtime and target.respond_within_hours is None:
                raise ArgumentError(
                    f"service_level of a deferred channel ({self.channel.value}) is a response "
                    "time: give respond_within_hours"
                )
        if self.volume_per_month > 0 and self.aht_seconds <= 0:
            raise ArgumentError(
                "talk_seconds + hold_seconds + acw_seconds must be above 0 when there is volume"
            )
        return self

    @property
    def aht_seconds(self) -> float:
        """Mean handle time: talk + hold + after-call work [s]."""
        return float(self.talk_seconds + self.hold_seconds + self.acw_seconds)

    def scale_volume(self, factor: float) -> ChannelNeeds:
        """Copy with the monthly volume multiplied by ``factor`` (rounded half-up to whole
        contacts)."""
        volume = math.floor(self.volume_per_month * factor + 0.5)
        return self.model_copy(update={"volume_per_month": volume})


class KpiTarget(Model):
    """A service level the buyer wants a vendor to commit to, keyed ``"<channel>.<kpi>"``.

    The vendor's commitments (:class:`vendoreval.contract.Commitment`) are scored against
    these targets by the security check: a commitment at least as strong as the target
    earns full points, a weaker one part, none nothing.

    Parameters
    ----------
    channel : Channel
        The channel measured.
    kpi : ServiceKpi
        ``service_level``, ``asa_seconds``, ``abandonment``, ``response_within_hours``,
        ``fcr``, ``csat`` or ``qa_score``.
    target : float
        A share 0–1, or a mean wait [s] (≤ one day) for ``asa_seconds``.
    threshold_seconds : float, optional
        Answer threshold of ``service_level`` [s] (required for it, refused otherwise).
    threshold_hours : float, optional
        Response threshold of ``response_within_hours`` [h] (required for it only).
    weight : float
        Importance ≥ 0 among the buyer's targets (default 1).
    """

    channel: Channel
    kpi: ServiceKpi
    target: NonNegativeFloat
    threshold_seconds: PositiveFloat | None = None
    threshold_hours: PositiveFloat | None = None
    weight: NonNegativeFloat = 1.0

    @model_validator(mode="after")
    def _check(self) -> Self:
        self.kpi.check_target(self.target, self.key)
        if not self.kpi.is_share:
            _at_most("target", self.target, MAX_HANDLE_SECONDS, "s", "a mean wait above a day")
        wanted = self.kpi.threshold_field
        for name in ("threshold_seconds", "threshold_hours"):
            given = getattr(self, name)
            if name == wanted and given is None:
                raise ArgumentError(f"{self.key} needs {name}")
            if name != wanted and given is not None:
                raise ArgumentError(f"{name} does not apply to {self.key}")
        if self.threshold_seconds is not None:
            _at_most("threshold_seconds", self.threshold_seconds, MAX_HANDLE_SECONDS, "s", "")
        if self.threshold_hours is not None:
            _at_most("threshold_hours", self.threshold_hours, MAX_RESPONSE_HOURS, "h", "")
        return self

    @property
    def key(self) -> str:
        """``"<channel>.<kpi>"``, e.g. ``"phone.service_level"``."""
        return f"{self.channel.value}.{self.kpi.value}"

    def describe(self) -> str:
        """E.g. ``"phone service level 80% within 20 s"`` or ``"phone ASA ≤ 30 s"``."""
        kpi = self.kpi
        channel = self.channel.value
        if kpi is ServiceKpi.SERVICE_LEVEL:
            return f"{channel} service level {self.target:.0%} within {self.threshold_seconds:g} s"
        if kpi is ServiceKpi.RESPONSE_WITHIN_HOURS:
            return f"{channel} {self.target:.0%} responded within {self.threshold_hours:g} h"
        if kpi is ServiceKpi.ASA_SECONDS:
            return f"{channel} ASA ≤ {self.target:g} s"
        if kpi is ServiceKpi.ABANDONMENT:
            return f"{channel} abandonment ≤ {self.target:.1%}"
        return f"{channel} {kpi.value} ≥ {self.target:.0%}"


class LanguageNeed(Model):
    """A language customers use, its share of contacts and the fluency agents need.

    Parameters
    ----------
    language : str
        BCP 47 tag (``ko``, ``en``, ``es-419``).
    share : float
        Fraction of all contacts in this language, 0–1.
    min_cefr : CEFR
        Minimum agent fluency (``C1`` for most customer-facing work, ``C2`` ≈ native).
    """

    language: LanguageTag
    share: Share
    min_cefr: CEFR = CEFR.C1


class StaffingNeeds(Model):
    """What the buyer expects of the people (check 3, buyer side).

    Parameters
    ----------
    certifications_wanted : tuple of Certification
        Contact-center quality certifications preferred (e.g. ``copc``, ``iso18295``).
    min_industry_years : float
        Years of same-industry experience wanted [years].
    max_annual_attrition : float, optional
        Highest acceptable annual agent attrition, 0–1.
    """

    certifications_wanted: tuple[Certification, ...] = ()
    min_industry_years: Annotated[NonNegativeFloat, Field(le=100)] = 0.0
    max_annual_attrition: Share | None = None


class CrmNeeds(Model):
    """The buyer's CRM and how contact data must reach it (check 4, buyer side).

    Parameters
    ----------
    system : CrmSystem
        CRM in use.
    mode : IntegrationMode
        Integration needed (``realtime_api``, ``cti``, ``batch``).
    max_sync_latency_seconds : float
        Longest acceptable delay before an interaction appears in the CRM [s].
    buyer_owns_data : bool
        Interaction data must live in, and belong to, the buyer's CRM.
    """

    system: CrmSystem
    mode: IntegrationMode = IntegrationMode.REALTIME_API
    max_sync_latency_seconds: Annotated[PositiveFloat, Field(le=31 * 86_400)] = 60.0
    buyer_owns_data: bool = True


class SocialNeeds(Model):
    """Social platforms to serve and how fast (check 5, buyer side).

    Parameters
    ----------
    platforms : tuple of SocialPlatform
        Platforms customers contact the buyer on.
    first_response_minutes : float
        Target median first response [min].
    """

    platforms: tuple[SocialPlatform, ...] = ()
    first_response_minutes: Annotated[PositiveFloat, Field(le=31 * 1_440)] = 60.0


class LocationNeeds(Model):
    """Where the work may be done (check 6, buyer side).

    Parameters
    ----------
    preferred_countries : tuple of str
        Countries preferred for delivery (ISO 3166-1 alpha-2).
    excluded_countries : tuple of str
        Countries where no site may serve the buyer.
    expansion_markets : tuple of str
        Markets the buyer is entering (e.g. ``MX``, ``CO``, ``BR`` for Latin America).
    data_residency : tuple of str
        Countries where customer data must stay; empty when there is no rule.
    max_timezone_offset_hours : float, optional
        Largest acceptable time difference between a site and the buyer [h].
    """

    preferred_countries: tuple[CountryCode, ...] = ()
    excluded_countries: tuple[CountryCode, ...] = ()
    expansion_markets: tuple[CountryCode, ...] = ()
    data_residency: tuple[CountryCode, ...] = ()
    max_timezone_offset_hours: Annotated[NonNegativeFloat, Field(le=26)] | None = None

    @model_validator(mode="after")
    def _no_overlap(self) -> Self:
        both = set(self.preferred_countries) & set(self.excluded_countries)
        if both:
            raise ArgumentError(f"countries both preferred and excluded: {sorted(both)}")
        return self


class SecurityNeeds(Model):
    """Security, policy and disaster-recovery requirements (check 7, buyer side).

    Parameters
    ----------
    required_certifications : tuple of Certification
        Certifications a vendor must hold (e.g. ``isms_p``, ``pci_dss``).
    min_segregation : Segregation
        Weakest acceptable separation of the buyer's data from other clients'.
    max_rto_hours, max_rpo_hours : float
        Longest acceptable recovery time and data-loss window after a disaster [h].
    dr_test_within_months : int
        The disaster-recovery plan must have been tested within this many months [months].
    kpis : tuple of Kpi
        KPIs the buyer wants reported, most important first (e.g. first-contact resolution
        ahead of handle time). Kept from earlier versions and still read: the reporting
        alignment uses it when given, else the KPIs of ``kpi_targets``.
    kpi_targets : tuple of KpiTarget
        The service levels the buyer wants committed to in the contract (one per channel and
        KPI); see :attr:`Needs.service_targets` for the channels' own targets added to them.
    """

    required_certifications: tuple[Certification, ...] = ()
    min_segregation: Segregation = Segregation.LOGICAL
    max_rto_hours: Annotated[PositiveFloat, Field(le=8_760)] = 24.0
    max_rpo_hours: Annotated[PositiveFloat, Field(le=8_760)] = 4.0
    dr_test_within_months: Annotated[StrictInt, Field(gt=0, le=120)] = 12
    kpis: tuple[Kpi, ...] = ()
    kpi_targets: tuple[KpiTarget, ...] = ()

    @model_validator(mode="after")
    def _unique_targets(self) -> Self:
        keys = [target.key for target in self.kpi_targets]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ArgumentError(f"kpi_targets: {repeated[0]!r} is given twice")
        return self


class ContractNeeds(Model):
    """Contract terms and the forecast's uncertainty (check 8, buyer side).

    Parameters
    ----------
    term_months : int
        Contract length [months].
    currency : str
        ISO 4217 currency of prices and budget.
    start_month : str
        First month of service, ``YYYY-MM``.
    monthly_growth : float
        Expected month-over-month volume growth (0.01 = +1% a month) [-].
    forecast_cv : float
        Coefficient of variation of a month's total volume around the forecast [-], in
        [0, 1]. Each month of a simulated term draws its own factor.
    budget_per_month : Decimal, optional
        Monthly budget in ``currency`` (at most 10¹⁵).
    current_monthly_cost : Decimal, optional
        What the buyer's current operation (in-house or the incumbent vendor) costs a month
        [currency/month]: paid on top of the new vendor's fees in each month of double
        running during the transition.
    """

    term_months: Annotated[StrictInt, Field(gt=0, le=MAX_TERM_MONTHS)] = 36
    currency: CurrencyCode
    start_month: YearMonth
    monthly_growth: Annotated[StrictFloat | StrictInt, Field(gt=-1, le=1)] = 0.0
    forecast_cv: Annotated[
        StrictFloat | StrictInt, Field(ge=0, le=MAX_FORECAST_CV, allow_inf_nan=False)
    ] = 0.1
    budget_per_month: (
        Annotated[Decimal, Field(gt=0, le=MAX_BUDGET_PER_MONTH, allow_inf_nan=False)] | None
    ) = None
    current_monthly_cost: (
        Annotated[Decimal, Field(ge=0, le=MAX_BUDGET_PER_MONTH, allow_inf_nan=False)] | None
    ) = None


class Needs(Model):
    """Everything a buyer asks of a contact-center vendor.

    Parameters
    ----------
    buyer : str
        Buyer's name.
    industry : str
        Buyer's industry (``e-commerce``, ``banking``…), matched against references.
    competitors : tuple of str
        Competitors; a vendor serving one is flagged.
    timezone : str
        IANA time zone of the buyer; hours and arrival patterns are local to it.
    hours : Hours
        Default coverage hours for every channel.
    holidays : tuple of date
        Public holidays in the contract period (for coverage and premiums).
    holidays_covered : bool
        Whether service must run on holidays.
    channels : tuple of ChannelNeeds
        At least one channel; each channel at most once.
    languages : tuple of LanguageNeed
        Shares sum to 1.
    outbound : tuple of OutboundCampaign
        Outbound campaigns the buyer wants run (none by default).
    seasonality : Seasonality
        Month-of-year profile and event peaks of the volumes (none by default).
    """

    buyer: str = Field(min_length=1)
    industry: str = Field(min_length=1)
    competitors: tuple[str, ...] = ()
    timezone: TimeZoneName
    hours: Hours
    holidays: tuple[dt.date, ...] = ()
    holidays_covered: bool = True
    channels: tuple[ChannelNeeds, ...] = Field(min_length=1)
    languages: tuple[LanguageNeed, ...] = Field(min_length=1)
    staffing: StaffingNeeds = StaffingNeeds()
    crm: CrmNeeds | None = None
    social: SocialNeeds = SocialNeeds()
    locations: LocationNeeds = LocationNeeds()
    security: SecurityNeeds = SecurityNeeds()
    contract: ContractNeeds
    outbound: tuple[OutboundCampaign, ...] = ()
    seasonality: Seasonality = Seasonality()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        seen: set[Channel] = set()
        for item in self.channels:
            if item.channel in seen:
                raise ArgumentError(f"channel {item.channel.value!r} is listed twice in channels")
            seen.add(item.channel)
        tags = [lang.language for lang in self.languages]
        if len(set(tags)) != len(tags):
            raise ArgumentError(f"a language is listed twice in languages: {tags}")
        total = math.fsum(lang.share for lang in self.languages)
        if abs(total - 1.0) > 1e-6:
            raise ArgumentError(
                f"language shares must sum to 1 (they are fractions of all contacts); "
                f"they sum to {total:.6g}"
            )
        return self

    def channel(self, channel: Channel | str) -> ChannelNeeds:
        """The needs of one channel; ``KeyError`` naming the channels present if absent."""
        for item in self.channels:
            if item.channel == channel:
                return item
        present = ", ".join(item.channel.value for item in self.channels)
        raise UnknownNameError(f"no {channel!s} channel in these needs (channels: {present})")

    @property
    def channel_names(self) -> tuple[Channel, ...]:
        """The channels the buyer needs, in the order given."""
        return tuple(item.channel for item in self.channels)

    def hours_for(self, channel: Channel | str) -> Hours:
        """Coverage hours required for ``channel`` (its own, else the default)."""
        return self.channel(channel).hours or self.hours

    @property
    def service_targets(self) -> tuple[KpiTarget, ...]:
        """The service levels the buyer wants committed to.

        ``security.kpi_targets``, plus — for a channel with a ``service_level`` and no
        ``service_level`` / ``response_within_hours`` target of its own there — that channel's
        service level as a target of weight 1 (``phone.service_level`` 0.8 within 20 s from
        an 80/20 target).
        """
        targets = list(self.security.kpi_targets)
        stated = {target.key for target in targets}
        for item in self.channels:
            level = item.service_level
            if level is None or item.volume_per_month == 0:
                continue
            if level.answer_within_seconds is not None:
                kpi = ServiceKpi.SERVICE_LEVEL
                extra: dict[str, float | None] = {"threshold_seconds": level.answer_within_seconds}
            else:
                kpi = ServiceKpi.RESPONSE_WITHIN_HOURS
                extra = {"threshold_hours": level.respond_within_hours}
            if f"{item.channel.value}.{kpi.value}" in stated:
                continue
            targets.append(KpiTarget(channel=item.channel, kpi=kpi, target=level.share, **extra))
        return tuple(targets)

    @property
    def volume_per_month(self) -> int:
        """Forecast contacts a month over all channels [contacts/month]."""
        return sum(item.volume_per_month for item in self.channels)

    @property
    def currency(self) -> str:
        """Contract currency (ISO 4217)."""
        return self.contract.currency

    def scale_volume(self, factor: float) -> Needs:
        """Copy with every channel's monthly volume multiplied by ``factor``.

        Parameters
        ----------
        factor : float
            Multiplier ≥ 0 [-]; volumes are rounded to whole contacts.
        """
        if not (math.isfinite(factor) and factor >= 0):
            raise ArgumentError(f"factor must be a finite number ≥ 0, got {factor!r}")
        return self.model_copy(
            update={"channels": tuple(item.scale_volume(factor) for item in self.channels)}
        )
