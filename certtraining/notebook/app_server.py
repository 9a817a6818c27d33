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

from certtraining.notebook.app import (
    HOME_PATH,
    STATIC_DIR,
    app_config,
    app_folder,
)
from certtraining.present.fonts import CSS_FAMILY, FILES, font_dir, web_font

FONT_MAX_AGE = 7 * 24 * 3600  # a week; the ETag tells a browser when the font changed


class _FontsCss(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/css; charset=utf-8")
        self.set_header("Cache-Control", f"public, max-age={FONT_MAX_AGE}")
        if font_dir() is None:
            self.finish("")
            return
        rules = [
            f'@font-face {{ font-family: "{CSS_FAMILY}"; font-weight: {weight}; '
            f'src: url("fonts/{name}") format("truetype"); font-display: swap; }}'
            for weight, name in FILES.items()
        ]
        self.finish("\n".join(rules))


class _FontFile(tornado.web.RequestHandler):
    """The course font as a browser accepts it (:func:`certtraining.present.fonts.web_font`),
    made once per server, cached by the browser and revalidated by its ETag."""

    def get(self, name: str) -> None:
        weight = next((w for w, file in FILES.items() if file == name), None)
        if weight is None or font_dir() is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "font/ttf")
        self.set_header("Cache-Control", f"public, max-age={FONT_MAX_AGE}")
        self.finish(web_font(weight))  # tornado answers 304 when the ETag still matches


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
            (
                base + r"certtraining/static/(.*)",
                tornado.web.StaticFileHandler,
                {"path": str(STATIC_DIR)},
            ),
            (base + r"certtraining/fonts\.css", _FontsCss),
            (base + r"certtraining/fonts/([A-Za-z]+\.ttf)", _FontFile),
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
