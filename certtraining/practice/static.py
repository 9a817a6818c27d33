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


def _text(text: str) -> str:
    """A line of plain text from data/simulator.yaml (escaped by the template, never markup)."""
    return fragment(f"{_SIM}:text", body=text)


def _field(label: str, shown: str) -> str:
    return fragment(f"{_SIM}:field", label=label, shown=shown)


def _choices(options: list[tuple[str, bool]]) -> str:
    return fragment(
        f"{_SIM}:choices",
        options=[
            {
                "mark": "◉" if chosen else "○",
                "tag": "",
                "label_html": safe(inline_html(label)),
                "chosen": chosen,
            }
            for label, chosen in options
        ],
        selected=flows.texts().frame.selected,
    )


def _button(label: str, own_line: bool = False) -> str:
    return fragment(f"{_SIM}:button", label=label, own_line=own_line)


def _center(flow: flows.Flow) -> str:
    data, words = flows.data(), flows.texts().center
    menu = _choices([(m.label, m.id == flow.menu) for m in data.center_menu])
    if not flow.replaces_old:
        return menu
    # The example picks the first reason that is a reissuance case, and explains the first that is not.
    example = next(r for r in data.reissue_reasons if r.refusal is None)
    reasons = _choices([(r.label, r is example) for r in data.reissue_reasons])
    html_out = look.old_cert_html() + menu + _text(words.reason_heading) + reasons
    refused = next((r for r in data.reissue_reasons if r.refusal), None)
    if refused is not None:
        html_out += look.tip_html(
            words.refusal_example.format(label=refused.label, refusal=refused.refusal)
        )
    return html_out


def _terms() -> str:
    consents, words = flows.data().consents, flows.texts().terms
    # Required terms ticked first, then the optional ones left empty (none marked as chosen).
    ordered = [c for c in consents if c.required] + [c for c in consents if not c.required]
    boxes = fragment(
        f"{_SIM}:choices",
        options=[
            {
                "mark": "☑" if c.required else "☐",
                "tag": words.required_tag if c.required else words.optional_tag,
                "label_html": safe(inline_html(c.label)),
                "chosen": False,
            }
            for c in ordered
        ],
        selected=flows.texts().frame.selected,
    )
    example_missing = [c.label for c in consents if c.required][-1:]
    return (
        look.consent_summaries_html()
        + boxes
        + _text(words.example_intro)
        + look.consent_note_html(example_missing)
    )


def _identity() -> str:
    person, words = flows.FICTIONAL_PERSON, flows.texts().identity
    return (
        look.banner_html()
        + _button(words.fill)
        + _field(words.rrn, mask_rrn(f"{person.rrn_front}-{person.rrn_back}"))
        + _field(words.account, person.account)
        + _field(words.account_password, "●" * len(person.account_password))
        + look.rrn_note_html(mask_rrn(f"{person.rrn_front}-{person.rrn_back}"), None)
    )


def _card(rng: random.Random) -> str:
    card, words = checks.SecurityCard.draw(rng), flows.texts().card
    return (
        look.card_html(card)
        + _field(words.first_half_of.format(number=f"{card.first:02d}"), "●●")
        + _field(words.last_half_of.format(number=f"{card.second:02d}"), "●●")
        + _text(words.otp_note)
        + look.warning_html(words.warning)
    )


def _sms(rng: random.Random) -> str:
    code, words = checks.draw_code(rng), flows.texts().sms
    return (
        _button(words.request, own_line=True)
        + look.device_html(flows.texts().sms.device, look.sms_message(code))
        + _field(words.field, code)
        + look.warning_html(words.warning)
    )


def _example_medium() -> flows.Medium:
    """The walk-through picks the first recommended medium."""
    return next(m for m in flows.data().media if m.recommended)


def _medium() -> str:
    media, chosen = flows.data().media, _example_medium()
    return _choices([(m.label, m is chosen) for m in media]) + "".join(
        look.medium_advice_html(m) for m in media
    )


def _password() -> str:
    words = flows.texts().password
    rules = fragment(
        f"{_SIM}:plain_list",
        items_html=[
            safe(f"{inline_html(rule.label)}: {inline_html(rule.fix)}")
            for rule in checks.password_rules()
        ],
    )
    return (
        _field(words.field, "●" * 12)
        + _field(words.confirm, "●" * 12)
        + _text(words.rules_intro)
        + rules
        + look.tip_html(words.tip)
    )


def _complete(flow: flows.Flow) -> str:
    medium = _example_medium().label
    if flow.replaces_old:
        return look.reissuance_result_html(medium) + look.seed_explanation_html(flow)
    return look.issuance_result_html(medium)


def _screen_body(flow: flows.Flow, step_id: str, rng: random.Random) -> str:
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
            intro=flows.texts().frame.walkthrough_intro,
            screens=screens,
        )
    )


def simulator_walkthrough_text(flow_id: str) -> str:
    """The same walk-through as plain text: each screen's title and what to do."""
    flow = flows.flow(flow_id)
    lines = [flows.texts().frame.title_line.format(title=flow.title), to_text(flow.intro)]
    for index, step in enumerate(flow.steps, start=1):
        lines.append(f"{index}. {step.title}: {to_text(step.instruction)}")
    return "\n".join(lines)


def walkthrough_block(flow_id: str) -> Block:
    return Block(simulator_walkthrough_html(flow_id), simulator_walkthrough_text(flow_id))
