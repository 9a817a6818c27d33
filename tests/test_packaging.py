"""The package installs the way teaching staff and JupyterHub images will use it."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {_name(r): r for r in pyproject["project"]["dependencies"]}
    environment = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    listed = {_name(r): r for r in pip_section if not r.startswith("-e")}
    assert listed == declared
    assert any(r.startswith("-e .[") and "test" in r for r in pip_section)
    python = next(
        d for d in environment["dependencies"] if isinstance(d, str) and d.startswith("python")
    )
    assert python.replace("python", "") == pyproject["project"]["requires-python"]


def test_constraints_pin_every_direct_dependency():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pinned = {
        _name(line): line
        for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    direct = (
        pyproject["project"]["dependencies"] + pyproject["project"]["optional-dependencies"]["test"]
    )
    missing = [r for r in direct if _name(r) not in pinned]
    assert not missing


def test_wheel_ships_the_course_content(tmp_path: Path):
    """A non-editable install (JupyterHub image) must find data/ inside the package."""
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("certtraining-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for data_file in (REPO / "data").glob("*.yaml"):
        assert f"certtraining/data/{data_file.name}" in names
    # The store migrates its database at run time from these (no alembic.ini).
    migrations = REPO / "certtraining" / "progress" / "migrations"
    for migration_file in [*migrations.glob("*.*"), *migrations.glob("versions/*.py")]:
        assert migration_file.relative_to(REPO).as_posix() in names
    # The lessons, for `certtraining init` to copy out (notebooks/ ships as certtraining/course/).
    lessons = [p for p in (REPO / "notebooks").rglob("*") if p.is_file()]
    assert lessons
    for lesson_file in lessons:
        shipped = lesson_file.relative_to(REPO / "notebooks").as_posix()
        if ".ipynb_checkpoints" not in shipped:
            assert f"certtraining/course/{shipped}" in names
    assert not [n for n in names if "checkpoint" in n or n.endswith((".db", ".pyc"))]
    # The look: the stylesheet and the templates every output is rendered from.
    present = REPO / "certtraining" / "present"
    for look_file in [*present.glob("static/*.css"), *present.glob("templates/*.j2")]:
        assert look_file.relative_to(REPO).as_posix() in names
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    assert "certtraining_handout = certtraining.handout.exporter:HandoutExporter" in entry_points
    assert "certtraining = certtraining.cli:main" in entry_points
