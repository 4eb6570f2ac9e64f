"""Compare pilot vendors with the buyer's own team on measured outcomes.

A vendor paid per call can look busy — many contacts, short handle times — while customers
keep calling back. :func:`compare_pilots` judges each pilot vendor on outcomes (first-contact
resolution from repeat contacts, top-2-box CSAT, QA, resolution, conversion) against the
buyer's in-house team with confidence intervals for each KPI and for each difference, and
:meth:`PilotComparison.sample_size` says how many contacts a pilot needs to detect a given
difference.

Intervals: Wilson score for proportions; Newcombe's hybrid score (method 10) for differences
of proportions; Welch's t for means and differences of means (see
:mod:`vendoreval.outcomes.intervals` for the formulas and references).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.errors import OutcomeRecordError
from vendoreval.outcomes.fcr import repeat_contacts
from vendoreval.outcomes.intervals import (
    means_sample_size,
    newcombe_interval,
    normal_quantile,
    proportions_sample_size,
    welch_difference_interval,
    welch_mean_interval,
    wilson_interval,
)
from vendoreval.outcomes.kpis import PilotKpi
from vendoreval.outcomes.pilot_records import PilotRecords, read_pilot_records

__all__ = ["TABLE_COLUMNS", "PilotComparison", "compare_pilots"]

TABLE_COLUMNS: Final[tuple[str, ...]] = (
    "estimate",
    "low",
    "high",
    "n",
    "diff_vs_baseline",
    "diff_low",
    "diff_high",
)
"""Columns of :attr:`PilotComparison.table`, in order."""

_NS_PER_DAY: Final = 86_400 * 10**9
_TOP_2_BOX: Final = 4.0


@dataclass(frozen=True, eq=False)
class PilotComparison:
    """Pilot KPIs per vendor with confidence intervals, and differences from the baseline.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by (``vendor``, ``kpi``): the baseline first, then the other vendors by name;
        KPIs in :class:`PilotKpi` order, those the records allow (``fcr`` always; the others
        when their column is present). Columns:

        ``estimate``
            the KPI [share 0–1, or the mean in the KPI's unit: ``handle_seconds`` in s];
        ``low``, ``high``
            its confidence interval (Wilson for shares, Student-t for means);
        ``n``
            contacts it is measured on [contacts] (for ``fcr`` the uncensored contacts, for
            ``csat`` the rated ones, for the others those with a value);
        ``diff_vs_baseline``
            estimate − the baseline's estimate;
        ``diff_low``, ``diff_high``
            its confidence interval (Newcombe hybrid score for shares, Welch for means).

        Baseline rows have ``diff_vs_baseline`` 0 and ``diff_low``/``diff_high`` NaN (no
        interval: a group is not an independent sample of itself). Values that cannot be
        estimated are NaN: a KPI with n = 0, a mean's interval with n < 2.
    baseline : str
        The vendor every other is compared with (the buyer's own team).
    confidence : float
        Two-sided coverage of every interval.
    repeat_window_days : float
        FCR repeat window [days].
    calls_to_do_not_call : pandas.DataFrame or None
        When the records have ``do_not_call``: indexed by ``vendor`` (table order), columns
        ``calls`` (contacts to numbers on a do-not-call list) and ``flagged`` (calls > 0).
    """

    table: pd.DataFrame
    baseline: str
    confidence: float
    repeat_window_days: float
    calls_to_do_not_call: pd.DataFrame | None = None
    _pooled_sd: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def vendors(self) -> tuple[str, ...]:
        """Vendors in table order, the baseline first."""
        return tuple(dict.fromkeys(self.table.index.get_level_values("vendor")))

    @property
    def kpis(self) -> tuple[str, ...]:
        """KPIs measured, in table order."""
        return tuple(dict.fromkeys(self.table.index.get_level_values("kpi")))

    def _kpi(self, kpi: str | PilotKpi) -> PilotKpi:
        if kpi not in self.kpis:
            raise OutcomeRecordError(
                f"kpi: {kpi!r} was not measured; expected one of {', '.join(self.kpis)}"
            )
        return PilotKpi(kpi)

    def significantly_below(self, kpi: str | PilotKpi) -> pd.Series:
        """Whether each vendor's difference interval lies wholly below 0 (``diff_high < 0``).

        The test is direction-neutral: for ``fcr`` or ``csat`` below means worse than the
        baseline, for ``handle_seconds`` faster. A vendor without an interval (too little
        data) and the baseline itself are False.

        Parameters
        ----------
        kpi : str
            One of :attr:`kpis`.

        Returns
        -------
        pandas.Series of bool
            Indexed by ``vendor`` in table order.
        """
        diff_high = self.table.xs(self._kpi(kpi).value, level="kpi")["diff_high"]
        return (diff_high < 0).rename("significantly_below")

    def significantly_above(self, kpi: str | PilotKpi) -> pd.Series:
        """Whether each vendor's difference interval lies wholly above 0 (``diff_low > 0``).

        Parameters
        ----------
        kpi : str
            One of :attr:`kpis`.

        Returns
        -------
        pandas.Series of bool
            Indexed by ``vendor`` in table order (the baseline is False).
        """
        diff_low = self.table.xs(self._kpi(kpi).value, level="kpi")["diff_low"]
        return (diff_low > 0).rename("significantly_above")

    def sample_size(self, kpi: str | PilotKpi, difference: float, power: float = 0.8) -> int:
        """Contacts per arm a pilot needs to detect ``difference`` from the baseline.

        Two-sided test at the comparison's confidence. Shares: the normal approximation for
        two proportions around the baseline's estimate p₁ and p₁ + difference (Fleiss, Levin
        & Paik 2003, eq. 4.14). Means: 2σ²(z₁₋α/₂ + z₁₋β)²/Δ² with σ the pooled within-vendor
        standard deviation of this pilot, √(Σ(nᵢ − 1)sᵢ² / Σ(nᵢ − 1)).

        Parameters
        ----------
        kpi : str
            One of :attr:`kpis`.
        difference : float
            Difference from the baseline to detect [share for shares, the KPI's unit for
            means], non-zero.
        power : float
            Probability of detecting it, strictly between 0 and 1.

        Returns
        -------
        int
            Contacts per arm [contacts]; for ``fcr`` uncensored contacts, for ``csat`` rated
            ones.
        """
        which = self._kpi(kpi)
        if which.is_proportion:
            p1 = float(self.table["estimate"].loc[(self.baseline, which.value)])
            if math.isnan(p1):
                raise OutcomeRecordError(
                    f"kpi {which.value!r}: the baseline {self.baseline!r} has no measured "
                    "value, so no sample size can be derived from it"
                )
            return proportions_sample_size(p1, difference, confidence=self.confidence, power=power)
        sd = self._pooled_sd.get(which.value, math.nan)
        if math.isnan(sd):
            raise OutcomeRecordError(
                f"kpi {which.value!r}: no vendor has two or more values, so no pooled "
                "standard deviation can be estimated"
            )
        return means_sample_size(sd, difference, confidence=self.confidence, power=power)


def compare_pilots(
    records: pd.DataFrame,
    baseline: str = "in-house",
    repeat_window_days: float = 7,
    confidence: float = 0.95,
) -> PilotComparison:
    """Compare pilot vendors with the baseline team on outcome KPIs.

    Parameters
    ----------
    records : pandas.DataFrame
        One row per contact of every vendor and of the baseline; columns ``vendor``,
        ``customer_id``, ``started_at``, ``channel`` and optionally ``csat`` (1–5),
        ``qa_score`` (0–1), ``handle_seconds`` [s], ``resolved``, ``converted``,
        ``do_not_call`` (see :mod:`vendoreval.outcomes.pilot_records`).
    baseline : str
        The vendor name of the buyer's own team, compared with every other.
    repeat_window_days : float
        FCR window [days], > 0: a contact is not first-contact resolved when the same
        customer contacts again (any vendor, any channel) within (t, t + window]. Contacts
        whose window ends after the last ``started_at`` in the records are left out.
    confidence : float
        Two-sided coverage of the intervals, strictly between 0 and 1.

    Returns
    -------
    PilotComparison
        With the table of estimates, intervals and differences from the baseline.

    Raises
    ------
    OutcomeRecordError
        Bad records (naming column and 1-based row), a baseline not among the vendors, a
        window ≤ 0 or a confidence outside (0, 1).

    References
    ----------
    Wilson (1927); Newcombe (1998), method 10; Welch (1947); Satterthwaite (1946) — full
    citations in :mod:`vendoreval.outcomes.intervals`.

    Examples
    --------
    >>> from vendoreval.outcomes import compare_pilots, synthetic_pilot
    >>> result = compare_pilots(synthetic_pilot(seed=0))
    >>> bool(result.significantly_below("fcr")["Vendor B"])
    True
    """
    window = _window_days(repeat_window_days)
    normal_quantile(confidence)  # validates confidence before the records are read
    data = read_pilot_records(records)
    names = sorted(set(data.vendor.tolist()))
    if not isinstance(baseline, str) or baseline not in names:
        raise OutcomeRecordError(
            f"baseline: {baseline!r} is not a vendor of the records; expected one of "
            f"{', '.join(map(repr, names))}"
        )
    vendors = [baseline, *(name for name in names if name != baseline)]
    code = pd.Index(vendors).get_indexer(data.vendor).astype(np.int64)

    window_ns = round(window * _NS_PER_DAY)
    repeated, observed = repeat_contacts(data.customer, data.started_ns, window_ns)
    blocks: list[pd.DataFrame] = []
    pooled: dict[str, float] = {}
    measured = _kpi_values(data, repeated, observed)
    for kpi, values, present in measured:
        if kpi.is_proportion:
            blocks.append(_proportion_block(code, values, present, len(vendors), confidence))
        else:
            block, pooled[kpi.value] = _mean_block(code, values, present, len(vendors), confidence)
            blocks.append(block)
    kpis = [kpi.value for kpi, _, _ in measured]
    table = _assemble(blocks, vendors, kpis)

    do_not_call = None
    if "do_not_call" in data.flags:
        listed, present = data.flags["do_not_call"]
        calls = np.bincount(code[listed & present], minlength=len(vendors)).astype(np.int64)
        do_not_call = pd.DataFrame(
            {"calls": calls, "flagged": calls > 0}, index=pd.Index(vendors, name="vendor")
        )
    return PilotComparison(
        table=table,
        baseline=baseline,
        confidence=float(confidence),
        repeat_window_days=window,
        calls_to_do_not_call=do_not_call,
        _pooled_sd=pooled,
    )


def _window_days(days: float) -> float:
    if (
        not isinstance(days, int | float)
        or isinstance(days, bool)
        or not math.isfinite(days)
        or days <= 0
    ):
        raise OutcomeRecordError(f"repeat_window_days: expected a number of days > 0, got {days!r}")
    return float(days)


def _kpi_values(
    data: PilotRecords, repeated: npt.NDArray[np.bool_], observed: npt.NDArray[np.bool_]
) -> list[tuple[PilotKpi, npt.NDArray[np.float64], npt.NDArray[np.bool_]]]:
    """Each measured KPI with its per-contact values and where they are present."""
    out: list[tuple[PilotKpi, npt.NDArray[np.float64], npt.NDArray[np.bool_]]] = [
        (PilotKpi.FCR, (~repeated).astype(np.float64), observed)
    ]
    for kpi in PilotKpi:
        column = kpi.column
        if column in data.numbers:
            raw = data.numbers[column]
            present = ~np.isnan(raw)
            values = (raw >= _TOP_2_BOX).astype(np.float64) if kpi is PilotKpi.CSAT else raw
            out.append((kpi, values, present))
        elif column in data.flags:
            flag, present = data.flags[column]
            out.append((kpi, flag.astype(np.float64), present))
    return out


def _proportion_block(
    code: npt.NDArray[np.int64],
    values: npt.NDArray[np.float64],
    present: npt.NDArray[np.bool_],
    groups: int,
    confidence: float,
) -> pd.DataFrame:
    n = np.bincount(code[present], minlength=groups).astype(np.int64)
    x = np.bincount(code[present], weights=values[present], minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = x / n
    low, high = wilson_interval(x, n, confidence)
    diff_low, diff_high = newcombe_interval(x, n, x[0], n[0], confidence)
    return _block(estimate, low, high, n, diff_low, diff_high)


def _mean_block(
    code: npt.NDArray[np.int64],
    values: npt.NDArray[np.float64],
    present: npt.NDArray[np.bool_],
    groups: int,
    confidence: float,
) -> tuple[pd.DataFrame, float]:
    c = code[present]
    v = values[present]
    n = np.bincount(c, minlength=groups).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(c, weights=v, minlength=groups) / n
        squares = np.bincount(c, weights=(v - mean[c]) ** 2, minlength=groups)
        variance = squares / (n - 1)
    low, high = welch_mean_interval(mean, variance, n, confidence)
    diff_low, diff_high = welch_difference_interval(
        mean, variance, n, mean[0], variance[0], n[0], confidence
    )
    dof = int(np.sum(np.maximum(n - 1, 0)))
    pooled_sd = math.sqrt(float(np.sum(squares[n >= 2])) / dof) if dof > 0 else math.nan
    return _block(mean, low, high, n, diff_low, diff_high), pooled_sd


def _block(
    estimate: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    high: npt.NDArray[np.float64],
    n: npt.NDArray[np.int64],
    diff_low: npt.NDArray[np.float64],
    diff_high: npt.NDArray[np.float64],
) -> pd.DataFrame:
    diff = estimate - estimate[0]
    diff_low = diff_low.copy()
    diff_high = diff_high.copy()
    diff_low[0] = diff_high[0] = np.nan
    return pd.DataFrame(
        {
            "estimate": estimate,
            "low": low,
            "high": high,
            "n": n,
            "diff_vs_baseline": diff,
            "diff_low": diff_low,
            "diff_high": diff_high,
        }
    )


def _assemble(blocks: list[pd.DataFrame], vendors: list[str], kpis: list[str]) -> pd.DataFrame:
    """Stack the per-KPI blocks into the (vendor, kpi) table, vendor-major."""
    stacked = pd.concat(blocks, keys=kpis, names=["kpi", "position"])
    stacked.index = pd.MultiIndex.from_arrays(
        [
            pd.Index(vendors, dtype=object)[stacked.index.get_level_values("position")],
            stacked.index.get_level_values("kpi").astype(object),
        ],
        names=["vendor", "kpi"],
    )
    order = np.lexsort(
        (
            pd.Index(kpis).get_indexer(stacked.index.get_level_values("kpi")),
            pd.Index(vendors).get_indexer(stacked.index.get_level_values("vendor")),
        )
    )
    table = stacked.iloc[order]
    return table.astype({"n": np.int64}).loc[:, list(TABLE_COLUMNS)]
