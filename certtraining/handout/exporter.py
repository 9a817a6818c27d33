"""``certtraining_handout``: the nbconvert exporter behind ``certtraining handouts``.

Registered as an nbconvert entry point, so ``jupyter nbconvert --to certtraining_handout
notebooks/01_issuance.ipynb`` builds the same learner handout the CLI does, and
``--HandoutExporter.answers=True`` the instructor copy. The page comes from the project's
own template (``templates/certtraining_handout``) with its CSS and script inlined, and a
subset of the course's Korean font (only the glyphs the page uses) embedded as WOFF2: a
handout opens from disk with no network at all, and shows Korean with no system font.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import Bool, default

from certtraining.handout.preprocessors import HANDOUT_PREPROCESSORS
from certtraining.notebook.build import LAB_ONLY_TAG
from certtraining.present.fonts import FONT_FACE_SLOT, embed_font
from certtraining.present.markup import inline_html, to_text
from certtraining.present.stylesheet import read as read_stylesheet

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "certtraining_handout"


class HandoutExporter(HTMLExporter):
    """A lesson notebook as a self-contained, print-ready HTML handout."""

    export_from_notebook = "Certtraining handout"

    answers = Bool(
        False,
        help="Instructor copy: answers and explanations under each question, the lesson's "
        "instructor notes, and an answer key at the end.",
    ).tag(config=True)

    @default("template_name")
    def _template_name_default(self) -> str:
        return TEMPLATE_NAME

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self) -> list[str]:
        return [str(TEMPLATES_DIR)]

    @default("language_code")
    def _language_code_default(self) -> str:
        return "ko"

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        self.register_preprocessor(
            TagRemovePreprocessor(parent=self, remove_cell_tags={LAB_ONLY_TAG}), enabled=True
        )
        for preprocessor in HANDOUT_PREPROCESSORS:
            self.register_preprocessor(preprocessor(parent=self), enabled=True)

    def _init_resources(self, resources: Any) -> Any:
        resources = super()._init_resources(resources)
        state = resources.setdefault("handout", {})
        state.update(
            answers=self.answers, course_css=read_stylesheet(), font_face_slot=FONT_FACE_SLOT
        )
        return resources

    def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> tuple[str, Any]:
        """The page, then its font: the subset needs every character the page shows."""
        output, resources = super().from_notebook_node(nb, resources, **kw)
        output, face = embed_font(output)
        resources["handout"]["font_bytes"] = face.added_bytes
        self.log.debug("embedded Korean font subset: %d bytes", face.added_bytes)
        return output, resources

    def default_filters(self) -> Any:
        yield from super().default_filters()
        yield ("content_inline", inline_html)
        yield ("content_text", to_text)
