"""The result of a cost simulation, and :func:`simulate_costs` that runs one."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from vendoreval.errors import ArgumentError
from vendoreval.needs import Needs
from vendoreval.pricing.sheet import TierBasis
from vendoreval.pricing.tariff import (
    CHARGE_LINES,
)
from vendoreval.proposal import VendorProposal

if TYPE_CHECKING:
    from rich.progress import Progress

from vendoreval.calendar import add_months, month_start
from vendoreval.simulation.model import (
    PROGRESS_THRESHOLD,
    CostModel,
    _check_runs,
    _check_seed,
    _Month,
)

__all__ = ["CostSimulation", "simulate_costs"]


def _progress_wanted(progress: bool | None, work: int) -> bool:
    if progress is not None:
        return bool(progress)
    return work >= PROGRESS_THRESHOLD and sys.stderr.isatty()


def _new_progress() -> Progress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


class CostSimulation:
    """Simulated monthly costs of several vendors on shared traffic (see :func:`simulate_costs`).

    Attributes
    ----------
    samples : pandas.DataFrame
        Monthly cost [currency], float64: index ``run`` (0 … runs − 1), one column per vendor in
        the order of the proposals.
    runs : int
        Simulated months.
    seed : int
        Seed of the random streams.
    currency : str
        Contract currency (ISO 4217).
    vendors : tuple of str
        Vendor names.
    month : str
        Calendar month simulated, ``YYYY-MM``.
    budget : float or None
        ``needs.contract.budget_per_month`` [currency/month].
    """

    def __init__(
        self,
        model: CostModel,
        month_result: _Month,
        *,
        runs: int,
        seed: int,
        month: str,
    ) -> None:
        self._model = model
        self.runs = runs
        self.seed = seed
        self.month = month
        self.vendors = model.names
        self.currency = model.needs.contract.currency
        budget = model.needs.contract.budget_per_month
        self.budget = None if budget is None else float(budget)
        frame = pd.DataFrame(
            {name: month_result.charges[name].total for name in self.vendors},
            index=pd.RangeIndex(runs, name="run"),
        )
        frame.columns.name = "vendor"
        self.samples = frame
        self._month = month_result

    def __repr__(self) -> str:
        return (
            f"CostSimulation({len(self.vendors)} vendors, runs={self.runs}, seed={self.seed}, "
            f"month={self.month!r}, currency={self.currency!r})"
        )

    def summary(self) -> pd.DataFrame:
        """Per vendor: ``mean``, ``std``, ``p5``, ``p50``, ``p95`` [currency] and
        ``prob_over_budget`` (share of runs above the monthly budget; NaN without a budget).
        """
        values = self.samples.to_numpy()
        p5, p50, p95 = np.percentile(values, [5.0, 50.0, 95.0], axis=0)
        over = (
            np.full(values.shape[1], np.nan)
            if self.budget is None
            else (values > self.budget).mean(axis=0)
        )
        return pd.DataFrame(
            {
                "mean": values.mean(axis=0),
                "std": values.std(axis=0, ddof=1) if self.runs > 1 else np.zeros(values.shape[1]),
                "p5": p5,
                "p50": p50,
                "p95": p95,
                "prob_over_budget": over,
            },
            index=pd.Index(self.vendors, name="vendor"),
        )

    def quantile(self, q: float | Sequence[float]) -> pd.Series | pd.DataFrame:
        """Quantile(s) of the monthly cost per vendor [currency].

        Parameters
        ----------
        q : float or sequence of float
            Probabilities in [0, 1].

        Returns
        -------
        pandas.Series or pandas.DataFrame
            A Series indexed by vendor for one ``q``; a DataFrame (index ``q``) for several.
        """
        probabilities = np.atleast_1d(np.asarray(q, dtype=np.float64))
        if not ((probabilities >= 0) & (probabilities <= 1)).all():
            raise ArgumentError(f"q must be probabilities in [0, 1]; got {q!r}")
        return self.samples.quantile(q)

    def breakdown(self) -> pd.DataFrame:
        """Mean amount per vendor and charge line (:data:`~vendoreval.pricing.tariff.CHARGE_LINES`)
        [currency]; the lines add up to the mean monthly cost."""
        rows = {
            name: [float(self._month.charges[name].lines[line].mean()) for line in CHARGE_LINES]
            for name in self.vendors
        }
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(CHARGE_LINES))
        frame.index.name = "vendor"
        return frame

    def drivers(self) -> pd.DataFrame:
        """What drives each vendor's voice and staffing charges.

        Returns
        -------
        pandas.DataFrame
            Index ``vendor``; columns ``billing_increment`` (label), ``rounding``,
            ``billed_over_actual`` (billed ÷ actual whole voice seconds; exact from the pmf
            under per-contact rounding, the ratio of simulated means under monthly rounding;
            NaN when voice is not charged per minute), ``billed_wait_seconds_per_contact``
            (whole queue seconds billed per offered voice contact [s]), ``billed_wait_share``
            (their share of the billed voice seconds, i.e. of the voice charge at its average
            rate [-]), ``agent_hours`` [h] and ``fte`` [FTE] (means; NaN unless the sheet is
            staffing-based).
        """
        rows = []
        month = self._month
        for vendor in self._model.vendors:
            contact = vendor.contact
            overhead = wait = share = math.nan
            sheet = vendor.sheet
            per_minute = sheet.voice_rate_per_minute is not None or any(
                tier.basis is TierBasis.VOICE_MINUTES for tier in sheet.volume_tiers
            )
            if contact is not None and per_minute:
                wait = contact.mean_billed_wait_seconds
                if vendor.monthly:
                    actual = float(month.voice_actual[vendor.name].mean())
                    billed = float(month.voice_billed[vendor.name].mean())
                    overhead = billed / actual if actual > 0 else math.nan
                    per_contact = overhead * contact.mean_actual_seconds
                else:
                    overhead = contact.overhead
                    per_contact = contact.mean_billed_seconds
                share = wait / per_contact if per_contact > 0 else math.nan
            staffing = vendor.sheet.is_staffing_based and month.agent_hours is not None
            rows.append(
                {
                    "vendor": vendor.name,
                    "billing_increment": vendor.sheet.billing_increment.label,
                    "rounding": vendor.sheet.rounding.value,
                    "billed_over_actual": overhead,
                    "billed_wait_seconds_per_contact": wait,
                    "billed_wait_share": share,
                    "agent_hours": float(month.agent_hours.mean())
                    if staffing and month.agent_hours is not None
                    else math.nan,
                    "fte": float(month.ftes[vendor.name].mean()) if staffing else math.nan,
                }
            )
        return pd.DataFrame(rows).set_index("vendor")

    def tco(self, months: int | None = None) -> pd.DataFrame:
        """Total cost of the contract per vendor: set-up fee plus every month of the term.

        Month ``t`` (0-based, from ``needs.contract.start_month``) is simulated with every
        channel's volume × ``(1 + monthly_growth)^t`` and that month's calendar, from its own
        random streams (same seed, key ``t``); the months of a run are independent draws.
        When this simulation is of the start month, its samples are month 0.

        Parameters
        ----------
        months : int, optional
            Months to total; defaults to ``needs.contract.term_months``.

        Returns
        -------
        pandas.DataFrame
            Index ``vendor``; columns ``mean``, ``p5``, ``p95`` of the contract total and
            ``setup_fee`` [currency].
        """
        contract = self._model.needs.contract
        count = contract.term_months if months is None else months
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ArgumentError(f"months must be a whole number ≥ 1; got {months!r}")
        growth = 1.0 + float(contract.monthly_growth)
        totals = {name: np.zeros(self.runs) for name in self.vendors}
        show = _progress_wanted(None, self.runs * len(self.vendors) * count)
        progress = _new_progress() if show else None
        task = None
        if progress is not None:
            progress.start()
            task = progress.add_task("contract months", total=count)
        try:
            for t in range(count):
                month = add_months(contract.start_month, t)
                if t == 0 and month == self.month:
                    result = self._month
                else:
                    result = self._model.simulate_month(
                        month, self.runs, self.seed, month_index=t, volume_scale=growth**t
                    )
                for name in self.vendors:
                    totals[name] += result.charges[name].total
                if progress is not None and task is not None:
                    progress.advance(task)
        finally:
            if progress is not None:
                progress.stop()
        rows = {}
        for vendor in self._model.vendors:
            setup = float(vendor.sheet.setup_fee)
            values = totals[vendor.name] + setup
            p5, p95 = np.percentile(values, [5.0, 95.0])
            rows[vendor.name] = {
                "mean": float(values.mean()),
                "p5": float(p5),
                "p95": float(p95),
                "setup_fee": setup,
            }
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "vendor"
        return frame


def simulate_costs(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    runs: int = 10_000,
    seed: int = 0,
    *,
    progress: bool | None = None,
    month: str | None = None,
) -> CostSimulation:
    """Simulate the monthly cost of every vendor on shared random months of traffic.

    Parameters
    ----------
    needs : Needs
        The buyer's traffic, languages, calendar and contract.
    proposals : sequence of VendorProposal
        The vendors; names unique, price sheets in the contract currency.
    runs : int, default 10000
        Simulated months, ≥ 1.
    seed : int, default 0
        Seed (≥ 0) of the random streams; the same seed gives the same samples.
    progress : bool, optional
        Show a progress bar (rich) on stderr; by default only when ``runs × vendors`` ≥
        :data:`PROGRESS_THRESHOLD` and stderr is a terminal.
    month : str, optional
        Calendar month ``YYYY-MM`` whose days, weekends and holidays are simulated; defaults
        to ``needs.contract.start_month``.

    Returns
    -------
    CostSimulation
        ``.samples`` (runs × vendor, monthly cost [currency]), ``.summary()``,
        ``.quantile()``, ``.tco()``, ``.breakdown()``, ``.drivers()``.

    Raises
    ------
    ValueError
        ``runs`` < 1, a negative ``seed``, a bad ``month``, no proposals, two vendors with the
        same name, or a price sheet in another currency than the contract (the message names
        the vendor and the argument).
    UnpricedChannelError
        A vendor's sheet prices neither a channel with forecast volume nor agents, and does
        not say ``unpriced_contacts_free``.

    Notes
    -----
    The model is described in the module docstring: shared traffic (volume factor, Poisson
    contacts, multinomial split into calendar × language cells, abandonment), exact per-contact
    billed seconds with an exact (small months) or normal-limit (large months) monthly sum,
    staffing from Erlang C/A, and the vectorized tariff. The cost per run does not grow with
    the number of contacts a month.

    Examples
    --------
    >>> from vendoreval.datasets import load_sample
    >>> needs, proposals = load_sample()
    >>> sim = simulate_costs(needs, proposals, runs=2_000, seed=0)  # doctest: +SKIP
    >>> sim.summary()[["mean", "p95"]]  # doctest: +SKIP
    """
    count = _check_runs(runs)
    root = _check_seed(seed)
    chosen = needs.contract.start_month if month is None else month
    month_start(chosen, "month")
    model = CostModel(needs, proposals)
    show = _progress_wanted(progress, count * len(model.vendors))
    if not show:
        result = model.simulate_month(chosen, count, root)
    else:
        bar = _new_progress()
        with bar:
            task = bar.add_task(f"simulating {count:,} months", total=len(model.vendors))
            result = model.simulate_month(chosen, count, root, advance=lambda: bar.advance(task))
    return CostSimulation(model, result, runs=count, seed=root, month=chosen)
