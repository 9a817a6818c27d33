"""Drive the simulator's widgets the way a learner does, through every refusal, and read the screen.

Each test sets widget values and clicks buttons (``Button.click()`` runs the same handlers a
browser click does), then asserts what the screen shows: the refusal message, whether 다음
is enabled, the masked number, the checklist, the result. Events are collected with a real
listener on ``certtraining.events``.

Runs on the fixture course (tests/fixtures/course): its simulator.yaml keeps the screen texts
these tests read, and the sections a flow quotes are the fixture's own.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from certtraining import events
from certtraining.content import Content
from certtraining.practice import flows
from certtraining.practice.simulator import WIDGET_MIME, Simulator, plain_text
from certtraining.practice.static import (
    simulator_walkthrough_html,
    simulator_walkthrough_text,
)
from tests.fixture_course import fixture_content

PERSON = flows.FICTIONAL_PERSON
PASSWORD = "Sejong1443!"


@pytest.fixture(autouse=True)
def fixture_course(course: Content) -> Content:
    return course


@pytest.fixture
def published() -> Iterator[list[events.Event]]:
    seen: list[events.Event] = []
    unsubscribe = events.subscribe(seen.append)
    yield seen
    unsubscribe()


def shown(sim: Simulator) -> str:
    """Everything the simulator's HTML widgets show right now, as plain text."""
    texts = []

    def walk(widget: object) -> None:
        value = getattr(widget, "value", None)
        if type(widget).__name__ == "HTML" and isinstance(value, str):
            texts.append(plain_text(value))
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(sim.widget)
    return " ".join(texts)


def press_next(sim: Simulator) -> None:
    """Click 다음 (even when disabled: the simulator must refuse on its own, too)."""
    sim.next_button.click()


def refused(sim: Simulator, step: str, *expected: str) -> None:
    assert sim.current == step
    status = sim.status_text()
    assert status.startswith("✗ 다음 단계로 갈 수 없습니다."), status
    for text in expected:
        assert text in status, (text, status)


def center(sim: Simulator, menu: str, reason: str | None = None) -> None:
    screen = sim.screens["center"]
    screen.menu.value = menu
    if reason is not None:
        assert screen.reason is not None
        screen.reason.value = reason


def agree_to_terms(sim: Simulator) -> None:
    screen = sim.screens["terms"]
    assert sim.next_button.disabled
    assert "아직 동의하지 않은 필수 약관" in plain_text(screen.note.value)
    for consent in flows.data().consents:
        if consent.required:
            screen.boxes[consent.id].value = True
    assert not sim.next_button.disabled
    assert "필수 약관에 모두 동의했습니다" in plain_text(screen.note.value)


def card_answers(sim: Simulator) -> tuple[str, str]:
    card = sim.screens["card"].card
    assert card is not None
    return card.numbers[card.first - 1][:2], card.numbers[card.second - 1][2:]


