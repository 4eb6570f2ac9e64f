"""The expected monthly cost of an allocation: every vendor priced on its share of the traffic.

A vendor's share of the traffic is turned into needs of its own — the buyer's needs with
each channel's ``volume_per_month`` the contacts the vendor receives on it (rounded half-up
to whole contacts) and the language mix of those contacts — and priced by the public cost
simulation, :func:`vendoreval.simulation.simulate_costs`, with that vendor's proposal alone.
Its expected monthly cost is the mean of the simulated months. Everything on its price
sheet applies to its share: billing increment, tiers (on its own volume), premiums,
per-contact and staffing charges, the monthly fixed fee and the minimum (once per awarded
vendor). A vendor whose shares are all zero costs nothing and is not simulated.

The cost of the allocation is the sum over vendors. Each vendor is simulated on its own with
the same ``runs`` and ``seed``, so its cost depends only on its own share of the traffic:
results are cached per (needs, proposal, the vendor's traffic, runs, seed, month), and an
optimiser that revisits a vendor's column pays for it once.

Channel × language segments: the needs hold one language mix for all channels, so a
vendor's needs carry the mix of all the contacts it receives. That is exact when its sheet
has no language multipliers (the simulation uses the language only for those) or when its
mix is the same on every channel; otherwise the language surcharge is spread over its
channels in proportion to their charges.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.award.allocation import AllocationLike, Traffic, parse_allocation
from vendoreval.calendar import parse_month
from vendoreval.errors import ArgumentTypeError, UnpricedChannelError
from vendoreval.proposal import VendorProposal
from vendoreval.simulation import simulate_costs
from vendoreval.simulation.inputs import check_currency, check_seed, vendor_list, whole_number

if TYPE_CHECKING:
    from vendoreval._model import Model
    from vendoreval.needs import Needs

__all__ = [
    "CACHE_SIZE",
    "Pricer",
    "check_proposals",
    "check_runs",
    "check_seed",
    "clear_cache",
    "scenario_cost",
    "vendor_costs",
    "vendor_needs",
]

CACHE_SIZE: Final = 16_384
"""Vendor costs kept in the cache (least recently used first out)."""

_cache: OrderedDict[tuple[object, ...], float] = OrderedDict()
_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every cached vendor cost (e.g. before timing an optimisation)."""
    with _lock:
        _cache.clear()


def _model_key(model: Model) -> str:
    return hashlib.sha256(model.model_dump_json().encode("utf-8")).hexdigest()


def check_runs(runs: object) -> int:
    """``runs`` as an int ≥ 1; an error naming the argument otherwise."""
    return whole_number(runs, "runs", 1, " of simulated months")


def check_proposals(
    needs: Needs, proposals: Sequence[VendorProposal]
) -> tuple[VendorProposal, ...]:
    """The proposals, checked: at least one, all :class:`VendorProposal`, unique names,
    price sheets in the contract currency (the message names ``proposals[i]``)."""
    if isinstance(proposals, VendorProposal) or not isinstance(proposals, Sequence):
        raise ArgumentTypeError(
            f"proposals must be a sequence of VendorProposal; got {type(proposals).__name__}"
        )

    def each(index: int, proposal: VendorProposal) -> None:
        check_currency(needs, index, proposal)

    return tuple(vendor_list(proposals, type_error=ArgumentTypeError, each=each))


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _traffic_of(
    needs: Needs, traffic: Traffic, cell_volumes: npt.ArrayLike
) -> tuple[dict[str, int], dict[str, float]]:
    """Whole contacts per channel and language mix of a vendor's cell volumes."""
    volumes = np.asarray(cell_volumes, dtype=np.float64)
    per_channel: dict[str, float] = {}
    per_language: dict[str, float] = {}
    for i, volume in enumerate(volumes.tolist()):
        channel = traffic.channels[i].value
        per_channel[channel] = per_channel.get(channel, 0.0) + volume
        language = traffic.languages[i]
        per_language[language] = per_language.get(language, 0.0) + volume
    total = math.fsum(per_language.values())
    mix = {lang: v / total for lang, v in per_language.items() if v > 0} if total > 0 else {}
    return {c: _round_half_up(v) for c, v in per_channel.items()}, mix


def vendor_needs(needs: Needs, traffic: Traffic, cell_volumes: npt.ArrayLike) -> Needs:
    """The buyer's needs restricted to the contacts one vendor receives.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    traffic : Traffic
        Their cells (:meth:`Traffic.of`).
    cell_volumes : array_like
        Contacts of each cell the vendor receives [contacts/month].

    Returns
    -------
    Needs
        Each channel's ``volume_per_month`` the vendor's contacts on it (rounded half-up),
        the languages the mix of all its contacts (languages without contacts dropped);
        everything else as in ``needs``.
    """
    volumes, mix = _traffic_of(needs, traffic, cell_volumes)
    channels = tuple(
        c.model_copy(update={"volume_per_month": volumes.get(c.channel.value, 0)})
        for c in needs.channels
    )
    if not mix:
        return needs.model_copy(update={"channels": channels})
    languages = tuple(
        lang.model_copy(update={"share": mix[lang.language]})
        for lang in needs.languages
        if lang.language in mix
    )
    return needs.model_copy(update={"channels": channels, "languages": languages})


