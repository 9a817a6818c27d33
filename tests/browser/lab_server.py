"""Start and stop ``certtraining lab`` the way a teacher does, for tests and benchmarks.

The server runs on a free loopback port with a random token, in its own process group,
with a throw-away progress database and user-data folder; its kernels inherit that
environment. It is always stopped by its own process id (and its process group, which
holds only the kernels it started), never by a process name.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.server_process import launch, stop_process, wait_until_answering

REPO = Path(__file__).resolve().parents[2]
BROWSER_LEARNER = "browser-learner"


def certtraining_command() -> list[str]:
    """The console script of the running environment (the venv's ``certtraining``)."""
    script = Path(sys.executable).with_name("certtraining")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "certtraining"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LabServer:
    """A running ``certtraining lab``: where it listens and which store its kernels use."""

    process: subprocess.Popen[bytes]
    port: int
    token: str
    scratch: Path
    env: dict[str, str] = field(repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_path(self) -> Path:
        return self.scratch / "progress.db"

    @property
    def log_path(self) -> Path:
        return self.scratch / "lab.log"

    def url(self, path: str) -> str:
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{separator}token={self.token}"

    def get_json(self, path: str, timeout: float = 10) -> object:
        request = urllib.request.Request(
            f"{self.base_url}/{path.lstrip('/')}",
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))

    def log_tail(self, characters: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-characters:]
        except OSError:
            return ""


def lab_environment(scratch: Path, learner: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CERTTRAINING_DB=f"sqlite:///{scratch / 'progress.db'}",
        CERTTRAINING_LEARNER=learner,
        XDG_DATA_HOME=str(scratch / "xdg-data"),
        # Jupyter's own per-user folders too, so no teacher's settings or kernels leak in.
        JUPYTER_CONFIG_DIR=str(scratch / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(scratch / "jupyter-runtime"),
        PYTHONUNBUFFERED="1",
    )
    for variable in ("JUPYTERHUB_USER", "CERTTRAINING_DATA", "JUPYTER_TOKEN"):
        env.pop(variable, None)
    return env


# Test-only JupyterLab settings: never autosave, so a browser run can not rewrite the
# committed lesson notebooks (the server serves the checkout's notebooks/ folder itself).
TEST_LAB_SETTINGS: dict[str, dict[str, object]] = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def lab_settings_dir(scratch: Path) -> Path:
    """Where ``certtraining lab`` keeps JupyterLab settings under the scratch data folder."""
    return scratch / "xdg-data" / "certtraining" / "lab-user-settings"


def start_lab(scratch: Path, learner: str = BROWSER_LEARNER, timeout: float = 90) -> LabServer:
    """Run ``certtraining lab --no-browser --port P --token T`` and wait for ``/api/status``."""
    scratch.mkdir(parents=True, exist_ok=True)
    for relative, values in TEST_LAB_SETTINGS.items():
        path = lab_settings_dir(scratch) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")
    port = free_port()
    token = secrets.token_hex(24)
    env = lab_environment(scratch, learner)
    argv = [*certtraining_command(), "lab", "--no-browser", "--port", str(port), "--token", token]
    process = launch(argv, env, scratch / "lab.log")
    server = LabServer(process=process, port=port, token=token, scratch=scratch, env=env)
    try:
        wait_until_ready(server, timeout)
    except BaseException:
        stop_lab(server)
        raise
    return server


def wait_until_ready(server: LabServer, timeout: float) -> None:
    wait_until_answering(
        server.process,
        lambda: isinstance(server.get_json("api/status", timeout=2), dict),
        "certtraining lab",
        timeout,
        server.log_tail,
    )


def stop_lab(server: LabServer, grace: float = 15) -> None:
    stop_process(server.process, grace)
