"""Measured pilot outcomes in an evaluation: from a pilot comparison to each vendor's context.

:func:`measured_pilots` turns a :class:`~vendoreval.outcomes.PilotComparison` into one
:class:`~vendoreval.checks.measured_pilot.MeasuredPilot` per piloted vendor, which
:func:`vendoreval.evaluate` puts into that vendor's
:class:`~vendoreval.checks.ScoringContext`; :func:`pilots_table` is the table a Pilots sheet
shows; :func:`pilot_lines` the lines :meth:`~vendoreval.evaluation.Evaluation.explain` adds
(measured outcomes and calls to do-not-call numbers).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from vendoreval._lazy import pd
from vendoreval.checks.measured_pilot import MeasuredKpi, MeasuredPilot
from vendoreval.errors import ArgumentError
from vendoreval.outcomes import PilotComparison
from vendoreval.outcomes.pilots import TABLE_COLUMNS

if TYPE_CHECKING:
    from vendoreval.evaluation.result import Evaluation

__all__ = ["PILOTS_TABLE_COLUMNS", "measured_pilots", "pilot_lines", "pilots_table"]

#: Columns of :func:`pilots_table`, in order: those of the comparison table, then whether
#: the vendor is significantly below or above the baseline.
PILOTS_TABLE_COLUMNS = (*TABLE_COLUMNS, "significantly_below", "significantly_above")

_SCORED = ("fcr", "csat", "qa_score")


def _optional(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _kpi(comparison: PilotComparison, vendor: str, kpi: str) -> MeasuredKpi | None:
    if kpi not in comparison.kpis:
        return None
    table = comparison.table
    row = {c: table[c].to_numpy()[table.index.get_loc((vendor, kpi))] for c in table.columns}
    estimate = _optional(row["estimate"])
    if estimate is None:
        return None
    return MeasuredKpi(
        estimate=estimate,
        low=_optional(row["low"]),
        high=_optional(row["high"]),
        n=int(row["n"]),
        diff_vs_baseline=_optional(row["diff_vs_baseline"]),
        diff_low=_optional(row["diff_low"]),
        diff_high=_optional(row["diff_high"]),
        significantly_below=bool(comparison.significantly_below(kpi)[vendor]),
    )


def measured_pilots(
    comparison: PilotComparison, vendors: Sequence[str]
) -> dict[str, MeasuredPilot]:
    """Each piloted vendor's measured outcomes, by vendor name.

    Parameters
    ----------
    comparison : PilotComparison
        From :func:`vendoreval.outcomes.compare_pilots`; its vendor names (other than the
        baseline) must be names of proposals.
    vendors : sequence of str
        The proposals' vendor names.

    Returns
    -------
    dict of str to MeasuredPilot
        One entry per piloted vendor (the baseline is not a vendor being evaluated); vendors
        not in the pilot are absent.

    Raises
    ------
    vendoreval.errors.ArgumentError
        When ``comparison`` is not a :class:`PilotComparison`, or one of its vendors is not
        among the proposals (rename the records' ``vendor`` values to the proposals' names).
    """
    if not isinstance(comparison, PilotComparison):
        raise ArgumentError(
            f"pilots: expected a PilotComparison from compare_pilots, got "
            f"{type(comparison).__name__}"
        )
    piloted = [v for v in comparison.vendors if v != comparison.baseline]
    unknown = [v for v in piloted if v not in vendors]
    if unknown:
        raise ArgumentError(
            f"pilots: vendor {unknown[0]!r} of the pilot is not among the proposals; expected "
            f"one of {', '.join(map(repr, vendors))} (rename the pilot records' vendor values)"
        )
    dnc = comparison.calls_to_do_not_call
    out: dict[str, MeasuredPilot] = {}
    piloted_at = {name: i for i, name in enumerate(comparison.vendors)}
    for vendor in piloted:
        fcr = _kpi(comparison, vendor, "fcr")
        if fcr is None:
            continue  # no uncensored contact: nothing was measured
        out[vendor] = MeasuredPilot(
            vendor=vendor,
            baseline=comparison.baseline,
            confidence=comparison.confidence,
            fcr=fcr,
            csat=_kpi(comparison, vendor, "csat"),
            qa_score=_kpi(comparison, vendor, "qa_score"),
            calls_to_do_not_call=None
            if dnc is None
            else int(dnc["calls"].to_numpy()[piloted_at[vendor]]),
        )
    return out


def pilots_table(comparison: PilotComparison) -> pd.DataFrame:
    """The pilot comparison as a Pilots sheet shows it.

    Parameters
    ----------
    comparison : PilotComparison

    Returns
    -------
    pandas.DataFrame
        The comparison's table (indexed by ``vendor``, ``kpi``) with two more columns,
        ``significantly_below`` and ``significantly_above`` (the difference interval lies
        wholly below or above 0), and, when the records say, ``calls_to_do_not_call``
        [contacts] on every row of the vendor.
    """
    table = comparison.table.copy()
    below = pd.concat({kpi: comparison.significantly_below(kpi) for kpi in comparison.kpis})
    above = pd.concat({kpi: comparison.significantly_above(kpi) for kpi in comparison.kpis})
    keys = pd.MultiIndex.from_arrays(
        [table.index.get_level_values("kpi"), table.index.get_level_values("vendor")]
    )
    table["significantly_below"] = below.reindex(keys).to_numpy(dtype=bool)
    table["significantly_above"] = above.reindex(keys).to_numpy(dtype=bool)
    table = table.loc[:, list(PILOTS_TABLE_COLUMNS)]
    dnc = comparison.calls_to_do_not_call
    if dnc is not None:
        vendors = table.index.get_level_values("vendor")
        table["calls_to_do_not_call"] = dnc["calls"].reindex(vendors).to_numpy()
    return table


def pilot_lines(ev: Evaluation, vendor: str) -> list[str]:
    """Lines of :meth:`Evaluation.explain` about ``vendor``'s measured pilot (none without)."""
    pilot = ev.measured_pilots.get(vendor)
    if pilot is None:
        return []
    lines = ["", f"Buyer's pilot (against {pilot.baseline}):"]
    for name, kpi in (("first-contact resolution", pilot.fcr), ("CSAT", pilot.csat)):
        if kpi is not None:
            lines.append(f"  {name} {100 * kpi.estimate:.1f}%, {pilot.describe(kpi)}")
    if pilot.qa_score is not None:
        lines.append(f"  QA score {pilot.qa_score.estimate:.2f}, {pilot.describe(pilot.qa_score)}")
    if pilot.calls_to_do_not_call is not None:
        flag = " — FLAGGED" if pilot.calls_to_do_not_call > 0 else ""
        lines.append(f"  calls to do-not-call numbers: {pilot.calls_to_do_not_call}{flag}")
    return lines
