"""Service credits over a run of months, with earn-back.

With ``earn_back_months`` = K > 0, a pool-method credit for a commitment missed in month m is
returned to the vendor if that commitment is met in each of months m+1 … m+K. The returned
amount is a negative credit line in month m+K, the month it is earned back.

A month's credit is one amount (capped at the pool), so it is first attributed to the
commitments missed that month in proportion to their weights: commitment k's line is
``credit × w_k / Σ_{j missed} w_j``. Without the cap this is exactly ``pool × w_k``; with it,
each missed commitment bears its weighted part of the capped amount. In money
(:func:`monthly_credits`) the lines are apportioned in the currency's minor unit by largest
remainders (Hamilton's method), so they add up to the month's credit exactly; ties go to
the commitment listed first. A commitment of weight 0 gets no line.

Lines whose K following months run past the last month given are *pending*: neither returned
nor forfeited within the data.

References
----------
M. L. Balinski and H. P. Young, *Fair Representation*, 2nd ed., Brookings (2001) —
Hamilton's method of largest remainders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import is_series, pd
from vendoreval.contract.commitments import CreditMethod, ServiceCredits
from vendoreval.contract.credits import (
    FeesLike,
    credit_shares,
    grade_for,
    parse_fees,
    service_credit,
)
from vendoreval.currency import minor_units, quantize, validate_currency
from vendoreval.errors import ContractError

__all__ = ["CreditFlows", "MonthlyCredits", "credit_flows", "monthly_credits"]

_STATUSES = ("returned", "forfeited", "pending", "final")


@dataclass(frozen=True)
class MonthlyCredits:
    """Service credits month by month, with the earn-back of each credit line.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by ``month``: ``fees``, ``credit`` (the month's service credit, > 0 money
        back to the buyer, < 0 a bonus), ``earn_back`` (≤ 0: earlier credits returned to the
        vendor this month), ``net_credit`` (credit + earn_back) — all Decimal
        [currency units] — and, for the grade method, ``grade``.
    lines : pandas.DataFrame
        Pool method: one row per missed commitment of weight > 0 per month — ``month``,
        ``key``, ``amount`` (Decimal, its part of the month's credit), ``status``
        (``returned``, ``forfeited``, ``pending``; ``final`` without earn-back) and
        ``returned_in`` (the month it was returned, else None). Empty for the grade method.
    currency : str
        ISO 4217 code of the amounts.
    """

    table: pd.DataFrame
    lines: pd.DataFrame
    currency: str

    @property
    def total(self) -> Decimal:
        """Net credit over all months [currency units]."""
        return sum(self.table["net_credit"], Decimal(0))


def _months(
    fees_by_month: Sequence[FeesLike] | pd.Series[Any],
) -> tuple[pd.Index, list[Decimal]]:
    if isinstance(fees_by_month, str | bytes) or not isinstance(
        fees_by_month, Sequence | pd.Series
    ):
        raise ContractError(
            "fees_by_month must be a sequence (or Series) of each month's fees, got "
            f"{type(fees_by_month).__name__}"
        )
    if is_series(fees_by_month):
        index = pd.Index(fees_by_month.index, name="month")
        values = list(fees_by_month)
    else:
        index = pd.RangeIndex(1, len(fees_by_month) + 1, name="month")
        values = list(fees_by_month)
    if not values:
        raise ContractError("fees_by_month is empty: give the fees of at least one month")
    fees = [parse_fees(v, f"fees of month {index[i]!r}") for i, v in enumerate(values)]
    return index, fees


def _achieved_rows(
    terms: ServiceCredits,
    achieved_by_month: Mapping[str, Any] | pd.DataFrame,
    months: int,
) -> list[dict[str, float]]:
    columns: dict[str, npt.NDArray[np.float64]] = {}
    for key in terms.keys:
        if key not in achieved_by_month:
            raise ContractError(f"achieved_by_month has no values for commitment {key!r}")
        values = np.asarray(achieved_by_month[key], dtype=np.float64)
        if values.shape != (months,):
            raise ContractError(
                f"achieved_by_month[{key!r}] must hold one value per month ({months}), got "
                f"shape {values.shape}"
            )
        columns[key] = values
    return [{key: float(v[m]) for key, v in columns.items()} for m in range(months)]


def _apportion(credit: Decimal, weights: Sequence[Decimal], currency: str) -> list[Decimal]:
    """Split ``credit`` in proportion to ``weights``, in minor units, by largest remainders."""
    step = Decimal(1).scaleb(-minor_units(currency))
    units = credit / step
    total = sum(weights, Decimal(0))
    raw = [units * w / total for w in weights]
    floors = [r.to_integral_value(rounding=ROUND_FLOOR) for r in raw]
    left = int(units - sum(floors, Decimal(0)))
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [(f * step).quantize(step) for f in floors]


def monthly_credits(
    terms: ServiceCredits,
    fees_by_month: Sequence[FeesLike] | pd.Series[Any],
    achieved_by_month: Mapping[str, Any] | pd.DataFrame,
    currency: str = "KRW",
) -> MonthlyCredits:
    """Each month's service credit and the earn-back of earlier credits.

    Parameters
    ----------
    terms : ServiceCredits
        Commitments, method and ``earn_back_months``.
    fees_by_month : sequence of Decimal, int or str, or pandas.Series
        Each month's fees [currency units], oldest first. A Series' index labels the months;
        otherwise they are numbered 1, 2, ….
    achieved_by_month : mapping of str to sequence of float, or pandas.DataFrame
        Commitment key → achieved value per month (a DataFrame: one column per key, one row
        per month, in the same order as the fees).
    currency : str
        ISO 4217 code; every amount is rounded half-up once to its minor unit.

    Returns
    -------
    MonthlyCredits
        ``table`` by month and ``lines`` per missed commitment (see the class).

    Raises
    ------
    ContractError
        Missing or invalid values (the message names the key or the month).

    Examples
    --------
    Pool 10% of 1,000,000 KRW, one commitment of weight 1, earn-back 2 months. Missed in
    month 1 (credit 100,000), met in months 2 and 3: the 100,000 is returned in month 3.
    """
    validate_currency(currency)
    months, fees = _months(fees_by_month)
    rows = _achieved_rows(terms, achieved_by_month, len(fees))
    n = len(fees)
    credits = [
        service_credit(terms, fee, row, currency) for fee, row in zip(fees, rows, strict=True)
    ]
    earn_back = [quantize(Decimal(0), currency)] * n
    lines: list[dict[str, Any]] = []
    table: dict[str, list[Any]] = {"fees": fees, "credit": credits}
    if terms.method is CreditMethod.GRADES:
        table["grade"] = [grade_for(terms, row)[0] for row in rows]
    else:
        k = terms.earn_back_months
        met = {
            key: [not terms.commitment(key).missed(row[key]) for row in rows] for key in terms.keys
        }
        for m, (credit, row) in enumerate(zip(credits, rows, strict=True)):
            missed = [c for c in terms.commitments if c.weight > 0 and c.missed(row[c.key])]
            if not missed or credit == 0:
                continue
            amounts = _apportion(credit, [Decimal(repr(c.weight)) for c in missed], currency)
            for commitment, amount in zip(missed, amounts, strict=True):
                status, returned_in = "final", None
                if k:
                    if m + k >= n:
                        status = "pending"
                    elif all(met[commitment.key][m + 1 : m + k + 1]):
                        status, returned_in = "returned", months[m + k]
                        earn_back[m + k] -= amount
                    else:
                        status = "forfeited"
                lines.append(
                    {
                        "month": months[m],
                        "key": commitment.key,
                        "amount": amount,
                        "status": status,
                        "returned_in": returned_in,
                    }
                )
    table["earn_back"] = earn_back
    table["net_credit"] = [c + e for c, e in zip(credits, earn_back, strict=True)]
    order = ["fees", "credit", "earn_back", "net_credit"]
    if "grade" in table:
        order.append("grade")
    frame = pd.DataFrame({name: table[name] for name in order}, index=months)
    for name in ("fees", "credit", "earn_back", "net_credit"):
        frame[name] = frame[name].astype(object)
    names = ["month", "key", "amount", "status", "returned_in"]
    line_frame = pd.DataFrame(
        {
            name: pd.Series(
                [line[name] for line in lines],
                dtype=object if name in ("amount", "returned_in") else None,
            )
            for name in names
        },
        columns=names,
    )
    return MonthlyCredits(table=frame, lines=line_frame, currency=currency)


class CreditFlows(NamedTuple):
    """Credits and earn-back per month, as float money (vectorised, unrounded).

    Attributes
    ----------
    credit : numpy.ndarray of float64
        Each month's service credit [currency units], shape of the inputs (…, months).
    earn_back : numpy.ndarray of float64
        Earlier credits returned to the vendor in each month, ≤ 0 [currency units].
    """

    credit: npt.NDArray[np.float64]
    earn_back: npt.NDArray[np.float64]

    @property
    def net(self) -> npt.NDArray[np.float64]:
        """credit + earn_back per month [currency units]."""
        net: npt.NDArray[np.float64] = self.credit + self.earn_back
        return net


def credit_flows(
    terms: ServiceCredits,
    fees: npt.ArrayLike,
    achieved: Mapping[str, npt.ArrayLike],
) -> CreditFlows:
    """Vectorised monthly credits and earn-back for simulations (months on the last axis).

    The rules of :func:`monthly_credits` in float arithmetic without rounding: each
    missed commitment's line is ``credit × w_k / Σ_{missed} w``, and it is returned in month
    m+K when the commitment is met in months m+1 … m+K.

    Parameters
    ----------
    terms : ServiceCredits
        Commitments, method and ``earn_back_months``.
    fees : array_like
        Fees per month [currency units], shape (…, months), e.g. runs × months.
    achieved : mapping of str to array_like
        Commitment key → achieved values, broadcastable to the shape of ``fees``.

    Returns
    -------
    CreditFlows
        ``credit`` and ``earn_back`` arrays of the broadcast shape.
    """
    fee_array = np.asarray(fees, dtype=np.float64)
    if fee_array.ndim == 0:
        raise ContractError("fees must have a months axis (the last axis)")
    shaped = {
        key: np.broadcast_to(np.asarray(achieved[key], dtype=np.float64), fee_array.shape)
        for key in terms.keys
        if key in achieved
    }
    credit = credit_shares(terms, shaped) * fee_array
    earn_back = np.zeros_like(credit)
    k = terms.earn_back_months
    months = credit.shape[-1]
    if terms.method is CreditMethod.GRADES or k == 0 or months <= k:
        return CreditFlows(credit, earn_back)
    missed = {c.key: c.missed(shaped[c.key]) & (c.weight > 0) for c in terms.commitments}
    weight_missed = sum(c.weight * missed[c.key] for c in terms.commitments)
    per_weight = np.divide(
        credit, weight_missed, out=np.zeros_like(credit), where=weight_missed > 0
    )
    returned = np.zeros_like(credit)
    for commitment in terms.commitments:
        met = (~commitment.missed(shaped[commitment.key])).astype(np.int64)
        before = np.concatenate(
            [np.zeros((*met.shape[:-1], 1), dtype=np.int64), np.cumsum(met, axis=-1)], axis=-1
        )
        # Months m+1 … m+K met, for m = 0 … months−K−1 (0-based): before[m+K+1] − before[m+1].
        window = before[..., k + 1 :] - before[..., 1 : months - k + 1]
        earned = missed[commitment.key][..., : months - k] & (window == k)
        returned[..., : months - k] += commitment.weight * per_weight[..., : months - k] * earned
    earn_back[..., k:] = -returned[..., : months - k]
    return CreditFlows(credit, earn_back)
