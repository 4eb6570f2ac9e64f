"""The per-contact arithmetic of an invoice, chunk by chunk over a batch of call records.

Each sheet's visitor (:class:`_SheetVisitor`) receives the chunks of a batch as they pass
their checks (:meth:`~vendoreval.pricing.record_batch.CallBatch.scan`) and sums, in reused
scratch arrays: whole billable seconds (fractional seconds rounded up), billed seconds under
the increment, billed wait, handled phone contacts and, with premiums, contacts and voice
seconds per premium class (time window × language). No per-contact Python loop runs.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._scratch import scratch
from vendoreval.pricing.billing import bill_in_place, billed_sum_in_place, whole_seconds
from vendoreval.pricing.invoice_totals import _HANDLING, _N_CHANNELS, _PHONE, _Partial, _Plan
from vendoreval.pricing.premium_windows import time_kinds
from vendoreval.pricing.records import CHUNK_ROWS, CallBatch
from vendoreval.pricing.sheet import BillableComponent

__all__ = ["Classes"]

_CHUNK: Final = CHUNK_ROWS
Classes = npt.NDArray[np.intp] | None


class _Buffers:
    """Scratch arrays of one chunk: the thread's work arrays (:func:`~vendoreval._scratch.scratch`),
    taken when first used.

    ``billable``, ``other``, ``handling`` and ``scratch_int`` are int64, ``keys`` intp,
    ``floats`` and ``scratch`` float64, ``phone`` bool, all of the chunk's length. Every
    visitor on one thread shares them: each uses them within one :meth:`_SheetVisitor.chunk`.
    """

    _KINDS: Final[dict[str, type[np.generic]]] = {
        "billable": np.int64,
        "other": np.int64,
        "handling": np.int64,
        "scratch_int": np.int64,
        "keys": np.intp,
        "floats": np.float64,
        "scratch": np.float64,
        "phone": np.bool_,
    }

    def __init__(self, size: int) -> None:
        self.size = size

    def __getattr__(self, name: str) -> npt.NDArray[Any]:
        # runs only for an array not taken yet; it is then kept as an attribute
        kind = _Buffers._KINDS.get(name)
        if kind is None:
            raise AttributeError(name)
        array = scratch(f"invoice.{name}", self.size, kind)
        setattr(self, name, array)
        return array


class _SheetVisitor:
    """Voice sums of one sheet over the chunks of one worker's rows."""

    def __init__(self, plan: _Plan, batch: CallBatch, classes: npt.NDArray[np.intp] | None) -> None:
        self.plan = plan
        self.batch = batch
        self.classes = classes
        self.buffers = _Buffers(min(_CHUNK, max(len(batch), 1)))
        self.part = _Partial()
        if classes is not None:
            self.part.basis = np.zeros(plan.n_classes, dtype=np.int64)
            self.part.handled = np.zeros((_N_CHANNELS, plan.n_classes), dtype=np.int64)
        self.without_wait = tuple(c for c in plan.components if c is not BillableComponent.WAIT)
        self.handling_is_other = self.without_wait == _HANDLING
        # float work arrays only where a duration column holds floats
        self.float_work = any(column.dtype.kind != "i" for column in batch.seconds.values())

    def _phone_seconds(
        self,
        components: tuple[BillableComponent, ...],
        low: int,
        high: int,
        phone: npt.NDArray[np.bool_] | None,
        out: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.int64]:
        """Whole seconds of ``components`` of rows ``low:high`` into ``out``, 0 off phone."""
        seconds, buffers = self.batch.seconds, self.buffers
        columns = [seconds[c][low:high] for c in components]
        if self.float_work:
            whole_seconds(columns, out, buffers.floats, buffers.scratch)
        else:
            whole_seconds(columns, out)
        if phone is not None:
            np.multiply(out, phone, out=out)
        return out

    def chunk(self, low: int, high: int, channel: npt.NDArray[np.int8], phone_only: bool) -> None:
        plan, part, buffers = self.plan, self.part, self.buffers
        increment = plan.sheet.billing_increment
        n = high - low
        phone = None if phone_only else np.equal(channel, _PHONE, out=buffers.phone[:n])
        billable = self._phone_seconds(plan.components, low, high, phone, buffers.billable[:n])
        part.actual += int(billable.sum())
        handled_mask: npt.NDArray[np.bool_] | None = None
        if plan.bills_wait:
            other = self._phone_seconds(self.without_wait, low, high, phone, buffers.other[:n])
            part.wait += int(billable.sum()) - int(other.sum())
            if self.handling_is_other:
                handling = other
            else:
                handling = self._phone_seconds(_HANDLING, low, high, phone, buffers.handling[:n])
            handled_mask = (handling > 0) & (billable > 0)
            part.handled_phone += int(np.count_nonzero(handled_mask))
        if self.classes is None:
            positive = None
            if handled_mask is None:
                positive = int(np.count_nonzero(billable))
                part.handled_phone += positive
            if not plan.monthly:
                part.billed += billed_sum_in_place(
                    billable, increment.first, increment.step, positive
                )
            return
        assert part.basis is not None
        assert part.handled is not None
        n_classes = plan.n_classes
        chunk_classes = self.classes[low:high]
        if handled_mask is None:
            handled_mask = billable > 0
            part.handled_phone += int(np.count_nonzero(handled_mask))
        # One count per (channel, class, excluded): a phone contact that is not handled is
        # excluded from the per-contact basis; every other contact counts.
        keys = buffers.keys[:n]
        np.multiply(channel, n_classes, out=keys)
        keys += chunk_classes
        keys *= 2
        keys += ~handled_mask if phone is None else phone & ~handled_mask
        counts = np.bincount(keys, minlength=2 * _N_CHANNELS * n_classes)
        part.handled += counts.reshape(_N_CHANNELS, n_classes, 2)[:, :, 0]
        if not plan.monthly:
            bill_in_place(billable, buffers.scratch_int[:n], increment.first, increment.step)
            part.billed += int(billable.sum())
        # Float weights are exact here: a chunk's sum stays far below 2**53.
        weighted = np.bincount(chunk_classes, weights=billable, minlength=n_classes)
        part.basis += np.rint(weighted).astype(np.int64)


class _Visitors:
    """Every sheet's visitor of one worker's rows: each chunk is priced by all sheets."""

    def __init__(self, visitors: list[_SheetVisitor]) -> None:
        self.visitors = visitors

    def chunk(self, low: int, high: int, channel: npt.NDArray[np.int8], phone_only: bool) -> None:
        for visitor in self.visitors:
            visitor.chunk(low, high, channel, phone_only)


def _time_kinds(plan: _Plan, batch: CallBatch) -> npt.NDArray[np.intp]:
    """Which time premium applies to each contact (0 none, 1 after-hours, 2 weekend, 3 holiday)."""
    premiums = plan.sheet.premiums
    assert premiums is not None

    def kind_of(minutes: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        # ``minutes``: local wall-clock minutes since 1970-01-01 00:00.
        return time_kinds(premiums, minutes * 60, plan.time_order)

    return batch.by_local_minute(plan.timezone, kind_of)


def _classes(plan: _Plan, batch: CallBatch) -> npt.NDArray[np.intp] | None:
    if not plan.has_classes:
        return None
    classes = np.zeros(len(batch), dtype=np.intp)
    if plan.time_multipliers:
        classes += _time_kinds(plan, batch) * plan.n_languages
    if plan.languages:
        classes += batch.language_slots(plan.languages)
    return classes
