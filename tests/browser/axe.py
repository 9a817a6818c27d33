"""axe-core in the page, loaded from the copy the ``axe-playwright-python`` wheel ships.

No CDN: the script is read from disk and injected. The scan is limited to what the course
itself puts on the page (its outputs, widgets and Markdown cells). JupyterLab's own chrome
(menu bar, side bars, toolbars, prompts, collapsed-input placeholders, status bar) is
excluded because it is upstream code the course does not control and cannot fix; its known
findings belong to JupyterLab's own accessibility work, not to this course's content.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

# The course's own elements inside the visible notebook.
COURSE_ELEMENTS = [
    ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output",
    ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput",
]
# Page-level rules judge the whole document (its title, landmarks, skip links), which is
# JupyterLab's page, not the course's content.
PAGE_LEVEL_RULES = [
    "bypass",
    "document-title",
    "html-has-lang",
    "landmark-one-main",
    "page-has-heading-one",
    "region",
]
BLOCKING_IMPACTS = {"critical", "serious"}


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: list[str]
    summary: str

    def __str__(self) -> str:
        where = ", ".join(self.targets[:5])
        return f"[{self.impact}] {self.rule}: {self.help} at {where}\n    {self.summary}"


def axe_script_path() -> Path:
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise RuntimeError("axe-playwright-python is not installed (pip install -e '.[test]')")
    return Path(spec.origin).with_name("axe.min.js")


def scan_course_elements(page: Page) -> list[Violation]:
    """Every axe-core violation in the course's own elements, any impact."""
    page.add_script_tag(content=axe_script_path().read_text(encoding="utf-8"))
    results = page.evaluate(
        """([include, disabled]) => axe.run(
            { include: include.map(selector => [selector]) },
            {
                resultTypes: ['violations'],
                rules: Object.fromEntries(disabled.map(rule => [rule, { enabled: false }])),
            },
        )""",
        [COURSE_ELEMENTS, PAGE_LEVEL_RULES],
    )
    violations = []
    for rule in results["violations"]:
        for node in rule["nodes"]:
            violations.append(
                Violation(
                    rule=rule["id"],
                    impact=node.get("impact") or rule.get("impact") or "unknown",
                    help=rule["help"],
                    targets=[str(t) for t in node["target"]],
                    summary=(node.get("failureSummary") or "").replace("\n", " "),
                )
            )
    return violations


WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def scan_page(page: Page) -> list[Violation]:
    """Every WCAG 2.2 A/AA violation on the whole page, with ``target-size`` (2.5.8) switched
    on; for pages the course draws itself (the learner app), not JupyterLab's."""
    page.add_script_tag(content=axe_script_path().read_text(encoding="utf-8"))
    results = page.evaluate(
        """(tags) => axe.run(document, {
            resultTypes: ['violations'],
            runOnly: { type: 'tag', values: tags },
            rules: { 'target-size': { enabled: true } },
        })""",
        WCAG_22_AA,
    )
    return [
        Violation(
            rule=rule["id"],
            impact=node.get("impact") or rule.get("impact") or "unknown",
            help=rule["help"],
            targets=[str(t) for t in node["target"]],
            summary=(node.get("failureSummary") or "").replace("\n", " "),
        )
        for rule in results["violations"]
        for node in rule["nodes"]
    ]
