"""Checks of what a cost simulation is given: runs, seed, the needs and the proposals.

The simulation and the award (:mod:`vendoreval.award`) price the same proposals; both check
them with these functions, so a bad list of vendors is refused in the same words wherever
it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import numpy as np
from pydantic import ValidationError

from vendoreval.errors import ArgumentError, UnpricedChannelError, VendorEvalError
from vendoreval.needs import Needs
from vendoreval.proposal import VendorProposal

__all__ = [
    "MAX_RUNS",
    "check_currency",
    "check_proposals",
    "check_runs",
    "check_seed",
    "revalidated",
    "vendor_list",
    "whole_number",
]

MAX_RUNS: Final = 10_000_000
"""Most simulated terms a simulation accepts."""


def whole_number(value: object, name: str, minimum: int, unit: str = "") -> int:
    """``value`` as an int ≥ ``minimum``, else an ArgumentError naming it.

    Parameters
    ----------
    value : object
        What the caller gave; a bool is refused.
    name : str
        The argument's name, for the message.
    minimum : int
        Smallest value accepted.
    unit : str, optional
        Words after the bound in the message, e.g. ``" of simulated terms"``.
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) < minimum:
        raise ArgumentError(f"{name} must be a whole number ≥ {minimum}{unit}; got {value!r}")
    return int(value)


def check_runs(runs: object) -> int:
    """``runs`` as an int in [1, :data:`MAX_RUNS`], else an ArgumentError naming it."""
    count = whole_number(runs, "runs", 1, " of simulated terms")
    if count > MAX_RUNS:
        raise ArgumentError(
            f"runs = {count:,} is above the most accepted, {MAX_RUNS:,}: the standard error "
            "of a mean falls with √runs, so 10,000–100,000 runs already give a cost to a "
            "fraction of a per cent"
        )
    return count


def check_seed(seed: object) -> int:
    """``seed`` as an int ≥ 0, else an ArgumentError naming it."""
    return whole_number(seed, "seed", 0)


def revalidated(needs: Needs) -> Needs:
    """The needs validated again (models built without validation, or copied with updates,
    are checked against the plausible ranges too)."""
    if not isinstance(needs, Needs):
        raise ArgumentError(f"needs must be a Needs; got {type(needs).__name__}")
    try:
        return Needs.model_validate(needs.model_dump())
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ArgumentError(f"needs.{where}: {message}") from None


def vendor_list(
    proposals: Sequence[VendorProposal],
    *,
    type_error: type[VendorEvalError] = ArgumentError,
    each: Callable[[int, VendorProposal], None] | None = None,
) -> list[VendorProposal]:
    """The proposals as a list: at least one, every item a :class:`VendorProposal`, names
    unique (the message names ``proposals[i]``).

    Parameters
    ----------
    proposals : sequence of VendorProposal
        What the caller gave.
    type_error : type of VendorEvalError, default ArgumentError
        Raised for an item that is not a proposal.
    each : callable, optional
        ``each(index, proposal)``: further checks of every proposal, run in turn after its
        own type and name are checked (so the first bad proposal is the one reported).
    """
    items = list(proposals)
    if not items:
        raise ArgumentError("proposals is empty: give at least one vendor proposal")
    seen: dict[str, int] = {}
    for index, proposal in enumerate(items):
        if not isinstance(proposal, VendorProposal):
            raise type_error(
                f"proposals[{index}] must be a VendorProposal; got {type(proposal).__name__}"
            )
        if proposal.name in seen:
            raise ArgumentError(
                f"proposals[{index}]: vendor name {proposal.name!r} is also proposals"
                f"[{seen[proposal.name]}]; vendor names must be unique"
            )
        seen[proposal.name] = index
        if each is not None:
            each(index, proposal)
    return items


def check_currency(needs: Needs, index: int, proposal: VendorProposal, hint: str = "") -> None:
    """Refuse a price sheet in another currency than the contract's; ``hint`` ends the
    message."""
    currency = proposal.sheet.currency
    if currency != needs.contract.currency:
        raise ArgumentError(
            f"proposals[{index}] (vendor {proposal.name!r}): pricing.sheet.currency is "
            f"{currency!r} but the contract currency (needs.contract.currency) is "
            f"{needs.contract.currency!r}{hint}"
        )


def check_proposals(needs: Needs, proposals: Sequence[VendorProposal]) -> list[VendorProposal]:
    """The proposals a simulation prices: :func:`vendor_list`, each sheet in the contract
    currency and pricing every channel with forecast volume (or covering unpriced contacts),
    and the buyer's current cost known where a vendor's terms ask for double running."""

    def each(index: int, proposal: VendorProposal) -> None:
        check_currency(needs, index, proposal, "; convert the price sheet first")
        sheet = proposal.sheet
        for channel in needs.channels:
            if channel.volume_per_month == 0 or sheet.prices_channel(channel.channel):
                continue
            if sheet.covers_unpriced_contacts:
                continue
            raise UnpricedChannelError(
                f"proposals[{index}] (vendor {proposal.name!r}): the price sheet does not price "
                f"{channel.channel.value!r} contacts, of which the needs forecast "
                f"{channel.volume_per_month:,} a month; give a per-contact price or tier, or "
                "set unpriced_contacts_free: true if other fees cover them"
            )
        terms = proposal.contract_terms
        if terms.double_running_months and needs.contract.current_monthly_cost is None:
            raise ArgumentError(
                f"proposals[{index}] (vendor {proposal.name!r}): terms.double_running_months "
                f"is {terms.double_running_months}, so the buyer's current cost is needed: set "
                "needs.contract.current_monthly_cost (what the current operation costs a month)"
            )

    return vendor_list(proposals, each=each)
