"""``python -m certtraining.service``: what the hub starts as the managed service ``certtraining``.

The hub passes ``JUPYTERHUB_SERVICE_URL`` (where to listen), ``JUPYTERHUB_SERVICE_PREFIX``
and the service's own API token; the database URL is read from ``CERTTRAINING_DB_FILE``.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from urllib.parse import urlparse

from certtraining.errors import UserError


def main() -> int:
    from tornado.ioloop import IOLoop

    from certtraining.service.app import make_app

    try:
        app = make_app()
    except UserError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    where = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    app.listen(where.port or 80, where.hostname or "127.0.0.1", xheaders=True)
    print(f"certtraining service listening on {where.geturl()}", file=sys.stderr, flush=True)
    # What was loaded at start (the course, its keys, the libraries) lives as long as the
    # service: keep it out of the collector's full passes, which otherwise walk all of it
    # and pause every learner's answer while they do.
    gc.collect()
    gc.freeze()
    loop = IOLoop.current()
    # The hub stops its services with SIGTERM: leave quietly (every record is committed).
    signal.signal(signal.SIGTERM, lambda *_: loop.add_callback_from_signal(loop.stop))
    loop.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