def test_full_issuance_with_every_refusal(published: list[events.Event]) -> None:
    sim = Simulator("issuance", rng=random.Random(11))
    assert "1. 인증센터 · 메뉴 선택" in shown(sim)

    # 1. 인증센터: no menu chosen, then the wrong menu, then the right one.
    press_next(sim)
    refused(sim, "center", "인증센터 메뉴를 고르세요.")
    center(sim, "renew")
    press_next(sim)
    refused(sim, "center", "'인증서 갱신' 메뉴는", "이번 연습은 '인증서 발급'")
    center(sim, "issue")
    press_next(sim)
    assert sim.current == "terms"
    assert "'인증센터 · 메뉴 선택' 단계를 마쳤습니다." in sim.status_text()

    # 2. 약관: 다음 stays disabled and names what is missing, for each required term in turn.
    terms = sim.screens["terms"]
    required = [c for c in flows.data().consents if c.required]
    assert sim.next_button.disabled
    for consent in required:
        for other in required:
            terms.boxes[other.id].value = other is not consent
        terms.boxes["news"].value = True  # the optional term does not help
        assert sim.next_button.disabled
        note = plain_text(terms.note.value)
        assert f"아직 동의하지 않은 필수 약관: '{consent.label}'" == note.removeprefix("✗ ")
        press_next(sim)
        refused(sim, "terms", f"필수 약관 '{consent.label}'에 동의하지 않았습니다.")
    for box in terms.boxes.values():
        box.value = False
    seen: list[bool] = []
    terms.all_box.observe(lambda change: seen.append(change["new"]), names="value")
    terms.all_box.value = True  # 전체 동의 ticks every box
    assert all(box.value for box in terms.boxes.values())
    assert seen == [True]  # and stays ticked while it does (no flicker on screen)
    assert not sim.next_button.disabled
    press_next(sim)
    assert sim.current == "identity"

    # 3. 본인 확인: the banner, bad 주민등록번호 formats, then the fictional person.
    identity = sim.screens["identity"]
    screen_text = shown(sim)
    assert "진짜 주민등록번호, 계좌번호, 비밀번호를 절대 입력하지 마세요." in screen_text
    assert identity.fill.description == "가상 정보 채우기"
    press_next(sim)
    refused(sim, "identity", "주민등록번호: 앞 6자리와 뒤 7자리를 모두 입력하세요.")
    identity.rrn_front.value = "851301"
    identity.rrn_back.value = "2000000"
    assert "✗ 주민등록번호 형식: 앞 6자리가 실제 날짜(생년월일)가 아닙니다." in plain_text(
        identity.rrn_note.value
    )
    identity.account.value = PERSON.account
    identity.account_password.value = PERSON.account_password
    press_next(sim)
    refused(sim, "identity", "주민등록번호: 앞 6자리가 실제 날짜(생년월일)가 아닙니다.")
    identity.rrn_front.value = "85010"
    press_next(sim)
    refused(sim, "identity", "형식은 YYMMDD-GNNNNNN")
    identity.fill.click()
    assert identity.rrn_front.value == PERSON.rrn_front
    note = plain_text(identity.rrn_note.value)
    assert "✓ 형식이 맞습니다: 850101-2******" in note
    assert PERSON.rrn_back not in shown(sim)  # only the masked form is shown
    press_next(sim)
    assert sim.current == "card"

    # 4. 보안카드: a wrong half is refused, the right halves pass.
    card_screen = sim.screens["card"]
    assert "번호 전체를 입력하라는 화면은 언제나 피싱입니다." in shown(sim)
    first_two, last_two = card_answers(sim)
    card_screen.first_two.value = first_two
    card_screen.last_two.value = "xx"
    press_next(sim)
    refused(sim, "card", "보안카드 번호가 맞지 않습니다.")
    card_screen.last_two.value = last_two
    press_next(sim)
    assert sim.current == "sms"

    # 5. 추가인증: nothing requested yet, a wrong code, the code the phone shows.
    sms = sim.screens["sms"]
    press_next(sim)
    refused(sim, "sms", "먼저 인증번호를 받으세요.")
    sms.request.click()
    assert sms.code is not None and sms.code in plain_text(sms.phone.value)
    assert "누구에게도" in shown(sim)
    sms.typed.value = "000000" if sms.code != "000000" else "111111"
    press_next(sim)
    refused(sim, "sms", "인증번호가 맞지 않습니다.")
    sms.typed.value = sms.code
    press_next(sim)
    assert sim.current == "medium"

    # 6. 저장 매체: nothing chosen; each medium shows its own advice.
    medium = sim.screens["medium"]
    press_next(sim)
    refused(sim, "medium", "인증서를 저장할 매체를 고르세요.")
    for choice in flows.data().media:
        medium.choice.value = choice.id
        advice = plain_text(medium.advice.value)
        verdict = "✓ 권장 매체" if choice.recommended else "⚠ 권하지 않는 매체"
        assert advice.startswith(f"{verdict}: {choice.label}")
        assert f"출처: {choice.source}" in advice
    assert {m.id for m in flows.data().media if m.recommended} == {"removable", "token"}
    medium.choice.value = "token"
    press_next(sim)
    assert sim.current == "password"

    # 7. 인증서 비밀번호: each rule broken in turn, then a backslash, then a mismatch.
    password = sim.screens["password"]
    cases = [
        ("Ab1!xyz", "10자 이상"),
        ("1234567890!?", "영문자 포함"),
        ("Abcdefghij!?", "숫자 포함"),
        ("Abcdefgh1234", "특수문자 포함"),
        ("Abcdefg12!'", "쓸 수 없는 문자"),
        ("Abcdefg12!\\", "쓸 수 없는 문자"),
        ("Abcdefg12!\u20a9", "쓸 수 없는 문자"),
    ]
    for typed, rule in cases:
        password.password.value = typed
        password.confirmation.value = typed
        checklist = plain_text(password.checklist.value)
        assert f"✗ {rule}" in checklist
        assert checklist.count("✗") == 1, checklist
        assert f"아직 지키지 않은 규칙: {rule}" in checklist
        assert typed not in checklist and typed not in shown(sim)  # never echoed
        assert sim.next_button.disabled
        press_next(sim)
        refused(sim, "password", rule)
    backslash = plain_text(password.checklist.value)
    assert "역슬래시(\\)" in backslash
    password.password.value = PASSWORD
    password.confirmation.value = PASSWORD + "?"
    assert "두 칸에 입력한 비밀번호가 서로 다릅니다." in plain_text(password.checklist.value)
    assert sim.next_button.disabled
    press_next(sim)
    refused(sim, "password", "두 칸에 입력한 비밀번호가 서로 다릅니다.")
    password.confirmation.value = PASSWORD
    checklist = plain_text(password.checklist.value)
    assert checklist.count("✓") == 6 and "✗" not in checklist  # five rules and the summary
    assert not sim.next_button.disabled
    press_next(sim)

    # 8. 발급 완료.
    assert sim.current == "complete"
    result = shown(sim)
    assert "✓ 가상 공동인증서가 발급되었습니다." in result
    assert "저장 위치: 보안토큰" in result
    assert "2025년 6월 10일 ~ 2026년 6월 10일 (1년)" in result
    assert "2026년 5월 11일부터 만료일까지" in result
    assert sim.nav.children == (sim.restart_button,)

    steps = [e.step for e in published if isinstance(e, events.PracticeStepDone)]
    assert steps == [s.id for s in flows.flow("issuance").steps]
    assert {e.flow for e in published if isinstance(e, events.PracticeStepDone)} == {"issuance"}

    # Every screen was cleared as it was completed: nothing typed is left in any widget.
    assert identity.rrn_front.value == identity.rrn_back.value == ""
    assert identity.account.value == identity.account_password.value == ""
    assert card_screen.first_two.value == card_screen.last_two.value == ""
    assert sms.typed.value == "" and sms.code is None
    assert password.password.value == password.confirmation.value == ""


