"""An invoice: its lines in exact Decimal money, its total and the voice and contact figures.

:class:`Invoice` is what :func:`~vendoreval.pricing.invoice` returns; it prints as a table,
renders as HTML in a notebook, and sums its lines per category (:data:`LINE_CATEGORIES`).
"""

from __future__ import annotations

import functools
import html
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final, NamedTuple

from vendoreval._lazy import pd
from vendoreval.currency import minor_units

__all__ = ["LINE_CATEGORIES", "Invoice", "InvoiceLine", "contacts_text"]

LINE_CATEGORIES: Final[tuple[str, ...]] = (
    "voice_minutes",
    "per_contact",
    "tiers",
    "premiums",
    "fixed",
    "setup",
    "staffing",
    "minimum_true_up",
)
"""Categories of invoice lines, in invoice order."""


class InvoiceLine(NamedTuple):
    """One line of an :class:`Invoice`.

    Attributes
    ----------
    line : str
        What is charged, as printed.
    category : str
        One of :data:`LINE_CATEGORIES`.
    quantity : int or Decimal
        Units charged [unit].
    unit : str
        The unit (``minute``, ``contact``, ``month``, …).
    rate : Decimal or None
        Price per unit [currency/unit]; None for a line without one.
    amount : Decimal
        The line's amount, rounded half-up to the currency's minor unit [currency].
    """

    line: str
    category: str
    quantity: int | Decimal
    unit: str
    rate: Decimal | None
    amount: Decimal


