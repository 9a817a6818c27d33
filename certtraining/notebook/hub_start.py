"""A learner's single-user server on the class server, started with the course ready in it.

``python -m certtraining.notebook.hub_start --lessons DIR -- jupyterhub-singleuser [ARGS...]``
is the hub's ``Spawner.cmd`` (``deploy/jupyterhub/jupyterhub_config.py``). Before it replaces
itself with the server (so the hub watches the server's own process id), it

- copies or updates the learner's own lessons in ``~/DIR`` (``certtraining init``: a lesson the
  learner changed is never overwritten);
- writes the code-free app's pages into ``~/DIR/app`` (rewritten at every start, like
  ``certtraining app`` does), so the hub can send learners straight into the app;
- puts the app's page template on the Jupyter path and adds the app's Voilà settings.

A failure in the first two is reported in the server's log and the server starts anyway: the
learner still gets JupyterLab and the lessons she has.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from certtraining.errors import UserError
from certtraining.notebook.app import APP_SUBDIR, app_environment, hub_server_args


def prepare(lessons: Path) -> None:
    from certtraining.notebook.build import build_app
    from certtraining.notebook.workspace import init_workspace

    for step in (lambda: init_workspace(lessons), lambda: build_app(lessons / APP_SUBDIR)):
        try:
            step()
        except (UserError, OSError) as exc:
            print(f"certtraining: {exc}", file=sys.stderr)


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    if "--" not in argv:
        raise SystemExit("usage: hub_start --lessons DIR -- SERVER [ARGS...]")
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="certtraining-hub-start")
    parser.add_argument("--lessons", default="certtraining", help="under the home folder")
    return parser.parse_args(argv[:split]), argv[split + 1 :]


def main(argv: list[str] | None = None) -> None:
    args, server = parse(sys.argv[1:] if argv is None else argv)
    if not server:
        raise SystemExit("hub_start: no server command after --")
    prepare(Path.home() / args.lessons)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(server[0], [*server, *hub_server_args()], app_environment())


if __name__ == "__main__":
    main()
