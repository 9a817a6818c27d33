"""HTML pieces of the simulator screens, shared by the live widgets and the static walk-through.

Each piece comes from ``present/templates/simulator.html.j2`` with the course stylesheet
inlined (JupyterLab keeps inline styles in widget HTML and outputs), all text goes through
``certtraining.present.markup`` or the template's autoescape so nothing in it can become
markup, and every state is told in words and symbols (✓, ✗, ⚠), never by colour alone.
"""

from __future__ import annotations

import datetime as dt

from certtraining.content import load_content
from certtraining.practice import flows
from certtraining.practice.checks import PASSWORD_RULES, PasswordRule, SecurityCard
from certtraining.present.blocks import today_fragment
from certtraining.present.markup import inline_html
from certtraining.present.templates import render, safe

_SIM = "simulator.html.j2"


def _inline(text: str) -> str:
    return safe(inline_html(text))


def ko_date(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def box(css_class: str, inner: str, role: str = "note", label: str = "") -> str:
    """A note box of the simulator; ``css_class`` picks its look (tone) in course.css."""
    return render(
        f"{_SIM}:note", css_class=css_class, body_html=safe(inner), role=role, label=label
    )


def header_html(flow: flows.FlowInfo) -> str:
    return render(f"{_SIM}:header", title_html=_inline(flow.title), intro_html=_inline(flow.intro))


def banner_html() -> str:
    return box(
        "ct-sim-banner",
        f"⚠ {inline_html(flows.PRIVACY_BANNER)}",
        role="alert",
        label="개인정보 주의",
    )


def stepper_html(flow: flows.FlowInfo, current: str) -> str:
    """The steps as an ordered list: done ✓, current ▶ (and bold), later plain."""
    ids = [s.id for s in flow.steps]
    position = ids.index(current)
    steps = []
    for index, step in enumerate(flow.steps):
        if index < position:
            state, mark = "done", "✓ "
        elif index == position:
            state, mark = "current", "▶ "
        else:
            state, mark = "later", ""
        steps.append({"state": state, "mark": mark, "title_html": _inline(step.title)})
    return render(f"{_SIM}:stepper", steps=steps)


def screen_title_html(flow: flows.FlowInfo, step_id: str) -> str:
    step = flow.step(step_id)
    return render(
        f"{_SIM}:screen_title",
        position=flow.position(step_id),
        count=len(flow.steps),
        title_html=_inline(step.title),
        instruction_html=_inline(step.instruction),
    )


def warning_html(text: str) -> str:
    return box("ct-sim-warning", f"⚠ {inline_html(text)}", label="주의")


def tip_html(text: str) -> str:
    return box("ct-sim-tip", f"ℹ {inline_html(text)}", label="도움말")


def refusal_html(problems: list[str]) -> str:
    inner = render(f"{_SIM}:refusal", problems_html=[_inline(p) for p in problems])
    return box("ct-sim-refusal", inner, role="alert", label="다음 단계로 갈 수 없음")


def success_html(text: str) -> str:
    return box("ct-sim-ok", f"✓ {inline_html(text)}", role="status", label="완료")


def consent_note_html(missing_labels: list[str]) -> str:
    if not missing_labels:
        return success_html("필수 약관에 모두 동의했습니다. '다음'을 누르세요.")
    names = ", ".join(f"'{label}'" for label in missing_labels)
    return box(
        "ct-sim-missing",
        f"✗ 아직 동의하지 않은 필수 약관: {inline_html(names)}",
        role="status",
        label="빠진 필수 약관",
    )


def consent_summaries_html() -> str:
    consents = [
        {
            "required": c.required,
            "label_html": _inline(c.label),
            "summary_html": _inline(c.summary),
        }
        for c in flows.CONSENTS
    ]
    return render(f"{_SIM}:consent_summaries", consents=consents)


def rrn_note_html(masked: str | None, problem: str | None) -> str:
    """Live format feedback; shows only the masked form (birth date and 7th digit)."""
    if masked is None:
        return render(
            f"{_SIM}:line",
            css_class="ct-sim-pending",
            body_html="주민등록번호를 입력하면 형식을 확인합니다.",
        )
    if problem:
        return render(
            f"{_SIM}:line",
            css_class="ct-sim-bad",
            role="status",
            body_html=safe(f"✗ 주민등록번호 형식: {inline_html(problem)}"),
        )
    return render(
        f"{_SIM}:line",
        css_class="ct-sim-good",
        role="status",
        body_html=f"✓ 형식이 맞습니다: {masked} (뒷자리는 가려서 보여 줍니다)",
    )


def card_html(card: SecurityCard) -> str:
    """A picture of the learner's own made-up 보안카드, as if held in the hand."""
    cells = [
        {"index": index, "number": number, "asked": index in (card.first, card.second)}
        for index, number in enumerate(card.numbers, start=1)
    ]
    rows = [cells[i : i + 10] for i in range(0, 30, 10)]
    return render(f"{_SIM}:card", rows=rows, first=card.first, second=card.second)


def device_html(kind: str, message: str) -> str:
    """The made-up phone or OTP device, showing what arrived on it."""
    name = "가상 휴대폰" if kind == "phone" else "가상 OTP 기기"
    return render(f"{_SIM}:device", name=name, message_html=_inline(message))


def sms_message(code: str) -> str:
    return f"[인증센터 연습] 인증번호 **{code}** 를 입력하세요. 누구에게도 알려주지 마세요."


def otp_message(code: str) -> str:
    return f"OTP 번호: **{code}**"


def medium_advice_html(medium: flows.Medium | None) -> str:
    if medium is None:
        return render(
            f"{_SIM}:line",
            css_class="ct-sim-pending",
            body_html="매체를 고르면 안전 수칙이 나옵니다.",
        )
    inner = render(
        f"{_SIM}:advice",
        verdict="✓ 권장 매체" if medium.recommended else "⚠ 권하지 않는 매체",
        label_html=_inline(medium.label),
        advice_html=_inline(medium.advice),
        source=medium.source,
    )
    return box(
        "ct-sim-advice-ok" if medium.recommended else "ct-sim-advice-warn",
        inner,
        role="status",
        label="저장 매체 안전 수칙",
    )


def password_checklist_html(
    unmet: list[PasswordRule], confirmation_problem: str | None, typed: bool
) -> str:
    """Each rule with ✓/✗ in words; never the password, its length or any of its characters."""
    unmet_ids = {rule.id for rule in unmet}
    rules = [
        {"id": rule.id, "ok": typed and rule.id not in unmet_ids, "label_html": _inline(rule.label)}
        for rule in PASSWORD_RULES
    ]
    if not typed:
        summary = "비밀번호를 입력하면 규칙을 하나씩 확인합니다."
    elif unmet:
        summary = f"아직 지키지 않은 규칙: {unmet[0].label} — {unmet[0].fix}"
    elif confirmation_problem:
        summary = confirmation_problem
    else:
        summary = "✓ 모든 규칙을 지켰습니다. '다음'을 누르세요."
    return render(f"{_SIM}:password_checklist", rules=rules, summary_html=_inline(summary))


def old_cert_html(status: str = "유효") -> str:
    inner = render(
        f"{_SIM}:old_cert",
        issued=ko_date(flows.OLD_CERT_ISSUED),
        expires=ko_date(flows.OLD_CERT_EXPIRES),
        status=status,
        today=ko_date(flows.SCENARIO_TODAY),
    )
    return box("ct-sim-old-cert", inner, label="지금 쓰는 인증서")


def issuance_result_html(medium_label: str) -> str:
    expires = flows.SCENARIO_TODAY.replace(year=flows.SCENARIO_TODAY.year + 1)
    renew_from = expires - dt.timedelta(days=30)
    inner = render(
        f"{_SIM}:issuance_result",
        medium_html=_inline(medium_label),
        today=ko_date(flows.SCENARIO_TODAY),
        expires=ko_date(expires),
        renew_from=ko_date(renew_from),
    )
    return box("ct-sim-result", inner, role="status", label="발급 결과")


def reissuance_result_html(medium_label: str) -> str:
    inner = render(
        f"{_SIM}:reissuance_result",
        medium_html=_inline(medium_label),
        old_issued=ko_date(flows.OLD_CERT_ISSUED),
        old_expires=ko_date(flows.OLD_CERT_EXPIRES),
        today=ko_date(flows.SCENARIO_TODAY),
    )
    return box("ct-sim-result", inner, role="status", label="재발급 결과")


def seed_explanation_html() -> str:
    """What the seed said about reissuance, then today's notes: both from ``data/``."""
    content = load_content()
    seed = " ".join(content.section("sec-2-2").body)
    faq = content.faq("faq-4")
    quote = box(
        "ct-sim-seed",
        render(
            f"{_SIM}:seed_quote",
            seed_html=_inline(seed),
            faq_number=faq.number,
            faq_html=_inline(faq.answer),
        ),
        label="원문",
    )
    notes = [
        today_fragment(note)
        for target in ("sec-2-2", "faq-4")
        for note in content.notes_for(target)
    ]
    return quote + "".join(notes)
