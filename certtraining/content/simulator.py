"""The shape of ``data/simulator.yaml``: the practice certificate centre's flows and screen texts.

The screens themselves (what each one asks and checks) are code in ``certtraining.practice``;
which screens a flow shows, in what order, and every word on them are data here, so a teacher
can reword a message or a step without reading Python. Texts with ``{name}`` slots are filled
by the code; ``certtraining.content.simulator_rules`` checks that no text asks for a slot the
code does not fill.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from certtraining.content.base import Ident, Strict, Text

# The screens the simulator has code for; a flow's step ids name them (and progress records them).
ScreenName = Literal["center", "terms", "identity", "card", "sms", "medium", "password", "complete"]
# The password rules the simulator checks (their texts are data, the checks are code).
PasswordRuleName = Literal["length", "letter", "digit", "special", "forbidden"]


class Slots:
    """Marks a text field whose ``{name}`` placeholders the code fills in."""

    def __init__(self, *names: str):
        self.names = frozenset(names)


class FlowStep(Strict):
    id: ScreenName
    title: Text
    instruction: Text


class Flow(Strict):
    id: Ident
    title: Text
    heading: Text  # the heading a simulation lesson puts before this flow
    intro: Text
    menu: Ident | None = None  # the centre menu item this flow wants (flows with a centre screen)
    replaces_old: bool = False  # shows the old certificate, asks why, and revokes it at the end
    quotes: list[Ident] = []  # sections or FAQ the completion screen quotes (with today's notes)
    steps: list[FlowStep] = Field(min_length=1)

    def step(self, step_id: str) -> FlowStep:
        return next(s for s in self.steps if s.id == step_id)

    def position(self, step_id: str) -> int:
        return [s.id for s in self.steps].index(step_id) + 1


class MenuItem(Strict):
    id: Ident
    label: Text
    meaning: Text  # what the menu is for, shown when it is the wrong choice


class Reason(Strict):
    id: Ident
    label: Text
    refusal: Text | None = None  # when set, this reason is not a reissuance case


class Consent(Strict):
    id: Ident
    label: Text
    required: bool
    summary: Text


class Medium(Strict):
    id: Ident
    label: Text
    advice: Text
    recommended: bool
    source: Text


class RuleText(Strict):
    label: Annotated[Text, Slots("min_length")]
    fix: Annotated[Text, Slots("min_length")]


class FrameTexts(Strict):
    badge: Text
    title_line: Annotated[Text, Slots("title")]
    repr_title: Annotated[Text, Slots("title")]
    repr_steps: Annotated[Text, Slots("steps")]
    repr_hint: Text
    walkthrough_intro: Text
    steps_label: Text
    screen_title: Annotated[Text, Slots("position", "total", "title")]
    next: Text
    next_tooltip: Text
    restart: Text
    step_done: Annotated[Text, Slots("title")]
    practice_done: Annotated[Text, Slots("title")]
    refused: Text
    refused_label: Text
    done_label: Text
    warning_label: Text
    tip_label: Text
    banner_label: Text
    date: Annotated[Text, Slots("year", "month", "day")]
    selected: Text


class CenterTexts(Strict):
    menu_label: Text
    reason_label: Text
    reason_heading: Text
    no_menu: Text
    wrong_menu: Annotated[Text, Slots("chosen", "meaning", "right")]
    no_reason: Text
    refusal_example: Annotated[Text, Slots("label", "refusal")]
    old_cert_heading: Text
    old_cert_label: Text
    old_cert_kind: Text
    old_cert_dates: Annotated[Text, Slots("issued", "expires")]
    old_cert_status: Annotated[Text, Slots("status")]
    old_cert_valid: Text
    old_cert_today: Annotated[Text, Slots("today")]


class TermsTexts(Strict):
    required_tag: Text
    optional_tag: Text
    agree_all: Text
    not_agreed: Annotated[Text, Slots("label")]
    all_agreed: Text
    missing: Annotated[Text, Slots("names")]
    missing_label: Text
    example_intro: Text


class IdentityTexts(Strict):
    fill: Text
    fill_tooltip: Text
    rrn: Text
    rrn_front: Text
    rrn_front_placeholder: Text
    rrn_back: Text
    account: Text
    account_placeholder: Text
    account_password: Text
    rrn_hint: Text
    rrn_bad: Annotated[Text, Slots("problem")]
    rrn_ok: Annotated[Text, Slots("masked")]
    rrn_missing: Text
    rrn_problem: Annotated[Text, Slots("problem")]
    account_problem: Text
    account_password_problem: Text


class CardTexts(Strict):
    method_label: Text
    card: Text
    otp: Text
    first_half: Text
    last_half: Text
    first_half_of: Annotated[Text, Slots("number")]
    last_half_of: Annotated[Text, Slots("number")]
    otp_button: Text
    otp_field: Text
    otp_code: Text
    otp_message: Annotated[Text, Slots("code")]
    otp_device: Text
    otp_note: Text
    card_heading: Text
    card_question: Annotated[Text, Slots("first", "second")]
    wrong_card: Text
    warning: Text


class SmsTexts(Strict):
    request: Text
    field: Text
    placeholder: Text
    code: Text
    message: Annotated[Text, Slots("code")]
    device: Text
    code_missing: Annotated[Text, Slots("code")]
    code_wrong: Annotated[Text, Slots("code")]
    warning: Text


class MediumTexts(Strict):
    label: Text
    none: Text
    hint: Text
    recommended: Text
    not_recommended: Text
    source: Annotated[Text, Slots("source")]
    advice_label: Text
    not_chosen: Text


class PasswordTexts(Strict):
    field: Text
    confirm: Text
    rules_label: Text
    rules_intro: Text
    met: Text
    unmet: Text
    hint: Text
    next_rule: Annotated[Text, Slots("label", "fix")]
    all_met: Text
    confirm_missing: Text
    confirm_differs: Text
    tip: Text


class CompleteTexts(Strict):
    issued: Text
    issued_kind: Text
    stored_at: Annotated[Text, Slots("medium")]
    validity: Annotated[Text, Slots("start", "end")]
    renewal: Annotated[Text, Slots("start")]
    issued_label: Text
    issued_tip: Text
    reissued: Text
    reissued_label: Text
    table_cert: Text
    table_status: Text
    table_expires: Text
    old_cert: Annotated[Text, Slots("date")]
    old_revoked: Text
    new_cert: Annotated[Text, Slots("date")]
    new_valid: Annotated[Text, Slots("medium")]
    same_expiry: Annotated[Text, Slots("date")]
    quote_heading: Text
    quote_label: Text
    faq_quote: Annotated[Text, Slots("number")]


class ScreenTexts(Strict):
    frame: FrameTexts
    center: CenterTexts
    terms: TermsTexts
    identity: IdentityTexts
    card: CardTexts
    sms: SmsTexts
    medium: MediumTexts
    password: PasswordTexts
    complete: CompleteTexts


class SimulatorFile(Strict):
    privacy_banner: Text
    flows: list[Flow] = Field(min_length=1)
    center_menu: list[MenuItem] = Field(min_length=2)
    reissue_reasons: list[Reason] = Field(min_length=1)
    consents: list[Consent] = Field(min_length=1)
    media: list[Medium] = Field(min_length=1)
    password_rules: dict[PasswordRuleName, RuleText]
    texts: ScreenTexts

    @property
    def items(self) -> list[Flow]:
        """What ``certtraining validate`` counts."""
        return self.flows

    @property
    def flow_ids(self) -> list[str]:
        return [f.id for f in self.flows]

    def flow(self, flow_id: str) -> Flow:
        for flow in self.flows:
            if flow.id == flow_id:
                return flow
        ids = ", ".join(self.flow_ids)
        raise ValueError(
            f"알 수 없는 실습 흐름입니다: {flow_id!r} ({ids}) / "
            f"unknown simulator flow {flow_id!r}: use one of {ids}"
        )
