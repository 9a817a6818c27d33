"""Test-wide set-up that nbval's kernels inherit too (they start from this process).

Every run gets a throw-away progress database, the demo learner and a private user-data
folder, so no test or notebook run ever touches a real learner's progress (GUIDE).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_SCRATCH = Path(tempfile.mkdtemp(prefix="certtraining-test-"))
os.environ["CERTTRAINING_DB"] = f"sqlite:///{_SCRATCH / 'progress.db'}"
os.environ["CERTTRAINING_LEARNER"] = "demo-learner"
os.environ["XDG_DATA_HOME"] = str(_SCRATCH / "xdg-data")
os.environ.pop("JUPYTERHUB_USER", None)
os.environ.pop("CERTTRAINING_DATA", None)

REPO = Path(__file__).resolve().parent


@pytest.fixture
def repo() -> Path:
    return REPO
