"""Controls on outbound calls a Korean buyer asks about: the do-not-call register and
mis-selling.

Data only, scored by :mod:`vendoreval.checks.korea` under the security check. The law behind
the questions: 두낫콜 (the financial sector's do-not-call register), 정보통신망법 제50조,
금융소비자 보호법 제17조–제21조 (mis-selling, 불완전판매).
"""

from __future__ import annotations

from vendoreval._model import Model
from vendoreval.proposal._fields import not_stated, yes_no
from vendoreval.vocabulary import NonNegativeInt

__all__ = ["MIS_SELLING_CONTROLS", "OutboundControls"]

MIS_SELLING_CONTROLS: tuple[tuple[str, str], ...] = (
    ("sales_calls_recorded", "every sales call recorded"),
    ("script_checks", "sales calls checked against the disclosure script"),
    ("verification_call", "a verification call after each sale"),
    ("withdrawal_notice", "customers told of their right to withdraw"),
    ("commission_clawback", "commissions clawed back on mis-sold sales"),
)
"""Controls against mis-selling (불완전판매) on outbound sales (field, what it is)."""


class OutboundControls(Model):
    """Controls on outbound calls: the do-not-call register and mis-selling.

    Parameters
    ----------
    outbound_in_scope : bool
        The proposal includes outbound calls or telemarketing for the buyer; when False the
        other answers are not scored.
    do_not_call_screening : bool
        Every calling list is screened against 두낫콜 (the financial sector's do-not-call
        register) and the buyer's own opt-out list before dialling.
    screening_max_age_days : int, optional
        Oldest screening allowed when a number is dialled [days].
    calling_hours_respected : bool
        No promotional calls between 21:00 and 08:00 without the customer's separate
        consent (정보통신망법 제50조 제3항).
    sales_calls_recorded, script_checks, verification_call, withdrawal_notice,
    commission_clawback : bool
        Controls against mis-selling (불완전판매): recording, script compliance checks, a
        verification call (해피콜), telling customers of their right to withdraw
        (청약철회), and clawing back commissions on mis-sold sales.
    """

    outbound_in_scope: bool = yes_no(
        "Outbound calls in this proposal",
        "아웃바운드(텔레마케팅) 업무 포함",
        "the proposal includes outbound calls or telemarketing for the buyer",
        "이 제안에 발주사를 위한 아웃바운드 콜 또는 텔레마케팅이 포함됨",
    )
    do_not_call_screening: bool = yes_no(
        "Lists screened against 두낫콜 and opt-outs",
        "두낫콜·수신거부 목록 대조 후 발신",
        "every calling list is screened against 두낫콜 and the buyer's opt-out "
        "list before dialling",
        "발신 전에 모든 대상 목록을 두낫콜(연락중지청구)과 발주사의 수신거부 목록과 대조함",
    )
    screening_max_age_days: NonNegativeInt | None = not_stated(
        "Screening at most this old when dialling",
        "발신 시점 대조 결과의 최대 경과 일수",
        "oldest do-not-call screening allowed when a number is dialled [days]",
        "발신할 때 허용되는 두낫콜 대조 결과의 최대 경과 일수 [일]",
    )
    calling_hours_respected: bool = yes_no(
        "No promotional calls 21:00–08:00 without consent",
        "별도 동의 없이 21시–08시 광고 전화 금지",
        "no promotional calls from 21:00 to 08:00 without separate consent "
        "(정보통신망법 제50조 제3항)",
        "별도 동의 없이 오후 9시부터 오전 8시까지 영리 목적 광고 "
        "전화를 하지 않음 (정보통신망법 제50조 제3항)",
    )
    sales_calls_recorded: bool = yes_no(
        "Every sales call recorded",
        "판매 통화 전건 녹취",
        "every sales call is recorded and kept",
        "모든 판매 통화를 녹취·보관함",
    )
    script_checks: bool = yes_no(
        "Sales calls checked against the disclosure script",
        "필수 설명 스크립트 준수 점검",
        "sales calls are checked against the mandatory-disclosure script",
        "판매 통화가 필수 설명 스크립트를 지켰는지 점검함",
    )
    verification_call: bool = yes_no(
        "Verification call after each sale",
        "판매 후 해피콜(완전판매 모니터링)",
        "a verification call after each sale (해피콜)",
        "판매 후 고객에게 확인 전화(해피콜)를 함",
    )
    withdrawal_notice: bool = yes_no(
        "Customers told of their right to withdraw",
        "청약철회 권리 안내",
        "customers are told of their right to withdraw (청약철회)",
        "고객에게 청약철회 권리를 안내함",
    )
    commission_clawback: bool = yes_no(
        "Commissions clawed back on mis-sold sales",
        "불완전판매 시 판매 수당 환수",
        "sales commissions are clawed back on mis-sold sales",
        "불완전판매로 확인된 건의 판매 수당을 환수함",
    )
