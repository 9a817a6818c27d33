"""A real JupyterHub class server for tests and the benchmark, built from the teacher's config.

``deploy/jupyterhub/jupyterhub_config.py`` is loaded as it ships; the test config only swaps
what a test machine needs: DummyAuthenticator with a fixed password, loopback ports, a
throw-away folder for the hub's files. The hub runs in its own process group (with the proxy
and the service it starts) and is stopped by its process id.

As root (development machines and CI), it is a class server as The Littlest JupyterHub sets
one up: the course is installed the way a wheel installs it (a copy of the package with its
``data/`` and lessons, here under the throw-away folder), the progress service runs as a system
user of its own, and learners' servers run as real OS users, created with unique names
(:class:`OsUsers`) and removed afterwards (``userdel -r``). The Python environment must be
one every user can read; this checkout's may sit under a folder only root may enter (pyenv's
Python under ``/root``, a clone in ``/root``), so the hub runs in a private mount namespace
(:data:`NAMESPACE_BOOT`) where each such folder is covered by an empty, world-enterable
tmpfs into which just the environment's folders are bound back. Nothing changes outside that
namespace. Without root, users' servers run as the hub's own user and the OS-user tests skip.

When ``CERTTRAINING_TEST_PG_URL`` is set, the service's database is a fresh PostgreSQL
database on that server (dropped at the end); otherwise a SQLite file.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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
PG_ENV = "CERTTRAINING_TEST_PG_URL"
# The proxy command: the Python port of configurable-http-proxy from the test extras by
# default; `make bench` points it at the Node.js original that deployments run.
PROXY_ENV = "CERTTRAINING_PROXY"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def real_users_reason() -> str | None:
    """Why learners cannot be real OS users here (None: they can)."""
    if os.geteuid() != 0:
        return "real OS users need root (useradd), as on The Littlest JupyterHub"
    missing = [
        t for t in ("useradd", "userdel", "unshare", "mount", "runuser") if not shutil.which(t)
    ]
    if missing:
        return f"real OS users need {', '.join(missing)}"
    return None


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
if {real_users!r}:
    c.JupyterHub.spawner_class = "localprocess"  # each learner's server as her own OS user
else:
    c.JupyterHub.spawner_class = "simple"  # every user's server as the hub's own user
    c.SimpleLocalProcessSpawner.home_dir_template = {scratch!r} + "/home/{{username}}"
    c.Spawner.args = c.Spawner.args + ["--allow-root"]
c.Spawner.args = c.Spawner.args + ["--ServerApp.disable_check_xsrf=True"]
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.LocalProcessSpawner.poll_interval = 1
c.JupyterHub.last_activity_interval = 3600
c.JupyterHub.log_level = "WARN"
"""

# Run inside ``unshare --mount`` as root before the hub: cover each folder on the way to the
# Python environment that not everyone may enter with a tmpfs everyone may enter, then bind the
# environment's folders back in. Mounts made here are private to the hub and its children.
NAMESPACE_BOOT = r"""
import json, os, subprocess, sys
spec = json.loads(sys.argv[1])

def blocked(path):
    parts = path.strip("/").split("/")
    for n in range(len(parts) - 1):
        ancestor = "/" + "/".join(parts[: n + 1])
        if not os.stat(ancestor).st_mode & 0o001:
            return ancestor
    return None

covers = {}
for path in spec["paths"]:
    top = blocked(path)
    if top:
        covers.setdefault(top, []).append(path)
for n, (top, paths) in enumerate(sorted(covers.items())):
    keep = os.path.join(spec["keep"], str(n))
    os.makedirs(keep)
    subprocess.run(["mount", "--bind", top, keep], check=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=0755", "tmpfs", top], check=True)
    for path in paths:
        os.makedirs(path, exist_ok=True)
        source = os.path.join(keep, os.path.relpath(path, top))
        subprocess.run(["mount", "--bind", source, path], check=True)
os.execv(spec["argv"][0], spec["argv"])
"""


@dataclass
class OsUsers:
    """OS users made for one test session, with a unique prefix; all removed by :meth:`remove`."""

    prefix: str = field(default_factory=lambda: "ct" + secrets.token_hex(3))
    created: list[str] = field(default_factory=list)

    def add(self, name: str) -> str:
        real = f"{self.prefix}-{name}"
        subprocess.run(
            ["useradd", "--create-home", "--shell", "/bin/sh", real],
            check=True,
            capture_output=True,
        )
        self.created.append(real)
        return real

    def uid(self, real: str) -> int:
        return pwd.getpwnam(real).pw_uid

    def remove(self) -> None:
        for real in self.created:
            try:
                uid = self.uid(real)
            except KeyError:
                continue
            for pid in pids_of_uid(uid):  # processes our hub started as this user
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while pids_of_uid(uid) and time.monotonic() < deadline:
                time.sleep(0.1)
            subprocess.run(["userdel", "--remove", real], capture_output=True)
        self.created.clear()


