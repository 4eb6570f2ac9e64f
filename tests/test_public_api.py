"""The public API named in DESIGN.md exists, and `import vendoreval` stays light."""

from __future__ import annotations

import subprocess
import sys

import vendoreval as ve


def test_design_contract_names_exist() -> None:
    for name in (
        "load_sample",
        "load_needs",
        "load_proposals",
        "CriteriaPack",
        "evaluate",
        "simulate_costs",
        "Evaluation",
        "Needs",
        "VendorProposal",
    ):
        assert hasattr(ve, name), name
    assert callable(ve.CriteriaPack.load)
    assert callable(ve.datasets.sample_calls)
    from vendoreval.pricing import BillingIncrement, PriceSheet, invoice
    from vendoreval.staffing import agents_required, erlang_b, erlang_c, service_level

    assert all(
        callable(f) for f in (BillingIncrement.parse, PriceSheet, invoice, erlang_b, erlang_c)
    )
    assert all(callable(f) for f in (service_level, agents_required))
    for attribute in ("ranking", "scores", "weights", "explain", "sensitivity", "to_excel"):
        assert hasattr(ve.Evaluation, attribute) or attribute in ve.Evaluation.__dataclass_fields__


def test_all_is_unique_and_resolves() -> None:
    assert len(set(ve.__all__)) == len(ve.__all__)
    for name in ve.__all__:
        assert hasattr(ve, name), name


def test_import_loads_no_heavy_library() -> None:
    heavy = ("matplotlib", "openpyxl", "typer", "rich", "pandas", "pyarrow")
    code = f"import sys, vendoreval; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_pandas_loads_on_first_use() -> None:
    code = (
        "import sys\n"
        "from vendoreval._lazy import is_frame, pd\n"
        "print(is_frame(object()), 'pandas' in sys.modules)\n"
        "frame = pd.DataFrame({'a': [1]})\n"
        "print(is_frame(frame), 'pandas' in sys.modules, type(frame).__module__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[:2] == ["False False", "True True pandas"]
