"""Built handouts in Debian's headless Chromium, opened from disk with every non-file request
blocked and counted: offline, readable, quizzes that check answers, no key in the learner
copy, and an A4 print to PDF with extractable Korean text.

The lessons are built once for the module (executed with the throw-away store and the demo
learner, learner and instructor copies from one run). A "bank" page holds every question of
the bank, so every question type is clicked whether or not a lesson shows it yet.
"""

from __future__ import annotations

import contextlib
import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
import pytest
import yaml

from certtraining import quiz
from certtraining.content import load_content
from certtraining.handout.build import HandoutCopy, build_handouts, export_handout
from certtraining.present.markup import inline_html, to_html, to_text
from certtraining.settings import default_data_dir, notebooks_dir

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

QUESTION_MIME = "application/vnd.certtraining.question+json"
LESSONS = [Path(lesson.notebook).stem for lesson in load_content().lessons]
PAGES = [*LESSONS, "bank"]
WIDGET_REPRS = ("VBox(", "HBox(", "Output(", "Box(children", "Button(")


def squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- fixtures


@dataclass
class Built:
    learner: Path
    instructor: Path

    def page(self, name: str, answers: bool = False) -> Path:
        return (self.instructor if answers else self.learner) / f"{name}.html"


def bank_notebook() -> nbformat.NotebookNode:
    """Every question of the bank as the output a quiz cell leaves behind."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# 문제 은행 전체")]
    for item in quiz.questions():
        cell = nbformat.v4.new_code_cell(f"show_question({item.id!r})")
        cell.outputs = [
            nbformat.v4.new_output(
                "display_data",
                data={
                    "application/vnd.jupyter.widget-view+json": {"model_id": "0" * 32},
                    "text/plain": "VBox(children=(HTML(value=''),))",
                    QUESTION_MIME: {"question_id": item.id, "mode": "practice"},
                },
            )
        ]
        notebook.cells.append(cell)
    return notebook


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("handouts")
    result = Built(root / "learner", root / "instructor")
    notebooks = [notebooks_dir() / lesson.notebook for lesson in load_content().lessons]
    build_handouts(
        notebooks, [HandoutCopy(result.learner), HandoutCopy(result.instructor, answers=True)]
    )
    bank = bank_notebook()
    for answers in (False, True):
        body, _ = export_handout(bank, root / "bank.ipynb", answers)
        result.page("bank", answers).write_text(body, encoding="utf-8")
    return result


@dataclass
class RequestLog:
    files: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextlib.contextmanager
def offline(chromium: Browser, path: Path) -> Iterator[tuple[Page, RequestLog]]:
    """The handout opened from disk; any request that is not a file is blocked and counted."""
    log = RequestLog()
    context = chromium.new_context(viewport={"width": 1000, "height": 1400})

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("file://"):
            log.files.append(url)
            request_route.continue_()
        else:
            log.blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    try:
        page.goto(path.as_uri())
        yield page, log
    finally:
        context.close()


# --------------------------------------------------------------------------- offline


@pytest.mark.parametrize("answers", [False, True], ids=["learner", "instructor"])
@pytest.mark.parametrize("name", [*PAGES, "index"])
def test_opens_from_disk_with_no_request_at_all(
    chromium: Browser, built: Built, name: str, answers: bool
) -> None:
    path = built.page(name, answers)
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=", source)
    assert not re.search(r"<link\b", source) and "@import" not in source
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", source)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", source)
    assert "Noto Sans KR" in source
    with offline(chromium, path) as (page, log):
        page.wait_for_load_state("load")
        assert log.files and not log.blocked, f"requests attempted: {log.blocked}"
        assert not log.errors


def test_index_lists_the_lessons_in_course_order(chromium: Browser, built: Built) -> None:
    with offline(chromium, built.learner / "index.html") as (page, log):
        links = page.locator("main a")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
            f"{name}.html" for name in LESSONS
        ]
        assert [squash(t) for t in links.all_inner_texts()] == [
            f"{i:02d}. {lesson.title}" for i, lesson in enumerate(load_content().lessons)
        ]
        assert not log.blocked


# --------------------------------------------------------------------------- lesson content


def expected_steps(lesson_id: str) -> list[str]:
    content = load_content()
    lesson = content.lesson(lesson_id)
    procedures = {p.id: p for s in lesson.covers if (p := content.procedure_of(s))}
    return [
        text
        for p in procedures.values()
        for text in [s.description for s in p.steps] + list(p.today_steps)
    ]


@pytest.mark.parametrize("name", LESSONS)
def test_title_and_every_step_are_visible(chromium: Browser, built: Built, name: str) -> None:
    lesson = next(x for x in load_content().lessons if Path(x.notebook).stem == name)
    with offline(chromium, built.page(name)) as (page, _):
        title = page.locator("h1").first
        assert title.is_visible() and squash(title.inner_text()) == lesson.title
        cells = page.locator("table.ct-steps td")
        shown = {squash(cells.nth(i).inner_text()): cells.nth(i) for i in range(cells.count())}
        for step in expected_steps(lesson.id):
            assert squash(step) in shown, f"step missing: {step}"
            assert shown[squash(step)].is_visible()


@pytest.mark.parametrize("answers", [False, True], ids=["learner", "instructor"])
@pytest.mark.parametrize("name", PAGES)
def test_no_widget_repr_code_or_empty_output(
    chromium: Browser, built: Built, name: str, answers: bool
) -> None:
    with offline(chromium, built.page(name, answers)) as (page, _):
        text = page.locator("body").inner_text()
        for token in WIDGET_REPRS:
            assert token not in text
        assert (
            page.locator(".jupyter-widgets, .jp-InputArea, .jp-InputPrompt, pre code").count() == 0
        )
        assert "찾을 수 없습니다" not in text  # every quiz output found its question
        outputs = page.locator(".ct-out")
        for i in range(outputs.count()):
            output = outputs.nth(i)
            has_image = output.locator("img").count() > 0
            assert has_image or output.inner_text().strip(), f"empty output #{i} in {name}"
            box = output.bounding_box()
            assert box and box["height"] > 0


@pytest.mark.parametrize("name", PAGES)
def test_every_quiz_shows_its_question(chromium: Browser, built: Built, name: str) -> None:
    with offline(chromium, built.page(name)) as (page, _):
        quizzes = page.locator(".ct-quiz")
        if name == "bank":
            assert quizzes.count() == len(quiz.questions())
        for i in range(quizzes.count()):
            block = quizzes.nth(i)
            item = quiz.question(block.get_attribute("data-qid"))
            prompt = block.locator(".ct-quiz-question")
            assert prompt.is_visible()
            assert squash(prompt.inner_text()) == squash(to_text(item.prompt))
            assert block.locator(".ct-check").is_visible()


# --------------------------------------------------------------------------- answering


def answer_forms(item: Any) -> tuple[Any, Any]:
    """A right and a wrong answer, in the shapes ``quiz.check_answer`` takes."""
    key = quiz.answer_key(item).canonical
    view = quiz.public_view(item)
    if item.type in ("single", "ox"):
        return key, next(o.key for o in view.choices if o.key != key)
    if item.type == "multiple":
        right = key.split(",")
        return right, [next(o.key for o in view.choices if o.key not in right)]
    if item.type == "order":
        right = key.split(",")
        return right, right[1:] + right[:1]
    pairs = dict(pair.split("=") for pair in key.split(","))
    terms = list(pairs)
    rotated = [pairs[t] for t in terms[1:] + terms[:1]]
    return pairs, dict(zip(terms, rotated, strict=True))


def give(block: Any, item: Any, answer: Any) -> str:
    """Answer in the page the way a reader does, press 확인, return what it shows."""
    block.locator(".ct-retry").click()
    if item.type in ("single", "ox"):
        block.locator(f'input.ct-pick[value="{answer}"]').check()
    elif item.type == "multiple":
        for key in answer:
            block.locator(f'input.ct-pick[value="{key}"]').check()
    elif item.type == "order":
        for position, key in enumerate(answer, 1):
            block.locator(f'select.ct-pick[data-key="{key}"]').select_option(str(position))
    else:
        for term, meaning in answer.items():
            block.locator(f'select.ct-pick[data-key="{term}"]').select_option(meaning)
    block.locator(".ct-check").click()
    result = block.locator(".ct-result")
    assert result.is_visible()
    return squash(result.inner_text())


def test_wrong_then_right_answer_shows_the_notebooks_feedback(
    chromium: Browser, built: Built
) -> None:
    with offline(chromium, built.page("bank")) as (page, log):
        for item in quiz.questions():
            block = page.locator(f'.ct-quiz[data-qid="{item.id}"]')
            right, wrong = answer_forms(item)
            for answer, verdict in ((wrong, "✗ 오답"), (right, "✓ 정답")):
                shown = give(block, item, answer)
                expected = quiz.check_answer(item, answer)
                assert shown.startswith(verdict), f"{item.id}: {shown[:80]}"
                for feedback in expected.feedback:
                    assert squash(to_text(feedback.label)) in shown, f"{item.id}: {feedback.label}"
                    assert squash(to_text(feedback.text)) in shown, f"{item.id}: {feedback.text}"
                assert squash(to_text(expected.explanation)) in shown
                assert ("복습할 곳:" in shown) == (verdict == "✗ 오답")
        block = page.locator(".ct-quiz").first
        block.locator(".ct-retry").click()
        block.locator(".ct-check").click()
        assert "먼저 답을 고르세요" in block.locator(".ct-result").inner_text()
        assert not log.blocked and not log.errors


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_quizzes_check_answers_offline(chromium: Browser, built: Built, name: str) -> None:
    with offline(chromium, built.page(name)) as (page, log):
        quizzes = page.locator(".ct-quiz")
        for i in range(quizzes.count()):
            block = quizzes.nth(i)
            item = quiz.question(block.get_attribute("data-qid"))
            right, wrong = answer_forms(item)
            assert give(block, item, wrong).startswith("✗ 오답")
            assert give(block, item, right).startswith("✓ 정답")
        assert not log.blocked and not log.errors


# --------------------------------------------------------------------------- the key


def key_texts(item: Any) -> list[str]:
    key = quiz.answer_key(item)
    return [key.explanation] + [f.text for f in key.feedback]


def test_learner_source_has_no_key_and_instructor_copy_shows_it(
    chromium: Browser, built: Built
) -> None:
    learner = built.page("bank").read_text(encoding="utf-8")
    instructor = built.page("bank", answers=True).read_text(encoding="utf-8")
    for item in quiz.questions():
        for text in key_texts(item):
            for form in (to_text(text), inline_html(text), to_html(text), html.escape(text)):
                assert form not in learner, f"{item.id}: readable in learner source: {text}"
        key = quiz.answer_key(item)
        if "," in key.canonical or "=" in key.canonical:
            assert key.canonical not in learner
        assert html.escape(key.answer_text) in instructor
    assert "정답:" not in learner and 'id="answer-key"' not in learner
    with offline(chromium, built.page("bank", answers=True)) as (page, _):
        assert page.locator("#answer-key").is_visible()
        rows = page.locator(".ct-key-table tbody tr")
        assert rows.count() == len(quiz.questions())
        answers = page.locator(".ct-quiz .ct-answer")
        assert answers.count() == len(quiz.questions())
        assert all("정답:" in t for t in answers.all_inner_texts())


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_learner_copy_has_no_key(chromium: Browser, built: Built, name: str) -> None:
    learner = built.page(name).read_text(encoding="utf-8")
    instructor = built.page(name, answers=True).read_text(encoding="utf-8")
    assert 'class="ct-answer"' not in learner and 'id="answer-key"' not in learner
    assert "ct-instructor-notes" not in learner.split("</style>")[-1]
    quizzes = learner.count('class="ct-quiz"')
    assert instructor.count('class="ct-answer"') == quizzes
    for question_id in re.findall(r'data-qid="([^"]+)"', learner):
        explanation = quiz.answer_key(question_id).explanation
        for form in (to_text(explanation), to_html(explanation)):
            assert form not in learner, f"{question_id}: explanation readable in {name}"
    assert ('id="answer-key"' in instructor) == (quizzes > 0)


# --------------------------------------------------------------------------- print


def test_print_stylesheet_shows_boxes_and_hides_buttons(chromium: Browser, built: Built) -> None:
    with offline(chromium, built.page("bank")) as (page, _):
        page.emulate_media(media="print")
        style = "el => getComputedStyle(el).display"
        for empty_box in (".ct-box", ".ct-blank"):
            assert page.locator(empty_box).first.evaluate(style) != "none"
            assert page.locator(empty_box).first.is_visible()
        assert page.locator(".ct-controls").first.evaluate(style) == "none"
        assert page.locator("input.ct-pick").first.evaluate(style) == "none"


def test_print_lets_sections_flow_and_keeps_boxes_tables_and_quizzes_whole(
    chromium: Browser, built: Built
) -> None:
    lesson = load_content().lessons[1]
    with offline(chromium, built.page(Path(lesson.notebook).stem)) as (page, _):
        page.emulate_media(media="print")
        sections = page.locator("main section")
        assert sections.count() > 1
        for i in range(sections.count()):
            section = sections.nth(i)
            assert section.evaluate("el => getComputedStyle(el).breakBefore") == "auto"
            assert section.evaluate("el => getComputedStyle(el).breakInside") == "auto"
        for selector in ('.ct-out [role="note"]', "table.ct-steps", ".ct-quiz"):
            element = page.locator(selector).first
            assert element.evaluate("el => getComputedStyle(el).breakInside") == "avoid", selector
        for selector in ("h2", "h3"):
            element = page.locator(selector).first
            assert element.evaluate("el => getComputedStyle(el).breakAfter") == "avoid", selector
        assert (
            page.locator(".ct-skip").first.evaluate("el => getComputedStyle(el).display") == "none"
        )


PAPER_MARK = {"single": "○", "ox": "○", "multiple": "☐"}


@dataclass
class Printed:
    """Lesson 01's learner copy printed to A4 once: the PDF and what the page showed."""

    pdf: Path
    marks: dict[str, list[str]]  # question type -> the printed mark of each option


