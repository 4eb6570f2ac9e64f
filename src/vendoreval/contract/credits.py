"""Service credits: what a month's achieved KPIs cost (or earn) the vendor.

Two methods, chosen by :attr:`ServiceCredits.method`:

**Pool** (no grades). The pool is ``at_risk_share`` × fees; each missed commitment claims its
weight of the pool, and the claims are capped at the pool::

    credit = min(pool, pool × Σ_{k missed} w_k)

Weights may sum above 1 (an *allocation pool*, common in outsourcing contracts: 150% of the
pool allocated across KPIs, of which at most 100% is ever paid).

**Grades.** Each commitment's attainment is
``a_k = min(1, achieved/target)`` when higher is better and ``min(1, target/achieved)`` when
lower is better (``a_k = 1`` when a lower-is-better KPI achieved 0, or when a
higher-is-better target is 0); the score is ``100 × Σ w_k a_k / Σ w_k``; the band with the
highest ``min_score`` ≤ score applies and ``credit = −adjustment × fees`` (a negative credit
is a bonus the buyer pays). ``at_risk_share`` does not apply.

Credits are :class:`~decimal.Decimal`, rounded half-up once to the currency's minor unit. The
score is computed in decimal arithmetic from the shortest decimal form of each float (0.76
is 0.76), so a score that is exactly a band's ``min_score`` by hand earns that band, and it is
rounded to 9 decimal places before the band is looked up.

:func:`credit_shares` is the vectorised twin for simulations: float arrays in, the credit as a
share of fees out, unrounded.

References
----------
ISO/IEC 20000-1:2018 *Service management system requirements*, 8.3.3 Service level
management. The pool, allocation-pool cap, grade and earn-back rules are this library's
contract model (docs: design, "Contract economics").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation, localcontext
from numbers import Real
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval.contract.commitments import Commitment, CreditMethod, ServiceCredits
from vendoreval.currency import quantize, validate_currency
from vendoreval.errors import ContractError

__all__ = [
    "FeesLike",
    "credit_shares",
    "grade_for",
    "parse_fees",
    "service_credit",
]

FeesLike = Decimal | int | str
"""An exact amount of money: a Decimal, an int, or numeric text such as ``"100000000"``."""

SCORE_DECIMALS: Final = 9
"""Decimal places the attainment score is rounded to before a grade is looked up."""

_CONTEXT: Final = Context(prec=40)
_SCORE_STEP: Final = Decimal(1).scaleb(-SCORE_DECIMALS)


def parse_fees(fees: object, what: str = "fees") -> Decimal:
    """An exact, finite, non-negative amount from a Decimal, an int or numeric text.

    Parameters
    ----------
    fees : Decimal, int or str
        The amount [currency units]. Floats are refused: a binary float cannot hold most
        amounts of money exactly (``0.1`` is 0.1000000000000000055…).
    what : str
        Name used in the error message.

    Raises
    ------
    ContractError
        For a float, a bool, text that is not a number, NaN, infinity or a negative amount.
    """
    if isinstance(fees, bool) or not isinstance(fees, Decimal | int | str):
        hint = (
            " (pass Decimal('…') or an int: binary floats cannot hold money exactly)"
            if isinstance(fees, float)
            else ""
        )
        raise ContractError(
            f"{what} must be a Decimal, an int or numeric text, got {type(fees).__name__} "
            f"{fees!r}{hint}"
        )
    try:
        amount = Decimal(fees.strip() if isinstance(fees, str) else fees)
    except InvalidOperation:
        raise ContractError(f"{what} must be a number such as '100000000', got {fees!r}") from None
    if not amount.is_finite():
        raise ContractError(f"{what} must be a finite amount, got {fees!r}")
    if amount < 0:
        raise ContractError(f"{what} must be ≥ 0, got {fees!r}")
    return amount


def _value(commitment: Commitment, achieved: Mapping[str, Any]) -> float:
    key = commitment.key
    if key not in achieved:
        raise ContractError(
            f"achieved has no value for commitment {key!r} (given: "
            f"{', '.join(map(repr, achieved)) or 'nothing'})"
        )
    raw = achieved[key]
    if isinstance(raw, bool | np.bool_) or not isinstance(raw, Real | np.number):
        raise ContractError(f"achieved[{key!r}] must be a number, got {raw!r}")
    value = float(raw)
    if not math.isfinite(value):
        raise ContractError(f"achieved[{key!r}] must be a finite number, got {value}")
    if value < 0 or (commitment.kpi.is_share and value > 1):
        expected = "a share between 0 and 1" if commitment.kpi.is_share else "seconds ≥ 0"
        raise ContractError(f"achieved[{key!r}] must be {expected}, got {value!r}")
    return value


def _decimal(value: float) -> Decimal:
    """The shortest decimal that reads back as ``value`` (0.76 → Decimal('0.76'))."""
    return Decimal(repr(float(value)))


def _attainment(commitment: Commitment, value: float) -> Decimal:
    target = _decimal(commitment.target)
    achieved = _decimal(value)
    if commitment.higher_is_better:
        ratio = Decimal(1) if target == 0 else achieved / target
    else:
        ratio = Decimal(1) if achieved == 0 else target / achieved
    return min(Decimal(1), ratio)


def _score(terms: ServiceCredits, achieved: Mapping[str, Any]) -> Decimal:
    with localcontext(_CONTEXT):
        total = Decimal(0)
        weights = Decimal(0)
        for commitment in terms.commitments:
            weight = _decimal(commitment.weight)
            total += weight * _attainment(commitment, _value(commitment, achieved))
            weights += weight
        score = Decimal(100) * total / weights
        return score.quantize(_SCORE_STEP, rounding=ROUND_HALF_EVEN)


def grade_for(terms: ServiceCredits, achieved: Mapping[str, Any]) -> tuple[str, float]:
    """The grade a month earns under the grade method, with its attainment score.

    Parameters
    ----------
    terms : ServiceCredits
        Terms with ``grades``.
    achieved : mapping of str to float
        Commitment key → achieved value (a share 0–1, or seconds for ``asa_seconds``); keys
        the terms do not commit to are ignored.

    Returns
    -------
    tuple of (str, float)
        The grade and the score 0–100 (rounded to 9 decimal places).

    Raises
    ------
    ContractError
        When the terms use the pool method, or a commitment's value is missing or invalid.

    Examples
    --------
    Phone service level 0.72 against 0.8 attains 0.9; ASA 40 s against 30 s attains 0.75;
    with equal weights the score is 100 × (0.9 + 0.75)/2 = 82.5.
    """
    band, score = _band(terms, achieved)
    return band.grade, float(score)


def _band(terms: ServiceCredits, achieved: Mapping[str, Any]) -> tuple[Any, Decimal]:
    if terms.method is not CreditMethod.GRADES:
        raise ContractError("these terms use the pool method (no grades); grades do not apply")
    score = _score(terms, achieved)
    band = next(b for b in terms.bands() if _decimal(b.min_score) <= score)
    return band, score


def service_credit(
    terms: ServiceCredits,
    fees: FeesLike,
    achieved: Mapping[str, Any],
    currency: str = "KRW",
) -> Decimal:
    """The service credit a month's achieved KPIs give the buyer.

    Parameters
    ----------
    terms : ServiceCredits
        The commitments and the credit method (pool or grades).
    fees : Decimal, int or str
        The month's fees the credit is a share of [currency units]; floats are refused.
    achieved : mapping of str to float
        Commitment key (``"phone.service_level"``) → achieved value: a share 0–1, or the mean
        wait [s] for ``asa_seconds``. Every commitment needs a value; other keys are ignored.
    currency : str
        ISO 4217 code; the credit is rounded half-up once to its minor unit (KRW 0, USD 2).

    Returns
    -------
    Decimal
        The credit [currency units]: > 0 is money back to the buyer, < 0 (grade method only)
        a bonus the buyer pays.

    Raises
    ------
    ContractError
        A missing or invalid achieved value (the message names its key) or invalid fees.

    Examples
    --------
    10% of 100,000,000 at risk; phone service level 0.76 misses 0.8 (weight 0.5):
    credit = min(10,000,000, 10,000,000 × 0.5) = 5,000,000.

    >>> from decimal import Decimal
    >>> terms = ServiceCredits(
    ...     commitments=[Commitment(channel="phone", kpi="service_level", target=0.8,
    ...                             threshold_seconds=20, weight=0.5)],
    ...     at_risk_share=0.1,
    ... )
    >>> service_credit(terms, Decimal("100000000"), {"phone.service_level": 0.76})
    Decimal('5000000')
    """
    validate_currency(currency)
    amount = parse_fees(fees)
    with localcontext(_CONTEXT):
        if terms.method is CreditMethod.GRADES:
            band, _ = _band(terms, achieved)
            credit = -_decimal(band.adjustment) * amount
        else:
            assert terms.at_risk_share is not None
            pool = _decimal(terms.at_risk_share) * amount
            missed = sum(
                (_decimal(c.weight) for c in terms.commitments if c.missed(_value(c, achieved))),
                Decimal(0),
            )
            credit = min(pool, pool * missed)
    return quantize(credit, currency) + 0  # + 0 turns -0 into 0


def _arrays(
    terms: ServiceCredits, achieved: Mapping[str, npt.ArrayLike]
) -> list[npt.NDArray[np.float64]]:
    values: list[npt.NDArray[np.float64]] = []
    for commitment in terms.commitments:
        key = commitment.key
        if key not in achieved:
            raise ContractError(f"achieved has no values for commitment {key!r}")
        array = np.asarray(achieved[key], dtype=np.float64)
        if not np.isfinite(array).all():
            raise ContractError(f"achieved[{key!r}] holds NaN or infinite values")
        if (array < 0).any() or (commitment.kpi.is_share and (array > 1).any()):
            expected = "shares between 0 and 1" if commitment.kpi.is_share else "seconds ≥ 0"
            raise ContractError(f"achieved[{key!r}] must hold {expected}")
        values.append(array)
    return [np.asarray(v) for v in np.broadcast_arrays(*values)]


def credit_shares(
    terms: ServiceCredits, achieved: Mapping[str, npt.ArrayLike]
) -> npt.NDArray[np.float64]:
    """The service credit as a share of fees, element-wise (vectorised, unrounded).

    The same rules as :func:`service_credit`, in float arithmetic and without rounding, for
    simulations: multiply by each month's fees to get the credit in money.

    Parameters
    ----------
    terms : ServiceCredits
        The commitments and the credit method.
    achieved : mapping of str to array_like
        Commitment key → achieved values (broadcast together), e.g. runs × months.

    Returns
    -------
    numpy.ndarray of float64
        Credit ÷ fees per element: in [0, at_risk_share] for the pool method, −adjustment of
        the band earned for the grade method.

    Raises
    ------
    ContractError
        A commitment without values, or NaN/infinite values.
    """
    values = _arrays(terms, achieved)
    if terms.method is CreditMethod.POOL:
        assert terms.at_risk_share is not None
        missed = np.zeros(values[0].shape, dtype=np.float64)
        for commitment, value in zip(terms.commitments, values, strict=True):
            missed += commitment.weight * commitment.missed(value)
        share: npt.NDArray[np.float64] = terms.at_risk_share * np.minimum(1.0, missed)
        return share
    # Weights relative to the largest: a subnormal weight (5e-324) would lose its digits in
    # the products; scaled, every weight is a normal number or negligible beside the rest.
    largest = max(c.weight for c in terms.commitments)
    total = np.zeros(values[0].shape, dtype=np.float64)
    for commitment, value in zip(terms.commitments, values, strict=True):
        total += commitment.weight / largest * _attainments(commitment, value)
    weights = math.fsum(c.weight / largest for c in terms.commitments)
    score = np.round(100.0 * total / weights, SCORE_DECIMALS)
    bands = sorted(terms.grades, key=lambda band: band.min_score)
    floors = np.array([band.min_score for band in bands], dtype=np.float64)
    adjustments = np.array([band.adjustment for band in bands], dtype=np.float64)
    index = np.searchsorted(floors, score, side="right") - 1
    result: npt.NDArray[np.float64] = -adjustments[index]
    return result


def _attainments(
    commitment: Commitment, achieved: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    target = commitment.target
    ones = np.ones_like(achieved)
    # A ratio that overflows (a tiny denominator) is capped at 1 below anyway.
    with np.errstate(over="ignore"):
        if commitment.higher_is_better:
            if target == 0:
                return ones
            ratio = achieved / target
        else:
            ratio = np.divide(target, achieved, out=ones.copy(), where=achieved != 0)
    result: npt.NDArray[np.float64] = np.minimum(1.0, ratio)
    return result
