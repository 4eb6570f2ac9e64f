"""Pricing: billing increments, price sheets and exact invoices from call records."""

from __future__ import annotations

from vendoreval.pricing.audit import InvoiceAudit, audit_invoice
from vendoreval.pricing.billing import BillingIncrement
from vendoreval.pricing.campaign import CampaignCost, campaign_cost, retained_customer_cost
from vendoreval.pricing.compare import compare_invoices
from vendoreval.pricing.invoice import Invoice, InvoiceLine, invoice, replay_invoices
from vendoreval.pricing.outbound import OutboundPricing
from vendoreval.pricing.records import iter_call_batches, validate_calls
from vendoreval.pricing.sheet import (
    AfterHours,
    BillableComponent,
    Premiums,
    PriceSheet,
    Rounding,
    TierBand,
    TierBasis,
    TierMode,
    VolumeTier,
)

__all__ = [
    "AfterHours",
    "BillableComponent",
    "BillingIncrement",
    "CampaignCost",
    "Invoice",
    "InvoiceAudit",
    "InvoiceLine",
    "OutboundPricing",
    "Premiums",
    "PriceSheet",
    "Rounding",
    "TierBand",
    "TierBasis",
    "TierMode",
    "VolumeTier",
    "audit_invoice",
    "campaign_cost",
    "compare_invoices",
    "invoice",
    "iter_call_batches",
    "replay_invoices",
    "retained_customer_cost",
    "validate_calls",
]
