"""The course's one stylesheet (``static/course.css``), read once and made ready to inline.

The file names every colour and the font stack once, as custom properties in ``:root``.
Browsers resolve ``var(--ct-...)`` themselves (handouts include the file whole), but inline
``style`` attributes must carry plain values, and css-inline leaves ``var()`` alone; so
:func:`for_inlining` takes ``:root`` out and writes each variable's value in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
COURSE_CSS = "course.css"
QUIZ_WIDGET_CSS = "quiz-widget.css"

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_ROOT = re.compile(r":root\s*\{([^}]*)\}")
_DECLARATION = re.compile(r"--([\w-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"var\(\s*--([\w-]+)\s*\)")


class StylesheetError(ValueError):
    """A rule names a custom property that ``:root`` does not define."""


@dataclass(frozen=True)
class Stylesheet:
    """A stylesheet's text, its ``:root`` variables, and its rules with the variables filled in."""

    text: str
    variables: dict[str, str]
    rules: str

    def variable(self, name: str) -> str:
        """The value of ``--ct-<name>`` (``variable("warn")``), e.g. for a chart colour."""
        return self.variables[f"ct-{name}"]

    def resolve(self, css: str) -> str:
        """Another stylesheet's rules with this one's variables filled in."""
        return _resolve(_COMMENT.sub("", css), self.variables)


def _resolve(css: str, variables: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            raise StylesheetError(f"undefined custom property --{name}")
        return variables[name]

    return _VAR.sub(value, css)


def parse(text: str) -> Stylesheet:
    """Split ``text`` into its ``:root`` variables and its rules, with ``var()`` resolved."""
    bare = _COMMENT.sub("", text)
    variables: dict[str, str] = {}
    for block in _ROOT.findall(bare):
        for name, value in _DECLARATION.findall(block):
            variables[name] = " ".join(value.split())
    # A variable may name another one; resolve until none is left.
    for name, value in variables.items():
        variables[name] = _resolve(value, variables)
    return Stylesheet(text, variables, _resolve(_ROOT.sub("", bare), variables).strip())


def read(name: str = COURSE_CSS) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def course() -> Stylesheet:
    """The course stylesheet as shipped."""
    return parse(read(COURSE_CSS))
