"""Service commitments and the service-credit terms built on them.

A :class:`Commitment` is one measurable promise — "80% of phone calls answered within 20 s",
"email answered within 4 h for 95% of messages", "ASA at most 30 s" — keyed
``"<channel>.<kpi>"``. :class:`ServiceCredits` groups a vendor's commitments with the money
that rides on them, by one of two methods:

* **pool** (no ``grades``): ``at_risk_share`` of the month's fees is at risk; each missed
  commitment takes its ``weight`` of that pool, and the credit never exceeds the pool;
* **grades** (``grades`` given): a weighted attainment score 0–100 picks a
  :class:`GradeBand`, whose ``adjustment`` deducts from (or adds a bonus to) the fees.

The arithmetic lives in :mod:`vendoreval.contract.credits`.

References
----------
ISO/IEC 20000-1:2018 *Service management system requirements*, 8.3.3 Service level
management: service targets agreed, measured and reported against.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Self, overload

import numpy as np
import numpy.typing as npt
from pydantic import Field, StrictFloat, StrictInt, field_validator, model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError, UnknownNameError
from vendoreval.vocabulary import (
    Channel,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    ServiceKpi,
    Share,
)

__all__ = [
    "Adjustment",
    "Commitment",
    "CommitmentKpi",
    "CreditMethod",
    "GradeBand",
    "ServiceCredits",
]


Adjustment = Annotated[StrictFloat | StrictInt, Field(ge=-1, le=1, allow_inf_nan=False)]
"""A change to the month's fees as a share in [-1, 1] (-0.05 deducts 5%, +0.03 adds 3%)."""


CommitmentKpi = ServiceKpi
"""A KPI a vendor commits to: :class:`vendoreval.vocabulary.ServiceKpi` (one home for the
KPI names that buyers target and vendors commit to)."""


class CreditMethod(StrEnum):
    """How a :class:`ServiceCredits` turns achieved KPIs into money."""

    POOL = "pool"
    GRADES = "grades"


