"""The vendor's answer to the location check.

Data only: it is scored by :mod:`vendoreval.checks.location`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StrictInt

from vendoreval._model import Model
from vendoreval.vocabulary import CountryCode, LanguageTag, TimeZoneName

if TYPE_CHECKING:
    pass

__all__ = [
    "LocationAnswer",
    "Site",
]


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

    country: CountryCode
    city: str = Field(min_length=1)
    timezone: TimeZoneName
    seats: Annotated[StrictInt, Field(ge=0)]
    languages: tuple[LanguageTag, ...] = ()
    redundant_power: bool = False
    redundant_network: bool = False


class LocationAnswer(Model):
    """Where the vendor would serve the buyer from and where data is stored.

    Parameters
    ----------
    sites : tuple of Site
        Delivery sites.
    data_stored_in : tuple of str
        Countries where the buyer's customer data would be stored.
    """

    sites: tuple[Site, ...] = Field(min_length=1)
    data_stored_in: tuple[CountryCode, ...] = ()

    @property
    def countries(self) -> tuple[str, ...]:
        """Distinct site countries, in the order given."""
        return tuple(dict.fromkeys(site.country for site in self.sites))