class Pricer:
    """Expected monthly cost of vendors on parts of one buyer's traffic (cached).

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    runs : int
        Simulated months per vendor, ≥ 1.
    seed : int
        Seed of the simulation, ≥ 0.
    month : str, optional
        Calendar month ``YYYY-MM`` simulated; ``needs.contract.start_month`` by default.
    """

    def __init__(self, needs: Needs, runs: int, seed: int, month: str | None = None) -> None:
        self.needs = needs
        self.traffic = Traffic.of(needs)
        self.runs = check_runs(runs)
        self.seed = check_seed(seed)
        if month is not None:
            parse_month(month, "month")
        self.month = month
        self._needs_key = _model_key(needs)
        self._keys: dict[int, tuple[VendorProposal, str]] = {}
        self.simulations = 0

    def _key_of(self, proposal: VendorProposal) -> str:
        known = self._keys.get(id(proposal))
        if known is not None and known[0] is proposal:
            return known[1]
        key = _model_key(proposal)
        self._keys[id(proposal)] = (proposal, key)
        return key

    def cost(self, proposal: VendorProposal, cell_volumes: npt.ArrayLike) -> float:
        """Expected monthly cost of ``proposal`` receiving ``cell_volumes`` [currency].

        Parameters
        ----------
        proposal : VendorProposal
            The vendor.
        cell_volumes : array_like
            Contacts of each cell it receives [contacts/month]; all zero costs nothing.
        """
        volumes = np.asarray(cell_volumes, dtype=np.float64)
        if not (volumes > 0).any():
            return 0.0
        channels, mix = _traffic_of(self.needs, self.traffic, volumes)
        key = (
            self._needs_key,
            self._key_of(proposal),
            tuple(sorted(channels.items())),
            tuple(sorted((lang, round(share, 12)) for lang, share in mix.items())),
            self.runs,
            self.seed,
            self.month,
        )
        with _lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
        needs = vendor_needs(self.needs, self.traffic, volumes)
        simulation = simulate_costs(
            needs, [proposal], runs=self.runs, seed=self.seed, month=self.month
        )
        self.simulations += 1
        value = float(simulation.samples.iloc[:, 0].mean())
        with _lock:
            _cache[key] = value
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
        return value


def _check_priced(
    traffic: Traffic, proposal: VendorProposal, index: int, volumes: npt.NDArray[np.float64]
) -> None:
    sheet = proposal.sheet
    if sheet.covers_unpriced_contacts:
        return
    for channel in dict.fromkeys(traffic.channels):
        cells = [i for i, c in enumerate(traffic.channels) if c is channel]
        if volumes[cells].sum() > 0 and not sheet.prices_channel(channel):
            raise UnpricedChannelError(
                f"allocation gives vendor {proposal.name!r} (proposals[{index}]) "
                f"{channel.value} contacts, which its price sheet does not price; give "
                f"{channel.value} to another vendor, or price it on the sheet"
            )


def vendor_costs(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    allocation: AllocationLike,
    runs: int = 10_000,
    seed: int = 0,
    *,
    month: str | None = None,
) -> pd.Series:
    """Expected monthly cost of each vendor under an allocation [currency].

    Parameters are those of :func:`scenario_cost`.

    Returns
    -------
    pandas.Series
        Index ``vendor`` (every proposal, in order); 0 for a vendor without a share.
    """
    items = check_proposals(needs, proposals)
    checked = parse_allocation(needs, [p.name for p in items], allocation)
    pricer = Pricer(needs, runs, seed, month)
    volumes = checked.cell_volumes(pricer.traffic)
    for index, proposal in enumerate(items):
        _check_priced(pricer.traffic, proposal, index, volumes[index])
    values = [pricer.cost(p, volumes[i]) for i, p in enumerate(items)]
    return pd.Series(values, index=pd.Index([p.name for p in items], name="vendor"), name="cost")


def scenario_cost(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    allocation: AllocationLike,
    runs: int = 10_000,
    seed: int = 0,
    *,
    month: str | None = None,
) -> float:
    """Expected monthly cost of splitting the buyer's traffic across vendors [currency].

    Each vendor is priced on the share of the traffic it receives, with its own price sheet
    (billing increment, tiers on its own volume, premiums, per-contact and staffing charges,
    monthly fixed fee and minimum); a vendor that receives nothing costs nothing. See the
    module notes.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    proposals : sequence of VendorProposal
        The vendors (unique names, sheets in the contract currency).
    allocation : DataFrame or mapping
        Shares of each segment per vendor, rows summing to 1: a DataFrame with one row per
        segment (``"phone"``, ``"ko"`` or ``"phone/ko"``) and one column per vendor, or a
        mapping ``{segment: {vendor: share}}`` (``{segment: vendor}`` for a whole segment).
        The segments must cover every channel × language cell with volume exactly once.
    runs : int, default 10000
        Simulated months per vendor, ≥ 1.
    seed : int, default 0
        Seed of the simulation, ≥ 0.
    month : str, optional
        Calendar month ``YYYY-MM`` simulated; ``needs.contract.start_month`` by default.

    Returns
    -------
    float
        The sum over vendors of their expected monthly cost [currency/month].

    Raises
    ------
    UnknownNameError
        An unknown segment or vendor.
    ArgumentError
        Bad shares, rows not summing to 1, cells uncovered or covered twice, bad ``runs``,
        ``seed`` or ``month``, or a proposal in another currency.
    UnpricedChannelError
        A vendor receives contacts of a channel its sheet does not price.

    Examples
    --------
    >>> import vendoreval as ve
    >>> needs, proposals = ve.load_sample()
    >>> split = {"phone": "Seoul Contact Partners", "chat": "Hangang CX",
    ...          "email": "Hangang CX", "social": "Hangang CX"}
    >>> scenario_cost(needs, proposals, split, runs=2_000)  # doctest: +SKIP
    """
    return float(vendor_costs(needs, proposals, allocation, runs, seed, month=month).sum())
