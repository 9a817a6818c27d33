"""The course's own Korean font, so charts and handouts never depend on the machine's fonts.

The font is NanumGothic (SIL Open Font License 1.1), shipped by the PyPI package
``koreanize-matplotlib``. We only take its font files by path: importing that package runs
its ``koreanize()`` at import time, which rewrites matplotlib's global ``rcParams`` (the
default font family and ``axes.unicode_minus``) for the whole kernel, and imports the
``distutils`` module that Python 3.12 removed. So the package is located with
``importlib.util.find_spec`` (which does not execute it) and never imported.

- Charts: :func:`register_with_matplotlib` adds the files to matplotlib's font list by path
  (``fontManager.addfont``), so a chart never relies on matplotlib's cached scan of the system
  font folders (which misses fonts installed after its first run).
- The learner app: :func:`web_font` (the whole font, in a form Chromium accepts), served by
  the app's own server.
- Handouts: :func:`font_face_css` makes ``@font-face`` rules holding a WOFF2 subset of the
  font with only the characters a page uses (fontTools' subsetter; brotli compresses WOFF2),
  as ``data:`` URLs: no network, and Korean shows in any browser and in the printed PDF.
"""

from __future__ import annotations

import base64
import importlib.util
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_PACKAGE = "koreanize-matplotlib"
# The family name handouts give the embedded subset; first in --ct-font (course.css).
CSS_FAMILY = "certtraining Korean"
# The family name inside the font files (what matplotlib knows it by).
MATPLOTLIB_FAMILY = "NanumGothic"
FILES = {400: "NanumGothic.ttf", 700: "NanumGothicBold.ttf"}
# Handouts embed the regular weight only and let the browser embolden it for bold text:
# a second weight would double both the bytes per page and the subsetting time (WOFF2's
# glyph transform is pure Python, about a second per weight and page on a busy machine).
HANDOUT_WEIGHTS = (400,)


@lru_cache(maxsize=1)
def font_dir() -> Path | None:
    """The folder of the shipped font files, or None when the package is not installed."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    return folder if all((folder / name).is_file() for name in FILES.values()) else None


def font_path(weight: int = 400) -> Path | None:
    folder = font_dir()
    return folder / FILES[weight] if folder else None


def missing_font_message() -> str:
    return (
        f"한글 글꼴 패키지({FONT_PACKAGE})가 설치되어 있지 않습니다. "
        f"pip install {FONT_PACKAGE} / the Korean font package {FONT_PACKAGE} is not installed"
    )


_registered = False


def register_with_matplotlib() -> list[str]:
    """Add the course font to matplotlib by file path; the font families a chart should use.

    Safe to call for every chart: the files are added once per process.
    """
    global _registered
    families = ["DejaVu Sans"]
    if font_dir() is None:
        return families
    if not _registered:
        from matplotlib import font_manager

        for weight in FILES:
            font_manager.fontManager.addfont(str(font_path(weight)))
        _registered = True
    return [MATPLOTLIB_FAMILY, *families]


@lru_cache(maxsize=2)
def _font_bytes(weight: int) -> bytes:
    """The font file, read once per process (each subset starts from these bytes)."""
    path = font_path(weight)
    if path is None:
        raise FileNotFoundError(missing_font_message())
    return path.read_bytes()


# Tables a browser never uses: the hinting editor's (VTT) sources and the signature. The
# shipped NanumGothic files carry an empty TSI3, and Chromium's font sanitizer (OTS) refuses
# the whole file for it ("TSI3: zero-length table"), so a page would fall back to another font.
EDITOR_TABLES = ("TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG")


@lru_cache(maxsize=2)
def web_font(weight: int = 400) -> bytes:
    """The whole font as a browser accepts it: the TrueType file without
    :data:`EDITOR_TABLES`, every glyph kept (the learner app's pages show text the kernel
    makes as they go, so no subset could know their characters). Tables are copied as they
    are, so this takes a fraction of a second."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(_font_bytes(weight)), lazy=True)
    for tag in EDITOR_TABLES:
        if tag in font:
            del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=64)
def woff2_subset(characters: frozenset[str], weight: int = 400) -> bytes:
    """A WOFF2 font with the glyphs of ``characters`` only (cached: both copies of a
    handout and rebuilds in one process reuse it)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []  # Hangul needs no shaping; keeps the subset small and fast
    options.hinting = False  # screens and printers render unhinted outlines well
    options.notdef_outline = True
    options.drop_tables += list(EDITOR_TABLES)
    font = TTFont(io.BytesIO(_font_bytes(weight)), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(characters)))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


# Templates put this comment inside a <style> element; :func:`embed_font` replaces it with
# the page's @font-face rules once the page's text is known.
FONT_FACE_SLOT = "/* certtraining: @font-face rules of this page */"


@dataclass(frozen=True)
class FontFace:
    """``@font-face`` rules for one page and the bytes of font data they embed."""

    css: str
    font_bytes: int

    @property
    def added_bytes(self) -> int:
        """What the rules add to the page (base64 makes the font data a third larger)."""
        return len(self.css.encode("utf-8"))


def page_characters(text: str) -> frozenset[str]:
    """The characters a page can show: every non-ASCII-control character in its source.

    The whole HTML is scanned (not only its text nodes) so strings the page's script
    inserts later and CSS ``content:`` strings are covered too; markup adds only ASCII,
    which is a few dozen glyphs.
    """
    return frozenset(c for c in text if c >= " ")


def font_face_css(text: str) -> FontFace:
    """``@font-face`` rules (:data:`HANDOUT_WEIGHTS`) for the characters of ``text``."""
    if font_dir() is None:
        return FontFace(f"/* {missing_font_message()} */", 0)
    characters = page_characters(text)
    rules = []
    total = 0
    for weight in HANDOUT_WEIGHTS:
        data = woff2_subset(characters, weight)
        total += len(data)
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(
            "@font-face {\n"
            f'  font-family: "{CSS_FAMILY}";\n'
            f"  font-weight: {weight};\n"
            "  font-style: normal;\n"
            f'  src: url("data:font/woff2;base64,{encoded}") format("woff2");\n'
            "}"
        )
    header = (
        f"/* NanumGothic (SIL Open Font License 1.1), subset to the {len(characters)} "
        "characters of this page */"
    )
    return FontFace("\n".join([header, *rules]), total)


def embed_font(page: str) -> tuple[str, FontFace]:
    """The page with its font slot filled by the subset of the characters it uses."""
    if FONT_FACE_SLOT not in page:
        return page, FontFace("", 0)
    face = font_face_css(page.replace(FONT_FACE_SLOT, ""))
    return page.replace(FONT_FACE_SLOT, face.css, 1), face