@pytest.fixture(scope="module")
def printed(chromium: Browser, built: Built, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    lesson = load_content().lessons[1]
    pdf = tmp_path_factory.mktemp("print") / "handout.pdf"
    with offline(chromium, built.page(Path(lesson.notebook).stem)) as (page, log):
        page.emulate_media(media="print")
        marks = page.evaluate(
            """() => {
              const out = {};
              for (const quiz of document.querySelectorAll(".ct-quiz")) {
                for (const box of quiz.querySelectorAll(".ct-box")) {
                  if (getComputedStyle(box).display === "none") continue;
                  (out[quiz.dataset.type] ??= []).push(box.textContent);
                }
              }
              return out;
            }"""
        )
        page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        assert not log.blocked
    return Printed(pdf, marks)


def lowest_text_y(page: Any) -> float:
    """The y (PDF points from the sheet's bottom) of the lowest text drawn on a page."""
    ys: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            ys.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return min(ys, default=float(page.mediabox.top))


def test_printed_pdf_has_sensible_pages_and_korean_text(printed: Printed) -> None:
    """Korean prints from the handout's own embedded font (a NanumGothic subset), whatever
    the machine has installed; tests/test_fresh_machine.py prints with every CJK font hidden."""
    from pypdf import PdfReader

    from tests.fresh_machine_probe import pdf_fonts

    lesson = load_content().lessons[1]
    reader = PdfReader(printed.pdf)
    assert 2 <= len(reader.pages) <= 30
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4 in points
    text = "".join(p.extract_text() for p in reader.pages)
    compact = re.sub(r"\s+", "", text)
    assert len(re.findall(r"[가-힣]", text)) > 500
    assert re.sub(r"\s+", "", lesson.title) in compact
    for step in expected_steps(lesson.id)[:3]:
        assert re.sub(r"\s+", "", step) in compact
    assert "다시풀기" not in compact  # no interactive chrome on paper
    embedded = [f for f in pdf_fonts(printed.pdf) if "NanumGothic" in str(f["name"])]
    assert embedded and all(f["embedded"] for f in embedded), pdf_fonts(printed.pdf)


def test_printed_lesson_fills_few_pages(printed: Printed) -> None:
    """Sections flow on from one another, and every sheet but the last is at least half full:
    its lowest line of text sits below the middle of the sheet. Lesson 01 took seven sheets
    when every section with subsections started a fresh page, and five after; the content
    revision then added three quizzes and three notes, so seven sheets are its budget now."""
    from pypdf import PdfReader

    pages = PdfReader(printed.pdf).pages
    assert len(pages) <= 7
    for number, page in enumerate(pages[:-1], 1):
        middle = float(page.mediabox.top) / 2
        assert lowest_text_y(page) < middle, f"page {number} of {len(pages)} is under half full"


def test_printed_answers_are_circles_for_one_and_squares_for_several(printed: Printed) -> None:
    """As on a paper test: ○ to mark the one answer, ☐ to tick every answer that fits."""
    from pypdf import PdfReader

    assert printed.marks.get("single") and printed.marks.get("multiple")
    for kind, marks in printed.marks.items():
        assert set(marks) == {PAPER_MARK[kind]}, kind
    text = "".join(p.extract_text() for p in PdfReader(printed.pdf).pages)
    for mark in ("○", "☐"):
        expected = sum(len(m) for k, m in printed.marks.items() if PAPER_MARK[k] == mark)
        assert text.count(mark) == expected, mark


def test_screen_keeps_the_controls_not_the_paper_marks(chromium: Browser, built: Built) -> None:
    lesson = load_content().lessons[1]
    with offline(chromium, built.page(Path(lesson.notebook).stem)) as (page, _):
        assert page.locator(".ct-box").first.evaluate("el => getComputedStyle(el).display") == (
            "none"
        )
        assert page.locator('.ct-quiz[data-type="single"] input[type="radio"]').first.is_visible()
        assert page.locator(
            '.ct-quiz[data-type="multiple"] input[type="checkbox"]'
        ).first.is_visible()


# --------------------------------------------------------------------------- markup rule


def test_script_typed_into_content_shows_as_text(
    chromium: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from certtraining.notebook.build import build_lesson

    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    cautions = yaml.safe_load((data / "cautions.yaml").read_text(encoding="utf-8"))
    lesson = load_content().lessons[1]
    caution = next(c for c in cautions["cautions"] if c["section"] in lesson.covers)
    payload = "<script>window.__pwned = 1</script>"
    caution["text"] += f" {payload}"
    (data / "cautions.yaml").write_text(yaml.safe_dump(cautions, allow_unicode=True), "utf-8")
    monkeypatch.setenv("CERTTRAINING_DATA", str(data))
    notebook_path = tmp_path / "notebooks" / lesson.notebook
    notebook_path.parent.mkdir()
    nbformat.write(build_lesson(load_content(), lesson), notebook_path)
    out = tmp_path / "out"
    build_handouts([notebook_path], [HandoutCopy(out)])
    page_path = out / f"{notebook_path.stem}.html"
    source = page_path.read_text(encoding="utf-8")
    assert html.escape(payload, quote=False) in source
    assert source.count("<script") == 1  # the handout's own checker, nothing else
    with offline(chromium, page_path) as (page, log):
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.get_by_text(payload).first.is_visible()
        assert not log.blocked
