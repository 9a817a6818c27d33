"""The course's kernel manager: the server's own, plus a head start for the course's kernels.

Each kernel started for one of the course's pages begins importing the course at once
(:mod:`certtraining.notebook.warm`): in the learner app while the browser is still loading
the page, in ``certtraining lab`` while the learner reads the lesson before Run All. The
page's cells then find the course loaded. Kernels of closed app pages are shut down by Voilà
(the page's unload request) or culled (see :func:`certtraining.notebook.app.app_config`).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from urllib.parse import unquote, urlparse

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

RENDER_PATH = "/voila/render/"


def is_course_page(request_url: str | None, root: Path) -> bool:
    """Whether a page request is for one of the app's own pages (the notebooks the app builds
    carry ``metadata.certtraining.app``): only those are warmed, so any other notebook, such
    as the benchmark's one-cell baseline, runs exactly as Voilà alone would run it."""
    path = unquote(urlparse(request_url or "").path)
    if RENDER_PATH not in path:
        return False
    return "app" in _course_metadata(path.split(RENDER_PATH, 1)[1], root)


def is_lesson_notebook(session_name: str | None, root: Path) -> bool:
    """Whether a JupyterLab session (``JPY_SESSION_NAME``: the notebook's path, absolute or
    under the server's root) is one of the course's lessons (``metadata.certtraining.lesson``).
    Any other notebook, such as a benchmark's baseline, runs exactly as it would without."""
    return bool(session_name) and "lesson" in _course_metadata(str(session_name), root)


def _course_metadata(path: str, root: Path) -> dict:
    """A notebook's ``metadata.certtraining`` ({} for anything else: a notebook outside
    ``root``, a file that is not a notebook or cannot be read)."""
    root = root.resolve()
    notebook = (root / path).resolve()
    if not notebook.is_relative_to(root) or notebook.suffix != ".ipynb":
        return {}
    try:
        metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return {}
    course = metadata.get("certtraining") if isinstance(metadata, dict) else None
    return course if isinstance(course, dict) else {}


WARM_CODE = "__import__('certtraining.notebook.warm', fromlist=['start']).start()"
WARM_TIMEOUT_SECONDS = 60


class CourseKernelManager(AsyncMappingKernelManager):
    """The server's kernel manager, plus: each new kernel of an app page or a lesson starts
    importing the course at once (:mod:`certtraining.notebook.warm`)."""

    _warming: set[asyncio.Task] = set()

    async def start_kernel(self, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
        kernel_id = await super().start_kernel(*args, **kwargs)
        env = kwargs.get("env") or {}
        root = Path(self.root_dir)
        course = is_course_page(env.get("VOILA_REQUEST_URL"), root) or is_lesson_notebook(
            env.get("JPY_SESSION_NAME"), root
        )
        if not course:
            return kernel_id
        task = asyncio.get_running_loop().create_task(self._warm(kernel_id))
        self._warming.add(task)  # keep a reference until it is done
        task.add_done_callback(self._warming.discard)
        return kernel_id

    async def _warm(self, kernel_id: str) -> None:
        """Ask the kernel to start its warm-up thread; a failure only costs the head start."""
        try:
            manager = self.get_kernel(kernel_id)
            # A session of its own: a client sharing the manager's session would share its
            # socket identity, and the kernel's replies to Voilà's client could come here.
            session = manager.session.clone()
            session.session = str(uuid.uuid4())
            client = manager.client(session=session)
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=WARM_TIMEOUT_SECONDS)
                client.execute(WARM_CODE, silent=True, store_history=False)
                await client.get_shell_msg(timeout=WARM_TIMEOUT_SECONDS)
            finally:
                client.stop_channels()
        except Exception as exc:  # noqa: BLE001 - the kernel works without its head start
            self.log.warning("Kernel %s was not warmed: %r", kernel_id, exc)
