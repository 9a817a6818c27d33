"""The one class hub of a test session (a pytest plugin: ``pytest_plugins = ["tests.hub_fixture"]``).

Every module that needs the class server (tests/test_class_service.py, the browser suite's
dashboard test) names this plugin, so one JupyterHub with its proxy and progress service
serves the whole run; each module adds the users it needs (:meth:`ClassHub.add_user`).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import skip_unless_available
from tests.hub_server import ClassHub, start_hub


@pytest.fixture(scope="session")
def class_hub() -> Iterator[ClassHub]:
    skip_unless_available(
        shutil.which("configurable-http-proxy", path=str(Path(sys.executable).parent)) is not None,
        "configurable-http-proxy is not installed in this environment",
    )
    hub = start_hub()
    try:
        yield hub
    finally:
        hub.stop()