def test_full_reissuance_explains_revocation_and_expiry(
    published: list[events.Event], course: Content
) -> None:
    sim = Simulator("reissuance", rng=random.Random(5))
    text = shown(sim)
    assert "지금 쓰는 인증서 (가상)" in text and "만료일: 2026년 1월 15일" in text

    center(sim, "issue", "lost")
    press_next(sim)
    refused(sim, "center", "'인증서 발급' 메뉴는", "이번 연습은 '인증서 재발급'")
    center(sim, "reissue", "expiring")
    press_next(sim)
    refused(sim, "center", "재발급이 아니라 갱신")
    center(sim, "reissue", "forgot")
    press_next(sim)
    assert sim.current == "terms"

    agree_to_terms(sim)
    press_next(sim)
    identity = sim.screens["identity"]
    identity.fill.click()
    identity.account_password.value = "13"
    press_next(sim)
    refused(sim, "identity", "계좌 비밀번호: 숫자 4자리로 입력하세요.")
    identity.account_password.value = PERSON.account_password
    press_next(sim)

    card_screen = sim.screens["card"]
    card_screen.method.value = "otp"
    press_next(sim)
    refused(sim, "card", "먼저 OTP 번호를 받으세요.")
    card_screen.otp_button.click()
    assert card_screen.otp_code is not None
    card_screen.otp_typed.value = card_screen.otp_code
    press_next(sim)

    sms = sim.screens["sms"]
    sms.request.click()
    sms.typed.value = sms.code or ""
    press_next(sim)
    sim.screens["medium"].choice.value = "removable"
    press_next(sim)
    password = sim.screens["password"]
    password.password.value = password.confirmation.value = PASSWORD
    press_next(sim)

    assert sim.current == "complete"
    result = shown(sim)
    assert "✓ 재발급되었습니다." in result
    assert "✗ 폐지됨 (재발급과 함께 자동으로)" in result
    assert "2026년 1월 15일 (기존과 같음)" in result
    # It explains what the seed said, quoting it from data/, then today's notes.
    assert "원문은 이렇게 말했습니다" in result
    quoted = flows.flow("reissuance").quotes
    assert quoted, "the fixture's reissuance flow quotes the course"
    for anchor in quoted:
        said = (
            course.faq(anchor).answer if course.is_faq(anchor) else course.section(anchor).body[0]
        )
        assert plain_text(said) in result, anchor
        for note in course.notes_for(anchor):
            assert note.title in result and plain_text(note.body) in result, note.id
    assert any(course.notes_for(anchor) for anchor in quoted), "the fixture has a note to show"
    assert "※ 참고: 현재 제도" in result and "자동으로 폐지" in result

    steps = [e.step for e in published if isinstance(e, events.PracticeStepDone)]
    assert steps == [s.id for s in flows.flow("reissuance").steps]

    sim.restart_button.click()
    assert sim.current == "center" and sim.screens["center"].menu.value is None


