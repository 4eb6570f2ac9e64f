"""The vendor's answer to the location check.

Data only: it is scored by :mod:`vendoreval.checks.location`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt

from vendoreval._model import Model
from vendoreval.vocabulary import CountryCode, LanguageTag, TimeZoneName

__all__ = ["LocationAnswer", "Site"]


class Site(Model):
    """One delivery site.

    Parameters
    ----------
    country : str
        ISO 3166-1 alpha-2 code.
    city : str
        City.
    timezone : str
        IANA time zone of the site.
    seats : int
        Seats at the site [seats].
    languages : tuple of str
        Languages served from the site (BCP 47).
    redundant_power : bool
        Backup power (UPS and generator).
    redundant_network : bool
        Two or more independent network carriers.
    """

    country: CountryCode = Field(
        description="country of the site, ISO 3166 code: KR, MX…",
        json_schema_extra={"questionnaire": {"label": "Country"}},
    )
    city: str = Field(
        min_length=1,
        description="city of the site",
        json_schema_extra={"questionnaire": {"label": "City"}},
    )
    timezone: TimeZoneName = Field(
        description="IANA time zone of the site: Asia/Seoul, America/Mexico_City…",
        json_schema_extra={"questionnaire": {"label": "Time zone", "width": 22}},
    )
    seats: Annotated[StrictInt, Field(ge=0)] = Field(
        description="seats at the site [seats]",
        json_schema_extra={"questionnaire": {"label": "Seats", "width": 10}},
    )
    languages: tuple[LanguageTag, ...] = Field(
        default=(),
        description="languages served from the site, BCP 47 tags: ko, en, es-419…",
        json_schema_extra={"questionnaire": {"label": "Languages served", "width": 20}},
    )
    redundant_power: bool = Field(
        default=False,
        description="backup power (UPS and generator)",
        json_schema_extra={"questionnaire": {"label": "Backup power", "width": 12}},
    )
    redundant_network: bool = Field(
        default=False,
        description="two or more independent network carriers",
        json_schema_extra={"questionnaire": {"label": "Two network carriers", "width": 14}},
    )


class LocationAnswer(Model):
    """Where the vendor would serve the buyer from and where data is stored.

    Parameters
    ----------
    sites : tuple of Site
        Delivery sites.
    data_stored_in : tuple of str
        Countries where the buyer's customer data would be stored.
    """

    sites: tuple[Site, ...] = Field(
        min_length=1,
        description="sites that would serve the buyer",
        json_schema_extra={
            "questionnaire": {
                "label": "Delivery sites",
                "table": "Delivery sites — one site per row",
                "rows": 6,
            }
        },
    )
    data_stored_in: tuple[CountryCode, ...] = Field(
        default=(),
        description="countries where the buyer's customer data would be stored, ISO 3166 codes: "
        "KR, US, MX…",
        json_schema_extra={
            "questionnaire": {
                "label": "Countries where the buyer's data is stored",
                "blank": "blank = not stated",
            }
        },
    )

    @property
    def countries(self) -> tuple[str, ...]:
        """Distinct site countries, in the order given."""
        return tuple(dict.fromkeys(site.country for site in self.sites))
