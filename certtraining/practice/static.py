"""The simulator as a static walk-through of its screens, for handouts and printed copies.

A handout has no kernel, so the live widgets cannot run there. The handout builder finds a
simulator output by its MIME type (``application/vnd.certtraining.widget+json`` with
``{"kind": "simulator", "flow": ...}``) and puts ``simulator_walkthrough_html(flow)`` in its
place. Every screen is shown filled in with the made-up example values, passwords as dots,
the 주민등록번호 masked; codes come from a fixed seed, so the output never changes between builds.
"""

from __future__ import annotations

import random

from certtraining.personal.rrn import mask_rrn
from certtraining.practice import checks, flows, look
from certtraining.present.blocks import Block
from certtraining.present.markup import inline_html, to_text
from certtraining.present.templates import fragment, inline, safe

_EXAMPLE_SEED = 20250610
_SIM = "simulator.html.j2"


def _field(label: str, shown: str) -> str:
    return fragment(f"{_SIM}:field", label=label, shown=shown)


def _choices(options: list[tuple[str, bool]]) -> str:
    return fragment(
        f"{_SIM}:choices",
        options=[
            {
                "mark": "◉" if chosen else "○",
                "label_html": safe(inline_html(label)),
                "chosen": chosen,
            }
            for label, chosen in options
        ],
    )


def _button(label: str) -> str:
    return fragment(f"{_SIM}:button", label=label)


def _center(flow: flows.FlowInfo) -> str:
    wanted = flows.MENU_FOR_FLOW[flow.id]
    menu = _choices([(m.label, m.id == wanted) for m in flows.CENTER_MENU])
    if flow.id != "reissuance":
        return menu
    reasons = _choices([(r.label, r.id == "lost") for r in flows.REISSUE_REASONS])
    expiring = next(r for r in flows.REISSUE_REASONS if r.refusal)
    return (
        look.old_cert_html()
        + menu
        + "<div>재발급하는 이유:</div>"
        + reasons
        + look.tip_html(f"'{expiring.label}'를 고르면: {expiring.refusal}")
    )


def _terms() -> str:
    # Required terms ticked first, then the optional ones left empty (nothing marked 선택).
    ordered = [c for c in flows.CONSENTS if c.required] + [
        c for c in flows.CONSENTS if not c.required
    ]
    boxes = fragment(
        f"{_SIM}:choices",
        options=[
            {
                "mark": "☑" if c.required else "☐",
                "label_html": safe(f"[{'필수' if c.required else '선택'}] {inline_html(c.label)}"),
                "chosen": False,
            }
            for c in ordered
        ],
    )
    example_missing = [c.label for c in flows.CONSENTS if c.required][-1:]
    return (
        look.consent_summaries_html()
        + boxes
        + "<div>필수 약관 하나를 빼면 '다음'이 꺼지고 이렇게 알려 줍니다:</div>"
        + look.consent_note_html(example_missing)
    )


def _identity() -> str:
    person = flows.FICTIONAL_PERSON
    return (
        look.banner_html()
        + _button("가상 정보 채우기")
        + _field("주민등록번호", mask_rrn(f"{person.rrn_front}-{person.rrn_back}"))
        + _field("출금계좌번호", person.account)
        + _field("계좌 비밀번호 (4자리)", "●" * len(person.account_password))
        + look.rrn_note_html(mask_rrn(f"{person.rrn_front}-{person.rrn_back}"), None)
    )


def _card(rng: random.Random) -> str:
    card = checks.SecurityCard.draw(rng)
    return (
        look.card_html(card)
        + _field(f"{card.first:02d}번 앞 2자리", "●●")
        + _field(f"{card.second:02d}번 뒤 2자리", "●●")
        + "<div>OTP를 쓰면 OTP 기기의 버튼을 눌러 나온 번호를 입력합니다.</div>"
        + look.warning_html(flows.CARD_WARNING)
    )


def _sms(rng: random.Random) -> str:
    code = checks.draw_code(rng)
    return (
        _button("인증번호 받기")
        + "<br>"
        + look.device_html("phone", look.sms_message(code))
        + _field("인증번호 6자리", code)
        + look.warning_html(flows.SMS_WARNING)
    )


def _medium() -> str:
    chosen = "removable"
    return _choices([(m.label, m.id == chosen) for m in flows.MEDIA]) + "".join(
        look.medium_advice_html(m) for m in flows.MEDIA
    )


def _password() -> str:
    rules = fragment(
        f"{_SIM}:plain_list",
        items_html=[
            safe(f"{inline_html(rule.label)}: {inline_html(rule.fix)}")
            for rule in checks.PASSWORD_RULES
        ],
    )
    return (
        _field("인증서 비밀번호", "●" * 12)
        + _field("비밀번호 확인", "●" * 12)
        + "<div>규칙 (하나라도 안 지키면 '다음'이 꺼져 있고, 지키지 않은 규칙을 알려 줍니다):</div>"
        + rules
        + look.tip_html(flows.PASSWORD_TIP)
    )


def _complete(flow: flows.FlowInfo) -> str:
    medium = next(m for m in flows.MEDIA if m.id == "removable").label
    if flow.id == "reissuance":
        return look.reissuance_result_html(medium) + look.seed_explanation_html()
    return look.issuance_result_html(medium)


def _screen_body(flow: flows.FlowInfo, step_id: str, rng: random.Random) -> str:
    if step_id == "center":
        return _center(flow)
    if step_id == "terms":
        return _terms()
    if step_id == "identity":
        return _identity()
    if step_id == "card":
        return _card(rng)
    if step_id == "sms":
        return _sms(rng)
    if step_id == "medium":
        return _medium()
    if step_id == "password":
        return _password()
    return _complete(flow)


def simulator_walkthrough_html(flow_id: str) -> str:
    """Every screen of the flow, in order, as self-contained HTML (inline styles, no script)."""
    flow = flows.flow(flow_id)
    rng = random.Random(_EXAMPLE_SEED)
    screens = [
        {
            "id": step.id,
            "title_html": safe(look.screen_title_html(flow, step.id)),
            "body_html": safe(_screen_body(flow, step.id, rng)),
        }
        for step in flow.steps
    ]
    return inline(
        fragment(
            f"{_SIM}:walkthrough",
            flow_id=flow.id,
            header_html=safe(look.header_html(flow)),
            screens=screens,
        )
    )


def simulator_walkthrough_text(flow_id: str) -> str:
    """The same walk-through as plain text: each screen's title and what to do."""
    flow = flows.flow(flow_id)
    lines = [f"모의 인증센터 — {flow.title}", to_text(flow.intro)]
    for index, step in enumerate(flow.steps, start=1):
        lines.append(f"{index}. {step.title}: {to_text(step.instruction)}")
    return "\n".join(lines)


def walkthrough_block(flow_id: str) -> Block:
    return Block(simulator_walkthrough_html(flow_id), simulator_walkthrough_text(flow_id))
