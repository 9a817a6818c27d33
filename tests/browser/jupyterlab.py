"""Drive JupyterLab in Chromium the way a learner does: open a lesson, Run › Run All Cells.

Menus are opened by their labels and items chosen by their ``data-command`` attribute, so
the helpers keep working if a label is reworded. Playwright is imported lazily: the suite
must be collectable (and skip with a reason) on a machine without it.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from certtraining.settings import chromium_path
from tests.browser.lab_server import LabServer
from tests.helpers import CHROMIUM_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

VIEWPORT = {"width": 1280, "height": 900}
RUN_TIMEOUT_MS = 120_000

# Output areas JupyterLab paints red: tracebacks and anything written to stderr.
ERROR_OUTPUT = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
WIDGET_OUTPUT = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.widget-view+json']"
EXECUTION_INDICATOR = ".jp-Notebook-ExecutionIndicator"

_workspaces = itertools.count(1)


def launch_chromium(playwright: object) -> Browser:
    """The one way tests and benchmarks start Chromium: $CERTTRAINING_CHROMIUM's."""
    return playwright.chromium.launch(  # type: ignore[attr-defined]
        executable_path=str(chromium_path()), args=CHROMIUM_ARGS
    )


def open_notebook(page: Page, server: LabServer, notebook: str) -> Locator:
    """Open one notebook in a fresh workspace (no tabs restored) and wait for its kernel."""
    workspace = f"test-{next(_workspaces)}"
    page.goto(server.url(f"lab/workspaces/{workspace}/tree/{notebook}?reset"))
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").last
    panel.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_kernel_ready(page, server, notebook)
    return panel


def wait_for_kernel_ready(page: Page, server: LabServer, notebook: str) -> None:
    """Wait until the notebook's kernel runs on the server and the page is connected to it.

    The toolbar's execution indicator says "idle" even before a kernel exists, so commands
    sent then land in a "Select Kernel" dialog. Ready means: the server lists an idle
    session for this notebook, the toolbar names its kernel, and the page says idle.
    """
    deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
    display_name = ""
    while time.monotonic() < deadline:
        session = next((s for s in sessions(server) if s.get("path") == notebook), None)
        if session and session["kernel"]["execution_state"] == "idle":
            spec = server.get_json("api/kernelspecs")
            assert isinstance(spec, dict)
            display_name = spec["kernelspecs"][session["kernel"]["name"]]["spec"]["display_name"]
            break
        time.sleep(0.2)
    else:
        raise TimeoutError(f"no idle kernel for {notebook} on the server")
    page.wait_for_function(
        """([indicator, name]) =>
            document.querySelector(indicator)?.dataset.status === 'idle'
            && [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-KernelName')]
                .some(e => e.textContent.trim() === name)""",
        arg=[EXECUTION_INDICATOR, display_name],
        timeout=RUN_TIMEOUT_MS,
        polling=100,
    )
    page.wait_for_timeout(500)
    wait_for_kernel_idle(page)


def sessions(server: LabServer) -> list[dict]:
    listed = server.get_json("api/sessions")
    assert isinstance(listed, list)
    return listed


def kernel_status(page: Page) -> str:
    return str(
        page.evaluate(
            "sel => document.querySelector(sel)?.dataset.status ?? 'missing'",
            EXECUTION_INDICATOR,
        )
    )


