"""Hypothesis strategies for vendoreval's models: valid needs, proposals and their parts.

Every strategy draws *valid* objects, kept small (a few channels, languages, sites, tiers) so
that properties run fast. ``json_values`` and ``mutations`` draw arbitrary or damaged input
for robustness properties.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import strategies as st

from vendoreval.checks import (
    ClientReference,
    CoachingProgram,
    CoverageAnswer,
    CrmAnswer,
    DisasterRecovery,
    LanguageStaff,
    LocationAnswer,
    PilotOutcome,
    PricingAnswer,
    ReferenceOutcome,
    ReferencesAnswer,
    Reporting,
    SecurityAnswer,
    Site,
    SocialAnswer,
    StaffingAnswer,
)
from vendoreval.contract import Commitment, CommitmentKpi, GradeBand, ServiceCredits
from vendoreval.needs import (
    ChannelNeeds,
    ContractNeeds,
    CrmNeeds,
    LanguageNeed,
    LocationNeeds,
    Needs,
    SecurityNeeds,
    ServiceLevelTarget,
    SocialNeeds,
    StaffingNeeds,
)
from vendoreval.needs.arrivals import HOURS_PER_WEEK, ArrivalPattern, ArrivalProfile
from vendoreval.needs.hours import Hours, WeeklyWindow
from vendoreval.pricing import (
    AfterHours,
    BillableComponent,
    BillingIncrement,
    Premiums,
    PriceSheet,
    Rounding,
    TierBand,
    TierBasis,
    TierMode,
    VolumeTier,
)
from vendoreval.proposal import ContractTerms, VendorProposal
from vendoreval.vocabulary import (
    CEFR,
    Certification,
    Channel,
    CrmSystem,
    IntegrationMode,
    Kpi,
    Segregation,
    SocialPlatform,
    Weekday,
)

__all__ = [
    "CLOCKS",
    "answer_thresholds",
    "arrival_patterns",
    "billing_increments",
    "channel_needs",
    "coverage_answers",
    "handle_times",
    "hours",
    "json_values",
    "money",
    "mutations",
    "names",
    "needs",
    "price_sheets",
    "proposals",
    "traffic_arrays",
    "weekly_windows",
]

# Text that YAML 1.1 or 1.2 would read as something other than text, or that needs quoting.
TRICKY_TEXT = (
    "yes",
    "No",
    "NO",
    "on",
    "off",
    "null",
    "~",
    "true",
    "09",
    "010",
    "1e5",
    "0o17",
    "0x1F",
    "1_000",
    "18:00",
    "2027-01-01",
    ".inf",
    "- item",
    "key: value",
    "# comment",
    "'quoted'",
    '"double"',
    "=",
    "<<",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@",
    "`",
    " leading space",
    "trailing space ",
    "line\nbreak",
    "tab\there",
    "\x85next line",
    "\u2028separator",
    "\ufeffbom",
    "한빛 몰",
    "Bogotá",
    "日本語",
)

CLOCKS = (*tuple(f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)), "24:00")
"""Every half-hour clock time a window accepts."""

LANGUAGES = ("ko", "en", "ja", "es-419", "pt-BR", "zh-Hant", "fr", "de")
COUNTRIES = ("KR", "JP", "US", "MX", "CO", "CL", "PE", "PH", "VN", "NO", "DE")
TIMEZONES = ("Asia/Seoul", "America/Mexico_City", "America/Bogota", "Europe/Oslo", "UTC")
CURRENCIES = ("KRW", "USD", "EUR", "JPY", "KWD", "CLF", "MXN")

names = st.one_of(st.sampled_from(TRICKY_TEXT), st.text(min_size=1, max_size=24))
"""Non-empty text: free text, including text that YAML would misread unless quoted."""

finite = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)
positive = st.floats(
    min_value=0, max_value=1e7, exclude_min=True, allow_nan=False, allow_infinity=False
)
seconds = st.floats(min_value=0, max_value=86_400)
"""A duration within the plausible range of the needs (at most a day) [s]."""
positive_seconds = st.floats(min_value=0, max_value=86_400, exclude_min=True)
shares = st.floats(min_value=0, max_value=1)
small_ints = st.integers(min_value=0, max_value=10_000)

money = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(Decimal),
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=10**12, allow_nan=False, allow_infinity=False),
)
"""Non-negative Decimal amounts: whole, with cents, or with any exponent."""

multipliers = st.decimals(
    min_value=Decimal("0.01"), max_value=10, places=2, allow_nan=False, allow_infinity=False
)

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


def traffic_arrays(max_size: int, max_erlangs: float) -> st.SearchStrategy[Any]:
    """Offered loads of up to ``max_size`` intervals, 10⁻³ to ``max_erlangs`` [Erlang]."""
    return hnp.arrays(
        np.float64,
        st.integers(min_value=1, max_value=max_size),
        elements=st.floats(min_value=1e-3, max_value=max_erlangs),
    )


handle_times = st.floats(min_value=10.0, max_value=1200.0)
"""Mean handle times of a staffing call [s]."""
answer_thresholds = st.floats(min_value=0.0, max_value=600.0)
"""Answer-time thresholds of a service-level target [s]."""


def _tuple_of(strategy: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[Any]:
    return st.lists(strategy, max_size=max_size).map(tuple)


def _unique(values: Any, *, min_size: int = 0, max_size: int = 3) -> st.SearchStrategy[Any]:
    return st.lists(
        st.sampled_from(tuple(values)), min_size=min_size, max_size=max_size, unique=True
    ).map(tuple)


# --------------------------------------------------------------------------------------------
# Hours and arrivals
# --------------------------------------------------------------------------------------------


@st.composite
def weekly_windows(draw: st.DrawFn) -> WeeklyWindow:
    """A window on some days, possibly running past midnight or ending at 24:00."""
    days = draw(_unique(Weekday, min_size=1, max_size=7))
    start = draw(st.sampled_from(CLOCKS[:-1]))
    end = draw(st.sampled_from(CLOCKS).filter(lambda clock: clock != start))
    return WeeklyWindow(days=days, start=start, end=end)


hours = st.one_of(
    st.just(Hours(always=True)),
    st.lists(weekly_windows(), min_size=1, max_size=3).map(lambda w: Hours(windows=tuple(w))),
)
"""24/7 or one to three weekly windows."""


def _hourly_shares(seed: int) -> ArrivalPattern:
    weights = np.random.default_rng(seed).integers(0, 10, HOURS_PER_WEEK)
    weights[seed % HOURS_PER_WEEK] += 1
    total = int(weights.sum())
    return ArrivalPattern(hourly_shares=tuple(float(w) / total for w in weights))


arrival_patterns = st.one_of(
    st.sampled_from(tuple(ArrivalProfile)).map(lambda p: ArrivalPattern(profile=p)),
    st.integers(min_value=0, max_value=2**32 - 1).map(_hourly_shares),
)
"""A named profile or 168 hourly shares."""


# --------------------------------------------------------------------------------------------
# Needs
# --------------------------------------------------------------------------------------------


@st.composite
def service_levels(draw: st.DrawFn, live: bool) -> ServiceLevelTarget:
    share = draw(st.floats(min_value=0, max_value=1, exclude_min=True))
    if live:
        return ServiceLevelTarget(share=share, answer_within_seconds=draw(positive_seconds))
    return ServiceLevelTarget(
        share=share, respond_within_hours=draw(st.floats(0, 744, exclude_min=True))
    )


@st.composite
def channel_needs(draw: st.DrawFn, channel: Channel | None = None) -> ChannelNeeds:
    """Traffic of one channel (``channel`` drawn when not given)."""
    chosen = channel if channel is not None else draw(st.sampled_from(tuple(Channel)))
    return ChannelNeeds(
        channel=chosen,
        volume_per_month=draw(st.integers(min_value=0, max_value=10**6)),
        talk_seconds=draw(st.floats(min_value=1, max_value=3600)),
        hold_seconds=draw(seconds),
        acw_seconds=draw(seconds),
        handle_time_cv=draw(st.floats(min_value=0, max_value=3)),
        service_level=draw(st.none() | service_levels(chosen.is_realtime)),
        patience_seconds=draw(st.none() | positive_seconds),
        arrival=draw(arrival_patterns),
        hours=draw(st.none() | hours),
    )


@st.composite
def _language_needs(draw: st.DrawFn) -> tuple[LanguageNeed, ...]:
    tags = draw(_unique(LANGUAGES, min_size=1, max_size=3))
    weights = draw(st.lists(st.integers(1, 100), min_size=len(tags), max_size=len(tags)))
    total = sum(weights)
    return tuple(
        LanguageNeed(language=tag, share=w / total, min_cefr=draw(st.sampled_from(tuple(CEFR))))
        for tag, w in zip(tags, weights, strict=True)
    )


@st.composite
def _location_needs(draw: st.DrawFn) -> LocationNeeds:
    countries = list(draw(st.permutations(COUNTRIES)))
    cut = draw(st.integers(0, 3))
    return LocationNeeds(
        preferred_countries=tuple(countries[:cut]),
        excluded_countries=tuple(countries[cut : cut + draw(st.integers(0, 2))]),
        expansion_markets=draw(_unique(COUNTRIES)),
        data_residency=draw(_unique(COUNTRIES, max_size=2)),
        max_timezone_offset_hours=draw(st.none() | st.floats(0, 24)),
    )


@st.composite
def _contract_needs(draw: st.DrawFn) -> ContractNeeds:
    month = draw(dates)
    return ContractNeeds(
        term_months=draw(st.integers(1, 120)),
        currency=draw(st.sampled_from(CURRENCIES)),
        start_month=f"{month.year:04d}-{month.month:02d}",
        monthly_growth=draw(st.floats(min_value=-0.5, max_value=1)),
        forecast_cv=draw(st.floats(0, 1)),
        budget_per_month=draw(st.none() | money.filter(lambda amount: amount > 0)),
    )


@st.composite
def needs(draw: st.DrawFn) -> Needs:
    """A valid buyer's needs: one to three channels and languages, every part drawn."""
    channels = draw(_unique(Channel, min_size=1, max_size=3))
    return Needs(
        buyer=draw(names),
        industry=draw(names),
        competitors=draw(_tuple_of(names, 2)),
        timezone=draw(st.sampled_from(TIMEZONES)),
        hours=draw(hours),
        holidays=draw(_tuple_of(dates)),
        holidays_covered=draw(st.booleans()),
        channels=tuple(draw(channel_needs(channel)) for channel in channels),
        languages=draw(_language_needs()),
        staffing=StaffingNeeds(
            certifications_wanted=draw(_unique(Certification)),
            min_industry_years=draw(st.floats(0, 40)),
            max_annual_attrition=draw(st.none() | shares),
        ),
        crm=draw(
            st.none()
            | st.builds(
                CrmNeeds,
                system=st.sampled_from(tuple(CrmSystem)),
                mode=st.sampled_from(tuple(IntegrationMode)),
                max_sync_latency_seconds=positive_seconds,
                buyer_owns_data=st.booleans(),
            )
        ),
        social=SocialNeeds(
            platforms=draw(_unique(SocialPlatform)),
            first_response_minutes=draw(st.floats(0, 44_640, exclude_min=True)),
        ),
        locations=draw(_location_needs()),
        security=SecurityNeeds(
            required_certifications=draw(_unique(Certification)),
            min_segregation=draw(st.sampled_from(tuple(Segregation))),
            max_rto_hours=draw(st.floats(0, 8_760, exclude_min=True)),
            max_rpo_hours=draw(st.floats(0, 8_760, exclude_min=True)),
            dr_test_within_months=draw(st.integers(1, 60)),
            kpis=draw(_unique(Kpi)),
        ),
        contract=draw(_contract_needs()),
    )


