"""The vendor's answer to the references check.

Data only: it is scored by :mod:`vendoreval.checks.references`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StrictInt

from vendoreval._model import Model
from vendoreval.vocabulary import Channel, NonNegativeFloat, Share

if TYPE_CHECKING:
    pass

__all__ = [
    "ClientReference",
    "PilotOutcome",
    "ReferenceOutcome",
    "ReferencesAnswer",
]


class ReferenceOutcome(StrEnum):
    """What the buyer heard when it called the reference."""

    NOT_CONTACTED = "not_contacted"
    POSITIVE = "positive"
    MIXED = "mixed"
    NEGATIVE = "negative"


class ClientReference(Model):
    """One client the vendor serves or served.

    Parameters
    ----------
    client : str
        Client name.
    industry : str
        Client's industry, compared with the buyer's.
    years : float
        Length of the relationship [years].
    channels : tuple of Channel
        Channels served for this client.
    contactable : bool
        The client agreed to take a reference call.
    check_outcome : ReferenceOutcome
        Result of the buyer's reference call.
    serves_competitor : bool
        The client competes with the buyer.
    dedicated_agents : bool
        The client has a dedicated (not shared) team.
    onsite_training_at_hq : bool
        The vendor trained agents at the client's headquarters.
    """

    client: str = Field(min_length=1)
    industry: str = Field(min_length=1)
    years: NonNegativeFloat = 0.0
    channels: tuple[Channel, ...] = ()
    contactable: bool = False
    check_outcome: ReferenceOutcome = ReferenceOutcome.NOT_CONTACTED
    serves_competitor: bool = False
    dedicated_agents: bool = False
    onsite_training_at_hq: bool = False


class PilotOutcome(Model):
    """Results of a paid pilot: outcomes beat call counts.

    Parameters
    ----------
    weeks : int
        Length of the pilot [weeks].
    first_contact_resolution : float, optional
        Share resolved at first contact, 0–1.
    csat : float, optional
        Share of satisfied customers (CSAT top-2-box), 0–1.
    churn_rate : float, optional
        Share of piloted customers who left, 0–1 (lower is better).
    """

    weeks: Annotated[StrictInt, Field(gt=0)]
    first_contact_resolution: Share | None = None
    csat: Share | None = None
    churn_rate: Share | None = None


class ReferencesAnswer(Model):
    """A vendor's references and how it would staff and train for the buyer.

    Parameters
    ----------
    references : tuple of ClientReference
        Client references.
    offers_dedicated_team : bool
        The buyer would get agents who work only on its account.
    offers_onsite_training : bool
        The vendor will train at the buyer's headquarters.
    pilot : PilotOutcome, optional
        Outcomes of a pilot, when one was run.
    """

    references: tuple[ClientReference, ...] = ()
    offers_dedicated_team: bool = False
    offers_onsite_training: bool = False
    pilot: PilotOutcome | None = None
