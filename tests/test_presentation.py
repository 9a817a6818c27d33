"""The presentation layer: one stylesheet, templates, and what every rendered output keeps.

The look lives in ``certtraining/present/static/course.css`` only: the Python code writes class
names through templates, and the inline styles JupyterLab needs are generated from the
stylesheet. These tests change the stylesheet and see the outputs follow, search the
sources for hand-written styles, and render every kind of block from the real content to
check what screen readers announce and that content HTML stays text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from certtraining.content import load_content
from certtraining.handout.bank import handout_question
from certtraining.handout.quiz import answer_key_html, quiz_html
from certtraining.handout.widgets import kind_note, note_html
from certtraining.notebook import instructor, views
from certtraining.notebook import lesson as lesson_calls
from certtraining.notebook.plan import course_plan
from certtraining.practice import flows, look, notes
from certtraining.practice.glossary import glossary_block
from certtraining.practice.static import simulator_walkthrough_html
from certtraining.present import blocks, stylesheet
from certtraining.present.templates import render, using_stylesheet
from certtraining.progress.store import ProgressStore

PACKAGE = Path(__file__).resolve().parent.parent / "certtraining"
WARN = "#b35c00"
NEW_WARN = "#123abc"

# An HTML style attribute, however quoted; not ``button_style=`` or ``linestyle=``.
STYLE_ATTRIBUTE = re.compile(r"(?<![\w-])style\s*=\s*\\?[\"']")


def _warning_outputs() -> dict[str, str]:
    content = load_content()
    section = next(s for s in content.sections() if content.cautions_for(s.id))
    return {
        "cautions": blocks.cautions_block(content.cautions_for(section.id)).html,
        "progress warning": views._warning("진도를 불러오지 못했습니다.").html,
        "class warning": instructor._note("예시 학급입니다.", "warn").html,
        "simulator banner": look.banner_html(),
        "simulator warning": look.warning_html("보안카드 번호를 통째로 적지 마세요."),
    }


def test_the_warning_colour_is_one_line_of_the_stylesheet() -> None:
    css = stylesheet.read()
    assert [line.strip() for line in css.splitlines() if WARN in line] == [f"--ct-warn: {WARN};"]
    for name, html in _warning_outputs().items():
        assert WARN in html, name
    with using_stylesheet(css.replace(f"--ct-warn: {WARN};", f"--ct-warn: {NEW_WARN};")):
        restyled = _warning_outputs()
    for name, html in restyled.items():
        assert f"solid {NEW_WARN}" in html, name
        assert WARN not in html, name
    # Back to the shipped stylesheet afterwards.
    assert WARN in blocks.cautions_block(load_content().cautions_for(section_id())).html


def section_id() -> str:
    content = load_content()
    return next(s.id for s in content.sections() if content.cautions_for(s.id))


def test_handout_pages_include_the_course_stylesheet_not_copies_of_its_colours() -> None:
    handout_css = (
        PACKAGE / "handout" / "templates" / "certtraining_handout" / "handout.css"
    ).read_text(encoding="utf-8")
    shared = {
        value
        for name, value in stylesheet.course().variables.items()
        if name != "ct-font" and value.startswith("#") and len(value) == 7
    }
    repeated = sorted(value for value in shared if value in handout_css)
    assert not repeated, f"handout.css repeats course.css colours: {repeated}"
    assert ":root" not in handout_css  # no palette of its own


def test_no_python_file_writes_a_style_attribute_by_hand() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if STYLE_ATTRIBUTE.search(line)
    ]
    assert not found


def test_the_style_attribute_pattern_finds_what_it_should() -> None:
    assert STYLE_ATTRIBUTE.search("""f'<div style="color:red">'""")
    assert STYLE_ATTRIBUTE.search("""f"<p style='margin:0'>" """)
    assert not STYLE_ATTRIBUTE.search('widgets.Button(button_style="primary")')
    assert not STYLE_ATTRIBUTE.search('axes.axvline(0, linestyle="--")')


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.labels: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.labels += [value or "" for name, value in attrs if name == "aria-label"]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def _parse(html: str) -> _Attributes:
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser


def every_output() -> dict[str, str]:
    """One rendering of every block, note and page the package draws, from the real course."""
    content = load_content()
    plan = course_plan()
    store = ProgressStore("sqlite://")
    try:
        summary = store.summarise("demo-learner", plan)
    finally:
        store.close()
    out: dict[str, str] = {}
    for section in content.sections():
        out[f"section {section.id}"] = lesson_calls.show_section(section.id).html
        out[f"cautions {section.id}"] = blocks.cautions_block(content.cautions_for(section.id)).html
    for faq in content.faqs:
        out[f"faq {faq.id}"] = lesson_calls.show_faq(faq.id).html
    for lesson in content.lessons:
        out[f"objectives {lesson.id}"] = lesson_calls.show_objectives(lesson.id).html
        out[f"key points {lesson.id}"] = lesson_calls.show_key_points(lesson.id).html
        out[f"instructor notes {lesson.id}"] = notes.instructor_notes_block(
            lesson.id, with_plan=True
        ).html
        out[f"progress {lesson.id}"] = views.progress_block(
            plan, summary, lesson.id, "demo-learner"
        ).html
        out[f"summary {lesson.id}"] = views.summary_block(plan, summary, lesson.id).html
    for procedure in content.procedures:
        out[f"steps {procedure.id}"] = lesson_calls.show_steps(procedure.id).html
    for target in {note.target for note in content.today_notes}:
        for index, note in enumerate(content.notes_for(target)):
            out[f"today {target} {index}"] = blocks.today_block(note).html
    out["course map"] = lesson_calls.show_course_map().html
    out["glossary"] = glossary_block(content).html
    out["review"] = views.review_block(summary).html
    out["class note"] = instructor._note("학습자 3명의 기록입니다.").html
    for flow in flows.flow_ids():
        out[f"simulator {flow}"] = simulator_walkthrough_html(flow)
    out["password rules"] = look.password_checklist_html([], None, True)
    out["widget note"] = kind_note("progress")
    keyed = []
    for number, question in enumerate(content.questions, start=1):
        item = handout_question(question.id)
        assert item is not None
        keyed.append((number, question.id, item))
        out[f"handout quiz {question.id}"] = quiz_html(item, number, f"q{number}", True)
    out["answer key"] = answer_key_html(keyed)
    return out


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return every_output()


def test_no_aria_label_carries_markup(outputs: dict[str, str]) -> None:
    """Screen readers read an aria-label aloud: markup in it would be read as text."""
    labelled = 0
    for name, html in outputs.items():
        for label in _parse(html).labels:
            labelled += 1
            assert "<" not in label and ">" not in label, f"{name}: {label!r}"
    assert labelled > 50  # the check saw the boxes, lists and quizzes it is about


def test_objectives_label_names_the_minutes_in_words() -> None:
    lesson = load_content().lessons[0]
    labels = _parse(lesson_calls.show_objectives(lesson.id).html).labels
    minutes = f"설명 {lesson.minutes.teaching}분 · 실습 {lesson.minutes.exercises}분"
    assert labels == [f"학습 목표 ({minutes})"]


def test_every_output_carries_its_look_inline(outputs: dict[str, str]) -> None:
    """JupyterLab drops <style> and classes do nothing there: the look must be inline."""
    for name, html in outputs.items():
        if 'class="ct-' not in html or name.startswith(("handout quiz", "answer key")):
            continue  # shown only in handouts, styled by the page's stylesheet
        assert 'style="' in html, name
        assert "var(--" not in html, name


SCRIPT = "<script>alert('x')</script>"


def test_content_html_is_shown_as_text_in_every_block() -> None:
    content = load_content()
    section = next(s for s in content.sections() if content.cautions_for(s.id))
    caution = content.cautions_for(section.id)[0]
    faq = content.faqs[0]
    note = content.today_notes[0]
    lesson = content.lessons[0]
    shown = {
        "section": blocks.section_block(section.model_copy(update={"body": [SCRIPT]})),
        "paragraphs": blocks.paragraphs_block([SCRIPT]),
        "cautions": blocks.cautions_block([caution.model_copy(update={"text": SCRIPT})]),
        "faq": blocks.faq_block(faq.model_copy(update={"question": SCRIPT, "answer": SCRIPT})),
        "today": blocks.today_block(note.model_copy(update={"title": SCRIPT, "body": SCRIPT})),
        "objectives": blocks.objectives_block(
            lesson.model_copy(update={"objectives": [SCRIPT], "key_points": [SCRIPT]})
        ),
        "key points": blocks.key_points_block(lesson.model_copy(update={"key_points": [SCRIPT]})),
    }
    pieces = {name: block.html for name, block in shown.items()}
    pieces["progress warning"] = views._warning(SCRIPT).html
    pieces["class note"] = instructor._note(SCRIPT).html
    pieces["simulator warning"] = look.warning_html(SCRIPT)
    pieces["simulator refusal"] = look.refusal_html([SCRIPT])
    pieces["device"] = look.device_html(flows.texts().sms.device, SCRIPT)
    pieces["widget note"] = note_html(SCRIPT, "progress")
    pieces["name message"] = render("progress.html.j2:name_message", message=SCRIPT, saved=False)
    for name, html in pieces.items():
        assert "<script" not in html, name
        assert SCRIPT in "".join(_parse(html).texts), name  # shown, as text
