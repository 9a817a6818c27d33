"""A real JupyterHub class server for tests and the benchmark, built from the teacher's config.

``deploy/jupyterhub/jupyterhub_config.py`` is loaded as it ships; the test config only
swaps what a test machine needs: DummyAuthenticator with a fixed password, loopback ports, a
throw-away folder for the hub's files and the service's database, users' servers run as the
hub's own user. The hub runs in its own process group (with the proxy and the service it
starts) and is stopped by its process id.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEPLOY_CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PASSWORD = "class-password"
SERVICE = "/services/certtraining/"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


TEST_CONFIG = """
import os
load_subconfig({deploy!r})
c = get_config()
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.db_url = "sqlite:///" + {scratch!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {scratch!r} + "/cookie_secret"
c.JupyterHub.pid_file = {scratch!r} + "/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.admin_users = set()
c.JupyterHub.services.append({{"name": "test-admin", "api_token": {admin_token!r}}})
c.JupyterHub.load_roles.append(
    {{"name": "test-admin", "scopes": ["admin:users", "tokens", "admin:groups", "admin:servers",
      "access:servers", "access:services"], "services": ["test-admin"]}}
)
c.JupyterHub.spawner_class = "simple"  # every user's server as the hub's own user
c.SimpleLocalProcessSpawner.home_dir_template = {scratch!r} + "/home/{{username}}"
c.Spawner.args = c.Spawner.args + ["--allow-root", "--ServerApp.disable_check_xsrf=True"]
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.LocalProcessSpawner.poll_interval = 1
c.JupyterHub.last_activity_interval = 3600
c.JupyterHub.log_level = "WARN"
"""


@dataclass
class ClassHub:
    process: subprocess.Popen[bytes]
    port: int
    service_port: int
    admin_token: str
    scratch: Path
    db_path: Path
    env: dict[str, str] = field(repr=False)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def service_url(self) -> str:
        """The service through the proxy, as browsers reach it."""
        return self.url + SERVICE

    @property
    def direct_url(self) -> str:
        """The service itself, as learners' kernels reach it (``CERTTRAINING_DB``)."""
        return f"http://127.0.0.1:{self.service_port}{SERVICE}"

    def api(self, method: str, path: str, body: Any = None) -> Any:
        status, data = request(method, f"{self.url}/hub/api/{path}", self.admin_token, body)
        if status >= 400:
            raise RuntimeError(f"hub API {method} {path}: {status} {data}")
        return data

    def add_user(self, name: str, teacher: bool = False) -> str:
        """A user with a token like their server's (learner) or a teacher's own API token."""
        self.api("POST", f"users/{name}")
        if teacher:
            self.api("POST", "groups/instructors/users", {"users": [name]})
        scopes = ["inherit"] if teacher else ["access:services!service=certtraining"]
        token = self.api("POST", f"users/{name}/tokens", {"scopes": scopes, "note": "test"})
        self.tokens[name] = token["token"]
        return token["token"]

    def service_pid(self) -> int | None:
        """The managed service the hub started (its own session: found by its listen port)."""
        mine = f"JUPYTERHUB_SERVICE_URL=http://127.0.0.1:{self.service_port}".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
                if b"certtraining.service" in cmdline and mine in (entry / "environ").read_bytes():
                    return int(entry.name)
            except OSError:
                continue
        return None

    def wait_for_service(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, _ = request("POST", self.direct_url + "api/check", "nobody", {})
            if status in (401, 403, 200):
                return
            time.sleep(0.2)
        raise RuntimeError("the certtraining service did not come up")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def request(
    method: str, url: str, token: str | None, body: Any = None, accept: str = "application/json"
) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Accept": accept, "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        raw, status = exc.read(), exc.code
    except (urllib.error.URLError, OSError):
        return 0, None
    try:
        return status, json.loads(raw or b"null")
    except ValueError:
        return status, raw


def start_hub(scratch: Path, extra_env: dict[str, str] | None = None) -> ClassHub:
    scratch.mkdir(parents=True, exist_ok=True)
    port, hub_port, proxy_api, service_port = (free_port() for _ in range(4))
    admin_token = secrets.token_hex(24)
    db_path = scratch / "service" / "progress.db"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_file = scratch / "service" / "db-url"
    db_file.write_text(f"sqlite:///{db_path}\n", encoding="utf-8")
    db_file.chmod(0o600)
    config = scratch / "jupyterhub_config.py"
    config.write_text(
        TEST_CONFIG.format(
            deploy=str(DEPLOY_CONFIG),
            port=port,
            hub_port=hub_port,
            proxy_api=proxy_api,
            proxy=str(Path(sys.executable).with_name("configurable-http-proxy")),
            proxy_token=secrets.token_hex(16),
            scratch=str(scratch),
            password=PASSWORD,
            admin_token=admin_token,
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "CERTTRAINING_PYTHON": sys.executable,
        "CERTTRAINING_SERVICE_PORT": str(service_port),
        "CERTTRAINING_DB_FILE": str(db_file),
        "CERTTRAINING_SERVICE_USER": os.environ.get("CERTTRAINING_TEST_SERVICE_USER", "root"),
        "CERTTRAINING_TEACHERS": "",
        **(extra_env or {}),
    }
    env.pop("CERTTRAINING_DB", None)
    env.pop("CERTTRAINING_LEARNER", None)
    log = (scratch / "hub.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(config)],
        cwd=scratch,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    hub = ClassHub(process, port, service_port, admin_token, scratch, db_path, env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((scratch / "hub.log").read_text(errors="replace")[-3000:])
        status, _ = request("GET", f"{hub.url}/hub/api/", None)
        if status == 200:
            break
        time.sleep(0.2)
    else:
        hub.stop()
        raise RuntimeError("JupyterHub did not start in time")
    hub.wait_for_service()
    return hub
