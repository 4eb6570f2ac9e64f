"""Who may receive what: knock-outs, scores, channels, hours, languages and seats.

A vendor receives nothing when it failed a knock-out (``passed`` False) or scores below
``min_score``. Otherwise it may receive a segment only when it can serve every cell of it:

* the channel is among its ``coverage.channels`` and its hours for the channel cover every
  required half hour of the week (``Hours.fraction_covering`` = 1);
* its price sheet prices the channel, or says other fees cover it;
* it staffs the language (``staffing.languages``) with agents at the fluency the buyer
  needs (``LanguageNeed.min_cefr``) or better.

A vendor without a coverage answer is not restricted by channel, hours or seats, and one
without a staffing answer not by language: nothing it said rules a segment out (a missing
answer is a knock-out only if the criteria pack makes it one).

Seats: the agents a vendor's share of the traffic needs at peak — per channel, the peak
scheduled agents of interval staffing at the buyer's targets
(:func:`vendoreval.staffing.plan.plan_staffing`), the peak-hour workload estimate
(:func:`vendoreval.staffing.plan.agents_needed`) for a channel without a target, summed over
channels as the coverage check does — must not exceed its ``coverage.seats`` at go-live.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import is_series, pd
from vendoreval._types import BoolArray, FloatArray
from vendoreval.award.allocation import SEPARATOR, Segment, Traffic
from vendoreval.award.cost import vendor_needs
from vendoreval.errors import ArgumentError, ArgumentTypeError, UnknownNameError
from vendoreval.staffing.plan import agents_needed, plan_staffing
from vendoreval.vocabulary import Channel, cefr_rank

if TYPE_CHECKING:
    from vendoreval.needs import Needs
    from vendoreval.proposal import VendorProposal

__all__ = [
    "Eligibility",
    "Seats",
    "check_min_score",
    "describe_cell",
    "eligibility",
    "vendor_series",
]


def vendor_series(
    values: Mapping[str, object] | pd.Series | None,
    vendors: Sequence[str],
    name: str,
) -> dict[str, object] | None:
    """A per-vendor mapping (``scores``, ``passed``) checked to name every vendor."""
    if values is None:
        return None
    if is_series(values) or isinstance(values, Mapping):
        mapping = {str(k): v for k, v in values.items()}
    else:
        raise ArgumentTypeError(
            f"{name} must be a pandas Series or a mapping vendor → value "
            f"(e.g. ev.ranking[{name!r}]); got {type(values).__name__}"
        )
    missing = [v for v in vendors if v not in mapping]
    if missing:
        raise UnknownNameError(
            f"{name} has no value for vendor(s) {', '.join(missing)}; give one per proposal"
        )
    return mapping


@dataclass(frozen=True, eq=False)
class Eligibility:
    """Which vendor may receive which segment, and why not.

    Attributes
    ----------
    vendors : tuple of str
        Every vendor, in the order of the proposals.
    excluded : dict of str to str
        Vendors that receive nothing at all, with the reason.
    allowed : numpy.ndarray of bool
        Shape ``(segments, vendors)``: the vendor may receive (a share of) the segment.
    blocked : dict of (str, str) to str
        ``(segment, vendor)`` → why the vendor cannot serve the segment.
    seats : numpy.ndarray
        Seats at go-live per vendor; ``inf`` without a coverage answer [seats].
    """

    vendors: tuple[str, ...]
    excluded: dict[str, str]
    allowed: BoolArray
    blocked: dict[tuple[str, str], str]
    seats: FloatArray

    def candidates(self) -> list[int]:
        """Indices of the vendors that may receive some segment."""
        return [j for j in range(len(self.vendors)) if self.allowed[:, j].any()]


def _channel_reason(needs: Needs, proposal: VendorProposal, channel: Channel) -> str | None:
    reasons = []
    coverage = proposal.coverage
    if coverage is not None:
        hours = coverage.hours_for(channel)
        if hours is None:
            reasons.append(f"does not offer {channel.value}")
        else:
            required = needs.hours_for(channel)
            covered = hours.fraction_covering(required)
            if covered < 1.0:
                reasons.append(
                    f"covers {covered:.0%} of the required {channel.value} hours "
                    f"({required.describe()}; it offers {hours.describe()})"
                )
    sheet = proposal.sheet
    if not (sheet.prices_channel(channel) or sheet.covers_unpriced_contacts):
        reasons.append(f"its price sheet does not price {channel.value} contacts")
    return "; ".join(reasons) or None


def _language_reason(needs: Needs, proposal: VendorProposal, language: str) -> str | None:
    staffing = proposal.staffing
    if staffing is None:
        return None
    need = next(lang for lang in needs.languages if lang.language == language)
    staff = staffing.agents_for(language)
    if staff is None or staff.agents == 0:
        return f"has no {language} agents"
    if cefr_rank(staff.cefr) < cefr_rank(need.min_cefr):
        return (
            f"its {language} agents are at {staff.cefr.value}, below the "
            f"{need.min_cefr.value} needed"
        )
    return None


def eligibility(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    parts: Sequence[Segment],
    traffic: Traffic,
    *,
    passed: Mapping[str, object] | None = None,
    scores: Mapping[str, object] | None = None,
    min_score: float | None = None,
) -> Eligibility:
    """Which vendor may receive which segment (see the module notes).

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    proposals : sequence of VendorProposal
        The vendors.
    parts : sequence of Segment
        The segments to award.
    traffic : Traffic
        The needs' cells.
    passed : mapping of str to bool, optional
        Whether each vendor passed the knock-outs (``ev.ranking["passed"]``).
    scores : mapping of str to float, optional
        Each vendor's score, 0–100 (``ev.ranking["score"]``).
    min_score : float, optional
        Lowest score a vendor may have to receive anything.

    Returns
    -------
    Eligibility
    """
    names = tuple(p.name for p in proposals)
    excluded: dict[str, str] = {}
    for name in names:
        if passed is not None and not bool(passed[name]):
            excluded[name] = "failed a knock-out"
        elif min_score is not None and scores is not None:
            score = float(scores[name])  # type: ignore[arg-type]
            if not score >= min_score:
                excluded[name] = f"scores {score:.1f}, below min_score {min_score:g}"
    allowed = np.zeros((len(parts), len(names)), dtype=bool)
    blocked: dict[tuple[str, str], str] = {}
    for j, proposal in enumerate(proposals):
        if proposal.name in excluded:
            continue
        channel_reason = {
            c.channel: _channel_reason(needs, proposal, c.channel) for c in needs.channels
        }
        language_reason = {
            lang.language: _language_reason(needs, proposal, lang.language)
            for lang in needs.languages
        }
        for i, segment in enumerate(parts):
            reasons: list[str] = []
            for cell in segment.cells:
                if traffic.volumes[cell] <= 0:
                    continue
                for reason in (
                    channel_reason[traffic.channels[cell]],
                    language_reason[traffic.languages[cell]],
                ):
                    if reason is not None and reason not in reasons:
                        reasons.append(reason)
            if reasons:
                blocked[(segment.label, proposal.name)] = "; ".join(reasons)
            else:
                allowed[i, j] = True
    seats = np.array(
        [math.inf if p.coverage is None else float(p.coverage.seats) for p in proposals]
    )
    return Eligibility(names, excluded, allowed, blocked, seats)


@dataclass(eq=False)
class Seats:
    """Peak agents a vendor's share of the traffic needs (see the module notes), cached per
    channel and volume.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    traffic : Traffic
        Their cells.
    """

    needs: Needs
    traffic: Traffic
    _cache: dict[tuple[str, int], int] = field(default_factory=dict)

    def agents(self, cell_volumes: npt.ArrayLike) -> int:
        """Peak agents for the contacts of each cell [agents], summed over channels."""
        vendor = vendor_needs(self.needs, self.traffic, cell_volumes)
        total = 0
        for item in vendor.channels:
            total += self._channel(vendor, item.channel, item.volume_per_month)
        return total

    def _channel(self, vendor: Needs, channel: Channel, volume: int) -> int:
        if volume <= 0:
            return 0
        key = (channel.value, volume)
        if key not in self._cache:
            item = vendor.channel(channel)
            single = vendor.model_copy(
                update={
                    "channels": (item,),
                    "languages": (vendor.languages[0].model_copy(update={"share": 1.0}),),
                }
            )
            plan = plan_staffing(single)
            interval = {Channel(k): v for k, v in plan.required_agents.items()}
            needed, _ = agents_needed(single, interval)
            self._cache[key] = int(needed[channel])
        return self._cache[key]


def describe_cell(traffic: Traffic, cell: int) -> str:
    """``"phone/ko"`` for a cell index."""
    return f"{traffic.channels[cell].value}{SEPARATOR}{traffic.languages[cell]}"


def check_min_score(min_score: object, scores: object) -> float | None:
    """``min_score`` as a float in [0, 100], requiring ``scores``."""
    if min_score is None:
        return None
    if isinstance(min_score, bool) or not isinstance(min_score, int | float | np.number):
        raise ArgumentTypeError(f"min_score must be a number 0–100; got {min_score!r}")
    value = float(min_score)
    if not 0.0 <= value <= 100.0:
        raise ArgumentError(f"min_score must be a score in [0, 100]; got {min_score!r}")
    if scores is None:
        raise ArgumentError(
            "min_score needs the vendors' scores: pass scores=ev.ranking['score'] from an "
            "evaluation"
        )
    return value
