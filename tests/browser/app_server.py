"""Start and stop ``certtraining app`` the way a learner does (``make learn``), for tests and
benchmarks.

Like :mod:`tests.browser.lab_server`: a free loopback port, its own process group, a throw-away
progress database and user-data folder (so the remembered name and the app's pages are the
test's own), stopped by its own process id. No ``CERTTRAINING_LEARNER``: the app asks for a
name, as it does on a learner's laptop.
"""

from __future__ import annotations

import os
import re
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.lab_server import certtraining_command, free_port
from tests.server_process import launch, stop_process, wait_until_answering


@dataclass
class AppServer:
    process: subprocess.Popen[bytes]
    port: int
    scratch: Path
    env: dict[str, str] = field(repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_url(self) -> str:
        return self.env["CERTTRAINING_DB"]

    @property
    def log_path(self) -> Path:
        return self.scratch / "app.log"

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def page_url(self, notebook: str) -> str:
        return self.url(f"voila/render/{notebook}")

    def log_tail(self, characters: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-characters:]
        except OSError:
            return ""


def app_environment(scratch: Path, learner: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CERTTRAINING_DB=f"sqlite:///{scratch / 'progress.db'}",
        XDG_DATA_HOME=str(scratch / "xdg-data"),
        JUPYTER_CONFIG_DIR=str(scratch / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(scratch / "jupyter-runtime"),
        PYTHONUNBUFFERED="1",
    )
    for variable in ("CERTTRAINING_LEARNER", "JUPYTERHUB_USER", "CERTTRAINING_DATA"):
        env.pop(variable, None)
    if learner is not None:
        env["CERTTRAINING_LEARNER"] = learner
    return env


def start_app(scratch: Path, timeout: float = 90, learner: str | None = None) -> AppServer:
    """Run ``certtraining app --no-browser --port P`` and wait until it answers."""
    scratch.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = app_environment(scratch, learner)
    argv = [*certtraining_command(), "app", "--no-browser", "--port", str(port)]
    process = launch(argv, env, scratch / "app.log")
    server = AppServer(process=process, port=port, scratch=scratch, env=env)
    try:
        wait_until_ready(server, timeout)
    except BaseException:
        stop_app(server)
        raise
    return server


def wait_until_ready(server: AppServer, timeout: float) -> None:
    def answers() -> bool:
        with urllib.request.urlopen(server.url("certtraining/static/course.css"), timeout=2):
            return True

    wait_until_answering(server.process, answers, "certtraining app", timeout, server.log_tail)


KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")


@dataclass(frozen=True)
class Process:
    pid: int
    rss_bytes: int
    kernel_id: str | None


def server_processes(server: AppServer) -> list[Process]:
    """The app's server and the kernels it started (its children: jupyter_client starts each
    kernel in a session of its own, so the process group does not hold them), from /proc."""
    page = os.sysconf("SC_PAGE_SIZE")
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            pid = int(entry.name)
            if server.process.pid not in (pid, parent):
                continue
            rss = int((entry / "statm").read_text().split()[1]) * page
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        kernel = KERNEL_FILE.search(command) if pid != server.process.pid else None
        found.append(Process(pid, rss, kernel.group(1) if kernel else None))
    return found


def kernel_ids(server: AppServer) -> set[str]:
    return {p.kernel_id for p in server_processes(server) if p.kernel_id}


def stop_app(server: AppServer, grace: float = 15) -> None:
    stop_process(server.process, grace)
