"""Segments of the buyer's traffic, and allocations of them to vendors.

The buyer's monthly traffic is a table of *cells*: every channel of the needs × every
language, the cell's volume being the channel's ``volume_per_month`` × the language's
``share`` [contacts/month] (the needs state one language mix for all channels). A *segment*
is a set of cells that is awarded as a unit:

* a channel — ``"phone"``: all its languages;
* a language — ``"ko"``: that language on every channel;
* a channel × language cell — ``"phone/ko"`` (or the tuple ``("phone", "ko")``).

An allocation gives every segment shares per vendor that sum to 1; together its segments
must cover every cell with volume exactly once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from vendoreval._lazy import is_frame, pd
from vendoreval._types import BoolArray, FloatArray
from vendoreval.errors import ArgumentError, ArgumentTypeError, UnknownNameError
from vendoreval.vocabulary import Channel

if TYPE_CHECKING:
    from vendoreval.needs import Needs

__all__ = [
    "SEPARATOR",
    "AllocationLike",
    "Segment",
    "SplitBy",
    "Traffic",
    "VendorAllocation",
    "membership",
    "parse_allocation",
    "parse_split_by",
    "segments",
]

SEPARATOR = "/"
"""Separator of a channel × language segment label: ``"phone/ko"``."""

_SHARE_TOLERANCE = 1e-9

AllocationLike: TypeAlias = (
    "pd.DataFrame | Mapping[str, Mapping[str, float] | str] "
    "| Mapping[tuple[str, str], Mapping[str, float] | str]"
)
"""An allocation: a DataFrame segment × vendor of shares, or a mapping from segment to
``{vendor: share}`` (or to a vendor name, for the whole segment)."""


class SplitBy(StrEnum):
    """How the traffic is cut into segments: by ``channel``, ``language`` or ``both``."""

    CHANNEL = "channel"
    LANGUAGE = "language"
    BOTH = "both"


def parse_split_by(value: object) -> SplitBy:
    """``split_by`` as a :class:`SplitBy`; an error naming the argument otherwise."""
    try:
        return SplitBy(value if isinstance(value, str) else str(value))
    except ValueError:
        choices = ", ".join(repr(s.value) for s in SplitBy)
        raise ArgumentError(f"split_by must be one of {choices}; got {value!r}") from None


@dataclass(frozen=True, eq=False)
class Traffic:
    """The buyer's monthly traffic in channel × language cells.

    Attributes
    ----------
    channels : tuple of Channel
        Channel of each cell.
    languages : tuple of str
        Language (BCP 47) of each cell.
    volumes : numpy.ndarray
        Forecast contacts of each cell [contacts/month]: channel volume × language share.
    """

    channels: tuple[Channel, ...]
    languages: tuple[str, ...]
    volumes: FloatArray

    @classmethod
    def of(cls, needs: Needs) -> Traffic:
        """The cells of ``needs``: every channel × every language, in the needs' order."""
        pairs = list(itertools.product(needs.channels, needs.languages))
        return cls(
            channels=tuple(c.channel for c, _ in pairs),
            languages=tuple(lang.language for _, lang in pairs),
            volumes=np.array(
                [c.volume_per_month * float(lang.share) for c, lang in pairs], dtype=np.float64
            ),
        )

    @property
    def total(self) -> float:
        """Forecast contacts a month over all cells [contacts/month]."""
        return float(self.volumes.sum())

    @property
    def size(self) -> int:
        """Number of cells."""
        return len(self.channels)

    def cells_of(self, channel: Channel | None, language: str | None) -> tuple[int, ...]:
        """Indices of the cells of a channel, a language, or one channel × language cell."""
        return tuple(
            i
            for i in range(self.size)
            if (channel is None or self.channels[i] is channel)
            and (language is None or self.languages[i] == language)
        )


@dataclass(frozen=True)
class Segment:
    """A part of the traffic awarded as a unit.

    Attributes
    ----------
    label : str
        ``"phone"``, ``"ko"`` or ``"phone/ko"``.
    channel : Channel or None
        The channel, None for a language segment.
    language : str or None
        The language, None for a channel segment.
    cells : tuple of int
        Indices of its cells in the :class:`Traffic`.
    volume : float
        Forecast contacts a month [contacts/month].
    """

    label: str
    channel: Channel | None
    language: str | None
    cells: tuple[int, ...]
    volume: float


