"""The learner app inside a learner's own single-user server (a Jupyter server extension).

On a class server Voilà runs as the server extension it ships (``/user/NAME/voila/render/...``),
so the hub's login guards the app and each page's kernel runs as the learner, with her server's
environment: ``JUPYTERHUB_USER`` is the learner and ``CERTTRAINING_DB`` names the progress
service. This extension adds only what the course's page template links beside Voilà's routes:
the stylesheets and the Korean font (:mod:`certtraining.notebook.app_routes`). It is enabled, and
Voilà given the app's settings, by :func:`certtraining.notebook.app.hub_server_args`.
"""

from __future__ import annotations

from typing import Any


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "certtraining.notebook.app_extension"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    from certtraining.notebook.app_routes import course_routes

    web_app = server_app.web_app
    web_app.add_handlers(".*$", course_routes(web_app.settings["base_url"]))