# --------------------------------------------------------------------------------------------
# Proposals
# --------------------------------------------------------------------------------------------

billing_increments = st.one_of(
    st.sampled_from(("60/60", "per-minute", "per-second", "1/1", "30/6", "6/6", "120/30")).map(
        BillingIncrement.parse
    ),
    st.builds(BillingIncrement, first=st.integers(1, 3600), step=st.integers(1, 3600)),
)
"""Billing increments: named, common and arbitrary ``first/step``."""


@st.composite
def coverage_answers(draw: st.DrawFn) -> CoverageAnswer:
    """Channels, hours and seats a vendor offers."""
    channels = draw(_unique(Channel, min_size=1, max_size=5))
    special = draw(_unique(channels, max_size=2))
    return CoverageAnswer(
        channels=channels,
        hours=draw(hours),
        channel_hours={channel: draw(hours) for channel in special},
        covers_holidays=draw(st.booleans()),
        seats=draw(small_ints),
        peak_ramp_up_seats=draw(small_ints),
        ramp_up_notice_days=draw(st.none() | st.integers(0, 90)),
    )


_references = st.builds(
    ClientReference,
    client=names,
    industry=names,
    years=st.floats(0, 50),
    channels=_unique(Channel),
    contactable=st.booleans(),
    check_outcome=st.sampled_from(tuple(ReferenceOutcome)),
    serves_competitor=st.booleans(),
    dedicated_agents=st.booleans(),
    onsite_training_at_hq=st.booleans(),
)

