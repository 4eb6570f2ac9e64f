"""evaluate(pilots=...): measured pilot outcomes replace reported ones; the stage gate."""

from __future__ import annotations

import pandas as pd
import pytest

import vendoreval as ve
from tests.evaluation.conftest import AS_OF
from vendoreval.errors import ArgumentError
from vendoreval.evaluation import Evaluation
from vendoreval.outcomes import PilotArm, compare_pilots, synthetic_pilot

RUNS = 300
NAMES = {"Vendor A": "Hangang CX", "Vendor B": "Seoul Contact Partners"}


def _pilot(records: pd.DataFrame) -> ve.outcomes.PilotComparison:
    return compare_pilots(records.assign(vendor=records["vendor"].replace(NAMES)))


@pytest.fixture(scope="module")
def piloted(sample: tuple[ve.Needs, list[ve.VendorProposal]]) -> Evaluation:
    needs, proposals = sample
    pilots = _pilot(synthetic_pilot(seed=0))
    return ve.evaluate(needs, proposals, runs=RUNS, seed=0, as_of=AS_OF, pilots=pilots)


@pytest.fixture(scope="module")
def plain(sample: tuple[ve.Needs, list[ve.VendorProposal]]) -> Evaluation:
    needs, proposals = sample
    return ve.evaluate(needs, proposals, runs=RUNS, seed=0, as_of=AS_OF)


def _reason(ev: Evaluation, vendor: str, criterion: str) -> str:
    reasons = ev.checks[vendor]["references"].reasons
    return next(r.text for r in reasons if r.criterion == criterion)


def test_measured_values_replace_reported_ones_in_reasons(
    piloted: Evaluation, plain: Evaluation
) -> None:
    vendor = "Seoul Contact Partners"
    table = piloted.pilots.table if piloted.pilots is not None else None
    assert table is not None
    fcr = table.loc[(vendor, "fcr")]
    measured = _reason(piloted, vendor, "pilot_resolution")
    assert "measured in the buyer's pilot (n=" in measured
    assert f"n={int(fcr['n']):,}" in measured
    assert f"{100 * fcr['estimate']:.1f}%" in measured
    assert "95% CI" in measured
    assert "measured" not in _reason(plain, vendor, "pilot_resolution")
    # the score uses the measured share: rule from 0.5 to 0.85 (linear)
    expected = 100 * (fcr["estimate"] - 0.5) / (0.85 - 0.5)
    points = piloted.checks[vendor]["references"].subscores["pilot_resolution"]
    assert points == pytest.approx(expected)
    assert "measured in the buyer's pilot" in piloted.explain(vendor)


def test_stage_gate_fires_only_when_fcr_is_significantly_below(
    piloted: Evaluation, plain: Evaluation
) -> None:
    assert piloted.pilots is not None
    below = piloted.pilots.significantly_below("fcr")
    assert bool(below["Seoul Contact Partners"])
    assert not bool(below["Hangang CX"])
    rules = {
        v: [ko.rule for ko in piloted.checks[v]["references"].knockouts] for v in piloted.vendors
    }
    assert rules["Seoul Contact Partners"] == ["pilot_fcr_below_baseline"]
    assert all(rules[v] == [] for v in piloted.vendors if v != "Seoul Contact Partners")
    assert not bool(piloted.ranking.at["Seoul Contact Partners", "passed"])
    # without pilots the rule cannot fire and the measured-only sub-criterion is left out
    assert all(not plain.checks[v]["references"].knockouts for v in plain.vendors)
    assert "pilot_vs_baseline" not in plain.checks["Hangang CX"]["references"].subscores
    # the busy-but-poor vendor loses the lead it had on reported figures
    assert plain.winner == "Seoul Contact Partners"
    assert piloted.winner != "Seoul Contact Partners"


def test_a_pilot_that_is_not_significantly_below_does_not_knock_out(
    sample: tuple[ve.Needs, list[ve.VendorProposal]],
) -> None:
    needs, proposals = sample
    arms = (
        PilotArm(vendor="in-house", resolve_rate=0.8, mean_handle_seconds=400, mean_qa_score=0.8),
        PilotArm(vendor="Vendor B", resolve_rate=0.8, mean_handle_seconds=300, mean_qa_score=0.8),
    )
    pilots = _pilot(synthetic_pilot(seed=1, arms=arms, customers_per_arm=300))
    assert not bool(pilots.significantly_below("fcr")["Seoul Contact Partners"])
    ev = ve.evaluate(needs, proposals, runs=RUNS, seed=0, as_of=AS_OF, pilots=pilots)
    assert not ev.checks["Seoul Contact Partners"]["references"].knockouts
    assert "pilot_vs_baseline" in ev.checks["Seoul Contact Partners"]["references"].subscores


def test_pilots_table_and_unknown_pilot_vendor(
    piloted: Evaluation, plain: Evaluation, sample: tuple[ve.Needs, list[ve.VendorProposal]]
) -> None:
    table = piloted.pilots_table()
    assert table is not None
    assert plain.pilots_table() is None
    assert bool(table.at[("Seoul Contact Partners", "fcr"), "significantly_below"])
    assert list(table.columns[:7]) == list(piloted.pilots.table.columns)  # type: ignore[union-attr]
    needs, proposals = sample
    with pytest.raises(ArgumentError, match="Vendor A"):
        ve.evaluate(needs, proposals, runs=RUNS, pilots=compare_pilots(synthetic_pilot(seed=0)))


def test_do_not_call_calls_are_surfaced(
    sample: tuple[ve.Needs, list[ve.VendorProposal]],
) -> None:
    records = synthetic_pilot(seed=0)
    records["do_not_call"] = records.index % 50 == 0
    pilots = _pilot(records)
    needs, proposals = sample
    ev = ve.evaluate(needs, proposals, runs=RUNS, seed=0, as_of=AS_OF, pilots=pilots)
    calls = ev.measured_pilots["Hangang CX"].calls_to_do_not_call
    assert calls is not None
    assert calls > 0
    assert f"calls to do-not-call numbers: {calls} — FLAGGED" in ev.explain("Hangang CX")
    table = ev.pilots_table()
    assert table is not None
    assert "calls_to_do_not_call" in table.columns