def wait_for_kernel_idle(page: Page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    page.wait_for_function(
        "sel => document.querySelector(sel)?.dataset.status === 'idle'",
        arg=EXECUTION_INDICATOR,
        timeout=timeout_ms,
        polling=200,
    )


def menu_command(page: Page, menu_label: str, command: str) -> None:
    """Click a main-menu entry, then the item that runs ``command``."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(f"^{re.escape(menu_label)}$")).click()
    page.locator(f".lm-Menu li[data-command='{command}']").click()


def accept_dialog(page: Page) -> None:
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.locator(".jp-Dialog").wait_for(state="detached")


def run_all(page: Page, panel: Locator) -> None:
    """Edit › Clear Outputs of All Cells, then Run › Run All Cells, and wait until it stops.

    Clearing first means every output we then look at came from this run. The run has
    stopped when the kernel is idle and either the last code cell has an output or a
    traceback ended the run early.
    """
    menu_command(page, "Edit", "editmenu:clear-all")
    panel.locator(".jp-OutputArea-child").first.wait_for(state="detached")
    menu_command(page, "Run", "runmenu:run-all")
    wait_for_run_end(page, panel)


def restart_kernel_and_run_all(page: Page, panel: Locator) -> None:
    """Kernel › Restart Kernel…, confirm, wait for the new kernel, then Run All again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    menu_command(page, "Kernel", "kernelmenu:restart")
    accept_dialog(page)
    # The indicator leaves "idle" while restarting; it may be too quick to see.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "sel => document.querySelector(sel)?.dataset.status !== 'idle'",
            arg=EXECUTION_INDICATOR,
            timeout=10_000,
            polling=50,
        )
    wait_for_kernel_idle(page)
    page.wait_for_timeout(500)
    wait_for_kernel_idle(page)
    run_all(page, panel)


def wait_for_run_end(page: Page, panel: Locator, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    page.wait_for_function(
        """([indicator, error]) => {
            const status = document.querySelector(indicator)?.dataset.status;
            const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
                .filter(p => !p.classList.contains('lm-mod-hidden')).pop();
            if (!panel || status !== 'idle') return false;
            const cells = panel.querySelectorAll('.jp-CodeCell');
            const last = cells[cells.length - 1];
            return !!panel.querySelector(error)
                || (last && last.querySelector('.jp-OutputArea-child') !== null);
        }""",
        arg=[EXECUTION_INDICATOR, ERROR_OUTPUT],
        timeout=timeout_ms,
        polling=200,
    )
    # Widgets talk to the kernel once they render; let that settle too.
    page.wait_for_timeout(300)
    wait_for_kernel_idle(page)


def error_texts(panel: Locator) -> list[str]:
    """Every traceback or stderr text, plus any widget JupyterLab could not display."""
    errors = [text.strip()[:2000] for text in panel.locator(ERROR_OUTPUT).all_inner_texts()]
    for text in panel.locator(".jp-OutputArea-output").all_inner_texts():
        if "Error displaying widget" in text or "Error rendering" in text:
            errors.append(text.strip()[:2000])
    return errors


def code_cells(panel: Locator) -> Locator:
    return panel.locator(".jp-Notebook .jp-CodeCell")


def expanded_code_inputs(panel: Locator) -> int:
    """Code cells whose Python a learner would see (an editor instead of the collapsed line)."""
    return int(
        panel.evaluate(
            """panel => [...panel.querySelectorAll('.jp-CodeCell')].filter(cell =>
                cell.querySelector('.jp-InputPlaceholder') === null
                || cell.querySelector('.jp-Cell-inputArea .cm-editor') !== null
            ).length"""
        )
    )


def screenshot_whole_notebook(page: Page, panel: Locator, path: Path) -> None:
    """One tall PNG of the whole notebook: the viewport grows to fit it, then shrinks back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scroller = panel.locator(".jp-WindowedPanel-outer")  # the notebook's scrolling box
    height = int(scroller.evaluate("n => n.scrollHeight"))
    chrome = VIEWPORT["height"] - int(scroller.evaluate("n => n.clientHeight"))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(height + chrome, 16000)})
    try:
        scroller.evaluate("n => { n.scrollTop = 0; }")
        page.wait_for_timeout(500)
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(VIEWPORT)


def shutdown_all_sessions(server: LabServer) -> None:
    """Shut down every kernel the tests started, so idle kernels do not pile up."""
    for session in sessions(server):
        request = urllib.request.Request(
            f"{server.base_url}/api/sessions/{session['id']}",
            method="DELETE",
            headers={"Authorization": f"token {server.token}"},
        )
        with urllib.request.urlopen(request, timeout=30):
            pass
