"""The draws of a cost simulation: runs in chunks, month by month, every vendor on the same
random numbers (module notes of :mod:`vendoreval.simulation.model`: steps 1–8 and "Random
streams").

A month of a chunk draws the volume factor and the offered contacts once; each vendor then
abandons and bills its phone contacts from streams every vendor re-creates with the same
key, is charged with :func:`~vendoreval.simulation.charges.month_charges`, and reads the KPIs
its commitments need from its service curves. The chunk's credits and totals are settled
into a :class:`~vendoreval.simulation.term_result.TermResult`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import numpy as np

from vendoreval._types import FloatArray, IntArray
from vendoreval.contract import CommitmentKpi
from vendoreval.pricing.tariff import CHARGE_LINES
from vendoreval.simulation.billed_seconds import EXACT_SUM_LIMIT, WaitProfile
from vendoreval.simulation.charges import (
    double_running,
    month_charges,
    one_off,
    staffing_based,
    training,
)
from vendoreval.simulation.service import KpiCurves, Locator
from vendoreval.simulation.term_result import TermResult
from vendoreval.simulation.vendor_term import VendorTerm, curve_kpi
from vendoreval.simulation.voice import PhoneCounts, VoiceMonth
from vendoreval.vocabulary import Channel

if TYPE_CHECKING:
    from vendoreval.simulation.model import CostModel

__all__ = [
    "CHUNK_RUNS",
    "ProgressCallback",
    "abandoned",
    "queue_inputs",
    "share",
    "simulate",
    "stream",
]

CHUNK_RUNS: Final = 65_536
"""Runs drawn together; each chunk has its own random streams."""

ProgressCallback = Callable[[int, int], None]
"""``callback(done, total)``: called as the simulation advances (steps are months of chunks
of runs). The library prints nothing itself; the CLI passes a callback drawing a bar."""

_TRAFFIC: Final = 0
_ABANDON: Final = 1
_VOICE: Final = 2


def stream(seed: int, *key: int) -> np.random.Generator:
    """The random stream ``SeedSequence(seed, spawn_key=key)``."""
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))


def queue_inputs(
    wait: WaitProfile | None, kpis: dict[str, FloatArray] | None, size: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """P(abandon), P(wait | answered) and E[W | W > 0] [s] of ``size`` phone months: from
    the overriding ``wait`` when given, else from the queue's ``kpis`` (abandonment, P(wait)
    and mean wait of every offered contact)."""
    if wait is not None:
        p_ab = np.full(size, wait.prob_abandon)
        p_wait = np.full(size, wait.prob_wait)
        mu = np.full(size, wait.mean_wait_if_waiting_seconds)
    else:
        assert kpis is not None
        p_ab = kpis["abandonment"]
        p_wait = np.maximum(kpis["prob_wait"], p_ab)
        mu = np.divide(kpis["mean_wait"], p_wait, out=np.zeros(size), where=p_wait > 1e-12)
    q = np.divide(p_wait - p_ab, 1.0 - p_ab, out=np.zeros(size), where=p_ab < 1.0)
    return p_ab, q, mu


def abandoned(offered: IntArray, p: FloatArray, rng: np.random.Generator) -> IntArray:
    """Abandoned contacts ~ Binomial(offered, p), from draws common to all vendors.

    Up to :data:`EXACT_SUM_LIMIT` contacts each one is a uniform compared with ``p`` (exact,
    and coupled: a larger ``p`` never abandons fewer); above, the normal limit
    ``round(n p + √(n p (1 − p)) z)`` clipped to [0, n] with a common ``z``.
    """
    n = offered.astype(np.int64)
    z = rng.standard_normal(n.size)
    out = np.clip(np.rint(n * p + np.sqrt(n * p * (1.0 - p)) * z), 0, n).astype(np.int64)
    small = n <= EXACT_SUM_LIMIT
    if small.any():
        counts = n[small]
        uniforms = rng.random(int(counts.sum()))
        runs = np.repeat(np.arange(counts.size), counts)
        hits = uniforms < np.repeat(p[small], counts)
        out[small] = np.bincount(runs, weights=hits, minlength=counts.size).astype(np.int64)
    return out


def share(values: FloatArray, target: float) -> FloatArray:
    """A simulated share as a share: interpolation may stray past [0, 1] by rounding, and a
    month with no traffic on the channel has nothing to measure (it counts as the target,
    met, as in :func:`vendoreval.contract.sla_report`)."""
    clipped = np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0)
    return np.where(np.isnan(clipped), float(target), clipped)


class _MonthMemo:
    """What vendors of one simulated month share: interpolation positions, the KPIs of
    equal staffing plans and the abandonment drawn from them (identical by construction)."""

    def __init__(self) -> None:
        self.locator: Locator = {}
        self.curves: dict[tuple[int, tuple[str, ...]], dict[str, FloatArray]] = {}
        self.abandoned: dict[tuple[int, int], IntArray] = {}

    def kpis(
        self, curve: KpiCurves, month: int, factor: FloatArray, names: tuple[str, ...]
    ) -> dict[str, FloatArray]:
        key = (id(curve), names)
        if key not in self.curves:
            self.curves[key] = curve.at(month, factor, names, self.locator)
        return self.curves[key]


def simulate(
    model: CostModel, runs: int, seed: int, progress: ProgressCallback | None = None
) -> TermResult:
    """Simulate ``runs`` terms of ``model`` (module notes of
    :mod:`vendoreval.simulation.model`); ``progress(done, total)`` is called after each
    month of each chunk of runs."""
    return _Draws(model, seed).run(runs, progress)


class _Draws:
    """The draws of one simulation: the model, the seed, and each vendor's fees that do not
    depend on the draws."""

    def __init__(self, model: CostModel, seed: int) -> None:
        self.model = model
        self.seed = seed
        term = model.term
        months = range(term.size)
        self.doubles = {
            v.name: np.array([double_running(model.needs, term, v, m) for m in months])
            for v in model.vendors
        }
        self.one_offs = {
            v.name: np.array([one_off(term, v, m, single_month=model.single_month) for m in months])
            for v in model.vendors
        }

    def run(self, runs: int, progress: ProgressCallback | None) -> TermResult:
        model = self.model
        months = model.term.size
        chunks = [(start, min(start + CHUNK_RUNS, runs)) for start in range(0, runs, CHUNK_RUNS)]
        total_steps = len(chunks) * months
        out = TermResult.empty(model.term, model.vendors, runs)
        done = 0
        for chunk, (start, stop) in enumerate(chunks):
            self._chunk(out, chunk, start, stop, progress, done, total_steps)
            done += months
        out.finish()
        return out

    def _chunk(
        self,
        out: TermResult,
        chunk: int,
        start: int,
        stop: int,
        progress: ProgressCallback | None,
        done: int,
        total_steps: int,
    ) -> None:
        model = self.model
        term = model.term
        size = stop - start
        months = term.size
        cv = float(model.needs.contract.forecast_cv)
        sigma2 = math.log1p(cv * cv)
        # (months, runs) buffers: a month is one contiguous row
        fees = {v.name: np.zeros((months, size)) for v in model.vendors}
        other = {v.name: np.zeros(months) for v in model.vendors}
        achieved: dict[str, dict[str, FloatArray]] = {v.name: {} for v in model.vendors}
        for m in range(months):
            traffic = stream(self.seed, chunk, m, _TRAFFIC)
            if cv > 0:
                factor = traffic.lognormal(-0.5 * sigma2, math.sqrt(sigma2), size)
            else:
                factor = np.ones(size)
            offered = {
                c.channel: traffic.poisson(factor * term.volumes[c.channel][m]).astype(np.int64)
                for c in model.channels
            }
            memo = _MonthMemo()
            for index, vendor in enumerate(model.vendors):
                name = vendor.name
                charges, kpis = self._vendor_month(out, index, m, factor, offered, chunk, memo)
                fees[name][m] = charges
                once = self.doubles[name][m] + self.one_offs[name][m]
                other[name][m] = training(vendor, m) + once
                for key, values in kpis.items():
                    achieved[name].setdefault(key, np.zeros((months, size)))[m] = values
            if progress is not None:
                progress(done + m + 1, total_steps)
        for vendor in model.vendors:
            name = vendor.name
            by_run = {key: np.ascontiguousarray(values.T) for key, values in achieved[name].items()}
            fee_rows = np.ascontiguousarray(fees[name].T)
            once_lines = (self.doubles[name], self.one_offs[name])
            out.settle(vendor, start, stop, fee_rows, other[name], by_run, once_lines)

    def _vendor_month(
        self,
        out: TermResult,
        index: int,
        m: int,
        factor: FloatArray,
        offered: dict[Channel, IntArray],
        chunk: int,
        memo: _MonthMemo,
    ) -> tuple[FloatArray, dict[str, FloatArray]]:
        """The vendor's indexed monthly charges and the achieved KPIs of its commitments, per
        run; the charge lines and voice sums are added to ``out``."""
        model = self.model
        vendor = model.vendors[index]
        size = factor.size
        shares = model.shares.shares[index]
        kpis = {
            channel: memo.kpis(curve, m, factor, vendor.wanted[channel])
            for channel, curve in vendor.curves.items()
        }
        handled: dict[Channel, FloatArray] = {}
        billed = np.zeros(size)
        basis = np.zeros(size)
        fixed = {"voice": np.full(vendor.premium.n_classes, 1.0 / vendor.premium.n_classes)}
        sums = out.voice[vendor.name]
        for channel in model.channels:
            name = channel.channel
            fixed[name.value] = shares[name][m]
            counts = offered[name]
            if name is not Channel.PHONE:
                handled[name] = counts.astype(np.float64)
                continue
            fixed["voice"] = shares[name][m]
            voice = self._voice(vendor, m, counts, kpis.get(name), chunk, memo)
            handled[name] = voice.handled
            billed = voice.billed
            basis = voice.basis
            sums["billed"] += float(voice.billed.sum())
            sums["expected_billed"] += float(voice.expected_billed.sum())
            sums["actual"] += float(voice.actual.sum())
            sums["wait"] += float(voice.wait.sum())
            sums["offered"] += float(counts.sum())
        hours = np.full(size, vendor.agent_hours[m]) if staffing_based(vendor.sheet) else None
        charges = month_charges(
            vendor, billed=billed, basis=basis, handled=handled, hours=hours, class_shares=fixed
        )
        price = float(vendor.price_index[m])
        lines = out.lines[vendor.name]
        for line in CHARGE_LINES:
            lines[line][m] += float(charges.lines[line].sum()) * price
        lines["training"][m] += training(vendor, m) * size
        return charges.total * price, _achieved(vendor, kpis, size)

    def _voice(
        self,
        vendor: VendorTerm,
        m: int,
        offered: IntArray,
        kpis: dict[str, FloatArray] | None,
        chunk: int,
        memo: _MonthMemo,
    ) -> VoiceMonth:
        billing = vendor.phone[float(vendor.learning[m])]
        wait = self.model.wait_override
        p_ab, q, mu = queue_inputs(wait, kpis, offered.size)
        # vendors sharing a staffing plan share its KPI arrays, hence their abandonment
        shared = wait is None
        key = (id(p_ab), id(offered))
        found = memo.abandoned.get(key) if shared else None
        if found is None:
            found = abandoned(offered, p_ab, stream(self.seed, chunk, m, _ABANDON))
            if shared:
                memo.abandoned[key] = found
        counts = PhoneCounts(offered - found, found, q, mu)
        return billing.month(counts, stream(self.seed, chunk, m, _VOICE))


def _achieved(
    vendor: VendorTerm, kpis: dict[Channel, dict[str, FloatArray]], size: int
) -> dict[str, FloatArray]:
    """Achieved value of each commitment, per run (module notes, step 8)."""
    terms = vendor.commitments
    if terms is None:
        return {}
    out: dict[str, FloatArray] = {}
    references = vendor.proposal.references
    pilot = references.pilot if references is not None else None
    for c in terms.commitments:
        values = kpis.get(c.channel)
        name = curve_kpi(c)
        if values is None or name is None:
            measured = None
            if pilot is not None and c.kpi is CommitmentKpi.FCR:
                measured = pilot.first_contact_resolution
            if pilot is not None and c.kpi is CommitmentKpi.CSAT:
                measured = pilot.csat
            level = c.target if measured is None else float(measured)
            out[c.key] = np.full(size, level)
        elif c.kpi is CommitmentKpi.ASA_SECONDS:
            out[c.key] = values[name]
        else:
            out[c.key] = share(values[name], c.target)
    return out
