"""The comparison workbook vs ``DataFrame.to_excel`` of the same scores.

Problem size: 200 vendors × 60 criteria. vendoreval writes the whole workbook with
XlsxWriter — live weighted-sum formulas over every score (``Calc``) and the ranking, each
stored with its value, conditional colour scales, data validation, four native charts, the
checks side by side (8 checks × 8 items), cost statistics and drivers, a 30-bin cost
histogram, the 200 × 200 rank acceptability table (computed by SMAA from the synthetic
scores, so it is as sparse as a real one: a share of 0 is a blank cell) and the
weight-stability table — and saves it atomically. A second benchmark writes the TOPSIS
variant, whose ``Calc`` sheet adds the 200 × 60 weighted normalized matrix as formulas.

The peers write only the 200 × 60 score table with ``pandas.DataFrame.to_excel``, what an
analyst would otherwise do: with openpyxl, and with XlsxWriter (pandas' default engine
when XlsxWriter is installed, as it is with vendoreval). Same group, so the ratios are
visible in one run; the workbook writes about four times as many cells as the peers.

Run with ``make bench`` (or ``pytest benchmarks --benchmark-only``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from vendoreval.io.excel import WorkbookContent, cost_histogram, top_reasons, write_content
from vendoreval.mcda import aggregate, rank_acceptability, rank_order

VENDORS = 200
CRITERIA = 60
CHECKS = ("coverage", "references", "staffing", "crm", "social", "location", "security", "pricing")
ITEMS_PER_CHECK = 8
RUNS = 2_000
ACCEPTABILITY_SAMPLES = 2_000
SEED = 11


def synthetic_content(method: str = "weighted_sum") -> WorkbookContent:
    """A workbook's content for 200 vendors × 60 criteria, built from seeded random data."""
    rng = np.random.default_rng(SEED)
    names = [f"Vendor {i:03d}" for i in range(VENDORS)]
    criteria = [f"criterion_{j:02d}" for j in range(CRITERIA)]
    index = pd.Index(names, name="vendor")
    scores = pd.DataFrame(
        rng.uniform(0.0, 100.0, (VENDORS, CRITERIA)), index=index, columns=criteria
    )
    weights = pd.Series(rng.dirichlet(np.full(CRITERIA, 2.0)), index=criteria)
    passed = rng.random(VENDORS) > 0.1
    mean_cost = rng.uniform(2e7, 6e7, VENDORS)  # [KRW/month]
    samples = pd.DataFrame(mean_cost * rng.lognormal(0.0, 0.1, (RUNS, VENDORS)), columns=names)
    values = aggregate(scores.to_numpy(), weights.to_numpy(), method)
    ranks = rank_order(values, passed, mean_cost, names)
    ranking = pd.DataFrame(
        {
            "rank": ranks,
            "score": values,
            "passed": passed,
            "monthly_cost_mean": mean_cost,
            "monthly_cost_p95": samples.quantile(0.95).to_numpy(),
            "knockouts": [
                "" if ok else "security/required_certifications: missing" for ok in passed
            ],
        },
        index=index,
    ).sort_values("rank")
    costs = pd.DataFrame(
        {
            "mean": samples.mean(),
            "std": samples.std(),
            "p5": samples.quantile(0.05),
            "p50": samples.quantile(0.5),
            "p95": samples.quantile(0.95),
            "prob_over_budget": (samples > 4e7).mean(),
        }
    )
    items = pd.MultiIndex.from_tuples(
        [(c, f"item_{k}") for c in CHECKS for k in range(ITEMS_PER_CHECK)], names=["check", "item"]
    )
    checks = pd.DataFrame(
        rng.integers(0, 500, (len(items), VENDORS)).astype(str), index=items, columns=names
    ).astype(object)
    check_scores = pd.DataFrame(
        rng.uniform(0, 100, (len(CHECKS), VENDORS)), index=CHECKS, columns=names
    )
    reasons = pd.DataFrame(
        "covers every channel — 40/40\nhours 24/7 — 30/30", index=CHECKS, columns=names
    )
    acceptability = rank_acceptability(
        scores.to_numpy(),
        weights.to_numpy(),
        passed,
        mean_cost,
        names,
        samples=ACCEPTABILITY_SAMPLES,
        seed=SEED,
    ).acceptability
    stability = pd.DataFrame(
        {
            "criterion": criteria,
            "weight": weights.to_numpy(),
            "low": weights.to_numpy() / 2,
            "high": np.minimum(weights.to_numpy() * 2, 1.0),
            "rival_low": names[:CRITERIA],
            "rival_high": names[CRITERIA : 2 * CRITERIA],
        }
    )
    return WorkbookContent(
        buyer="Hanbit Telecom",
        method=method,
        currency="KRW",
        scores=scores,
        weights=weights,
        ranking=ranking,
        costs=costs,
        top_reasons=top_reasons(scores, weights, str(ranking.index[0])),
        runs=RUNS,
        seed=SEED,
        cost_drivers=pd.DataFrame(
            {
                "billing_increment": ["60/60"] * VENDORS,
                "billed_overhead_share": rng.uniform(0, 0.2, VENDORS),
                "billed_wait_cost": rng.uniform(0, 1e6, VENDORS),
                "fte": rng.uniform(50, 80, VENDORS),
            },
            index=index,
        ),
        money_columns=("billed_wait_cost",),
        cost_histogram=cost_histogram(samples, 30),
        checks=checks,
        check_scores=check_scores,
        check_reasons=reasons,
        check_knockouts=pd.DataFrame("", index=CHECKS, columns=names),
        acceptability=acceptability,
        weight_stability=stability,
        version="bench",
    )


