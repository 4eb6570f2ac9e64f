"""What an invoice counts for one price sheet: its plan, and the exact totals of a month.

:class:`_Plan` says what the kernel needs to know about a sheet (billable components,
rounding, premium multipliers and their order, the channels it prices). :class:`_Accumulator`
adds up the month's exact integer quantities per sheet — contacts per channel, handled
contacts and voice seconds per premium class, actual, billed and billed-wait seconds — from
batches of records priced in memory or from groups summed in an engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval.errors import UnpricedChannelError
from vendoreval.pricing.premium_windows import PremiumTerms, precedence
from vendoreval.pricing.records import CHANNEL_ORDER, CallBatch
from vendoreval.pricing.sheet import BillableComponent, PriceSheet, Rounding, unpriced_problem
from vendoreval.vocabulary import Channel

__all__: list[str] = []

_HANDLING: Final = (BillableComponent.TALK, BillableComponent.HOLD, BillableComponent.ACW)
_PHONE: Final = CHANNEL_ORDER.index(Channel.PHONE)
_N_CHANNELS: Final = len(CHANNEL_ORDER)


@dataclass(frozen=True, eq=False)
class _Plan:
    """What the kernel needs to know about one sheet."""

    sheet: PriceSheet
    components: tuple[BillableComponent, ...]
    monthly: bool
    bills_wait: bool
    priced: tuple[bool, ...]
    timezone: str | None
    time_order: tuple[int, ...]
    time_multipliers: dict[int, Decimal]
    languages: tuple[str, ...]
    language_multipliers: tuple[Decimal, ...]

    @classmethod
    def of(cls, sheet: PriceSheet) -> _Plan:
        terms = PremiumTerms.of(sheet.premiums)
        ordered = [c for c in BillableComponent if c in sheet.billable_components]
        return cls(
            sheet=sheet,
            components=tuple(ordered),
            monthly=sheet.rounding is Rounding.MONTHLY,
            bills_wait=sheet.bills_wait,
            priced=tuple(
                sheet.covers_unpriced_contacts or sheet.prices_channel(c) for c in CHANNEL_ORDER
            ),
            timezone=terms.timezone,
            time_order=precedence(terms.time_multipliers),
            time_multipliers=terms.time_multipliers,
            languages=terms.languages,
            language_multipliers=terms.language_multipliers,
        )

    @property
    def has_classes(self) -> bool:
        return bool(self.time_multipliers or self.languages)

    @property
    def n_languages(self) -> int:
        return len(self.languages) + 1

    @property
    def n_classes(self) -> int:
        return 4 * self.n_languages if self.has_classes else 1

    @property
    def needs_language(self) -> bool:
        return bool(self.languages)

    def time_multiplier(self, kind: int) -> Decimal:
        return self.time_multipliers.get(kind, Decimal(1))

    def language_multiplier(self, index: int) -> Decimal:
        return Decimal(1) if index == 0 else self.language_multipliers[index - 1]


@dataclass
class _Partial:
    """Sums over a range of a batch's rows."""

    actual: int = 0
    billed: int = 0
    handled_phone: int = 0
    wait: int = 0
    basis: npt.NDArray[np.int64] | None = None  # voice seconds per premium class
    handled: npt.NDArray[np.int64] | None = None  # handled contacts per channel and class

    def merge(self, other: _Partial) -> _Partial:
        def add(
            a: npt.NDArray[np.int64] | None, b: npt.NDArray[np.int64] | None
        ) -> npt.NDArray[np.int64] | None:
            return b if a is None else (a if b is None else a + b)

        return _Partial(
            self.actual + other.actual,
            self.billed + other.billed,
            self.handled_phone + other.handled_phone,
            self.wait + other.wait,
            add(self.basis, other.basis),
            add(self.handled, other.handled),
        )


class _Accumulator:
    """Exact integer quantities of one sheet over the batches of a month."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        n_classes = plan.n_classes
        self.contacts = np.zeros(_N_CHANNELS, dtype=np.int64)
        self.handled = np.zeros((_N_CHANNELS, n_classes), dtype=np.int64)
        self.basis = np.zeros(n_classes, dtype=np.int64)
        self.actual = 0
        self.billed = 0
        self.wait = 0

    def add(
        self,
        batch: CallBatch,
        classes: npt.NDArray[np.intp] | None,
        parts: list[_Partial],
    ) -> None:
        """Add a scanned batch, given the kernel sums of its workers (the chunks each claimed)."""
        counts = batch.counts
        self._check_priced(batch, counts)
        plan = self.plan
        part = parts[0]
        for other in parts[1:]:
            part = part.merge(other)
        self.contacts += counts
        self.actual += part.actual
        self.billed += part.billed
        self.wait += part.wait
        if classes is None:
            self.handled[:, 0] += counts
            self.handled[_PHONE, 0] += part.handled_phone - counts[_PHONE]
            self.basis[0] += part.actual if plan.monthly else part.billed
            return
        assert part.basis is not None
        assert part.handled is not None
        self.handled += part.handled
        self.basis += part.basis

    def _check_priced(self, batch: CallBatch, counts: npt.NDArray[np.int64]) -> None:
        code = self.unpriced(counts)
        if code is not None:
            position = int(np.argmax(batch.channel == code))
            raise _unpriced_error("call records", batch.describe_row(position), code)

    def unpriced(self, counts: npt.NDArray[np.int64]) -> int | None:
        """The first channel with contacts that the sheet does not price, if any."""
        for code, priced in enumerate(self.plan.priced):
            if not priced and counts[code] > 0:
                return code
        return None

    def add_groups(
        self,
        channel: npt.NDArray[np.int8],
        classes: npt.NDArray[np.intp],
        contacts: npt.NDArray[np.int64],
        sums: tuple[npt.NDArray[np.int64], ...],
    ) -> None:
        """Add groups of contacts summed by an engine: ``sums`` are the whole billable,
        billed, billed-wait seconds and handled contacts of each group (phone groups)."""
        actual, billed, wait, handled = sums
        phone = channel == _PHONE
        codes = channel.astype(np.intp)
        np.add.at(self.contacts, codes, contacts)
        np.add.at(self.handled, (codes, classes), np.where(phone, handled, contacts))
        self.actual += int(actual[phone].sum())
        self.billed += int(billed[phone].sum())
        self.wait += int(wait[phone].sum())
        basis = actual if self.plan.monthly else billed
        np.add.at(self.basis, classes[phone], basis[phone])


def _unpriced_error(prefix: str, place: str, code: int) -> UnpricedChannelError:
    channel = CHANNEL_ORDER[code]
    return UnpricedChannelError(f"{prefix}: column 'channel', {place}: {unpriced_problem(channel)}")
