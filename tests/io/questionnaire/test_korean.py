"""The questionnaire in Korean: labels, help and sheet names, and the round trip in both
languages carrying every field (the Korean answers included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pydantic import BaseModel, Field, create_model

from tests.builders import kr_needs, kr_vendors
from tests.io.questionnaire.test_layout import FULL, NEEDS
from vendoreval.errors import ArgumentError, ArgumentTypeError, QuestionnaireError
from vendoreval.io.questionnaire import (
    Layout,
    build_layout,
    default_layout,
    fill_questionnaire,
    read_questionnaire,
    write_questionnaire,
)
from vendoreval.io.questionnaire.korean import BLANK_TEXT, FIELD_TEXT, korean_text
from vendoreval.io.questionnaire.layout import layout_for_sheets
from vendoreval.io.questionnaire.metadata import METADATA_KEY, check_language
from vendoreval.io.questionnaire.spec import ColumnSpec, FieldSpec
from vendoreval.io.questionnaire.writer import buyer_hints
from vendoreval.proposal import CrmAnswer, Wages

KO = default_layout("ko")
EN = default_layout("en")
SHEETS = [
    "안내",
    "커버리지",
    "레퍼런스",
    "인력·언어",
    "CRM",
    "소셜미디어",
    "센터 위치",
    "보안·정책·DR",
    "가격·청구",
    "서비스 약정",
    "계약 조건",
]


def hangul(text: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" for char in text)


def _rows(layout: Layout) -> list[tuple[str, FieldSpec | ColumnSpec | str]]:
    """Every field row, table column and table title, by sheet."""
    found: list[tuple[str, FieldSpec | ColumnSpec | str]] = []
    for sheet in layout.sheets:
        found += [(sheet.name, field) for field in sheet.fields]
        for table in sheet.tables:
            found.append((sheet.name, table.title))
            found += [(sheet.name, column) for column in table.columns]
    return found


# ----------------------------------------------------------------------------- the layout


def test_korean_sheet_names_and_titles() -> None:
    assert KO.language == "ko"
    assert EN.language == "en"
    assert [sheet.name for sheet in KO.sheets] == SHEETS
    for sheet in KO.sheets:
        assert hangul(sheet.title), sheet.title
        assert hangul(sheet.intro), sheet.intro
    assert KO.instructions.intro.startswith("커버리지부터 계약 조건까지의 시트에 답해 주십시오")


def test_every_label_and_help_is_korean() -> None:
    for sheet, item in _rows(KO):
        if isinstance(item, str):
            assert hangul(item), (sheet, item)
            continue
        if item.label == "24/7":  # the around-the-clock column of an hours table
            assert hangul(item.help)
            continue
        assert hangul(item.label), (sheet, item.label)
        assert hangul(item.help), (sheet, item.label, item.help)


def test_the_two_languages_ask_the_same_questions() -> None:
    assert [s.root for s in KO.sheets] == [s.root for s in EN.sheets]
    for ko, en in zip(KO.sheets, EN.sheets, strict=True):
        assert [(f.path, f.kind, f.choices) for f in ko.fields] == [
            (f.path, f.kind, f.choices) for f in en.fields
        ]
        assert [(t.path, t.shape, t.rows) for t in ko.tables] == [
            (t.path, t.shape, t.rows) for t in en.tables
        ]
        for kt, et in zip(ko.tables, en.tables, strict=True):
            assert [(c.key, c.kind, c.choices) for c in kt.columns] == [
                (c.key, c.kind, c.choices) for c in et.columns
            ]
    assert KO.sources == EN.sources


def test_help_in_korean_by_hand() -> None:
    staffing = {f.path: f for f in KO.sheet("인력·언어").fields}
    form = staffing[("contract_form", "form")]
    assert form.label == "계약 형태 (도급 또는 파견)"
    assert form.help.endswith("; 이 묶음에 답하면 필수; 다음 중 하나: subcontract, dispatch")
    wages = staffing[("wages", "direct_labour_share")]
    assert wages.help == (
        "월 청구액 가운데 상담사 직접노무비로 지급되는 비율; 0–1 사이 소수: 12%이면 0.12 "
        "(12% 같은 백분율은 받지 않음); 빈칸 = 미기재"
    )
    english = {f.path: f for f in EN.sheet("Staffing").fields}
    assert english[("contract_form", "form")].label == "Contract form (도급 or 파견)"
    assert english[("wages", "direct_labour_share")].help.endswith("; blank = not stated")
    assert BLANK_TEXT["blank = not stated"] == "빈칸 = 미기재"


def test_every_field_has_korean_text() -> None:
    """Each field shown has Korean from its own metadata or from the table, and the table
    names only fields that exist."""
    for model, name in FIELD_TEXT:
        assert name in model.model_fields, (model.__name__, name)
    for model, name in EN.sources:
        extra = model.model_fields[name].json_schema_extra
        own = extra.get(METADATA_KEY, {}).get("ko", {}) if isinstance(extra, dict) else {}
        assert "label" in {**korean_text(model, name), **own}, (model.__name__, name)


def test_layout_for_sheets() -> None:
    assert layout_for_sheets(SHEETS) is KO
    assert layout_for_sheets([s.name for s in EN.sheets]) is EN
    assert layout_for_sheets(["Sheet1"]) is EN
    assert layout_for_sheets(["안내", "CRM"]) is KO


# ----------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_field_round_trips_in_both_languages(tmp_path: Path, language: str) -> None:
    path = fill_questionnaire(FULL, tmp_path / f"full-{language}.xlsx", NEEDS, language=language)
    assert openpyxl.load_workbook(path).sheetnames == [
        s.name for s in default_layout(language).sheets
    ]
    assert read_questionnaire(path) == FULL


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_korean_vendors_round_trip(tmp_path: Path, language: str) -> None:
    needs = kr_needs()
    for proposal in kr_vendors():
        path = fill_questionnaire(
            proposal, tmp_path / f"{proposal.name}.xlsx", needs, language=language
        )
        assert read_questionnaire(path) == proposal


def _cells(path: Path, sheet: str) -> dict[str, Any]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {cell.coordinate: cell.value for row in ws.iter_rows() for cell in row if cell.value}


def test_a_vendor_fills_the_korean_workbook_by_its_labels(tmp_path: Path) -> None:
    """Answers typed next to the Korean labels are read into the answer models."""
    mirae = next(p for p in kr_vendors() if p.name == "Mirae Contact")
    path = fill_questionnaire(mirae, tmp_path / "mirae.xlsx", language="ko")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["인력·언어"]
    rows = {ws.cell(row, 1).value: row for row in range(1, ws.max_row + 1)}
    ws.cell(rows["폭언 후 휴게시간 연장"], 2).value = "no"
    ws.cell(rows["전일제 상담사 최저 월 임금 (원)"], 2).value = 2_400_000
    ws.cell(rows["계약 형태 (도급 또는 파견)"], 2).value = "dispatch"
    ws.cell(rows["근로자파견사업 허가 보유"], 2).value = "yes"
    workbook.save(path)
    back = read_questionnaire(path)
    assert back.staffing is not None
    assert back.staffing.agent_protection is not None
    assert back.staffing.agent_protection.extra_breaks is False
    assert back.staffing.wages is not None
    assert back.staffing.wages.agent_monthly_pay_krw == 2_400_000
    assert back.staffing.contract_form is not None
    assert back.staffing.contract_form.form == "dispatch"
    assert back.staffing.contract_form.dispatch_licence is True


def test_a_bad_korean_answer_is_reported_at_its_cell(tmp_path: Path) -> None:
    mirae = next(p for p in kr_vendors() if p.name == "Mirae Contact")
    path = fill_questionnaire(mirae, tmp_path / "mirae.xlsx", language="ko")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["보안·정책·DR"]
    row = next(
        r
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 1).value == "개인정보 유출 시 발주사 통지 기한"
    )
    ws.cell(row, 2).value = "하루"
    workbook.save(path)
    with pytest.raises(
        QuestionnaireError, match=rf"보안·정책·DR!B{row} \(개인정보 유출 시 발주사 통지 기한\)"
    ):
        read_questionnaire(path)


# ----------------------------------------------------------------------------- the written workbook


def test_the_blank_korean_workbook(tmp_path: Path) -> None:
    path = write_questionnaire(tmp_path / "q.xlsx", NEEDS, vendor_name="미래컨택트", language="ko")
    cells = _cells(path, "안내")
    assert cells["A1"] == "수급인 질의서 — 컨택센터 위탁 운영"
    assert (cells["A3"], cells["B3"], cells["C3"]) == ("항목", "답변", "단위 / 허용 값")
    assert cells["B4"] == "미래컨택트"
    texts = set(cells.values())
    assert "작성 방법" in texts
    assert "발주사 정보" in texts
    assert "필수 보안 인증" in texts
    assert any(str(t).startswith("• 노란색 셀에 답해 주십시오") for t in texts)
    coverage = _cells(path, "커버리지")
    assert coverage["A1"] == "1 · 요구사항과 커버리지"
    assert any(
        "발주사는 phone, messaging, email, social 채널이 필요함" in str(v)
        for v in coverage.values()
    )
    with pytest.raises(QuestionnaireError, match="가격·청구"):
        read_questionnaire(path)  # the pricing sheet must be answered


def test_buyer_hints_in_korean() -> None:
    hints = buyer_hints(NEEDS, "ko")
    assert set(hints) == set(buyer_hints(NEEDS))  # every path as in English
    assert hints[("security", "certifications")] == "발주사 필수 인증: isms_p, pci_dss"


# ----------------------------------------------------------------------------- errors


def test_language_arguments(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="language: expected one of en, ko, got 'ja'"):
        write_questionnaire(tmp_path / "q.xlsx", language="ja")
    with pytest.raises(ArgumentError, match="the layout is in 'en', not 'ko'"):
        write_questionnaire(tmp_path / "q.xlsx", layout=EN, language="ko")
    with pytest.raises(ArgumentError, match="language"):
        build_layout(language="kr")
    assert check_language("ko") == "ko"
    path = write_questionnaire(tmp_path / "k.xlsx", layout=KO)
    assert openpyxl.load_workbook(path).sheetnames == SHEETS


def _crm(extra: dict[str, Any]) -> type[BaseModel]:
    return create_model(
        "CrmAnswer",
        __base__=CrmAnswer,
        video_calls=(bool, Field(False, description="video", json_schema_extra=extra)),
    )


@pytest.mark.parametrize(
    ("extra", "error", "match"),
    [
        (
            {"questionnaire": {"ko": {"lable": "영상"}}},
            ArgumentError,
            "unknown questionnaire metadata ko.lable",
        ),
        ({"questionnaire": {"ko": "영상"}}, ArgumentTypeError, "'ko' must be a mapping"),
        ({"questionnaire": {"ko": {"label": 3}}}, ArgumentTypeError, "ko.label must be text"),
        ({"questionnaire": {"ko": {"key": {"colour": 1}}}}, ArgumentError, "key.colour"),
    ],
)
def test_bad_korean_metadata_names_the_field(
    extra: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        build_layout(models={"crm": _crm(extra)})


def test_a_field_without_korean_falls_back_to_english() -> None:
    layout = build_layout(
        models={"crm": _crm({"questionnaire": {"label": "Video calls"}})}, language="ko"
    )
    row = next(f for f in layout.sheet("CRM").fields if f.path == ("video_calls",))
    assert row.label == "Video calls"
    assert row.help == "video; yes 또는 no; 빈칸 = no"
    with_korean = _crm({"questionnaire": {"label": "Video calls", "ko": {"label": "영상 상담"}}})
    row = next(
        f
        for f in build_layout(models={"crm": with_korean}, language="ko").sheet("CRM").fields
        if f.path == ("video_calls",)
    )
    assert row.label == "영상 상담"


def test_the_wages_model_keeps_its_korean_in_its_metadata() -> None:
    extra = Wages.model_fields["agent_monthly_pay_krw"].json_schema_extra
    assert isinstance(extra, dict)
    assert extra[METADATA_KEY]["ko"]["label"] == "전일제 상담사 최저 월 임금 (원)"
