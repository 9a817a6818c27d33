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
