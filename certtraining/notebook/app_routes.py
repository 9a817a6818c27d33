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

from certtraining.present.fonts import CSS_FAMILY, FILES, font_dir, web_font
from certtraining.present.stylesheet import STATIC_DIR

FONT_MAX_AGE = 7 * 24 * 3600  # a week; the ETag tells a browser when the font changed


class FontsCss(tornado.web.RequestHandler):
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


class FontFile(tornado.web.RequestHandler):
    """The course font as a browser accepts it (:func:`certtraining.present.fonts.web_font`),
    made once per server, cached by the browser and revalidated by its ETag."""

    def get(self, name: str) -> None:
        weight = next((w for w, file in FILES.items() if file == name), None)
        if weight is None or font_dir() is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "font/ttf")
        self.set_header("Cache-Control", f"public, max-age={FONT_MAX_AGE}")
        self.finish(web_font(weight))  # tornado answers 304 when the ETag still matches


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
        (base + r"certtraining/fonts/([A-Za-z]+\.ttf)", FontFile),
    ]
    return routes
