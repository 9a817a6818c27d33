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
from certtraining.present.mime import WIDGET_MIME
from certtraining.present.stylesheet import course

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
        words = flows.texts().center
        self.menu = w.RadioButtons(
            options=[(m.label, m.id) for m in flows.data().center_menu],
            value=None,
            description=words.menu_label,
            style=_WIDE,
            layout=w.Layout(width="auto"),
        )
        widgets: list[w.Widget] = [self.menu]
        self.reason: w.RadioButtons | None = None
        if self.sim.flow.replaces_old:
            self.reason = w.RadioButtons(
                options=[(r.label, r.id) for r in flows.data().reissue_reasons],
                value=None,
                description=words.reason_label,
                style=_WIDE,
                layout=w.Layout(width="auto"),
            )
            widgets = [w.HTML(look.old_cert_html()), self.menu, self.reason]
        return widgets

    def problems(self) -> list[str]:
        problems = []
        words, menu = flows.texts().center, flows.data().center_menu
        wanted = self.sim.flow.menu
        right = next(m for m in menu if m.id == wanted)
        if self.menu.value is None:
            problems.append(words.no_menu)
        elif self.menu.value != wanted:
            chosen = next(m for m in menu if m.id == self.menu.value)
            problems.append(
                words.wrong_menu.format(
                    chosen=chosen.label, meaning=chosen.meaning, right=right.label
                )
            )
        if self.reason is not None:
            if self.reason.value is None:
                problems.append(words.no_reason)
            else:
                reasons = flows.data().reissue_reasons
                reason = next(r for r in reasons if r.id == self.reason.value)
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
        words = flows.texts().terms
        self.boxes = {
            c.id: w.Checkbox(
                value=False,
                description=f"[{words.required_tag if c.required else words.optional_tag}] "
                f"{c.label}",
                indent=False,
                layout=w.Layout(width="auto"),
            )
            for c in flows.data().consents
        }
        self.all_box = w.Checkbox(
            value=False,
            description=words.agree_all,
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.note = w.HTML()
        self._syncing = False
        self._ticking_all = False
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
        # Tick every box first, then look once: looking after each box would untick 전체 동의
        # on screen until the last box (a flicker that could swallow the learner's click).
        self._ticking_all = True
        try:
            for checkbox in self.boxes.values():
                checkbox.value = bool(change["new"])
        finally:
            self._ticking_all = False
        self._changed(change)

    def missing(self) -> list[flows.Consent]:
        return checks.missing_consents(k for k, box in self.boxes.items() if box.value)

    def _changed(self, change: dict[str, Any] | None = None) -> None:
        if self._ticking_all:
            return
        self._syncing = True  # keep 전체 동의 in step without it re-ticking every box
        self.all_box.value = all(box.value for box in self.boxes.values())
        self._syncing = False
        self.note.value = look.consent_note_html([c.label for c in self.missing()])
        self.sim.refresh(changed=change is not None)

    def ready(self) -> bool:
        return not self.missing()

    def problems(self) -> list[str]:
        words = flows.texts().terms
        return [words.not_agreed.format(label=c.label) for c in self.missing()]

    def clear(self) -> None:
        self.all_box.value = False
        for checkbox in self.boxes.values():
            checkbox.value = False


class IdentityScreen(Screen):
    step = "identity"

    def children(self) -> list[w.Widget]:
        words = flows.texts().identity
        self.fill = w.Button(
            description=words.fill,
            icon="user-secret",
            tooltip=words.fill_tooltip,
            layout=w.Layout(width="auto"),
        )
        self.fill.on_click(self._fill)
        self.rrn_front = _text(words.rrn_front, words.rrn_front_placeholder, "16em")
        self.rrn_back = _password(words.rrn_back, "12em")
        self.account = _text(words.account, words.account_placeholder)
        self.account_password = _password(words.account_password, "16em")
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
        words = flows.texts().card
        self.method = w.ToggleButtons(
            options=[(words.card, "card"), (words.otp, "otp")],
            value="card",
            description=words.method_label,
            style=_WIDE,
        )
        self.method.observe(self._switch, names="value")
        self.card: checks.SecurityCard | None = None
        self.card_view = w.HTML()
        self.first_two = _password(words.first_half, "12em")
        self.last_two = _password(words.last_half, "12em")
        self.card_panel = w.VBox([self.card_view, w.HBox([self.first_two, self.last_two])])
        self.otp_code: str | None = None
        self.otp_button = w.Button(description=words.otp_button, icon="key")
        self.otp_button.on_click(self._press_otp)
        self.otp_view = w.HTML()
        self.otp_typed = _password(words.otp_field, "16em")
        self.otp_panel = w.VBox([self.otp_button, self.otp_view, self.otp_typed])
        self.panel = w.VBox([self.card_panel])
        return [self.method, self.panel, w.HTML(look.warning_html(words.warning))]

    def enter(self) -> None:
        self.card = checks.SecurityCard.draw(self.sim.rng)
        self.card_view.value = look.card_html(self.card)
        words = flows.texts().card
        self.first_two.description = words.first_half_of.format(number=f"{self.card.first:02d}")
        self.last_two.description = words.last_half_of.format(number=f"{self.card.second:02d}")

    def _switch(self, change: dict[str, Any]) -> None:
        self.panel.children = [self.card_panel if change["new"] == "card" else self.otp_panel]

    def _press_otp(self, _button: w.Button | None = None) -> None:
        self.otp_code = checks.draw_code(self.sim.rng)
        self.otp_view.value = look.device_html(
            flows.texts().card.otp_device, look.otp_message(self.otp_code)
        )

    def problems(self) -> list[str]:
        if self.method.value == "otp":
            what = flows.texts().card.otp_code
            problem = checks.code_problem(self.otp_typed.value, self.otp_code, what)
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
        words = flows.texts().sms
        self.code: str | None = None
        self.request = w.Button(description=words.request, icon="mobile", button_style="info")
        self.request.on_click(self._send)
        self.phone = w.HTML()
        self.typed = _text(words.field, words.placeholder, "18em")
        return [
            self.request,
            self.phone,
            self.typed,
            w.HTML(look.warning_html(words.warning)),
        ]

    def _send(self, _button: w.Button | None = None) -> None:
        self.code = checks.draw_code(self.sim.rng)
        self.phone.value = look.device_html(flows.texts().sms.device, look.sms_message(self.code))

    def problems(self) -> list[str]:
        problem = checks.code_problem(self.typed.value, self.code, flows.texts().sms.code)
        return [problem] if problem else []

    def clear(self) -> None:
        self.typed.value = ""
        self.code = None
        self.phone.value = ""


class MediumScreen(Screen):
    step = "medium"

    def children(self) -> list[w.Widget]:
        self.choice = w.RadioButtons(
            options=[(m.label, m.id) for m in flows.data().media],
            value=None,
            description=flows.texts().medium.label,
            style=_WIDE,
            layout=w.Layout(width="auto"),
        )
        self.advice = w.HTML(look.medium_advice_html(None))
        self.choice.observe(self._changed, names="value")
        return [self.choice, self.advice]

    def medium(self) -> flows.Medium | None:
        return next((m for m in flows.data().media if m.id == self.choice.value), None)

    def _changed(self, _change: dict[str, Any] | None = None) -> None:
        self.advice.value = look.medium_advice_html(self.medium())

    def problems(self) -> list[str]:
        return [] if self.choice.value else [flows.texts().medium.none]

    def clear(self) -> None:
        # The chosen medium is a choice, not typed data; the summary screen names it.
        self.sim.chosen_medium = self.medium()
        self.choice.value = None


class PasswordScreen(Screen):
    step = "password"

    def children(self) -> list[w.Widget]:
        words = flows.texts().password
        self.password = _password(words.field)
        self.confirmation = _password(words.confirm)
        self.checklist = w.HTML()
        for field in (self.password, self.confirmation):
            field.observe(self._changed, names="value")
        self._changed()
        return [
            self.password,
            self.confirmation,
            self.checklist,
            w.HTML(look.tip_html(words.tip)),
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
        words = flows.texts()
        chosen = self.sim.chosen_medium
        medium = chosen.label if chosen else words.medium.not_chosen
        if self.sim.flow.replaces_old:
            self.result.value = look.reissuance_result_html(medium)
            self.explanation.value = look.seed_explanation_html(self.sim.flow)
        else:
            self.result.value = look.issuance_result_html(medium)
            self.explanation.value = look.tip_html(words.complete.issued_tip)


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
    """One run of a flow (data/simulator.yaml). ``display(Simulator(flow_id))`` shows it.

    Without a flow id it runs the first flow of the file.
    """

    def __init__(self, flow_id: str | None = None, rng: random.Random | None = None):
        self.flow = flows.flow(flow_id) if flow_id is not None else flows.data().flows[0]
        words = flows.texts().frame
        self.rng = rng or random.Random()
        self.chosen_medium: flows.Medium | None = None
        self.completed: list[str] = []
        self._building = True
        self.header = w.HTML(look.header_html(self.flow))
        self.stepper = w.HTML()
        self.title = w.HTML()
        self.status = w.HTML()
        self.next_button = w.Button(
            description=words.next,
            button_style="primary",
            tooltip=words.next_tooltip,
        )
        self.next_button.on_click(lambda _b: self.next())
        self.restart_button = w.Button(description=words.restart, icon="undo")
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
        words = flows.texts().frame
        title = self.flow.step(done).title
        if done == ids[-1]:  # a one-screen flow (the password practice): stay, ready again
            self.status.value = look.success_html(words.practice_done.format(title=title))
            self._show()
            return True
        self.current = ids[ids.index(done) + 1]
        self.status.value = look.success_html(words.step_done.format(title=title))
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
        words = flows.texts().frame
        steps = " › ".join(f"{i}. {s.title}" for i, s in enumerate(self.flow.steps, start=1))
        return (
            f"{words.repr_title.format(title=self.flow.title)}\n"
            f"{to_text(self.flow.intro)}\n{words.repr_steps.format(steps=steps)}\n"
            f"{words.repr_hint}"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = repr(self)
        bundle[WIDGET_MIME] = {"kind": "simulator", "flow": self.flow.id}
        return bundle
