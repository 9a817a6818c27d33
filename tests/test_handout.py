"""Handout pipeline without a browser: exporter, preprocessors, sealing, CLI, index order.

Runs on the fixture course (tests/fixtures/course), with lesson notebooks built from it.
The real-browser checks (offline, clicking answers, printing) are in
``tests/browser/test_handouts.py``.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from certtraining import quiz
from certtraining.cli.main import main
from certtraining.handout import bank, markdown, seal
from certtraining.handout.exporter import HandoutExporter
from certtraining.handout.quiz import quiz_html, sealed_slots
from certtraining.notebook.build import LAB_ONLY_TAG, build_lesson
from certtraining.present.markup import inline_html, to_html, to_text
from tests.fixture_course import fixture_content

pytestmark = pytest.mark.usefixtures("course")

CONTENT = fixture_content()

QUESTION_MIME = "application/vnd.certtraining.question+json"
WIDGET_MIME = "application/vnd.certtraining.widget+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def output(data: dict[str, object]) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data=data)


def notebook_with(outputs: list[nbformat.NotebookNode], heading: str = "# 시험 수업") -> object:
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("secret_source_code()")
    cell.outputs = outputs
    notebook.cells = [nbformat.v4.new_markdown_cell(heading), cell]
    return notebook


def export(notebook: object, answers: bool = False) -> str:
    body, _ = HandoutExporter(answers=answers).from_notebook_node(notebook)
    return body


@pytest.fixture(scope="module")
def notebooks(module_course, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course's lessons as the generator writes them (not executed)."""
    folder = tmp_path_factory.mktemp("notebooks")
    for lesson in module_course.lessons:
        nbformat.write(build_lesson(module_course, lesson), folder / lesson.notebook)
    return folder


# --------------------------------------------------------------------------- sealing


def test_seal_round_trip_and_wrong_key_gives_other_text() -> None:
    sealed = seal.seal("k", "해설: 정답은 둘째입니다.", 64)
    assert seal.unseal("k", sealed) == "해설: 정답은 둘째입니다."
    assert seal.unseal("other", sealed) != "해설: 정답은 둘째입니다."
    assert "정답" not in sealed


@pytest.mark.parametrize("question", CONTENT.questions, ids=lambda q: q.id)
def test_every_question_seals_texts_of_one_size(question: object) -> None:
    handout = bank.handout_question(question.id)
    assert handout is not None
    slots = sealed_slots(handout, "salt")
    assert len({len(s.sealed) for s in slots}) == 1  # no length tells the right option
    assert len(slots) == len(handout.reveals) + 1  # every option, right or wrong, + explanation


# --------------------------------------------------------------------------- quiz blocks


def _visible_texts(question: object) -> list[str]:
    """Texts the learner copy must not carry in readable form."""
    key = quiz.answer_key(question.id)
    texts = [key.explanation] + [f.text for f in key.feedback]
    return [t for t in texts if t]


@pytest.mark.parametrize("question", CONTENT.questions, ids=lambda q: q.id)
def test_learner_block_hides_key_and_instructor_block_shows_it(question: object) -> None:
    handout = bank.handout_question(question.id)
    learner = quiz_html(handout, 1, "quiz-x", answers=False)
    instructor = quiz_html(handout, 1, "quiz-x", answers=True)
    key = quiz.answer_key(question.id)
    for text in _visible_texts(question):
        for form in (to_text(text), inline_html(text), to_html(text)):
            assert form not in learner
        assert inline_html(text) in instructor or to_html(text) in instructor
    assert "정답:" not in learner and "정답:" in instructor
    assert html.escape(key.answer_text) in instructor
    if question.type in ("multiple", "order", "match"):
        assert key.canonical not in learner
    # The right option's (opaque) key appears exactly as often as any other option's key.
    keys = [c.key for c in handout.choices + handout.steps + handout.meanings if len(c.key) > 2]
    assert len({learner.count(k) for k in keys}) <= 1


# --------------------------------------------------------------------------- pipeline


def test_exporter_is_the_registered_nbconvert_entry_point() -> None:
    from nbconvert.exporters import get_exporter

    assert get_exporter("certtraining_handout") is HandoutExporter


