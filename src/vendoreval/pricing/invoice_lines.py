"""Invoice lines from a month's totals: voice minutes, per-contact prices, tiers, premiums, fees.

:class:`_Pricer` turns the exact integer quantities of an
:class:`~vendoreval.pricing.invoice_totals._Accumulator` into lines whose amounts are exact
fractions, each rounded half-up once to the currency's minor unit; the rules are those of
:mod:`vendoreval.pricing.invoice`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from typing import Final

from vendoreval.currency import quantize
from vendoreval.pricing.invoice_result import Invoice, InvoiceLine, contacts_text
from vendoreval.pricing.invoice_totals import _Accumulator
from vendoreval.pricing.money import round_money
from vendoreval.pricing.premium_windows import AFTER_HOURS, HOLIDAY, TIME_NONE, WEEKEND
from vendoreval.pricing.records import CHANNEL_ORDER
from vendoreval.pricing.sheet import TierBasis, VolumeTier
from vendoreval.pricing.tiers import tier_parts
from vendoreval.vocabulary import Channel

__all__: list[str] = []

_TIME_NAMES: Final = {AFTER_HOURS: "after-hours", WEEKEND: "weekend", HOLIDAY: "holiday"}
_DECIMAL_DIGITS: Final = 80
_QUANTITY_CONTEXT: Final = Context(prec=28)


@dataclass
class _Line:
    line: str
    category: str
    quantity: int | Fraction
    unit: str
    rate: Decimal | None
    exact: Fraction


def _decimal(value: Fraction) -> Decimal:
    """A Fraction as a Decimal: exact when it terminates, else to 28 significant digits."""
    numerator, denominator = value.numerator, value.denominator
    twos = fives = 0
    rest = denominator
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest == 1:
        places = max(twos, fives)
        return Decimal(f"{numerator * 10**places // denominator}E-{places}")
    return _QUANTITY_CONTEXT.divide(Decimal(numerator), Decimal(denominator))


class _Pricer:
    """Turns an accumulator's quantities into invoice lines."""

    def __init__(
        self, totals: _Accumulator, agent_hours: Fraction | None, ftes: Fraction | None
    ) -> None:
        self.totals = totals
        self.plan = totals.plan
        self.sheet = totals.plan.sheet
        self.agent_hours = agent_hours
        self.ftes = ftes

    def billed_seconds(self) -> int:
        totals = self.totals
        if self.plan.monthly:
            return int(self.sheet.billing_increment.billed_seconds(totals.actual))
        return totals.billed

    def invoice(self, *, include_setup: bool, month: str | None) -> Invoice:
        # Sums of Decimal amounts must not round at the default 28 significant digits.
        with localcontext() as context:
            context.prec = _DECIMAL_DIGITS
            return self._invoice(include_setup=include_setup, month=month)

    def _invoice(self, *, include_setup: bool, month: str | None) -> Invoice:
        sheet, totals, currency = self.sheet, self.totals, self.sheet.currency
        billed = self.billed_seconds()
        lines: list[_Line] = []
        voice_lines = self._voice_lines(billed)
        lines += voice_lines
        voice = sum((line.exact for line in voice_lines), Fraction(0))
        usage: dict[int, Fraction] = {}
        for code, channel in enumerate(CHANNEL_ORDER):
            channel_lines = self._contact_lines(code, channel)
            lines += channel_lines
            usage[code] = sum((line.exact for line in channel_lines), Fraction(0))
        lines += self._premium_lines(voice, usage)
        if sheet.monthly_fixed > 0:
            lines.append(_fee("monthly fixed fee", "fixed", sheet.monthly_fixed, "month"))
        lines += self._staffing_lines()
        rounded = [(line, round_money(line.exact, currency)) for line in lines]
        if sheet.minimum_monthly is not None:
            subtotal = sum((amount for _, amount in rounded), Decimal(0))
            true_up = sheet.minimum_monthly - subtotal
            if true_up > 0:
                line = _Line(
                    f"minimum monthly true-up (minimum {sheet.minimum_monthly:,})",
                    "minimum_true_up",
                    1,
                    "month",
                    quantize(true_up, currency),
                    Fraction(true_up),
                )
                rounded.append((line, round_money(line.exact, currency)))
        if include_setup and sheet.setup_fee > 0:
            line = _fee("set-up fee (one-off)", "setup", sheet.setup_fee, "one-off")
            rounded.append((line, round_money(line.exact, currency)))
        items = tuple(
            InvoiceLine(
                r[0].line, r[0].category, _quantity(r[0].quantity), r[0].unit, r[0].rate, r[1]
            )
            for r in rounded
        )
        total = sum((amount for _, amount in rounded), Decimal(0))
        rounding_cost = wait_cost = Decimal(0)
        if billed > 0:
            rounding_cost = round_money(voice * (billed - totals.actual) / billed, currency)
            wait_cost = round_money(voice * totals.wait / billed, currency)
        handled = totals.handled.sum(axis=1)
        return Invoice(
            currency=currency,
            total=quantize(total, currency),
            line_items=items,
            month=month,
            contacts={c.value: int(n) for c, n in zip(CHANNEL_ORDER, totals.contacts, strict=True)},
            handled_contacts={c.value: int(n) for c, n in zip(CHANNEL_ORDER, handled, strict=True)},
            voice_actual_seconds=int(totals.actual),
            voice_billed_seconds=billed,
            billed_wait_seconds=int(totals.wait),
            rounding_cost=rounding_cost,
            wait_cost=wait_cost,
            description=sheet.describe(),
        )

    def _voice_lines(self, billed: int) -> list[_Line]:
        sheet = self.sheet
        if billed == 0:
            return []
        minutes = Fraction(billed, 60)
        components = "+".join(c.value for c in self.plan.components)
        what = f"voice minutes ({sheet.billing_increment}; {components})"
        tier = sheet.tier_for(TierBasis.VOICE_MINUTES)
        if tier is not None:
            return _tier_lines(tier, minutes, what, "min")
        rate = sheet.voice_rate_per_minute
        if rate is None:
            return []
        return [_Line(what, "voice_minutes", minutes, "min", rate, minutes * Fraction(rate))]

    def _contact_lines(self, code: int, channel: Channel) -> list[_Line]:
        sheet = self.sheet
        handled = int(self.totals.handled[code].sum())
        if handled == 0:
            return []
        what = f"{channel.value} contacts handled"
        tier = sheet.tier_for(TierBasis.CONTACTS, channel)
        if tier is not None:
            return _tier_lines(tier, Fraction(handled), what, "contacts")
        price = sheet.per_contact.get(channel)
        if price is None:
            return []
        return [_Line(what, "per_contact", handled, "contacts", price, handled * Fraction(price))]

    def _premium_lines(self, voice: Fraction, usage: dict[int, Fraction]) -> list[_Line]:
        plan, totals = self.plan, self.totals
        if not plan.has_classes:
            return []
        n_languages = plan.n_languages
        # Usage charge of each premium class: each basis' exact charge split by quantity share.
        base = [Fraction(0)] * plan.n_classes
        voice_quantity = int(totals.basis.sum())
        for k in range(plan.n_classes):
            if voice and voice_quantity:
                base[k] += voice * int(totals.basis[k]) / voice_quantity
            for code, charge in usage.items():
                count = int(totals.handled[code].sum())
                if charge and count:
                    base[k] += charge * int(totals.handled[code, k]) / count
        contacts = totals.handled.sum(axis=0)
        time_base: dict[int, Fraction] = {}
        time_contacts: dict[int, int] = {}
        language_base: dict[int, Fraction] = {}
        language_contacts: dict[int, int] = {}
        for k in range(plan.n_classes):
            kind, language = divmod(k, n_languages)
            if kind != TIME_NONE:
                time_base[kind] = time_base.get(kind, Fraction(0)) + base[k]
                time_contacts[kind] = time_contacts.get(kind, 0) + int(contacts[k])
            if language:
                time_factor = Fraction(plan.time_multiplier(kind))
                language_base[language] = language_base.get(language, Fraction(0)) + (
                    time_factor * base[k]
                )
                language_contacts[language] = language_contacts.get(language, 0) + int(contacts[k])
        currency = self.sheet.currency
        lines: list[_Line] = []
        premiums = self.sheet.premiums
        assert premiums is not None
        for kind in (AFTER_HOURS, WEEKEND, HOLIDAY):
            if not time_base.get(kind):
                continue
            multiplier = plan.time_multipliers[kind]
            label = f"{_TIME_NAMES[kind]} premium ×{multiplier}"
            if kind == AFTER_HOURS and premiums.after_hours is not None:
                label += f" ({premiums.after_hours.start}–{premiums.after_hours.end})"
            label += f", {contacts_text(time_contacts[kind])}"
            rate = multiplier - 1
            lines.append(
                _Line(
                    label,
                    "premiums",
                    time_base[kind],
                    currency,
                    rate,
                    time_base[kind] * Fraction(rate),
                )
            )
        for language in range(1, n_languages):
            if not language_base.get(language):
                continue
            multiplier = plan.language_multiplier(language)
            label = (
                f"language premium {plan.languages[language - 1]} ×{multiplier}, "
                f"{contacts_text(language_contacts[language])}"
            )
            rate = multiplier - 1
            quantity = language_base[language]
            lines.append(
                _Line(label, "premiums", quantity, currency, rate, quantity * Fraction(rate))
            )
        return lines

    def _staffing_lines(self) -> list[_Line]:
        sheet = self.sheet
        lines = []
        if sheet.agent_hour_rate is not None:
            assert self.agent_hours is not None
            hours = self.agent_hours
            lines.append(
                _Line(
                    "agent hours",
                    "staffing",
                    hours,
                    "h",
                    sheet.agent_hour_rate,
                    hours * Fraction(sheet.agent_hour_rate),
                )
            )
        if sheet.fte_month_rate is not None:
            assert self.ftes is not None
            lines.append(
                _Line(
                    "full-time-equivalent agents",
                    "staffing",
                    self.ftes,
                    "FTE-month",
                    sheet.fte_month_rate,
                    self.ftes * Fraction(sheet.fte_month_rate),
                )
            )
        return lines


def _fee(label: str, category: str, amount: Decimal, unit: str) -> _Line:
    return _Line(label, category, 1, unit, amount, Fraction(amount))


def _quantity(value: int | Fraction) -> int | Decimal:
    if isinstance(value, int):
        return value
    if value.denominator == 1:
        return int(value)
    return _decimal(value)


def _tier_lines(tier: VolumeTier, quantity: Fraction, what: str, unit: str) -> list[_Line]:
    """Lines of a volume tier for ``quantity`` [min or contacts], one per part it prices."""
    lines: list[_Line] = []
    for part in tier_parts(tier, quantity):
        lower, upper = part.lower, part.upper
        span = f"{lower:,}–{upper:,}" if upper is not None else f"over {lower:,}"
        at = "all units at the band" if part.all_units else "band"
        priced = part.quantity
        lines.append(
            _Line(
                f"{what}, {at} {span} {unit}",
                "tiers",
                priced if priced.denominator != 1 else int(priced),
                unit,
                part.rate,
                part.charge,
            )
        )
    return lines
