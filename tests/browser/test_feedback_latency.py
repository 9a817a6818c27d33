"""Feedback latency in the real browser: measured and printed, never asserted on time
(these machines are noisy); what is asserted is that every click got its feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.lab_server import LabServer
from tests.browser.latency import measure_feedback_latency

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_feedback_latency_is_measured_and_printed(
    page: Page, lab: LabServer, capsys: pytest.CaptureFixture[str]
) -> None:
    latency = measure_feedback_latency(page, lab, clicks=20)
    assert len(latency.quiz_ms) == len(latency.baseline_ms) == 20
    assert all(ms > 0 for ms in latency.quiz_ms + latency.baseline_ms)
    with capsys.disabled():
        print(f"\n{latency.summary()}")
