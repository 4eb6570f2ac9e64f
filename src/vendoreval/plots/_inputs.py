"""What the chart functions read from an evaluation, as structural types (no import of the
analysis layers)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

import numpy.typing as npt

from vendoreval._lazy import pd

if TYPE_CHECKING:
    from vendoreval.needs import Needs
    from vendoreval.proposal import VendorProposal


__all__ = [
    "ChartSource",
    "ContractLike",
    "CostCurveSource",
    "EvaluationLike",
    "NeedsLike",
    "SimulationLike",
]


class ContractLike(Protocol):
    """The contract terms a chart reads (see :class:`vendoreval.needs.ContractNeeds`)."""

    @property
    def currency(self) -> str: ...

    @property
    def budget_per_month(self) -> Decimal | float | None: ...


class NeedsLike(Protocol):
    """The part of :class:`vendoreval.needs.Needs` a chart reads."""

    @property
    def buyer(self) -> str: ...

    @property
    def contract(self) -> ContractLike: ...


class SimulationLike(Protocol):
    """A cost simulation: ``samples`` is a runs × vendor frame of monthly cost."""

    @property
    def samples(self) -> pd.DataFrame: ...


class EvaluationLike(Protocol):
    """What the charts read from an :class:`vendoreval.evaluation.Evaluation`."""

    @property
    def ranking(self) -> pd.DataFrame: ...

    @property
    def scores(self) -> pd.DataFrame: ...

    @property
    def weights(self) -> pd.Series: ...

    @property
    def simulation(self) -> SimulationLike: ...

    @property
    def needs(self) -> NeedsLike: ...

    @property
    def method(self) -> str: ...

    def sensitivity(self, samples: int = ..., seed: int = ...) -> pd.DataFrame: ...


class CostCurveSource(Protocol):
    """An evaluation that computes (and caches) its cost curves."""

    @property
    def needs(self) -> Needs: ...

    @property
    def proposals(self) -> Sequence[VendorProposal]: ...

    def cost_curve(
        self,
        vary: str = ...,
        values: npt.ArrayLike | None = ...,
        channel: str = ...,
        *,
        month: str | None = ...,
    ) -> pd.DataFrame: ...


class ChartSource(CostCurveSource, EvaluationLike, Protocol):
    """An evaluation with the buyer's full needs, the proposals and its cost curves (for
    billing curves)."""
