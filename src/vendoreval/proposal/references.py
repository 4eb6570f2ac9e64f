"""The vendor's answer to the references check.

Data only: it is scored by :mod:`vendoreval.checks.references`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictInt

from vendoreval._model import Model
from vendoreval.proposal.reference_checks import ReferenceChecks
from vendoreval.vocabulary import Channel, NonNegativeFloat, Share

__all__ = ["ClientReference", "PilotOutcome", "ReferenceOutcome", "ReferencesAnswer"]


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

    client: str = Field(
        min_length=1,
        description="client name",
        json_schema_extra={"questionnaire": {"label": "Client"}},
    )
    industry: str = Field(
        min_length=1,
        description="client's industry, compared with the buyer's, e.g. e-commerce",
        json_schema_extra={"questionnaire": {"label": "Industry"}},
    )
    years: NonNegativeFloat = Field(
        default=0.0,
        description="length of the relationship [years]",
        json_schema_extra={"questionnaire": {"label": "Years served", "width": 12}},
    )
    channels: tuple[Channel, ...] = Field(
        default=(),
        description="channels served for this client",
        json_schema_extra={"questionnaire": {"label": "Channels served", "width": 24}},
    )
    contactable: bool = Field(
        default=False,
        description="the client agreed to take a reference call",
        json_schema_extra={"questionnaire": {"label": "Contactable", "width": 12}},
    )
    check_outcome: ReferenceOutcome = Field(
        default=ReferenceOutcome.NOT_CONTACTED,
        description="result of the buyer's reference call, filled in by the buyer",
        json_schema_extra={"questionnaire": {"label": "Reference-check outcome", "width": 18}},
    )
    serves_competitor: bool = Field(
        default=False,
        description="the client competes with the buyer",
        json_schema_extra={"questionnaire": {"label": "Competitor of the buyer", "width": 14}},
    )
    dedicated_agents: bool = Field(
        default=False,
        description="the client has a dedicated (not shared) team",
        json_schema_extra={"questionnaire": {"label": "Dedicated agents", "width": 12}},
    )
    onsite_training_at_hq: bool = Field(
        default=False,
        description="the vendor trained agents at the client's headquarters",
        json_schema_extra={"questionnaire": {"label": "Trained at the client's HQ", "width": 14}},
    )


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

    weeks: Annotated[StrictInt, Field(gt=0)] = Field(
        description="length of the pilot [weeks]",
        json_schema_extra={
            "questionnaire": {
                "label": "Pilot length",
                "blank": "leave the four pilot rows blank when no pilot was run",
            }
        },
    )
    first_contact_resolution: Share | None = Field(
        default=None,
        description="share of the pilot's contacts resolved at first contact",
        json_schema_extra={
            "questionnaire": {
                "label": "Pilot first-contact resolution",
                "blank": "blank = not measured",
            }
        },
    )
    csat: Share | None = Field(
        default=None,
        description="share of satisfied customers in the pilot (CSAT top-2-box)",
        json_schema_extra={
            "questionnaire": {"label": "Pilot CSAT (top-2-box)", "blank": "blank = not measured"}
        },
    )
    churn_rate: Share | None = Field(
        default=None,
        description="share of piloted customers who left (lower is better)",
        json_schema_extra={
            "questionnaire": {"label": "Pilot customer churn", "blank": "blank = not measured"}
        },
    )


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
    reference_checks : ReferenceChecks, optional
        Reference profiles and the buyer's scored reference calls.
    """

    references: tuple[ClientReference, ...] = Field(
        default=(),
        description="clients the buyer may call",
        json_schema_extra={
            "questionnaire": {
                "label": "Client references",
                "table": "Client references — one client per row",
                "rows": 8,
            }
        },
    )
    offers_dedicated_team: bool = Field(
        default=False,
        description="the agents would work only on the buyer's account",
        json_schema_extra={"questionnaire": {"label": "Dedicated team for this account"}},
    )
    offers_onsite_training: bool = Field(
        default=False,
        description="the vendor will train agents at the buyer's headquarters",
        json_schema_extra={"questionnaire": {"label": "Training at the buyer's headquarters"}},
    )
    pilot: PilotOutcome | None = Field(
        default=None,
        description="outcomes of a pilot, when one was run",
        json_schema_extra={"questionnaire": {"label": "Pilot"}},
    )
    reference_checks: ReferenceChecks | None = Field(
        default=None,
        description="reference profiles (size, languages, former client) and the buyer's "
        "scored reference calls",
        json_schema_extra={
            "questionnaire": {
                "label": "Structured reference checks answered",
                "blank": "answer yes and fill the two tables below, or no",
                "ko": {
                    "label": "구조화된 레퍼런스 체크 답변",
                    "description": "레퍼런스 프로필(규모, 언어, 종료 고객사)과 발주사의 "
                    "레퍼런스 통화 평가",
                    "blank": "yes로 답하고 아래 두 표를 작성하거나 no",
                },
            }
        },
    )
