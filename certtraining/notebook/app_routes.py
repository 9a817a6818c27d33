"""The learner app's own routes, shared by the laptop app and the class server's extension.

The app's page template links ``<base>certtraining/static/...`` (the course's stylesheets,
``present/static``) and ``<base>certtraining/fonts.css`` with ``<base>certtraining/fonts/...``
(the course's Korean font), so Korean renders the same on any machine with no request leaving
the server. :mod:`certtraining.notebook.app_server` (``certtraining app``) and
:mod:`certtraining.notebook.app_extension` (Voilà inside a learner's hub server) both mount
exactly these, so one template serves both.
"""

from __future__ import annotations

import tornado.web

from certtraining.present.fonts import CSS_FAMILY, FILES, font_dir
from certtraining.present.stylesheet import STATIC_DIR


class FontsCss(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/css; charset=utf-8")
        if font_dir() is None:
            self.finish("")
            return
        rules = [
            f'@font-face {{ font-family: "{CSS_FAMILY}"; font-weight: {weight}; '
            f'src: url("fonts/{name}") format("truetype"); font-display: swap; }}'
            for weight, name in FILES.items()
        ]
        self.finish("\n".join(rules))


def course_routes(base: str) -> list:
    """Stylesheets and font under ``base`` (a server's base URL, ending in ``/``).

    Public package files only (no learner data), so they need no login, like Voilà's own
    static files."""
    routes: list = [
        (
            base + r"certtraining/static/(.*)",
            tornado.web.StaticFileHandler,
            {"path": str(STATIC_DIR)},
        ),
        (base + r"certtraining/fonts\.css", FontsCss),
    ]
    fonts = font_dir()
    if fonts is not None:
        routes.append(
            (
                base + r"certtraining/fonts/(.*\.ttf)",
                tornado.web.StaticFileHandler,
                {"path": str(fonts)},
            )
        )
    return routes
