"""Check 4 — CRM integration: does the data land in the buyer's CRM, fast, owned by the buyer."""

from __future__ import annotations

from pydantic import Field

from vendoreval._model import Model
from vendoreval.vocabulary import CrmSystem, IntegrationMode, PositiveFloat

__all__ = ["CrmAnswer"]


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