class Commitment(Model):
    """One measurable service commitment.

    Parameters
    ----------
    channel : Channel
        The channel measured (``phone``, ``email``, ``chat``, ``social``, ``messaging``).
    kpi : CommitmentKpi
        What is measured (``service_level``, ``asa_seconds``, ``abandonment``,
        ``response_within_hours``, ``fcr``, ``csat``, ``qa_score``).
    target : float
        The committed level: a share 0–1 for every KPI but ``asa_seconds``, whose target is a
        mean wait [s] ≥ 0. Missed when the achieved value is below a higher-is-better target,
        or above a lower-is-better one.
    threshold_seconds : float, optional
        Answer threshold of ``service_level`` [s] > 0 (20 in "80% within 20 s"). Required for
        ``service_level`` and an error for any other KPI.
    threshold_hours : float, optional
        Response threshold of ``response_within_hours`` [h] > 0. Required for
        ``response_within_hours`` and an error for any other KPI.
    weight : float
        Weight ≥ 0 of the commitment: its share of the pool when missed (pool method), or
        its weight in the attainment score (grade method). Default 1.

    Examples
    --------
    >>> c = Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20)
    >>> c.key, c.missed(0.76)
    ('phone.service_level', True)
    """

    channel: Channel = Field(
        description="the channel measured",
        json_schema_extra={"questionnaire": {"label": "Channel", "width": 12}},
    )
    kpi: CommitmentKpi = Field(
        description="what is measured: service_level (answered within the threshold ÷ "
        "offered), asa_seconds (mean wait of answered contacts), abandonment, "
        "response_within_hours, fcr, csat (top-2-box) or qa_score",
        json_schema_extra={"questionnaire": {"label": "KPI", "width": 22}},
    )
    target: NonNegativeFloat = Field(
        description="the committed level: a share 0–1 (0.8 for 80%), or a mean wait [s] for "
        "asa_seconds",
        json_schema_extra={"questionnaire": {"label": "Target"}},
    )
    threshold_seconds: PositiveFloat | None = Field(
        default=None,
        description="answer threshold of service_level [s] (20 in 80% within 20 s)",
        json_schema_extra={
            "questionnaire": {
                "label": "Answer within",
                "blank": "required for service_level, blank otherwise",
            }
        },
    )
    threshold_hours: PositiveFloat | None = Field(
        default=None,
        description="response threshold of response_within_hours [h]",
        json_schema_extra={
            "questionnaire": {
                "label": "Respond within",
                "blank": "required for response_within_hours, blank otherwise",
            }
        },
    )
    weight: NonNegativeFloat = Field(
        default=1.0,
        description="weight ≥ 0: the share of the pool a miss costs (pool method), or the "
        "weight in the monthly score (grades)",
        json_schema_extra={"questionnaire": {"label": "Weight"}},
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        self.kpi.check_target(self.target, self.key)
        needs = self.kpi.threshold_field
        for name in ("threshold_seconds", "threshold_hours"):
            given = getattr(self, name) is not None
            if name == needs and not given:
                unit = "seconds" if name == "threshold_seconds" else "hours"
                raise ArgumentError(f"{self.key} needs {name} (the threshold in {unit})")
            if name != needs and given:
                raise ArgumentError(
                    f"{name} applies only to "
                    + ("service_level" if name == "threshold_seconds" else "response_within_hours")
                    + f" commitments, not to {self.key}"
                )
        return self

    @property
    def key(self) -> str:
        """``"<channel>.<kpi>"``, e.g. ``"phone.service_level"``."""
        return f"{self.channel.value}.{self.kpi.value}"

    @property
    def higher_is_better(self) -> bool:
        """True when a higher achieved value is better (all KPIs but ASA and abandonment)."""
        return self.kpi.higher_is_better

    @overload
    def missed(self, achieved: float) -> bool: ...

    @overload
    def missed(self, achieved: npt.NDArray[np.floating]) -> npt.NDArray[np.bool_]: ...

    def missed(self, achieved: float | npt.NDArray[np.floating]) -> bool | npt.NDArray[np.bool_]:
        """Whether ``achieved`` misses the target (element-wise for arrays).

        Missed means achieved < target for a higher-is-better KPI and achieved > target for
        a lower-is-better one; meeting the target exactly is not a miss.

        Parameters
        ----------
        achieved : float or numpy.ndarray
            The measured value (a share 0–1, or a mean wait [s] for ``asa_seconds``).

        Raises
        ------
        ValueError
            When a scalar ``achieved`` is NaN or infinite (arrays: NaN compares as met).
        """
        if isinstance(achieved, np.ndarray):
            compare = np.less if self.higher_is_better else np.greater
            result: npt.NDArray[np.bool_] = compare(achieved, self.target)
            return result
        value = float(achieved)
        if not math.isfinite(value):
            raise ArgumentError(
                f"achieved value of {self.key} must be a finite number, got {value}"
            )
        return value < self.target if self.higher_is_better else value > self.target


class GradeBand(Model):
    """One grade of a grade-method scorecard.

    Parameters
    ----------
    grade : str
        The grade's name, e.g. ``"S"``, ``"A"``, ``"B"``.
    min_score : float
        Lowest attainment score 0–100 that earns this grade.
    adjustment : float
        Change to the month's fees, a share in [-1, 1]: -0.05 deducts 5% (a credit to the
        buyer), +0.03 adds a 3% bonus to the vendor, 0 leaves the fees as they are.
    """

    grade: str = Field(
        min_length=1,
        description="the grade's name, e.g. S, A, B, C, D",
        json_schema_extra={"questionnaire": {"label": "Grade", "width": 10}},
    )
    min_score: NonNegativeFloat = Field(
        le=100,
        description="lowest monthly score 0–100 that earns the grade (one band starts at 0)",
        json_schema_extra={"questionnaire": {"label": "Lowest score"}},
    )
    adjustment: Adjustment = Field(
        description="change to the month's fees, a share in [-1, 1]: -0.05 deducts 5%, "
        "+0.03 adds a 3% bonus",
        json_schema_extra={"questionnaire": {"label": "Fee adjustment"}},
    )

    @field_validator("grade")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ArgumentError("grade must be a non-blank name such as 'A'")
        return value


class ServiceCredits(Model):
    """A vendor's service commitments and the credits (or bonuses) riding on them.

    Parameters
    ----------
    commitments : tuple of Commitment
        At least one; keys ``"<channel>.<kpi>"`` are unique.
    at_risk_share : float, optional
        Share 0–1 of the month's fees at risk under the pool method (``grades`` empty), where
        it is required. It does not apply to the grade method and is ignored there.
    grades : tuple of GradeBand
        Empty for the pool method. Otherwise the grade bands: unique names, unique
        ``min_score`` values, one of them 0 so that every score 0–100 earns a grade; the
        commitments' weights must then sum above 0.
    earn_back_months : int
        k ≥ 0: a pool-method credit for a commitment missed in month m is returned if the
        commitment is met in each of months m+1 … m+k (0: no earn-back). Only for the pool
        method; earn-back with grades is an error.

    Examples
    --------
    >>> terms = ServiceCredits(
    ...     commitments=[
    ...         Commitment(channel="phone", kpi="service_level", target=0.8,
    ...                    threshold_seconds=20, weight=0.6),
    ...         Commitment(channel="email", kpi="response_within_hours", target=0.95,
    ...                    threshold_hours=4, weight=0.6),
    ...     ],
    ...     at_risk_share=0.1,
    ... )
    >>> terms.method, terms.keys
    (<CreditMethod.POOL: 'pool'>, ('phone.service_level', 'email.response_within_hours'))
    """

    commitments: tuple[Commitment, ...] = Field(
        min_length=1,
        description="the service levels committed to, one per channel and KPI",
        json_schema_extra={
            "questionnaire": {
                "label": "Commitments",
                "table": "Service commitments — one channel and KPI per row",
                "rows": 8,
            }
        },
    )
    at_risk_share: Share | None = Field(
        default=None,
        description="share 0–1 of the month's fees at risk when commitments are missed "
        "(pool method, no grades)",
        json_schema_extra={
            "questionnaire": {
                "label": "Share of monthly fees at risk",
                "blank": "required without grades; blank with grades",
            }
        },
    )
    grades: tuple[GradeBand, ...] = Field(
        default=(),
        description="monthly grades (S–D) with the fee adjustment each earns; empty for a pool "
        "of fees at risk",
        json_schema_extra={
            "questionnaire": {
                "label": "Grades",
                "table": "Monthly grades — one grade per row (leave empty for a pool at risk)",
                "rows": 6,
            }
        },
    )
    earn_back_months: NonNegativeInt = Field(
        default=0,
        description="months a missed commitment must then be met for its credit to be "
        "returned (pool method; 0 = no earn-back) [months]",
        json_schema_extra={"questionnaire": {"label": "Earn-back months"}},
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        seen: set[str] = set()
        for commitment in self.commitments:
            if commitment.key in seen:
                raise ArgumentError(
                    f"commitment {commitment.key!r} is given twice; each channel.kpi key may "
                    "appear once"
                )
            seen.add(commitment.key)
        if not self.grades:
            if self.at_risk_share is None:
                raise ArgumentError(
                    "at_risk_share is required for the pool method (no grades): the share "
                    "0–1 of the month's fees at risk, e.g. 0.1"
                )
            return self
        names = [band.grade for band in self.grades]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ArgumentError(f"grade {repeated[0]!r} is given twice; grade names are unique")
        scores = [band.min_score for band in self.grades]
        same = sorted({s for s in scores if scores.count(s) > 1})
        if same:
            raise ArgumentError(
                f"two grades share min_score {same[0]:g}; each band needs its own lower bound"
            )
        if 0 not in scores:
            raise ArgumentError(
                "grades need a band with min_score 0 so that every score earns a grade "
                f"(lowest min_score given: {min(scores):g})"
            )
        if sum(c.weight for c in self.commitments) <= 0:
            raise ArgumentError("the commitments' weights must sum above 0 to score grades")
        if self.earn_back_months:
            raise ArgumentError(
                "earn_back_months applies to the pool method only; remove it or the grades"
            )
        return self

    @property
    def method(self) -> CreditMethod:
        """``pool`` when ``grades`` is empty, else ``grades``."""
        return CreditMethod.GRADES if self.grades else CreditMethod.POOL

    @property
    def keys(self) -> tuple[str, ...]:
        """Commitment keys, in the order given."""
        return tuple(c.key for c in self.commitments)

    def commitment(self, key: str) -> Commitment:
        """The commitment with ``key`` (``"phone.service_level"``).

        Raises
        ------
        KeyError
            When no commitment has that key.
        """
        for commitment in self.commitments:
            if commitment.key == key:
                return commitment
        raise UnknownNameError(f"no commitment {key!r}; the terms commit to {', '.join(self.keys)}")

    def bands(self) -> tuple[GradeBand, ...]:
        """Grade bands from the highest ``min_score`` to 0 (empty for the pool method)."""
        return tuple(sorted(self.grades, key=lambda band: band.min_score, reverse=True))