_references_answers = st.builds(
    ReferencesAnswer,
    references=_tuple_of(_references, 2),
    offers_dedicated_team=st.booleans(),
    offers_onsite_training=st.booleans(),
    pilot=st.none()
    | st.builds(
        PilotOutcome,
        weeks=st.integers(1, 52),
        first_contact_resolution=st.none() | shares,
        csat=st.none() | shares,
        churn_rate=st.none() | shares,
    ),
)

ratings = st.one_of(st.integers(1, 5), st.floats(min_value=1, max_value=5))


@st.composite
def _staffing_answers(draw: st.DrawFn) -> StaffingAnswer:
    tags = draw(_unique(LANGUAGES, max_size=3))
    return StaffingAnswer(
        languages=tuple(
            LanguageStaff(
                language=tag, agents=draw(small_ints), cefr=draw(st.sampled_from(tuple(CEFR)))
            )
            for tag in tags
        ),
        certifications=draw(_unique(Certification)),
        industry_years=draw(st.floats(0, 50)),
        annual_attrition=draw(shares),
        onboarding_hours=draw(st.floats(0, 500)),
        coaching=CoachingProgram(
            operating_manuals=draw(st.booleans()),
            difficult_customer_policy=draw(st.booleans()),
            agent_protection_policy=draw(st.booleans()),
            qa_sampling_rate=draw(shares),
            coaching_hours_per_agent_month=draw(st.floats(0, 40)),
        ),
        team_lead_interview_rating=draw(st.none() | ratings),
        culture_fit_rating=draw(st.none() | ratings),
        shrinkage=draw(st.floats(min_value=0, max_value=1, exclude_max=True)),
        scheduled_hours_per_fte_month=draw(st.floats(min_value=1, max_value=190)),
    )