@pytest.fixture(scope="module")
def content() -> WorkbookContent:
    return synthetic_content()


def assert_readable_ranking(path: Path, content: WorkbookContent) -> None:
    """The written Ranking sheet reads back, without calculation, as the content's ranking."""
    table = pd.read_excel(path, sheet_name="Ranking", index_col=0)
    assert list(table.index) == list(content.ranking.index)
    np.testing.assert_array_equal(table["Score"].to_numpy(), content.ranking["score"].to_numpy())
    assert table["Rank"].tolist() == content.ranking["rank"].tolist()


@pytest.mark.benchmark(group="excel-200x60")
def test_vendoreval_workbook(
    benchmark: BenchmarkFixture, content: WorkbookContent, tmp_path: Path
) -> None:
    path = tmp_path / "comparison.xlsx"
    benchmark(write_content, content, path)
    assert_readable_ranking(path, content)


@pytest.mark.benchmark(group="excel-200x60")
def test_vendoreval_workbook_topsis(benchmark: BenchmarkFixture, tmp_path: Path) -> None:
    """TOPSIS adds the 200 × 60 weighted normalized matrix as formulas on ``Calc``."""
    content = synthetic_content("topsis")
    path = tmp_path / "comparison.xlsx"
    benchmark(write_content, content, path)
    assert_readable_ranking(path, content)


@pytest.mark.benchmark(group="excel-200x60")
def test_pandas_to_excel(
    benchmark: BenchmarkFixture, content: WorkbookContent, tmp_path: Path
) -> None:
    """The peer with openpyxl."""
    path = tmp_path / "scores.xlsx"
    benchmark(content.scores.to_excel, path, engine="openpyxl")
    assert path.stat().st_size > 0


@pytest.mark.benchmark(group="excel-200x60")
def test_pandas_to_excel_xlsxwriter(
    benchmark: BenchmarkFixture, content: WorkbookContent, tmp_path: Path
) -> None:
    """The peer with XlsxWriter, pandas' default engine for ``.xlsx`` when it is installed."""
    path = tmp_path / "scores.xlsx"
    benchmark(content.scores.to_excel, path, engine="xlsxwriter")
    assert path.stat().st_size > 0