def _segment(traffic: Traffic, channel: Channel | None, language: str | None) -> Segment:
    if channel is not None and language is not None:
        label = f"{channel.value}{SEPARATOR}{language}"
    elif channel is not None:
        label = channel.value
    else:
        assert language is not None
        label = language
    cells = traffic.cells_of(channel, language)
    return Segment(label, channel, language, cells, float(traffic.volumes[list(cells)].sum()))


def segments(needs: Needs, split_by: SplitBy | str) -> tuple[Segment, ...]:
    """The segments with volume when ``needs`` is split by channel, language or both.

    Parameters
    ----------
    needs : Needs
        The buyer's channels, volumes and language shares.
    split_by : {"channel", "language", "both"}
        How to cut the traffic.

    Returns
    -------
    tuple of Segment
        In the order of the needs' channels, then languages; segments without volume are
        left out.
    """
    how = parse_split_by(split_by)
    traffic = Traffic.of(needs)
    channels = [c.channel for c in needs.channels]
    languages = [lang.language for lang in needs.languages]
    if how is SplitBy.CHANNEL:
        parts = [_segment(traffic, c, None) for c in channels]
    elif how is SplitBy.LANGUAGE:
        parts = [_segment(traffic, None, lang) for lang in languages]
    else:
        parts = [_segment(traffic, c, lang) for c in channels for lang in languages]
    return tuple(part for part in parts if part.volume > 0)


def _resolve(needs: Needs, traffic: Traffic, label: object) -> Segment:
    """The segment a label names; an error listing the valid labels otherwise."""
    channels = {c.channel.value: c.channel for c in needs.channels}
    languages = [lang.language for lang in needs.languages]
    if isinstance(label, tuple) and len(label) == 2:
        parts: list[object] = list(label)
    elif isinstance(label, str | Channel):
        text = str(label.value if isinstance(label, Channel) else label)
        if text in channels:
            return _segment(traffic, channels[text], None)
        if text in languages:
            return _segment(traffic, None, text)
        parts = list(text.split(SEPARATOR, 1)) if SEPARATOR in text else [text]
    else:
        raise ArgumentTypeError(
            f"allocation: segment label {label!r} must be a channel ('phone'), a language "
            f"('ko') or a channel{SEPARATOR}language pair ('phone{SEPARATOR}ko'); "
            f"got {type(label).__name__}"
        )
    if len(parts) == 2:
        channel = str(getattr(parts[0], "value", parts[0]))
        language = str(parts[1])
        if channel in channels and language in languages:
            return _segment(traffic, channels[channel], language)
    raise UnknownNameError(
        f"allocation: unknown segment {label!r}; segments are channels "
        f"({', '.join(channels)}), languages ({', '.join(languages)}) or "
        f"channel{SEPARATOR}language pairs such as "
        f"'{next(iter(channels))}{SEPARATOR}{languages[0]}'"
    )


@dataclass(frozen=True, eq=False)
class VendorAllocation:
    """A checked allocation: shares of every segment per vendor.

    Attributes
    ----------
    segments : tuple of Segment
        The allocation's segments, in its row order.
    vendors : tuple of str
        Vendor names, in the order of the proposals.
    shares : numpy.ndarray
        Shares, shape ``(segments, vendors)``; rows sum to 1 [-].
    """

    segments: tuple[Segment, ...]
    vendors: tuple[str, ...]
    shares: FloatArray

    def cell_volumes(self, traffic: Traffic) -> FloatArray:
        """Contacts of every cell each vendor receives, shape ``(vendors, cells)``
        [contacts/month]."""
        cells = membership(self.segments, traffic) * traffic.volumes
        return np.asarray(self.shares.T @ cells, dtype=np.float64)

    def frame(self) -> pd.DataFrame:
        """The shares as a DataFrame: index ``segment``, one column per vendor."""
        frame = pd.DataFrame(
            self.shares,
            index=pd.Index([s.label for s in self.segments], name="segment"),
            columns=pd.Index(list(self.vendors), name="vendor"),
        )
        return frame


