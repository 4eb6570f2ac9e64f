"""An award problem: the segments, who may serve them, the constraints, and the exact cost
and feasibility of any allocation of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Final

import numpy as np

from vendoreval._types import FloatArray
from vendoreval.award.allocation import Segment, SplitBy, Traffic, membership
from vendoreval.award.cost import Pricer
from vendoreval.award.eligibility import Eligibility, Seats

if TYPE_CHECKING:
    from vendoreval.needs import Needs
    from vendoreval.proposal import VendorProposal

__all__ = ["SHARE_EPSILON", "AwardProblem"]

SHARE_EPSILON: Final = 1e-9
"""Shares at or below this are no share at all [-]; also the slack of the share constraints."""


@dataclass(eq=False)
class AwardProblem:
    """The segments to award, the vendors, the constraints, and the exact evaluation.

    Attributes
    ----------
    needs : Needs
        The buyer's needs.
    proposals : tuple of VendorProposal
        Every vendor, in the caller's order.
    split_by : SplitBy
        How the traffic is cut.
    parts : tuple of Segment
        The segments with volume.
    traffic : Traffic
        The needs' channel × language cells.
    eligible : Eligibility
        Which vendor may receive which segment; seats.
    pricer : Pricer
        Expected monthly cost of a vendor on a share of the traffic (cached simulation).
    staffing : Seats
        Peak agents of a share of the traffic.
    min_vendors : int or None
        Fewest vendors awarded.
    max_vendors : int or None
        Most vendors awarded.
    max_share : float or None
        Largest share of the total volume one vendor may receive [-].
    whole : bool
        Segments are awarded whole (True) or in shares.
    """

    needs: Needs
    proposals: tuple[VendorProposal, ...]
    split_by: SplitBy
    parts: tuple[Segment, ...]
    traffic: Traffic
    eligible: Eligibility
    pricer: Pricer
    staffing: Seats
    min_vendors: int | None
    max_vendors: int | None
    max_share: float | None
    whole: bool
    _agents: dict[bytes, int] = field(default_factory=dict)

    @cached_property
    def cells(self) -> FloatArray:
        """Contacts of every cell of every segment, shape ``(segments, cells)``
        [contacts/month]."""
        return np.asarray(
            membership(self.parts, self.traffic) * self.traffic.volumes, dtype=np.float64
        )

    @cached_property
    def volumes(self) -> FloatArray:
        """Contacts of each segment [contacts/month]."""
        return np.array([s.volume for s in self.parts], dtype=np.float64)

    @property
    def total(self) -> float:
        """Contacts of all segments [contacts/month]."""
        return float(self.volumes.sum())

    @property
    def names(self) -> tuple[str, ...]:
        """Vendor names, in order."""
        return self.eligible.vendors

    def column(self, shares: FloatArray) -> FloatArray:
        """Contacts of each cell a vendor with these segment shares receives."""
        return np.asarray(shares @ self.cells, dtype=np.float64)

    def vendor_cost(self, vendor: int, shares: FloatArray) -> float:
        """Expected monthly cost of vendor ``vendor`` with segment ``shares`` [currency]."""
        return self.pricer.cost(self.proposals[vendor], self.column(shares))

    def agents(self, shares: FloatArray) -> int:
        """Peak agents a vendor with segment ``shares`` needs [agents] (cached)."""
        key = np.round(shares, 12).tobytes()
        if key not in self._agents:
            self._agents[key] = (
                self.staffing.agents(self.column(shares)) if (shares > 0).any() else 0
            )
        return self._agents[key]

    def cost(self, shares: FloatArray) -> float:
        """Expected monthly cost of an allocation (segments × vendors) [currency]."""
        return sum(
            self.vendor_cost(j, shares[:, j])
            for j in range(shares.shape[1])
            if (shares[:, j] > SHARE_EPSILON).any()
        )

    def violations(self, shares: FloatArray) -> list[str]:
        """Every constraint ``shares`` breaks, in words; empty when it is feasible."""
        broken: list[str] = []
        sums = shares.sum(axis=1)
        for i, segment in enumerate(self.parts):
            if abs(sums[i] - 1.0) > 1e-6:
                broken.append(f"shares of {segment.label} sum to {sums[i]:.9g}")
        awarded = [j for j in range(shares.shape[1]) if (shares[:, j] > SHARE_EPSILON).any()]
        for j in awarded:
            name = self.names[j]
            for i, segment in enumerate(self.parts):
                if shares[i, j] > SHARE_EPSILON and not self.eligible.allowed[i, j]:
                    why = self.eligible.blocked.get((segment.label, name))
                    why = why or self.eligible.excluded.get(name, "not eligible")
                    broken.append(f"{name} cannot serve {segment.label}: {why}")
            if self.max_share is not None:
                share = float(shares[:, j] @ self.volumes) / self.total
                if share > self.max_share + SHARE_EPSILON:
                    broken.append(f"{name} receives {share:.2%} > max_share {self.max_share:.2%}")
            seats = self.eligible.seats[j]
            if np.isfinite(seats):
                agents = self.agents(shares[:, j])
                if agents > seats:
                    broken.append(f"{name} needs {agents} agents at peak for {seats:.0f} seats")
        if self.max_vendors is not None and len(awarded) > self.max_vendors:
            broken.append(f"{len(awarded)} vendors > max_vendors {self.max_vendors}")
        if self.min_vendors is not None and len(awarded) < self.min_vendors:
            broken.append(f"{len(awarded)} vendors < min_vendors {self.min_vendors}")
        return broken
