"""Criteria packs: the bundled default, validation of bad packs, weights, YAML round trips."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.builders import KOREAN_KNOCKOUTS
from vendoreval.checks import MeasureKind, apply_rule, measures
from vendoreval.criteria import (
    COST_CRITERION,
    CRITERIA,
    CostSettings,
    CriteriaPack,
    bundled_packs,
)
from vendoreval.errors import CriteriaError, WriteError
from vendoreval.proposal import CHECKS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_YAML = ROOT / "criteria" / "eight-checks.yaml"
DEFAULT_TEXT = DEFAULT_YAML.read_text(encoding="utf-8")


def default_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULT_TEXT)
    return data


def load_data(data: dict[str, Any]) -> CriteriaPack:
    return CriteriaPack.from_yaml(yaml.safe_dump(data, sort_keys=False), source="pack.yaml")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ----------------------------------------------------------------------------- the default


def test_the_default_pack_loads_with_the_45_25_30_split() -> None:
    pack = CriteriaPack.load("eight-checks")
    expected = pd.Series(
        [0.15, 0.10, 0.10, 0.05, 0.05, 0.10, 0.15, 0.30],
        index=pd.Index(list(CRITERIA), name="criterion"),
        name="weight",
    )
    pd.testing.assert_series_equal(pack.weights, expected)
    assert pack.weights.sum() == pytest.approx(1.0)
    quality = pack.weights[["coverage", "references", "staffing", "crm", "social"]].sum()
    risk = pack.weights[["location", "security"]].sum()
    assert (quality, risk, pack.weights[COST_CRITERION]) == pytest.approx((0.45, 0.25, 0.30))
    assert pack.cost_statistic == "mean"
    assert pack.check(COST_CRITERION) is pack.check("pricing")
    assert pack.check_keys == CHECKS
    assert pack.labels[COST_CRITERION] == "Pricing & billing"
    assert CriteriaPack.default() == pack


def test_sub_criterion_weights_normalize_within_each_check() -> None:
    for key in CHECKS:
        sub = CriteriaPack.default().check(key).sub_weights
        assert sum(sub.values()) == pytest.approx(1.0), key


def test_every_measure_of_the_default_exists_and_every_measure_is_used() -> None:
    packs = [CriteriaPack.load(name) for name in bundled_packs()]
    for key in CHECKS:
        known = measures(key)
        used: set[str] = set()
        for pack in packs:
            spec = pack.check(key)
            mine = {sub.measure for sub in spec.criteria.values()}
            mine |= {rule.measure for rule in spec.knockouts}
            assert mine <= set(known), (pack.name, key)
            used |= mine
        assert set(known) == used, f"{key}: measures no bundled pack uses: {set(known) - used}"


@pytest.mark.parametrize("name", ["eight-checks", "kr-contact-center"])
def test_every_bundled_rule_gives_points_within_0_and_100(name: str) -> None:
    pack = CriteriaPack.load(name)

    @given(st.data())
    def check(data: st.DataObject) -> None:
        for key in CHECKS:
            known = measures(key)
            for sub in pack.check(key).criteria.values():
                kind = known[sub.measure].kind
                if kind is MeasureKind.BOOLEAN:
                    value: object = data.draw(st.booleans())
                elif kind is MeasureKind.CHOICE:
                    value = data.draw(st.sampled_from(known[sub.measure].choices))
                else:
                    value = data.draw(st.floats(-1e9, 1e9, allow_nan=False))
                assert 0.0 <= apply_rule(sub.rule, value) <= 100.0

    check()


# ----------------------------------------------------------------------------- the Korean pack


def test_the_korean_pack_loads_with_a_50_20_30_split_and_bilingual_labels() -> None:
    assert "kr-contact-center" in bundled_packs()
    pack = CriteriaPack.load("kr-contact-center")
    weights = pack.weights
    assert weights.sum() == pytest.approx(1.0)
    quality = weights[["coverage", "references", "staffing", "crm", "social"]].sum()
    risk = weights[["location", "security"]].sum()
    assert (quality, risk, weights[COST_CRITERION]) == pytest.approx((0.50, 0.20, 0.30))
    assert weights["staffing"] == pytest.approx(0.22)
    for key in CHECKS:
        spec = pack.check(key)
        labels = [spec.label, *(sub.label for sub in spec.criteria.values())]
        labels += [rule.message for rule in spec.knockouts]
        for label in labels:  # Korean, then the English after "·"
            korean, english = label.split(" · ", 1)
            assert any("\uac00" <= char <= "\ud7a3" for char in korean), label
            assert sum(char.isascii() and char.isalpha() for char in english) > 5, label
    ids = {f"{key}.{rule.id}" for key in CHECKS for rule in pack.check(key).knockouts}
    assert ids >= KOREAN_KNOCKOUTS


def test_the_korean_pack_round_trips_through_yaml() -> None:
    pack = CriteriaPack.load("kr-contact-center")
    assert CriteriaPack.from_yaml(pack.to_yaml()) == pack


def test_the_korean_pack_evaluates_the_sample_with_every_korean_answer_given() -> None:
    import datetime as dt

    import vendoreval as ve

    needs, proposals = ve.load_sample()
    ev = ve.evaluate(
        needs, proposals, "kr-contact-center", runs=200, seed=0, as_of=dt.date(2026, 11, 23)
    )
    assert sorted(ev.ranking["rank"]) == list(range(1, len(proposals) + 1))
    assert ev.weights.sum() == pytest.approx(1.0)
    for proposal in proposals:
        # The sample answers every Korean part: no sub-criterion of the checks that read them
        # is "not answered" (tests/datasets/test_sample_korean.py checks the results).
        for check in ("references", "staffing", "security"):
            reasons = ev.checks[proposal.name][check].reasons
            assert not [r.text for r in reasons if "not answered" in r.text], proposal.name
    knocked = ev.ranking.loc["Andes Global Services", "knockouts"]
    assert "staffing.agent_protection: 고객응대근로자 보호조치 누락" in knocked
    assert "missing the right to end or hand over abusive contacts (시행령 제41조 제1호)" in (
        ev.explain("Andes Global Services")
    )


def test_the_korean_fixture_vendors_rank_and_explain() -> None:
    import datetime as dt

    import vendoreval as ve
    from tests.builders import kr_needs, kr_vendors

    ev = ve.evaluate(
        kr_needs(), kr_vendors(), "kr-contact-center", runs=200, seed=0, as_of=dt.date(2026, 11, 23)
    )
    assert ev.ranking.loc["Mirae Contact", "passed"]
    assert ev.ranking.loc["Mirae Contact", "rank"] == 1
    assert not ev.ranking.loc["Dasan Outsourcing", "passed"]
    assert ev.ranking.loc["Dasan Outsourcing", "knockouts"].startswith("staffing.agent_protection")
    text = ev.explain("Dasan Outsourcing")
    assert "missing extra breaks after an abusive contact (시행령 제41조 제2호)" in text
    assert "도급 (subcontract) at the buyer's site, directed through the vendor's on-site" in text
    assert "QA 답변의 타당성 · Plausible QA answers: implausible: checking 5% of 102,000" in text


# ----------------------------------------------------------------------------- loading


def test_load_by_path_and_bundled_name(tmp_path: Path) -> None:
    assert "eight-checks" in bundled_packs()
    copy = tmp_path / "mine.yaml"
    copy.write_text(DEFAULT_TEXT, encoding="utf-8")
    assert CriteriaPack.load(copy) == CriteriaPack.load(str(copy)) == CriteriaPack.default()


def test_unknown_bundled_name_lists_the_bundled_packs() -> None:
    with pytest.raises(
        CriteriaError, match=r"no bundled criteria pack 'eight-check'.*eight-checks"
    ):
        CriteriaPack.load("eight-check")


def test_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(CriteriaError, match=r"not found: .*nope\.yaml"):
        CriteriaPack.load(missing)


def test_round_trip_through_yaml_and_a_file(tmp_path: Path) -> None:
    pack = CriteriaPack.default()
    assert CriteriaPack.from_yaml(pack.to_yaml()) == pack
    written = pack.dump(tmp_path / "pack.yaml")
    assert CriteriaPack.load(written) == pack
    assert [p.name for p in tmp_path.iterdir()] == ["pack.yaml"]  # no temporary file left


def test_dump_into_a_missing_folder_names_the_path(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "pack.yaml"
    with pytest.raises(WriteError, match=r"no/such/pack\.yaml"):
        CriteriaPack.default().dump(target)


# ----------------------------------------------------------------------------- bad packs


def mutate(path: tuple[str | int, ...], value: Any = None, *, rename: str | None = None) -> Any:
    data = default_data()
    parent: Any = data
    for key in path[:-1]:
        parent = parent[key]
    if rename is not None:
        parent[rename] = parent.pop(path[-1])
    elif value is None:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            mutate(("checks", "crm"), rename="crmm"),
            ["checks.crmm", "unknown check 'crmm'", "did you mean 'crm'", "the checks are: "],
            id="unknown-check",
        ),
        pytest.param(
            mutate(("checks", "social")),
            ["missing check social", "all eight checks"],
            id="missing-check",
        ),
        pytest.param(
            mutate(("checks", "coverage", "criteria", "channels", "measure"), "chanels"),
            [
                "checks.coverage.criteria.channels.measure",
                "unknown measure 'chanels'",
                "channels_covered",
            ],
            id="unknown-measure",
        ),
        pytest.param(
            mutate(("checks", "coverage", "criteria", "channels", "rule", "type"), "linear"),
            ["criteria.channels.rule", "unknown rule type 'linear'", "boolean, choice, numeric"],
            id="unknown-rule-type",
        ),
        pytest.param(
            mutate(("checks", "social", "weight"), 0),
            ["checks.social.weight", "above 0", "got 0"],
            id="zero-weight",
        ),
        pytest.param(
            mutate(("checks", "crm", "criteria", "connector", "weight"), -3),
            ["checks.crm.criteria.connector.weight", "above 0", "got -3"],
            id="negative-sub-weight",
        ),
        pytest.param(
            mutate(("checks", "location", "label"), rename="lable"),
            ["checks.location.lable", "unknown field 'lable'", "did you mean 'label'"],
            id="misspelled-field",
        ),
        pytest.param(
            mutate(("checks", "coverage", "criteria", "holidays", "rule"), {"type": "ratio"}),
            ["criteria.holidays.rule", "cannot score holidays_covered (boolean measure)"],
            id="rule-for-another-kind",
        ),
        pytest.param(
            mutate(("checks", "crm", "criteria", "mode", "rule", "points"), {"realtime": 100}),
            ["never takes: realtime", "realtime_api, cti, batch, manual, none"],
            id="unknown-choice-value",
        ),
        pytest.param(
            mutate(
                ("checks", "coverage", "criteria", "capacity", "rule"),
                {"type": "numeric", "from": 1, "ideal": 1},
            ),
            ["criteria.capacity.rule", "from and ideal must differ"],
            id="numeric-without-range",
        ),
        pytest.param(
            mutate(
                ("checks", "coverage", "criteria", "capacity", "rule"),
                {"type": "numeric", "from": 0, "ideal": 1, "to": 0.5},
            ),
            ["to (0.5) must lie beyond ideal"],
            id="numeric-to-on-the-wrong-side",
        ),
        pytest.param(
            mutate(("checks", "location", "knockouts", 1, "equals"), 3),
            ["checks.location.knockouts[1]", "equals: 3 does not fit data_residency_met"],
            id="knockout-threshold-type",
        ),
        pytest.param(
            mutate(("checks", "coverage", "knockouts", 0, "above"), 0.5),
            ["checks.coverage.knockouts[0]", "exactly one of below, above or equals"],
            id="knockout-two-thresholds",
        ),
        pytest.param(
            mutate(("cost", "statistic"), "p100"),
            ["cost.statistic", "unknown cost statistic 'p100'", "'p90'"],
            id="cost-statistic",
        ),
        pytest.param(
            mutate(("checks", "coverage", "criteria", "hours", "rule", "full_at"), 0),
            ["criteria.hours.rule.full_at", "greater than 0"],
            id="ratio-full-at-zero",
        ),
        pytest.param(
            mutate(("checks", "pricing", "criteria", "pilot", "rule", "true"), 150),
            ["criteria.pilot.rule.true", "less than or equal to 100"],
            id="points-above-100",
        ),
    ],
)
def test_bad_packs_name_the_item(data: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(CriteriaError) as info:
        load_data(data)
    message = str(info.value)
    assert message.startswith("pack.yaml: invalid criteria pack")
    for part in expected:
        assert part in message


def test_problems_carry_the_line_of_the_item() -> None:
    text = DEFAULT_TEXT.replace("  social:\n    weight: 5", "  social:\n    weight: 0")
    with pytest.raises(CriteriaError) as info:
        CriteriaPack.from_yaml(text, source="pack.yaml")
    social = line_of(DEFAULT_TEXT, "  social:")
    assert f"checks.social.weight (line {social + 1})" in str(info.value)


def test_yaml_syntax_errors_give_file_line_and_column(tmp_path: Path) -> None:
    broken = DEFAULT_TEXT.replace("rule: {type: boolean}", "rule: {type: boolean", 1)
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CriteriaError) as info:
        CriteriaPack.load(path)
    # the parser notices on the line after the unclosed brace
    line = line_of(broken, "rule: {type: boolean") + 1
    # the same wording as needs and proposals: one parser reads every YAML file
    assert str(info.value).startswith(f"{path}, line {line}, column ")


def test_unquoted_true_and_false_keys_are_read_as_points() -> None:
    quoted = 'rule: {type: boolean, "true": 0, "false": 100}'
    assert quoted in DEFAULT_TEXT
    text = DEFAULT_TEXT.replace(quoted, "rule: {type: boolean, true: 10, false: 90}")
    wait = CriteriaPack.from_yaml(text).check("pricing").criteria["customer_wait"].rule
    assert (apply_rule(wait, True), apply_rule(wait, False)) == (10.0, 90.0)


def test_a_key_given_twice_is_refused() -> None:
    text = DEFAULT_TEXT + "\nname: other\n"
    with pytest.raises(
        CriteriaError,
        match=r"line \d+: key 'name' appears twice in the top level \(first on line \d+\)",
    ):
        CriteriaPack.from_yaml(text)


def test_a_pack_must_be_a_mapping() -> None:
    with pytest.raises(CriteriaError, match="a criteria pack is a YAML mapping"):
        CriteriaPack.from_yaml("- just\n- a list\n")


def test_a_scored_check_needs_a_sub_criterion_but_pricing_may_have_none() -> None:
    data = default_data()
    data["checks"]["pricing"]["criteria"] = {}
    assert load_data(data).check("pricing").criteria == {}
    data["checks"]["crm"]["criteria"] = {}
    with pytest.raises(CriteriaError, match=r"checks\.crm\.criteria.*at least one sub-criterion"):
        load_data(data)


# ----------------------------------------------------------------------------- weights


def test_with_weights_renormalizes() -> None:
    pack = CriteriaPack.default()
    even = pack.with_weights(dict.fromkeys(CRITERIA, 2.0))
    assert even.weights.to_numpy() == pytest.approx(np.full(8, 1 / 8))
    # every criterion named: any scale, normalized (the YAML's 15/10/…/30 split)
    raw = dict(zip(CRITERIA, (15, 10, 10, 5, 5, 10, 15, 30), strict=True))
    assert pack.with_weights(raw).weights.to_numpy() == pytest.approx(pack.weights.to_numpy())
    # cost set to exactly 0.6; the other 0.70 shrink in proportion to 0.40: coverage
    # 0.15 × 0.40 / 0.70
    cheaper = pack.with_weights({"pricing": 0.6})
    assert cheaper.weights[COST_CRITERION] == pytest.approx(0.6)
    assert cheaper.weights["coverage"] == pytest.approx(0.15 * 0.4 / 0.7)
    assert cheaper.weights.sum() == pytest.approx(1.0)
    assert pack.weights[COST_CRITERION] == pytest.approx(0.30)  # the original is unchanged
    assert CriteriaPack.from_yaml(cheaper.to_yaml()) == cheaper


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ({"costs": 1.0}, r"unknown criterion 'costs' \(did you mean 'cost'\?\)"),
        ({"crm": 0.0}, "weight of crm must be a finite number above 0"),
        ({"crm": -1.0}, "weight of crm must be a finite number above 0"),
        ({"crm": float("nan")}, "weight of crm must be a finite number above 0"),
        ({"cost": 50}, "fractions of the total, which must add up to less than 1"),
        ({"cost": 0.6, "security": 0.4}, "add up to less than 1"),
    ],
)
def test_with_weights_refuses_bad_weights(weights: dict[str, float], match: str) -> None:
    with pytest.raises(CriteriaError, match=match):
        CriteriaPack.default().with_weights(weights)


# ----------------------------------------------------------------------------- cost


def test_cost_statistics_by_hand() -> None:
    samples = np.array([[100.0, 10.0], [200.0, 20.0], [300.0, 30.0], [400.0, 40.0], [500.0, 50.0]])
    assert CostSettings().summarize(samples) == pytest.approx([300.0, 30.0])
    # p90 of 100…500 with linear interpolation: position 0.9 × 4 = 3.6 → 400 + 0.6 × 100
    assert CostSettings(statistic="p90").summarize(samples) == pytest.approx([460.0, 46.0])
    assert CostSettings(statistic="median").quantile == 0.5
    assert CostSettings(statistic="p97.5").quantile == pytest.approx(0.975)


def test_cost_scores_by_hand() -> None:
    costs = [100.0, 200.0, 400.0]
    assert CostSettings().scores(costs) == pytest.approx([100.0, 50.0, 25.0])
    minmax = CostSettings(transform="minmax")
    assert minmax.scores(costs) == pytest.approx([100.0, 200 / 3, 0.0])
    assert minmax.scores([5.0, 5.0]) == pytest.approx([100.0, 100.0])
    assert CostSettings().scores([0.0, 10.0]) == pytest.approx([100.0, 0.0])
    with pytest.raises(ValueError, match=r"costs\[1\]"):
        CostSettings().scores([1.0, -1.0])


# ----------------------------------------------------------------------------- the wheel


@pytest.mark.slow
def test_the_wheel_ships_the_default_pack(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(tmp_path),
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("vendoreval-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("vendoreval/packs/eight-checks.yaml").decode("utf-8")
        names = set(archive.namelist())
    assert shipped == DEFAULT_TEXT
    assert CriteriaPack.from_yaml(shipped) == CriteriaPack.default()
    assert "vendoreval/py.typed" in names
    assert "vendoreval/packs/kr-contact-center.yaml" in names
    assert "vendoreval/datasets/sample/needs.yaml" in names
    assert "vendoreval/fonts/NanumGothic.ttf" in names

    # Installed on its own (no source tree on the path), the wheel finds its pack and sample.
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    code = (
        "import vendoreval as ve, pathlib; "
        "assert 'site' in pathlib.Path(ve.__file__).parts, ve.__file__; "
        "pack = ve.CriteriaPack.load('eight-checks'); "
        "needs, proposals = ve.load_sample(); "
        "print(round(float(pack.weights.sum()), 6), len(proposals))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1.0", "5"]
