"""HTML pieces of the simulator screens, shared by the live widgets and the static walk-through.

Styles are inline (JupyterLab keeps inline styles in widget HTML and outputs), all text goes
through ``certtraining.present.markup`` so nothing in it can become markup, and every state is told
in words and symbols (✓, ✗, ⚠), never by colour alone.
"""

from __future__ import annotations

import datetime as dt
import html

from certtraining.content import load_content
from certtraining.practice import flows
from certtraining.practice.checks import PASSWORD_RULES, PasswordRule, SecurityCard
from certtraining.present.blocks import FONT_STACK, today_block
from certtraining.present.markup import inline_html

FONT = html.escape(FONT_STACK)
GOOD = "#1b5e20"
BAD = "#8a1c1c"


def ko_date(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def box(css_class: str, style: str, inner: str, role: str = "note", label: str = "") -> str:
    aria = f' aria-label="{html.escape(label)}"' if label else ""
    return (
        f'<div class="{css_class}" role="{role}"{aria} style="{style}; border-radius:6px; '
        f"padding:0.5em 0.9em; margin:0.4em 0; font-family:{FONT}; line-height:1.6; "
        f'color:#1b1b1b">{inner}</div>'
    )


def header_html(flow: flows.FlowInfo) -> str:
    return (
        f'<div class="ct-sim-header" style="font-family:{FONT}; border-bottom:3px solid #0b5cad; '
        f'padding-bottom:0.3em; margin-bottom:0.3em">'
        f'<div style="font-size:0.85em; color:#3d3d3d">모의 인증센터 (연습용 · 가상)</div>'
        f'<div style="font-size:1.25em; font-weight:700">{inline_html(flow.title)}</div>'
        f'<div style="font-size:0.95em">{inline_html(flow.intro)}</div></div>'
    )


def banner_html() -> str:
    return box(
        "ct-sim-banner",
        "border:2px solid #b35c00; background:#fff4e5",
        f"⚠ {inline_html(flows.PRIVACY_BANNER)}",
        role="alert",
        label="개인정보 주의",
    )


def stepper_html(flow: flows.FlowInfo, current: str) -> str:
    """The steps as an ordered list: done ✓, current ▶ (and bold), later plain."""
    ids = [s.id for s in flow.steps]
    position = ids.index(current)
    items = []
    for index, step in enumerate(flow.steps):
        if index < position:
            mark, style = "✓ ", f"color:{GOOD}"
        elif index == position:
            mark, style = "▶ ", "font-weight:700; text-decoration:underline"
        else:
            mark, style = "", "color:#4a4a4a"
        current_attr = ' aria-current="step"' if index == position else ""
        items.append(
            f'<li{current_attr} style="display:inline; margin-right:0.9em; {style}">'
            f"{mark}{index + 1}. {inline_html(step.title)}</li>"
        )
    return (
        f'<ol class="ct-sim-steps" aria-label="단계" style="font-family:{FONT}; '
        f'font-size:0.9em; padding:0; margin:0.3em 0; list-style:none">{"".join(items)}</ol>'
    )


def screen_title_html(flow: flows.FlowInfo, step_id: str) -> str:
    step = flow.step(step_id)
    return (
        f'<div class="ct-sim-screen-title" style="font-family:{FONT}; margin:0.4em 0">'
        f'<div style="font-size:1.1em; font-weight:700">단계 {flow.position(step_id)}/'
        f"{len(flow.steps)} · {inline_html(step.title)}</div>"
        f"<div>{inline_html(step.instruction)}</div></div>"
    )


def warning_html(text: str) -> str:
    return box(
        "ct-sim-warning",
        "border-left:6px solid #b35c00; background:#fff4e5",
        f"⚠ {inline_html(text)}",
        label="주의",
    )


def tip_html(text: str) -> str:
    return box(
        "ct-sim-tip",
        "border-left:6px solid #0b5cad; background:#eaf3fc",
        f"ℹ {inline_html(text)}",
        label="도움말",
    )


def refusal_html(problems: list[str]) -> str:
    items = "".join(f"<li>{inline_html(p)}</li>" for p in problems)
    return box(
        "ct-sim-refusal",
        "border:2px solid #8a1c1c; background:#fdecea",
        f"<strong>✗ 다음 단계로 갈 수 없습니다.</strong>"
        f'<ul style="margin:0.2em 0 0.2em 1.2em; padding:0">{items}</ul>',
        role="alert",
        label="다음 단계로 갈 수 없음",
    )


def success_html(text: str) -> str:
    return box(
        "ct-sim-ok",
        "border:1px solid #2e7d32; background:#edf7ee",
        f"✓ {inline_html(text)}",
        role="status",
        label="완료",
    )


def consent_note_html(missing_labels: list[str]) -> str:
    if not missing_labels:
        return success_html("필수 약관에 모두 동의했습니다. '다음'을 누르세요.")
    names = ", ".join(f"'{label}'" for label in missing_labels)
    return box(
        "ct-sim-missing",
        "border:1px solid #8a1c1c; background:#fdecea",
        f"✗ 아직 동의하지 않은 필수 약관: {inline_html(names)}",
        role="status",
        label="빠진 필수 약관",
    )


def consent_summaries_html() -> str:
    rows = "".join(
        f"<li><strong>[{'필수' if c.required else '선택'}] {inline_html(c.label)}</strong>: "
        f"{inline_html(c.summary)}</li>"
        for c in flows.CONSENTS
    )
    return (
        f'<ul class="ct-sim-terms" style="font-family:{FONT}; font-size:0.92em; '
        f'margin:0.2em 0 0.2em 1.2em; padding:0">{rows}</ul>'
    )


def rrn_note_html(masked: str | None, problem: str | None) -> str:
    """Live format feedback; shows only the masked form (birth date and 7th digit)."""
    if masked is None:
        return f'<div style="font-family:{FONT}; color:#3d3d3d">주민등록번호를 입력하면 형식을 확인합니다.</div>'
    if problem:
        return (
            f'<div role="status" style="font-family:{FONT}; color:{BAD}">✗ 주민등록번호 형식: '
            f"{inline_html(problem)}</div>"
        )
    return (
        f'<div role="status" style="font-family:{FONT}; color:{GOOD}">✓ 형식이 맞습니다: '
        f"{html.escape(masked)} (뒷자리는 가려서 보여 줍니다)</div>"
    )


def card_html(card: SecurityCard) -> str:
    """A picture of the learner's own made-up 보안카드, as if held in the hand."""
    cells = []
    for index, number in enumerate(card.numbers, start=1):
        asked = index in (card.first, card.second)
        style = "border:1px solid #777; padding:2px 6px; text-align:center"
        if asked:
            style += "; background:#fff59d; font-weight:700"
        cells.append(f'<td style="{style}">{index:02d}<br>{number}</td>')
    rows = "".join("<tr>" + "".join(cells[i : i + 10]) + "</tr>" for i in range(0, 30, 10))
    return (
        f'<div class="ct-sim-card" style="font-family:{FONT}; margin:0.4em 0">'
        f'<div style="font-weight:700">내 가상 보안카드 (연습용)</div>'
        f'<table style="border-collapse:collapse; font-size:0.85em; font-family:monospace">'
        f"{rows}</table>"
        f'<div style="font-size:0.95em; margin-top:0.3em">은행 화면의 질문: '
        f"<strong>{card.first:02d}번의 앞 2자리</strong>, "
        f"<strong>{card.second:02d}번의 뒤 2자리</strong></div></div>"
    )


def device_html(kind: str, message: str) -> str:
    """The made-up phone or OTP device, showing what arrived on it."""
    name = "가상 휴대폰" if kind == "phone" else "가상 OTP 기기"
    return (
        f'<div class="ct-sim-device" role="status" style="font-family:{FONT}; display:inline-block; '
        f"border:2px solid #333; border-radius:12px; padding:0.4em 0.9em; margin:0.3em 0; "
        f'background:#fafafa"><div style="font-size:0.85em">[{name}]</div>'
        f'<div style="font-size:1.05em">{inline_html(message)}</div></div>'
    )


def sms_message(code: str) -> str:
    return f"[인증센터 연습] 인증번호 **{code}** 를 입력하세요. 누구에게도 알려주지 마세요."


def otp_message(code: str) -> str:
    return f"OTP 번호: **{code}**"


def medium_advice_html(medium: flows.Medium | None) -> str:
    if medium is None:
        return f'<div style="font-family:{FONT}; color:#3d3d3d">매체를 고르면 안전 수칙이 나옵니다.</div>'
    verdict = "✓ 권장 매체" if medium.recommended else "⚠ 권하지 않는 매체"
    style = (
        "border-left:6px solid #2e7d32; background:#edf7ee"
        if medium.recommended
        else "border-left:6px solid #b35c00; background:#fff4e5"
    )
    return box(
        "ct-sim-advice",
        style,
        f"<strong>{verdict}: {inline_html(medium.label)}</strong><br>{inline_html(medium.advice)}"
        f'<div style="font-size:0.85em; color:#3d3d3d">출처: {html.escape(medium.source)}</div>',
        role="status",
        label="저장 매체 안전 수칙",
    )


def password_checklist_html(
    unmet: list[PasswordRule], confirmation_problem: str | None, typed: bool
) -> str:
    """Each rule with ✓/✗ in words; never the password, its length or any of its characters."""
    unmet_ids = {rule.id for rule in unmet}
    items = []
    for rule in PASSWORD_RULES:
        ok = typed and rule.id not in unmet_ids
        mark, word, colour = ("✓", "지킴", GOOD) if ok else ("✗", "아직", BAD)
        items.append(
            f'<li data-rule="{rule.id}" style="color:{colour}">{mark} {inline_html(rule.label)} '
            f'<span style="font-size:0.85em">({word})</span></li>'
        )
    if not typed:
        summary = "비밀번호를 입력하면 규칙을 하나씩 확인합니다."
    elif unmet:
        summary = f"아직 지키지 않은 규칙: {unmet[0].label} — {unmet[0].fix}"
    elif confirmation_problem:
        summary = confirmation_problem
    else:
        summary = "✓ 모든 규칙을 지켰습니다. '다음'을 누르세요."
    return (
        f'<div class="ct-sim-password-rules" style="font-family:{FONT}">'
        f'<ul aria-label="비밀번호 규칙" style="list-style:none; padding:0; margin:0.2em 0">'
        f"{''.join(items)}</ul>"
        f'<div role="status" aria-live="polite">{inline_html(summary)}</div></div>'
    )


def old_cert_html(status: str = "유효") -> str:
    return box(
        "ct-sim-old-cert",
        "border:1px solid #5a5a5a; background:#f6f6f6",
        "<strong>지금 쓰는 인증서 (가상)</strong><br>"
        "종류: 공동인증서 (은행·카드·보험용, 용도제한용)<br>"
        f"발급일: {ko_date(flows.OLD_CERT_ISSUED)} · 만료일: {ko_date(flows.OLD_CERT_EXPIRES)}<br>"
        f"상태: {html.escape(status)}<br>"
        f'<span style="font-size:0.9em">이 연습 속 오늘: {ko_date(flows.SCENARIO_TODAY)}</span>',
        label="지금 쓰는 인증서",
    )


def issuance_result_html(medium_label: str) -> str:
    expires = flows.SCENARIO_TODAY.replace(year=flows.SCENARIO_TODAY.year + 1)
    renew_from = expires - dt.timedelta(days=30)
    return box(
        "ct-sim-result",
        "border:2px solid #2e7d32; background:#edf7ee",
        "<strong>✓ 가상 공동인증서가 발급되었습니다.</strong><br>"
        "종류: 은행·카드·보험용(용도제한용) — 무료<br>"
        f"저장 위치: {inline_html(medium_label)}<br>"
        f"유효기간: {ko_date(flows.SCENARIO_TODAY)} ~ {ko_date(expires)} (1년)<br>"
        f"갱신할 수 있는 기간: {ko_date(renew_from)}부터 만료일까지 (만료 30일 전부터)",
        role="status",
        label="발급 결과",
    )


def reissuance_result_html(medium_label: str) -> str:
    row = 'style="border:1px solid #777; padding:3px 8px"'
    table = (
        '<table style="border-collapse:collapse; margin:0.3em 0">'
        f"<tr><th {row}>인증서</th><th {row}>상태</th><th {row}>만료일</th></tr>"
        f"<tr><td {row}>기존 인증서 (발급일 {ko_date(flows.OLD_CERT_ISSUED)})</td>"
        f"<td {row}>✗ 폐지됨 (재발급과 함께 자동으로)</td>"
        f"<td {row}>{ko_date(flows.OLD_CERT_EXPIRES)}</td></tr>"
        f"<tr><td {row}>새 인증서 (재발급일 {ko_date(flows.SCENARIO_TODAY)})</td>"
        f"<td {row}>✓ 유효 · 저장 위치: {inline_html(medium_label)}</td>"
        f"<td {row}>{ko_date(flows.OLD_CERT_EXPIRES)} (기존과 같음)</td></tr></table>"
    )
    return box(
        "ct-sim-result",
        "border:2px solid #2e7d32; background:#edf7ee",
        "<strong>✓ 재발급되었습니다.</strong> 기존 인증서를 직접 지우지 않았지만, 재발급과 동시에 "
        "<strong>자동으로 폐지</strong>되었습니다. 새 인증서는 기존 인증서의 "
        "<strong>만료일을 그대로</strong> 이어받습니다(기간이 1년 늘어나지 않습니다)." + table,
        role="status",
        label="재발급 결과",
    )


def seed_explanation_html() -> str:
    """What the seed said about reissuance, then today's notes: both from ``data/``."""
    content = load_content()
    seed = " ".join(content.section("sec-2-2").body)
    faq = content.faq("faq-4")
    quote = box(
        "ct-sim-seed",
        "border-left:6px solid #5a5a5a; background:#f6f6f6",
        "<strong>원문은 이렇게 말했습니다</strong>"
        f"<p style='margin:0.2em 0'>2.2 기존 인증서 삭제: {inline_html(seed)}</p>"
        f"<p style='margin:0.2em 0'>자주 묻는 질문 {faq.number}: {inline_html(faq.answer)}</p>",
        label="원문",
    )
    notes = [
        today_block(note).html
        for target in ("sec-2-2", "faq-4")
        for note in content.notes_for(target)
    ]
    return quote + "".join(notes)
