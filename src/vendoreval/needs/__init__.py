"""The buyer's needs: channels and traffic, hours, languages, CRM, social, markets, security,
KPI targets, contract and budget; weekly opening hours, arrival profiles and seasonality."""

from __future__ import annotations

from vendoreval.needs.arrivals import HOURS_PER_WEEK, ArrivalPattern, ArrivalProfile, profile_shares
from vendoreval.needs.hours import SLOT_MINUTES, SLOTS_PER_WEEK, Hours, WeeklyWindow
from vendoreval.needs.model import (
    MAX_BUDGET_PER_MONTH,
    MAX_CONCURRENCY,
    MAX_FORECAST_CV,
    MAX_HANDLE_SECONDS,
    MAX_HANDLE_TIME_CV,
    MAX_RESPONSE_HOURS,
    MAX_TERM_MONTHS,
    MAX_VOLUME_PER_MONTH,
    ChannelNeeds,
    ContractNeeds,
    CrmNeeds,
    KpiTarget,
    LanguageNeed,
    LocationNeeds,
    Needs,
    SecurityNeeds,
    ServiceLevelTarget,
    SocialNeeds,
    StaffingNeeds,
)
from vendoreval.needs.seasonality import MAX_VOLUME_FACTOR, EventPeak, Seasonality

__all__ = [
    "HOURS_PER_WEEK",
    "MAX_BUDGET_PER_MONTH",
    "MAX_CONCURRENCY",
    "MAX_FORECAST_CV",
    "MAX_HANDLE_SECONDS",
    "MAX_HANDLE_TIME_CV",
    "MAX_RESPONSE_HOURS",
    "MAX_TERM_MONTHS",
    "MAX_VOLUME_FACTOR",
    "MAX_VOLUME_PER_MONTH",
    "SLOTS_PER_WEEK",
    "SLOT_MINUTES",
    "ArrivalPattern",
    "ArrivalProfile",
    "ChannelNeeds",
    "ContractNeeds",
    "CrmNeeds",
    "EventPeak",
    "Hours",
    "KpiTarget",
    "LanguageNeed",
    "LocationNeeds",
    "Needs",
    "Seasonality",
    "SecurityNeeds",
    "ServiceLevelTarget",
    "SocialNeeds",
    "StaffingNeeds",
    "WeeklyWindow",
    "profile_shares",
]
