"""The learner app's server process: Voilà with the course's settings and a few routes of its own.

Started by :func:`certtraining.notebook.app.run_app` (``python -m
certtraining.notebook.app_server [--port P] [--no-browser]``). Beside Voilà's own routes:

- ``/`` and Voilà's file tree lead to the home page (a learner never sees a file list);
- ``/certtraining/static/...`` serves the course's stylesheets (``present/static``);
- ``/voila/api/shutdown/<kernel>`` (Voilà's own route, replaced): a closed page's kernel is
  shut down at once (see :class:`_ShutdownOnPageClose`);
- ``/certtraining/fonts.css`` and ``/certtraining/fonts/...`` serve the course's Korean font,
  so Korean renders the same on any machine, with no request leaving the server.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

import tornado.web
from traitlets.config import Config
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

from certtraining.notebook.app import HOME_PATH, app_config, app_folder
from certtraining.notebook.app_routes import course_routes


class _ShutdownOnPageClose(VoilaShutdownKernelHandler):
    """Voilà's page-close request, accepted: a page says goodbye with ``sendBeacon``, which
    carries no ``_xsrf`` token, so Voilà 0.5 refuses it (403, voila-dashboards/voila issue
    1458) and the closed page's kernel lived on until culled. A browser always names the
    page's origin on such a POST and no other site can forge it, so a request from one of the
    app's own pages is let through; anything else still needs the token."""

    def check_xsrf_cookie(self) -> None:
        origin = self.request.headers.get("Origin")
        host = self.request.headers.get("Host")
        if origin and host and urlparse(origin.lower()).netloc == host.lower():
            return None
        return super().check_xsrf_cookie()


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
            (base + r"voila/api/shutdown/(.*)", _ShutdownOnPageClose),
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
