"""The learner app's pages and settings, without a server (the browser test runs one).

The app serves only what :func:`certtraining.notebook.build.build_app` writes: the home page
and the learner's lessons, without JupyterLab-only guidance, with what the page template needs.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets.utils.importstring import import_item

from certtraining.cli.main import build_parser
from certtraining.content import load_content
from certtraining.notebook import app
from certtraining.notebook.build import APP_HOME, LAB_ONLY_TAG, build_app, one_quiz_per_cell

CONTENT = load_content()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("app")
    (target / "instructor").mkdir()
    (target / "instructor" / "class_progress.ipynb").write_text("{}", encoding="utf-8")
    (target / "stale.ipynb").write_text("{}", encoding="utf-8")
    build_app(target)
    return target


def test_the_app_folder_holds_the_home_page_and_the_lessons_only(folder: Path) -> None:
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.ipynb"))
    assert pages == sorted([APP_HOME, *(lesson.notebook for lesson in CONTENT.lessons)])
    assert not any("instructor" in page for page in pages)


def test_app_lessons_drop_jupyterlab_guidance_and_know_their_neighbours(folder: Path) -> None:
    lessons = list(CONTENT.lessons)
    for index, lesson in enumerate(lessons):
        notebook = nbformat.read(folder / lesson.notebook, as_version=4)
        sources = "\n".join(cell.source for cell in notebook.cells)
        assert "Run All" not in sources and "JupyterLab" not in sources
        assert not [c for c in notebook.cells if LAB_ONLY_TAG in c.metadata.get("tags", [])]
        assert notebook.metadata["title"] == lesson.title
        nav = notebook.metadata["certtraining"]["app"]
        assert nav["home"] == APP_HOME
        previous = lessons[index - 1].notebook if index else None
        following = lessons[index + 1].notebook if index + 1 < len(lessons) else None
        assert (nav["previous"] or {}).get("href") == previous
        assert (nav["next"] or {}).get("href") == following
        assert f'finish_lesson("{lesson.id}")' in sources


def test_the_saved_lessons_keep_the_jupyterlab_guidance_tagged() -> None:
    from certtraining.settings import notebooks_dir

    intro = nbformat.read(notebooks_dir() / CONTENT.lessons[0].notebook, as_version=4)
    tagged = [c for c in intro.cells if "Run All" in c.source]
    assert tagged and all(LAB_ONLY_TAG in c.metadata.get("tags", []) for c in tagged)


def test_app_settings_serve_no_files_show_no_tracebacks_and_cull_kernels(tmp_path: Path) -> None:
    config = app.app_config(tmp_path, 9999, open_browser=False)
    assert config["Voila"]["ip"] == "127.0.0.1"
    assert config["Voila"]["port"] == 9999 and config["Voila"]["port_retries"] == 0
    assert config["Voila"]["root_dir"] == str(tmp_path)
    voila = config["VoilaConfiguration"]
    assert voila["template"] == "certtraining" and voila["strip_sources"] is True
    assert voila["show_tracebacks"] is False
    assert voila["file_allowlist"] == [] and voila["file_denylist"] == [r".*"]
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert config["MappingKernelManager"]["cull_connected"] is False
    assert voila["progressive_rendering"] is True
    assert issubclass(import_item(voila["multi_kernel_manager_class"]), AsyncMappingKernelManager)
    assert "Please" not in config["VoilaExecutor"]["cell_error_instruction"]
    template = app.TEMPLATE_ROOT / "voila" / "templates" / "certtraining"
    for name in ("index.html.j2", "page.html", "error.html", "404.html", "conf.json"):
        text = (template / name).read_text(encoding="utf-8")
        assert "cdn." not in text and "https://" not in text, name


def test_the_command_line(tmp_path: Path) -> None:
    args = build_parser().parse_args(["app", "--port", "8123", "--no-browser"])
    assert (args.port, args.no_browser) == (8123, True)
    argv = app.app_argv(8123, open_browser=False)
    assert argv[1:] == ["-m", "certtraining.notebook.app_server", "--port", "8123", "--no-browser"]
    env = app.app_environment({"JUPYTER_PATH": "/elsewhere"})
    assert env["JUPYTER_PATH"].split(":")[0] == str(app.TEMPLATE_ROOT)
    assert env["JUPYTER_PATH"].endswith("/elsewhere")


def test_a_learners_hub_server_gets_the_apps_voila_settings(tmp_path: Path) -> None:
    """On a class server Voilà runs as the single-user server's extension: the arguments the
    launcher adds give it exactly the app's settings and enable the course's routes."""
    from jupyter_server.serverapp import ServerApp
    from voila.configuration import VoilaConfiguration

    server = ServerApp()
    server.parse_command_line(app.hub_server_args())
    assert server.jpserver_extensions[app.EXTENSION] is True
    voila = VoilaConfiguration(parent=server)
    expected = app.app_config(tmp_path, None, open_browser=False)["VoilaConfiguration"]
    for key, value in expected.items():
        setting = getattr(voila, key)
        if isinstance(setting, type):  # a class setting is given by its import path
            setting = f"{setting.__module__}.{setting.__name__}"
        assert setting == value, key
    assert server.config.VoilaExecutor.cell_error_instruction == app.ERROR_INSTRUCTION
    assert app.hub_home_path("certtraining/") == "voila/render/certtraining/app/index.ipynb"


def test_app_lessons_ask_one_question_per_cell_and_every_question_of_the_lesson(
    folder: Path,
) -> None:
    """Voilà's progressive rendering can drop the later widgets of a cell (see
    build.one_quiz_per_cell), so each question has a cell of its own, in the lesson's order."""
    from certtraining.notebook.build import build_lesson

    split_cells = 0
    for lesson in CONTENT.lessons:
        served = nbformat.read(folder / lesson.notebook, as_version=4)
        sources = [c.source for c in served.cells if c.cell_type == "code"]
        assert not [s for s in sources if "quiz_section(" in s or "quiz_cautions(" in s]
        expected = []
        for cell in build_lesson(CONTENT, lesson).cells:
            if cell.cell_type != "code" or LAB_ONLY_TAG in cell.metadata.get("tags", []):
                continue
            one_each = one_quiz_per_cell(CONTENT, cell)
            split_cells += len(one_each) > 1
            expected += [c.source for c in one_each]
        assert sources == expected
        assert len({c["id"] for c in served.cells}) == len(served.cells)
    assert split_cells > 0


