"""The handout pipeline as small ordered nbconvert preprocessors (the way nbgrader builds its
converters): each does one thing to the notebook and can be read and tested alone.

Order (``HANDOUT_PREPROCESSORS``): find the lesson, drop code, render quizzes, replace other
widgets, add instructor notes, reduce every output to one piece of HTML, render Markdown
cells and mark where sections start, point links between lessons at the sibling handouts.
What the template needs lands in
``resources["handout"]``.
"""

from __future__ import annotations

import base64
import html
import re
from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode, from_dict

from certtraining.handout import bank, markdown, widgets
from certtraining.handout.quiz import answer_key_html, quiz_html
from certtraining.present.mime import QUESTION_MIME, WIDGET_MIME, WIDGET_VIEW_MIME

HTML = "text/html"


def handout_state(resources: dict[str, Any]) -> dict[str, Any]:
    """The handout's own corner of nbconvert's resources (created by the exporter)."""
    return resources.setdefault("handout", {"answers": False})


def html_output(fragment: str) -> NotebookNode:
    """A display output holding only our HTML: what the template prints as is."""
    return from_dict({"output_type": "display_data", "data": {HTML: fragment}, "metadata": {}})


class LessonInfoPreprocessor(Preprocessor):
    """Which lesson this is (notebook metadata ``certtraining.notebook.lesson``), for the page title."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[Any, Any]:
        from certtraining.content import load_content

        state = handout_state(resources)
        content = load_content()
        state["course_title"] = content.course.title
        state["course_version"] = content.course.version
        state["handout_id"] = str(resources.get("metadata", {}).get("name", "") or "handout")
        lesson_id = nb.metadata.get("certtraining", {}).get("lesson")
        titles = [t for c in nb.cells if c.cell_type == "markdown" for t in _h1(c.source)]
        state["lesson_id"] = lesson_id
        state["title"] = titles[0] if titles else resources.get("metadata", {}).get("name", "")
        for index, lesson in enumerate(content.lessons):
            if lesson.id == lesson_id:
                state["title"] = lesson.title
                state["number"] = f"{index:02d}"
                state["minutes"] = (
                    f"설명 {lesson.minutes.teaching}분 · 실습 {lesson.minutes.exercises}분"
                )
        return nb, resources


def _h1(source: str) -> list[str]:
    return [title for level, title, _ in markdown.headings(source) if level == 1]


class RemoveCodePreprocessor(Preprocessor):
    """Learners never see code: sources and prompts go, outputs stay; errors become a note
    (a handout should not carry a traceback, but nothing is dropped without a trace)."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[Any, Any]:
        if cell.cell_type == "code":
            cell.source = ""
            cell.execution_count = None
            outputs = []
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    outputs.append(
                        html_output(
                            widgets.note_html(
                                "이 부분은 노트북을 실행할 때 오류가 나서 내용을 보여 줄 수 없습니다. "
                                f"({output.get('ename', '')})",
                                "error",
                            )
                        )
                    )
                elif output.output_type == "execute_result":
                    output.execution_count = None
                    outputs.append(output)
                else:
                    outputs.append(output)
            cell.outputs = outputs
        return cell, resources


class QuizPreprocessor(Preprocessor):
    """Outputs carrying the course's question MIME type become static, offline-checkable
    quiz blocks from the question bank; the instructor copy also collects the answer key."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[Any, Any]:
        state = handout_state(resources)
        state.setdefault("key_entries", [])
        self._used_ids: dict[str, int] = {}
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            outputs = []
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if QUESTION_MIME in data:
                    outputs.append(html_output(self.render(data[QUESTION_MIME], state)))
                elif data.get(WIDGET_MIME, {}).get("kind") == "exam" and bank.exam_ids(
                    data[WIDGET_MIME]
                ):
                    outputs.append(html_output(self.render_exam(data[WIDGET_MIME], state)))
                else:
                    outputs.append(output)
            cell.outputs = outputs
        if state["answers"] and state["key_entries"]:
            state["answer_key"] = answer_key_html(state["key_entries"])
        return nb, resources

    def render(self, payload: dict[str, Any], state: dict[str, Any]) -> str:
        ids = payload.get("question_ids") or [payload.get("question_id")]
        return "".join(self.render_one(str(qid), state) for qid in ids if qid)

    def render_exam(self, payload: dict[str, Any], state: dict[str, Any]) -> str:
        intro = widgets.note_html(
            "최종 평가 문항입니다. JupyterLab에서는 모두 답한 뒤 한꺼번에 제출하고 점수를 받습니다. "
            "이 인쇄물에서는 문항마다 답을 확인할 수 있습니다.",
            "exam",
        )
        return intro + "".join(self.render_one(qid, state) for qid in bank.exam_ids(payload))

    def render_one(self, question_id: str, state: dict[str, Any]) -> str:
        question = bank.handout_question(question_id)
        if question is None:
            return widgets.note_html(
                f"문제 '{question_id}'을(를) 문제 은행에서 찾을 수 없습니다. 강사에게 알려 주세요.",
                "missing-question",
            )
        occurrence = self._used_ids.get(question_id, 0)
        self._used_ids[question_id] = occurrence + 1
        dom_id = f"quiz-{question_id}" + (f"-{occurrence + 1}" if occurrence else "")
        number = len(state["key_entries"]) + 1
        state["key_entries"].append((number, dom_id, question))
        return quiz_html(question, number, dom_id, state["answers"])


class CourseWidgetPreprocessor(Preprocessor):
    """Every other widget output (course widgets by kind, any stray ipywidget, a bare
    ``VBox(...)`` repr) becomes its static rendering or a short Korean note."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[Any, Any]:
        if cell.cell_type == "code":
            cell.outputs = [self.replace(output) for output in cell.get("outputs", [])]
        return cell, resources

    def replace(self, output: NotebookNode) -> NotebookNode:
        data = output.get("data", {})
        if WIDGET_MIME in data:
            kind = str(data[WIDGET_MIME].get("kind", ""))
            if HTML in data and kind not in widgets.LEARNER_STATE_KINDS:
                return html_output(data[HTML])  # the widget's own static rendering
            return html_output(widgets.static_html(data[WIDGET_MIME]))
        if WIDGET_VIEW_MIME in data:
            if HTML in data and not widgets.looks_like_widget_repr(data.get("text/plain", "")):
                return html_output(data[HTML])
            return html_output(widgets.kind_note(""))
        if set(data) == {"text/plain"} and widgets.looks_like_widget_repr(data["text/plain"]):
            return html_output(widgets.kind_note(""))
        return output


