"""Korean charts and handouts on a machine with no Korean font at all.

The machine's CJK fonts are hidden, not uninstalled: tests/fresh_machine_probe.py runs in a
private mount namespace (``unshare -m``) with an empty tmpfs over every folder holding one,
and an empty ``MPLCONFIGDIR``. Pointing fontconfig elsewhere would not do: matplotlib scans
the font folders itself. Without ``unshare`` or the right to mount, these tests skip with the
reason (and fail under ``CERTTRAINING_REQUIRE_ALL=1``). The probe's Chromium is
``CERTTRAINING_CHROMIUM``'s, like every browser test's.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from certtraining.settings import chromium_missing_reason
from tests.helpers import skip_unless_available

REPO = Path(__file__).resolve().parent.parent
GLYPH_WARNING = "missing from font"


def korean_font_folders() -> list[str]:
    """Every folder holding a font fontconfig says covers Korean, and fontconfig's caches."""
    listed = subprocess.run(
        ["fc-list", ":lang=ko", "file"], capture_output=True, text=True
    ).stdout.splitlines()
    folders = {str(Path(line.split(":")[0].strip()).parent) for line in listed if line.strip()}
    caches = [Path("/var/cache/fontconfig"), Path.home() / ".cache" / "fontconfig"]
    folders |= {str(c) for c in caches if c.is_dir()}
    return sorted(folders)


def _unshare() -> list[str]:
    # As root a mount namespace is enough; otherwise map ourselves to root in a user namespace.
    return ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-r", "-m"]


@functools.cache
def namespace_missing_reason() -> str | None:
    if not shutil.which("unshare") or not shutil.which("mount") or not shutil.which("fc-list"):
        return "hiding fonts needs unshare, mount and fc-list (util-linux, fontconfig)"
    probe = subprocess.run(
        [*_unshare(), "mount", "-t", "tmpfs", "tmpfs", "/mnt"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        return f"no private mount namespace here (root or user namespaces): {probe.stderr.strip()}"
    return None


def run_probe(what: str, tmp_path: Path) -> tuple[dict[str, object], str]:
    reason = namespace_missing_reason()
    skip_unless_available(reason is None, reason or "")
    config, out = tmp_path / "mplconfig", tmp_path / "out"
    config.mkdir()
    out.mkdir()
    env = {**os.environ, "MPLCONFIGDIR": str(config), "PYTHONPATH": str(REPO)}
    command = [*_unshare(), sys.executable, "-m", "tests.fresh_machine_probe"]
    done = subprocess.run(
        [*command, "--hide", *korean_font_folders(), "--", what, str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def test_charts_draw_korean_with_no_system_font(tmp_path: Path) -> None:
    result, stderr = run_probe("charts", tmp_path)
    assert not any("CJK" in name or "Nanum" in name for name in result["system_fonts"]), (
        "the fonts were not hidden: matplotlib found a Korean system font"
    )
    assert GLYPH_WARNING not in stderr, stderr
    assert "Warning" not in stderr, stderr
    assert result["charts"] == ["mastery_by_section", "score_distribution"]


@pytest.mark.slow
def test_printed_handout_embeds_its_korean_font_with_no_system_font(tmp_path: Path) -> None:
    missing = chromium_missing_reason()
    if missing is None and importlib.util.find_spec("playwright") is None:
        missing = "printing needs the playwright package (pip install -e '.[test]')"
    skip_unless_available(missing is None, f"printing a handout needs Chromium: {missing}")
    result, stderr = run_probe("handout", tmp_path)
    assert GLYPH_WARNING not in stderr, stderr
    sizes = result["font_bytes"]
    assert sizes["01_issuance.html"] > 10_000, sizes  # the subset is really in the page
    print(f"Korean font subset per handout: {sizes}")
    korean = [f for f in result["pdf_fonts"] if "NanumGothic" in f["name"]]
    assert korean, f"no NanumGothic in the PDF's fonts: {result['pdf_fonts']}"
    assert all(f["embedded"] for f in korean), korean
    assert result["hangul_in_pdf_text"] > 500


def test_chromium_setting_names_the_browser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from certtraining.settings import CHROMIUM_ENV, DEFAULT_CHROMIUM, chromium_path

    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    assert chromium_path() == DEFAULT_CHROMIUM
    missing = tmp_path / "no-chromium"
    monkeypatch.setenv(CHROMIUM_ENV, str(missing))
    assert chromium_path() == missing
    assert str(missing) in (chromium_missing_reason() or "")
    not_executable = tmp_path / "chromium"
    not_executable.write_text("")
    monkeypatch.setenv(CHROMIUM_ENV, str(not_executable))
    assert chromium_missing_reason() is not None
    monkeypatch.setenv(CHROMIUM_ENV, sys.executable)  # any executable file is taken as given
    assert chromium_missing_reason() is None