_crm_answers = st.builds(
    CrmAnswer,
    connectors=_unique(CrmSystem),
    modes=_unique(IntegrationMode),
    sync_latency_seconds=positive,
    writes_back_to_client_crm=st.booleans(),
    unified_customer_view=st.booleans(),
    client_owns_data=st.booleans(),
)

_social_answers = st.builds(
    SocialAnswer,
    platforms=_unique(SocialPlatform),
    median_first_response_minutes=positive,
    hours=st.none() | hours,
)

_sites = st.builds(
    Site,
    country=st.sampled_from(COUNTRIES),
    city=names,
    timezone=st.sampled_from(TIMEZONES),
    seats=small_ints,
    languages=_unique(LANGUAGES),
    redundant_power=st.booleans(),
    redundant_network=st.booleans(),
)

_location_answers = st.builds(
    LocationAnswer,
    sites=st.lists(_sites, min_size=1, max_size=3).map(tuple),
    data_stored_in=_unique(COUNTRIES, max_size=2),
)

_security_answers = st.builds(
    SecurityAnswer,
    certifications=_unique(Certification),
    segregation=st.sampled_from(tuple(Segregation)),
    disaster_recovery=st.builds(
        DisasterRecovery,
        documented=st.booleans(),
        last_tested=st.none() | dates,
        rto_hours=st.none() | positive,
        rpo_hours=st.none() | positive,
        redundant_sites=st.integers(0, 5),
    ),
    reporting=st.builds(
        Reporting,
        sample_reports=st.booleans(),
        customizable=st.booleans(),
        kpis_reported=_unique(Kpi),
    ),
)