@dataclass(frozen=True, eq=False)
class Invoice:
    """A month's invoice from one price sheet.

    Attributes
    ----------
    currency : str
        ISO 4217 code of every amount.
    total : Decimal
        Sum of the rounded line amounts [currency].
    line_items : tuple of InvoiceLine
        The lines, in invoice order.
    lines : pandas.DataFrame
        The same lines as a table (made when first read), columns ``line`` (text),
        ``category`` (one of :data:`LINE_CATEGORIES`), ``quantity`` (int or Decimal),
        ``unit``, ``rate`` (Decimal per unit) and ``amount`` (Decimal, rounded half-up to the
        minor unit); quantity, rate and amount are object columns holding exact Decimals.
    month : str, optional
        The month invoiced (``YYYY-MM``) when one was selected.
    contacts : dict of str to int
        Records per channel [contacts].
    handled_contacts : dict of str to int
        Contacts per channel that carry a per-contact price basis (see the module docstring)
        [contacts].
    voice_actual_seconds : int
        Whole billable seconds of the phone contacts before the billing increment [s].
    voice_billed_seconds : int
        Billed voice seconds after the increment [s].
    billed_wait_seconds : int
        Whole seconds of customer wait among the billable seconds (0 when wait is not
        billed) [s].
    rounding_cost : Decimal
        Voice charge attributable to billed seconds above actual seconds, at the average
        realised voice rate before premiums [currency].
    wait_cost : Decimal
        Voice charge attributable to billed customer wait, at the same rate [currency].
    description : str
        One-line summary of the price sheet.
    """

    currency: str
    total: Decimal
    line_items: tuple[InvoiceLine, ...]
    month: str | None = None
    contacts: dict[str, int] = field(default_factory=dict)
    handled_contacts: dict[str, int] = field(default_factory=dict)
    voice_actual_seconds: int = 0
    voice_billed_seconds: int = 0
    billed_wait_seconds: int = 0
    rounding_cost: Decimal = Decimal(0)
    wait_cost: Decimal = Decimal(0)
    description: str = ""

    @functools.cached_property
    def lines(self) -> pd.DataFrame:
        """The lines as a DataFrame, one row per :class:`InvoiceLine` (see the class docstring)."""
        return pd.DataFrame(list(self.line_items), columns=list(InvoiceLine._fields), dtype=object)

    @property
    def voice_overhead(self) -> float:
        """Billed ÷ actual voice seconds (1.0 = the increment adds nothing); NaN without voice."""
        if self.voice_actual_seconds == 0:
            return math.nan
        return self.voice_billed_seconds / self.voice_actual_seconds

    @property
    def voice_billed_minutes(self) -> Decimal:
        """Billed voice minutes, billed seconds ÷ 60 [min]."""
        return Decimal(self.voice_billed_seconds) / 60

    def amounts_by_category(self) -> dict[str, Decimal]:
        """Sum of the line amounts per category, every category of :data:`LINE_CATEGORIES`."""
        sums = dict.fromkeys(LINE_CATEGORIES, Decimal(0))
        for item in self.line_items:
            sums[item.category] += item.amount
        return sums

    def to_frame(self) -> pd.DataFrame:
        """The lines and a last ``total`` row (category ``total``), as a new DataFrame."""
        total = {
            "line": "total",
            "category": "total",
            "quantity": None,
            "unit": self.currency,
            "rate": None,
            "amount": self.total,
        }
        rows = [item._asdict() for item in self.line_items] + [total]
        return pd.DataFrame(rows, columns=list(InvoiceLine._fields), dtype=object)

    def _rows(self) -> list[tuple[str, str, str, str, str]]:
        places = minor_units(self.currency)
        rows = []
        for line, _, quantity, unit, rate, amount in self.line_items:
            rows.append(
                (
                    str(line),
                    _show_quantity(quantity),
                    str(unit),
                    _show_rate(rate),
                    f"{amount:,.{places}f}",
                )
            )
        return rows

    def _title(self) -> str:
        return "Invoice" + (f" {self.month}" if self.month else "") + f" ({self.currency})"

    def __repr__(self) -> str:
        month = f" {self.month}" if self.month else ""
        return (
            f"<Invoice{month}: {self.total:,} {self.currency}, {len(self.line_items)} lines; "
            "print() it for the full invoice>"
        )

    def __str__(self) -> str:
        places = minor_units(self.currency)
        rows = self._rows()
        head = ("line", "quantity", "unit", "rate", "amount")
        total = f"{self.total:,.{places}f}"
        widths = [
            max(len(head[i]), *(len(r[i]) for r in rows)) if rows else len(head[i])
            for i in range(5)
        ]
        widths[0] = max(widths[0], len("total"))
        widths[4] = max(widths[4], len(total))
        width = sum(widths) + 2 * 4

        def fmt(row: tuple[str, str, str, str, str]) -> str:
            return (
                f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  "
                f"{row[3]:>{widths[3]}}  {row[4]:>{widths[4]}}"
            )

        out = [self._title()]
        if self.description:
            out.append(self.description)
        out += ["-" * width, fmt(head), "-" * width, *map(fmt, rows), "-" * width]
        out.append(f"{'total':<{width - widths[4]}}{total:>{widths[4]}}")
        out.append("")
        out.append(
            f"voice: {self.voice_actual_seconds:,} s actual → {self.voice_billed_seconds:,} s "
            f"billed ({_overhead_text(self.voice_overhead)}); billed wait "
            f"{self.billed_wait_seconds:,} s"
        )
        contacts = " · ".join(f"{c} {n:,}" for c, n in self.contacts.items() if n)
        out.append(f"contacts: {contacts or 'none'}")
        return "\n".join(out)

    def _repr_html_(self) -> str:
        places = minor_units(self.currency)
        cells = []
        for row in self._rows():
            cells.append(
                "<tr><td style='text-align:left'>"
                + html.escape(row[0])
                + "</td>"
                + "".join(
                    f"<td style='text-align:{align}'>{html.escape(value)}</td>"
                    for value, align in zip(
                        row[1:], ("right", "left", "right", "right"), strict=True
                    )
                )
                + "</tr>"
            )
        caption = self._title()
        if self.description:
            caption += " — " + self.description
        return (
            "<table class='vendoreval-invoice'>"
            f"<caption>{html.escape(caption)}</caption>"
            "<thead><tr><th>line</th><th>quantity</th><th>unit</th><th>rate</th>"
            "<th>amount</th></tr></thead><tbody>"
            + "".join(cells)
            + "</tbody><tfoot><tr><th style='text-align:left' colspan='4'>total</th>"
            f"<th style='text-align:right'>{self.total:,.{places}f}</th></tr></tfoot></table>"
        )


def _overhead_text(overhead: float) -> str:
    if math.isnan(overhead):
        return "no voice"
    return f"overhead {overhead - 1:+.1%}"


def _show_quantity(quantity: object) -> str:
    if quantity is None:
        return ""
    if isinstance(quantity, int):
        return f"{quantity:,}"
    if isinstance(quantity, Decimal):
        if quantity == quantity.to_integral_value():
            return f"{int(quantity):,}"
        text = f"{quantity:,.4f}".rstrip("0").rstrip(".")
        return text if Decimal(text.replace(",", "")) == quantity else "≈" + text
    return str(quantity)


def _show_rate(rate: object) -> str:
    if rate is None:
        return ""
    if isinstance(rate, Decimal):
        return f"{rate:,}"
    return str(rate)


def contacts_text(count: int) -> str:
    """``"1 contact"``, ``"1,204 contacts"``: a count of contacts in words."""
    return f"{count:,} contact" + ("" if count == 1 else "s")
