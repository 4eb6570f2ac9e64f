"""The result of a cost simulation, and :func:`simulate_costs` that runs one."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final, Literal

import numpy as np

from vendoreval._lazy import pd
from vendoreval.calendar import month_start
from vendoreval.errors import ArgumentError, UnknownNameError
from vendoreval.needs import Needs
from vendoreval.pricing.sheet import TierBasis
from vendoreval.proposal import VendorProposal
from vendoreval.simulation.draws import ProgressCallback
from vendoreval.simulation.inputs import check_runs, check_seed
from vendoreval.simulation.model import CostModel
from vendoreval.simulation.service import INTERVAL_MINUTES, INTERVALS
from vendoreval.simulation.term_result import COST_LINES, TermResult
from vendoreval.vocabulary import Channel

__all__ = ["PROGRESS_THRESHOLD", "CostSimulation", "ProgressCallback", "simulate_costs"]

PROGRESS_THRESHOLD: Final = 2_000_000
"""runs × vendors × months from which the command line shows a progress bar."""


def _callback(progress: object) -> ProgressCallback | None:
    """The progress callback, or None. Booleans are accepted from earlier versions and mean
    no callback (the library never draws a bar itself)."""
    if progress is None or isinstance(progress, bool):
        return None
    if not callable(progress):
        raise ArgumentError(
            "progress must be a callable progress(done, total) or None; got "
            f"{type(progress).__name__}"
        )
    return progress


class CostSimulation:
    """Simulated costs of several vendors over the contract term, on shared draws.

    See :func:`simulate_costs` and :mod:`vendoreval.simulation.model`.

    Attributes
    ----------
    samples : pandas.DataFrame
        Net monthly cost the buyer pays [currency/month], float64: index ``run``, one column
        per vendor in the order of the proposals. Each run is one simulated term; its value
        is everything paid over the term (fees, training, the buyer's double running, one-off
        fees) less the service credits, divided by the term's months.
    gross : pandas.DataFrame
        The same before credits [currency/month].
    credits : pandas.DataFrame
        Service credits net of earn-back [currency/month]: > 0 is money back to the buyer,
        < 0 a bonus the buyer pays (grades); ``samples = gross − credits``.
    runs : int
        Simulated terms.
    seed : int
        Seed of the random streams.
    currency : str
        Contract currency (ISO 4217).
    vendors : tuple of str
        Vendor names.
    month : str
        First calendar month simulated, ``YYYY-MM``.
    months : tuple of str
        Every calendar month simulated.
    budget : float or None
        ``needs.contract.budget_per_month`` [currency/month].
    """

    def __init__(self, model: CostModel, result: TermResult, *, runs: int, seed: int) -> None:
        self._model = model
        self._result = result
        self.runs = runs
        self.seed = seed
        self.months = result.months
        self.month = result.months[0]
        self.vendors = model.names
        self.currency = model.needs.contract.currency
        budget = model.needs.contract.budget_per_month
        self.budget = None if budget is None else float(budget)
        count = len(result.months)
        index = pd.RangeIndex(runs, name="run")

        def frame(values: dict[str, np.ndarray]) -> pd.DataFrame:
            table = pd.DataFrame({name: values[name] / count for name in self.vendors}, index=index)
            table.columns.name = "vendor"
            return table

        self.samples = frame(result.net)
        self.gross = frame(result.gross)
        self.credits = frame(result.credits)

    def __repr__(self) -> str:
        span = self.month if len(self.months) == 1 else f"{self.months[0]}…{self.months[-1]}"
        return (
            f"CostSimulation({len(self.vendors)} vendors, runs={self.runs}, seed={self.seed}, "
            f"months={span!r}, currency={self.currency!r})"
        )

    @property
    def model(self) -> CostModel:
        """The cost model simulated (staffing plans, service curves, the term)."""
        return self._model

    def _vendor(self, vendor: str) -> str:
        if vendor not in self.vendors:
            raise UnknownNameError(
                f"no vendor named {vendor!r}; vendors: {', '.join(self.vendors)}"
            )
        return vendor

    # ------------------------------------------------------------------ costs

    def summary(self) -> pd.DataFrame:
        """Per vendor: ``mean``, ``std``, ``p5``, ``p50``, ``p95`` of the net monthly cost
        [currency/month], ``prob_over_budget`` (share of runs above the monthly budget; NaN
        without one), ``gross_mean`` and ``credits_mean`` [currency/month]."""
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
                "gross_mean": self.gross.to_numpy().mean(axis=0),
                "credits_mean": self.credits.to_numpy().mean(axis=0),
            },
            index=pd.Index(self.vendors, name="vendor"),
        )

    def quantile(self, q: float | Sequence[float]) -> pd.Series | pd.DataFrame:
        """Quantile(s) of the net monthly cost per vendor [currency/month].

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
        """Mean monthly amount per vendor and cost line [currency/month].

        Lines (:data:`~vendoreval.simulation.term_result.COST_LINES`): the tariff's charge lines
        at indexed prices, ``training``, ``one_off`` (set-up, transition and termination fees
        spread over the term), ``double_running`` and ``credits`` (negative: money back).
        They add up to the mean of :attr:`samples`.
        """
        count = len(self.months)
        rows = {
            name: [float(self._result.lines[name][line].sum()) / count for line in COST_LINES]
            for name in self.vendors
        }
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(COST_LINES))
        frame.index.name = "vendor"
        return frame

    def drivers(self) -> pd.DataFrame:
        """What drives each vendor's voice and staffing charges, over the term.

        Returns
        -------
        pandas.DataFrame
            Index ``vendor``; columns ``billing_increment`` (label), ``rounding``,
            ``billed_over_actual`` (billed ÷ whole billable voice seconds: exact expectations
            under per-contact rounding, the simulated months under monthly rounding; NaN when
            voice is not charged by the minute), ``billed_wait_seconds_per_contact`` (whole queue
            seconds billed per offered voice contact [s]), ``billed_wait_share`` (their share
            of the billable voice seconds [-]), ``agent_hours`` [h/month] and ``fte`` [FTE]
            (means over the term; NaN unless the sheet charges agent hours or FTEs).
        """
        rows = []
        for vendor in self._model.vendors:
            sheet = vendor.sheet
            sums = self._result.voice[vendor.name]
            per_minute = sheet.voice_rate_per_minute is not None or any(
                tier.basis is TierBasis.VOICE_MINUTES for tier in sheet.volume_tiers
            )
            overhead = wait = share = math.nan
            if per_minute and sums["actual"] > 0:
                # per contact: the exact ratio of expectations; monthly: of the simulated
                # month's rounded total to its expected whole seconds
                billed = sums["billed"] if vendor.monthly else sums["expected_billed"]
                overhead = billed / sums["actual"]
                wait = sums["wait"] / sums["offered"] if sums["offered"] > 0 else math.nan
                share = sums["wait"] / sums["actual"]
            staffing = sheet.agent_hour_rate is not None or sheet.fte_month_rate is not None
            rows.append(
                {
                    "vendor": vendor.name,
                    "billing_increment": sheet.billing_increment.label,
                    "rounding": sheet.rounding.value,
                    "billed_over_actual": overhead,
                    "billed_wait_seconds_per_contact": wait,
                    "billed_wait_share": share,
                    "agent_hours": float(vendor.agent_hours.mean()) if staffing else math.nan,
                    "fte": float(vendor.ftes.mean()) if staffing else math.nan,
                }
            )
        return pd.DataFrame(rows).set_index("vendor")

    def tco(
        self, months: int | None = None, *, by: Literal["year", "month"] | None = None
    ) -> pd.DataFrame:
        """Total cost of ownership per vendor.

        Parameters
        ----------
        months : int, optional
            Months to total (from the start month); default the contract term. Another
            length than the one simulated is simulated afresh with the same seed and runs.
        by : {"year", "month"}, optional
            ``"year"``: expected net cost per contract year (columns 1, 2, …; the set-up and
            transition fees fall in year 1, a termination fee in the last year);
            ``"month"``: expected net cost per month (columns ``YYYY-MM``). Without ``by``:
            the term's total.

        Returns
        -------
        pandas.DataFrame
            Index ``vendor``. With ``by``: one column per year or month [currency].
            Without: ``mean``, ``p5``, ``p95`` of the term's net total, ``gross``,
            ``credits`` (means) and ``setup_fee`` [currency].
        """
        if by not in (None, "year", "month"):
            raise ArgumentError(f"by must be 'year', 'month' or None; got {by!r}")
        simulated = self._model.term
        default = self._model.needs.contract.term_months if self._model.single_month else None
        count = (default or simulated.size) if months is None else months
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ArgumentError(f"months must be a whole number ≥ 1; got {months!r}")
        if count != simulated.size or self._model.single_month:
            model = CostModel(
                self._model.needs,
                self._model.proposals,
                months=count,
                factor_range=self._model.factor_range,
            )
            fresh = CostSimulation(
                model, model.simulate(self.runs, self.seed), runs=self.runs, seed=self.seed
            )
            return fresh.tco(count, by=by)
        result = self._result
        if by == "year":
            columns = list(range(1, next(iter(result.by_year.values())).shape[1] + 1))
            frame = pd.DataFrame(
                [result.by_year[name].mean(axis=0) for name in self.vendors],
                index=pd.Index(self.vendors, name="vendor"),
                columns=pd.Index(columns, name="year"),
            )
            return frame
        if by == "month":
            frame = pd.DataFrame(
                [
                    sum((result.lines[name][line] for line in COST_LINES), np.zeros(simulated.size))
                    for name in self.vendors
                ],
                index=pd.Index(self.vendors, name="vendor"),
                columns=pd.Index(list(result.months), name="month"),
            )
            return frame
        rows = {}
        for vendor in self._model.vendors:
            values = result.net[vendor.name]
            p5, p95 = np.percentile(values, [5.0, 95.0])
            rows[vendor.name] = {
                "mean": float(values.mean()),
                "p5": float(p5),
                "p95": float(p95),
                "gross": float(result.gross[vendor.name].mean()),
                "credits": float(result.credits[vendor.name].mean()),
                "setup_fee": float(vendor.sheet.setup_fee),
            }
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "vendor"
        return frame

    # ------------------------------------------------------------------ service

    def breach_probability(self) -> pd.DataFrame:
        """P(a commitment is missed in a month), per vendor and commitment key.

        Returns
        -------
        pandas.DataFrame
            Index ``vendor``, one column per commitment key (``"phone.service_level"``…) of
            any vendor; the share of simulated months (over runs and the term) in which the
            vendor misses it [0–1]; NaN where the vendor does not commit to it.
        """
        keys: list[str] = []
        for name in self.vendors:
            keys += [k for k in self._result.breach[name] if k not in keys]
        data = {
            name: {key: float(values.mean()) for key, values in self._result.breach[name].items()}
            for name in self.vendors
        }
        frame = pd.DataFrame.from_dict(data, orient="index", columns=keys, dtype=np.float64)
        frame = frame.reindex(list(self.vendors))
        frame.index.name = "vendor"
        frame.columns.name = "commitment"
        return frame

    def service_levels(self) -> pd.DataFrame:
        """Mean achieved value of every commitment in every month.

        Returns
        -------
        pandas.DataFrame
            Index (``vendor``, ``commitment``), columns the months ``YYYY-MM``: the mean over
            runs of the achieved KPI (a share, or seconds for ``asa_seconds``).
        """
        rows = []
        index = []
        for name in self.vendors:
            for key, values in self._result.achieved[name].items():
                index.append((name, key))
                rows.append(values)
        return pd.DataFrame(
            rows,
            index=pd.MultiIndex.from_tuples(index, names=["vendor", "commitment"]),
            columns=pd.Index(list(self.months), name="month"),
            dtype=np.float64,
        )

    def staffing(
        self, vendor: str, channel: Channel | str = "phone", month: int = 1
    ) -> pd.DataFrame:
        """The vendor's staffing of ``channel`` in contract month ``month`` (1 = the first
        simulated): one row per half hour of the week with the forecast ``traffic`` [Erlang],
        the ``agents`` it schedules (productive) and the ``rule`` it staffs by (``committed``,
        ``commitment`` or ``target``)."""
        name = self._vendor(vendor)
        wanted = Channel(channel)
        plan = self._model.vendor(name).plans.get(wanted)
        if plan is None:
            raise UnknownNameError(f"no {wanted.value} traffic to staff in these needs")
        if not 1 <= month <= plan.agents.shape[0]:
            raise ArgumentError(f"month must be 1–{plan.agents.shape[0]}; got {month!r}")
        minutes = np.arange(INTERVALS) * INTERVAL_MINUTES
        days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        return pd.DataFrame(
            {
                "weekday": [days[int(m // 1440)] for m in minutes],
                "start": [f"{int(m % 1440) // 60:02d}:{int(m % 60):02d}" for m in minutes],
                "traffic": plan.traffic[month - 1],
                "agents": plan.agents[month - 1],
                "rule": plan.rule,
            },
            index=pd.RangeIndex(INTERVALS, name="interval"),
        )


def simulate_costs(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    runs: int = 10_000,
    seed: int = 0,
    *,
    progress: ProgressCallback | bool | None = None,
    month: str | None = None,
) -> CostSimulation:
    """Simulate what every vendor costs over the contract term, on shared random traffic.

    Parameters
    ----------
    needs : Needs
        The buyer's traffic, languages, calendar, targets and contract. Checked again
        against the plausible ranges (volumes ≤ 10⁹ a month, handle times ≤ a day…).
    proposals : sequence of VendorProposal
        The vendors; names unique, price sheets in the contract currency.
    runs : int, default 10000
        Simulated terms, 1 … 10⁷ (:data:`~vendoreval.simulation.inputs.MAX_RUNS`).
    seed : int, default 0
        Seed (≥ 0) of the random streams; the same seed gives the same samples.
    progress : callable, optional
        ``progress(done, total)``, called as months of runs are simulated. The library
        prints nothing; ``True`` and ``False`` (earlier versions) are accepted and mean no
        callback.
    month : str, optional
        Simulate only this calendar month ``YYYY-MM`` of the term (its prices, learning and
        seasonality, without one-off fees). By default the whole term from
        ``needs.contract.start_month``.

    Returns
    -------
    CostSimulation
        ``.samples`` (runs × vendor: net monthly cost the buyer pays [currency]),
        ``.gross`` and ``.credits`` (runs × vendor [currency]; credits > 0 are money back),
        ``.summary()``, ``.tco(by="year")`` (expected net cost per contract year
        [currency]), ``.breach_probability()`` (P(a commitment is missed in a month) [0–1]),
        ``.breakdown()``, ``.drivers()``, ``.service_levels()``, ``.staffing()``.

    Raises
    ------
    ArgumentError
        A bad ``runs``, ``seed`` or ``month``, implausible needs, no proposals, two vendors
        with the same name, or a price sheet in another currency than the contract (the
        message names the vendor and the argument).
    UnpricedChannelError
        A vendor's sheet prices neither a channel with forecast volume nor agents, and does
        not say ``unpriced_contacts_free``.

    Notes
    -----
    The model is described in :mod:`vendoreval.simulation.model`: shared traffic, each
    vendor's staffing and service (Erlang A), exact per-contact billed seconds with an exact
    (small months) or normal-limit (large months) monthly sum, the vectorised tariff,
    indexation, credits and the term's one-off costs. The cost per run does not grow with the
    number of contacts a month.

    Examples
    --------
    >>> from vendoreval.datasets import load_sample
    >>> needs, proposals = load_sample()
    >>> sim = simulate_costs(needs, proposals, runs=2_000, seed=0)  # doctest: +SKIP
    >>> sim.tco(by="year")  # doctest: +SKIP
    """
    count = check_runs(runs)
    root = check_seed(seed)
    callback = _callback(progress)
    if month is not None:
        month_start(month, "month")
    model = CostModel(needs, proposals, month=month)
    return CostSimulation(model, model.simulate(count, root, callback), runs=count, seed=root)