@st.composite
def _volume_tier(draw: st.DrawFn, basis: TierBasis, channel: Channel | None) -> VolumeTier:
    limits = sorted(draw(st.sets(st.integers(1, 10**7), max_size=3)))
    bands = [TierBand(up_to=limit, rate=draw(money)) for limit in limits]
    bands.append(TierBand(rate=draw(money)))
    return VolumeTier(
        basis=basis,
        channel=channel,
        mode=draw(st.sampled_from(tuple(TierMode))),
        bands=tuple(bands),
    )


@st.composite
def _premiums(draw: st.DrawFn) -> Premiums:
    after_hours = None
    if draw(st.booleans()):
        start = draw(st.sampled_from(CLOCKS[:-1]))
        after_hours = AfterHours(
            start=start,
            end=draw(st.sampled_from(CLOCKS).filter(lambda clock: clock != start)),
            multiplier=draw(multipliers),
            days=draw(_unique(Weekday, min_size=1, max_size=7)),
        )
    weekend = draw(st.none() | multipliers)
    holidays = draw(_tuple_of(dates))
    holiday = draw(st.none() | multipliers) if holidays else None
    timed = after_hours is not None or weekend is not None or holiday is not None
    timezone = draw(st.sampled_from(TIMEZONES)) if timed else draw(st.none() | st.just("UTC"))
    return Premiums(
        timezone=timezone,
        after_hours=after_hours,
        weekend_multiplier=weekend,
        holidays=holidays,
        holiday_multiplier=holiday,
        language_multipliers=draw(
            st.dictionaries(st.sampled_from(LANGUAGES), multipliers, max_size=2)
        ),
    )


@st.composite
def price_sheets(draw: st.DrawFn) -> PriceSheet:
    """A price sheet that charges something, with any mix of rates, tiers and premiums."""
    tier_keys = draw(
        _unique(
            [(TierBasis.VOICE_MINUTES, None)]
            + [(TierBasis.CONTACTS, channel) for channel in Channel],
            max_size=2,
        )
    )
    tiers = tuple(draw(_volume_tier(basis, channel)) for basis, channel in tier_keys)
    per_contact = draw(st.dictionaries(st.sampled_from(tuple(Channel)), money, max_size=3))
    agent_hour = draw(st.none() | money)
    fte = draw(st.none() | money)
    fixed = draw(money)
    voice = draw(st.none() | money)
    if voice is None and not (tiers or per_contact or agent_hour or fte or fixed > 0):
        voice = draw(money)
    return PriceSheet(
        currency=draw(st.sampled_from(CURRENCIES)),
        billing_increment=draw(billing_increments),
        billable_components=draw(_unique(BillableComponent, min_size=1, max_size=4)),
        rounding=draw(st.sampled_from(tuple(Rounding))),
        voice_rate_per_minute=voice,
        per_contact=per_contact,
        unpriced_contacts_free=draw(st.booleans()),
        agent_hour_rate=agent_hour,
        fte_month_rate=fte,
        monthly_fixed=fixed,
        setup_fee=draw(money),
        minimum_monthly=draw(st.none() | money),
        volume_tiers=tiers,
        premiums=draw(st.none() | _premiums()),
        annual_increase=draw(st.floats(-0.5, 1)),
        training_fee_per_hire=draw(st.none() | money),
    )


@st.composite
def per_head_sheets(draw: st.DrawFn) -> PriceSheet:
    """A per-head sheet: committed FTEs on one to three channels at a price per FTE."""
    sheet = draw(price_sheets())
    committed = draw(
        st.dictionaries(
            st.sampled_from(tuple(Channel)), st.floats(0.5, 500), min_size=1, max_size=3
        )
    )
    return PriceSheet.model_validate(
        {**sheet.model_dump(), "fte_month_rate": draw(money), "committed_ftes": committed}
    )


