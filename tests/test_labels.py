"""Tests of vendoreval.labels: complete tables in both languages, a leaf module."""

from __future__ import annotations

import ast
import inspect

import pytest

import vendoreval
from vendoreval import labels
from vendoreval.labels import (
    CHANNEL_LABELS,
    CHECK_LABELS,
    KPI_LABELS,
    LANGUAGES,
    SHORT_CHECK_LABELS,
    channel_label,
    check_label,
    check_language,
    criterion_label,
    kpi_label,
)
from vendoreval.vocabulary import Channel, Kpi

#: The KPIs of commitments, pilots and outcomes (DESIGN.md, "KPI keys").
OUTCOME_KPIS = (
    "service_level",
    "asa_seconds",
    "abandonment",
    "response_within_hours",
    "fcr",
    "csat",
    "qa_score",
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_check_criterion_channel_and_kpi_has_a_label(language: str) -> None:
    assert set(CHECK_LABELS[language]) == {*vendoreval.CHECKS, "cost"}
    assert set(SHORT_CHECK_LABELS[language]) == set(CHECK_LABELS[language])
    assert set(CHANNEL_LABELS[language]) == {channel.value for channel in Channel}
    assert {*OUTCOME_KPIS, *(kpi.value for kpi in Kpi)} == set(KPI_LABELS[language])
    for table in (CHECK_LABELS, SHORT_CHECK_LABELS, CHANNEL_LABELS, KPI_LABELS):
        assert all(text.strip() for text in table[language].values())


def test_languages_differ_where_words_do() -> None:
    for check in vendoreval.CHECKS:
        assert check_label(check, "en") != check_label(check, "ko") or check == "crm"
    assert check_label("crm", "ko") == "CRM 연동"
    assert kpi_label("fcr", "ko") == "1차 해결률"
    assert channel_label(Channel.PHONE, "ko") == "전화"


def test_known_names() -> None:
    assert check_label("coverage", "en") == "Needs & coverage"
    assert check_label("security", "en", short=True) == "Security & DR"
    assert criterion_label("cost", "ko") == "월 비용"
    assert kpi_label("asa_seconds", "en") == "Average speed of answer [s]"
    assert kpi_label("phone.abandonment", "en") == "Abandonment rate (phone)"
    assert kpi_label("social.csat", "en") == "Customer satisfaction (top-2-box) (social media)"
    assert kpi_label("chat.qa_score", "ko") == "채팅 품질 점수"


def test_unknown_keys_are_shown_as_given() -> None:
    assert check_label("uptime", "en") == "uptime"
    assert criterion_label("uptime", "ko", short=True) == "uptime"
    assert kpi_label("nps_delta", "en") == "nps_delta"
    assert kpi_label("fax.service_level", "en") == "Service level (fax)"
    assert channel_label("fax", "ko") == "fax"


@pytest.mark.parametrize(
    "call",
    [
        lambda: check_label("coverage", "fr"),
        lambda: criterion_label("cost", "EN"),
        lambda: kpi_label("csat", "de"),
        lambda: channel_label("phone", ""),
        lambda: check_language("jp"),
    ],
)
def test_unknown_language_lists_the_languages(call: object) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match=r"language: .*'en', 'ko'"):
        call()


def test_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        CHECK_LABELS["en"]["coverage"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        KPI_LABELS["fr"] = {}  # type: ignore[index]


def test_labels_is_a_leaf() -> None:
    """labels imports nothing from vendoreval but its errors, so every layer may use it."""
    tree = ast.parse(inspect.getsource(labels))
    imported = [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    inside = [name for name in imported if name.startswith("vendoreval")]
    assert inside == ["vendoreval.errors"], imported
