"""The vendor's answer to the crm check.

Data only: it is scored by :mod:`vendoreval.checks.crm`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from vendoreval._model import Model
from vendoreval.vocabulary import CrmSystem, IntegrationMode, PositiveFloat

if TYPE_CHECKING:
    pass

__all__ = [
    "CrmAnswer",
]


class CrmAnswer(Model):
    """How the vendor connects to the buyer's CRM.

    Parameters
    ----------
    connectors : tuple of CrmSystem
        CRMs the vendor has production connectors for.
    modes : tuple of IntegrationMode
        Integration modes it supports.
    sync_latency_seconds : float
        Typical delay before an interaction appears in the client's CRM [s].
    writes_back_to_client_crm : bool
        Interactions are written into the buyer's CRM (not only kept in the vendor's tools).
    unified_customer_view : bool
        Agents see one customer history across channels.
    client_owns_data : bool
        Contractually, interaction data belongs to the client.
    """

    connectors: tuple[CrmSystem, ...] = ()
    modes: tuple[IntegrationMode, ...] = Field(default=(), min_length=0)
    sync_latency_seconds: PositiveFloat = 86_400.0
    writes_back_to_client_crm: bool = False
    unified_customer_view: bool = False
    client_owns_data: bool = True
