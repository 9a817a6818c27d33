"""Render the course's HTML: Jinja2 templates (autoescaped) styled by the one stylesheet.

Templates write class names only. JupyterLab's sanitiser drops ``<style>`` from untrusted
outputs but keeps inline ``style`` attributes, so :func:`render` inlines ``course.css`` into
each fragment with css-inline: the look is defined once, in the stylesheet, and every
output (notebook, widget, handout) carries it. Content text reaches a template either as a
plain string (escaped by Jinja2) or as ``Markup`` built by :mod:`certtraining.present.markup`,
which escapes first; nothing a teacher writes can become markup here.

``name`` is a template file, or ``file:macro`` for one macro of a file of related pieces
(``render("blocks.html.j2:cautions", ...)``).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import css_inline
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from certtraining.present import stylesheet
from certtraining.settings import content_cache_dir

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class _CompiledTemplates(FileSystemBytecodeCache):
    """Compiled templates kept beside the cached course, so a new kernel does not compile them
    again (compiling the progress bar's template alone costs a lesson's first cell ~40 ms).

    Jinja2 checks each entry against the template's source checksum and its own bytecode
    version; an entry it cannot read is treated as missing, and one it cannot write is skipped.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a corrupt entry is compiled again, never fatal
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def _bytecode_cache() -> BytecodeCache | None:
    folder = content_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    bytecode_cache=_bytecode_cache(),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_active: contextvars.ContextVar[stylesheet.Stylesheet | None] = contextvars.ContextVar(
    "certtraining_stylesheet", default=None
)


def active_stylesheet() -> stylesheet.Stylesheet:
    return _active.get() or stylesheet.course()


@contextlib.contextmanager
def using_stylesheet(text: str) -> Iterator[stylesheet.Stylesheet]:
    """Render with another stylesheet for a while (a restyled course, a test)."""
    sheet = stylesheet.parse(text)
    token = _active.set(sheet)
    try:
        yield sheet
    finally:
        _active.reset(token)


def safe(html: str) -> Markup:
    """HTML that :mod:`certtraining.present.markup` or :func:`render` already built."""
    return Markup(html)  # noqa: S704 - callers pass only escaped, rendered HTML


def fragment(name: str, /, **context: Any) -> str:
    """The template's HTML with class names only (to put inside another template).

    Returned as plain ``str``, like :func:`render`: a ``Markup`` would escape whatever
    plain string a caller concatenates to it. Pass it on to a template through :func:`safe`.
    """
    file, _, macro = name.partition(":")
    template = _environment.get_template(file)
    if macro:
        return str(getattr(template.module, macro)(**context)).strip()
    return template.render(**context).strip()


@lru_cache(maxsize=1)
def _inliner() -> css_inline.CSSInliner:
    return css_inline.CSSInliner(
        inline_style_tags=True, keep_style_tags=False, load_remote_stylesheets=False
    )


@lru_cache(maxsize=4096)
def _inline(html: str, rules: str) -> str:
    return _inliner().inline_fragment(html, rules)


def inline(html: str) -> str:
    """``html`` with the active stylesheet's rules written into ``style`` attributes."""
    return _inline(str(html), active_stylesheet().rules)


def render(name: str, /, **context: Any) -> str:
    """A template rendered and inlined: ready for a notebook output or a widget."""
    return inline(fragment(name, **context))


def widget_style(name: str = stylesheet.QUIZ_WIDGET_CSS) -> str:
    """A ``<style>`` element for rules that style what ipywidgets draws (not inlinable)."""
    css = active_stylesheet().resolve(stylesheet.read(name))
    return f"<style>\n{css.strip()}\n</style>"
