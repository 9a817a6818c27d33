"""Where the course finds its content and keeps per-user files."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_ENV = "CERTTRAINING_DATA"


def default_data_dir() -> Path:
    """Content folder: $CERTTRAINING_DATA, else the copy inside an installed wheel, else the repo's."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    bundled = PACKAGE_DIR / "data"
    if bundled.is_dir():
        return bundled
    return PACKAGE_DIR.parent / "data"


def user_data_dir() -> Path:
    """Per-user folder for the progress database and the remembered learner name."""
    from platformdirs import user_data_path

    return user_data_path("certtraining", appauthor=False)


def notebooks_dir() -> Path:
    """The lessons folder in a source checkout (``make lab`` runs from one)."""
    return PACKAGE_DIR.parent / "notebooks"