def _rows(allocation: object) -> list[tuple[object, dict[str, float]]]:
    """(label, {vendor: share}) per row of a DataFrame or mapping allocation."""
    rows: list[tuple[object, dict[str, float]]] = []
    if is_frame(allocation):
        for label, row in allocation.iterrows():
            values: dict[str, float] = {}
            for vendor, value in row.items():
                values[str(vendor)] = _share(value, label, vendor)
            rows.append((label, values))
        return rows
    if not isinstance(allocation, Mapping):
        raise ArgumentTypeError(
            "allocation must be a DataFrame (segment × vendor shares) or a mapping "
            f"{{segment: {{vendor: share}}}}; got {type(allocation).__name__}"
        )
    for label, entry in allocation.items():
        if isinstance(entry, str):
            rows.append((label, {entry: 1.0}))
        elif isinstance(entry, Mapping):
            rows.append((label, {str(v): _share(value, label, v) for v, value in entry.items()}))
        else:
            raise ArgumentTypeError(
                f"allocation[{label!r}] must be a vendor name or a mapping {{vendor: share}}; "
                f"got {type(entry).__name__}"
            )
    return rows


def _share(value: object, label: object, vendor: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ArgumentTypeError(
            f"allocation[{label!r}][{vendor!r}] must be a share (a number in [0, 1]); got {value!r}"
        )
    share = float(value)
    if not (math.isfinite(share) and 0.0 <= share <= 1.0):
        raise ArgumentError(
            f"allocation[{label!r}][{vendor!r}] must be a share in [0, 1]; got {value!r}"
        )
    return share


def parse_allocation(
    needs: Needs, vendors: Sequence[str], allocation: AllocationLike
) -> VendorAllocation:
    """Check an allocation against the needs and the vendors.

    Parameters
    ----------
    needs : Needs
        The buyer's traffic.
    vendors : sequence of str
        The vendors' names, in the order of the proposals.
    allocation : DataFrame or mapping
        Segment × vendor shares (see the module notes); vendors not named get nothing.

    Returns
    -------
    VendorAllocation

    Raises
    ------
    UnknownNameError
        An unknown segment label or vendor (the message lists the valid ones).
    ArgumentError
        A share outside [0, 1], a row that does not sum to 1, a cell covered twice, or a
        cell with volume that no segment covers (the message names the segment or cell).
    """
    names = list(vendors)
    traffic = Traffic.of(needs)
    rows = _rows(allocation)
    if not rows:
        raise ArgumentError("allocation is empty: give the shares of every segment")
    parts: list[Segment] = []
    shares = np.zeros((len(rows), len(names)))
    owner: dict[int, str] = {}
    for r, (label, values) in enumerate(rows):
        segment = _resolve(needs, traffic, label)
        for cell in segment.cells:
            if cell in owner:
                raise ArgumentError(
                    f"allocation: segments {owner[cell]!r} and {segment.label!r} both cover "
                    f"{traffic.channels[cell].value}{SEPARATOR}{traffic.languages[cell]}; "
                    "each channel × language cell must be in exactly one segment"
                )
            owner[cell] = segment.label
        for vendor, share in values.items():
            if vendor not in names:
                raise UnknownNameError(
                    f"allocation: unknown vendor {vendor!r} in segment {segment.label!r}; "
                    f"the vendors are {', '.join(names)}"
                )
            shares[r, names.index(vendor)] = share
        total = math.fsum(values.values())
        if abs(total - 1.0) > _SHARE_TOLERANCE:
            raise ArgumentError(
                f"allocation: the shares of segment {segment.label!r} sum to {total:.12g}; "
                "they must sum to 1 (every contact goes to some vendor)"
            )
        parts.append(segment)
    missing = [
        f"{traffic.channels[i].value}{SEPARATOR}{traffic.languages[i]}"
        for i in range(traffic.size)
        if traffic.volumes[i] > 0 and i not in owner
    ]
    if missing:
        raise ArgumentError(
            f"allocation: no segment covers {', '.join(missing)}; every channel × language "
            "cell with volume must be allocated"
        )
    return VendorAllocation(tuple(parts), tuple(names), shares)


def membership(parts: Sequence[Segment], traffic: Traffic) -> BoolArray:
    """Which cells each segment holds, shape ``(segments, cells)``."""
    mask = np.zeros((len(parts), traffic.size), dtype=bool)
    for row, segment in enumerate(parts):
        mask[row, list(segment.cells)] = True
    return mask
