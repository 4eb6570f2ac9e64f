"""The vendor's answer to the crm check.

Data only: it is scored by :mod:`vendoreval.checks.crm`.
"""

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

    connectors: tuple[CrmSystem, ...] = Field(
        default=(),
        description="CRMs the vendor has production connectors for",
        json_schema_extra={"questionnaire": {"label": "CRM connectors in production"}},
    )
    modes: tuple[IntegrationMode, ...] = Field(
        default=(),
        min_length=0,
        description="integration modes the vendor supports",
        json_schema_extra={"questionnaire": {"label": "Integration modes"}},
    )
    sync_latency_seconds: PositiveFloat = Field(
        default=86_400.0,
        description="typical delay before an interaction appears in the buyer's CRM, above 0 [s]",
        json_schema_extra={
            "questionnaire": {
                "label": "Typical delay until an interaction is in the CRM",
                "blank": "blank = 86400 (a day)",
            }
        },
    )
    writes_back_to_client_crm: bool = Field(
        default=False,
        description="interactions are written into the buyer's CRM, not only the vendor's tools",
        json_schema_extra={"questionnaire": {"label": "Interactions written into the buyer's CRM"}},
    )
    unified_customer_view: bool = Field(
        default=False,
        description="agents see one customer history across channels",
        json_schema_extra={"questionnaire": {"label": "One customer history across channels"}},
    )
    client_owns_data: bool = Field(
        default=True,
        description="contractually, interaction data belongs to the buyer",
        json_schema_extra={"questionnaire": {"label": "Interaction data belongs to the buyer"}},
    )
