"""Check 6 — location: sites, their countries, languages, time zones and redundancy."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from vendoreval.checks._engine import (
    CheckResult,
    Measurement,
    RatingItem,
    ScoringContext,
    evaluate_check,
)
from vendoreval.checks._format import format_count, format_number, format_percent
from vendoreval.checks._measures import Measures, evaluators_rating, verdict
from vendoreval.needs import Needs
from vendoreval.vocabulary import country_name

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec
from vendoreval.proposal.location import LocationAnswer, Site

__all__ = [
    "REGIONS",
    "LocationAnswer",
    "Site",
    "region_of",
    "score_location",
    "utc_offset_hours",
]


# ----------------------------------------------------------------------------- regions

# Regions of the UN M49 standard (Standard country or area codes for statistical use,
# United Nations Statistics Division, https://unstats.un.org/unsd/methodology/m49/), at the
# level of its sub-regions, except that Latin America and the Caribbean is one region (as in
# M49) and Europe's four sub-regions are one region. Antarctica (AQ) has no region.
_REGION_MEMBERS: dict[str, str] = {
    "Latin America and the Caribbean": """AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM
        DO EC FK GD GF GP GS GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT
        UY VC VE VG VI""",
    "Northern America": "BM CA GL PM US",
    "Europe": """AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT
        JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA""",
    "Northern Africa": "DZ EG EH LY MA SD TN",
    "Sub-Saharan Africa": """AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW IO KE
        KM LR LS MG ML MR MU MW MZ NA NE NG RE RW SC SH SL SN SO SS ST SZ TD TF TG TZ UG YT ZA ZM
        ZW""",
    "Western Asia": "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    "Central Asia": "KG KZ TJ TM UZ",
    "Southern Asia": "AF BD BT IN IR LK MV NP PK",
    "Eastern Asia": "CN HK JP KP KR MN MO TW",
    "South-eastern Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "Oceania": """AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM
        VU WF WS""",
}
REGIONS: dict[str, str] = {
    code: region for region, members in _REGION_MEMBERS.items() for code in members.split()
}
"""Region of each ISO 3166-1 alpha-2 country (UN M49 sub-regions; Europe as one region)."""


def region_of(country: str) -> str | None:
    """The region of a country (``"MX"`` → ``"Latin America and the Caribbean"``), if known."""
    return REGIONS.get(country)


def _country(code: str) -> str:
    return f"{country_name(code)} ({code})"


def _same_language(a: str, b: str) -> bool:
    """True for the same tag, or the same language when one of the tags has no region/script."""
    if a == b:
        return True
    return a.split("-")[0] == b.split("-")[0] and ("-" not in a or "-" not in b)


def utc_offset_hours(timezone: str, on: dt.date) -> float:
    """UTC offset of an IANA time zone at noon UTC on a date [h] (DST included)."""
    moment = dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)
    offset = moment.astimezone(zoneinfo.ZoneInfo(timezone)).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600.0


def _seat_share(answer: LocationAnswer, chosen: npt.NDArray[np.bool_]) -> float:
    """Share of seats at the chosen sites (of sites, when no site states seats)."""
    seats = np.array([site.seats for site in answer.sites], dtype=np.float64)
    weights = seats if seats.sum() > 0 else np.ones_like(seats)
    return float(weights[chosen].sum() / weights.sum())


def _site(site: Site) -> str:
    return f"{site.city}, {site.country} ({site.seats} seats)"


# ----------------------------------------------------------------------------- measures


_measure = Measures[LocationAnswer]("location")


def _no_preference(needs: Needs) -> str | None:
    return None if needs.locations.preferred_countries else "the buyer prefers no country"


@_measure.share(
    "preferred_country_seats",
    "share of seats at sites in the buyer's preferred countries [0–1]",
    skip=_no_preference,
)
def _preferred(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    preferred = needs.locations.preferred_countries
    chosen = np.array([site.country in preferred for site in answer.sites])
    share = _seat_share(answer, chosen)
    inside = [_site(s) for s, ok in zip(answer.sites, chosen, strict=True) if ok]
    outside = [_site(s) for s, ok in zip(answer.sites, chosen, strict=True) if not ok]
    detail = f"{format_percent(share)} of seats in preferred countries"
    if inside:
        detail += f" ({'; '.join(inside)})"
    if outside:
        detail += f"; elsewhere: {'; '.join(outside)}"
    return Measurement(share, detail)


def _no_exclusion(needs: Needs) -> str | None:
    return None if needs.locations.excluded_countries else "the buyer excludes no country"


@_measure.number(
    "excluded_country_presence",
    "sites plus data-storage countries in the buyer's excluded countries [count]",
    skip=_no_exclusion,
)
def _excluded(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    excluded = needs.locations.excluded_countries
    sites = [_site(s) for s in answer.sites if s.country in excluded]
    stores = [_country(c) for c in answer.data_stored_in if c in excluded]
    if not sites and not stores:
        names = ", ".join(_country(c) for c in excluded)
        return Measurement(0.0, f"no site and no data in an excluded country ({names})")
    parts = []
    if sites:
        parts.append(
            f"{format_count(len(sites), 'site')} in an excluded country: {'; '.join(sites)}"
        )
    if stores:
        parts.append(f"data stored in an excluded country: {', '.join(stores)}")
    return Measurement(float(len(sites) + len(stores)), "; ".join(parts))


def _no_expansion(needs: Needs) -> str | None:
    return None if needs.locations.expansion_markets else "the buyer names no expansion market"


def _market_fit(needs: Needs, answer: LocationAnswer, *, region: bool) -> Measurement:
    markets = needs.locations.expansion_markets
    countries = set(answer.countries)
    regions = {region_of(c) for c in countries} - {None}
    parts = []
    hits = 0
    for market in markets:
        if market in countries:
            hits += 1
            parts.append(f"{market}: site in the country")
        elif region and region_of(market) in regions:
            hits += 1
            parts.append(f"{market}: site in the same region ({region_of(market)})")
        elif not region and region_of(market) in regions:
            parts.append(f"{market}: only a site in the same region ({region_of(market)})")
        else:
            parts.append(f"{market}: no site in the country or region")
    return Measurement(hits / len(markets), "; ".join(parts))


@_measure.share(
    "expansion_markets_in_country",
    "share of the buyer's expansion markets with a site in that country [0–1]",
    skip=_no_expansion,
)
def _markets_country(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    return _market_fit(needs, answer, region=False)


@_measure.share(
    "expansion_markets_in_region",
    "share of the buyer's expansion markets with a site in the same country or UN M49 "
    "region (e.g. Latin America and the Caribbean) [0–1]",
    skip=_no_expansion,
)
def _markets_region(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    return _market_fit(needs, answer, region=True)


def _no_residency(needs: Needs) -> str | None:
    return None if needs.locations.data_residency else "the buyer has no data-residency rule"


@_measure.boolean(
    "data_residency_met",
    "the buyer's customer data is stored only in the allowed countries",
    skip=_no_residency,
)
def _residency(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    allowed = needs.locations.data_residency
    allowed_text = ", ".join(allowed)
    if not answer.data_stored_in:
        return Measurement(False, f"data storage location not stated; must stay in {allowed_text}")
    outside = [c for c in answer.data_stored_in if c not in allowed]
    if outside:
        return Measurement(
            False,
            f"data stored in {', '.join(_country(c) for c in outside)}, outside {allowed_text}",
        )
    stored = ", ".join(answer.data_stored_in)
    return Measurement(True, f"data stored in {stored}, within {allowed_text}")


@_measure.share(
    "languages_served_from_sites",
    "share of the buyer's languages served from at least one site [0–1]",
)
def _languages(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    parts = []
    served = 0
    for need in needs.languages:
        cities = [
            site.city
            for site in answer.sites
            if any(_same_language(need.language, tag) for tag in site.languages)
        ]
        served += bool(cities)
        parts.append(f"{need.language}: {', '.join(cities) or 'no site'}")
    return Measurement(served / len(needs.languages), "; ".join(parts))


def _no_offset_limit(needs: Needs) -> str | None:
    if needs.locations.max_timezone_offset_hours is not None:
        return None
    return "the buyer sets no time-zone limit"


@_measure.share(
    "seats_within_timezone_offset",
    "share of seats at sites whose clock differs from the buyer's by at most the allowed "
    "hours, on the evaluation date [0–1]",
    skip=_no_offset_limit,
)
def _offset(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    limit = needs.locations.max_timezone_offset_hours
    assert limit is not None
    buyer = utc_offset_hours(needs.timezone, context.as_of)
    raw = np.array([utc_offset_hours(s.timezone, context.as_of) - buyer for s in answer.sites])
    gap = np.abs((raw + 12.0) % 24.0 - 12.0)  # clock difference, the short way round [h]
    within = gap <= limit + 1e-9
    share = _seat_share(answer, within)
    parts = [
        f"{site.city} {format_number(float(g))} h"
        for site, g in zip(answer.sites, gap, strict=True)
    ]
    return Measurement(
        share,
        f"{format_percent(share)} of seats within {format_number(limit)} h of {needs.timezone} "
        f"({', '.join(parts)})",
    )


@_measure.share(
    "redundant_site_seats",
    "share of seats at sites with both backup power and two network carriers [0–1]",
)
def _redundancy(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    full = np.array([s.redundant_power and s.redundant_network for s in answer.sites])
    share = _seat_share(answer, full)
    weak = [
        s.city
        + " (no "
        + " or ".join(
            what
            for what, ok in (
                ("backup power", s.redundant_power),
                ("second carrier", s.redundant_network),
            )
            if not ok
        )
        + ")"
        for s, ok in zip(answer.sites, full, strict=True)
        if not ok
    ]
    detail = f"{format_percent(share)} of seats at fully redundant sites"
    if weak:
        detail += f"; {', '.join(weak)}"
    return Measurement(share, detail)


@_measure.boolean(
    "multiple_sites",
    "the work can be spread over two or more sites (different cities)",
)
def _multi(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    places = list(dict.fromkeys((s.city, s.country) for s in answer.sites))
    names = "; ".join(f"{city}, {country}" for city, country in places)
    return verdict(
        len(places) >= 2,
        f"{len(places)} sites: {names}",
        f"a single site ({names}): no fallback location",
    )


@_measure.number(
    "site_visit_rating",
    "the buyer's evaluators' median rating of the site visit [1–5]",
)
def _visit(needs: Needs, answer: LocationAnswer, context: ScoringContext) -> Measurement:
    return evaluators_rating(
        context, RatingItem.SITE_VISIT, "the site visit", "no site visit rated"
    )


def score_location(
    needs: Needs, answer: LocationAnswer | None, spec: CheckSpec, context: ScoringContext
) -> CheckResult:
    """Score check 6: sites fit the markets, languages, residency and hours.

    Expansion markets earn full credit for a site in the country and partial credit (through
    the pack's weights on two measures) for a site in the same UN M49 region, e.g. a site in
    Colombia for a buyer entering Mexico.

    Parameters
    ----------
    needs : Needs
        Preferred, excluded and expansion countries, data residency, time-zone limit.
    answer : LocationAnswer or None
        The vendor's answer; None when not answered.
    spec : CheckSpec
        The ``location`` check of the criteria pack.
    context : ScoringContext
        The evaluation date (time-zone offsets) and the evaluators' site-visit rating.

    Returns
    -------
    CheckResult
    """
    return evaluate_check("location", needs, answer, spec, context, answer_type=LocationAnswer)
