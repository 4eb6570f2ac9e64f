"""Sheet names, headers and phrases of the comparison workbook, in English and Korean.

Every language maps the same keys; :func:`labels` returns one language's table and
:func:`ranking_headers` the header of each column of the ``Ranking`` sheet, so code that
reads a workbook back can find its columns in either language. Criterion identifiers
(``Weights`` column A, ``Scores`` headers) are never translated: they are the keys of the
criteria pack. Names of checks, criteria, channels and KPIs, which other outputs share,
live in :mod:`vendoreval.labels`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from vendoreval.labels import LANGUAGES, check_language

__all__ = [
    "LANGUAGES",
    "RANKING_COLUMNS",
    "SHEETS",
    "labels",
    "ranking_headers",
    "sheet_names",
]

#: Sheet keys, in workbook order.
SHEETS: tuple[str, ...] = (
    "summary",
    "ranking",
    "weights",
    "scores",
    "checks",
    "costs",
    "sensitivity",
    "calc",
)

#: Column keys of the ``Ranking`` sheet, in column order (A, B, …).
RANKING_COLUMNS: tuple[str, ...] = (
    "vendor",
    "score",
    "rank",
    "passed",
    "knockouts",
    "cost_mean",
    "cost_p95",
    "number",
    "sort_key",
)

_EN: dict[str, str] = {
    # sheets
    "sheet.summary": "Summary",
    "sheet.weights": "Weights",
    "sheet.scores": "Scores",
    "sheet.ranking": "Ranking",
    "sheet.calc": "Calc",
    "sheet.costs": "Costs",
    "sheet.checks": "Checks",
    "sheet.sensitivity": "Sensitivity",
    # ranking columns
    "ranking.vendor": "Vendor",
    "ranking.score": "Score",
    "ranking.rank": "Rank",
    "ranking.passed": "Passed",
    "ranking.knockouts": "Knock-outs",
    "ranking.cost_mean": "Mean monthly cost",
    "ranking.cost_p95": "P95 monthly cost",
    "ranking.number": "No.",
    "ranking.sort_key": "Sort key",
    "ranking.chart_title": "Score (live, from the Weights sheet)",
    "ranking.number_note": (
        "Vendors are numbered by lower mean monthly cost, then by name (Unicode code-point "
        "order): the order that breaks ties in score."
    ),
    # weights
    "weights.criterion": "Criterion",
    "weights.weight": "Weight",
    "weights.share": "Share",
    "weights.label": "Meaning",
    "weights.sum": "Sum",
    "weights.prompt_title": "Criterion weight",
    "weights.prompt": "A number ≥ 0. Weights are divided by their sum.",
    "weights.error_title": "Invalid weight",
    "weights.error": "Enter a number greater than or equal to 0.",
    # scores
    "scores.vendor": "Vendor",
    "scores.number": "No.",
    # calc
    "calc.number": "No.",
    "calc.vendor": "Vendor",
    "calc.weight_row": "Weight (normalized)",
    "calc.norm_row": "Column norm",
    "calc.ideal_row": "Ideal",
    "calc.anti_ideal_row": "Anti-ideal",
    "calc.d_plus": "Distance to ideal",
    "calc.d_minus": "Distance to anti-ideal",
    "calc.score": "Score",
    "calc.note_weighted_sum": (
        "Weighted sum: Score = SUMPRODUCT of the vendor's row on the Scores sheet and the "
        "normalized weights in row 2."
    ),
    "calc.note_topsis": (
        "TOPSIS (Hwang & Yoon 1981): each cell is score / column norm × normalized weight; "
        "Score = 100 × distance to anti-ideal / (distance to ideal + distance to anti-ideal)."
    ),
    # costs
    "costs.title": "Monthly cost",
    "costs.vendor": "Vendor",
    "costs.mean": "Mean",
    "costs.std": "Std. dev.",
    "costs.p5": "P5",
    "costs.p50": "Median (P50)",
    "costs.p95": "P95",
    "costs.prob_over_budget": "P(over budget)",
    "costs.drivers": "Cost drivers",
    "costs.col.billing_increment": "Billing increment",
    "costs.col.rounding": "Rounding",
    "costs.col.billed_over_actual": "Billed ÷ actual voice seconds",
    "costs.col.billed_wait_seconds_per_contact": "Billed wait per voice contact [s]",
    "costs.col.billed_wait_share": "Billed wait share of voice seconds",
    "costs.col.agent_hours": "Agent hours [h/month]",
    "costs.col.fte": "FTE",
    "costs.col.voice_minutes": "Voice minutes (mean)",
    "costs.col.per_contact": "Per-contact charges (mean)",
    "costs.col.tiers": "Tiered charges (mean)",
    "costs.col.premiums": "Premiums (mean)",
    "costs.col.fixed": "Fixed fees (mean)",
    "costs.col.staffing": "Staffing charges (mean)",
    "costs.col.minimum_true_up": "Minimum true-up (mean)",
    "costs.col.volume_per_week": "Contacts per week",
    "costs.col.peak_agents": "Peak agents",
    "costs.col.peak_scheduled_agents": "Peak scheduled agents",
    "costs.col.agent_hours_per_month": "Agent hours [h/month]",
    "costs.staffing": "Staffing the traffic needs",
    "costs.channel": "Channel",
    "costs.chart_title": "Monthly cost: P5, median and P95",
    "costs.histogram": (
        "Distribution of monthly cost, first {n} vendors of the ranking (share of runs)"
    ),
    "costs.histogram_chart": "Distribution of monthly cost",
    "costs.bin": "Monthly cost (bin centre)",
    "costs.axis": "Monthly cost",
    "costs.share_axis": "Share of runs",
    # checks
    "checks.item": "Item",
    "checks.score": "Score",
    "checks.reasons": "Reasons",
    "checks.knockouts": "Knock-outs",
    "checks.not_answered": "not answered",
    "checks.yes": "yes",
    "checks.no": "no",
    # sensitivity
    "sensitivity.acceptability": "Rank acceptability (share of weight and cost samples)",
    "sensitivity.vendor": "Vendor",
    "sensitivity.rank": "Rank {n}",
    "sensitivity.rank_rest": "Rank {first}–{last}",
    "sensitivity.stability": "Weight ranges that keep the winner first (weighted sum)",
    "sensitivity.winner": "Winner",
    "sensitivity.criterion": "Criterion",
    "sensitivity.weight": "Weight",
    "sensitivity.low": "Lowest weight",
    "sensitivity.high": "Highest weight",
    "sensitivity.rival_low": "Takes first place below",
    "sensitivity.rival_high": "Takes first place above",
    "sensitivity.chart_title": "Chance of ranking first",
    # summary
    "summary.title": "Vendor comparison",
    "summary.buyer": "Buyer",
    "summary.recommendation": "Recommendation",
    "summary.recommended": (
        "{vendor} ranks first: score {score} of 100, mean monthly cost {cost}."
    ),
    "summary.recommended_failed": (
        "No vendor passed every knock-out rule. {vendor} ranks first among them: score "
        "{score} of 100, mean monthly cost {cost}."
    ),
    "summary.live_first": "First place now (live, follows the Weights sheet)",
    "summary.reasons": "Why",
    "summary.reason": "{criterion}: {score} against {others} for the others (weight {weight})",
    "summary.no_reasons": "No criterion sets the winner apart.",
    "summary.knockouts": "Knock-outs",
    "summary.no_knockouts": "Every vendor passed every knock-out rule.",
    "summary.assumptions": "Key assumptions",
    "summary.channel": "Channel",
    "summary.volume": "Contacts per month",
    "summary.aht": "Handle time [s]",
    "summary.service_level": "Service level",
    "summary.method": "Ranking method",
    "summary.method.weighted_sum": "Weighted sum",
    "summary.method.topsis": "TOPSIS",
    "summary.currency": "Currency",
    "summary.runs": "Simulation runs",
    "summary.seed": "Simulation seed",
    "summary.cost_statistic": "Cost statistic (cost criterion)",
    "summary.generated": "Generated",
    "summary.version": "vendoreval version",
    "summary.how_to": (
        "Edit the weights on the Weights sheet: Score and Rank on the Ranking sheet "
        "recalculate. Text from proposals is stored as text, never as formulas."
    ),
}

_KO: dict[str, str] = {
    "sheet.summary": "요약",
    "sheet.weights": "가중치",
    "sheet.scores": "점수",
    "sheet.ranking": "순위",
    "sheet.calc": "계산",
    "sheet.costs": "비용",
    "sheet.checks": "점검",
    "sheet.sensitivity": "민감도",
    "ranking.vendor": "공급업체",
    "ranking.score": "점수",
    "ranking.rank": "순위",
    "ranking.passed": "통과",
    "ranking.knockouts": "탈락 사유",
    "ranking.cost_mean": "월 평균 비용",
    "ranking.cost_p95": "월 P95 비용",
    "ranking.number": "번호",
    "ranking.sort_key": "정렬 키",
    "ranking.chart_title": "점수 (가중치 시트 반영)",
    "ranking.number_note": (
        "번호는 월 평균 비용이 낮은 순, 같으면 이름(유니코드 코드 포인트) 순입니다. "
        "점수가 같을 때 이 순서로 순위를 정합니다."
    ),
    "weights.criterion": "평가 기준",
    "weights.weight": "가중치",
    "weights.share": "비중",
    "weights.label": "의미",
    "weights.sum": "합계",
    "weights.prompt_title": "평가 기준 가중치",
    "weights.prompt": "0 이상의 숫자. 가중치는 합계로 나누어 사용합니다.",
    "weights.error_title": "잘못된 가중치",
    "weights.error": "0 이상의 숫자를 입력하세요.",
    "scores.vendor": "공급업체",
    "scores.number": "번호",
    "calc.number": "번호",
    "calc.vendor": "공급업체",
    "calc.weight_row": "가중치 (정규화)",
    "calc.norm_row": "열 노름",
    "calc.ideal_row": "이상해",
    "calc.anti_ideal_row": "반이상해",
    "calc.d_plus": "이상해까지 거리",
    "calc.d_minus": "반이상해까지 거리",
    "calc.score": "점수",
    "calc.note_weighted_sum": (
        "가중합: 점수 = 점수 시트의 해당 행과 2행의 정규화 가중치의 SUMPRODUCT입니다."
    ),
    "calc.note_topsis": (
        "TOPSIS (Hwang & Yoon 1981): 각 칸은 점수 / 열 노름 × 정규화 가중치, "
        "점수 = 100 × 반이상해 거리 / (이상해 거리 + 반이상해 거리)."
    ),
    "costs.title": "월 비용",
    "costs.vendor": "공급업체",
    "costs.mean": "평균",
    "costs.std": "표준편차",
    "costs.p5": "P5",
    "costs.p50": "중앙값 (P50)",
    "costs.p95": "P95",
    "costs.prob_over_budget": "예산 초과 확률",
    "costs.drivers": "비용 요인",
    "costs.col.billing_increment": "과금 단위",
    "costs.col.rounding": "올림 방식",
    "costs.col.billed_over_actual": "과금 ÷ 실제 통화 시간",
    "costs.col.billed_wait_seconds_per_contact": "음성 문의당 과금 대기 [초]",
    "costs.col.billed_wait_share": "음성 과금 시간 중 대기 비율",
    "costs.col.agent_hours": "상담사 시간 [시간/월]",
    "costs.col.fte": "FTE",
    "costs.col.voice_minutes": "음성 분 요금 (평균)",
    "costs.col.per_contact": "건당 요금 (평균)",
    "costs.col.tiers": "구간 요금 (평균)",
    "costs.col.premiums": "할증 (평균)",
    "costs.col.fixed": "고정 요금 (평균)",
    "costs.col.staffing": "인력 요금 (평균)",
    "costs.col.minimum_true_up": "최소 요금 보정 (평균)",
    "costs.col.volume_per_week": "주간 문의 건수",
    "costs.col.peak_agents": "최대 상담사",
    "costs.col.peak_scheduled_agents": "최대 배치 상담사",
    "costs.col.agent_hours_per_month": "상담사 시간 [시간/월]",
    "costs.staffing": "트래픽에 필요한 인력",
    "costs.channel": "채널",
    "costs.chart_title": "월 비용: P5, 중앙값, P95",
    "costs.histogram": "월 비용 분포, 순위 상위 {n}개 업체 (시뮬레이션 비율)",
    "costs.histogram_chart": "월 비용 분포",
    "costs.bin": "월 비용 (구간 중앙)",
    "costs.axis": "월 비용",
    "costs.share_axis": "시뮬레이션 비율",
    "checks.item": "항목",
    "checks.score": "점수",
    "checks.reasons": "근거",
    "checks.knockouts": "탈락 사유",
    "checks.not_answered": "답변 없음",
    "checks.yes": "예",
    "checks.no": "아니요",
    "sensitivity.acceptability": "순위 수용도 (가중치·비용 표본 중 비율)",
    "sensitivity.vendor": "공급업체",
    "sensitivity.rank": "{n}위",
    "sensitivity.rank_rest": "{first}–{last}위",
    "sensitivity.stability": "1위가 유지되는 가중치 범위 (가중합)",
    "sensitivity.winner": "1위",
    "sensitivity.criterion": "평가 기준",
    "sensitivity.weight": "가중치",
    "sensitivity.low": "최저 가중치",
    "sensitivity.high": "최고 가중치",
    "sensitivity.rival_low": "이보다 낮으면 1위",
    "sensitivity.rival_high": "이보다 높으면 1위",
    "sensitivity.chart_title": "1위 확률",
    "summary.title": "공급업체 비교",
    "summary.buyer": "발주사",
    "summary.recommendation": "추천",
    "summary.recommended": "{vendor}이(가) 1위입니다: 점수 {score}/100, 월 평균 비용 {cost}.",
    "summary.recommended_failed": (
        "모든 탈락 기준을 통과한 공급업체가 없습니다. 그중 {vendor}이(가) 1위입니다: "
        "점수 {score}/100, 월 평균 비용 {cost}."
    ),
    "summary.live_first": "현재 1위 (가중치 시트 반영)",
    "summary.reasons": "근거",
    "summary.reason": "{criterion}: {score}점, 다른 업체 평균 {others}점 (가중치 {weight})",
    "summary.no_reasons": "1위를 두드러지게 하는 평가 기준이 없습니다.",
    "summary.knockouts": "탈락 사유",
    "summary.no_knockouts": "모든 공급업체가 모든 탈락 기준을 통과했습니다.",
    "summary.assumptions": "주요 가정",
    "summary.channel": "채널",
    "summary.volume": "월 문의 건수",
    "summary.aht": "평균 처리 시간 [초]",
    "summary.service_level": "서비스 수준",
    "summary.method": "순위 방법",
    "summary.method.weighted_sum": "가중합",
    "summary.method.topsis": "TOPSIS",
    "summary.currency": "통화",
    "summary.runs": "시뮬레이션 횟수",
    "summary.seed": "시뮬레이션 시드",
    "summary.cost_statistic": "비용 통계량 (비용 기준)",
    "summary.generated": "작성일",
    "summary.version": "vendoreval 버전",
    "summary.how_to": (
        "가중치 시트에서 가중치를 바꾸면 순위 시트의 점수와 순위가 다시 계산됩니다. "
        "제안서의 텍스트는 수식이 아닌 텍스트로 저장됩니다."
    ),
}

_TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"en": MappingProxyType(_EN), "ko": MappingProxyType(_KO)}
)


def labels(language: str) -> Mapping[str, str]:
    """Return the label table of ``language``.

    Parameters
    ----------
    language : {"en", "ko"}
        Workbook language.

    Returns
    -------
    Mapping of str to str
        Label key (``"sheet.ranking"``, ``"ranking.score"``…) → text.

    Raises
    ------
    ValueError
        For an unknown language; the message lists ``"en"`` and ``"ko"``.
    """
    return _TABLES[check_language(language)]


def sheet_names(language: str) -> dict[str, str]:
    """Sheet key (:data:`SHEETS`) → sheet name in ``language``.

    Examples
    --------
    >>> sheet_names("ko")["ranking"]
    '순위'
    """
    table = labels(language)
    return {key: table[f"sheet.{key}"] for key in SHEETS}


def ranking_headers(language: str) -> dict[str, str]:
    """Column key (:data:`RANKING_COLUMNS`) → header text of the ``Ranking`` sheet.

    The headers sit in row 1, in the order of :data:`RANKING_COLUMNS` (``vendor`` in
    column A). In English the vendor, score and rank columns are ``Vendor``, ``Score``
    and ``Rank``.

    Examples
    --------
    >>> ranking_headers("en")["score"], ranking_headers("ko")["score"]
    ('Score', '점수')
    """
    table = labels(language)
    return {key: table[f"ranking.{key}"] for key in RANKING_COLUMNS}
