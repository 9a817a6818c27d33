"""HTML pieces of the simulator screens, shared by the live widgets and the static walk-through.

Styles are inline (JupyterLab keeps inline styles in widget HTML and outputs), all text goes
through ``certtraining.present.markup`` so nothing in it can become markup, and every state is told
in words and symbols (✓, ✗, ⚠), never by colour alone.
"""

from __future__ import annotations

import datetime as dt
import html

from certtraining.content import Content, load_content
from certtraining.practice import flows
from certtraining.practice.checks import PasswordRule, SecurityCard, password_rules
from certtraining.present.blocks import FONT_STACK, today_block
from certtraining.present.markup import inline_html

FONT = html.escape(FONT_STACK)
GOOD = "#1b5e20"
BAD = "#8a1c1c"


def ko_date(day: dt.date) -> str:
    return flows.texts().frame.date.format(year=day.year, month=day.month, day=day.day)


def _words(text: str) -> str:
    """A text from data/simulator.yaml placed as element text: escaped, never markup."""
    return html.escape(text, quote=False)


def box(css_class: str, style: str, inner: str, role: str = "note", label: str = "") -> str:
    aria = f' aria-label="{html.escape(label)}"' if label else ""
    return (
        f'<div class="{css_class}" role="{role}"{aria} style="{style}; border-radius:6px; '
        f"padding:0.5em 0.9em; margin:0.4em 0; font-family:{FONT}; line-height:1.6; "
        f'color:#1b1b1b">{inner}</div>'
    )


def header_html(flow: flows.Flow) -> str:
    return (
        f'<div class="ct-sim-header" style="font-family:{FONT}; border-bottom:3px solid #0b5cad; '
        f'padding-bottom:0.3em; margin-bottom:0.3em">'
        f'<div style="font-size:0.85em; color:#3d3d3d">{_words(flows.texts().frame.badge)}</div>'
        f'<div style="font-size:1.25em; font-weight:700">{inline_html(flow.title)}</div>'
        f'<div style="font-size:0.95em">{inline_html(flow.intro)}</div></div>'
    )


def banner_html() -> str:
    return box(
        "ct-sim-banner",
        "border:2px solid #b35c00; background:#fff4e5",
        f"⚠ {inline_html(flows.data().privacy_banner)}",
        role="alert",
        label=flows.texts().frame.banner_label,
    )


def stepper_html(flow: flows.Flow, current: str) -> str:
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
        f'<ol class="ct-sim-steps" aria-label="{html.escape(flows.texts().frame.steps_label)}" '
        f'style="font-family:{FONT}; '
        f'font-size:0.9em; padding:0; margin:0.3em 0; list-style:none">{"".join(items)}</ol>'
    )


def screen_title_html(flow: flows.Flow, step_id: str) -> str:
    step = flow.step(step_id)
    title = flows.texts().frame.screen_title.format(
        position=flow.position(step_id), total=len(flow.steps), title=step.title
    )
    return (
        f'<div class="ct-sim-screen-title" style="font-family:{FONT}; margin:0.4em 0">'
        f'<div style="font-size:1.1em; font-weight:700">{inline_html(title)}</div>'
        f"<div>{inline_html(step.instruction)}</div></div>"
    )


def warning_html(text: str) -> str:
    return box(
        "ct-sim-warning",
        "border-left:6px solid #b35c00; background:#fff4e5",
        f"⚠ {inline_html(text)}",
        label=flows.texts().frame.warning_label,
    )


def tip_html(text: str) -> str:
    return box(
        "ct-sim-tip",
        "border-left:6px solid #0b5cad; background:#eaf3fc",
        f"ℹ {inline_html(text)}",
        label=flows.texts().frame.tip_label,
    )


def refusal_html(problems: list[str]) -> str:
    words = flows.texts().frame
    items = "".join(f"<li>{inline_html(p)}</li>" for p in problems)
    return box(
        "ct-sim-refusal",
        "border:2px solid #8a1c1c; background:#fdecea",
        f"<strong>{_words(words.refused)}</strong>"
        f'<ul style="margin:0.2em 0 0.2em 1.2em; padding:0">{items}</ul>',
        role="alert",
        label=words.refused_label,
    )


def success_html(text: str) -> str:
    return box(
        "ct-sim-ok",
        "border:1px solid #2e7d32; background:#edf7ee",
        f"✓ {inline_html(text)}",
        role="status",
        label=flows.texts().frame.done_label,
    )


