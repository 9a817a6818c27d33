"""The simulator in a real JupyterLab and Chromium, clicked through the way a learner does.

Opens 04_practice, runs it, then walks the issuance simulator: the wrong menu, the terms
screen with 다음 disabled until every required box is ticked, the 가상 정보 채우기 button,
the made-up 보안카드 and phone read off the screen, each storage medium's advice, the live
password checklist (a weak password, a backslash, then a good one) and the result.
Screenshots of the key screens go to ``test-output/browser/practice/`` for a person to look at.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.browser import jupyterlab
from tests.browser.conftest import OUTPUT_DIR
from tests.browser.lab_server import BROWSER_LEARNER, LabServer

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

SHOTS = OUTPUT_DIR / "practice"
PASSWORD = "Hangeul1446!"


def next_button(sim: Locator) -> Locator:
    return sim.locator("button", has_text="다음 ▶")


def field(sim: Locator, label: str) -> Locator:
    """The input whose ipywidgets description is ``label``."""
    return sim.locator(".widget-inline-hbox", has=sim.page.get_by_text(label, exact=True)).locator(
        "input"
    )


def shoot(page: Page, sim: Locator, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    sim.scroll_into_view_if_needed()
    sim.screenshot(path=str(SHOTS / f"{name}.png"))


def test_issuance_simulator_in_jupyterlab(page: Page, lab: LabServer) -> None:
    from playwright.sync_api import expect

    panel = jupyterlab.open_notebook(page, lab, "04_practice.ipynb")
    jupyterlab.run_all(page, panel)
    assert jupyterlab.error_texts(panel) == []
    sim = panel.locator(".ct-simulator").first
    expect(sim).to_contain_text("인증서 발급 연습")

    # 1. 인증센터: the wrong menu is refused with what that menu is for.
    sim.get_by_role("radio", name="인증서 갱신", exact=True).check()
    next_button(sim).click()
    expect(sim.locator(".ct-sim-refusal")).to_contain_text("이번 연습은 '인증서 발급'")
    sim.get_by_role("radio", name="인증서 발급", exact=True).check()
    next_button(sim).click()

    # 2. 약관: 다음 is disabled and names the missing term until all required are ticked.
    expect(sim.locator(".ct-sim-missing")).to_contain_text("아직 동의하지 않은 필수 약관")
    expect(next_button(sim)).to_be_disabled()
    sim.get_by_role("checkbox", name="[필수] 인증서비스 이용약관").check()
    sim.get_by_role("checkbox", name="[필수] 개인정보 수집·이용 동의").check()
    expect(sim.locator(".ct-sim-missing")).to_have_text(
        "✗ 아직 동의하지 않은 필수 약관: '고유식별정보(주민등록번호) 처리 동의'"
    )
    expect(next_button(sim)).to_be_disabled()
    shoot(page, sim, "1-terms-missing")
    sim.get_by_role("checkbox", name="전체 동의 (선택 항목 포함)").check()
    expect(next_button(sim)).to_be_enabled()
    next_button(sim).click()

    # 3. 본인 확인: banner, fill button, masked number.
    expect(sim.locator(".ct-sim-banner")).to_contain_text("절대 입력하지 마세요")
    field(sim, "주민등록번호 앞 6자리").fill("851301")
    field(sim, "뒤 7자리").fill("2000000")
    expect(sim).to_contain_text("✗ 주민등록번호 형식: 앞 6자리가 실제 날짜(생년월일)가 아닙니다.")
    sim.get_by_role("button", name="가상 정보 채우기").click()
    expect(sim).to_contain_text("✓ 형식이 맞습니다: 850101-2******")
    expect(field(sim, "뒤 7자리")).to_have_attribute("type", "password")
    shoot(page, sim, "2-identity")
    next_button(sim).click()

    # 4. 보안카드: read the two asked halves off the made-up card.
    card = sim.locator(".ct-sim-card")
    expect(card).to_contain_text("내 가상 보안카드")
    card_text = card.inner_text()
    first, second = (int(n) for n in re.findall(r"(\d{2})번의 [앞뒤] 2자리", card_text))
    numbers = dict(re.findall(r"(\d{2})\s+(\d{4})", card_text))
    field(sim, f"{first:02d}번 앞 2자리").fill(numbers[f"{first:02d}"][:2])
    field(sim, f"{second:02d}번 뒤 2자리").fill(numbers[f"{second:02d}"][2:])
    shoot(page, sim, "3-card")
    next_button(sim).click()

    # 5. 추가인증: the code arrives on the made-up phone.
    sim.get_by_role("button", name="인증번호 받기").click()
    phone = sim.locator(".ct-sim-device")
    expect(phone).to_contain_text("인증번호")
    code = re.search(r"\d{6}", phone.inner_text())
    assert code is not None
    field(sim, "인증번호 6자리").fill(code.group(0))
    next_button(sim).click()

    # 6. 저장 매체: each choice shows its advice.
    sim.get_by_role("radio", name="하드디스크", exact=True).check()
    expect(sim.locator(".ct-sim-advice")).to_contain_text("⚠ 권하지 않는 매체: 하드디스크")
    sim.get_by_role("radio", name="보안토큰", exact=True).check()
    expect(sim.locator(".ct-sim-advice")).to_contain_text("✓ 권장 매체: 보안토큰")
    shoot(page, sim, "4-medium")
    next_button(sim).click()

    # 7. 인증서 비밀번호: the checklist names the unmet rule as the learner types.
    password, confirmation = field(sim, "인증서 비밀번호"), field(sim, "비밀번호 확인")
    rules = sim.locator(".ct-sim-password-rules")
    password.fill("abc1!")
    expect(rules).to_contain_text("아직 지키지 않은 규칙: 10자 이상")
    expect(next_button(sim)).to_be_disabled()
    password.fill("Abcdefg12!\\")
    expect(rules).to_contain_text("아직 지키지 않은 규칙: 쓸 수 없는 문자")
    expect(rules).to_contain_text("역슬래시(\\)")
    shoot(page, sim, "5-password-backslash")
    assert "Abcdefg12!" not in rules.inner_text()
    password.fill(PASSWORD)
    confirmation.fill(PASSWORD)
    expect(rules).to_contain_text("모든 규칙을 지켰습니다")
    expect(next_button(sim)).to_be_enabled()
    next_button(sim).click()

    # 8. 발급 완료.
    expect(sim.locator(".ct-sim-result")).to_contain_text("가상 공동인증서가 발급되었습니다")
    expect(sim.locator(".ct-sim-result")).to_contain_text("저장 위치: 보안토큰")
    shoot(page, sim, "6-complete")

    # The kernel recorded the steps; nothing typed reached the store.
    from certtraining.progress.store import ProgressStore

    store = ProgressStore(f"sqlite:///{lab.db_path}")
    try:
        steps = [(r.flow, r.step) for r in store.practice_steps(BROWSER_LEARNER)]
    finally:
        store.close()
    assert ("issuance", "password") in steps and ("issuance", "complete") in steps
    stored = b"".join(
        p.read_bytes() for p in lab.db_path.parent.iterdir() if p.name.startswith("progress.db")
    )
    for typed in (PASSWORD, "Abcdefg12!", "850101-2"):
        assert typed.encode() not in stored, typed
