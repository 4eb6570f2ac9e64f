"""What a simulation of the term produces per vendor, and how each chunk of runs is settled
into it: credits, net and gross cost per run and per contract year, and the per-month means
of every cost line and commitment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from vendoreval._types import FloatArray
from vendoreval.contract import credit_flows
from vendoreval.pricing.tariff import CHARGE_LINES
from vendoreval.simulation.term import Term
from vendoreval.simulation.vendor_term import VendorTerm

__all__ = ["COST_LINES", "VOICE_SUMS", "TermResult"]

COST_LINES: Final[tuple[str, ...]] = (
    *CHARGE_LINES,
    "training",
    "one_off",
    "double_running",
    "credits",
)
"""Lines of the monthly cost: the tariff's charge lines (indexed), training fees, one-off
fees spread over the term, the buyer's double-running cost, and credits (negative)."""

VOICE_SUMS: Final = ("billed", "expected_billed", "actual", "wait", "offered")
"""Voice totals summed over runs and months: billed, expected billed, actual and waiting
seconds, and offered contacts."""


@dataclass(eq=False)
class TermResult:
    """What a simulation of the term produced, per vendor (summed over months or per month).

    Per-run arrays have one element per run; per-month arrays one per month of the term.
    """

    months: tuple[str, ...]
    numbers: tuple[int, ...]
    runs: int
    net: dict[str, FloatArray]  # per run: net cost of the term
    gross: dict[str, FloatArray]  # per run: everything paid before credits
    credits: dict[str, FloatArray]  # per run: credits net of earn-back (> 0 money back)
    by_year: dict[str, FloatArray]  # (runs, years): net cost per contract year
    lines: dict[str, dict[str, FloatArray]]  # vendor → line → per-month mean
    breach: dict[str, dict[str, FloatArray]]  # vendor → key → per-month P(missed)
    achieved: dict[str, dict[str, FloatArray]]  # vendor → key → per-month mean achieved
    voice: dict[str, dict[str, float]]  # vendor → billed/actual/wait/offered sums (means)
    agent_hours: dict[str, FloatArray]  # per month
    ftes: dict[str, FloatArray]  # per month

    @classmethod
    def empty(cls, term: Term, vendors: Sequence[VendorTerm], runs: int) -> TermResult:
        """Zeroed totals of ``runs`` runs of ``term`` for ``vendors``."""
        months = term.size
        years = (max(term.numbers) - 1) // 12 + 1
        names = [v.name for v in vendors]
        return cls(
            months=term.months,
            numbers=term.numbers,
            runs=runs,
            net={name: np.zeros(runs) for name in names},
            gross={name: np.zeros(runs) for name in names},
            credits={name: np.zeros(runs) for name in names},
            by_year={name: np.zeros((runs, years)) for name in names},
            lines={name: {line: np.zeros(months) for line in COST_LINES} for name in names},
            breach={name: {} for name in names},
            achieved={name: {} for name in names},
            voice={name: dict.fromkeys(VOICE_SUMS, 0.0) for name in names},
            agent_hours={v.name: v.agent_hours.copy() for v in vendors},
            ftes={v.name: v.ftes.copy() for v in vendors},
        )

    def settle(
        self,
        vendor: VendorTerm,
        start: int,
        stop: int,
        fees: FloatArray,
        other: FloatArray,
        achieved: dict[str, FloatArray],
        once: tuple[FloatArray, FloatArray],
    ) -> None:
        """Credits of a chunk of runs ``start:stop``, and its per-run and per-month totals.

        Parameters
        ----------
        vendor : VendorTerm
            The vendor.
        start, stop : int
            The chunk's runs.
        fees : numpy.ndarray
            Indexed monthly charges, (runs, months) [currency].
        other : numpy.ndarray
            Training, double running and one-off fees of each month [currency].
        achieved : dict of str to numpy.ndarray
            Achieved value of each commitment, (runs, months).
        once : tuple of numpy.ndarray
            Double running and one-off fees of each month [currency], for their lines.
        """
        name = vendor.name
        terms = vendor.commitments
        size = stop - start
        credit = np.zeros(fees.shape)
        if terms is not None:
            credit = credit_flows(terms, fees, achieved).net
            for c in terms.commitments:
                missed = c.missed(achieved[c.key])
                breach = self.breach[name].setdefault(c.key, np.zeros(fees.shape[1]))
                breach += missed.sum(axis=0)
                mean = self.achieved[name].setdefault(c.key, np.zeros(fees.shape[1]))
                mean += achieved[c.key].sum(axis=0)
        paid = fees + other[None, :]
        net = paid - credit
        self.net[name][start:stop] = net.sum(axis=1)
        self.gross[name][start:stop] = paid.sum(axis=1)
        self.credits[name][start:stop] = credit.sum(axis=1)
        years = np.array([(n - 1) // 12 for n in self.numbers])
        first_year = years.min()
        for year in range(self.by_year[name].shape[1]):
            selected = years == year + first_year
            self.by_year[name][start:stop, year] = net[:, selected].sum(axis=1)
        lines = self.lines[name]
        lines["credits"] -= credit.sum(axis=0)
        doubles, one_offs = once
        for m in range(len(self.months)):
            lines["double_running"][m] += doubles[m] * size
            lines["one_off"][m] += one_offs[m] * size

    def finish(self) -> None:
        """Turn the sums over runs of the per-month lines and commitments into means."""
        for name in self.net:
            for line in COST_LINES:
                self.lines[name][line] /= self.runs
            for key in self.breach[name]:
                self.breach[name][key] /= self.runs
                self.achieved[name][key] /= self.runs