class InstructorNotesPreprocessor(Preprocessor):
    """The instructor copy only: the lesson's teaching notes, after the lesson header."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[Any, Any]:
        state = handout_state(resources)
        if not state["answers"] or not state.get("lesson_id"):
            return nb, resources
        notes = bank.instructor_notes_html(state["lesson_id"])
        if notes:
            cell = from_dict(
                {
                    "cell_type": "code",
                    "id": "handout-instructor-notes",
                    "metadata": {},
                    "source": "",
                    "execution_count": None,
                    "outputs": [html_output(notes)],
                }
            )
            position = _after_objectives(nb)
            nb.cells.insert(position, cell)
        return nb, resources


def _after_objectives(nb: NotebookNode) -> int:
    """Just after the lesson's objectives box, else after the first code cell."""
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    for i in code_cells:
        if any(
            "ct-objectives" in str(o.get("data", {}).get(HTML, "")) for o in nb.cells[i].outputs
        ):
            return i + 1
    return code_cells[0] + 1 if code_cells else len(nb.cells)


class SingleHtmlOutputPreprocessor(Preprocessor):
    """Each output reduced to exactly one HTML fragment, so the template has one case and
    no widget view or script can reach the page; the saved widget state is dropped."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[Any, Any]:
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[Any, Any]:
        if cell.cell_type == "code":
            cell.outputs = [html_output(self.fragment(o)) for o in cell.get("outputs", [])]
        return cell, resources

    def fragment(self, output: NotebookNode) -> str:
        if output.output_type == "stream":
            return f'<pre class="ct-stream">{html.escape(output.get("text", ""))}</pre>'
        data = output.get("data", {})
        if HTML in data:
            return str(data[HTML])
        if "text/markdown" in data:
            return markdown.cell_html(str(data["text/markdown"]))
        for mime in ("image/png", "image/jpeg"):
            if mime in data:
                payload = str(data[mime]).replace("\n", "")
                return f'<img class="ct-figure" alt="그림" src="data:{mime};base64,{payload}">'
        if "image/svg+xml" in data:
            svg = base64.b64encode(str(data["image/svg+xml"]).encode()).decode()
            return f'<img class="ct-figure" alt="그림" src="data:image/svg+xml;base64,{svg}">'
        if "text/plain" in data:
            return f'<pre class="ct-plain">{html.escape(str(data["text/plain"]))}</pre>'
        return widgets.kind_note("")


class SectionPreprocessor(Preprocessor):
    """Markdown cells rendered through the course's markup, and each level-2 heading marked
    as the start of a section. On paper sections flow on from one another (no page of its
    own, which left pages half empty); only a box, a table or a quiz is kept in one piece.
    """

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[Any, Any]:
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            levels = [level for level, _, _ in markdown.headings(cell.source)]
            cell.metadata["handout"] = {
                "html": markdown.cell_html(cell.source),
                "starts_section": bool(levels) and levels[0] == 2,
            }
        return nb, resources


class NotebookLinkPreprocessor(Preprocessor):
    """Links between lessons point at notebooks (``00_intro.ipynb#glossary-otp``); in a
    folder of handouts the same place is the sibling ``.html`` file."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[Any, Any]:
        if cell.cell_type == "markdown":
            handout = cell.metadata.get("handout", {})
            handout["html"] = to_handout_links(handout.get("html", ""))
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.data[HTML] = to_handout_links(output.data[HTML])
        return cell, resources


_NOTEBOOK_HREF = re.compile(
    r'href="((?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+)\.ipynb(#[A-Za-z0-9_-]*)?"'
)


def to_handout_links(fragment: str) -> str:
    return _NOTEBOOK_HREF.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', fragment)


HANDOUT_PREPROCESSORS: list[type[Preprocessor]] = [
    LessonInfoPreprocessor,
    RemoveCodePreprocessor,
    QuizPreprocessor,
    CourseWidgetPreprocessor,
    InstructorNotesPreprocessor,
    SingleHtmlOutputPreprocessor,
    SectionPreprocessor,
    NotebookLinkPreprocessor,
]
