"""The certificate-centre simulator: ipywidgets screens for issuance and reissuance.

Privacy by construction: typed values live only in the input widgets while their screen is
open; a screen is cleared the moment it is completed, no check keeps what it was given, and
completing a step publishes ``PracticeStepDone(flow, step)``, never what was typed. The
display bundle carries the course's widget MIME type so handouts render the static
walk-through (``certtraining.practice.static``) in its place.
"""

from __future__ import annotations

import html
import random
import re
from typing import Any

import ipywidgets as w

from certtraining import events
from certtraining.personal.rrn import mask_rrn, rrn_format_problem
from certtraining.practice import checks, flows, look
from certtraining.present.markup import to_text
from certtraining.present.stylesheet import course

WIDGET_MIME = "application/vnd.certtraining.widget+json"
_WIDE = {"description_width": "initial"}


def _text(description: str, placeholder: str = "", width: str = "22em") -> w.Text:
    return w.Text(
        description=description,
        placeholder=placeholder,
        style=_WIDE,
        layout=w.Layout(width=width),
    )


def _password(description: str, width: str = "22em") -> w.Password:
    return w.Password(
        description=description,
        style=_WIDE,
        layout=w.Layout(width=width),
        continuous_update=True,
    )


class Screen:
    """One simulator screen. ``problems()`` says why 다음 is refused; ``clear()`` forgets input."""

    step = ""

    def __init__(self, sim: Simulator):
        self.sim = sim
        self.box = w.VBox(self.children())

    def children(self) -> list[w.Widget]:
        return []

    def enter(self) -> None:
        """Called when the screen is shown."""

    def ready(self) -> bool:
        """False keeps 다음 disabled (only screens with a live checker gate it)."""
        return True

    def problems(self) -> list[str]:
        return []

    def clear(self) -> None:
        """Forget everything typed on this screen."""


class CenterScreen(Screen):
    step = "center"

    def children(self) -> list[w.Widget]:
        self.menu = w.RadioButtons(
            options=[(m.label, m.id) for m in flows.CENTER_MENU],
            value=None,
            description="인증센터 메뉴",
            style=_WIDE,
            layout=w.Layout(width="auto"),
        )
        widgets: list[w.Widget] = [self.menu]
        self.reason: w.RadioButtons | None = None
        if self.sim.flow.id == "reissuance":
            self.reason = w.RadioButtons(
                options=[(r.label, r.id) for r in flows.REISSUE_REASONS],
                value=None,
                description="재발급하는 이유",
                style=_WIDE,
                layout=w.Layout(width="auto"),
            )
            widgets = [w.HTML(look.old_cert_html()), self.menu, self.reason]
        return widgets

    def problems(self) -> list[str]:
        problems = []
        wanted = flows.MENU_FOR_FLOW[self.sim.flow.id]
        right = next(m for m in flows.CENTER_MENU if m.id == wanted)
        if self.menu.value is None:
            problems.append("인증센터 메뉴를 고르세요.")
        elif self.menu.value != wanted:
            chosen = next(m for m in flows.CENTER_MENU if m.id == self.menu.value)
            problems.append(
                f"'{chosen.label}' 메뉴는 {chosen.meaning} 이번 연습은 '{right.label}'입니다."
            )
        if self.reason is not None:
            if self.reason.value is None:
                problems.append("재발급하는 이유를 고르세요.")
            else:
                reason = next(r for r in flows.REISSUE_REASONS if r.id == self.reason.value)
                if reason.refusal:
                    problems.append(reason.refusal)
        return problems

    def clear(self) -> None:
        self.menu.value = None
        if self.reason is not None:
            self.reason.value = None


