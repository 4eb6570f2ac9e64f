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

``import vendoreval`` loads neither matplotlib nor openpyxl; plots and workbooks import
them when first used.
"""

from __future__ import annotations

from vendoreval import datasets, errors
from vendoreval._version import __version__
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
