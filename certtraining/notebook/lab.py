"""``certtraining lab``: JupyterLab on the lessons folder with the course's own settings.

Which folder: in a source checkout the repository's ``notebooks/`` (what ``make lab`` opens);
after a plain ``pip install`` the learner's working folder (``./certtraining-course``, or the
current folder when it is one), made by ``certtraining init`` on first start.

The course keeps its own JupyterLab settings folder (under the user's data folder) so that
its defaults, no news pop-up covering the lesson and no update checks from a classroom PC,
never change the teacher's JupyterLab elsewhere.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from certtraining.notebook import COURSE_KERNEL_MANAGER, KERNEL_CONNECTION_CLASS
from certtraining.settings import in_source_checkout, notebooks_dir, user_data_dir

COURSE_SETTINGS: dict[str, dict[str, object]] = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def settings_dir() -> Path:
    return user_data_dir() / "lab-user-settings"


def ensure_course_settings(folder: Path) -> None:
    """Write the course defaults once; a teacher's later changes in JupyterLab are kept."""
    for relative, values in COURSE_SETTINGS.items():
        path = folder / relative
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2), encoding="utf-8")


def trust_course_notebooks(root: Path) -> None:
    """Sign the course's own notebooks so JupyterLab keeps their table and callout styling.

    A freshly cloned notebook is untrusted, and JupyterLab then strips ``<style>`` from
    its saved outputs; the lessons would look broken until a learner re-ran every cell.
    """
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    for path in course_notebooks(root):
        try:
            notebook = nbformat.read(path, as_version=4)
        except (OSError, ValueError):
            continue  # a broken notebook stays untrusted; JupyterLab says what is wrong
        if not notary.check_signature(notebook):
            notary.sign(notebook)


def course_notebooks(root: Path) -> list[Path]:
    """The course's own notebooks: in a learner's folder, only what init installed, unchanged.

    A notebook the learner brought in, or one whose bytes no longer match what was
    installed, is not ours to vouch for.
    """
    from certtraining.notebook.workspace import file_digest, read_manifest

    found = [p for p in sorted(root.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts]
    if in_source_checkout():
        return found
    recorded, _ = read_manifest(root)
    return [
        p
        for p in found
        if (entry := recorded.get(p.relative_to(root).as_posix())) is not None
        and entry.installed
        and entry.file == file_digest(p)
    ]


def lab_argv(port: int | None, token: str | None, open_browser: bool, root: Path) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.ip=127.0.0.1",
        f"--LabApp.user_settings_dir={settings_dir()}",
        f"--LabApp.workspaces_dir={user_data_dir() / 'lab-workspaces'}",
        f"--ServerApp.kernel_websocket_connection_class={KERNEL_CONNECTION_CLASS}",
        f"--ServerApp.kernel_manager_class={COURSE_KERNEL_MANAGER}",
    ]
    if port is not None:
        argv += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        argv.append(f"--IdentityProvider.token={token}")
    if not open_browser:
        argv.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    return argv


def course_root(cwd: Path | None = None) -> Path:
    """The folder JupyterLab opens; outside a checkout it is made on first start (and said so)."""
    from certtraining.notebook.workspace import (
        default_folder,
        init_workspace,
        is_workspace,
        pending_updates,
    )

    if in_source_checkout():
        return notebooks_dir()
    folder = default_folder(cwd)
    if not is_workspace(folder):
        for line in init_workspace(folder).lines():
            print(line)
        return folder
    print(f"수업 폴더 / course folder: {folder}")
    if pending_updates(folder):
        print(
            "  새 버전의 수업이 있습니다. 받으려면 certtraining init 을 실행하세요 "
            "(고친 수업은 그대로 둡니다) / this version has newer lessons: run certtraining init "
            "to get them (lessons you edited are kept)"
        )
    return folder


def run_lab(port: int | None = None, token: str | None = None, open_browser: bool = True) -> int:
    """Replace this process with JupyterLab, so its process id is the one a caller started."""
    root = course_root()
    if not root.is_dir():
        print(f"노트북 폴더가 없습니다 / notebooks folder not found: {root}", file=sys.stderr)
        return 1
    sys.stdout.flush()
    ensure_course_settings(settings_dir())
    trust_course_notebooks(root)
    argv = lab_argv(port, token, open_browser, root)
    os.execv(argv[0], argv)
    return 0  # not reached