def test_password_practice_is_one_screen_that_clears_and_records(
    published: list[events.Event],
) -> None:
    sim = Simulator("password")
    screen = sim.screens["password"]
    assert sim.next_button.disabled
    screen.password.value = screen.confirmation.value = PASSWORD
    press_next(sim)
    assert sim.current == "password"
    assert "연습을 마쳤습니다" in sim.status_text()
    assert screen.password.value == screen.confirmation.value == ""
    assert [(e.flow, e.step) for e in published] == [("password", "password")]


def test_changing_an_answer_clears_a_stale_refusal() -> None:
    sim = Simulator("issuance")
    center(sim, "issue")
    press_next(sim)
    press_next(sim)
    assert sim.status_text().startswith("✗")
    sim.screens["terms"].boxes["service"].value = True
    assert sim.status_text() == ""


def test_display_bundle_carries_the_course_mime_type_and_a_stable_text() -> None:
    first = Simulator("reissuance")._repr_mimebundle_()
    second = Simulator("reissuance")._repr_mimebundle_()
    assert first[WIDGET_MIME] == {"kind": "simulator", "flow": "reissuance"}
    assert "application/vnd.jupyter.widget-view+json" in first
    assert first["text/plain"] == second["text/plain"]
    assert first["text/plain"].startswith("모의 인증센터 — 인증서 재발급 연습")
    assert "0x" not in first["text/plain"] and "VBox" not in first["text/plain"]
    assert "text/html" not in first  # the widget view, or the handout's own rendering


def test_unknown_flow_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="알 수 없는 실습 흐름.*unknown simulator flow"):
        Simulator("renewal")


@pytest.mark.parametrize("flow_id", fixture_content().simulator.flow_ids)
def test_static_walkthrough_shows_every_screen_deterministically(flow_id: str) -> None:
    html = simulator_walkthrough_html(flow_id)
    assert html == simulator_walkthrough_html(flow_id)
    flow = flows.flow(flow_id)
    for step in flow.steps:
        assert f'data-step="{step.id}"' in html
        assert step.title in plain_text(html)
    assert "<script" not in html and "src=" not in html and "<input" not in html
    assert "<style" not in html  # inline styles only: JupyterLab and handouts keep them
    text = simulator_walkthrough_text(flow_id)
    assert text.splitlines()[0] == f"모의 인증센터 — {flow.title}"
    assert len(text.splitlines()) == len(flow.steps) + 2


def test_static_walkthrough_of_reissuance_shows_the_outcome() -> None:
    text = plain_text(simulator_walkthrough_html("reissuance"))
    assert "✗ 폐지됨 (재발급과 함께 자동으로)" in text
    assert "(기존과 같음)" in text
    assert "850101-2******" in text and PERSON.rrn_back not in text
    assert PASSWORD not in text
