"""The synthetic pilot: reproducible, valid records where the busy-but-poor vendor loses."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from pydantic import ValidationError

from vendoreval.errors import OutcomeRecordError
from vendoreval.outcomes import PilotArm, compare_pilots, synthetic_pilot
from vendoreval.outcomes.synthetic import DEFAULT_ARMS


def test_same_seed_same_records_other_seed_other_records() -> None:
    pd.testing.assert_frame_equal(synthetic_pilot(seed=4), synthetic_pilot(seed=4))
    assert not synthetic_pilot(seed=4).equals(synthetic_pilot(seed=5))


def test_columns_and_values() -> None:
    pilot = synthetic_pilot(seed=1, customers_per_arm=200, days=30)
    assert list(pilot.columns) == [
        "vendor", "customer_id", "started_at", "channel", "csat", "qa_score",
        "handle_seconds", "resolved",
    ]  # fmt: skip
    assert set(pilot["vendor"]) == {arm.vendor for arm in DEFAULT_ARMS}
    assert pilot["started_at"].is_monotonic_increasing
    start = pd.Timestamp("2025-03-03", tz="UTC")
    assert pilot["started_at"].min() >= start
    assert pilot["started_at"].max() < start + pd.Timedelta(days=30)
    assert set(pilot["csat"].dropna()) <= {1, 2, 3, 4, 5}
    assert pilot["qa_score"].dropna().between(0, 1).all()
    assert (pilot["handle_seconds"] >= 0).all()
    # Each customer stays with one arm; every customer has a first contact.
    assert pilot.groupby("customer_id")["vendor"].nunique().max() == 1
    assert pilot["customer_id"].nunique() == 3 * 200
    # Repeats cross channels.
    first_channel = pilot.groupby("customer_id")["channel"].transform("first")
    assert (pilot["channel"] != first_channel).any()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_busy_but_poor_vendor_is_faster_and_loses_on_fcr(seed: int) -> None:
    result = compare_pilots(synthetic_pilot(seed=seed))
    table = result.table
    assert table.loc[("Vendor B", "handle_seconds"), "diff_high"] < 0  # faster …
    assert result.significantly_below("fcr").to_dict() == {  # … but resolves fewer first time
        "in-house": False,
        "Vendor A": False,
        "Vendor B": True,
    }
    fcr = table.xs("fcr", level="kpi")["estimate"]
    assert fcr.idxmin() == "Vendor B"


def test_custom_arms() -> None:
    arms = [
        PilotArm(vendor="ours", resolve_rate=1.0, mean_handle_seconds=300, mean_qa_score=0.9),
        PilotArm(vendor="theirs", resolve_rate=0.0, mean_handle_seconds=100, mean_qa_score=0.5),
    ]
    pilot = synthetic_pilot(seed=0, arms=arms, customers_per_arm=100, new_issue_share=0.0)
    assert set(pilot["vendor"]) == {"ours", "theirs"}
    ours = pilot[pilot["vendor"] == "ours"]
    assert ours["resolved"].all()
    assert len(ours) == 100  # everything resolved, no new issues: one contact each


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({"customers_per_arm": 0}, "customers_per_arm"),
        ({"customers_per_arm": 2.5}, "customers_per_arm"),
        ({"days": 0}, "days"),
        ({"callback_share": 1.5}, "callback_share"),
        ({"callback_days": 0}, "callback_days"),
        ({"start": "someday"}, "start"),
        ({"start": "2999-01-01"}, "future"),
        ({"arms": []}, "arms"),
        ({"arms": [DEFAULT_ARMS[0], DEFAULT_ARMS[0]]}, "distinct"),
        ({"seed": "0"}, "seed"),
    ],
)
def test_bad_arguments(arguments: dict[str, Any], match: str) -> None:
    with pytest.raises(OutcomeRecordError, match=match):
        synthetic_pilot(**arguments)


def test_arm_is_validated() -> None:
    with pytest.raises(ValidationError, match="resolve_rate"):
        PilotArm(vendor="x", resolve_rate=1.2, mean_handle_seconds=1, mean_qa_score=0.5)
