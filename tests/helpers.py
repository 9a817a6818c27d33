"""Small helpers shared by test modules."""

from __future__ import annotations

import html
import os

import pytest

from certtraining.present.markup import inline_html, to_html, to_text


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


def rendered_forms(text: str) -> set[str]:
    """The ways a content text can appear once rendered: plain, escaped, HTML."""
    line = " ".join(to_text(text).split())
    return {
        line,
        html.escape(line, quote=False),
        inline_html(" ".join(text.split())),
        to_html(text),
    }
