"""Test-wide set-up that nbval's kernels inherit too (they start from this process).

Every run gets a throw-away progress database, the demo learner and a private user-data
folder, so no test or notebook run ever touches a real learner's progress (GUIDE).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

_SCRATCH = Path(tempfile.mkdtemp(prefix="certtraining-test-"))
os.environ["CERTTRAINING_DB"] = f"sqlite:///{_SCRATCH / 'progress.db'}"
os.environ["CERTTRAINING_LEARNER"] = "demo-learner"
os.environ["XDG_DATA_HOME"] = str(_SCRATCH / "xdg-data")
os.environ["CERTTRAINING_CACHE_DIR"] = str(_SCRATCH / "content-cache")
os.environ.pop("JUPYTERHUB_USER", None)
os.environ.pop("CERTTRAINING_DATA", None)

REPO = Path(__file__).resolve().parent

# Tests never assert on wall-clock time: Hypothesis' per-example deadline would fail a property
# test on a loaded machine (the first example also pays for loading the content).
settings.register_profile(
    "certtraining", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("certtraining")
_SESSION_DB = os.environ["CERTTRAINING_DB"]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Each notebook nbval runs starts from an empty store of its own, as `make notebooks` does.

    Its committed outputs were made that way; a store shared with the unit tests would carry
    their records into the progress bar and review list. The kernel starts at the notebook's
    first cell and inherits the variable, so it is set before nbval's own setup runs.
    """
    path = Path(str(item.path))
    if path.suffix == ".ipynb":
        os.environ["CERTTRAINING_DB"] = (
            f"sqlite:///{_SCRATCH / f'{path.parent.name}-{path.stem}.db'}"
        )
    else:
        os.environ["CERTTRAINING_DB"] = _SESSION_DB


@pytest.fixture
def repo() -> Path:
    return REPO
