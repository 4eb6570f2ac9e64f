"""Tests for vendoreval.plots: the charts, money formatting, Hangul fonts and PNG export."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.projections.polar import PolarAxes
from scipy.stats import gaussian_kde  # type: ignore[import-untyped]

import vendoreval as ve
from tests import builders
from vendoreval import plots
from vendoreval.errors import WriteError
from vendoreval.evaluation import Evaluation
from vendoreval.mcda import AcceptabilityResult
from vendoreval.needs import Needs
from vendoreval.needs.hours import Hours
from vendoreval.plots import _style
from vendoreval.plots.costs import _binned_gaussian_kde
from vendoreval.pricing.billing import BillingIncrement
from vendoreval.proposal import VendorProposal

CRITERIA = ["coverage", "references", "staffing", "crm", "social", "location", "security", "cost"]
BUDGET = Decimal(50_000_000)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class FakeSimulation:
    samples: pd.DataFrame


@dataclass(frozen=True)
class FakeEvaluation:
    """The attributes of an Evaluation the charts read, built by hand."""

    ranking: pd.DataFrame
    scores: pd.DataFrame
    weights: pd.Series
    simulation: FakeSimulation
    needs: Needs
    method: str
    table: pd.DataFrame
    proposals: tuple[VendorProposal, ...] = ()

    def sensitivity(self, samples: int = 2_000, seed: int = 0) -> pd.DataFrame:
        return self.table


def make_needs(buyer: str, budget: Decimal | None) -> Needs:
    """Real needs with an email channel only (no phone: no billing curves)."""
    return builders.make_needs(
        buyer=buyer,
        competitors=(),
        hours=Hours(always=True),
        channels=(builders.channel("email", 4_000, 300.0),),
        contract=builders.contract(start_month="2026-01", budget_per_month=budget),
    )


def make_evaluation(names: list[str], buyer: str = "Acme Retail") -> FakeEvaluation:
    """Four vendors in input order ``names``; the third is knocked out."""
    rng = np.random.default_rng(7)
    scores = pd.DataFrame(
        rng.uniform(20.0, 100.0, size=(len(names), len(CRITERIA))),
        index=pd.Index(names, name="vendor"),
        columns=pd.Index(CRITERIA, name="criterion"),
    )
    raw = np.array([3.0, 1.0, 2.0, 1.5, 0.5, 1.0, 2.0, 4.0])
    weights = pd.Series(raw / raw.sum(), index=pd.Index(CRITERIA, name="criterion"))
    totals = scores.to_numpy() @ weights.to_numpy()
    passed = np.ones(len(names), dtype=bool)
    passed[2] = False
    means = np.array([42e6, 55e6, 38e6, 61e6])[: len(names)]
    samples = pd.DataFrame(
        rng.lognormal(np.log(means), 0.12, size=(1_500, len(names))),
        columns=pd.Index(names, name="vendor"),
    )
    # passed vendors first by score, then the knocked-out one
    order = sorted(range(len(names)), key=lambda i: (not passed[i], -totals[i]))
    ranking = pd.DataFrame(
        {
            "rank": np.arange(1, len(names) + 1),
            "score": totals[order],
            "passed": passed[order],
            "monthly_cost_mean": samples.mean().to_numpy()[order],
            "monthly_cost_p95": samples.quantile(0.95).to_numpy()[order],
            "knockouts": ["" if passed[i] else "security.iso27001: missing" for i in order],
        },
        index=pd.Index([names[i] for i in order], name="vendor"),
    )
    n = len(names)
    shares = np.full((n, n), 0.1 / (n - 1))
    np.fill_diagonal(shares, 0.9)
    table = pd.DataFrame(
        shares,
        index=ranking.index,
        columns=pd.Index(range(1, n + 1), name="rank"),
    )
    return FakeEvaluation(
        ranking=ranking,
        scores=scores,
        weights=weights,
        simulation=FakeSimulation(samples),
        needs=make_needs(buyer, BUDGET),
        method="weighted_sum",
        table=table,
    )


@pytest.fixture(autouse=True)
def _isolated_matplotlib() -> Iterator[None]:
    """Restore rcParams changed by use_hangul_font and close every figure."""
    with mpl.rc_context():
        yield
    plt.close("all")


@pytest.fixture
def ev() -> FakeEvaluation:
    return make_evaluation(["Alpha Contact", "Beacon BPO", "Cobalt CX", "Delta Care"])


@pytest.fixture
def korean_ev() -> FakeEvaluation:
    return make_evaluation(
        ["한빛콜센터", "Beacon BPO", "서울고객센터", "Delta Care"], buyer="가나다 쇼핑"
    )


def legend_labels(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def xdata(line: Line2D) -> npt.NDArray[np.float64]:
    return np.asarray(line.get_xdata(), dtype=np.float64)


def ydata(line: Line2D) -> npt.NDArray[np.float64]:
    return np.asarray(line.get_ydata(), dtype=np.float64)


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def missing_glyph_warnings(fig: Figure | SubFigure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


# ----------------------------------------------------------------------------- radar


def test_radar_draws_one_closed_line_per_vendor_with_its_scores(ev: FakeEvaluation) -> None:
    ax = plots.plot_radar(ev)
    assert isinstance(ax, PolarAxes)
    order = list(ev.ranking.index)
    assert legend_labels(ax) == order
    lines = [line for line in ax.get_lines() if line.get_label() in order]
    assert [line.get_label() for line in lines] == order
    for line in lines:
        radius = ydata(line)
        expected = ev.scores.loc[str(line.get_label()), CRITERIA].to_numpy()
        np.testing.assert_allclose(radius, np.append(expected, expected[0]))
        theta = xdata(line)
        step = 2 * np.pi / len(CRITERIA)
        np.testing.assert_allclose(theta, np.append(np.arange(len(CRITERIA)) * step, 0.0))
    assert ax.get_ylim() == (0.0, 100.0)
    axis_labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert axis_labels[3] == "CRM integration"
    assert axis_labels[7] == "Monthly cost"
    assert "Acme Retail" in ax.get_title()


def test_radar_vendor_colours_follow_input_order(ev: FakeEvaluation) -> None:
    ax = plots.plot_radar(ev)
    colours = {str(line.get_label()): line.get_color() for line in ax.get_lines()}
    for slot, vendor in enumerate(ev.scores.index):
        assert colours[vendor] == plots.OKABE_ITO[slot]


def test_radar_draws_only_the_chosen_vendors(ev: FakeEvaluation) -> None:
    ax = plots.plot_radar(ev, vendors=["Delta Care", "Alpha Contact"])
    assert legend_labels(ax) == ["Delta Care", "Alpha Contact"]


def test_radar_rejects_an_unknown_vendor(ev: FakeEvaluation) -> None:
    with pytest.raises(ValueError, match=r"vendors: unknown vendor\(s\) \['Nobody'\]"):
        plots.plot_radar(ev, vendors=["Nobody"])
    assert plt.get_fignums() == []  # no figure left behind


def test_radar_rejects_a_non_polar_axes(ev: FakeEvaluation) -> None:
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="ax: plot_radar needs a polar Axes"):
        plots.plot_radar(ev, ax=ax)


def test_radar_honours_the_given_polar_axes(ev: FakeEvaluation) -> None:
    fig = plt.figure()
    ax = fig.add_subplot(projection="polar")
    assert plots.plot_radar(ev, ax=ax) is ax


def test_radar_uses_label_overrides(ev: FakeEvaluation) -> None:
    ax = plots.plot_radar(ev, labels={"crm": "고객관리"})
    assert ax.get_xticklabels()[3].get_text() == "고객관리"


# ----------------------------------------------------------------------------- contributions


def test_contributions_stack_score_times_weight_in_ranking_order(ev: FakeEvaluation) -> None:
    ax = plots.plot_contributions(ev)
    order = list(ev.ranking.index)
    assert [t.get_text() for t in ax.get_yticklabels()] == order
    assert ax.yaxis_inverted()  # best (row 0) at the top
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == len(order) * len(CRITERIA)
    widths = np.array([b.get_width() for b in bars]).reshape(len(CRITERIA), len(order)).T
    expected = ev.scores.loc[order, CRITERIA].to_numpy() * ev.weights[CRITERIA].to_numpy()
    np.testing.assert_allclose(widths, expected)
    assert legend_labels(ax) == [plots.CRITERION_LABELS[c] for c in CRITERIA]
    totals = expected.sum(axis=1)
    for vendor, total in zip(order, totals, strict=True):
        label = next(t for t in texts(ax) if t.startswith(f"{total:.1f}"))
        assert ("knocked out" in label) == (not bool(ev.ranking.loc[vendor, "passed"]))
    assert ax.get_title()


def test_contributions_hatch_only_knocked_out_vendors(ev: FakeEvaluation) -> None:
    ax = plots.plot_contributions(ev)
    order = list(ev.ranking.index)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    hatched_rows = {round(b.get_y() + b.get_height() / 2) for b in bars if b.get_hatch()}
    knocked = {i for i, v in enumerate(order) if not ev.ranking.loc[v, "passed"]}
    assert knocked == {3}
    assert hatched_rows == knocked
    assert sum("knocked out" in t for t in texts(ax)) == 1


def test_contributions_honours_ax_and_needs_every_weight(ev: FakeEvaluation) -> None:
    _, ax = plt.subplots()
    assert plots.plot_contributions(ev, ax=ax) is ax
    partial = dataclasses.replace(ev, weights=ev.weights.drop("social"))
    with pytest.raises(ValueError, match=r"ev.weights: no weight .*'social'"):
        plots.plot_contributions(partial)


# ----------------------------------------------------------------------------- cost distribution


def test_violins_one_body_per_vendor_with_budget(ev: FakeEvaluation) -> None:
    ax = plots.plot_cost_distribution(ev)
    order = list(ev.ranking.index)
    bodies = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert [b.get_label() for b in bodies] == order
    assert [t.get_text() for t in ax.get_yticklabels()] == order
    budget_lines = [line for line in ax.get_lines() if str(line.get_label()).startswith("Budget")]
    assert len(budget_lines) == 1
    assert list(xdata(budget_lines[0])) == [float(BUDGET)] * 2
    assert "Budget ₩50M/month" in legend_labels(ax)
    over = [t for t in texts(ax) if t.endswith("over\nbudget")]
    expected = [f"{np.mean(ev.simulation.samples[v] > 50e6):.0%} over\nbudget" for v in order]
    assert over == expected
    assert "1,500 runs" in ax.get_title()
    assert ax.get_xlabel() == "Monthly cost [KRW/month]"


def test_violin_extent_covers_the_samples(ev: FakeEvaluation) -> None:
    ax = plots.plot_cost_distribution(ev)
    bodies = [c for c in ax.collections if isinstance(c, PolyCollection)]
    for body, vendor in zip(bodies, ev.ranking.index, strict=True):
        xs = np.asarray(body.get_paths()[0].vertices, dtype=np.float64)[:, 0]
        values = ev.simulation.samples[vendor]
        assert xs.min() == pytest.approx(values.min())
        assert xs.max() == pytest.approx(values.max())


def test_boxes_one_per_vendor(ev: FakeEvaluation) -> None:
    ax = plots.plot_cost_distribution(ev, kind="box")
    boxes = [p for p in ax.patches if isinstance(p, PathPatch)]
    assert [b.get_label() for b in boxes] == list(ev.ranking.index)


def test_cost_distribution_without_budget_has_no_budget_line(ev: FakeEvaluation) -> None:
    no_budget = dataclasses.replace(ev, needs=make_needs("Acme Retail", None))
    ax = plots.plot_cost_distribution(no_budget)
    assert not [line for line in ax.get_lines() if str(line.get_label()).startswith("Budget")]
    assert not [t for t in texts(ax) if "budget" in t]
    assert legend_labels(ax) == ["Mean"]


def test_cost_distribution_formats_money_and_honours_ax(ev: FakeEvaluation) -> None:
    fig, ax = plt.subplots()
    assert plots.plot_cost_distribution(ev, ax=ax) is ax
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks
    assert all(t.startswith("₩") and t.endswith("M") for t in ticks)


def test_cost_distribution_rejects_bad_input(ev: FakeEvaluation) -> None:
    with pytest.raises(ValueError, match="kind: expected 'violin' or 'box'"):
        plots.plot_cost_distribution(ev, kind="bar")  # type: ignore[arg-type]
    short = dataclasses.replace(
        ev, simulation=FakeSimulation(ev.simulation.samples.drop(columns="Cobalt CX"))
    )
    with pytest.raises(ValueError, match=r"no cost column for vendor\(s\) \['Cobalt CX'\]"):
        plots.plot_cost_distribution(short)


def test_constant_costs_still_draw_a_violin(ev: FakeEvaluation) -> None:
    samples = ev.simulation.samples.copy()
    samples["Beacon BPO"] = 30e6
    flat = dataclasses.replace(ev, simulation=FakeSimulation(samples))
    ax = plots.plot_cost_distribution(flat)
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 4


def test_binned_kde_matches_scipy_gaussian_kde() -> None:
    rng = np.random.default_rng(3)
    samples = rng.lognormal(17.5, 0.2, size=5_000)
    coords = np.linspace(samples.min(), samples.max(), 200)
    reference = gaussian_kde(samples, bw_method="scott")(coords)
    ours = _binned_gaussian_kde(samples, coords)
    np.testing.assert_allclose(ours, reference, rtol=2e-2, atol=2e-3 * reference.max())


# ----------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        (12_345_678, "KRW", "₩12.3M"),
        (Decimal("950000"), "USD", "$950K"),
        (12_300_000, "MYR", "12.3M MYR"),
        (1_250_000_000, "EUR", "€1.25B"),
        (-4_200, "GBP", "−£4.2K"),
        (999, None, "999"),
    ],
)
def test_format_money(value: float | Decimal, currency: str | None, text: str) -> None:
    assert plots.format_money(value, currency) == text


@pytest.mark.parametrize(
    ("locs", "expected"),
    [
        ([0.0, 5e6, 10e6, 15e6], ["₩0", "₩5M", "₩10M", "₩15M"]),
        ([12e6, 12.5e6, 13e6], ["₩12.0M", "₩12.5M", "₩13.0M"]),
        ([900.0, 950.0, 1000.0], ["₩0.90K", "₩0.95K", "₩1.00K"]),
    ],
)
def test_money_formatter_picks_one_scale_per_axis(locs: list[float], expected: list[str]) -> None:
    formatter = plots.MoneyFormatter("KRW")
    formatter.set_locs(locs)
    assert [formatter(v) for v in locs] == expected


# ----------------------------------------------------------------------------- cost curves


def linear_curve(x: list[float]) -> pd.DataFrame:
    """Per-second: 1M + 10k·x; per-minute: 3M + 5k·x — equal at x = 400 s."""
    grid = np.asarray(x)
    return pd.DataFrame(
        {"Sec Co": 1e6 + 1e4 * grid, "Min Co": 3e6 + 5e3 * grid},
        index=pd.Index(grid, name="aht_seconds"),
    )


INCREMENTS = {
    "Sec Co": BillingIncrement.parse("per-second"),
    "Min Co": BillingIncrement.parse("per-minute"),
}


@pytest.mark.parametrize(
    "grid", [[100.0, 200.0, 400.0, 600.0, 700.0], [700.0, 100.0, 250.0, 550.0]]
)
def test_cost_curve_marks_the_break_even_and_shades_where_per_second_wins(
    grid: list[float],
) -> None:
    ax = plots.plot_cost_curve(linear_curve(grid), currency="KRW", increments=INCREMENTS)
    labels = legend_labels(ax)
    assert labels[:2] == ["Sec Co — per-second (1/1)", "Min Co — per-minute (60/60)"]
    assert "per-second (1/1) cheaper than per-minute (60/60)" in labels
    marks = [line for line in ax.get_lines() if line.get_label() == "break-even"]
    assert len(marks) == 1
    assert xdata(marks[0])[0] == pytest.approx(400.0)
    spans = [p for p in ax.patches if str(p.get_label()).startswith("per-second")]
    assert len(spans) == 1
    corners = spans[0].get_patch_transform().transform(spans[0].get_path().vertices)[:, 0]
    assert corners.min() == pytest.approx(100.0)
    assert corners.max() == pytest.approx(400.0)
    assert any(t.get_text() == "break-even 400 s" for t in ax.texts)
    assert ax.get_xlim() == (100.0, 700.0)


def test_cost_curve_without_a_crossing_has_no_break_even() -> None:
    grid = np.linspace(100.0, 700.0, 13)
    curve = pd.DataFrame(
        {"Sec Co": 2e6 + (grid - 400.0) ** 2, "Min Co": np.full(grid.size, 2e6)}, index=grid
    )
    ax = plots.plot_cost_curve(curve, increments=INCREMENTS)
    assert not [line for line in ax.get_lines() if line.get_label() == "break-even"]
    assert not ax.patches  # touching at 400 s is not beating


def test_cost_curve_with_one_increment_only_draws_lines() -> None:
    same = {"Sec Co": INCREMENTS["Sec Co"], "Min Co": INCREMENTS["Sec Co"]}
    ax = plots.plot_cost_curve(linear_curve([100.0, 700.0]), increments=same)
    assert not ax.patches
    assert legend_labels(ax) == ["Sec Co — per-second (1/1)", "Min Co — per-second (1/1)"]


def test_cost_curve_plain_legend_is_the_columns_and_honours_ax() -> None:
    _, ax = plt.subplots()
    out = plots.plot_cost_curve(linear_curve([100.0, 400.0, 700.0]), ax, current=312.0)
    assert out is ax
    assert legend_labels(ax) == ["Sec Co", "Min Co", "today: 312 s"]
    np.testing.assert_allclose(ydata(ax.get_lines()[0]), [2e6, 5e6, 8e6])


def test_cost_curve_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="curve: expected at least one value row"):
        plots.plot_cost_curve(pd.DataFrame())
    with pytest.raises(ValueError, match=r"increments: no billing increment .*'Min Co'"):
        plots.plot_cost_curve(linear_curve([1.0, 2.0]), increments={"Sec Co": INCREMENTS["Sec Co"]})
    with pytest.raises(ValueError, match="curve: the index must hold the numeric"):
        plots.plot_cost_curve(pd.DataFrame({"A": [1.0]}, index=["short"]))


def test_billing_curves_need_a_phone_channel(ev: FakeEvaluation) -> None:
    with pytest.raises(ValueError, match=r"needs\.channels: billing curves vary the phone"):
        plots.plot_billing_curves(CurveSource(ev.needs, (make_proposal("X"),)))


@dataclass
class CurveSource:
    """Needs and proposals whose cost curves are never needed (the call fails before)."""

    needs: Needs
    proposals: tuple[VendorProposal, ...]

    def cost_curve(self, *args: object, **kwargs: object) -> pd.DataFrame:
        raise AssertionError("no cost curve expected")


def make_proposal(name: str) -> VendorProposal:
    return VendorProposal.model_validate(
        {
            "name": name,
            "pricing": {
                "sheet": {
                    "currency": "KRW",
                    "billing_increment": "per-second",
                    "voice_rate_per_minute": "500",
                }
            },
        }
    )


# ----------------------------------------------------------------------------- acceptability


def test_acceptability_heat_map_is_annotated_in_percent(ev: FakeEvaluation) -> None:
    ax = plots.plot_acceptability(ev.table)
    n = len(ev.table)
    image = np.asarray(ax.get_images()[0].get_array(), dtype=np.float64)
    np.testing.assert_allclose(image, ev.table.to_numpy() * 100)
    assert texts(ax) == [f"{v:.0%}" for v in ev.table.to_numpy().ravel()]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(ev.table.index)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(r) for r in range(1, n + 1)]
    assert ax.get_title() == "Rank acceptability [% of samples]"


def test_acceptability_text_contrasts_with_the_cell(ev: FakeEvaluation) -> None:
    ax = plots.plot_acceptability(ev.table)
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    assert colours["90%"] == "black"  # bright yellow end of cividis
    assert colours["3%"] == "white"  # dark blue end


def test_acceptability_accepts_an_evaluation_or_a_result(ev: FakeEvaluation) -> None:
    _, ax = plt.subplots()
    assert plots.plot_acceptability(ev, ax) is ax
    assert len(ax.texts) == 16
    result = AcceptabilityResult(
        acceptability=ev.table,
        central_weights=pd.DataFrame(),
        first_rank_acceptability=ev.table[1],
        samples=10,
        seed=0,
        method="weighted_sum",
    )
    assert texts(plots.plot_acceptability(result))[0] == "90%"


def test_acceptability_rejects_shares_outside_zero_one(ev: FakeEvaluation) -> None:
    bad = ev.table.copy()
    bad.iloc[1, 2] = 1.5
    with pytest.raises(ValueError, match=r"vendor '.*', rank 3 holds 1.5"):
        plots.plot_acceptability(bad)


# ----------------------------------------------------------------------------- fonts


def draw_all(ev: FakeEvaluation) -> list[Axes]:
    curve = linear_curve([100.0, 400.0, 700.0]).rename(columns={"Sec Co": "한빛콜센터"})
    increments = {"한빛콜센터": INCREMENTS["Sec Co"], "Min Co": INCREMENTS["Min Co"]}
    return [
        plots.plot_radar(ev),
        plots.plot_contributions(ev),
        plots.plot_cost_distribution(ev),
        plots.plot_cost_distribution(ev, kind="box"),
        plots.plot_acceptability(ev),
        plots.plot_cost_curve(curve, increments=increments, currency="KRW"),
    ]


def test_korean_labels_render_without_missing_glyphs(korean_ev: FakeEvaluation) -> None:
    for ax in draw_all(korean_ev):
        assert missing_glyph_warnings(ax.figure) == []


def test_default_font_alone_misses_hangul() -> None:
    """Control: the check above can fail — DejaVu Sans has no Hangul."""
    fig, ax = plt.subplots()
    ax.set_title("한빛콜센터", fontfamily="DejaVu Sans")
    assert missing_glyph_warnings(fig)


def test_hangul_in_an_axes_made_earlier_gets_the_fallback(korean_ev: FakeEvaluation) -> None:
    fig, ax = plt.subplots()  # tick labels and title made with the default font
    plots.plot_contributions(korean_ev, ax)
    label = next(t for t in ax.get_yticklabels() if t.get_text() == "한빛콜센터")
    assert label.get_fontfamily()[-1] == "NanumGothic"
    assert missing_glyph_warnings(fig) == []


def test_use_hangul_font_registers_the_bundled_file() -> None:
    assert plots.BUNDLED_HANGUL_FONT.is_file()
    assert plots.use_hangul_font() == "NanumGothic"
    assert mpl.rcParams["font.family"][-1] == "NanumGothic"
    assert mpl.rcParams["font.family"][0] == "sans-serif"  # Latin text keeps its font
    registered = {Path(entry.fname) for entry in mpl.font_manager.fontManager.ttflist}
    assert plots.BUNDLED_HANGUL_FONT in registered


def test_bundled_font_has_every_hangul_syllable_and_its_licence() -> None:
    from matplotlib import ft2font

    charmap = ft2font.FT2Font(str(plots.BUNDLED_HANGUL_FONT)).get_charmap()
    assert all(code in charmap for code in range(0xAC00, 0xD7A4))
    licence = (plots.BUNDLED_HANGUL_FONT.parent / "OFL-NanumGothic.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE" in licence
    assert "Version 1.1" in licence
    assert "NAVER Corporation" in licence


@pytest.fixture
def fresh_font_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(_style, "_FONT", _style._FontState())
    missing = tmp_path / "missing.ttf"
    monkeypatch.setattr(_style, "BUNDLED_HANGUL_FONT", missing)
    return tmp_path


def test_missing_bundled_font_falls_back_to_an_installed_family(
    fresh_font_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_style, "SYSTEM_HANGUL_FAMILIES", ("No Such Font", "DejaVu Sans"))
    assert plots.use_hangul_font() == "DejaVu Sans"


def test_no_hangul_font_warns_once(
    fresh_font_state: Path, monkeypatch: pytest.MonkeyPatch, korean_ev: FakeEvaluation
) -> None:
    monkeypatch.setattr(_style, "SYSTEM_HANGUL_FAMILIES", ("No Such Font",))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = plots.use_hangul_font()
        second = plots.use_hangul_font()
        plots.plot_radar(korean_ev)
    assert first is None
    assert second is None
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert len([m for m in messages if "Korean text may not render" in m]) == 1


def test_unreadable_font_file(fresh_font_state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = fresh_font_state / "broken.ttf"
    broken.write_bytes(b"not a font" * 10)
    with pytest.raises(ValueError, match=r"path: .*broken.ttf could not be loaded"):
        plots.use_hangul_font(broken)
    monkeypatch.setattr(_style, "BUNDLED_HANGUL_FONT", broken)
    monkeypatch.setattr(_style, "SYSTEM_HANGUL_FAMILIES", ("DejaVu Sans",))
    assert plots.use_hangul_font() == "DejaVu Sans"


def test_latin_only_charts_do_not_touch_the_font_settings(
    fresh_font_state: Path, ev: FakeEvaluation
) -> None:
    before = list(mpl.rcParams["font.family"])
    plots.plot_contributions(ev)
    assert list(mpl.rcParams["font.family"]) == before
    assert not _style._FONT.resolved


# ----------------------------------------------------------------------------- files


def is_png(path: Path) -> bool:
    data = path.read_bytes()
    return len(data) > 1_000 and data.startswith(PNG_MAGIC)


def test_save_charts_writes_pngs_and_closes_figures(
    korean_ev: FakeEvaluation, tmp_path: Path
) -> None:
    before = plt.get_fignums()
    written = plots.save_charts(korean_ev, tmp_path / "out", dpi=60, samples=200)
    names = ["radar.png", "contributions.png", "cost_distribution.png", "acceptability.png"]
    assert [p.name for p in written] == names  # email only: no billing curves
    assert all(is_png(p) for p in written)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    assert plt.get_fignums() == before


def test_save_charts_leaves_nothing_half_written(
    ev: FakeEvaluation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", fail)
    with pytest.raises(WriteError, match=r"radar.png'?: No space left on device"):
        plots.save_charts(ev, tmp_path, samples=100)
    assert list(tmp_path.iterdir()) == []


def test_saved_charts_follow_the_umask(ev: FakeEvaluation, tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        paths = plots.save_charts(ev, tmp_path, samples=100, aht_values=[200.0, 400.0])
    finally:
        os.umask(previous)
    assert paths
    for path in paths:
        assert path.stat().st_mode & 0o777 == 0o644, path
    assert plt.get_fignums() == []


def test_save_charts_reports_an_unwritable_folder(ev: FakeEvaluation, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WriteError, match="cannot create the chart folder"):
        plots.save_charts(ev, blocker / "charts")


def test_importing_vendoreval_does_not_import_matplotlib() -> None:
    code = "import sys, vendoreval; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------------------- real sample


@pytest.fixture(scope="module")
def sample_ev() -> Evaluation:
    needs, proposals = ve.load_sample()
    return ve.evaluate(needs, proposals, runs=300, seed=0)


def test_sample_radar_and_contributions(sample_ev: Evaluation) -> None:
    order = list(sample_ev.ranking.index)
    radar = plots.plot_radar(sample_ev)
    assert legend_labels(radar) == order
    assert len(radar.get_xticklabels()) == 8
    assert sample_ev.needs.buyer in radar.get_title()
    bars = plots.plot_contributions(sample_ev)
    widths = [p.get_width() for p in bars.patches if isinstance(p, Rectangle)]
    expected = sample_ev.contributions().loc[order].to_numpy().T.ravel()
    np.testing.assert_allclose(widths, expected)
    knocked = int((~sample_ev.ranking["passed"]).sum())
    assert sum("knocked out" in t for t in texts(bars)) == knocked
    totals = sample_ev.contributions().loc[order].sum(axis=1)
    np.testing.assert_allclose(totals, sample_ev.ranking["score"], atol=1e-9)


def test_sample_cost_distribution_has_the_budget(sample_ev: Evaluation) -> None:
    budget = sample_ev.needs.contract.budget_per_month
    assert budget is not None
    for kind in ("violin", "box"):
        ax = plots.plot_cost_distribution(sample_ev, kind=kind)
        series = [
            a.get_label()
            for a in [*ax.collections, *ax.patches]
            if isinstance(a, PolyCollection | PathPatch)
        ]
        assert series == list(sample_ev.ranking.index)
        lines = [line for line in ax.get_lines() if str(line.get_label()).startswith("Budget")]
        assert len(lines) == 1
        assert xdata(lines[0])[0] == float(budget)


def test_sample_acceptability_matches_sensitivity(sample_ev: Evaluation) -> None:
    ax = plots.plot_acceptability(sample_ev, samples=300, seed=1)
    table = sample_ev.sensitivity(samples=300, seed=1)
    image = np.asarray(ax.get_images()[0].get_array(), dtype=np.float64)
    np.testing.assert_allclose(image, table.to_numpy() * 100)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(sample_ev.ranking.index)


def test_sample_billing_curves_name_each_increment(sample_ev: Evaluation) -> None:
    ax = plots.plot_billing_curves(sample_ev, values=[150, 300, 450])
    labels = legend_labels(ax)
    for proposal in sample_ev.proposals:
        increment = proposal.pricing.sheet.billing_increment
        assert f"{proposal.name} — {increment.label}" in labels
    phone = sample_ev.needs.channel("phone").aht_seconds
    assert f"today: {phone:.4g} s" in labels
    assert "per-second (1/1) cheaper than per-minute (60/60)" in labels
    curve = ve.cost_curve(
        sample_ev.needs, sample_ev.proposals, vary="aht_seconds", values=[150, 300, 450]
    )
    first = curve.columns[0]
    line = next(li for li in ax.get_lines() if str(li.get_label()).startswith(str(first)))
    np.testing.assert_allclose(ydata(line), curve[first].to_numpy())


def test_sample_save_charts_writes_the_standard_set(sample_ev: Evaluation, tmp_path: Path) -> None:
    written = plots.save_charts(sample_ev, tmp_path, dpi=50, samples=200, aht_values=[200, 400])
    assert [p.name for p in written] == list(plots.CHART_FILES)
    assert all(is_png(p) for p in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(plots.CHART_FILES)
    assert plt.get_fignums() == []