def test_only_the_apps_own_pages_are_warmed(folder: Path) -> None:
    from certtraining.notebook.app_kernels import is_course_page

    base = "http://127.0.0.1:8866/voila/render/"
    assert is_course_page(base + APP_HOME, folder)
    assert is_course_page(base + CONTENT.lessons[1].notebook + "?x=1", folder)
    plain = folder.parent / f"{folder.name}-plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), plain)
    outside = folder.parent / f"{folder.name}-outside.ipynb"
    outside.write_bytes((folder / APP_HOME).read_bytes())  # an app page, but not in the folder
    try:
        for url in (
            f"{base}../{plain.name}",
            f"{base}../{outside.name}",
            f"{base}%2E%2E/{outside.name}",
            f"{base}missing.ipynb",
            "http://127.0.0.1:8866/voila/tree",
            None,
        ):
            assert not is_course_page(url, folder), url
        assert is_course_page(f"{base}{outside.name}", folder.parent)
        assert not is_course_page(f"{base}{plain.name}", folder.parent)
    finally:
        plain.unlink()
        outside.unlink()


def test_every_server_of_the_course_sends_kernel_messages_without_nagles_delay(
    tmp_path: Path,
) -> None:
    """``certtraining lab``, the learner app and a learner's hub server all use the connection
    class that turns TCP_NODELAY on (a quiz's feedback otherwise waited ~40 ms in the server)."""
    from jupyter_server.serverapp import ServerApp
    from jupyter_server.services.kernels.connection.channels import (
        ZMQChannelsWebsocketConnection,
    )

    from certtraining.notebook import KERNEL_CONNECTION_CLASS
    from certtraining.notebook.kernel_socket import PromptKernelConnection
    from certtraining.notebook.lab import lab_argv

    assert import_item(KERNEL_CONNECTION_CLASS) is PromptKernelConnection
    assert issubclass(PromptKernelConnection, ZMQChannelsWebsocketConnection)
    voila = app.app_config(tmp_path, None, open_browser=False)["Voila"]
    assert voila["kernel_websocket_connection_class"] == KERNEL_CONNECTION_CLASS
    for args in (app.hub_server_args(), lab_argv(None, None, False, tmp_path)[3:]):
        server = ServerApp()
        server.parse_command_line([a for a in args if a.startswith("--ServerApp.")])
        assert server.kernel_websocket_connection_class is PromptKernelConnection


def test_a_lessons_kernel_in_jupyterlab_gets_the_warm_up_and_other_notebooks_do_not(
    tmp_path: Path,
) -> None:
    """``certtraining lab`` runs the course's kernel manager: a lesson's kernel starts
    importing the course as soon as it answers (the learner reads before Run All); a
    notebook that is not a lesson runs as JupyterLab alone would run it."""
    import asyncio
    import os
    import shutil

    from jupyter_server.serverapp import ServerApp

    from certtraining.notebook import COURSE_KERNEL_MANAGER
    from certtraining.notebook.app_kernels import CourseKernelManager
    from certtraining.notebook.lab import lab_argv

    server = ServerApp()
    server.parse_command_line(
        [a for a in lab_argv(None, None, False, tmp_path) if a.startswith("--ServerApp.")]
    )
    assert import_item(COURSE_KERNEL_MANAGER) is CourseKernelManager
    assert server.kernel_manager_class is CourseKernelManager

    lesson = CONTENT.lessons[1].notebook
    shutil.copy(Path(__file__).parent.parent / "notebooks" / lesson, tmp_path / lesson)
    plain = nbformat.v4.new_notebook()
    nbformat.write(plain, tmp_path / "plain.ipynb")

    async def warmed(session_name: str) -> bool:
        manager = CourseKernelManager(root_dir=str(tmp_path))
        env = {**os.environ, "JPY_SESSION_NAME": session_name}
        kernel_id = await manager.start_kernel(kernel_name="python3", env=env)
        try:
            await asyncio.gather(*CourseKernelManager._warming)
            client = manager.get_kernel(kernel_id).client()
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            code = "import sys; print('certtraining.notebook.warm' in sys.modules)"
            reply = await client.execute_interactive(code, timeout=60, output_hook=seen.append)
            client.stop_channels()
            assert reply["content"]["status"] == "ok"
            printed = "".join(m["content"].get("text", "") for m in seen)
            seen.clear()
            return printed.strip() == "True"
        finally:
            await manager.shutdown_kernel(kernel_id, now=True)

    seen: list[dict] = []
    assert asyncio.run(warmed(str(tmp_path / lesson))) is True
    assert asyncio.run(warmed("plain.ipynb")) is False