class TermsScreen(Screen):
    step = "terms"

    def children(self) -> list[w.Widget]:
        self.boxes = {
            c.id: w.Checkbox(
                value=False,
                description=f"[{'필수' if c.required else '선택'}] {c.label}",
                indent=False,
                layout=w.Layout(width="auto"),
            )
            for c in flows.CONSENTS
        }
        self.all_box = w.Checkbox(
            value=False,
            description="전체 동의 (선택 항목 포함)",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.note = w.HTML()
        self._syncing = False
        self.all_box.observe(self._tick_all, names="value")
        for checkbox in self.boxes.values():
            checkbox.observe(self._changed, names="value")
        self._changed()
        return [
            w.HTML(look.consent_summaries_html()),
            self.all_box,
            *self.boxes.values(),
            self.note,
        ]

    def _tick_all(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        for checkbox in self.boxes.values():
            checkbox.value = bool(change["new"])

    def missing(self) -> list[flows.Consent]:
        return checks.missing_consents(k for k, box in self.boxes.items() if box.value)

    def _changed(self, change: dict[str, Any] | None = None) -> None:
        self._syncing = True  # keep 전체 동의 in step without it re-ticking every box
        self.all_box.value = all(box.value for box in self.boxes.values())
        self._syncing = False
        self.note.value = look.consent_note_html([c.label for c in self.missing()])
        self.sim.refresh(changed=change is not None)

    def ready(self) -> bool:
        return not self.missing()

    def problems(self) -> list[str]:
        return [f"필수 약관 '{c.label}'에 동의하지 않았습니다." for c in self.missing()]

    def clear(self) -> None:
        self.all_box.value = False
        for checkbox in self.boxes.values():
            checkbox.value = False


class IdentityScreen(Screen):
    step = "identity"

    def children(self) -> list[w.Widget]:
        self.fill = w.Button(
            description="가상 정보 채우기",
            icon="user-secret",
            tooltip="가상의 사람 정보를 채웁니다 (실제 정보는 입력하지 마세요)",
            layout=w.Layout(width="auto"),
        )
        self.fill.on_click(self._fill)
        self.rrn_front = _text("주민등록번호 앞 6자리", "YYMMDD", "16em")
        self.rrn_back = _password("뒤 7자리", "12em")
        self.account = _text("출금계좌번호", "숫자와 -")
        self.account_password = _password("계좌 비밀번호 (4자리)", "16em")
        self.rrn_note = w.HTML(look.rrn_note_html(None, None))
        for field in (self.rrn_front, self.rrn_back):
            field.observe(self._rrn_changed, names="value")
        return [
            w.HTML(look.banner_html()),
            self.fill,
            w.HBox([self.rrn_front, self.rrn_back]),
            self.rrn_note,
            self.account,
            self.account_password,
        ]

    def _fill(self, _button: w.Button | None = None) -> None:
        person = flows.FICTIONAL_PERSON
        self.rrn_front.value = person.rrn_front
        self.rrn_back.value = person.rrn_back
        self.account.value = person.account
        self.account_password.value = person.account_password

    def _rrn_changed(self, _change: dict[str, Any] | None = None) -> None:
        front, back = self.rrn_front.value.strip(), self.rrn_back.value.strip()
        if not front and not back:
            self.rrn_note.value = look.rrn_note_html(None, None)
            return
        combined = f"{front}-{back}"
        self.rrn_note.value = look.rrn_note_html(mask_rrn(combined), rrn_format_problem(combined))

    def problems(self) -> list[str]:
        return checks.identity_problems(
            self.rrn_front.value,
            self.rrn_back.value,
            self.account.value,
            self.account_password.value,
        )

    def clear(self) -> None:
        for field in (self.rrn_front, self.rrn_back, self.account, self.account_password):
            field.value = ""
        self.rrn_note.value = look.rrn_note_html(None, None)


class CardScreen(Screen):
    step = "card"

    def children(self) -> list[w.Widget]:
        self.method = w.ToggleButtons(
            options=[("보안카드", "card"), ("OTP", "otp")],
            value="card",
            description="본인 확인 수단",
            style=_WIDE,
        )
        self.method.observe(self._switch, names="value")
        self.card: checks.SecurityCard | None = None
        self.card_view = w.HTML()
        self.first_two = _password("앞 2자리", "12em")
        self.last_two = _password("뒤 2자리", "12em")
        self.card_panel = w.VBox([self.card_view, w.HBox([self.first_two, self.last_two])])
        self.otp_code: str | None = None
        self.otp_button = w.Button(description="OTP 버튼 누르기", icon="key")
        self.otp_button.on_click(self._press_otp)
        self.otp_view = w.HTML()
        self.otp_typed = _password("OTP 번호 6자리", "16em")
        self.otp_panel = w.VBox([self.otp_button, self.otp_view, self.otp_typed])
        self.panel = w.VBox([self.card_panel])
        return [self.method, self.panel, w.HTML(look.warning_html(flows.CARD_WARNING))]

    def enter(self) -> None:
        self.card = checks.SecurityCard.draw(self.sim.rng)
        self.card_view.value = look.card_html(self.card)
        self.first_two.description = f"{self.card.first:02d}번 앞 2자리"
        self.last_two.description = f"{self.card.second:02d}번 뒤 2자리"

    def _switch(self, change: dict[str, Any]) -> None:
        self.panel.children = [self.card_panel if change["new"] == "card" else self.otp_panel]

    def _press_otp(self, _button: w.Button | None = None) -> None:
        self.otp_code = checks.draw_code(self.sim.rng)
        self.otp_view.value = look.device_html("otp", look.otp_message(self.otp_code))

    def problems(self) -> list[str]:
        if self.method.value == "otp":
            problem = checks.code_problem(self.otp_typed.value, self.otp_code, "OTP 번호")
        else:
            assert self.card is not None
            problem = self.card.problem(self.first_two.value, self.last_two.value)
        return [problem] if problem else []

    def clear(self) -> None:
        for field in (self.first_two, self.last_two, self.otp_typed):
            field.value = ""
        self.card, self.otp_code = None, None
        self.card_view.value = self.otp_view.value = ""
        self.method.value = "card"


class SmsScreen(Screen):
    step = "sms"

    def children(self) -> list[w.Widget]:
        self.code: str | None = None
        self.request = w.Button(description="인증번호 받기", icon="mobile", button_style="info")
        self.request.on_click(self._send)
        self.phone = w.HTML()
        self.typed = _text("인증번호 6자리", "가상 휴대폰의 숫자", "18em")
        return [
            self.request,
            self.phone,
            self.typed,
            w.HTML(look.warning_html(flows.SMS_WARNING)),
        ]

    def _send(self, _button: w.Button | None = None) -> None:
        self.code = checks.draw_code(self.sim.rng)
        self.phone.value = look.device_html("phone", look.sms_message(self.code))

    def problems(self) -> list[str]:
        problem = checks.code_problem(self.typed.value, self.code, "인증번호")
        return [problem] if problem else []

    def clear(self) -> None:
        self.typed.value = ""
        self.code = None
        self.phone.value = ""


class MediumScreen(Screen):
    step = "medium"

    def children(self) -> list[w.Widget]:
        self.choice = w.RadioButtons(
            options=[(m.label, m.id) for m in flows.MEDIA],
            value=None,
            description="저장 매체",
            style=_WIDE,
            layout=w.Layout(width="auto"),
        )
        self.advice = w.HTML(look.medium_advice_html(None))
        self.choice.observe(self._changed, names="value")
        return [self.choice, self.advice]

    def medium(self) -> flows.Medium | None:
        return next((m for m in flows.MEDIA if m.id == self.choice.value), None)

    def _changed(self, _change: dict[str, Any] | None = None) -> None:
        self.advice.value = look.medium_advice_html(self.medium())

    def problems(self) -> list[str]:
        return [] if self.choice.value else ["인증서를 저장할 매체를 고르세요."]

    def clear(self) -> None:
        # The chosen medium is a choice, not typed data; the summary screen names it.
        self.sim.chosen_medium = self.medium()
        self.choice.value = None


class PasswordScreen(Screen):
    step = "password"

    def children(self) -> list[w.Widget]:
        self.password = _password("인증서 비밀번호")
        self.confirmation = _password("비밀번호 확인")
        self.checklist = w.HTML()
        for field in (self.password, self.confirmation):
            field.observe(self._changed, names="value")
        self._changed()
        return [
            self.password,
            self.confirmation,
            self.checklist,
            w.HTML(look.tip_html(flows.PASSWORD_TIP)),
        ]

    def _changed(self, _change: dict[str, Any] | None = None) -> None:
        value = self.password.value
        self.checklist.value = look.password_checklist_html(
            checks.password_problems(value),
            checks.confirmation_problem(value, self.confirmation.value),
            typed=bool(value),
        )
        self.sim.refresh(changed=_change is not None)

    def ready(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        value = self.password.value
        problems = [f"{rule.label}: {rule.fix}" for rule in checks.password_problems(value)]
        confirmation = checks.confirmation_problem(value, self.confirmation.value)
        if confirmation and not problems:
            problems.append(confirmation)
        return problems

    def clear(self) -> None:
        self.password.value = ""
        self.confirmation.value = ""


class CompleteScreen(Screen):
    step = "complete"

    def children(self) -> list[w.Widget]:
        self.result = w.HTML()
        self.explanation = w.HTML()
        return [self.result, self.explanation]

    def enter(self) -> None:
        medium = self.sim.chosen_medium.label if self.sim.chosen_medium else "(고르지 않음)"
        if self.sim.flow.id == "reissuance":
            self.result.value = look.reissuance_result_html(medium)
            self.explanation.value = look.seed_explanation_html()
        else:
            self.result.value = look.issuance_result_html(medium)
            self.explanation.value = look.tip_html(
                "인증서 비밀번호는 적어 두지 말고 기억하세요. 잊으면 재발급해야 합니다."
            )


_BLOCK_TAG = re.compile(r"</?(?:div|p|li|br|tr|td|th|ul|ol|dl|dt|dd|section|table)\b[^>]*>")


def plain_text(html_text: str) -> str:
    """Visible words of a piece of widget HTML, for tests and plain-text readers."""
    spaced = _BLOCK_TAG.sub(" ", html_text)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


SCREENS: dict[str, type[Screen]] = {
    cls.step: cls
    for cls in (
        CenterScreen,
        TermsScreen,
        IdentityScreen,
        CardScreen,
        SmsScreen,
        MediumScreen,
        PasswordScreen,
        CompleteScreen,
    )
}


class Simulator:
    """One run of a flow. ``display(Simulator("issuance"))`` shows it in a notebook."""

    def __init__(self, flow_id: str = "issuance", rng: random.Random | None = None):
        self.flow = flows.flow(flow_id)
        self.rng = rng or random.Random()
        self.chosen_medium: flows.Medium | None = None
        self.completed: list[str] = []
        self._building = True
        self.header = w.HTML(look.header_html(self.flow))
        self.stepper = w.HTML()
        self.title = w.HTML()
        self.status = w.HTML()
        self.next_button = w.Button(
            description="다음 ▶",
            button_style="primary",
            tooltip="이 화면을 마치고 다음 단계로",
        )
        self.next_button.on_click(lambda _b: self.next())
        self.restart_button = w.Button(description="처음부터 다시", icon="undo")
        self.restart_button.on_click(lambda _b: self.restart())
        self.screens = {step.id: SCREENS[step.id](self) for step in self.flow.steps}
        self.screen_area = w.VBox()
        self.nav = w.HBox([self.next_button])
        self.widget = w.VBox(
            [self.header, self.stepper, self.title, self.screen_area, self.status, self.nav],
            layout=w.Layout(
                border=f"1px solid {course().variable('frame')}",
                padding="0.5em 1em",
                max_width="820px",
            ),
        )
        self.widget.add_class("ct-simulator")
        self._building = False
        self.current = self.flow.steps[0].id
        self._show()

    # -- navigation -------------------------------------------------------------------

    @property
    def screen(self) -> Screen:
        return self.screens[self.current]

    def refresh(self, changed: bool = False) -> None:
        """Enable 다음 only when the current screen lets it (terms and password gate it).

        ``changed``: the learner edited the screen, so an earlier refusal no longer applies.
        """
        if self._building or not hasattr(self, "current"):
            return
        self.next_button.disabled = not self.screen.ready()
        if changed:
            self.status.value = ""

    def _show(self) -> None:
        self.stepper.value = look.stepper_html(self.flow, self.current)
        self.title.value = look.screen_title_html(self.flow, self.current)
        self.screen.enter()
        self.screen_area.children = [self.screen.box]
        self.nav.children = [
            self.restart_button if self.current == "complete" else self.next_button
        ]
        self.refresh()

    def next(self) -> bool:
        """Press 다음: refuse with the reasons, or finish this screen (clearing it) and go on."""
        problems = self.screen.problems()
        if problems:
            self.status.value = look.refusal_html(problems)
            return False
        done = self.current
        self.screen.clear()
        self._record(done)
        ids = [s.id for s in self.flow.steps]
        if done == ids[-1]:  # a one-screen flow (the password practice): stay, ready again
            self.status.value = look.success_html(
                f"'{self.flow.step(done).title}' 연습을 마쳤습니다. 입력 칸은 비웠습니다."
            )
            self._show()
            return True
        self.current = ids[ids.index(done) + 1]
        self.status.value = look.success_html(f"'{self.flow.step(done).title}' 단계를 마쳤습니다.")
        self._show()
        if self.current == "complete":
            self._record("complete")
        return True

    def restart(self) -> None:
        for screen in self.screens.values():
            screen.clear()
        self.chosen_medium = None
        self.current = self.flow.steps[0].id
        self.status.value = ""
        self._show()

    def _record(self, step: str) -> None:
        self.completed.append(step)
        events.publish(events.PracticeStepDone(flow=self.flow.id, step=step))

    # -- display ------------------------------------------------------------------------

    def status_text(self) -> str:
        """The message area as plain text (what a screen reader announces)."""
        return plain_text(self.status.value)

    def __repr__(self) -> str:
        steps = " › ".join(f"{i}. {s.title}" for i, s in enumerate(self.flow.steps, start=1))
        return (
            f"모의 인증센터 — {self.flow.title} (연습용, 가상 정보만 쓰세요)\n"
            f"{to_text(self.flow.intro)}\n단계: {steps}\n"
            "(화면이 보이지 않으면 이 셀을 실행하세요. 입력한 내용은 저장되지 않습니다.)"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = repr(self)
        bundle[WIDGET_MIME] = {"kind": "simulator", "flow": self.flow.id}
        return bundle
