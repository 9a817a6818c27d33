"""Where the course finds its content and keeps per-user files."""

from __future__ import annotations

import os
from pathlib import Path

from certtraining.errors import UserError

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_ENV = "CERTTRAINING_DATA"
KEYS_ENV = "CERTTRAINING_KEYS"
CHROMIUM_ENV = "CERTTRAINING_CHROMIUM"
CACHE_ENV = "CERTTRAINING_CACHE_DIR"
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")  # Debian's package
_ON = {"", "on", "1", "true", "yes"}
_OFF = {"off", "0", "false", "no"}


def default_data_dir() -> Path:
    """Content folder: $CERTTRAINING_DATA, else the copy inside an installed wheel, else the repo's."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    return bundled_data_dir()


def bundled_data_dir() -> Path:
    """The content that ships with the package: inside an installed wheel, else the repo's."""
    bundled = PACKAGE_DIR / "data"
    if bundled.is_dir():
        return bundled
    return PACKAGE_DIR.parent / "data"


class SettingError(UserError, ValueError):
    """A ``CERTTRAINING_*`` variable with a value the course cannot use."""


def answer_keys_wanted() -> bool:
    """Whether content loads with its answer keys: $CERTTRAINING_KEYS, ``on`` unless ``off``.

    A learner's server on a class server sets ``CERTTRAINING_KEYS=off``: lessons still
    render, and answers are checked where the keys are kept.
    """
    value = os.environ.get(KEYS_ENV, "").strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    raise SettingError(
        f"{KEYS_ENV} 값은 on 또는 off 여야 합니다 (지금: {value!r}) / "
        f"{KEYS_ENV} must be on or off, got {value!r}"
    )


def user_data_dir() -> Path:
    """Per-user folder for the progress database and the remembered learner name."""
    from platformdirs import user_data_path

    return user_data_path("certtraining", appauthor=False)


def content_cache_dir() -> Path:
    """Where the validated course is cached between kernels: $CERTTRAINING_CACHE_DIR, else the
    user cache folder (``~/.cache/certtraining`` on Linux)."""
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("certtraining", appauthor=False)


def notebooks_dir() -> Path:
    """The lessons folder in a source checkout (``make lab`` runs from one)."""
    return PACKAGE_DIR.parent / "notebooks"


def shipped_course_dir() -> Path:
    """The lessons as this version ships them: inside an installed wheel, else the checkout's.

    The wheel carries ``notebooks/`` as ``certtraining/course/`` (pyproject.toml);
    ``certtraining init`` copies from here into a learner's working folder.
    """
    bundled = PACKAGE_DIR / "course"
    if bundled.is_dir():
        return bundled
    return notebooks_dir()


def in_source_checkout() -> bool:
    """Whether this package runs from a checkout (``notebooks/`` and ``pyproject.toml`` beside it)."""
    if (PACKAGE_DIR / "course").is_dir():
        return False
    return notebooks_dir().is_dir() and (PACKAGE_DIR.parent / "pyproject.toml").is_file()


def chromium_path() -> Path:
    """The Chromium every browser test, benchmark and handout PDF print starts:
    $CERTTRAINING_CHROMIUM, else Debian's. Pointing it at a missing path is how the
    fresh-machine CI job hides an installed Chromium."""
    override = os.environ.get(CHROMIUM_ENV, "").strip()
    return Path(override).expanduser() if override else DEFAULT_CHROMIUM


def chromium_missing_reason() -> str | None:
    """Why Chromium cannot be started (in words for a skip message), or None when it can."""
    path = chromium_path()
    if path.is_file() and os.access(path, os.X_OK):
        return None
    if os.environ.get(CHROMIUM_ENV, "").strip():
        return f"no Chromium at {path} (set by {CHROMIUM_ENV})"
    return f"no Chromium at {path} (apt-get install chromium, or set {CHROMIUM_ENV})"
