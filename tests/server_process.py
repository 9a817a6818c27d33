"""Run a course server as its user does, wait until it answers, stop it by its process id.

The one way tests and benchmarks start ``certtraining lab`` and ``certtraining app``: in a
process group of its own (the kernels it starts join it), its output in a log file, and
stopped by its own process id, then its group, never by a process name.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def launch(
    argv: list[str], env: dict[str, str], log_path: Path, cwd: Path = REPO
) -> subprocess.Popen[bytes]:
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_answering(
    process: subprocess.Popen[bytes],
    answers: Callable[[], bool],
    what: str,
    timeout: float,
    log_tail: Callable[[], str],
) -> None:
    """Poll ``answers()`` until it is true; fail with the log if the server exits or is late."""
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}:\n{log_tail()}")
        try:
            if answers():
                return
        except (urllib.error.URLError, OSError, ValueError) as error:
            last_error = str(error)
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer within {timeout:.0f}s ({last_error}):\n{log_tail()}")


def stop_process(process: subprocess.Popen[bytes], grace: float = 15) -> None:
    """Stop the server by its process id, then anything left in its own process group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=grace)
    # Kernels the server started share its process group (start_new_session above); the
    # group id is the server's own process id.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
