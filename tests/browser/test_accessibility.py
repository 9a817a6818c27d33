"""axe-core on a lesson after Run All: no critical or serious violation in the course's own
elements, and Korean text drawn as real glyphs rather than empty boxes."""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING

from certtraining.content import load_content
from tests.browser import axe, jupyterlab
from tests.browser.lab_server import LabServer
from tests.helpers import skip_unless_available

if TYPE_CHECKING:
    from playwright.sync_api import Page

# A lesson with step tables, callouts and quizzes: the richest page a learner sees.
SCANNED_LESSON = load_content().lesson("issuance")

PLANTED = (
    "const out = document.querySelector("
    "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output');"
    "const img = document.createElement('img'); img.id = 'planted-violation';"
    "img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; out.appendChild(img);"
)


def test_lesson_has_no_serious_accessibility_violations(page: Page, lab: LabServer) -> None:
    panel = jupyterlab.open_notebook(page, lab, SCANNED_LESSON.notebook)
    jupyterlab.run_all(page, panel)
    assert jupyterlab.error_texts(panel) == []

    violations = axe.scan_course_elements(page)
    for violation in violations:  # minor and moderate findings are printed, not failed
        print(violation)
    blocking = [v for v in violations if v.impact in axe.BLOCKING_IMPACTS]
    assert not blocking, "\n".join(str(v) for v in blocking)

    # The scan really looks inside the course's outputs: a planted image without alt text
    # (axe: image-alt, critical) must be reported.
    page.evaluate(PLANTED)
    planted = [
        v for v in axe.scan_course_elements(page) if "#planted-violation" in " ".join(v.targets)
    ]
    assert [v.rule for v in planted] == ["image-alt"]


def korean_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


def test_korean_text_is_drawn_as_distinct_glyphs(page: Page, lab: LabServer) -> None:
    """Headless Chromium draws every Hangul syllable as the same empty box without a CJK font;
    drawn with the course's own font stack, different syllables must give different pixels."""
    skip_unless_available(
        korean_font_installed(), "no Korean font (apt-get install fonts-noto-cjk)"
    )
    panel = jupyterlab.open_notebook(page, lab, SCANNED_LESSON.notebook)
    font_family = panel.locator(".ct-section, .ct-text").first.evaluate(
        "e => getComputedStyle(e).fontFamily"
    )
    assert "Noto Sans KR" in font_family or "Noto Sans CJK KR" in font_family
    drawings = page.evaluate(
        """family => ['발', '급', '증', 'A'].map(text => {
            const canvas = document.createElement('canvas');
            canvas.width = 48; canvas.height = 48;
            const ctx = canvas.getContext('2d');
            ctx.font = `32px ${family}`;
            ctx.fillText(text, 4, 38);
            return canvas.toDataURL();
        })""",
        font_family,
    )
    assert len(set(drawings)) == len(drawings), "Korean syllables are drawn as identical boxes"
