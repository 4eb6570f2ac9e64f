"""vendoreval — choose a contact-center outsourcing (BPO) vendor.

Describe the buyer's needs, load the vendors' proposals, and let vendoreval score the eight
checks with reasons, simulate what every price sheet will really cost for the buyer's
traffic, rank the vendors with knock-outs and sensitivity, and write comparison sheets::

    import vendoreval as ve

    needs, proposals = ve.load_sample()
    ev = ve.evaluate(needs, proposals, "eight-checks", runs=10_000, seed=0)
    ev.ranking
    print(ev.explain(ev.winner))
    ev.to_excel("comparison.xlsx")

``import vendoreval`` is light: each name above imports its part of the library when first
used, and pandas, pyarrow, matplotlib and openpyxl load only with the work that needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from vendoreval._version import __version__

if TYPE_CHECKING:
    from vendoreval import datasets, errors
    from vendoreval.assessments import (
        Assessment,
        AssessmentSummary,
        aggregate_assessments,
        load_assessments,
    )
    from vendoreval.criteria import CriteriaPack
    from vendoreval.datasets import load_sample
    from vendoreval.errors import VendorEvalError
    from vendoreval.evaluation import Evaluation, evaluate
    from vendoreval.io import (
        dump_needs,
        dump_proposal,
        dump_proposals,
        fill_questionnaire,
        load_needs,
        load_proposal,
        load_proposals,
        read_questionnaire,
        write_questionnaire,
    )
    from vendoreval.needs import Needs
    from vendoreval.pricing import BillingIncrement, PriceSheet
    from vendoreval.pricing.compare import compare_invoices
    from vendoreval.pricing.invoice import Invoice, invoice
    from vendoreval.proposal import CHECKS, VendorProposal
    from vendoreval.simulation import CostSimulation, simulate_costs
    from vendoreval.simulation.whatif import break_even, cost_curve
    from vendoreval.staffing.plan import StaffingPlan, plan_staffing

_EXPORTS: dict[str, tuple[str, str | None]] = {
    "aggregate_assessments": ("vendoreval.assessments", "aggregate_assessments"),
    "Assessment": ("vendoreval.assessments", "Assessment"),
    "AssessmentSummary": ("vendoreval.assessments", "AssessmentSummary"),
    "BillingIncrement": ("vendoreval.pricing", "BillingIncrement"),
    "break_even": ("vendoreval.simulation.whatif", "break_even"),
    "CHECKS": ("vendoreval.proposal", "CHECKS"),
    "compare_invoices": ("vendoreval.pricing.compare", "compare_invoices"),
    "cost_curve": ("vendoreval.simulation.whatif", "cost_curve"),
    "CostSimulation": ("vendoreval.simulation", "CostSimulation"),
    "CriteriaPack": ("vendoreval.criteria", "CriteriaPack"),
    "datasets": ("vendoreval.datasets", None),
    "dump_needs": ("vendoreval.io", "dump_needs"),
    "dump_proposal": ("vendoreval.io", "dump_proposal"),
    "dump_proposals": ("vendoreval.io", "dump_proposals"),
    "errors": ("vendoreval.errors", None),
    "evaluate": ("vendoreval.evaluation", "evaluate"),
    "Evaluation": ("vendoreval.evaluation", "Evaluation"),
    "fill_questionnaire": ("vendoreval.io", "fill_questionnaire"),
    "Invoice": ("vendoreval.pricing.invoice", "Invoice"),
    "invoice": ("vendoreval.pricing.invoice", "invoice"),
    "load_assessments": ("vendoreval.assessments", "load_assessments"),
    "load_needs": ("vendoreval.io", "load_needs"),
    "load_proposal": ("vendoreval.io", "load_proposal"),
    "load_proposals": ("vendoreval.io", "load_proposals"),
    "load_sample": ("vendoreval.datasets", "load_sample"),
    "Needs": ("vendoreval.needs", "Needs"),
    "plan_staffing": ("vendoreval.staffing.plan", "plan_staffing"),
    "PriceSheet": ("vendoreval.pricing", "PriceSheet"),
    "read_questionnaire": ("vendoreval.io", "read_questionnaire"),
    "simulate_costs": ("vendoreval.simulation", "simulate_costs"),
    "StaffingPlan": ("vendoreval.staffing.plan", "StaffingPlan"),
    "VendorEvalError": ("vendoreval.errors", "VendorEvalError"),
    "VendorProposal": ("vendoreval.proposal", "VendorProposal"),
    "write_questionnaire": ("vendoreval.io", "write_questionnaire"),
}
"""Where each public name lives: (module, attribute), or (module, None) for a subpackage."""


def __getattr__(name: str) -> Any:
    # Public names are imported on first use, so that ``import vendoreval`` and work that
    # needs one part of the library (pricing a file, staffing arrays) load only that part.
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'vendoreval' has no attribute {name!r}") from None
    loaded = importlib.import_module(module)
    value = loaded if attribute is None else getattr(loaded, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "CHECKS",
    "Assessment",
    "AssessmentSummary",
    "BillingIncrement",
    "CostSimulation",
    "CriteriaPack",
    "Evaluation",
    "Invoice",
    "Needs",
    "PriceSheet",
    "StaffingPlan",
    "VendorEvalError",
    "VendorProposal",
    "__version__",
    "aggregate_assessments",
    "break_even",
    "compare_invoices",
    "cost_curve",
    "datasets",
    "dump_needs",
    "dump_proposal",
    "dump_proposals",
    "errors",
    "evaluate",
    "fill_questionnaire",
    "invoice",
    "load_assessments",
    "load_needs",
    "load_proposal",
    "load_proposals",
    "load_sample",
    "plan_staffing",
    "read_questionnaire",
    "simulate_costs",
    "write_questionnaire",
]
