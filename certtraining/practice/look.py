"""HTML pieces of the simulator screens, shared by the live widgets and the static walk-through.

Each piece comes from ``present/templates/simulator.html.j2`` with the course stylesheet
inlined (JupyterLab keeps inline styles in widget HTML and outputs). Every word comes from
``data/simulator.yaml`` through :func:`certtraining.practice.flows.texts` and reaches the
template as an argument: plain text (escaped by the template's autoescape) or Markup built by
``certtraining.present.markup``, so nothing in it can become markup. Every state is told in
words and symbols (✓, ✗, ⚠), never by colour alone.
"""

from __future__ import annotations

import datetime as dt

from certtraining.content import Content, load_content
from certtraining.practice import flows
from certtraining.practice.checks import PasswordRule, SecurityCard, password_rules
from certtraining.present.blocks import today_fragment
from certtraining.present.markup import inline_html
from certtraining.present.templates import render, safe

_SIM = "simulator.html.j2"


def _inline(text: str) -> str:
    return safe(inline_html(text))


def ko_date(day: dt.date) -> str:
    return flows.texts().frame.date.format(year=day.year, month=day.month, day=day.day)


def box(css_class: str, inner: str, role: str = "note", label: str = "") -> str:
    """A note box of the simulator; ``css_class`` picks its look (tone) in course.css."""
    return render(
        f"{_SIM}:note", css_class=css_class, body_html=safe(inner), role=role, label=label
    )


def header_html(flow: flows.Flow) -> str:
    return render(
        f"{_SIM}:header",
        badge=flows.texts().frame.badge,
        title_html=_inline(flow.title),
        intro_html=_inline(flow.intro),
    )


def banner_html() -> str:
    return box(
        "ct-sim-banner",
        f"⚠ {inline_html(flows.data().privacy_banner)}",
        role="alert",
        label=flows.texts().frame.banner_label,
    )


def stepper_html(flow: flows.Flow, current: str) -> str:
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
    return render(f"{_SIM}:stepper", steps=steps, label=flows.texts().frame.steps_label)


def screen_title_html(flow: flows.Flow, step_id: str) -> str:
    step = flow.step(step_id)
    heading = flows.texts().frame.screen_title.format(
        position=flow.position(step_id), total=len(flow.steps), title=step.title
    )
    return render(
        f"{_SIM}:screen_title",
        heading_html=_inline(heading),
        instruction_html=_inline(step.instruction),
    )


def warning_html(text: str) -> str:
    return box("ct-sim-warning", f"⚠ {inline_html(text)}", label=flows.texts().frame.warning_label)


def tip_html(text: str) -> str:
    return box("ct-sim-tip", f"ℹ {inline_html(text)}", label=flows.texts().frame.tip_label)


def refusal_html(problems: list[str]) -> str:
    words = flows.texts().frame
    inner = render(
        f"{_SIM}:refusal",
        heading=words.refused,
        problems_html=[_inline(p) for p in problems],
    )
    return box("ct-sim-refusal", inner, role="alert", label=words.refused_label)


def success_html(text: str) -> str:
    return box(
        "ct-sim-ok", f"✓ {inline_html(text)}", role="status", label=flows.texts().frame.done_label
    )


def consent_note_html(missing_labels: list[str]) -> str:
    words = flows.texts().terms
    if not missing_labels:
        return success_html(words.all_agreed)
    names = ", ".join(f"'{label}'" for label in missing_labels)
    return box(
        "ct-sim-missing",
        inline_html(words.missing.format(names=names)),
        role="status",
        label=words.missing_label,
    )


def consent_summaries_html() -> str:
    words = flows.texts().terms
    consents = [
        {
            "tag": words.required_tag if c.required else words.optional_tag,
            "label_html": _inline(c.label),
            "summary_html": _inline(c.summary),
        }
        for c in flows.data().consents
    ]
    return render(f"{_SIM}:consent_summaries", consents=consents)


def rrn_note_html(masked: str | None, problem: str | None) -> str:
    """Live format feedback; shows only the masked form (birth date and 7th digit)."""
    words = flows.texts().identity
    if masked is None:
        return render(f"{_SIM}:line", css_class="ct-sim-pending", body_html=words.rrn_hint)
    if problem:
        return render(
            f"{_SIM}:line",
            css_class="ct-sim-bad",
            role="status",
            body_html=_inline(words.rrn_bad.format(problem=problem)),
        )
    return render(
        f"{_SIM}:line",
        css_class="ct-sim-good",
        role="status",
        body_html=words.rrn_ok.format(masked=masked),
    )


def card_html(card: SecurityCard) -> str:
    """A picture of the learner's own made-up 보안카드, as if held in the hand."""
    words = flows.texts().card
    cells = [
        {"index": index, "number": number, "asked": index in (card.first, card.second)}
        for index, number in enumerate(card.numbers, start=1)
    ]
    rows = [cells[i : i + 10] for i in range(0, 30, 10)]
    question = words.card_question.format(first=f"{card.first:02d}", second=f"{card.second:02d}")
    return render(
        f"{_SIM}:card", heading=words.card_heading, rows=rows, question_html=_inline(question)
    )