@st.composite
def service_credits(draw: st.DrawFn) -> ServiceCredits:
    """Service commitments with a pool at risk or grades."""
    kpis = draw(_unique(CommitmentKpi, min_size=1, max_size=3))
    channel = draw(st.sampled_from(tuple(Channel)))
    items = []
    for kpi in kpis:
        extra: dict[str, float] = {}
        if kpi.threshold_field == "threshold_seconds":
            extra["threshold_seconds"] = draw(st.floats(1, 600))
        elif kpi.threshold_field == "threshold_hours":
            extra["threshold_hours"] = draw(st.floats(0.5, 72))
        target = draw(st.floats(0, 1)) if kpi.is_share else draw(st.floats(0, 600))
        items.append(
            Commitment(
                channel=channel, kpi=kpi, target=target, weight=draw(st.floats(0, 2)), **extra
            )
        )
    if draw(st.booleans()):
        return ServiceCredits(
            commitments=tuple(items),
            at_risk_share=draw(shares),
            earn_back_months=draw(st.integers(0, 3)),
        )
    if sum(c.weight for c in items) <= 0:
        items[0] = items[0].model_copy(update={"weight": 1.0})
    return ServiceCredits(
        commitments=tuple(items),
        grades=(
            GradeBand(grade="S", min_score=95, adjustment=draw(st.floats(0, 0.05))),
            GradeBand(grade="B", min_score=0, adjustment=draw(st.floats(-0.2, 0))),
        ),
    )


_contract_terms = st.builds(
    ContractTerms,
    transition_fee=money,
    double_running_months=st.integers(0, 24),
    learning_curve=st.lists(st.floats(1, 3), max_size=4).map(tuple),
    minimum_term_months=st.none() | st.integers(1, 120),
    termination_fee=money,
    renewal_increase=st.floats(-0.5, 1),
)


_pricing_answers = st.builds(
    PricingAnswer,
    sheet=st.one_of(price_sheets(), per_head_sheets()),
    pilot_offered=st.booleans(),
    outcome_based_fees=st.booleans(),
    payment_terms_days=st.integers(0, 120),
)


@st.composite
def proposals(draw: st.DrawFn, name: str | None = None) -> VendorProposal:
    """A valid proposal; each optional answer is present or left out."""
    return VendorProposal(
        name=name if name is not None else draw(names),
        summary=draw(st.text(max_size=40)),
        coverage=draw(st.none() | coverage_answers()),
        references=draw(st.none() | _references_answers),
        staffing=draw(st.none() | _staffing_answers()),
        crm=draw(st.none() | _crm_answers),
        social=draw(st.none() | _social_answers),
        location=draw(st.none() | _location_answers),
        security=draw(st.none() | _security_answers),
        pricing=draw(_pricing_answers),
        commitments=draw(st.none() | service_credits()),
        terms=draw(st.none() | _contract_terms),
    )


# --------------------------------------------------------------------------------------------
# Arbitrary and damaged input
# --------------------------------------------------------------------------------------------

_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(TRICKY_TEXT),
    st.sampled_from(("12", "12%", "0.5", "60/60", "0/6", "KRW", "Asia/Seoul", "phone", "2027-01")),
)

json_values = st.recursive(
    _leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=24,
)
"""Arbitrary JSON-like values: None, bool, int, float (NaN and infinities too), text, lists,
mappings."""


def _containers(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_containers(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_containers(value, (*path, index)))
    return found


@st.composite
def mutations(draw: st.DrawFn, data: Any) -> Any:
    """``data`` (plain dicts and lists) with one place replaced, removed or given a stray key."""
    import copy

    damaged = copy.deepcopy(data)
    path = draw(st.sampled_from(_containers(damaged)))
    if not path:
        return draw(json_values)
    parent = damaged
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = draw(st.sampled_from(("replace", "remove", "stray")))
    if action == "remove":
        del parent[last]
    elif action == "stray" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    else:
        parent[last] = draw(json_values)
    return damaged
