"""A month's charges from per-run quantities, vectorized: the simulation's price sheet.

:func:`monthly_charges` applies a :class:`~vendoreval.pricing.sheet.PriceSheet` to arrays of
monthly quantities — one element per simulated month (run) — with the same rules as
:func:`vendoreval.pricing.invoice` applies to call records:

* **voice**: billed seconds ÷ 60 at ``voice_rate_per_minute``, or through the
  ``voice_minutes`` volume tier (which replaces the flat rate);
* **per contact**: handled contacts of each channel at ``per_contact[channel]`` or through
  that channel's ``contacts`` tier;
* **tiers**: ``graduated`` — each band's part of the quantity at its rate, i.e.
  ``Σ_b rate_b · clip(q − lower_b, 0, upper_b − lower_b)``; ``all_units`` — the whole quantity
  at the rate of the band it falls in (``up_to`` inclusive);
* **premiums**: each contact belongs to a premium class — its time kind (the largest
  applicable of after-hours, weekend and holiday multipliers; ties go to holiday, then
  weekend, then after-hours) and its language. The surcharge of class ``k`` is
  ``(m_time·m_language − 1)`` × its usage charge, where the usage charge of a class is each
  basis' whole charge times the class's share of the basis quantity (billed voice seconds —
  whole billable seconds under monthly rounding — or the channel's handled contacts): the
  *average realised rate* of a tiered charge;
* **fees**: ``monthly_fixed``; ``agent_hour_rate × agent_hours`` and
  ``fte_month_rate × ftes`` (``× Σ committed_ftes`` on a per-head sheet when no ``ftes``
  are given, as :func:`~vendoreval.pricing.invoice` does); a minimum true-up
  ``max(0, minimum_monthly − other lines)``.
  The one-off ``setup_fee`` is not a monthly charge (it enters the contract total).

Money here is float64: a simulated month is one draw of a distribution, and float64 keeps
about 15 significant digits, far below the sampling error. Exact :class:`~decimal.Decimal`
invoices, rounded half-up per line to the currency's minor unit, are
:func:`~vendoreval.pricing.invoice`'s job; the two agree to within that rounding (one minor
unit per line).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval._types import FloatArray, IntArray
from vendoreval.errors import ArgumentError, MissingStaffingInputError, UnpricedChannelError
from vendoreval.pricing.invoice_result import LINE_CATEGORIES
from vendoreval.pricing.premium_windows import (
    AFTER_HOURS,
    HOLIDAY,
    TIME_NONE,
    WEEKEND,
    PremiumTerms,
    precedence,
    time_kinds,
)
from vendoreval.pricing.sheet import PriceSheet, TierBasis, unpriced_problem
from vendoreval.pricing.tiers import tier_charge
from vendoreval.vocabulary import Channel

__all__ = [
    "AFTER_HOURS",
    "CHARGE_LINES",
    "HOLIDAY",
    "TIME_NONE",
    "WEEKEND",
    "MonthlyCharges",
    "MonthlyQuantities",
    "PremiumClasses",
    "monthly_charges",
    "premium_classes",
    "tier_charge",
]


_TIME_KINDS: Final = 4

CHARGE_LINES: Final[tuple[str, ...]] = tuple(c for c in LINE_CATEGORIES if c != "setup")
"""Monthly charge categories, as :data:`vendoreval.pricing.invoice.LINE_CATEGORIES` without
the one-off set-up fee."""


# ----------------------------------------------------------------------------- premium classes


@dataclass(frozen=True, slots=True)
class PremiumClasses:
    """A sheet's premium classes, numbered ``kind × n_languages + language`` like an invoice.

    ``kind`` is :data:`TIME_NONE`, :data:`AFTER_HOURS`, :data:`WEEKEND` or :data:`HOLIDAY`;
    ``language`` is 0 for a language without a multiplier, ``i`` for ``languages[i − 1]``.
    A sheet without premiums has one class.

    Attributes
    ----------
    timezone : str or None
        IANA zone of the time windows.
    time_multipliers : dict of int to float
        Multiplier per time kind present on the sheet [-].
    time_order : tuple of int
        Time kinds, the winning one first (largest multiplier; ties holiday, weekend,
        after-hours).
    languages : tuple of str
        Languages with a multiplier (BCP 47, matched exactly).
    language_multipliers : tuple of float
        Their multipliers [-].
    """

    sheet: PriceSheet
    timezone: str | None
    time_multipliers: dict[int, float]
    time_order: tuple[int, ...]
    languages: tuple[str, ...]
    language_multipliers: tuple[float, ...]

    @property
    def has_classes(self) -> bool:
        """True when some premium applies."""
        return bool(self.time_multipliers or self.languages)

    @property
    def has_time(self) -> bool:
        """True when a time premium applies."""
        return bool(self.time_multipliers)

    @property
    def n_languages(self) -> int:
        """Language slots: 1 (no multiplier) + languages with a multiplier."""
        return len(self.languages) + 1

    @property
    def n_classes(self) -> int:
        """Number of premium classes (1 without premiums)."""
        return _TIME_KINDS * self.n_languages if self.has_classes else 1

    def multipliers(self) -> FloatArray:
        """``m_time · m_language`` of every class, shape ``(n_classes,)`` [-]."""
        if not self.has_classes:
            return np.ones(1)
        time = np.array([self.time_multipliers.get(k, 1.0) for k in range(_TIME_KINDS)])
        language = np.array([1.0, *self.language_multipliers])
        return np.asarray(np.outer(time, language).ravel(), dtype=np.float64)

    def time_multiplier_of_class(self) -> FloatArray:
        """``m_time`` of every class, shape ``(n_classes,)`` [-]."""
        if not self.has_classes:
            return np.ones(1)
        time = np.array([self.time_multipliers.get(k, 1.0) for k in range(_TIME_KINDS)])
        return np.asarray(np.repeat(time, self.n_languages), dtype=np.float64)

    def language_index(self, tag: str) -> int:
        """Language slot of a contact language (0 when it carries no multiplier)."""
        try:
            return self.languages.index(tag) + 1
        except ValueError:
            return 0

    def time_kinds(self, local_seconds: npt.ArrayLike) -> IntArray:
        """Time kind of contacts starting at the given wall-clock times.

        Parameters
        ----------
        local_seconds : array_like of int
            Start times as seconds since 1970-01-01 00:00 *wall-clock time in
            ``timezone``* [s].

        Returns
        -------
        numpy.ndarray of int64
            :data:`TIME_NONE`, :data:`AFTER_HOURS`, :data:`WEEKEND` or :data:`HOLIDAY`.
        """
        local = np.asarray(local_seconds, dtype=np.int64)
        premiums = self.sheet.premiums
        if premiums is None or not self.time_multipliers:
            return np.zeros(local.shape, dtype=np.int64)
        return time_kinds(premiums, local, self.time_order).astype(np.int64)


def premium_classes(sheet: PriceSheet) -> PremiumClasses:
    """The premium classes of ``sheet`` (see :class:`PremiumClasses`)."""
    terms = PremiumTerms.of(sheet.premiums)
    multipliers = {kind: float(m) for kind, m in terms.time_multipliers.items()}
    language_multipliers = tuple(float(m) for m in terms.language_multipliers)
    order = precedence(multipliers)
    return PremiumClasses(
        sheet, terms.timezone, multipliers, order, terms.languages, language_multipliers
    )


# ----------------------------------------------------------------------------- quantities


@dataclass(frozen=True, slots=True)
class MonthlyQuantities:
    """A month's quantities, one element per run, for one price sheet.

    Class axes follow :func:`premium_classes` of the sheet (one class without premiums).

    Attributes
    ----------
    voice_billed_seconds : numpy.ndarray
        Billed voice seconds after the increment, shape ``(runs,)`` [s].
    voice_class_seconds : numpy.ndarray
        Voice seconds per premium class, shape ``(runs, n_classes)`` [s]: billed seconds, or
        whole billable seconds under ``rounding: monthly`` (the premium basis).
    handled_contacts : mapping of Channel to numpy.ndarray
        Handled contacts per channel and premium class, each ``(runs, n_classes)``
        [contacts]; a phone contact is handled when it has billable handle time.
    agent_hours : numpy.ndarray, optional
        Productive agent hours, ``(runs,)`` [h]; needed with ``agent_hour_rate``.
    ftes : numpy.ndarray, optional
        Full-time-equivalent agents, ``(runs,)`` [FTE]; needed with ``fte_month_rate``.
    class_shares : mapping, optional
        Fixed premium-class shares, ``(n_classes,)`` each, summing to 1, of the voice basis
        (key ``"voice"``) and of each channel's handled contacts (key: the channel). When
        given, ``voice_class_seconds`` and ``handled_contacts`` hold per-run *totals*
        ``(runs,)``, and each class gets its share of them: the surcharge of a basis is then
        its charge × ``Σ_k share_k (m_k − 1)`` (the expected split of a month, as the cost
        simulation uses it).
    """

    voice_billed_seconds: FloatArray
    voice_class_seconds: FloatArray
    handled_contacts: Mapping[Channel, FloatArray]
    agent_hours: FloatArray | None = None
    ftes: FloatArray | None = None
    class_shares: Mapping[str, FloatArray] | None = None

    @property
    def runs(self) -> int:
        """Number of runs."""
        return int(np.shape(self.voice_billed_seconds)[0])


@dataclass(frozen=True, slots=True)
class MonthlyCharges:
    """A month's charges per run, float64 in the sheet's currency.

    Attributes
    ----------
    lines : dict of str to numpy.ndarray
        Amount per category of :data:`CHARGE_LINES`, each ``(runs,)`` [currency].
    total : numpy.ndarray
        Sum of the lines, ``(runs,)`` [currency].
    """

    lines: dict[str, FloatArray]
    total: FloatArray


def _classes_2d(values: npt.ArrayLike, runs: int, n_classes: int, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 1 and n_classes == 1:
        array = array[:, None]
    if array.shape != (runs, n_classes):
        raise ArgumentError(
            f"{name} must have shape (runs, premium classes) = ({runs}, {n_classes}); "
            f"got {array.shape}"
        )
    return array


def _share(part: FloatArray, whole: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        share = part / whole[:, None]
    return np.asarray(np.where(whole[:, None] > 0, share, 0.0), dtype=np.float64)


def monthly_charges(
    sheet: PriceSheet,
    quantities: MonthlyQuantities,
    *,
    vendor: str | None = None,
) -> MonthlyCharges:
    """Charge every simulated month of ``quantities`` with ``sheet`` (see the module notes).

    Parameters
    ----------
    sheet : PriceSheet
        The vendor's price sheet.
    quantities : MonthlyQuantities
        Per-run quantities, class axes as :func:`premium_classes` of ``sheet``.
    vendor : str, optional
        Vendor name, for error messages.

    Returns
    -------
    MonthlyCharges
        Amount per charge line and total per run [currency], float64, not rounded.

    Raises
    ------
    MissingStaffingInputError
        The sheet has a staffing rate and its quantity is missing.
    UnpricedChannelError
        Handled contacts in a channel the sheet does not price, unless
        ``unpriced_contacts_free`` or the sheet is staffing-based (then the agent-hour or FTE
        fee covers them).
    ValueError
        Arrays of the wrong shape.
    """
    who = f"vendor {vendor!r}: " if vendor else ""
    plan = premium_classes(sheet)
    runs = quantities.runs
    n_classes = plan.n_classes
    billed = np.asarray(quantities.voice_billed_seconds, dtype=np.float64)
    if billed.shape != (runs,):
        raise ArgumentError(f"voice_billed_seconds must have shape (runs,); got {billed.shape}")
    fixed = quantities.class_shares
    if fixed is not None:
        return _with_fixed_shares(sheet, plan, quantities, fixed, billed, who)
    basis = _classes_2d(quantities.voice_class_seconds, runs, n_classes, "voice_class_seconds")
    handled = {
        Channel(channel): _classes_2d(values, runs, n_classes, f"handled_contacts[{channel}]")
        for channel, values in quantities.handled_contacts.items()
    }
    _check_priced(sheet, handled, billed, who)
    lines = _zero_lines(runs)
    counts = {channel: values.sum(axis=1) for channel, values in handled.items()}
    voice, usage = _usage(sheet, billed, counts, lines)
    if plan.has_classes:
        base = voice[:, None] * _share(basis, basis.sum(axis=1))
        for channel, charge in usage.items():
            classes = handled[channel]
            base += charge[:, None] * _share(classes, classes.sum(axis=1))
        lines["premiums"] = (base * (plan.multipliers() - 1.0)).sum(axis=1)
    return _fees(sheet, quantities, lines, runs, who)


def _check_priced(
    sheet: PriceSheet, handled: Mapping[Channel, FloatArray], billed: FloatArray, who: str
) -> None:
    """Refuse handled contacts (or billed voice) in a channel the sheet does not price."""
    for channel, values in handled.items():
        uses = bool(values.sum() > 0) or (channel is Channel.PHONE and bool(billed.sum() > 0))
        if uses and not (sheet.covers_unpriced_contacts or sheet.prices_channel(channel)):
            raise UnpricedChannelError(f"{who}{unpriced_problem(channel)}")


def _zero_lines(runs: int) -> dict[str, FloatArray]:
    """Every charge line at zero for ``runs`` runs (one allocation for all of them)."""
    block = np.zeros((len(CHARGE_LINES), runs))
    return dict(zip(CHARGE_LINES, block, strict=True))


def _usage(
    sheet: PriceSheet,
    billed: FloatArray,
    counts: Mapping[Channel, FloatArray],
    lines: dict[str, FloatArray],
) -> tuple[FloatArray, dict[Channel, FloatArray]]:
    """The voice charge and each channel's per-contact charge per run [currency], each added
    to its line (a tier replaces the flat price of its basis).

    Parameters
    ----------
    billed : numpy.ndarray
        Billed voice seconds per run [s].
    counts : mapping of Channel to numpy.ndarray
        Handled contacts per channel and run [contacts].
    """
    voice = lines["voice_minutes"]  # zero unless a rate or a tier prices voice
    minutes = billed / 60.0
    voice_tier = sheet.tier_for(TierBasis.VOICE_MINUTES)
    if voice_tier is not None:
        voice = tier_charge(voice_tier, minutes)
        lines["tiers"] += voice
    elif sheet.voice_rate_per_minute is not None:
        voice = minutes * float(sheet.voice_rate_per_minute)
        lines["voice_minutes"] += voice
    usage: dict[Channel, FloatArray] = {}
    for channel, count in counts.items():
        tier = sheet.tier_for(TierBasis.CONTACTS, channel)
        if tier is not None:
            usage[channel] = tier_charge(tier, count)
            lines["tiers"] += usage[channel]
        elif channel in sheet.per_contact:
            usage[channel] = count * float(sheet.per_contact[channel])
            lines["per_contact"] += usage[channel]
    return voice, usage


def _fees(
    sheet: PriceSheet,
    quantities: MonthlyQuantities,
    lines: dict[str, FloatArray],
    runs: int,
    who: str,
) -> MonthlyCharges:
    """Fixed, staffing and minimum lines added to the usage lines, and the total."""
    lines["fixed"] += float(sheet.monthly_fixed)
    if sheet.agent_hour_rate is not None:
        if quantities.agent_hours is None:
            raise MissingStaffingInputError(
                f"{who}the price sheet charges per agent hour (agent_hour_rate), so "
                "quantities.agent_hours is needed [h]"
            )
        lines["staffing"] += np.asarray(quantities.agent_hours) * float(sheet.agent_hour_rate)
    if sheet.committed_ftes and quantities.ftes is None:
        assert sheet.fte_month_rate is not None
        lines["staffing"] += sheet.committed_fte_total * float(sheet.fte_month_rate)
    elif sheet.fte_month_rate is not None:
        if quantities.ftes is None:
            raise MissingStaffingInputError(
                f"{who}the price sheet charges per FTE and month (fte_month_rate), so "
                "quantities.ftes is needed [FTE]"
            )
        lines["staffing"] += np.asarray(quantities.ftes) * float(sheet.fte_month_rate)
    subtotal = sum((lines[name] for name in CHARGE_LINES[:-1]), np.zeros(runs))
    if sheet.minimum_monthly is not None:
        lines["minimum_true_up"] = np.maximum(float(sheet.minimum_monthly) - subtotal, 0.0)
    total = subtotal + lines["minimum_true_up"]
    return MonthlyCharges(lines=lines, total=np.asarray(total, dtype=np.float64))


def _fixed_share(
    shares: Mapping[str, FloatArray], key: str, n_classes: int, name: str
) -> FloatArray:
    if key not in shares:
        raise ArgumentError(f"class_shares has no {name} shares (key {key!r})")
    array = np.asarray(shares[key], dtype=np.float64)
    if array.shape != (n_classes,):
        raise ArgumentError(
            f"class_shares[{key!r}] must have shape (premium classes,) = ({n_classes},); "
            f"got {array.shape}"
        )
    return array


def _with_fixed_shares(
    sheet: PriceSheet,
    plan: PremiumClasses,
    quantities: MonthlyQuantities,
    shares: Mapping[str, FloatArray],
    billed: FloatArray,
    who: str,
) -> MonthlyCharges:
    """:func:`monthly_charges` when every basis is split by fixed class shares."""
    runs = billed.size
    handled: dict[Channel, FloatArray] = {}
    for channel, values in quantities.handled_contacts.items():
        array = np.asarray(values, dtype=np.float64)
        if array.shape != (runs,):
            raise ArgumentError(
                f"handled_contacts[{channel}] must be per-run totals (runs,) with class_shares; "
                f"got {array.shape}"
            )
        handled[Channel(channel)] = array
    _check_priced(sheet, handled, billed, who)
    lines = _zero_lines(runs)
    voice, usage = _usage(sheet, billed, handled, lines)
    if plan.has_classes:
        excess = plan.multipliers() - 1.0
        n_classes = plan.n_classes
        premium = np.zeros(runs)
        voice_share = _fixed_share(shares, "voice", n_classes, "voice")
        premium += voice * float(voice_share @ excess)
        for channel, charge in usage.items():
            share = _fixed_share(shares, channel.value, n_classes, channel.value)
            premium += charge * float(share @ excess)
        lines["premiums"] = premium
    return _fees(sheet, quantities, lines, runs, who)
