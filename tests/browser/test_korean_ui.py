"""JupyterLab's own menus in Korean, the way ``docs/korean-ui.md`` tells a teacher to do it.

Runs on a JupyterLab of its own (the suite's shared one stays in English, which the other
tests' menu clicks rely on): Settings › Language › 한국어 switches the menus and is saved in
the course's settings folder, so the next ``certtraining lab`` opens in Korean straight away.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import jupyterlab
from tests.browser.conftest import OUTPUT_DIR
from tests.browser.lab_server import lab_settings_dir, start_lab, stop_lab

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

LANGUAGE_SETTINGS = Path("@jupyterlab/translation-extension/plugin.jupyterlab-settings")
KOREAN_MENUS = {"파일", "편집", "보기", "실행", "커널", "설정", "도움말"}


@pytest.fixture
def own_page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport=jupyterlab.VIEWPORT, locale="ko-KR")
    try:
        yield context.new_page()
    finally:
        context.close()


def menu_labels(page: Page) -> set[str]:
    page.locator(".lm-MenuBar-itemLabel").first.wait_for()
    return {label.strip() for label in page.locator(".lm-MenuBar-itemLabel").all_text_contents()}


def test_settings_language_korean_switches_menus_and_is_kept(
    own_page: Page, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page = own_page
    server = start_lab(tmp_path)
    try:
        page.goto(server.url("lab/workspaces/korean/tree/00_intro.ipynb?reset"))
        assert "Settings" in menu_labels(page)
        page.locator(".lm-MenuBar-item", has_text=re.compile("^Settings$")).click()
        page.locator(".lm-Menu li", has_text=re.compile("^Language$")).hover()
        korean = page.locator(".lm-Menu li[data-command='jupyterlab-translation:ko_KR']")
        expect(korean).to_contain_text("한국어")
        korean.click()
        with page.expect_navigation():
            jupyterlab.accept_dialog(page)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.lm-MenuBar-itemLabel')]"
            ".some(e => e.textContent.trim() === '설정')"
        )
        assert menu_labels(page) >= KOREAN_MENUS
        # JupyterLab writes the file as JSON5 with comments.
        saved = (lab_settings_dir(tmp_path) / LANGUAGE_SETTINGS).read_text(encoding="utf-8")
        assert re.search(r'^\s*"locale"\s*:\s*"ko_KR"', saved, re.MULTILINE), saved
    finally:
        stop_lab(server)

    # A later `certtraining lab` with the same settings folder opens in Korean at once.
    server = start_lab(tmp_path)
    try:
        page.goto(server.url("lab/workspaces/korean-again/tree/00_intro.ipynb?reset"))
        page.locator(".jp-Notebook .jp-Cell").first.wait_for()
        assert menu_labels(page) >= KOREAN_MENUS
        page.locator(".lm-MenuBar-item", has_text=re.compile("^설정$")).click()
        page.locator(".lm-Menu li", has_text=re.compile("^언어$")).hover()
        page.wait_for_timeout(300)
        OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT_DIR / "korean-ui.png"))
    finally:
        stop_lab(server)
