"""The chart and handout paths on a "fresh machine": run by tests/test_fresh_machine.py (and
once by hand for the screenshots in docs/images/) inside a private mount namespace.

    unshare -m python -m tests.fresh_machine_probe --hide DIR... charts|handout OUT [--shots]

It first mounts an empty tmpfs over every ``--hide`` folder (the folders holding the
machine's CJK fonts, and fontconfig's caches), which only this namespace sees, and refuses to
go on unless ``fc-list :lang=ko`` is then empty. ``MPLCONFIGDIR`` must name an empty folder,
so matplotlib scans the (now font-less) system afresh instead of reading its cached list.
Warnings go to stderr as they would in a notebook; the caller reads stderr and the JSON
summary printed on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

LESSON = "01_issuance.ipynb"


def hide(folders: list[str]) -> None:
    for folder in folders:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", folder], check=True)
    listed = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout
    if listed.strip():
        sys.exit(f"Korean fonts still visible after hiding {folders}:\n{listed}")


def charts(out: Path, shots: bool) -> dict[str, object]:
    from matplotlib import font_manager

    from certtraining.notebook import instructor

    system = sorted({f.name for f in font_manager.fontManager.ttflist})
    made = {
        "score_distribution": instructor.show_score_distribution(),
        "mastery_by_section": instructor.show_mastery_by_section(),
    }
    for name, chart in made.items():
        (out / f"{name}.png").write_bytes(chart.png)
    if shots:
        (out / "fresh-machine-chart.png").write_bytes(made["mastery_by_section"].png)
    return {"system_fonts": system, "charts": sorted(made)}


def pdf_fonts(pdf: Path) -> list[dict[str, object]]:
    """Every font the PDF's pages use: its name and whether its program is embedded."""
    from pypdf import PdfReader

    found: dict[str, bool] = {}
    for page in PdfReader(pdf).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            inner = descendants.get_object()[0].get_object() if descendants else font
            descriptor = inner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return [{"name": name, "embedded": embedded} for name, embedded in sorted(found.items())]


def handout(out: Path, shots: bool) -> dict[str, object]:
    """Lesson 01's learner handout as printed. The saved outputs are used (the notebook is not
    executed: test_notebooks_current keeps them current) except for the screenshot."""
    from pypdf import PdfReader

    from certtraining.handout.build import HandoutCopy, build_handouts
    from certtraining.settings import chromium_path, notebooks_dir
    from tests.helpers import CHROMIUM_ARGS

    sizes: dict[str, int] = {}
    build_handouts(
        [notebooks_dir() / LESSON],
        [HandoutCopy(out)],
        execute=shots,
        on_written=lambda path, font_bytes: sizes.__setitem__(path.name, font_bytes),
    )
    page_path = out / LESSON.replace(".ipynb", ".html")
    pdf = out / "handout.pdf"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            page.evaluate("document.fonts.ready")
            if shots:
                page.screenshot(path=str(out / "fresh-machine-handout.png"))
            page.emulate_media(media="print")
            page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    return {
        "font_bytes": sizes,
        "pdf_fonts": pdf_fonts(pdf),
        "hangul_in_pdf_text": len(re.findall(r"[가-힣]", text)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hide", nargs="*", default=[])
    parser.add_argument("what", choices=["charts", "handout"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shots", action="store_true")
    args = parser.parse_args()
    config = os.environ.get("MPLCONFIGDIR")
    if not config or any(Path(config).iterdir()):
        sys.exit("MPLCONFIGDIR must name an empty folder")
    hide(args.hide)
    warnings.simplefilter("default")  # every warning reaches stderr, once
    result = (
        charts(args.out, args.shots) if args.what == "charts" else handout(args.out, args.shots)
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
