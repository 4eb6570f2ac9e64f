"""Workbooks of the months after signing: the service report with its credit, and the audit
of a vendor's invoice.

Both are written with XlsxWriter like the comparison workbook: every figure a reader might
question is a live formula over the cells beside it (met or missed, attainment, the pool,
the credit; seconds and money per reason), stored with the value vendoreval computed so that
pandas, previews and Protected View show the numbers, and a spreadsheet program recalculates
when an input (the monthly fee, an achieved value, a rate) is edited. Text from the records
or the terms goes through :meth:`~vendoreval.io.excel.sheet.Sheet.text`, so it is never a
formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from vendoreval._lazy import pd
from vendoreval.contract import grade_for
from vendoreval.currency import minor_units
from vendoreval.errors import ArgumentError
from vendoreval.io.excel.sheet import WORKBOOK_OPTIONS, Formats, Sheet, formula_sheet_class
from vendoreval.labels import LANGUAGES, kpi_label

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

    from vendoreval.contract import SlaReport
    from vendoreval.pricing.audit import InvoiceAudit

__all__ = ["write_audit_workbook", "write_report_workbook"]

_TEXT: Mapping[str, Mapping[str, str]] = {
    "en": {
        "report": "Service report",
        "credit": "Credit",
        "intervals": "Half hours",
        "commitment": "Commitment",
        "kpi": "KPI",
        "target": "Target",
        "achieved": "Achieved",
        "met": "Met",
        "weight": "Weight",
        "contacts": "Contacts",
        "attainment": "Attainment",
        "fees": "Monthly fees (edit)",
        "at_risk": "Share of fees at risk",
        "pool": "Pool",
        "missed_weight": "Weight of missed commitments",
        "score": "Score (0–100)",
        "adjustment": "Fee adjustment",
        "credit_due": "Credit due (> 0: money back to the buyer)",
        "grade": "Grade",
        "min_score": "From score",
        "month": "Month",
        "audit": "By reason",
        "lines": "Contacts",
        "reason": "Reason",
        "seconds": "Seconds (theirs − ours)",
        "amount": "Amount",
        "rate": "Voice rate per minute",
        "total": "Total",
        "contact_id": "Contact",
        "ours": "Replayed seconds",
        "theirs": "Billed seconds",
        "difference": "Difference [s]",
        "billed_total": "Billed by the vendor [s]",
        "replay_total": "Replay of the records [s]",
        "no_contacts": "no contacts to measure: counts as met",
    },
    "ko": {
        "report": "서비스 보고서",
        "credit": "서비스 크레딧",
        "intervals": "30분 단위",
        "commitment": "약정 항목",
        "kpi": "지표",
        "target": "목표",
        "achieved": "실적",
        "met": "충족",
        "weight": "가중치",
        "contacts": "처리 건수",
        "attainment": "달성률",
        "fees": "월 용역비 (수정 가능)",
        "at_risk": "위험 부담 비율",
        "pool": "크레딧 한도",
        "missed_weight": "미충족 항목 가중치 합",
        "score": "평가 점수 (0–100)",
        "adjustment": "용역비 조정률",
        "credit_due": "크레딧 (> 0: 발주사 환급)",
        "grade": "등급",
        "min_score": "최저 점수",
        "month": "월",
        "audit": "사유별",
        "lines": "청구 건수",
        "reason": "사유",
        "seconds": "초 (청구 − 재계산)",
        "amount": "금액",
        "rate": "분당 음성 단가",
        "total": "합계",
        "contact_id": "상담 ID",
        "ours": "재계산 초",
        "theirs": "청구 초",
        "difference": "차이 [초]",
        "billed_total": "업체 청구 합계 [초]",
        "replay_total": "기록 재계산 합계 [초]",
        "no_contacts": "측정할 상담 없음: 충족으로 처리",
    },
}

_REASONS_KO: Mapping[str, str] = {
    "phantom": "기록에 없는 청구",
    "duplicate": "중복 청구",
    "wait_billed": "대기 시간 청구",
    "rounding": "과금 단위 불일치",
    "premium": "할증 적용 오류",
    "other": "기타",
}


def _text(language: str) -> Mapping[str, str]:
    if language not in LANGUAGES:
        raise ArgumentError(f"language: expected one of {', '.join(LANGUAGES)}, got {language!r}")
    return _TEXT[language]


def _money_format(currency: str) -> str:
    places = minor_units(currency)
    return "#,##0" if places == 0 else "#,##0." + "0" * places


def _new_workbook(target: Path) -> tuple[Workbook, Formats]:
    from xlsxwriter import Workbook

    # XlsxWriter marks the file for a full recalculation when it is opened.
    workbook = Workbook(str(target), dict(WORKBOOK_OPTIONS))
    return workbook, Formats(workbook)


def _sheet(workbook: Workbook, formats: Formats, name: str) -> Sheet:
    return Sheet(workbook.add_worksheet(name, formula_sheet_class()), formats)


def _save(build: Callable[[Path], None], path: str | Path) -> Path:
    from vendoreval._atomic import atomic_write

    return atomic_write(path, build)


# ----------------------------------------------------------------------------- service report


def write_report_workbook(
    report: SlaReport,
    path: str | Path,
    *,
    fees: Decimal | int | str | None = None,
    currency: str = "KRW",
    language: str = "en",
) -> Path:
    """Write a month's service report, and the credit its terms give, as a workbook.

    Sheets: the commitments with target, achieved value, met or missed (a formula over
    them) and weight; the credit (pool method: fees × share at risk, capped by the weight of
    the missed commitments; grade method: attainment per commitment, the weighted score and
    the band's fee adjustment), with the monthly fee as an editable input; and the half-hour
    detail. Each formula stores the value :meth:`SlaReport.credit` computes.

    Parameters
    ----------
    report : SlaReport
        The month's report (:func:`vendoreval.contract.sla_report`).
    path : str or Path
        Destination ``.xlsx`` file, written atomically.
    fees : Decimal, int or str, optional
        The month's fees [currency]; without them the credit sheet shows the terms and
        leaves the fee for the reader to fill in (the credit then computes to 0).
    currency : str
        ISO 4217 code of the fees; the credit is rounded half-up to its minor unit.
    language : {"en", "ko"}
        Language of the headers.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ArgumentError
        For an unknown language.
    WriteError
        When the file cannot be written (names the path).
    """
    text = _text(language)
    amount = Decimal(0) if fees is None else Decimal(str(fees))
    credit = report.credit(amount, currency) if fees is not None else Decimal(0)

    def build(target: Path) -> None:
        workbook, formats = _new_workbook(target)
        money = _money_format(currency)
        kpis = _sheet(workbook, formats, text["report"])
        rows = _report_rows(kpis, report, text, language)
        credit_sheet = _sheet(workbook, formats, text["credit"])
        _credit_rows(credit_sheet, report, rows, text, amount, credit, currency, money)
        _interval_rows(_sheet(workbook, formats, text["intervals"]), report, text)
        workbook.close()

    return _save(build, path)


def _report_rows(sheet: Sheet, report: SlaReport, text: Mapping[str, str], language: str) -> int:
    """Commitments from row 2; returns the last row."""
    headers = ("commitment", "kpi", "target", "achieved", "met", "weight", "contacts")
    sheet.texts(1, 1, [text[h] for h in headers], "header")
    row = 1
    for commitment in report.terms.commitments:
        row += 1
        key = commitment.key
        achieved = float(report.achieved.get(key, math.nan))
        sheet.text(row, 1, key)
        sheet.text(row, 2, kpi_label(key, language))
        sheet.value(row, 3, float(commitment.target))
        sheet.value(row, 6, float(commitment.weight))
        sheet.value(row, 7, int(report.contacts.get(key, 0)))
        if math.isnan(achieved):
            sheet.text(row, 4, text["no_contacts"])
            sheet.value(row, 5, True)
            continue
        sheet.value(row, 4, achieved)
        compare = ">=" if commitment.higher_is_better else "<="
        sheet.formula(row, 5, f"=D{row}{compare}C{row}", bool(report.met.get(key, True)))
    sheet.widths({1: 24, 2: 28, 3: 10, 4: 12, 5: 8, 6: 8, 7: 10})
    sheet.freeze(2, 1)
    return row


def _credit_rows(
    sheet: Sheet,
    report: SlaReport,
    last: int,
    text: Mapping[str, str],
    fees: Decimal,
    credit: Decimal,
    currency: str,
    money: str,
) -> None:
    terms = report.terms
    places = minor_units(currency)
    kpis = f"'{text['report']}'"
    sheet.text(1, 1, text["month"], "header")
    sheet.text(1, 2, report.month)
    sheet.text(2, 1, text["fees"], "header")
    sheet.value(2, 2, float(fees), "input", money)
    achieved = {str(k): float(v) for k, v in report.achieved.items()}
    if terms.method == "pool":
        share = float(terms.at_risk_share or 0.0)
        pool = float(fees) * share
        missed = sum(float(c.weight) for c in terms.commitments if not report.met.get(c.key, True))
        sheet.text(3, 1, text["at_risk"], "header")
        sheet.value(3, 2, share, "input", "0.0%")
        sheet.text(4, 1, text["pool"], "header")
        sheet.formula(4, 2, "=B2*B3", pool, None, money)
        sheet.text(5, 1, text["missed_weight"], "header")
        sheet.formula(5, 2, f"=SUMIF({kpis}!E2:E{last},FALSE,{kpis}!F2:F{last})", missed)
        sheet.text(6, 1, text["credit_due"], "header")
        sheet.formula(6, 2, f"=ROUND(MIN(B4,B4*B5),{places})", float(credit), None, money)
    else:
        grade, score = grade_for(terms, _measured(report, achieved))
        bands = sorted(terms.grades, key=lambda band: float(band.min_score))
        adjustment = next(float(b.adjustment) for b in bands if b.grade == grade)
        sheet.text(3, 1, text["score"], "header")
        attainment = []
        for i, commitment in enumerate(terms.commitments, start=2):
            a = _attainment(
                commitment.higher_is_better, float(commitment.target), achieved, commitment.key
            )
            attainment.append(a)
            if commitment.higher_is_better:
                rule = f"IF({kpis}!C{i}=0,1,MIN(1,{kpis}!D{i}/{kpis}!C{i}))"
            else:
                rule = f"IF(N({kpis}!D{i})=0,1,MIN(1,{kpis}!C{i}/{kpis}!D{i}))"
            sheet.formula(i, 8, f"={rule}", a, None, "0.0%")
        sheet.text(1, 8, text["attainment"], "header")
        sheet.formula(
            3,
            2,
            f"=ROUND(100*SUMPRODUCT(H2:H{last},{kpis}!F2:F{last})/SUM({kpis}!F2:F{last}),9)",
            score,
        )
        first = 8
        sheet.texts(first, 1, [text["grade"], text["min_score"], text["adjustment"]], "header")
        for offset, band in enumerate(bands, start=1):
            sheet.text(first + offset, 1, band.grade)
            sheet.value(first + offset, 2, float(band.min_score))
            sheet.value(first + offset, 3, float(band.adjustment), None, "0.0%")
        end = first + len(bands)
        sheet.text(4, 1, text["grade"], "header")
        sheet.formula(4, 2, f"=LOOKUP(B3,B{first + 1}:B{end},A{first + 1}:A{end})", grade)
        sheet.text(5, 1, text["adjustment"], "header")
        sheet.formula(
            5, 2, f"=LOOKUP(B3,B{first + 1}:B{end},C{first + 1}:C{end})", adjustment, None, "0.0%"
        )
        sheet.text(6, 1, text["credit_due"], "header")
        sheet.formula(6, 2, f"=ROUND(-B5*B2,{places})", float(credit), None, money)
    sheet.widths({1: 40, 2: 18, 3: 12, 8: 12})


def _measured(report: SlaReport, achieved: Mapping[str, float]) -> dict[str, float]:
    """Achieved values with a KPI that had nothing to measure taken at its target."""
    return {
        c.key: float(c.target) if math.isnan(achieved.get(c.key, math.nan)) else achieved[c.key]
        for c in report.terms.commitments
    }


def _attainment(higher: bool, target: float, achieved: Mapping[str, float], key: str) -> float:
    value = achieved.get(key, math.nan)
    if math.isnan(value):
        return 1.0
    if higher:
        return 1.0 if target == 0 else min(1.0, value / target)
    return 1.0 if value == 0 else min(1.0, target / value)


def _interval_rows(sheet: Sheet, report: SlaReport, text: Mapping[str, str]) -> None:
    frame = report.intervals.reset_index()
    columns = [str(c) for c in frame.columns]
    sheet.texts(1, 1, columns, "header")
    for row, values in enumerate(frame.itertuples(index=False), start=2):
        for column, value in enumerate(values, start=1):
            if isinstance(value, pd.Timestamp):
                local = value.tz_localize(None) if value.tzinfo is not None else value
                sheet.value(row, column, local.to_pydatetime(), None, "yyyy-mm-dd hh:mm")
            else:
                sheet.value(row, column, value)
    sheet.widths(dict.fromkeys(range(1, len(columns) + 1), 14))
    sheet.freeze(2, 1)
    if len(frame):
        sheet.autofilter(len(frame) + 1, len(columns))


# ----------------------------------------------------------------------------- invoice audit


def write_audit_workbook(audit: InvoiceAudit, path: str | Path, *, language: str = "en") -> Path:
    """Write an invoice audit as a workbook.

    Sheets: the differences by reason (contacts, seconds their − ours, and the amount at the
    voice rate per minute as a formula ``ROUND(seconds / 60 × rate)``, with totals), and the
    contacts behind them (our and their seconds, and the difference as a formula). The rate
    is an input a reader may edit.

    Parameters
    ----------
    audit : InvoiceAudit
        The result of :func:`vendoreval.pricing.audit_invoice`.
    path : str or Path
        Destination ``.xlsx`` file, written atomically.
    language : {"en", "ko"}
        Language of the headers and reasons.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ArgumentError
        For an unknown language.
    WriteError
        When the file cannot be written (names the path).
    """
    text = _text(language)

    def build(target: Path) -> None:
        workbook, formats = _new_workbook(target)
        money = _money_format(audit.currency)
        places = minor_units(audit.currency)
        reasons = _sheet(workbook, formats, text["audit"])
        headers = ("reason", "lines", "seconds", "amount")
        reasons.texts(1, 1, [text[h] for h in headers], "header")
        rate = float(audit.rate_per_minute)
        table = audit.by_reason
        last = len(table) + 1
        for row, (reason, values) in enumerate(table.iterrows(), start=2):
            name = str(reason)
            label = _REASONS_KO.get(name, name) if language == "ko" else name
            reasons.text(row, 1, label)
            reasons.value(row, 2, int(values["contacts"]))
            reasons.value(row, 3, int(values["seconds"]))
            reasons.formula(
                row,
                4,
                f"=ROUND(C{row}/60*$B${last + 3},{places})",
                float(values["amount"]),
                None,
                money,
            )
        total = last + 1
        reasons.text(total, 1, text["total"], "header")
        reasons.formula(total, 2, f"=SUM(B2:B{last})", int(table["contacts"].sum()))
        reasons.formula(total, 3, f"=SUM(C2:C{last})", int(table["seconds"].sum()))
        amounts = sum((Decimal(str(a)) for a in table["amount"]), Decimal(0))
        reasons.formula(total, 4, f"=SUM(D2:D{last})", float(amounts), None, money)
        reasons.text(last + 3, 1, text["rate"], "header")
        reasons.value(last + 3, 2, rate, "input", money)
        reasons.text(last + 4, 1, text["billed_total"], "header")
        reasons.value(last + 4, 2, int(audit.billed_seconds))
        reasons.text(last + 5, 1, text["replay_total"], "header")
        reasons.value(last + 5, 2, int(audit.replay_seconds))
        reasons.widths({1: 30, 2: 12, 3: 22, 4: 16})
        contacts = _sheet(workbook, formats, text["lines"])
        columns = ("contact_id", "reason", "ours", "theirs", "difference")
        contacts.texts(1, 1, [text[c] for c in columns], "header")
        frame = audit.contacts
        ours_seconds = frame["ours_seconds"].to_numpy(dtype="int64")
        their_seconds = frame["their_seconds"].to_numpy(dtype="int64")
        for i, (contact, reason) in enumerate(
            zip(frame["contact_id"], frame["reason"], strict=True)
        ):
            row = i + 2
            contacts.value(row, 1, contact)
            name = str(reason)
            contacts.text(row, 2, _REASONS_KO.get(name, name) if language == "ko" else name)
            ours, theirs = int(ours_seconds[i]), int(their_seconds[i])
            contacts.value(row, 3, ours)
            contacts.value(row, 4, theirs)
            contacts.formula(row, 5, f"=D{row}-C{row}", theirs - ours)
        contacts.widths({1: 18, 2: 20, 3: 16, 4: 16, 5: 14})
        contacts.freeze(2, 1)
        if len(audit.contacts):
            contacts.autofilter(len(audit.contacts) + 1, len(columns))
        workbook.close()

    return _save(build, path)