def device_html(device: str, message: str) -> str:
    """The made-up phone or OTP device (named ``device``), showing what arrived on it."""
    return render(f"{_SIM}:device", name=device, message_html=_inline(message))


def sms_message(code: str) -> str:
    return flows.texts().sms.message.format(code=code)


def otp_message(code: str) -> str:
    return flows.texts().card.otp_message.format(code=code)


def medium_advice_html(medium: flows.Medium | None) -> str:
    words = flows.texts().medium
    if medium is None:
        return render(f"{_SIM}:line", css_class="ct-sim-pending", body_html=words.hint)
    inner = render(
        f"{_SIM}:advice",
        verdict=words.recommended if medium.recommended else words.not_recommended,
        label_html=_inline(medium.label),
        advice_html=_inline(medium.advice),
        source_line=words.source.format(source=medium.source),
    )
    return box(
        "ct-sim-advice ct-sim-advice-ok"
        if medium.recommended
        else "ct-sim-advice ct-sim-advice-warn",
        inner,
        role="status",
        label=words.advice_label,
    )


def password_checklist_html(
    unmet: list[PasswordRule], confirmation_problem: str | None, typed: bool
) -> str:
    """Each rule with ✓/✗ in words; never the password, its length or any of its characters."""
    words = flows.texts().password
    unmet_ids = {rule.id for rule in unmet}
    rules = []
    for rule in password_rules():
        ok = typed and rule.id not in unmet_ids
        rules.append(
            {
                "id": rule.id,
                "ok": ok,
                "word": words.met if ok else words.unmet,
                "label_html": _inline(rule.label),
            }
        )
    if not typed:
        summary = words.hint
    elif unmet:
        summary = words.next_rule.format(label=unmet[0].label, fix=unmet[0].fix)
    elif confirmation_problem:
        summary = confirmation_problem
    else:
        summary = words.all_met
    return render(
        f"{_SIM}:password_checklist",
        label=words.rules_label,
        rules=rules,
        summary_html=_inline(summary),
    )


def old_cert_html(status: str | None = None) -> str:
    words = flows.texts().center
    inner = render(
        f"{_SIM}:old_cert",
        heading=words.old_cert_heading,
        kind=words.old_cert_kind,
        dates=words.old_cert_dates.format(
            issued=ko_date(flows.OLD_CERT_ISSUED), expires=ko_date(flows.OLD_CERT_EXPIRES)
        ),
        status=words.old_cert_status.format(status=status or words.old_cert_valid),
        today=words.old_cert_today.format(today=ko_date(flows.SCENARIO_TODAY)),
    )
    return box("ct-sim-old-cert", inner, label=words.old_cert_label)


def issuance_result_html(medium_label: str) -> str:
    words = flows.texts().complete
    expires = flows.SCENARIO_TODAY.replace(year=flows.SCENARIO_TODAY.year + 1)
    renew_from = expires - dt.timedelta(days=30)
    inner = render(
        f"{_SIM}:issuance_result",
        issued_html=_inline(words.issued),
        kind=words.issued_kind,
        stored_html=_inline(words.stored_at.format(medium=medium_label)),
        validity=words.validity.format(start=ko_date(flows.SCENARIO_TODAY), end=ko_date(expires)),
        renewal=words.renewal.format(start=ko_date(renew_from)),
    )
    return box("ct-sim-result", inner, role="status", label=words.issued_label)


def reissuance_result_html(medium_label: str) -> str:
    words = flows.texts().complete
    inner = render(
        f"{_SIM}:reissuance_result",
        reissued_html=_inline(words.reissued),
        heading=[words.table_cert, words.table_status, words.table_expires],
        rows=[
            [
                words.old_cert.format(date=ko_date(flows.OLD_CERT_ISSUED)),
                words.old_revoked,
                ko_date(flows.OLD_CERT_EXPIRES),
            ],
            [
                words.new_cert.format(date=ko_date(flows.SCENARIO_TODAY)),
                _inline(words.new_valid.format(medium=medium_label)),
                words.same_expiry.format(date=ko_date(flows.OLD_CERT_EXPIRES)),
            ],
        ],
    )
    return box("ct-sim-result", inner, role="status", label=words.reissued_label)


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
    quotes = [
        {"label": label, "said_html": _inline(said)}
        for label, said in (_quoted(content, anchor_id) for anchor_id in flow.quotes)
    ]
    quote = box(
        "ct-sim-seed",
        render(f"{_SIM}:seed_quote", heading=words.quote_heading, quotes=quotes),
        label=words.quote_label,
    )
    notes = [today_fragment(note) for target in flow.quotes for note in content.notes_for(target)]
    return quote + "".join(notes)
