"""Small helpers shared by test modules."""

from __future__ import annotations

import os

import pytest


def require_all() -> bool:
    return os.environ.get("CERTTRAINING_REQUIRE_ALL") == "1"


def skip_unless_available(available: bool, reason: str) -> None:
    """Skip with a reason on a user's machine; fail in CI, which must never pass by skipping."""
    if available:
        return
    if require_all():
        pytest.fail(f"CERTTRAINING_REQUIRE_ALL=1 but {reason}")
    pytest.skip(reason)


# Chromium ($CERTTRAINING_CHROMIUM, default Debian's: certtraining.settings.chromium_path),
# driven by Playwright (its own browser download does not work here); these flags keep it
# from reaching for Google's hosts on a machine with no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