def consent_note_html(missing_labels: list[str]) -> str:
    words = flows.texts().terms
    if not missing_labels:
        return success_html(words.all_agreed)
    names = ", ".join(f"'{label}'" for label in missing_labels)
    return box(
        "ct-sim-missing",
        "border:1px solid #8a1c1c; background:#fdecea",
        inline_html(words.missing.format(names=names)),
        role="status",
        label=words.missing_label,
    )


def consent_summaries_html() -> str:
    words = flows.texts().terms
    rows = "".join(
        f"<li><strong>[{_words(words.required_tag if c.required else words.optional_tag)}] "
        f"{inline_html(c.label)}</strong>: {inline_html(c.summary)}</li>"
        for c in flows.data().consents
    )
    return (
        f'<ul class="ct-sim-terms" style="font-family:{FONT}; font-size:0.92em; '
        f'margin:0.2em 0 0.2em 1.2em; padding:0">{rows}</ul>'
    )


def rrn_note_html(masked: str | None, problem: str | None) -> str:
    """Live format feedback; shows only the masked form (birth date and 7th digit)."""
    words = flows.texts().identity
    if masked is None:
        return f'<div style="font-family:{FONT}; color:#3d3d3d">{_words(words.rrn_hint)}</div>'
    if problem:
        return (
            f'<div role="status" style="font-family:{FONT}; color:{BAD}">'
            f"{inline_html(words.rrn_bad.format(problem=problem))}</div>"
        )
    return (
        f'<div role="status" style="font-family:{FONT}; color:{GOOD}">'
        f"{_words(words.rrn_ok.format(masked=masked))}</div>"
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
    words = flows.texts().card
    question = words.card_question.format(first=f"{card.first:02d}", second=f"{card.second:02d}")
    return (
        f'<div class="ct-sim-card" style="font-family:{FONT}; margin:0.4em 0">'
        f'<div style="font-weight:700">{_words(words.card_heading)}</div>'
        f'<table style="border-collapse:collapse; font-size:0.85em; font-family:monospace">'
        f"{rows}</table>"
        f'<div style="font-size:0.95em; margin-top:0.3em">{inline_html(question)}</div></div>'
    )


def device_html(device: str, message: str) -> str:
    """The made-up phone or OTP device (named ``device``), showing what arrived on it."""
    name = _words(device)
    return (
        f'<div class="ct-sim-device" role="status" style="font-family:{FONT}; display:inline-block; '
        f"border:2px solid #333; border-radius:12px; padding:0.4em 0.9em; margin:0.3em 0; "
        f'background:#fafafa"><div style="font-size:0.85em">[{name}]</div>'
        f'<div style="font-size:1.05em">{inline_html(message)}</div></div>'
    )


def sms_message(code: str) -> str:
    return flows.texts().sms.message.format(code=code)


def otp_message(code: str) -> str:
    return flows.texts().card.otp_message.format(code=code)


def medium_advice_html(medium: flows.Medium | None) -> str:
    words = flows.texts().medium
    if medium is None:
        return f'<div style="font-family:{FONT}; color:#3d3d3d">{_words(words.hint)}</div>'
    verdict = _words(words.recommended if medium.recommended else words.not_recommended)
    style = (
        "border-left:6px solid #2e7d32; background:#edf7ee"
        if medium.recommended
        else "border-left:6px solid #b35c00; background:#fff4e5"
    )
    return box(
        "ct-sim-advice",
        style,
        f"<strong>{verdict}: {inline_html(medium.label)}</strong><br>{inline_html(medium.advice)}"
        f'<div style="font-size:0.85em; color:#3d3d3d">'
        f"{html.escape(words.source.format(source=medium.source))}</div>",
        role="status",
        label=words.advice_label,
    )


def password_checklist_html(
    unmet: list[PasswordRule], confirmation_problem: str | None, typed: bool
) -> str:
    """Each rule with ✓/✗ in words; never the password, its length or any of its characters."""
    words = flows.texts().password
    unmet_ids = {rule.id for rule in unmet}
    items = []
    for rule in password_rules():
        ok = typed and rule.id not in unmet_ids
        mark, word, colour = ("✓", words.met, GOOD) if ok else ("✗", words.unmet, BAD)
        items.append(
            f'<li data-rule="{rule.id}" style="color:{colour}">{mark} {inline_html(rule.label)} '
            f'<span style="font-size:0.85em">({_words(word)})</span></li>'
        )
    if not typed:
        summary = words.hint
    elif unmet:
        summary = words.next_rule.format(label=unmet[0].label, fix=unmet[0].fix)
    elif confirmation_problem:
        summary = confirmation_problem
    else:
        summary = words.all_met
    return (
        f'<div class="ct-sim-password-rules" style="font-family:{FONT}">'
        f'<ul aria-label="{html.escape(words.rules_label)}" '
        f'style="list-style:none; padding:0; margin:0.2em 0">'
        f"{''.join(items)}</ul>"
        f'<div role="status" aria-live="polite">{inline_html(summary)}</div></div>'
    )


def old_cert_html(status: str | None = None) -> str:
    words = flows.texts().center
    dates = words.old_cert_dates.format(
        issued=ko_date(flows.OLD_CERT_ISSUED), expires=ko_date(flows.OLD_CERT_EXPIRES)
    )
    status_line = words.old_cert_status.format(status=status or words.old_cert_valid)
    today = words.old_cert_today.format(today=ko_date(flows.SCENARIO_TODAY))
    return box(
        "ct-sim-old-cert",
        "border:1px solid #5a5a5a; background:#f6f6f6",
        f"<strong>{_words(words.old_cert_heading)}</strong><br>"
        f"{_words(words.old_cert_kind)}<br>"
        f"{_words(dates)}<br>"
        f"{_words(status_line)}<br>"
        f'<span style="font-size:0.9em">{_words(today)}</span>',
        label=words.old_cert_label,
    )


def issuance_result_html(medium_label: str) -> str:
    words = flows.texts().complete
    expires = flows.SCENARIO_TODAY.replace(year=flows.SCENARIO_TODAY.year + 1)
    renew_from = expires - dt.timedelta(days=30)
    validity = words.validity.format(start=ko_date(flows.SCENARIO_TODAY), end=ko_date(expires))
    return box(
        "ct-sim-result",
        "border:2px solid #2e7d32; background:#edf7ee",
        f"{inline_html(words.issued)}<br>"
        f"{_words(words.issued_kind)}<br>"
        f"{inline_html(words.stored_at.format(medium=medium_label))}<br>"
        f"{_words(validity)}<br>"
        f"{_words(words.renewal.format(start=ko_date(renew_from)))}",
        role="status",
        label=words.issued_label,
    )


def reissuance_result_html(medium_label: str) -> str:
    w = flows.texts().complete
    row = 'style="border:1px solid #777; padding:3px 8px"'
    table = (
        '<table style="border-collapse:collapse; margin:0.3em 0">'
        f"<tr><th {row}>{_words(w.table_cert)}</th><th {row}>{_words(w.table_status)}</th>"
        f"<th {row}>{_words(w.table_expires)}</th></tr>"
        f"<tr><td {row}>{_words(w.old_cert.format(date=ko_date(flows.OLD_CERT_ISSUED)))}</td>"
        f"<td {row}>{_words(w.old_revoked)}</td>"
        f"<td {row}>{ko_date(flows.OLD_CERT_EXPIRES)}</td></tr>"
        f"<tr><td {row}>{_words(w.new_cert.format(date=ko_date(flows.SCENARIO_TODAY)))}</td>"
        f"<td {row}>{inline_html(w.new_valid.format(medium=medium_label))}</td>"
        f"<td {row}>{_words(w.same_expiry.format(date=ko_date(flows.OLD_CERT_EXPIRES)))}</td>"
        "</tr></table>"
    )
    return box(
        "ct-sim-result",
        "border:2px solid #2e7d32; background:#edf7ee",
        inline_html(w.reissued) + table,
        role="status",
        label=w.reissued_label,
    )


def _quoted(content: Content, anchor_id: str) -> tuple[str, str]:
    """A section or FAQ a flow quotes: its label and the seed's words (looked up, not guessed)."""
    if content.is_faq(anchor_id):
        faq = content.faq(anchor_id)
        return flows.texts().complete.faq_quote.format(number=faq.number), faq.answer
    section = content.section(anchor_id)
    label = f"{section.number} {section.title}" if section.number else section.title
    return label, " ".join(section.body)


def seed_explanation_html(flow: flows.Flow) -> str:
    """What the seed said in the sections or FAQ the flow quotes, then today's notes on them."""
    content = load_content()
    words = flows.texts().complete
    quotes = "".join(
        f"<p style='margin:0.2em 0'>{_words(label)}: {inline_html(said)}</p>"
        for label, said in (_quoted(content, anchor_id) for anchor_id in flow.quotes)
    )
    quote = box(
        "ct-sim-seed",
        "border-left:6px solid #5a5a5a; background:#f6f6f6",
        f"<strong>{_words(words.quote_heading)}</strong>{quotes}",
        label=words.quote_label,
    )
    notes = [today_block(note).html for target in flow.quotes for note in content.notes_for(target)]
    return quote + "".join(notes)
