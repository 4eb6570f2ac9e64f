"""The buyer's needs: channels and traffic, hours, languages, CRM, social, markets, security,
KPIs, contract and budget; weekly opening hours and arrival profiles."""

from __future__ import annotations

from vendoreval.needs.arrivals import HOURS_PER_WEEK, ArrivalPattern, ArrivalProfile, profile_shares
from vendoreval.needs.hours import SLOT_MINUTES, SLOTS_PER_WEEK, Hours, WeeklyWindow
from vendoreval.needs.model import (
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

__all__ = [
    "HOURS_PER_WEEK",
    "SLOTS_PER_WEEK",
    "SLOT_MINUTES",
    "ArrivalPattern",
    "ArrivalProfile",
    "ChannelNeeds",
    "ContractNeeds",
    "CrmNeeds",
    "Hours",
    "LanguageNeed",
    "LocationNeeds",
    "Needs",
    "SecurityNeeds",
    "ServiceLevelTarget",
    "SocialNeeds",
    "StaffingNeeds",
    "WeeklyWindow",
    "profile_shares",
]