def pids_of_uid(uid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@dataclass
class ClassHub:
    process: subprocess.Popen[bytes]
    port: int
    service_port: int
    admin_token: str
    scratch: Path
    store_url: str
    env: dict[str, str] = field(repr=False)
    os_users: OsUsers | None = None
    pg_database: str | None = None
    tokens: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

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

    @property
    def public_dir(self) -> Path:
        return self.scratch / "public"

    @property
    def service_dir(self) -> Path:
        return self.scratch / "service-state"

    @property
    def app_dir(self) -> Path:
        """The installed course (what a wheel install puts in site-packages)."""
        return self.scratch / "app"

    @property
    def service_user(self) -> str:
        return self.env["CERTTRAINING_SERVICE_USER"]

    def api(self, method: str, path: str, body: Any = None) -> Any:
        status, data = request(method, f"{self.url}/hub/api/{path}", self.admin_token, body)
        if status >= 400:
            raise RuntimeError(f"hub API {method} {path}: {status} {data}")
        return data

    def add_user(self, name: str, teacher: bool = False, os_user: bool = False) -> str:
        """A hub user (a real OS user too, with ``os_user`` as root) and a token: a learner's
        like her server's, a teacher's own API token. The hub name is in :attr:`names`."""
        real = self.os_users.add(name) if os_user and self.os_users else name
        self.names[name] = real
        self.api("POST", f"users/{real}")
        if teacher:
            self.api("POST", "groups/instructors/users", {"users": [real]})
        scopes = ["inherit"] if teacher else ["access:services!service=certtraining"]
        token = self.api("POST", f"users/{real}/tokens", {"scopes": scopes, "note": "test"})
        self.tokens[name] = self.tokens[real] = token["token"]
        return real

    @property
    def tag(self) -> str:
        return self.os_users.prefix if self.os_users else self.scratch.name[-6:].lower()

    def proxy_pid(self) -> int | None:
        """The proxy the hub started, from the pid file it writes in its folder (if alive)."""
        try:
            pid = int((self.scratch / "jupyterhub-proxy.pid").read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

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

    def start_server(self, name: str) -> dict[str, Any]:
        """Spawn ``name``'s single-user server and wait until it is ready; its hub model."""
        real = self.names.get(name, name)
        status, body = request(
            "POST", f"{self.url}/hub/api/users/{real}/server", self.admin_token, {}
        )
        if status not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"spawn {real}: {status} {body}")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            _, user = request("GET", f"{self.url}/hub/api/users/{real}", self.admin_token)
            server = (user or {}).get("servers", {}).get("", {})
            if server.get("ready"):
                return server
            time.sleep(0.3)
        raise RuntimeError(f"{real}'s server did not start:\n{self.log_tail()}")

    def stop_server(self, name: str) -> None:
        real = self.names.get(name, name)
        request("DELETE", f"{self.url}/hub/api/users/{real}/server", self.admin_token)

    def log_tail(self, chars: int = 3000) -> str:
        return (self.scratch / "hub.log").read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        service = self.service_pid()
        if service is not None:  # the service has a session of its own
            os.kill(service, signal.SIGKILL)
        proxy = self.proxy_pid()
        if proxy is not None:  # so has the proxy, which the hub does not always stop
            os.kill(proxy, signal.SIGKILL)
        if self.os_users is not None:
            self.os_users.remove()
        if self.pg_database is not None:
            drop_pg_database(self.pg_database)
        shutil.rmtree(self.scratch, ignore_errors=True)


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


def create_pg_database(server_url: str) -> tuple[str, str]:
    """A fresh database on the test PostgreSQL server: (its URL, its name)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(server_url)
    name = f"certtraining_hub_{secrets.token_hex(6)}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False), name


def drop_pg_database(name: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from certtraining.progress.store import close_stores

    close_stores()
    server = make_url(os.environ[PG_ENV])
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def install_course(app: Path) -> None:
    """The package as a wheel installs it: certtraining/ with data/ and course/ inside."""
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.db")
    shutil.copytree(REPO / "certtraining", app / "certtraining", ignore=ignore)
    shutil.copytree(REPO / "data", app / "certtraining" / "data", ignore=ignore)
    shutil.copytree(REPO / "notebooks", app / "certtraining" / "course", ignore=ignore)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(app / "certtraining")],
        check=True,
        capture_output=True,
    )
    for path in [app, *app.rglob("*")]:  # readable by everyone, like site-packages
        path.chmod(0o755 if path.is_dir() else 0o644)


def start_hub(real_users: bool | None = None, database: str | None = None) -> ClassHub:
    """Start the class hub; ``real_users`` defaults to whether this machine can make them."""
    if real_users is None:
        real_users = real_users_reason() is None
    scratch = Path(tempfile.mkdtemp(prefix="certtraining-hub-"))
    scratch.chmod(0o755)  # learners' servers and the service enter it (nothing secret here)
    os_users = OsUsers() if real_users else None
    pg_name = None
    try:
        service_user = os_users.add("svc") if os_users else pwd.getpwuid(os.geteuid()).pw_name
        install_course(scratch / "app")
        port, hub_port, proxy_api, service_port = (free_port() for _ in range(4))
        admin_token = secrets.token_hex(24)
        secrets_dir = scratch / "service-secrets"  # the service user's alone
        secrets_dir.mkdir(mode=0o700)
        if database is None and os.environ.get(PG_ENV):
            database, pg_name = create_pg_database(os.environ[PG_ENV])
        store_url = database or f"sqlite:///{secrets_dir / 'progress.db'}"
        db_file = secrets_dir / "db-url"
        db_file.write_text(store_url + "\n", encoding="utf-8")
        db_file.chmod(0o600)
        if os_users is not None:
            owner = pwd.getpwnam(service_user)
            for path in (secrets_dir, db_file):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        config = scratch / "jupyterhub_config.py"
        config.write_text(
            TEST_CONFIG.format(
                deploy=str(DEPLOY_CONFIG),
                port=port,
                hub_port=hub_port,
                proxy_api=proxy_api,
                proxy=os.environ.get(PROXY_ENV)
                or str(Path(sys.executable).with_name("configurable-http-proxy")),
                proxy_token=secrets.token_hex(16),
                scratch=str(scratch),
                password=PASSWORD,
                admin_token=admin_token,
                real_users=real_users,
            ),
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "PYTHONPATH": str(scratch / "app"),
            "CERTTRAINING_PYTHON": sys.executable,
            "CERTTRAINING_SERVICE_PORT": str(service_port),
            "CERTTRAINING_DB_FILE": str(db_file),
            "CERTTRAINING_SERVICE_USER": service_user,
            "CERTTRAINING_PUBLIC_DIR": str(scratch / "public"),
            "CERTTRAINING_SERVICE_DIR": str(scratch / "service-state"),
            "CERTTRAINING_TEACHERS": "",
        }
        for name in ("CERTTRAINING_DB", "CERTTRAINING_LEARNER", "CERTTRAINING_DATA"):
            env.pop(name, None)
        command = [sys.executable, "-m", "jupyterhub", "-f", str(config)]
        if real_users:
            boot = scratch / "namespace_boot.py"
            boot.write_text(NAMESPACE_BOOT, encoding="utf-8")
            spec = {
                "paths": sorted({sys.base_prefix, sys.prefix}),
                "keep": str(scratch / "namespace-keep"),
                "argv": command,
            }
            command = [
                "unshare", "--mount", "--propagation", "private",
                sys.executable, str(boot), json.dumps(spec),
            ]  # fmt: skip
        log = (scratch / "hub.log").open("wb")
        process = subprocess.Popen(
            command,
            cwd=scratch,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except BaseException:
        if os_users is not None:
            os_users.remove()
        if pg_name is not None:
            drop_pg_database(pg_name)
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    hub = ClassHub(
        process, port, service_port, admin_token, scratch, store_url, env, os_users, pg_name
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(hub.log_tail())
            status, _ = request("GET", f"{hub.url}/hub/api/", None)
            if status == 200:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("JupyterHub did not start in time:\n" + hub.log_tail())
        hub.wait_for_service()
    except BaseException:
        hub.stop()
        raise
    return hub


def run_in_kernel(hub: ClassHub, name: str, code: str, timeout: float = 90) -> str:
    """Run ``code`` in a new kernel of ``name``'s running server; what it printed (or raised).

    The kernel is started through the server's REST API and driven over its websocket, as
    JupyterLab does: it runs as that user, with the environment the hub gave her server.
    """
    import asyncio
    import uuid

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    real = hub.names.get(name, name)
    base = f"{hub.url}/user/{real}/api/kernels"
    status, kernel = request("POST", base, hub.admin_token, {"name": "python3"})
    if status != 201:
        raise RuntimeError(f"no kernel for {real}: {status} {kernel}")

    async def drive() -> str:
        ws_url = base.replace("http://", "ws://") + f"/{kernel['id']}/channels"
        headers = {"Authorization": f"token {hub.admin_token}"}
        conn = await websocket_connect(HTTPRequest(ws_url, headers=headers))
        msg_id = uuid.uuid4().hex
        await conn.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": real,
                        "session": uuid.uuid4().hex,
                        "msg_type": "execute_request",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                    },
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        out: list[str] = []
        while True:
            raw = await asyncio.wait_for(conn.read_message(), timeout)
            if raw is None:
                raise RuntimeError("the kernel's websocket closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                out.append("\n".join(msg["content"]["traceback"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                conn.close()
                return "".join(out)

    try:
        return asyncio.run(drive())
    finally:
        request("DELETE", f"{base}/{kernel['id']}", hub.admin_token)
