"""``certtraining init``: copy the course out, update it later, keep what the learner edited.

The "shipped" course here is a small folder of real notebooks written with nbformat, so a
newer version is simply the same folder edited; one test copies the course this checkout
ships. All on tmp folders, no server.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from certtraining.cli import main
from certtraining.content import load_content
from certtraining.notebook import lab
from certtraining.notebook.workspace import (
    DEFAULT_FOLDER_NAME,
    EDITED,
    MANIFEST_NAME,
    NOT_INSTALLED,
    UNREADABLE,
    WorkspaceError,
    init_workspace,
    pending_updates,
    restore_lesson,
    sources_digest,
)
from certtraining.settings import in_source_checkout, notebooks_dir, shipped_course_dir


def write_notebook(path: Path, ident: str, *sources: str) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["certtraining"] = {"lesson": ident}
    notebook.cells = [nbformat.v4.new_markdown_cell(f"# {ident}")] + [
        nbformat.v4.new_code_cell(source) for source in sources
    ]
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{ident}-{index:02d}"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """Version 1 of a two-lesson course with an instructor folder."""
    source = tmp_path / "shipped"
    write_notebook(source / "00_intro.ipynb", "intro", 'show_section("a")')
    write_notebook(source / "01_issuance.ipynb", "issuance", 'show_section("b")', 'quiz("q")')
    write_notebook(source / "instructor" / "teaching_notes.ipynb", "notes", "show_course_map()")
    (source / "instructor" / "teachers_guide.md").write_text("# 강사 안내\n", encoding="utf-8")
    (source / ".ipynb_checkpoints").mkdir()
    (source / ".ipynb_checkpoints" / "00_intro-checkpoint.ipynb").write_text("{}")
    return source


def run_lesson(path: Path) -> None:
    """What running a lesson saves: outputs, counts, widget state and metadata, no source edit."""
    notebook = nbformat.read(path, as_version=4)
    for count, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code":
            cell.execution_count = count
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="실행함\n")]
            cell.metadata["collapsed"] = False
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(notebook, path)


def edit_cell(path: Path, index: int, source: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[index].source = source
    nbformat.write(notebook, path)


def test_init_copies_lessons_to_the_top_and_instructor_beside_them(tmp_path: Path, shipped: Path):
    folder = tmp_path / "work"
    report = init_workspace(folder, shipped)

    assert report.created
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        MANIFEST_NAME,
        "00_intro.ipynb",
        "01_issuance.ipynb",
        "instructor/teachers_guide.md",
        "instructor/teaching_notes.ipynb",
    ]
    assert (folder / "01_issuance.ipynb").read_bytes() == (
        shipped / "01_issuance.ipynb"
    ).read_bytes()
    assert report.added == [
        "00_intro.ipynb",
        "01_issuance.ipynb",
        "instructor/teachers_guide.md",
        "instructor/teaching_notes.ipynb",
    ]
    again = init_workspace(folder, shipped)
    assert not again.created and again.unchanged == report.added
    assert not (again.added or again.updated or again.kept)
    assert pending_updates(folder, shipped) == []


def test_outputs_widget_state_and_metadata_do_not_count_as_a_change(tmp_path: Path, shipped: Path):
    path = tmp_path / "lesson.ipynb"
    write_notebook(path, "issuance", 'show_section("b")')
    before = sources_digest(path)
    run_lesson(path)
    assert sources_digest(path) == before
    edit_cell(path, 1, 'show_section("b")  # 메모')
    assert sources_digest(path) != before


def test_a_newer_version_adds_lessons_and_replaces_the_ones_only_run(tmp_path: Path, shipped):
    folder = tmp_path / "work"
    init_workspace(folder, shipped)
    run_lesson(folder / "01_issuance.ipynb")
    # Version 2: lesson 01 gains a cell, a new lesson 02 appears.
    write_notebook(shipped / "01_issuance.ipynb", "issuance", 'show_section("b")', 'quiz("q2")')
    write_notebook(shipped / "02_reissuance.ipynb", "reissuance", 'show_section("c")')
    assert pending_updates(folder, shipped) == ["01_issuance.ipynb", "02_reissuance.ipynb"]

    report = init_workspace(folder, shipped)

    assert report.added == ["02_reissuance.ipynb"]
    assert report.updated == ["01_issuance.ipynb"]
    assert report.kept == []
    for name in ("01_issuance.ipynb", "02_reissuance.ipynb"):
        assert (folder / name).read_bytes() == (shipped / name).read_bytes()


def test_a_lesson_the_learner_edited_is_kept_and_the_report_says_why(tmp_path: Path, shipped):
    folder = tmp_path / "work"
    init_workspace(folder, shipped)
    edit_cell(folder / "01_issuance.ipynb", 1, "# 내 메모: 은행 창구에서 물어볼 것")
    edited = (folder / "01_issuance.ipynb").read_bytes()
    write_notebook(shipped / "01_issuance.ipynb", "issuance", 'show_section("b")', 'quiz("q2")')

    report = init_workspace(folder, shipped)

    assert (folder / "01_issuance.ipynb").read_bytes() == edited
    assert [(k.path, k.reason) for k in report.kept] == [("01_issuance.ipynb", EDITED)]
    text = "\n".join(report.lines())
    assert "그대로 둠 / kept: 01_issuance.ipynb" in text
    assert "셀 내용을 고쳤습니다" in text and "you edited cell sources" in text
    assert "certtraining init --restore" in text
    # Still edited against what was installed: the next run keeps it again, and the update
    # already declined is not announced again; a yet newer version is.
    assert [k.path for k in init_workspace(folder, shipped).kept] == ["01_issuance.ipynb"]
    assert pending_updates(folder, shipped) == []
    write_notebook(shipped / "01_issuance.ipynb", "issuance", 'quiz("q3")')
    assert pending_updates(folder, shipped) == ["01_issuance.ipynb"]


def test_files_init_did_not_put_there_and_broken_notebooks_are_kept(tmp_path: Path, shipped):
    folder = tmp_path / "work"
    write_notebook(folder / "00_intro.ipynb", "mine", "print('내 노트북')")
    (folder / "01_issuance.ipynb").write_text("{ not json", encoding="utf-8")
    (folder / "instructor").mkdir()
    (folder / "instructor" / "teachers_guide.md").write_text("# 강사 안내\n", encoding="utf-8")

    report = init_workspace(folder, shipped)

    assert not report.created
    assert {k.path: k.reason for k in report.kept} == {
        "00_intro.ipynb": NOT_INSTALLED,
        "01_issuance.ipynb": UNREADABLE,
    }
    assert "내 노트북" in (folder / "00_intro.ipynb").read_text(encoding="utf-8")
    # The guide already matches what ships: adopted, not reported as the learner's.
    assert report.updated == ["instructor/teachers_guide.md"]
    assert report.added == ["instructor/teaching_notes.ipynb"]
    again = init_workspace(folder, shipped)
    assert {k.path: k.reason for k in again.kept} == {k.path: k.reason for k in report.kept}
    assert pending_updates(folder, shipped) == []


def test_an_unreadable_record_keeps_every_existing_file(tmp_path: Path, shipped):
    folder = tmp_path / "work"
    init_workspace(folder, shipped)
    (folder / MANIFEST_NAME).write_text("garbage", encoding="utf-8")
    edit_cell(folder / "00_intro.ipynb", 1, "# 고침")
    write_notebook(shipped / "00_intro.ipynb", "intro", 'show_section("a2")')

    report = init_workspace(folder, shipped)

    assert [k.path for k in report.kept] == ["00_intro.ipynb"]
    assert report.notes and MANIFEST_NAME in report.notes[0]
    assert "# 고침" in (folder / "00_intro.ipynb").read_text(encoding="utf-8")


def test_restore_brings_back_the_original_and_moves_the_edit_aside(tmp_path: Path, shipped):
    folder = tmp_path / "work"
    init_workspace(folder, shipped)
    edit_cell(folder / "01_issuance.ipynb", 1, "# 내 메모")

    report = restore_lesson(folder, "issuance", shipped)  # the lesson id works as a name

    assert report.path == "01_issuance.ipynb"
    assert (folder / "01_issuance.ipynb").read_bytes() == (
        shipped / "01_issuance.ipynb"
    ).read_bytes()
    assert report.moved_aside == "01_issuance.edited.ipynb"
    assert "# 내 메모" in (folder / "01_issuance.edited.ipynb").read_text(encoding="utf-8")
    # Restored means installed again: a newer version now replaces it.
    write_notebook(shipped / "01_issuance.ipynb", "issuance", 'quiz("q3")')
    assert init_workspace(folder, shipped).updated == ["01_issuance.ipynb"]


def test_restoring_an_unedited_or_deleted_lesson_moves_nothing_aside(tmp_path: Path, shipped):
    folder = tmp_path / "work"
    init_workspace(folder, shipped)
    run_lesson(folder / "00_intro.ipynb")
    assert restore_lesson(folder, "00_intro", shipped).moved_aside is None
    (folder / "instructor" / "teachers_guide.md").unlink()
    report = restore_lesson(folder, "instructor/teachers_guide.md", shipped)
    assert report.moved_aside is None
    assert (folder / "instructor" / "teachers_guide.md").is_file()
    assert not list(folder.glob("*.edited*"))


def test_restore_refuses_an_unknown_lesson_with_the_choices(tmp_path: Path, shipped):
    init_workspace(tmp_path / "work", shipped)
    with pytest.raises(WorkspaceError, match="01_issuance.ipynb"):
        restore_lesson(tmp_path / "work", "99_nothing", shipped)


def test_the_command_copies_the_course_this_version_ships(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    folder = tmp_path / DEFAULT_FOLDER_NAME
    assert f"수업 폴더를 만들었습니다 / created the course folder: {folder}" in out
    content = load_content()
    for lesson in content.lessons:
        assert (folder / lesson.notebook).is_file(), lesson.notebook
    for item in content.course.instructor:
        if (shipped_course_dir() / item.notebook).is_file():
            assert (folder / item.notebook).is_file(), item.notebook
    assert (folder / "instructor" / "teachers_guide.md").is_file()

    # Inside the working folder a bare `init` means that folder, not a nested one.
    monkeypatch.chdir(folder)
    assert main(["init", "--restore", content.lessons[0].notebook]) == 0
    assert "restored the original" in capsys.readouterr().out
    assert not (folder / DEFAULT_FOLDER_NAME).exists()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["init", "{tmp}/a-file"], "not a folder"),
        (["init", "{tmp}/missing", "--restore", "00_intro"], "run certtraining init first"),
        (["init", "{tmp}/work", "--restore", "no-such-lesson"], "no such lesson"),
    ],
)
def test_mistakes_reach_the_one_handler(argv, expected, tmp_path: Path, capsys):
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "work").mkdir()
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("✗ ") and expected in err and "Traceback" not in err


def test_a_checkout_opens_its_own_notebooks_folder(tmp_path: Path, monkeypatch):
    assert in_source_checkout()
    assert shipped_course_dir() == notebooks_dir()
    monkeypatch.chdir(tmp_path)
    assert lab.course_root() == notebooks_dir()
    assert list(tmp_path.iterdir()) == []


def test_outside_a_checkout_lab_makes_the_folder_on_first_start(tmp_path, monkeypatch, capsys):
    # As after `pip install`: no repository beside the package (the wheel test runs the real one).
    monkeypatch.setattr(lab, "in_source_checkout", lambda: False)
    monkeypatch.chdir(tmp_path)

    root = lab.course_root()

    assert root == tmp_path / DEFAULT_FOLDER_NAME
    assert (root / MANIFEST_NAME).is_file()
    assert f"created the course folder: {root}" in capsys.readouterr().out
    assert lab.course_root() == root
    second = capsys.readouterr().out
    assert f"수업 폴더 / course folder: {root}" in second and "newer lessons" not in second
    # A stale record (as after upgrading the package) earns a hint, and nothing is overwritten.
    manifest = json.loads((root / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["files"]["00_intro.ipynb"]["file"] = "0" * 64
    (root / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.chdir(root)
    assert lab.course_root() == root
    assert "run certtraining init" in capsys.readouterr().out


def test_lab_vouches_only_for_what_init_installed_unchanged(tmp_path: Path, monkeypatch):
    """A notebook the learner brought in, or changed, is not signed as the course's own."""
    monkeypatch.setattr(lab, "in_source_checkout", lambda: False)
    folder = tmp_path / "course"
    init_workspace(folder)
    installed = lab.course_notebooks(folder)
    assert installed and all(p.suffix == ".ipynb" for p in installed)
    brought_in = folder / "from-a-friend.ipynb"
    shutil.copy(installed[0], brought_in)
    changed = installed[-1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("}", "} ", 1), encoding="utf-8")
    (folder / "broken.ipynb").write_text("{ not json", encoding="utf-8")
    trusted = lab.course_notebooks(folder)
    assert trusted == installed[:-1]
    lab.trust_course_notebooks(folder)  # the broken file is skipped, not a traceback