def test_code_prompts_widget_reprs_and_errors_never_reach_the_page() -> None:
    notebook = notebook_with(
        [
            output(
                {"text/plain": "VBox(children=(HTML(value=''),))", WIDGET_VIEW: {"model_id": "m"}}
            ),
            output({"text/plain": "Output()"}),
            output({"text/plain": "Output()", WIDGET_MIME: {"kind": "progress"}}),
            output({"text/plain": "Box()", WIDGET_MIME: {"kind": "brand-new-widget"}}),
            output(
                {
                    "text/plain": "x",
                    WIDGET_MIME: {"kind": "simulator"},
                    "text/html": "<p>화면 1</p>",
                }
            ),
            nbformat.v4.new_output(
                "error", ename="ValueError", evalue="bad", traceback=["Traceback (most recent)"]
            ),
        ]
    )
    page = export(notebook)
    assert "secret_source_code" not in page
    assert "VBox(" not in page and "Output()" not in page and "Box()" not in page
    assert "In&nbsp;[" not in page and "jp-InputPrompt" not in page
    assert "진도 막대" in page  # the progress widget's note
    assert "<p>화면 1</p>" in page  # a widget's own static rendering is kept
    # view, repr, progress, unknown kind, error: each a note, none blank
    assert page.count('class="ct-widget-note"') == 5
    assert "오류가 나서" in page and "ValueError" in page and "Traceback" not in page


def test_question_outputs_become_quiz_blocks_and_unknown_ids_a_note() -> None:
    first = quiz.questions()[0]
    notebook = notebook_with(
        [
            output(
                {
                    "text/plain": "VBox()",
                    WIDGET_VIEW: {},
                    QUESTION_MIME: {"question_id": first.id, "mode": "practice"},
                }
            ),
            output(
                {
                    "text/plain": "VBox()",
                    QUESTION_MIME: {"question_id": "q-no-such", "mode": "practice"},
                }
            ),
        ]
    )
    learner, instructor = export(notebook), export(notebook, answers=True)
    assert learner.count('class="ct-quiz"') == 1
    assert "q-no-such" in learner and "찾을 수 없습니다" in learner
    assert 'id="answer-key"' not in learner and 'id="answer-key"' in instructor
    assert re.search(r'data-digest="[0-9a-f]{64}"', learner)


def test_markdown_cells_go_through_the_course_markup() -> None:
    rendered = markdown.cell_html(
        '## 제목 <script>alert(1)</script> <a id="sec-x"></a>\n\n> 인용 **굵게**\n\n<b>본문</b>'
    )
    assert '<h2 id="sec-x">' in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "<script>" not in rendered
    assert "<blockquote><p>인용 <strong>굵게</strong></p></blockquote>" in rendered
    assert "&lt;b&gt;본문&lt;/b&gt;" in rendered


def test_builder_anchor_becomes_the_heading_id_and_nothing_else_does() -> None:
    source = (
        '# **굵은** 제목 <a id="sec-1"></a>\n\n'
        '## <a id="x"></a> 가운데 <a id="sec-2"></a>\n\n'
        '### 다른 태그 <a id="y" onclick="alert(1)"></a>\n\n'
        '본문 <a id="z"></a>\n\n```\n<script>x</script>\n```'
    )
    rendered = markdown.cell_html(source)
    assert '<h1 id="sec-1"><strong>굵은</strong> 제목</h1>' in rendered
    assert '<h2 id="sec-2">&lt;a id="x"&gt;&lt;/a&gt; 가운데</h2>' in rendered
    assert '<h3>다른 태그 &lt;a id="y" onclick="alert(1)"&gt;&lt;/a&gt;</h3>' in rendered
    assert '<p>본문 &lt;a id="z"&gt;&lt;/a&gt;</p>' in rendered
    assert "<pre><code>&lt;script&gt;x&lt;/script&gt;\n</code></pre>" in rendered
    assert markdown.headings(source) == [
        (1, "**굵은** 제목", "sec-1"),
        (2, '<a id="x"></a> 가운데', "sec-2"),
        (3, '다른 태그 <a id="y" onclick="alert(1)"></a>', None),
    ]


def test_page_is_self_contained() -> None:
    page = export(notebook_with([output({"text/plain": "안녕"})]))
    assert page.count("<script") == 1 and "<script src" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert "Noto Sans KR" in page and '<html lang="ko">' in page
    assert "@media print" in page and "size: A4" in page


