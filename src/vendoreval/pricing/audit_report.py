"""The result of an invoice audit: the differing lines, the sums per reason, the waterfall.

:class:`InvoiceAudit` is what :func:`~vendoreval.pricing.audit_invoice` returns; it prints as
a table of the reasons (:data:`AUDIT_REASONS`) with notes, renders as HTML in a notebook, and
walks from the vendor's billed total to the replay's (:meth:`InvoiceAudit.waterfall`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal

from vendoreval._lazy import pd
from vendoreval.currency import minor_units, quantize
from vendoreval.errors import ArgumentError
from vendoreval.pricing.invoice_result import contacts_text
from vendoreval.pricing.money import round_money

__all__ = ["AMOUNT_COLUMN", "AUDIT_REASONS", "ID_COLUMN", "SECONDS_COLUMN", "InvoiceAudit"]

AUDIT_REASONS: Final[tuple[str, ...]] = (
    "phantom",
    "duplicate",
    "wait_billed",
    "rounding",
    "premium",
    "other",
)
"""Reasons of a difference, in order of precedence (the first that holds applies)."""

ID_COLUMN: Final = "contact_id"
SECONDS_COLUMN: Final = "billed_seconds"
AMOUNT_COLUMN: Final = "amount"


@dataclass(frozen=True, eq=False)
class InvoiceAudit:
    """The differences between a vendor's billing detail and the replay of the records.

    Attributes
    ----------
    currency : str
        ISO 4217 code of every amount.
    contacts : pandas.DataFrame
        One row per billed line that differs, in the order of the billing detail:
        ``contact_id``, ``reason`` (one of :data:`AUDIT_REASONS`), ``ours_seconds`` (0 for
        ``phantom`` and ``duplicate`` lines) and ``their_seconds`` [s, int64].
    by_reason : pandas.DataFrame
        Indexed by ``reason``, one row for each of :data:`AUDIT_REASONS` in that order (zeros
        when none is found): ``contacts`` (rows of ``contacts`` with the reason; a contact
        billed three times counts twice under ``duplicate``), ``seconds`` (Σ their − ours
        [s]) and ``amount`` (Decimal [currency]; see the module docstring).
    unbilled : pandas.DataFrame
        Contacts of the records with billed seconds > 0 that no line bills: ``contact_id``,
        ``ours_seconds`` [s]. Not a reason: under-billing is the vendor's loss.
    billed_lines : int
        Lines of the billing detail.
    billed_seconds : int
        Σ billed seconds of every line of the billing detail [s].
    ours_seconds : int
        Σ ours over every contact of the records [s] (per contact, as compared).
    replay_seconds : int
        Billed voice seconds of the exact replay [s]: ``ours_seconds`` with per-contact
        rounding, the increment applied to the month's total with monthly rounding. Equal to
        ``invoice(sheet, calls).voice_billed_seconds``.
    records : int
        Contacts in the records.
    rate_per_minute : Decimal
        The voice rate at which seconds are priced [currency/min] (see the module docstring).
    premium_checked : bool
        True when ``premium`` differences were looked for.
    premium_note : str
        Why premiums were or were not checked.
    monthly : bool
        True when the sheet rounds monthly (ours is then the un-rounded seconds).
    description : str
        One-line summary of the price sheet.
    """

    currency: str
    contacts: pd.DataFrame
    by_reason: pd.DataFrame
    unbilled: pd.DataFrame
    billed_lines: int
    billed_seconds: int
    ours_seconds: int
    replay_seconds: int
    records: int
    rate_per_minute: Decimal
    premium_checked: bool
    premium_note: str
    monthly: bool = False
    description: str = ""
    _rate: Fraction = field(default=Fraction(0), repr=False)

    @property
    def total_seconds_over(self) -> int:
        """Σ their − ours over every difference [s]; negative when under-billing dominates."""
        return int(self.by_reason["seconds"].sum())

    @property
    def total_amount(self) -> Decimal:
        """Σ of the per-reason amounts [currency]: what the differences cost the buyer."""
        return quantize(sum(self.by_reason["amount"], Decimal(0)), self.currency)

    @property
    def unbilled_seconds(self) -> int:
        """Σ ours of the contacts the vendor did not bill [s]."""
        return int(self.unbilled["ours_seconds"].sum())

    def to_frame(self) -> pd.DataFrame:
        """``by_reason`` with a last ``total`` row, as a new DataFrame."""
        total = pd.DataFrame(
            {
                "contacts": [int(self.by_reason["contacts"].sum())],
                "seconds": [self.total_seconds_over],
                "amount": [self.total_amount],
            },
            index=pd.Index(["total"], name="reason"),
        )
        return pd.concat([self.by_reason, total])

    def waterfall(self, measure: Literal["seconds", "amount"] = "seconds") -> pd.DataFrame:
        """Steps from the vendor's billed total to the replayed total.

        Parameters
        ----------
        measure : {"seconds", "amount"}
            ``seconds`` [s], or ``amount`` [currency] at :attr:`rate_per_minute`. In amounts
            the start is derived from the end and the steps (the vendor's seconds at the
            sheet's rate plus any premium over-charge found), so the steps add up exactly.

        Returns
        -------
        pandas.DataFrame
            Columns ``step`` (``billed by the vendor``, each reason, ``not billed``,
            ``monthly rounding`` when the sheet rounds monthly, ``replay``), ``change``
            (each reason removes its seconds; ``not billed`` adds the contacts the vendor
            left out) and ``level`` after the step. The first and last rows are totals.
        """
        if measure not in ("seconds", "amount"):
            raise ArgumentError(f"measure must be 'seconds' or 'amount', got {measure!r}")
        reasons = [str(reason) for reason in self.by_reason.index]
        seconds = [int(value) for value in self.by_reason["seconds"]]
        amounts: list[Decimal] = list(self.by_reason["amount"])
        monthly_step = self.replay_seconds - self.ours_seconds
        steps: list[tuple[str, Any]] = []
        if measure == "seconds":
            steps += [(r, -value) for r, value in zip(reasons, seconds, strict=True)]
            steps.append(("not billed", self.unbilled_seconds))
            if self.monthly:
                steps.append(("monthly rounding", monthly_step))
            end: Any = self.replay_seconds
            start: Any = end - sum(change for _, change in steps)
        else:
            steps += [(r, -value) for r, value in zip(reasons, amounts, strict=True)]
            steps.append(("not billed", self._money(self.unbilled_seconds)))
            if self.monthly:
                steps.append(("monthly rounding", self._money(monthly_step)))
            end = self._money(self.replay_seconds)
            start = end - sum((change for _, change in steps), Decimal(0))
        rows = [("billed by the vendor", start, start)]
        level = start
        for name, change in steps:
            level = level + change
            rows.append((name, change, level))
        rows.append(("replay", end, end))
        return pd.DataFrame(rows, columns=["step", "change", "level"])

    def _money(self, seconds: int) -> Decimal:
        return round_money(Fraction(seconds, 60) * self._rate, self.currency)

    def _rows(self) -> list[tuple[str, str, str, str]]:
        places = minor_units(self.currency)
        return [
            (
                str(reason),
                f"{int(row['contacts']):,}",
                f"{int(row['seconds']):+,}" if row["seconds"] else "0",
                f"{row['amount']:,.{places}f}",
            )
            for reason, row in self.by_reason.iterrows()
        ]

    def _notes(self) -> list[str]:
        notes = [
            f"billed by the vendor: {self.billed_lines:,} lines, {self.billed_seconds:,} s; "
            f"replay: {self.records:,} contacts, {self.replay_seconds:,} s",
            f"not billed: {contacts_text(len(self.unbilled))} ({self.unbilled_seconds:,} s), "
            "the vendor's loss, not a difference",
            f"premiums: {self.premium_note}",
        ]
        if self.monthly:
            notes.append(
                "the sheet rounds monthly: contacts are compared with their un-rounded seconds"
            )
        return notes

    def __repr__(self) -> str:
        return (
            f"<InvoiceAudit: {len(self.contacts):,} differing lines, "
            f"{self.total_seconds_over:+,} s, {self.total_amount:,} {self.currency}; "
            "print() it for the summary>"
        )

    def __str__(self) -> str:
        rows = self._rows()
        places = minor_units(self.currency)
        head = ("reason", "lines", "seconds", "amount")
        total = (
            "total",
            f"{len(self.contacts):,}",
            f"{self.total_seconds_over:+,}" if self.total_seconds_over else "0",
            f"{self.total_amount:,.{places}f}",
        )
        widths = [max(len(r[i]) for r in [head, total, *rows]) for i in range(4)]
        width = sum(widths) + 3 * 2

        def fmt(row: tuple[str, str, str, str]) -> str:
            return f"{row[0]:<{widths[0]}}  " + "  ".join(
                f"{value:>{w}}" for value, w in zip(row[1:], widths[1:], strict=True)
            )

        title = f"Invoice audit ({self.currency})"
        out = [title]
        if self.description:
            out.append(self.description)
        out += ["-" * width, fmt(head), "-" * width, *map(fmt, rows), "-" * width, fmt(total)]
        out += ["", *self._notes()]
        return "\n".join(out)

    def _repr_html_(self) -> str:
        places = minor_units(self.currency)
        body = "".join(
            "<tr><td style='text-align:left'>"
            + html.escape(row[0])
            + "</td>"
            + "".join(f"<td style='text-align:right'>{html.escape(v)}</td>" for v in row[1:])
            + "</tr>"
            for row in self._rows()
        )
        caption = f"Invoice audit ({self.currency})"
        if self.description:
            caption += " — " + self.description
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in self._notes())
        return (
            "<div class='vendoreval-invoice-audit'><table>"
            f"<caption>{html.escape(caption)}</caption>"
            "<thead><tr><th>reason</th><th>lines</th><th>seconds</th><th>amount</th></tr>"
            f"</thead><tbody>{body}</tbody><tfoot><tr><th style='text-align:left'>total</th>"
            f"<th style='text-align:right'>{len(self.contacts):,}</th>"
            f"<th style='text-align:right'>{self.total_seconds_over:+,}</th>"
            f"<th style='text-align:right'>{self.total_amount:,.{places}f}</th></tr></tfoot>"
            f"</table><ul>{notes}</ul></div>"
        )


def _as_decimal(value: Fraction) -> Decimal:
    """A Fraction as a Decimal: exact when it terminates, else to 28 significant digits."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.normalize() if exact == exact.to_integral_value() else exact
