"""Korean words of the questionnaire: sheet names and titles, field labels, help, instructions.

A field's Korean text lives in its metadata, ``json_schema_extra={"questionnaire": {"label":
…, "ko": {"label": …, "description": …}}}`` (the answer models added for Korean buyers carry
it there). The fields that were written before the Korean questionnaire get theirs from
:data:`FIELD_TEXT` here, keyed by model and field; a field's own ``"ko"`` metadata wins over
this table, and a text missing from both falls back to English.

Cell values do not change with the language: ``yes``/``no``, choices (``phone``,
``subcontract``…) and codes are the same in both questionnaires, so one reader accepts both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import BaseModel

from vendoreval.contract import Commitment, GradeBand, ServiceCredits
from vendoreval.io.questionnaire.spec import Kind
from vendoreval.pricing.sheet import AfterHours, Premiums, PriceSheet, TierBand, VolumeTier
from vendoreval.proposal import (
    ClientReference,
    CoachingProgram,
    ContractTerms,
    CoverageAnswer,
    CrmAnswer,
    DisasterRecovery,
    LanguageStaff,
    LocationAnswer,
    PilotOutcome,
    PricingAnswer,
    ReferencesAnswer,
    Reporting,
    SecurityAnswer,
    Site,
    SocialAnswer,
    StaffingAnswer,
    VendorProposal,
)

__all__ = [
    "BLANK_TEXT",
    "FIELD_TEXT",
    "KIND_HINTS",
    "LANGUAGES",
    "TEXT",
    "korean_text",
]

LANGUAGES: Final = ("en", "ko")
"""Languages a questionnaire can be written in."""


def _t(label: str, description: str = "", **more: Any) -> dict[str, Any]:
    text: dict[str, Any] = {"label": label}
    if description:
        text["description"] = description
    text.update(more)
    return text


FIELD_TEXT: Final[Mapping[tuple[type[BaseModel], str], Mapping[str, Any]]] = {
    # the proposal: the vendor's name and summary, and one sheet per check
    (VendorProposal, "name"): _t("수급인(업체)명", "업체의 법인명"),
    (VendorProposal, "summary"): _t("업체 소개", "업체를 소개하는 한 문단"),
    (VendorProposal, "coverage"): _t(
        "커버리지",
        sheet="커버리지",
        title="1 · 요구사항과 커버리지",
        intro="이 업무에 배치할 채널, 운영 시간, 수용 능력을 답해 주십시오.",
    ),
    (VendorProposal, "references"): _t(
        "레퍼런스",
        sheet="레퍼런스",
        title="2 · 레퍼런스",
        intro="발주사가 연락할 수 있는 고객사와, 발주사를 위한 인력 배치와 교육 방식을 답해 "
        "주십시오.",
    ),
    (VendorProposal, "staffing"): _t(
        "인력·언어",
        sheet="인력·언어",
        title="3 · 인력과 언어",
        intro="발주사 고객을 응대할 인력: 언어, 경력, 품질 체계, 계약 형태, 상담사 보호, 임금.",
    ),
    (VendorProposal, "crm"): _t(
        "CRM",
        sheet="CRM",
        title="4 · CRM 연동",
        intro="상담 데이터가 발주사 CRM에 어떻게, 얼마나 빨리 들어가며 누구의 소유인지 답해 "
        "주십시오.",
    ),
    (VendorProposal, "social"): _t(
        "소셜미디어",
        sheet="소셜미디어",
        title="5 · 소셜미디어 지원",
        intro="지원하는 플랫폼, 첫 응답 시간, 소셜 상담 운영 시간을 답해 주십시오.",
    ),
    (VendorProposal, "location"): _t(
        "센터 위치",
        sheet="센터 위치",
        title="6 · 센터 위치",
        intro="발주사 업무를 수행할 사이트와 발주사 고객 데이터의 저장 위치를 답해 주십시오.",
    ),
    (VendorProposal, "security"): _t(
        "보안·정책·DR",
        sheet="보안·정책·DR",
        title="7 · 보안, 정책, 재해복구",
        intro="인증, 고객 데이터 분리, 재해복구, 보고, 개인정보 처리위탁, 아웃바운드 통제를 답해 "
        "주십시오.",
    ),
    (VendorProposal, "pricing"): _t(
        "가격·청구",
        sheet="가격·청구",
        title="8 · 가격과 청구",
        intro="가격표: 통화 측정과 과금 방식, 단가, 수수료, 구간 요금, 할증.",
    ),
    # service commitments and credits, and the contract's lifecycle terms
    (VendorProposal, "commitments"): _t(
        "서비스 약정",
        sheet="서비스 약정",
        title="서비스 수준 약정과 크레딧",
        intro="약정하는 서비스 수준과 미달 시 크레딧: 월 용역비 중 위험 부담 비율, 또는 용역비를 "
        "조정하는 월간 등급(S–D).",
    ),
    (VendorProposal, "terms"): _t(
        "계약 조건",
        sheet="계약 조건",
        title="계약 조건: 전환, 갱신, 해지",
        intro="계약의 시작(전환 비용, 병행 운영, 학습 곡선), 갱신과 중도 해지 조건.",
    ),
    (ServiceCredits, "commitments"): _t(
        "약정 항목",
        "채널과 지표별로 약정하는 서비스 수준",
        table="서비스 약정 — 한 행에 채널과 지표 하나",
    ),
    (ServiceCredits, "at_risk_share"): _t(
        "위험 부담 비율", "약정 미달 시 크레딧으로 걸린 월 용역비의 비율, 0–1 (풀 방식)"
    ),
    (ServiceCredits, "grades"): _t(
        "월간 등급",
        "월간 등급(S–D)과 등급별 용역비 조정률; 풀 방식이면 비워 둠",
        table="월간 등급 — 한 행에 등급 하나 (위험 부담 풀 방식이면 비워 둠)",
    ),
    (ServiceCredits, "earn_back_months"): _t(
        "크레딧 환급 개월 수", "미달 후 이 개월 수 동안 약정을 지키면 크레딧을 돌려받음"
    ),
    (Commitment, "channel"): _t("채널", "측정하는 채널"),
    (Commitment, "kpi"): _t(
        "지표",
        "service_level(기준 시간 내 응답 ÷ 인입), asa_seconds(평균 응답 대기), "
        "abandonment(포기율), response_within_hours, fcr, csat, qa_score",
    ),
    (Commitment, "target"): _t("목표", "약정 수준: 비율 0–1 (80%면 0.8), asa_seconds는 초"),
    (Commitment, "threshold_seconds"): _t("응답 기준 시간", "service_level의 응답 기준 [초]"),
    (Commitment, "threshold_hours"): _t(
        "회신 기준 시간", "response_within_hours의 회신 기준 [시간]"
    ),
    (Commitment, "weight"): _t(
        "가중치", "0 이상: 미달 시 풀에서 차감되는 비율(풀 방식) 또는 등급 점수의 가중치"
    ),
    (GradeBand, "grade"): _t("등급", "등급 이름 (예: S, A, B, C, D)"),
    (GradeBand, "min_score"): _t("최저 점수", "이 등급을 받는 최저 월간 점수 0–100"),
    (GradeBand, "adjustment"): _t(
        "용역비 조정률", "월 용역비 변동, -1–1: -0.05는 5% 차감, +0.03은 3% 가산"
    ),
    (PriceSheet, "committed_ftes"): _t(
        "약정 상담 인원",
        "인원 도급: 채널별 약정 전일제 상담사 수 (FTE 단가로 청구)",
        table="약정 상담 인원 (인원 도급) — 한 행에 채널 하나",
        key={"label": "채널", "description": "한 행에 채널 하나"},
        value={"label": "전일제 상담사", "description": "채널에 약정한 상담사 [FTE]"},
    ),
    (PriceSheet, "annual_increase"): _t(
        "연간 단가 인상률", "계약 기념일마다 적용하는 단가 변동, -0.5–1 (0.03 = 3% 인상)"
    ),
    (PriceSheet, "training_fee_per_hire"): _t(
        "신규 채용 교육비", "퇴사자를 대체하는 상담사 1명당 채용·교육 비용 [통화]"
    ),
    (ContractTerms, "transition_fee"): _t(
        "전환 비용 (1회)", "업무 이관 비용: 지식 이전, 프로세스 정리, 병행 운영 준비 [통화]"
    ),
    (ContractTerms, "double_running_months"): _t(
        "병행 운영 개월 수", "오픈 후 발주사의 기존 운영을 함께 유지해야 하는 개월 수"
    ),
    (ContractTerms, "learning_curve"): _t(
        "학습 곡선",
        "오픈 초기 각 월의 처리 시간 배수 (1 이상, 1이면 정상)",
        table="학습 곡선 — 1, 2, … 개월째의 처리 시간 배수, 한 행에 한 달",
        value={"label": "처리 시간 배수", "description": "해당 월의 처리 시간 배수 (1 이상)"},
    ),
    (ContractTerms, "minimum_term_months"): _t("최소 계약 기간", "최초 계약 기간 [개월]"),
    (ContractTerms, "renewal_increase"): _t(
        "갱신 시 단가 변동", "최소 계약 기간 후 갱신할 때 모든 단가의 변동, -0.5–1"
    ),
    (ContractTerms, "termination_fee"): _t(
        "중도 해지 수수료", "최소 계약 기간 전에 해지할 때의 수수료 [통화]"
    ),
    # 1 coverage
    (CoverageAnswer, "channels"): _t("제공 채널", "이 업무에 배치할 채널"),
    (CoverageAnswer, "hours"): _t(
        "운영 시간",
        "채널별 시간을 따로 정하지 않은 모든 채널의 운영 시간 (발주사 시간대)",
        table="운영 시간 (발주사 시간대) — 한 행에 주간 시간대 하나",
    ),
    (CoverageAnswer, "channel_hours"): _t(
        "채널별 운영 시간", "운영 시간이 다른 채널의 시간 (발주사 시간대)"
    ),
    (CoverageAnswer, "covers_holidays"): _t("공휴일 운영", "공휴일에도 서비스를 운영함"),
    (CoverageAnswer, "seats"): _t("오픈 시점 좌석 수", "서비스 오픈 시 이 업무용 좌석 [석]"),
    (CoverageAnswer, "peak_ramp_up_seats"): _t(
        "피크 시 추가 좌석", "피크 때 추가할 수 있는 좌석 [석]"
    ),
    (CoverageAnswer, "ramp_up_notice_days"): _t(
        "추가 좌석 확보에 필요한 사전 통보 기간", "피크 좌석을 추가하는 데 필요한 사전 통보 [일]"
    ),
    # 2 references
    (ReferencesAnswer, "references"): _t(
        "고객사 레퍼런스",
        "발주사가 연락할 수 있는 고객사",
        table="고객사 레퍼런스 — 한 행에 고객사 하나",
    ),
    (ReferencesAnswer, "offers_dedicated_team"): _t(
        "이 업무 전담 팀", "상담사가 발주사 업무만 전담함"
    ),
    (ReferencesAnswer, "offers_onsite_training"): _t(
        "발주사 본사 현장 교육", "발주사 본사에서 상담사를 교육함"
    ),
    (ReferencesAnswer, "pilot"): _t("파일럿", "파일럿을 운영한 경우 그 결과"),
    (ClientReference, "client"): _t("고객사", "고객사명"),
    (ClientReference, "industry"): _t("업종", "고객사의 업종 (발주사 업종과 비교), 예: e-commerce"),
    (ClientReference, "years"): _t("거래 기간", "거래 기간 [년]"),
    (ClientReference, "channels"): _t("지원 채널", "해당 고객사에 제공하는 채널"),
    (ClientReference, "contactable"): _t("연락 가능", "고객사가 레퍼런스 통화에 동의함"),
    (ClientReference, "check_outcome"): _t(
        "레퍼런스 확인 결과", "발주사의 레퍼런스 통화 결과, 발주사가 작성"
    ),
    (ClientReference, "serves_competitor"): _t("발주사 경쟁사", "고객사가 발주사의 경쟁사임"),
    (ClientReference, "dedicated_agents"): _t("전담 상담사", "고객사에 전담(비공유) 팀이 있음"),
    (ClientReference, "onsite_training_at_hq"): _t(
        "고객사 본사 교육", "고객사 본사에서 상담사를 교육했음"
    ),
    (PilotOutcome, "weeks"): _t(
        "파일럿 기간",
        "파일럿 기간 [주]",
        blank="파일럿을 하지 않았다면 파일럿 네 행을 비워 두십시오",
    ),
    (PilotOutcome, "first_contact_resolution"): _t(
        "파일럿 첫 통화 해결률", "파일럿에서 첫 상담으로 해결된 비율"
    ),
    (PilotOutcome, "csat"): _t(
        "파일럿 CSAT (top-2-box)", "파일럿에서 만족한 고객 비율 (top-2-box)"
    ),
    (PilotOutcome, "churn_rate"): _t(
        "파일럿 고객 이탈률", "파일럿 대상 고객 중 이탈한 비율 (낮을수록 좋음)"
    ),
    # 3 staffing
    (StaffingAnswer, "languages"): _t(
        "언어별 상담사", "언어별 상담사 수", table="언어별 상담사 — 한 행에 언어 하나"
    ),
    (StaffingAnswer, "certifications"): _t(
        "보유 품질 인증", "보유한 컨택센터 품질 인증 (예: copc, iso18295)"
    ),
    (StaffingAnswer, "industry_years"): _t("발주사 업종 경력", "발주사 업종 서비스 경력 [년]"),
    (StaffingAnswer, "annual_attrition"): _t(
        "상담사 연간 이직률", "1년 동안 퇴사하는 상담사 비율", blank="빈칸 = 0.35로 가정"
    ),
    (StaffingAnswer, "onboarding_hours"): _t(
        "상담사 1인당 입문 교육", "서비스 투입 전 상담사 1인당 입문 교육 [시간]"
    ),
    (StaffingAnswer, "coaching"): _t("코칭 프로그램", "품질·코칭 프로그램"),
    (StaffingAnswer, "team_lead_interview_rating"): _t(
        "팀장 면접 평가",
        "제안된 팀장 면접에 대한 발주사의 평가, 발주사가 작성: 1(나쁨)–5(매우 좋음)",
        blank="빈칸 = 평가 안 함",
    ),
    (StaffingAnswer, "culture_fit_rating"): _t(
        "조직문화 적합성 평가",
        "조직문화 적합성에 대한 발주사의 평가, 발주사가 작성: 1(나쁨)–5(매우 좋음)",
        blank="빈칸 = 평가 안 함",
    ),
    (StaffingAnswer, "shrinkage"): _t(
        "슈링키지", "근무시간 중 상담 외 시간의 비율 (휴식, 교육, 결근), 0 이상 1 미만"
    ),
    (StaffingAnswer, "scheduled_hours_per_fte_month"): _t(
        "전일제 상담사 월 근무 시간",
        "전일제 상담사 한 명이 한 달에 실제 근무하는 시간 (주휴 시간 제외, 주 40시간이면 "
        "173.33), 0 초과 190 이하 [시간/월]",
    ),
    (LanguageStaff, "language"): _t("언어", "BCP 47 코드: ko, en, ja, es-419, pt-BR, zh-Hant 등"),
    (LanguageStaff, "agents"): _t(
        "상담사 수", "해당 언어를 기재한 수준 이상으로 구사하는 상담사 [명]"
    ),
    (LanguageStaff, "cefr"): _t(
        "최저 구사 수준 (CEFR)", "가장 낮은 구사 수준: A1(최저) … C2(원어민 수준)"
    ),
    (CoachingProgram, "operating_manuals"): _t(
        "고객사별 업무 매뉴얼", "고객사별로 문서화된 운영 매뉴얼"
    ),
    (CoachingProgram, "difficult_customer_policy"): _t(
        "악성·난해 고객 응대 정책", "악성 또는 난해한 고객을 응대하는 문서화된 방법"
    ),
    (CoachingProgram, "agent_protection_policy"): _t(
        "상담사 보호 정책", "폭언 등으로부터 상담사 보호 (통화 종료 권한, 상담 지원 등)"
    ),
    (CoachingProgram, "qa_sampling_rate"): _t("QA 점검 비율", "품질 점검하는 상담의 비율"),
    (CoachingProgram, "coaching_hours_per_agent_month"): _t(
        "상담사 1인당 1:1 코칭", "상담사 1인당 월 1:1 코칭 [시간/월]"
    ),
    # 4 CRM
    (CrmAnswer, "connectors"): _t("운영 중인 CRM 커넥터", "운영 환경 커넥터를 보유한 CRM"),
    (CrmAnswer, "modes"): _t("연동 방식", "지원하는 연동 방식"),
    (CrmAnswer, "sync_latency_seconds"): _t(
        "상담 내용이 CRM에 반영되기까지의 시간",
        "상담 내용이 발주사 CRM에 나타나기까지의 통상 지연, 0 초과 [초]",
        blank="빈칸 = 86400 (하루)",
    ),
    (CrmAnswer, "writes_back_to_client_crm"): _t(
        "발주사 CRM에 상담 이력 기록", "상담 이력을 업체 도구만이 아니라 발주사 CRM에 기록함"
    ),
    (CrmAnswer, "unified_customer_view"): _t(
        "채널 통합 고객 이력", "상담사가 채널 구분 없이 하나의 고객 이력을 봄"
    ),
    (CrmAnswer, "client_owns_data"): _t(
        "상담 데이터의 발주사 소유", "계약상 상담 데이터는 발주사 소유임"
    ),
    # 5 social
    (SocialAnswer, "platforms"): _t("지원 플랫폼", "지원하는 소셜 플랫폼"),
    (SocialAnswer, "median_first_response_minutes"): _t(
        "첫 응답 시간 중앙값", "첫 응답까지 걸리는 시간의 중앙값, 0 초과 [분]"
    ),
    (SocialAnswer, "hours"): _t(
        "소셜 상담 운영 시간",
        "소셜 채널 운영 시간 (발주사 시간대)",
        table="소셜 상담 운영 시간 (발주사 시간대) — 한 행에 주간 시간대 하나",
    ),
    # 6 location
    (LocationAnswer, "sites"): _t(
        "서비스 제공 사이트",
        "발주사 업무를 수행할 사이트",
        table="서비스 제공 사이트 — 한 행에 사이트 하나",
    ),
    (LocationAnswer, "data_stored_in"): _t(
        "발주사 데이터 저장 국가",
        "발주사 고객 데이터를 저장할 국가, ISO 3166 코드: KR, US, MX 등",
        blank="빈칸 = 미기재",
    ),
    (Site, "country"): _t("국가", "사이트 국가, ISO 3166 코드: KR, MX 등"),
    (Site, "city"): _t("도시", "사이트 도시"),
    (Site, "timezone"): _t("시간대", "사이트의 IANA 시간대: Asia/Seoul, America/Mexico_City 등"),
    (Site, "seats"): _t("좌석 수", "사이트 좌석 [석]"),
    (Site, "languages"): _t(
        "지원 언어", "사이트에서 지원하는 언어, BCP 47 코드: ko, en, es-419 등"
    ),
    (Site, "redundant_power"): _t("비상 전원", "비상 전원 (UPS 및 발전기)"),
    (Site, "redundant_network"): _t("이중화 통신망", "독립된 통신 사업자 두 곳 이상"),
    # 7 security
    (SecurityAnswer, "certifications"): _t("보유 보안 인증", "현재 유효한 보안 인증"),
    (SecurityAnswer, "segregation"): _t(
        "발주사 데이터 분리 수준", "발주사 데이터를 다른 고객사 데이터와 분리하는 방식 (약한 순)"
    ),
    (SecurityAnswer, "disaster_recovery"): _t("재해복구", "재해복구 계획과 목표"),
    (SecurityAnswer, "reporting"): _t("보고", "보고서와 보고하는 KPI"),
    (DisasterRecovery, "documented"): _t(
        "재해복구 계획서", "문서화된 재해복구·업무연속성 계획이 있음"
    ),
    (DisasterRecovery, "last_tested"): _t(
        "최근 재해복구 전체 훈련일",
        "가장 최근 재해복구 전체 훈련 날짜",
        blank="빈칸 = 훈련한 적 없음",
    ),
    (DisasterRecovery, "rto_hours"): _t("목표 복구 시간 (RTO)", "목표 복구 시간, 0 초과 [시간]"),
    (DisasterRecovery, "rpo_hours"): _t(
        "목표 복구 시점 (RPO)", "목표 복구 시점 (데이터 손실 허용 구간), 0 초과 [시간]"
    ),
    (DisasterRecovery, "redundant_sites"): _t(
        "업무 대체 가능 사이트", "업무를 넘겨받을 수 있는 사이트 [곳]"
    ),
    (Reporting, "sample_reports"): _t("보고서 샘플 제출", "보고서 샘플을 제출했음"),
    (Reporting, "customizable"): _t("발주사 맞춤 보고서", "보고서를 발주사에 맞게 조정할 수 있음"),
    (Reporting, "kpis_reported"): _t("표준 보고서의 KPI", "표준 보고서에 포함된 KPI"),
    # 8 pricing
    (PricingAnswer, "sheet"): _t("가격표", "단가, 과금 단위, 과금 구성 요소, 수수료, 구간, 할증"),
    (PricingAnswer, "pilot_offered"): _t("유료 파일럿 제안", "본계약 전에 유료 파일럿을 제안함"),
    (PricingAnswer, "outcome_based_fees"): _t(
        "성과 연동 수수료", "수수료 일부가 상담 건수가 아니라 성과(해결률, CSAT 등)에 연동됨"
    ),
    (PricingAnswer, "payment_terms_days"): _t("지급 조건", "청구서 지급 기한 [일]"),
    (PriceSheet, "currency"): _t("통화", "모든 금액의 ISO 4217 코드: KRW, USD, EUR 등"),
    (PriceSheet, "billing_increment"): _t(
        "과금 단위", "첫 구간/이후 단위(초): 60/60(분 단위), 30/6, 6/6, 1/1(초 단위)"
    ),
    (PriceSheet, "billable_components"): _t(
        "과금되는 통화 구성 요소", "과금되는 음성 상담 구성 요소; wait = 고객의 대기 시간"
    ),
    (PriceSheet, "rounding"): _t(
        "과금 단위 적용 방식", "per_contact: 통화마다 적용; monthly: 월 합계에 한 번 적용"
    ),
    (PriceSheet, "voice_rate_per_minute"): _t(
        "과금 음성 분당 단가",
        "과금되는 음성 1분당 단가, 가격표 통화 [통화/분]",
        blank="빈칸 = 없음",
    ),
    (PriceSheet, "per_contact"): _t(
        "처리 건당 단가",
        "채널별 처리 건당 단가, 가격표 통화 [통화/건]",
        table="처리 건당 단가 — 한 행에 채널 하나",
        key={"label": "채널", "description": "한 행에 채널 하나"},
        value={"label": "건당 단가", "description": "가격표 통화 [통화/건]"},
    ),
    (PriceSheet, "unpriced_contacts_free"): _t(
        "단가가 없는 채널의 상담은 무료",
        "가격표에 단가가 없는 채널의 상담은 비용이 없음 (아니면 시간당·인당 단가가 없는 한 "
        "청구 시 오류)",
    ),
    (PriceSheet, "agent_hour_rate"): _t(
        "상담사 생산 시간당 단가",
        "상담사 생산 시간 1시간당 단가, 가격표 통화 [통화/시간]",
        blank="빈칸 = 없음",
    ),
    (PriceSheet, "fte_month_rate"): _t(
        "전일제 상담사 월 단가",
        "전일제 환산 상담사 1인당 월 단가, 가격표 통화 [통화/인/월]",
        blank="빈칸 = 없음",
    ),
    (PriceSheet, "monthly_fixed"): _t(
        "월 고정 수수료", "매월 고정 수수료 (플랫폼, 관리 등), 가격표 통화 [통화/월]"
    ),
    (PriceSheet, "setup_fee"): _t("초기 구축비", "1회성 구축 비용, 가격표 통화 [통화]"),
    (PriceSheet, "minimum_monthly"): _t(
        "월 최소 청구액", "매월 최소 이 금액을 청구함, 가격표 통화 [통화/월]", blank="빈칸 = 없음"
    ),
    (PriceSheet, "volume_tiers"): _t(
        "물량 구간 요금",
        "물량에 따른 단가, 기준과 채널마다 구간 요금 하나",
        table="물량 구간 요금 — 한 행에 구간 하나, 한 요금의 구간은 오름차순",
        item="구간 요금",
    ),
    (PriceSheet, "premiums"): _t(
        "할증 적용",
        "야간·주말·공휴일·언어 할증이 있으면 yes; 그러면 아래 행과 표를 작성",
    ),
    (VolumeTier, "basis"): _t(
        "집계 기준", "집계 기준: voice_minutes는 음성 분당 단가를, contacts는 채널 건당 단가를 대체"
    ),
    (VolumeTier, "channel"): _t(
        "채널",
        "구간 요금이 적용되는 채널",
        blank="contacts이면 필수; voice_minutes이면 빈칸",
    ),
    (VolumeTier, "mode"): _t(
        "적용 방식", "graduated: 구간마다 해당 단가; all_units: 도달한 구간 단가를 전체에 적용"
    ),
    (VolumeTier, "bands"): _t("구간", "상한 오름차순의 구간; 마지막 구간만 상한이 없음"),
    (TierBand, "up_to"): _t(
        "상한 (포함)", "구간 상한, 포함 [분 또는 건]", blank="상한이 없는 마지막 구간은 빈칸"
    ),
    (TierBand, "rate"): _t("단가", "구간 내 분당 또는 건당 단가, 가격표 통화"),
    (Premiums, "timezone"): _t(
        "할증 시간대의 기준 시간대",
        "할증 시간대의 IANA 시간대, 예: Asia/Seoul",
        blank="야간·주말·공휴일 할증이 있으면 필수",
    ),
    (Premiums, "after_hours"): _t("야간 할증", "매일 적용되는 야간 시간대와 할증 배수"),
    (Premiums, "weekend_multiplier"): _t(
        "주말 할증 배수", "토·일요일에 시작한 통화의 배수: 20% 할증이면 1.2", blank="빈칸 = 없음"
    ),
    (Premiums, "holidays"): _t(
        "공휴일",
        "공휴일 할증을 적용하는 날",
        table="공휴일 할증 적용일 — 한 행에 날짜 하나",
        value={"label": "날짜", "description": "할증을 적용하는 공휴일"},
    ),
    (Premiums, "holiday_multiplier"): _t(
        "공휴일 할증 배수", "기재한 공휴일 통화의 배수: 50% 할증이면 1.5", blank="빈칸 = 없음"
    ),
    (Premiums, "language_multipliers"): _t(
        "언어 할증",
        "상담 언어(BCP 47)별 배수",
        table="언어 할증 — 한 행에 언어 하나",
        key={"label": "언어", "description": "BCP 47 코드: en, ja, es-419 등"},
        value={"label": "배수", "description": "0 초과 배수: 15% 할증이면 1.15"},
    ),
    (AfterHours, "start"): _t(
        "야간 시간대 시작",
        "시간대가 시작하는 현지 시각, 예: 22:00; 이 시간대에 시작한 통화가 야간 통화",
        blank="야간 할증이 있으면 필수",
    ),
    (AfterHours, "end"): _t(
        "야간 시간대 종료",
        "시간대가 끝나는 현지 시각, 예: 08:00 (시작보다 이르면 자정을 넘김)",
        blank="야간 할증이 있으면 필수",
    ),
    (AfterHours, "multiplier"): _t(
        "야간 할증 배수", "0 초과 가격 배수: 30% 할증이면 1.3", blank="야간 할증이 있으면 필수"
    ),
    (AfterHours, "days"): _t("야간 할증 요일", "시간대가 적용되는 요일", blank="빈칸 = 매일"),
}
"""Korean text of the fields written before the Korean questionnaire, by (model, field):
``label``, ``description`` and, where the English has them, ``blank``, ``table``, ``sheet``,
``title``, ``intro``, ``item``, ``key`` and ``value``."""


def korean_text(model: type[BaseModel], name: str) -> Mapping[str, Any]:
    """The Korean text of ``model.name`` from :data:`FIELD_TEXT` (inherited fields included)."""
    for cls in model.__mro__:
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            found = FIELD_TEXT.get((cls, name))
            if found is not None:
                return found
    return {}


BLANK_TEXT: Final[Mapping[str, str]] = {
    "blank = not stated": "빈칸 = 미기재",
    "blank = not rated": "빈칸 = 평가 안 함",
    "blank = not measured": "빈칸 = 측정 안 함",
    "blank = not asked": "빈칸 = 묻지 않음",
    "blank = none": "빈칸 = 없음",
    "blank = every day": "빈칸 = 매일",
    "blank = never tested": "빈칸 = 훈련한 적 없음",
}
"""Korean of the common English ``blank`` texts, used when a field gives no Korean one."""

KIND_HINTS: Final[Mapping[Kind, str]] = {
    Kind.BOOL: "yes 또는 no",
    Kind.PRESENT: "yes 또는 no",
    Kind.INT: "정수",
    Kind.SHARE: "0–1 사이 소수: 12%이면 0.12 (12% 같은 백분율은 받지 않음)",
    Kind.DECIMAL: "숫자만 (통화 기호, 천 단위 구분 기호, % 없이)",
    Kind.DATE: "YYYY-MM-DD",
    Kind.CLOCK: "HH:MM",
    Kind.CHOICES: "쉼표로 구분",
    Kind.CODES: "쉼표로 구분",
}
"""How to type an answer of each kind, in Korean."""

TEXT: Final[Mapping[str, Any]] = {
    "instructions_name": "안내",
    "instructions_title": "수급인 질의서 — 컨택센터 위탁 운영",
    "instructions_intro": "{first}부터 {last}까지의 시트에 답해 주십시오. 시트 하나가 점검 항목 "
    "하나입니다.",
    "field_header": ("항목", "답변", "단위 / 허용 값"),
    "required": "필수",
    "required_in_group": "이 묶음에 답하면 필수",
    "blank_is": "빈칸 = {value}",
    "not_stated": "미기재",
    "none": "없음",
    "one_of": "다음 중 하나",
    "any_of": "다음 중 여러 개",
    "hours": {
        "channel": (
            "채널",
            "모든 채널이면 '{all}', 시간이 다른 채널이면 그 채널; 다음 중 하나: {choices}",
        ),
        "always": ("24/7", "24시간 운영이면 yes (요일·시각 없이)"),
        "days": ("요일", "쉼표로 구분한 요일; 다음 중 여러 개: {choices}"),
        "start": ("시작", "정시 또는 30분 단위 HH:MM, 예: 09:00"),
        "end": ("종료", "HH:MM; 자정은 24:00; 시작보다 이른 시각은 자정을 넘김"),
    },
    "how_to_fill": "작성 방법",
    "instructions": (
        "노란색 셀에 답해 주십시오: 각 시트의 B열과 그 아래 표입니다. C열에 단위 또는 허용 값, "
        "그리고 빈칸의 의미가 있습니다.",
        "수식이 아니라 값을 입력하십시오: 수식이 든 셀은 읽을 때 거부됩니다.",
        "예/아니요 답변은 yes 또는 no로 입력합니다. 목록은 쉼표로 구분합니다 (phone, chat, email). "
        "선택 값(phone, subcontract 등)은 영문 코드 그대로 입력합니다.",
        "비율은 0과 1 사이의 소수입니다: 12%이면 0.12 (텍스트 12%는 거부됩니다). 배수는 30% "
        "할증이면 1.3입니다.",
        "금액은 가격·청구 시트에 적은 통화 기준이며 1500이나 0.25처럼 통화 기호와 천 단위 구분 "
        "기호 없이 입력합니다.",
        "시각은 발주사 시간대의 HH:MM(09:00; 자정은 24:00), 날짜는 YYYY-MM-DD입니다.",
        "해당 없는 답은 비워 두십시오. 시트 전체를 비우면 그 점검 항목에 답하지 않은 것으로 "
        "봅니다. 가격·청구 시트는 반드시 작성해야 합니다.",
        "표에 행이 더 필요하면 표 안에 행을 삽입하십시오. A열의 항목명과 표 제목은 그대로 "
        "두십시오: 실수로 바뀌지 않도록 시트가 (암호 없이) 보호되어 있습니다.",
        "파일은 매크로 사용 통합 문서가 아닌 Excel 통합 문서(.xlsx)로 저장하십시오.",
    ),
    "validation_title": "허용되지 않는 답",
    "validation_error": "목록의 값 중 하나를 사용하십시오 (C열 또는 도움말 행 참조).",
    "context": "발주사 정보",
    "context_pairs": {
        "buyer": "발주사",
        "industry": "업종",
        "timezone": "시간대 (모든 시각의 기준)",
        "hours": "운영 시간",
        "holidays": "공휴일 운영",
        "security_required": "필수 보안 인증",
        "quality_wanted": "희망 품질 인증",
        "segregation": "허용하는 가장 약한 데이터 분리",
        "rto": "최대 복구 시간 (RTO) [시간]",
        "rpo": "최대 데이터 손실 구간 (RPO) [시간]",
        "kpis": "KPI (중요한 순)",
        "crm": "CRM",
        "crm_text": "{system}, {mode}, 최대 {latency} 초 지연",
        "social": "소셜 플랫폼",
        "preferred": "선호 국가",
        "excluded": "제외 국가",
        "expansion": "확장 시장",
        "residency": "데이터 보관 국가",
        "contract": "계약",
        "contract_text": "{start}부터 {term}개월",
        "currency": "통화",
    },
    "channel_grid": ("채널", "월 상담 건수", "처리 시간 [초]", "서비스 수준", "운영 시간"),
    "language_grid": ("언어", "상담 비율", "최저 구사 수준 (CEFR)"),
    "hints": {
        "channels": "발주사는 {channels} 채널이 필요함",
        "seats": "발주사 트래픽은 피크에 상담사 약 {agents}명이 필요함 (업무량 추정)",
        "holidays": "발주사는 공휴일 운영이 필요함",
        "certifications_wanted": "발주사 희망 인증: {items}",
        "industry_years": "발주사는 {industry} 업종 경력 {years}년을 원함",
        "crm_connectors": "발주사는 {system}을(를) 사용함",
        "crm_modes": "발주사는 {mode} 연동이 필요함",
        "crm_latency": "발주사는 최대 {latency} 초까지 허용함",
        "social_platforms": "발주사 고객은 {platforms}을(를) 사용함",
        "social_response": "발주사 목표는 {minutes} 분",
        "residency": "발주사 데이터는 {countries}에 있어야 함",
        "security_required": "발주사 필수 인증: {items}",
        "segregation": "발주사는 최소 {level} 수준이 필요함",
        "dr_tested": "발주사는 최근 {months}개월 이내 훈련을 원함",
        "rto": "발주사는 최대 {hours} 시간까지 허용함",
        "rpo": "발주사는 최대 {hours} 시간까지 허용함",
        "kpis": "발주사는 {kpis} 기준으로 관리함",
        "currency": "발주사 계약 통화는 {currency}",
    },
}
"""The questionnaire's own words (not a field's) in Korean."""