def test_page_embeds_a_korean_font_subset_of_its_own_characters() -> None:
    """The handout names its embedded font first and carries only the glyphs it shows."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    from certtraining.present.fonts import CSS_FAMILY, font_path

    page = export(notebook_with([output({"text/plain": "안녕"})], heading="# 갉 수업"))
    assert "<script src" not in page and "url(http" not in page
    faces = re.findall(r'src: url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\)', page)
    assert len(faces) == 1
    assert re.search(rf'--ct-font: "{CSS_FAMILY}",', page)  # first in the stack
    subset = TTFont(io.BytesIO(base64.b64decode(faces[0])))
    assert subset.flavor == "woff2"
    covered = {chr(code) for code in subset.getBestCmap()}
    assert {"갉", "수", "업"} <= covered  # the heading's rare syllable is there
    full = set(TTFont(font_path(), lazy=True).getBestCmap())
    hangul = {c for c in covered if "가" <= c <= "힣"}
    assert hangul <= set(page) and hangul <= {chr(c) for c in full}
    assert len(covered) < 400 < len(full)  # a subset, not the whole font
    assert "힣" not in page and "힣" not in covered  # a syllable the page does not use


# --------------------------------------------------------------------------- CLI


def test_cli_builds_index_in_course_order(
    notebooks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lessons = CONTENT.lessons
    chosen = [notebooks / lessons[2].notebook, notebooks / lessons[0].notebook]
    code = main(["handouts", *map(str, chosen), "--out", str(tmp_path), "--no-execute"])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            "index.html",
            Path(lessons[0].notebook).stem + ".html",
            Path(lessons[2].notebook).stem + ".html",
        ]
    )
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]+)"', index)
    assert hrefs == [
        Path(lessons[0].notebook).stem + ".html",
        Path(lessons[2].notebook).stem + ".html",
    ]
    assert "building handouts" in capsys.readouterr().err  # progress bar for several


def test_cli_answers_default_folder(
    notebooks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    notebook = notebooks / CONTENT.lessons[1].notebook
    assert main(["handouts", str(notebook), "--answers", "--no-execute"]) == 0
    page = (tmp_path / "build/handouts-instructor" / (notebook.stem + ".html")).read_text()
    assert "강사용" in page


def test_cli_missing_notebook_is_one_readable_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["handouts", str(tmp_path / "없는.ipynb"), "--out", str(tmp_path), "--no-execute"])
    assert code == 1
    err = capsys.readouterr().err
    assert "노트북 파일이 없습니다" in err and "Traceback" not in err


def test_jupyter_nbconvert_to_certtraining_handout(notebooks: Path, tmp_path: Path) -> None:
    notebook = notebooks / CONTENT.lessons[1].notebook
    jupyter = Path(sys.executable).with_name("jupyter")
    subprocess.run(
        [
            str(jupyter),
            "nbconvert",
            "--to",
            "certtraining_handout",
            str(notebook),
            "--output-dir",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    page = (tmp_path / (notebook.stem + ".html")).read_text(encoding="utf-8")
    assert CONTENT.lessons[1].title in page and "학습자용" in page


def test_learner_state_widgets_show_a_note_and_the_simulator_its_walkthrough() -> None:
    notebook = notebook_with(
        [
            output(
                {
                    "text/plain": "진도",
                    "text/html": "<div>학습자 demo-learner · 25%</div>",
                    WIDGET_MIME: {"kind": "progress", "lesson": "intro"},
                }
            ),
            output(
                {
                    "text/plain": "모의 인증센터",
                    WIDGET_MIME: {"kind": "simulator", "flow": "issuance"},
                }
            ),
            output(
                {"text/plain": "최종 평가", WIDGET_MIME: {"kind": "exam", "question_count": 20}}
            ),
        ]
    )
    page = export(notebook)
    assert "demo-learner" not in page and "진도 막대" in page
    assert 'class="ct-simulator-static" data-flow="issuance"' in page
    assert "문항 20개" in page


@pytest.mark.parametrize("lesson", CONTENT.lessons, ids=lambda lesson: lesson.id)
def test_instructor_notes_only_in_the_instructor_copy(lesson: object) -> None:
    from certtraining.practice.notes import lesson_notes

    notes = lesson_notes(lesson.id)
    assert notes is not None, f"every lesson has instructor notes ({lesson.id})"
    notebook = notebook_with([output({"text/plain": "본문"})], heading=f"# {lesson.title}")
    notebook.metadata["certtraining"] = {"lesson": lesson.id}
    learner, instructor = export(notebook), export(notebook, answers=True)
    belief = inline_html(" ".join(notes.misconceptions[0].belief.split()))
    assert belief in instructor and 'class="ct-instructor-notes"' in instructor
    assert belief not in learner and 'class="ct-instructor-notes"' not in learner


def test_jupyterlab_only_guidance_stays_out_of_the_handout() -> None:
    notebook = notebook_with([])
    notebook.cells.append(
        nbformat.v4.new_markdown_cell("Run All 을 누르세요", metadata={"tags": [LAB_ONLY_TAG]})
    )
    notebook.cells.append(nbformat.v4.new_markdown_cell("본문은 남습니다"))
    page = export(notebook)
    assert "본문은 남습니다" in page
    assert "Run All 을 누르세요" not in page
