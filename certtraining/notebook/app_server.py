"""The learner app's server process: Voilà with the course's settings and a few routes of its own.

Started by :func:`certtraining.notebook.app.run_app` (``python -m
certtraining.notebook.app_server [--port P] [--no-browser]``). Beside Voilà's own routes:

- ``/`` and Voilà's file tree lead to the home page (a learner never sees a file list);
- ``/certtraining/static/...`` serves the course's stylesheets (``present/static``);
- ``/certtraining/fonts.css`` and ``/certtraining/fonts/...`` serve the course's Korean font,
  so Korean renders the same on any machine, with no request leaving the server.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import tornado.web
from traitlets.config import Config
from voila.app import Voila

from certtraining.notebook.app import HOME_PATH, app_config, app_folder
from certtraining.notebook.app_routes import course_routes


class CourseApp(Voila):
    """Voilà serving the app folder, with the course's routes in front of its own."""

    name = "certtraining-app"

    def init_handlers(self) -> list:
        base = self.server_url or self.base_url
        home = base + HOME_PATH
        ours: list = [
            (base, tornado.web.RedirectHandler, {"url": home}),
            (base + r"voila/tree(/.*)?", tornado.web.RedirectHandler, {"url": home}),
            *course_routes(base),
        ]
        return ours + super().init_handlers()


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="certtraining app")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--folder", default=None, help="the app folder (default: its own)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    folder = Path(args.folder) if args.folder else app_folder()
    config = Config(app_config(folder, args.port, not args.no_browser))
    app = CourseApp.instance(config=config)
    app.initialize([])
    app.start()


if __name__ == "__main__":
    main()
