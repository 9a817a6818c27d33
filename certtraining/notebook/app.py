"""``certtraining app`` (``make learn``): the course as a code-free learner application (Voilà).

The app serves its own folder, written at every start from ``data/`` by the notebook builder
(:func:`certtraining.notebook.build.build_app`): a home page (``index.ipynb``) and the app's
edition of every lesson, without the JupyterLab-only guidance. The instructor notebooks are
never written there, so the app cannot serve them whatever the URL.

Each page runs in a fresh kernel when it opens (Voilà), with the code stripped and the course's
page template (``present/templates/app/voila/templates/certtraining``): Korean, offline, with
이전 수업 / 다음 수업 / 과정 지도. Kernels inherit this process's environment, so identity and
store resolve exactly as in JupyterLab (``CERTTRAINING_LEARNER``, ``JUPYTERHUB_USER``, the
remembered name; ``CERTTRAINING_DB``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from certtraining.notebook import COURSE_KERNEL_MANAGER, KERNEL_CONNECTION_CLASS
from certtraining.settings import PACKAGE_DIR, user_data_dir

TEMPLATE = "certtraining"
# Jupyter data root holding voila/templates/certtraining (added to JUPYTER_PATH).
TEMPLATE_ROOT = PACKAGE_DIR / "present" / "templates" / "app"
HOME_PATH = "voila/render/index.ipynb"
DEFAULT_PORT = 8866
# A page's kernel is shut down when the page closes (Voilà's unload request, which the app's
# server accepts: see app_server); a kernel whose page vanished without saying so (a crashed
# browser, a laptop lid) is culled after this.
CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60

ERROR_INSTRUCTION = (
    "이 부분을 보여 주지 못했습니다. 화면을 새로 고치거나, 계속되면 선생님께 알려 주세요."
)
TIMEOUT_INSTRUCTION = "수업을 준비하는 데 너무 오래 걸려 멈췄습니다. 화면을 새로 고쳐 주세요."


def app_folder() -> Path:
    """Where the app's pages are written (the user's data folder, rewritten at each start)."""
    return user_data_dir() / "app"


def prepare_app_folder(folder: Path | None = None) -> Path:
    from certtraining.notebook.build import build_app

    target = folder or app_folder()
    build_app(target)
    return target


def app_config(folder: Path, port: int | None, open_browser: bool) -> dict[str, Any]:
    """The Voilà settings of the app, as traitlets configuration (testable without a server)."""
    return {
        "Voila": {
            "root_dir": str(folder),
            "ip": "127.0.0.1",
            "port": port if port is not None else DEFAULT_PORT,
            "port_retries": 0 if port is not None else 20,
            "open_browser": open_browser,
            "kernel_websocket_connection_class": KERNEL_CONNECTION_CLASS,
        },
        "VoilaConfiguration": {
            "template": TEMPLATE,
            "theme": "light",
            "strip_sources": True,
            "show_tracebacks": False,
            # Nothing but the pages themselves: no file of the folder is served as a file.
            "file_allowlist": [],
            "file_denylist": [r".*"],
            # No pre-heated kernels: they cannot render progressively, and a pool per page
            # would keep seven idle kernels (about 130 MB each) on a learner's laptop.
            "preheat_kernel": False,
            # The page is sent at once and its cells run as it loads (the first quiz
            # answers before the lesson's last cell has run); see notebook.warm.
            "progressive_rendering": True,
            "multi_kernel_manager_class": COURSE_KERNEL_MANAGER,
        },
        "VoilaExecutor": {
            "cell_error_instruction": ERROR_INSTRUCTION,
            "cell_timeout_instruction": TIMEOUT_INSTRUCTION,
        },
        "VoilaExporter": {"language_code": "ko"},
        "MappingKernelManager": {
            "cull_idle_timeout": CULL_IDLE_SECONDS,
            "cull_interval": CULL_INTERVAL_SECONDS,
            "cull_connected": False,
        },
    }


# --- On a class server: Voilà inside each learner's own single-user server (hub login, the hub
# user as the learner). The pages are written into the learner's lesson folder, under APP_SUBDIR,
# by the server's launcher (certtraining.notebook.hub_start), since Voilà renders only files
# under the server's root folder (the learner's home).
APP_SUBDIR = "app"
EXTENSION = "certtraining.notebook.app_extension"
# Sections of app_config() that Voilà's server extension reads from the server's configuration.
_SERVER_SECTIONS = ("VoilaConfiguration", "VoilaExecutor", "VoilaExporter")


def hub_home_path(lessons: str) -> str:
    """The app's home page in a learner's server, relative to its base URL (``/user/NAME/``);
    ``lessons`` is the lesson folder relative to the learner's home."""
    return f"voila/render/{lessons.strip('/')}/{APP_SUBDIR}/index.ipynb"


def hub_server_args() -> list[str]:
    """Command-line settings for a learner's single-user server: the app's Voilà settings
    (the same ones as ``certtraining app``) and the course's routes (stylesheets, font)."""
    config = app_config(Path("."), None, open_browser=False)
    args = [
        f"--ServerApp.jpserver_extensions={EXTENSION}=True",
        f"--ServerApp.kernel_websocket_connection_class={KERNEL_CONNECTION_CLASS}",
    ]
    for section in _SERVER_SECTIONS:
        for key, value in config[section].items():
            prefix = f"--{section}.{key}="
            if isinstance(value, list):
                args += [prefix + str(item) for item in value] if value else [prefix + "[]"]
            else:
                args.append(prefix + str(value))
    return args


def app_argv(port: int | None, open_browser: bool) -> list[str]:
    argv = [sys.executable, "-m", "certtraining.notebook.app_server"]
    if port is not None:
        argv += ["--port", str(port)]
    if not open_browser:
        argv.append("--no-browser")
    return argv


def app_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the course's template found first on the Jupyter path."""
    env = dict(os.environ if environ is None else environ)
    existing = env.get("JUPYTER_PATH", "")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATE_ROOT), existing) if p)
    return env


def run_app(port: int | None = None, open_browser: bool = True) -> int:
    """Write the app's pages, then replace this process with the app's server, so its process
    id is the one a caller (a test, ``make learn``) started and stops."""
    folder = prepare_app_folder()
    print(f"학습 앱 / learner app: {folder}")
    sys.stdout.flush()
    argv = app_argv(port, open_browser)
    os.execve(argv[0], argv, app_environment())
    return 0  # not reached
