"""The simulator as a static walk-through of its screens, for handouts and printed copies.

A handout has no kernel, so the live widgets cannot run there. The handout builder finds a
simulator output by its MIME type (``application/vnd.certtraining.widget+json`` with
``{"kind": "simulator", "flow": ...}``) and puts ``simulator_walkthrough_html(flow)`` in its
place. Every screen is shown filled in with the made-up example values, passwords as dots,
the 주민등록번호 masked; codes come from a fixed seed, so the output never changes between builds.
"""

from __future__ import annotations

import html
import random

from certtraining.personal.rrn import mask_rrn
from certtraining.practice import checks, flows, look
from certtraining.present.blocks import Block
from certtraining.present.markup import inline_html, to_text

_EXAMPLE_SEED = 20250610
_FIELD = (
    "display:inline-block; min-width:10em; border:1px solid #777; border-radius:3px; "
    "padding:0 0.4em; background:#fff; font-family:monospace"
)


def _words(text: str) -> str:
    """A text from data/simulator.yaml placed as element text: escaped, never markup."""
    return html.escape(text, quote=False)


def _field(label: str, shown: str) -> str:
    return (
        f'<div style="margin:0.2em 0"><span style="display:inline-block; min-width:11em">'
        f'{html.escape(label)}</span> <span style="{_FIELD}">{html.escape(shown)}</span></div>'
    )


def _choices(options: list[tuple[str, bool]]) -> str:
    selected = f" <strong>{html.escape(flows.texts().frame.selected, quote=False)}</strong>"
    rows = "".join(
        f'<li style="list-style:none">{"◉" if chosen else "○"} {inline_html(label)}'
        f"{selected if chosen else ''}</li>"
        for label, chosen in options
    )
    return f'<ul style="margin:0.2em 0; padding-left:0.5em">{rows}</ul>'


def _button(label: str) -> str:
    return (
        f'<span style="display:inline-block; border:1px solid #0b5cad; border-radius:3px; '
        f'padding:0 0.6em; margin:0.2em 0">[{html.escape(label)}]</span>'
    )


def _center(flow: flows.Flow) -> str:
    data, words = flows.data(), flows.texts().center
    menu = _choices([(m.label, m.id == flow.menu) for m in data.center_menu])
    if not flow.replaces_old:
        return menu
    # The example picks the first reason that is a reissuance case, and explains the first that is not.
    example = next(r for r in data.reissue_reasons if r.refusal is None)
    reasons = _choices([(r.label, r is example) for r in data.reissue_reasons])
    html_out = look.old_cert_html() + menu + f"<div>{_words(words.reason_heading)}</div>" + reasons
    refused = next((r for r in data.reissue_reasons if r.refusal), None)
    if refused is not None:
        html_out += look.tip_html(
            words.refusal_example.format(label=refused.label, refusal=refused.refusal)
        )
    return html_out


def _terms() -> str:
    consents, words = flows.data().consents, flows.texts().terms
    required, optional = _words(words.required_tag), _words(words.optional_tag)
    boxes = "".join(
        f'<li style="list-style:none">☑ [{required}] {inline_html(c.label)}</li>'
        for c in consents
        if c.required
    )
    boxes += "".join(
        f'<li style="list-style:none">☐ [{optional}] {inline_html(c.label)}</li>'
        for c in consents
        if not c.required
    )
    example_missing = [c.label for c in consents if c.required][-1:]
    return (
        look.consent_summaries_html()
        + f'<ul style="margin:0.2em 0; padding-left:0.5em">{boxes}</ul>'
        + f"<div>{_words(words.example_intro)}</div>"
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
        + f"<div>{_words(words.otp_note)}</div>"
        + look.warning_html(words.warning)
    )


def _sms(rng: random.Random) -> str:
    code, words = checks.draw_code(rng), flows.texts().sms
    return (
        _button(words.request)
        + "<br>"
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
    rules = "".join(
        f"<li>{inline_html(rule.label)}: {inline_html(rule.fix)}</li>"
        for rule in checks.password_rules()
    )
    return (
        _field(words.field, "●" * 12)
        + _field(words.confirm, "●" * 12)
        + f"<div>{_words(words.rules_intro)}</div>"
        + f'<ul style="margin:0.2em 0 0.2em 1.2em; padding:0">{rules}</ul>'
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
    screens = "".join(
        f'<section class="ct-sim-screen" data-step="{step.id}" style="border:1px solid #9e9e9e; '
        f'border-radius:6px; padding:0.4em 0.9em; margin:0.6em 0; break-inside:avoid">'
        f"{look.screen_title_html(flow, step.id)}{_screen_body(flow, step.id, rng)}</section>"
        for step in flow.steps
    )
    return (
        f'<div class="ct-simulator-static" data-flow="{flow.id}" '
        f'style="font-family:{look.FONT}; max-width:820px">'
        f"{look.header_html(flow)}"
        f"<p>{_words(flows.texts().frame.walkthrough_intro)}</p>"
        f"{screens}</div>"
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
