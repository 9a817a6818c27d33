"""One JupyterLab and one Chromium for the whole real-browser suite.

JupyterLab is started exactly as a teacher starts it (``certtraining lab``) on a free
loopback port with a random token, a throw-away progress database and data folder, and
``CERTTRAINING_LEARNER`` set to the browser learner; it is stopped by its process id at the
end even when a test fails. Without Chromium (``CERTTRAINING_CHROMIUM``, default Debian's)
or the ``playwright`` package the whole suite skips with the reason (and fails instead under ``CERTTRAINING_REQUIRE_ALL=1``).
Failed tests leave a screenshot under ``test-output/browser/failures/``.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from certtraining.settings import chromium_missing_reason
from tests.browser import jupyterlab
from tests.browser.lab_server import REPO, LabServer, start_lab, stop_lab
from tests.helpers import skip_unless_available

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

OUTPUT_DIR = REPO / "test-output" / "browser"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "whole_course: answers questions of many lessons as the shared browser learner; "
        "runs after the other browser tests, whose lesson summaries it would change",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
    # Every kernel of the suite's JupyterLab records answers for the same learner, so a test
    # that answers across the course (the final assessment) would change what other tests
    # see in a lesson's summary; it goes last. The sort is stable: other orders are kept.
    items.sort(key=lambda item: item.get_closest_marker("whole_course") is not None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _missing_reason() -> str | None:
    missing = chromium_missing_reason()
    if missing:
        return f"browser tests need Chromium: {missing}"
    if importlib.util.find_spec("playwright") is None:
        return "browser tests need the playwright package (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    reason = _missing_reason()
    skip_unless_available(reason is None, reason or "")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = jupyterlab.launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """The suite's JupyterLab; it must leave the checkout's notebooks exactly as it found them."""
    shutil.rmtree(OUTPUT_DIR / "failures", ignore_errors=True)  # only this run's failures
    server = start_lab(tmp_path_factory.mktemp("browser-lab"))
    try:
        yield server
    finally:
        stop_lab(server)
        log = OUTPUT_DIR / "lab.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(server.log_tail(200_000), encoding="utf-8")
    # Stopped by its process id, the server is gone and its port no longer answers.
    assert server.process.poll() is not None
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{server.base_url}/api/status", timeout=2)
    # The server serves the checkout's own notebooks/ folder: nothing may be saved there.
    saved = re.findall(r"Saving file at (\S+)", server.log_tail(10_000_000))
    assert not saved, f"the browser suite saved over committed notebooks: {saved}"


@pytest.fixture
def page(chromium: Browser, lab: LabServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context per test; a screenshot is kept when the test fails."""
    context = chromium.new_context(viewport=jupyterlab.VIEWPORT, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
            target = OUTPUT_DIR / "failures" / f"{name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(target))
            except Exception as error:  # a crashed page must not hide the real failure
                print(f"no failure screenshot for {name}: {error}")
        context.close()
        jupyterlab.shutdown_all_sessions(lab)
