"""The vendor's answer to the security check.

Data only: it is scored by :mod:`vendoreval.checks.security`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StrictInt

from vendoreval._model import Model
from vendoreval.vocabulary import (
    Certification,
    Kpi,
    PositiveFloat,
    Segregation,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "DisasterRecovery",
    "Reporting",
    "SecurityAnswer",
]


class DisasterRecovery(Model):
    """A vendor's disaster-recovery capability.

    Parameters
    ----------
    documented : bool
        A written DR / business-continuity plan exists.
    last_tested : date, optional
        Date of the last full DR test.
    rto_hours : float, optional
        Recovery time objective [h].
    rpo_hours : float, optional
        Recovery point objective (data-loss window) [h].
    redundant_sites : int
        Sites that can take over the work [sites].
    """

    documented: bool = False
    last_tested: dt.date | None = None
    rto_hours: PositiveFloat | None = None
    rpo_hours: PositiveFloat | None = None
    redundant_sites: Annotated[StrictInt, Field(ge=0)] = 0


class Reporting(Model):
    """What the vendor reports.

    Parameters
    ----------
    sample_reports : bool
        Sample reports were provided.
    customizable : bool
        Reports can be tailored to the buyer.
    kpis_reported : tuple of Kpi
        KPIs in the standard reporting pack.
    """

    sample_reports: bool = False
    customizable: bool = False
    kpis_reported: tuple[Kpi, ...] = ()


class SecurityAnswer(Model):
    """Security controls, data segregation, disaster recovery and reporting.

    Parameters
    ----------
    certifications : tuple of Certification
        Certifications held and current (e.g. ``iso27001``, ``pci_dss``, ``isms_p``).
    segregation : Segregation
        How the buyer's data is separated from other clients'.
    disaster_recovery : DisasterRecovery
        DR plan and objectives.
    reporting : Reporting
        Reports and KPIs.
    """

    certifications: tuple[Certification, ...] = ()
    segregation: Segregation = Segregation.SHARED
    disaster_recovery: DisasterRecovery = DisasterRecovery()
    reporting: Reporting = Reporting()
