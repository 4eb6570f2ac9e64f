"""The result of :func:`~vendoreval.award.optimize_award`: who receives what, at what cost."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from vendoreval._lazy import pd
from vendoreval.award.allocation import SplitBy
from vendoreval.errors import UnknownNameError

__all__ = ["Award"]


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}"


def _share_text(share: float) -> str:
    return f"{share:.0%}" if abs(share * 100 - round(share * 100)) < 1e-9 else f"{share:.1%}"


@dataclass(frozen=True, eq=False)
class Award:
    """An allocation of the buyer's traffic to vendors and what it costs.

    Attributes
    ----------
    allocation : pandas.DataFrame
        Index ``segment``, one column per vendor (every proposal, in order): the share of
        the segment each vendor receives [-]; rows sum to 1.
    monthly_cost_mean : float
        Expected monthly cost of the allocation: the sum of the awarded vendors' expected
        costs, each simulated on its share (:func:`~vendoreval.award.scenario_cost`)
        [currency/month].
    vendor_costs : pandas.Series
        Expected monthly cost of each vendor under the allocation, 0 for a vendor without a
        share [currency/month].
    best_single : str or None
        The cheapest vendor that could take all the traffic alone (eligible for every
        segment, passing the knock-outs and ``min_score``, enough seats); None if none can.
    best_single_cost : float
        Its expected monthly cost alone; NaN without one [currency/month].
    single_costs : pandas.Series
        Expected monthly cost of each vendor taking all the traffic alone; NaN for a vendor
        that cannot [currency/month].
    scores : pandas.Series
        The score of each awarded vendor (0–100); NaN when no scores were given.
    agents : pandas.Series
        Peak agents each awarded vendor's share needs [agents].
    seats : pandas.Series
        Seats at go-live of every vendor; NaN without a coverage answer [seats].
    setup_fees : pandas.Series
        One-off set-up fee of every vendor, paid by each awarded one [currency].
    segment_volumes : pandas.Series
        Forecast contacts of each segment [contacts/month].
    excluded : dict of str to str
        Vendors that could receive nothing, and why.
    blocked : dict of (str, str) to str
        ``(segment, vendor)`` pairs ruled out, and why.
    split_by : SplitBy
        ``channel``, ``language`` or ``both``.
    shares : str
        ``whole`` or ``fractional``.
    method : str
        ``exact`` (every vendor × set of segments simulated, set partitioning) or ``model``
        (piecewise-linear model, candidates verified by simulation).
    optimal : bool
        False when the solver stopped at its time limit before proving optimality.
    min_vendors, max_vendors, max_share, min_score : optional
        The constraints the award was found under.
    currency : str
        Contract currency (ISO 4217).
    runs, seed : int
        The simulation behind every cost.
    simulations : int
        Vendor simulations run to find the award (cached ones not counted).
    """

    allocation: pd.DataFrame
    monthly_cost_mean: float
    vendor_costs: pd.Series
    best_single: str | None
    best_single_cost: float
    single_costs: pd.Series
    scores: pd.Series
    agents: pd.Series
    seats: pd.Series
    setup_fees: pd.Series
    segment_volumes: pd.Series
    excluded: dict[str, str] = field(default_factory=dict)
    blocked: dict[tuple[str, str], str] = field(default_factory=dict)
    split_by: SplitBy = SplitBy.CHANNEL
    shares: str = "whole"
    method: str = "exact"
    optimal: bool = True
    min_vendors: int | None = None
    max_vendors: int | None = None
    max_share: float | None = None
    min_score: float | None = None
    currency: str = ""
    runs: int = 0
    seed: int = 0
    simulations: int = 0

    def __repr__(self) -> str:
        return (
            f"Award({', '.join(self.vendors)}; {_money(self.monthly_cost_mean, self.currency)}"
            f"/month; split by {self.split_by.value}, {self.shares} segments)"
        )

    @property
    def vendors(self) -> tuple[str, ...]:
        """The awarded vendors, in the order of the proposals."""
        awarded = self.allocation.sum(axis=0) > 0
        return tuple(str(v) for v in self.allocation.columns[awarded.to_numpy()])

    @property
    def saving(self) -> float:
        """Best single vendor's expected monthly cost minus the award's: positive when the
        split saves, negative when it costs more (e.g. under ``max_share``); NaN without a
        single vendor [currency/month]."""
        return self.best_single_cost - self.monthly_cost_mean

    @property
    def volume_shares(self) -> pd.Series:
        """Share of the total volume each awarded vendor receives [-]."""
        volumes = self.segment_volumes.to_numpy()
        share = self.allocation.to_numpy().T @ volumes / volumes.sum()
        series = pd.Series(share, index=self.allocation.columns, name="volume_share")
        return series[list(self.vendors)]

    def segments_of(self, vendor: str) -> str:
        """What ``vendor`` receives, e.g. ``"phone, chat (40%)"``; empty when nothing."""
        if vendor not in self.allocation.columns:
            raise UnknownNameError(
                f"no vendor {vendor!r} in this award; vendors: {', '.join(self.allocation.columns)}"
            )
        parts = []
        for segment, share in self.allocation[vendor].items():
            if share <= 0:
                continue
            whole = share >= 1 - 1e-9
            parts.append(str(segment) if whole else f"{segment} ({_share_text(share)})")
        return ", ".join(parts)

    def to_frame(self) -> pd.DataFrame:
        """One row per awarded vendor.

        Returns
        -------
        pandas.DataFrame
            Index ``vendor``; ``segments`` (what it receives), ``volume_share`` [-],
            ``monthly_cost_mean`` [currency/month], ``score`` (0–100, NaN without scores),
            ``agents_needed`` and ``seats`` [agents], ``setup_fee`` [currency].
        """
        vendors = list(self.vendors)
        frame = pd.DataFrame(
            {
                "segments": [self.segments_of(v) for v in vendors],
                "volume_share": self.volume_shares.to_numpy(),
                "monthly_cost_mean": self.vendor_costs[vendors].to_numpy(),
                "score": self.scores[vendors].to_numpy(),
                "agents_needed": self.agents[vendors].to_numpy(),
                "seats": self.seats[vendors].to_numpy(),
                "setup_fee": self.setup_fees[vendors].to_numpy(),
            },
            index=pd.Index(vendors, name="vendor"),
        )
        return frame

    def sheet_table(self) -> dict[str, pd.DataFrame]:
        """The tables a workbook's Award sheet shows, in order.

        Returns
        -------
        dict of str to pandas.DataFrame
            ``summary`` (index ``item``, column ``value``: how the award was found and what
            it costs against the best single vendor), ``allocation`` (index ``segment``:
            ``volume`` [contacts/month] and the share of each awarded vendor),
            ``vendors`` (:meth:`to_frame`) and ``single_vendor`` (index ``vendor``: the
            ``monthly_cost_mean`` of each vendor alone and ``eligible_alone``).
        """
        constraints = [
            f"min_vendors={self.min_vendors}" if self.min_vendors is not None else "",
            f"max_vendors={self.max_vendors}" if self.max_vendors is not None else "",
            f"max_share={self.max_share:g}" if self.max_share is not None else "",
            f"min_score={self.min_score:g}" if self.min_score is not None else "",
        ]
        items: list[tuple[str, object]] = [
            ("split_by", self.split_by.value),
            ("shares", self.shares),
            ("vendors", ", ".join(self.vendors)),
            ("monthly_cost_mean", self.monthly_cost_mean),
            ("best_single", self.best_single or ""),
            ("best_single_cost", self.best_single_cost),
            ("saving", self.saving),
            ("currency", self.currency),
            ("constraints", ", ".join(c for c in constraints if c) or "none"),
            ("method", self.method),
            ("runs", self.runs),
            ("seed", self.seed),
        ]
        summary = pd.DataFrame(
            {"value": [value for _, value in items]},
            index=pd.Index([name for name, _ in items], name="item"),
        )
        allocation = self.allocation[list(self.vendors)].copy()
        allocation.insert(0, "volume", self.segment_volumes.to_numpy())
        single = pd.DataFrame(
            {
                "monthly_cost_mean": self.single_costs.to_numpy(),
                "eligible_alone": self.single_costs.notna().to_numpy(),
            },
            index=self.single_costs.index,
        )
        return {
            "summary": summary,
            "allocation": allocation,
            "vendors": self.to_frame(),
            "single_vendor": single,
        }

    def explain(self) -> str:
        """The award in plain words: who receives what, what it costs, what it saves (or
        costs) against the best single vendor, which constraints applied and who was ruled
        out, and how the allocation was found."""
        money = self.currency
        total = float(self.segment_volumes.sum())
        unit = {
            SplitBy.CHANNEL: "channel",
            SplitBy.LANGUAGE: "language",
            SplitBy.BOTH: "channel × language cell",
        }[self.split_by]
        how = "whole" if self.shares == "whole" else "shares of"
        lines = [
            f"Award to {len(self.vendors)} vendor{'s' if len(self.vendors) != 1 else ''}, "
            f"split by {unit} ({how} segments; {total:,.0f} contacts a month):"
        ]
        shares = self.volume_shares
        for vendor in self.vendors:
            score = self.scores.get(vendor, math.nan)
            scored = "" if not np.isfinite(score) else f", score {score:.1f}"
            lines.append(
                f"- {vendor}: {self.segments_of(vendor)} — {_share_text(float(shares[vendor]))} "
                f"of the volume, {_money(float(self.vendor_costs[vendor]), money)} a month"
                f"{scored}; {int(self.agents[vendor])} agents needed at peak"
                + (
                    f" of {self.seats[vendor]:.0f} seats"
                    if np.isfinite(self.seats.get(vendor, math.nan))
                    else ""
                )
                + "."
            )
        lines.append(
            f"Expected monthly cost: {_money(self.monthly_cost_mean, money)} "
            f"(mean of {self.runs:,} simulated months per vendor, seed {self.seed})."
        )
        if self.best_single is None:
            lines.append("No single vendor could take all the traffic alone.")
        elif self.vendors == (self.best_single,):
            lines.append(f"{self.best_single} alone is the cheapest award.")
        else:
            saving = self.saving
            base = self.best_single_cost
            verb = "saves" if saving >= 0 else "costs"
            lines.append(
                f"Against the best single vendor, {self.best_single} alone at "
                f"{_money(base, money)}, this award {verb} {_money(abs(saving), money)} a "
                f"month ({abs(saving) / base:.1%})."
            )
        fees = float(self.setup_fees[list(self.vendors)].sum())
        if fees > 0:
            lines.append(f"One-off set-up fees of the awarded vendors: {_money(fees, money)}.")
        rules = []
        if self.min_vendors is not None:
            rules.append(f"at least {self.min_vendors} vendors")
        if self.max_vendors is not None:
            rules.append(f"at most {self.max_vendors} vendor{'s' if self.max_vendors > 1 else ''}")
        if self.max_share is not None:
            rules.append(f"no vendor above {_share_text(self.max_share)} of the volume")
        if self.min_score is not None:
            rules.append(f"a score of at least {self.min_score:g}")
        rules.append("every vendor within its seats and serving only what it can")
        lines.append("Constraints: " + "; ".join(rules) + ".")
        for vendor, why in self.excluded.items():
            lines.append(f"Ruled out: {vendor} — {why}.")
        grouped: dict[tuple[str, str], list[str]] = {}
        for (segment, vendor), why in self.blocked.items():
            grouped.setdefault((vendor, why), []).append(segment)
        for (vendor, why), blocked in grouped.items():
            lines.append(f"{vendor} cannot take {', '.join(blocked)}: {why}.")
        if self.method == "exact":
            found = (
                "Found exactly: every vendor's cost on every set of segments it can take was "
                "simulated, and a mixed-integer program (HiGHS) chose the cheapest partition."
            )
        else:
            found = (
                "Found with a piecewise-linear mixed-integer model of each vendor's cost "
                "(HiGHS), sampled by simulation at breakpoints; the candidate allocations were "
                "priced by simulation and the cheapest feasible one kept."
            )
        if not self.optimal:
            found += " The solver stopped at its time limit before proving optimality."
        lines.append(found)
        return "\n".join(lines)
