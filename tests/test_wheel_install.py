"""A plain install opens the course: build the wheel, install it, ``init``, ``lab``, list lessons.

The wheel goes into a throw-away venv, non-editable, so the package, its data and its lessons
all come from the wheel; the checkout is not on the path (no PYTHONPATH, and every command
runs from a folder outside it). It is built as a maintainer does, ``python -m build``. To stay fast and offline the venv is made without pip and
the wheel is installed with ``--no-deps --no-index`` by this environment's pip; the
dependencies come from this test environment through one ``.pth`` line naming its
site-packages. A path line in a ``.pth`` file is not itself scanned for ``.pth`` files, so
the checkout's editable install of certtraining stays invisible there.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from certtraining.content import load_content
from tests.browser.lab_server import (
    REPO,
    LabServer,
    free_port,
    lab_environment,
    stop_lab,
    wait_until_ready,
)
from tests.server_process import launch

pytestmark = pytest.mark.slow


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{argv} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def install_wheel(tmp_path: Path) -> Path:
    """The wheel built from this checkout, installed into a new venv; returns its bin folder."""
    # What a maintainer runs: the sdist first, then the wheel built from it (so the lessons
    # must survive both). --no-isolation uses this environment's hatchling: no network.
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path / "dist")],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("certtraining-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "certtraining_test_dependencies.pth").write_text(
        "".join(f"{path}\n" for path in sorted(here)), encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
        + ["--no-deps", "--no-index", "--no-compile", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    return venv / "bin"


def test_installed_wheel_inits_the_course_and_lab_serves_it(tmp_path: Path) -> None:
    bin_dir = install_wheel(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = lab_environment(scratch, "wheel-learner")
    for variable in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"):
        env.pop(variable, None)

    where = run(
        [str(bin_dir / "python"), "-c", "import certtraining; print(certtraining.__file__)"],
        home,
        env,
    )
    assert Path(where.strip()).is_relative_to(bin_dir.parent), where

    lessons = [lesson.notebook for lesson in load_content().lessons]
    out = run([str(bin_dir / "certtraining"), "init", "my-course"], home, env)
    assert f"created the course folder: {home / 'my-course'}" in out
    for name in lessons:
        assert (home / "my-course" / name).is_file(), name
    assert (home / "my-course" / "instructor" / "teachers_guide.md").is_file()

    # First start with no working folder yet: lab makes ./certtraining-course and says so.
    port, token = free_port(), secrets.token_hex(24)
    argv = [str(bin_dir / "certtraining"), "lab", "--no-browser", "--port", str(port)]
    process = launch([*argv, "--token", token], env, scratch / "lab.log", cwd=home)
    server = LabServer(process=process, port=port, token=token, scratch=scratch, env=env)
    try:
        wait_until_ready(server, timeout=120)
        top = server.get_json("api/contents")
        instructor = server.get_json("api/contents/instructor")
    finally:
        stop_lab(server)
    assert process.poll() is not None

    folder = home / "certtraining-course"
    assert f"created the course folder: {folder}" in server.log_tail(100_000)
    assert f"Serving notebooks from local directory: {folder}" in server.log_tail(100_000)
    assert isinstance(top, dict) and isinstance(instructor, dict)
    listed = {item["name"]: item["type"] for item in top["content"]}
    assert {name: listed.get(name) for name in lessons} == dict.fromkeys(lessons, "notebook")
    assert listed.get("instructor") == "directory"
    assert "teachers_guide.md" in {item["name"] for item in instructor["content"]}
