"""Generate the lesson notebooks from ``data/`` so headings and calls never drift from content.

Markdown headings are written into the notebook (JupyterLab's table of contents reads them);
everything else is a one-line call with its input collapsed. ``make notebooks`` regenerates
and executes them, and the committed outputs are what nbval checks.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from certtraining.content import Content, load_content
from certtraining.content.models import InstructorNotebook, Lesson
from certtraining.content.outline import (
    OPTIONAL_PART_TITLE,
    questions_for,
    questions_for_cautions,
    review_sections,
)
from certtraining.settings import notebooks_dir

NAME_NOTE = (
    "> 원문 안내서는 **공인인증서**라고 부르지만, 2020년 12월 10일부터 같은 인증서를 "
    "**공동인증서**라고 부릅니다. 이 수업에서 '공인인증서'는 원문을 옮길 때만 씁니다."
)


# Saved outputs show quizzes before any code runs, but they answer only once the kernel runs
# them (JupyterLab marks such widgets with a broken-link icon), so every lesson says how.
START_NOTE = (
    "**▶ 시작하기:** 메뉴에서 **Run › Run All Cells**(실행 › 모든 셀 실행)를 누르세요. "
    "그래야 퀴즈와 진도 막대가 움직입니다."
)


# Cells with this tag guide learners in JupyterLab only; handouts and the learner app drop them.
LAB_ONLY_TAG = "jupyterlab-only"

# What the end-of-lesson marker means, in the words of docs/scoring.md.
END_NOTE = (
    "수업을 끝까지 읽으면 마지막의 **끝까지 읽었어요 ✓** 표시가 **끝까지 읽음 ✓**으로 바뀌고, "
    "그 수업을 끝까지 읽은 것으로 기록됩니다."
)
END_NOTE_LAB = "수업 끝의 **끝까지 읽었어요 ✓**는 단추입니다. 끝까지 읽었으면 눌러 주세요."


def md(text: str, *tags: str) -> NotebookNode:
    metadata = {"tags": list(tags)} if tags else {}
    return nbformat.v4.new_markdown_cell(text, metadata=metadata)


def code(source: str, *tags: str) -> NotebookNode:
    """A learner-facing call: input collapsed, so learners see only what it shows."""
    metadata: dict[str, object] = {"jupyter": {"source_hidden": True}}
    if tags:
        metadata["tags"] = list(tags)
    return nbformat.v4.new_code_cell(source, metadata=metadata)


def anchor(anchor_id: str) -> str:
    return f'<a id="{anchor_id}"></a>'


def lesson_header(lesson: Lesson) -> list[NotebookNode]:
    return [
        md(f"# {lesson.title}\n\n{NAME_NOTE}"),
        md(START_NOTE, LAB_ONLY_TAG),
        code(f'from certtraining.lesson import *\nstart_lesson("{lesson.id}")'),
        code(f'show_objectives("{lesson.id}")'),
    ]


def lesson_footer(content: Content, lesson: Lesson) -> list[NotebookNode]:
    cells = [
        md("## 핵심 정리"),
        code(f'show_key_points("{lesson.id}")'),
        md(f"## 학습 결과 {anchor('results')}"),
        code(f'finish_lesson("{lesson.id}")'),
    ]
    if lesson.kind == "assessment":
        # The whole course depends on the other lessons' records, which vary with the
        # order tests run notebooks against one throw-away store: not compared by nbval.
        cells += [md("## 전체 과정 진도"), code("show_course_progress()", "nbval-ignore-output")]
        cells += certificate_cells(content)

    return cells


def certificate_cells(content: Content) -> list[NotebookNode]:
    """The final lesson's 수료증 offer, when the course issues one (course.yaml › certificate).

    Like the course progress above it, what it shows depends on every lesson's records:
    not compared by nbval.
    """
    if content.course.certificate is None:
        return []
    return [
        md(
            f"## 수료증 {anchor('certificate')}\n\n"
            "수료 조건을 모두 채우면 이 아래에서 수료증에 찍을 이름을 적고 **수료증 받기**를 누릅니다. "
            "수료증 파일(PDF)이 이 폴더에 만들어지고, 내려받기 링크가 나옵니다. 아직 남은 것이 있으면 "
            "그 목록이 나옵니다."
        ),
        code("offer_certificate()", "nbval-ignore-output"),
    ]


def procedure_cells(content: Content, lesson: Lesson) -> list[NotebookNode]:
    cells: list[NotebookNode] = []
    shown_procedures: set[str] = set()
    for section_id in lesson.covers:
        procedure = content.procedure_of(section_id)
        if procedure and procedure.id not in shown_procedures:
            shown_procedures.add(procedure.id)
            cells += [
                md(f"## {procedure.number}. {procedure.title} {anchor(procedure.id)}"),
                code(f'show_procedure_intro("{procedure.id}")'),
            ]
        section = content.section(section_id)
        number = f"{section.number} " if section.number else ""
        level = "###" if procedure else "##"
        cells += [
            md(f"{level} {number}{section.title} {anchor(section.id)}"),
            code(f'show_section("{section.id}")'),
        ]
        cells += quiz_cells(content, section.id, f"{level}# 확인 퀴즈: {number}{section.title}")
        if procedure and procedure.steps_after == section.id:
            cells += [
                md(f"### 표 {procedure.number}. 단계 요약 {anchor('steps-' + procedure.id)}"),
                code(f'show_steps("{procedure.id}")'),
            ]
            cells += quiz_cells(
                content, procedure.id, f"#### 확인 퀴즈: 표 {procedure.number}의 순서"
            )
    return cells


def quiz_cells(content: Content, anchor_id: str, heading: str) -> list[NotebookNode]:
    """A heading and one quiz call for the questions placed after an anchor (none: no cells)."""
    if not questions_for(anchor_id, content):
        return []
    return [md(heading), code(f'quiz_section("{anchor_id}")')]


OPTIONAL_NOTE = (
    "이 부분은 **선택**입니다. 풀지 않아도 이 수업을 마칠 수 있고, 이 수업의 점수에도 들어가지 "
    "않습니다. 여기서 푼 문제는 처음 나온 수업의 점수에 더해집니다."
)


def caution_review_cells(content: Content, lesson: Lesson) -> list[NotebookNode]:
    """The other lessons' cautions again, grouped by section, each with its quiz: the optional
    "더 풀어 보기" part at the end of a faq lesson (its questions count where first asked)."""
    sections = review_sections(content, lesson)
    if not sections:
        return []
    cells = [
        md(
            f"## {OPTIONAL_PART_TITLE}: 발급·재발급 유의사항 다시 보기 {anchor('caution-review')}"
            f"\n\n{OPTIONAL_NOTE}"
        )
    ]
    for section_id in sections:
        section = content.section(section_id)
        number = f"{section.number} " if section.number else ""
        cells += [
            md(f"### {number}{section.title}의 유의사항"),
            code(f'show_cautions("{section.id}")'),
            code(f'quiz_cautions("{section.id}")'),
        ]
    return cells


def anchor_cells(content: Content, anchor_id: str, level: str = "##") -> list[NotebookNode]:
    """A heading and the call that shows a covered section or FAQ (looked up, not guessed)."""
    if content.is_faq(anchor_id):
        faq = content.faq(anchor_id)
        return [
            md(f"{level} Q{faq.number}. {faq.question} {anchor(faq.id)}"),
            code(f'show_faq("{faq.id}")'),
        ]
    section = content.section(anchor_id)
    return [
        md(f"{level} {section.title} {anchor(section.id)}"),
        code(f'show_section("{section.id}")'),
    ]


def orientation_cells(content: Content, lesson: Lesson) -> list[NotebookNode]:
    cells = [cell for anchor_id in lesson.covers for cell in anchor_cells(content, anchor_id)]
    cells += [
        md(
            "## 이 과정을 쓰는 방법\n\n"
            "- 위에서 아래로 읽어 내려가세요.\n"
            "- 파란 상자 **※ 참고: 현재 제도**는 원문이 오늘과 다른 곳을 바로잡습니다.\n"
            "- 주황 상자 **⚠ 유의사항**은 꼭 지켜야 할 점입니다.\n"
            "- 퀴즈는 답을 고르고 **확인**을 누르면 바로 해설이 나옵니다. 몇 번이든 다시 풀 수 있습니다.\n"
            f"- {END_NOTE}"
        ),
        md(
            "**JupyterLab에서:** 회색 상자 안의 내용은 미리 준비되어 있습니다. 처음 열었거나 "
            "내용이 보이지 않으면 메뉴에서 **Run › Run All Cells**(실행 › 모든 셀 실행)를 누르세요. "
            f"{END_NOTE_LAB}",
            LAB_ONLY_TAG,
        ),
        md(
            f"## 내 이름 적기 {anchor('name')}\n\n"
            "처음 한 번만 이름을 적으면 모든 수업의 진도가 이 이름으로 저장됩니다."
        ),
        code("ask_learner_name()"),
        md("## 수업 순서"),
        code("show_course_map()"),
        md(
            f"## 오늘의 복습 {anchor('review')}\n\n"
            "한 번 푼 퀴즈는 잊을 때쯤 여기에 다시 나옵니다. 틀린 문항은 곧, 맞힌 문항은 "
            "점점 더 긴 간격을 두고 나옵니다. 과정을 다시 열 때마다 먼저 여기를 풀어 보세요. "
            "복습 답은 수업 점수에 들어가지 않습니다."
        ),
        code("show_review()"),
        md(
            f"## 용어집 {anchor('glossary')}\n\n"
            "수업에서 처음 나오는 용어에는 이 용어집으로 오는 링크가 붙어 있습니다."
        ),
        code("show_glossary()"),
    ]
    for anchor_id in lesson.covers:
        cells += quiz_cells(content, anchor_id, f"## 연습 퀴즈 {anchor(anchor_id + '-quiz')}")
    return cells


def faq_cells(content: Content, lesson: Lesson) -> list[NotebookNode]:
    """The covered sections (cautions and their quizzes) and FAQ, then the optional part.

    The walk is the same as :func:`certtraining.content.outline.lesson_stops`.
    """
    cells: list[NotebookNode] = []
    faq_heading_written = False
    for anchor_id in lesson.covers:
        if content.is_faq(anchor_id):
            if not faq_heading_written:
                cells.append(md("## 자주 묻는 질문"))
                faq_heading_written = True
            faq = content.faq(anchor_id)
            cells += anchor_cells(content, faq.id, "###")
            cells += quiz_cells(content, faq.id, f"#### 확인 퀴즈: Q{faq.number}")
        else:
            section = content.section(anchor_id)
            cells += anchor_cells(content, section.id)
            if questions_for_cautions(section.id, content):
                cells += [
                    md(f"### 확인 퀴즈: {section.title}"),
                    code(f'quiz_cautions("{section.id}")'),
                ]
    return cells + caution_review_cells(content, lesson)


def final_cells(content: Content, lesson: Lesson) -> list[NotebookNode]:
    return [
        md(
            f"## 평가 문제 풀기 {anchor('final-exam')}\n\n"
            "문제 은행에서 나에게 정해진 문항이 나옵니다. 같은 이름으로 다시 열면 같은 문제가 나옵니다. "
            f"모두 답한 뒤 **제출**을 누르면 점수와 합격 여부(합격 기준 {content.course.pass_threshold}점), "
            "틀린 문항의 해설이 나옵니다."
        ),
        code("final_exam()"),
    ]


PRACTICE_PRIVACY_NOTE = (
    "> ⚠ **가상 정보만 쓰세요.** 이 실습 화면에는 진짜 주민등록번호, 계좌번호, 비밀번호를 절대 입력하지 "
    "않습니다. 본인 확인 화면의 **가상 정보 채우기** 버튼을 누르세요. 입력한 내용은 어디에도 저장되지 않고, "
    "어느 단계를 마쳤는지만 기록됩니다."
)


def simulation_cells(content: Content, lesson: Lesson) -> list[NotebookNode]:
    """The lesson's simulator flows in order, then its questions one by one."""
    cells = [md(f"## 실습 안내 {anchor('practice-intro')}\n\n{PRACTICE_PRIVACY_NOTE}")]
    number = 0
    for flow_id in lesson.flows:
        number += 1
        flow = content.simulator.flow(flow_id)
        cells += [
            md(f"## {number}. {flow.heading} {anchor('sim-' + flow.id)}"),
            code(f'show_simulator("{flow.id}")'),
        ]
    if lesson.questions:
        number += 1
        cells.append(
            md(
                f"## {number}. 상황 판단 연습 {anchor('scenarios')}\n\n"
                "실제로 겪을 수 있는 상황입니다. 어떻게 해야 할지 고르고 **확인**을 누르세요."
            )
        )
        cells += [code(f'quiz("{question_id}")') for question_id in lesson.questions]
    return cells


BODY_BUILDERS: dict[str, Callable[[Content, Lesson], list[NotebookNode]]] = {
    "orientation": orientation_cells,
    "procedure": procedure_cells,
    "faq": faq_cells,
    "simulation": simulation_cells,
    "assessment": final_cells,
}


def build_lesson(content: Content, lesson: Lesson) -> NotebookNode:
    body = BODY_BUILDERS[lesson.kind](content, lesson)
    return new_notebook(
        lesson_header(lesson) + body + lesson_footer(content, lesson), "lesson", lesson.id
    )


# What ipykernel reports, without the Python version: that names the machine that built the
# notebook, not the course, and would change every notebook when the builder's Python changes.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


def new_notebook(cells: list[NotebookNode], kind: str, ident: str) -> NotebookNode:
    """A notebook with stable cell ids, so regenerating it changes only what really changed."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    notebook.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": dict(LANGUAGE_INFO),
        "certtraining": {kind: ident},
    }
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{ident}-{index:02d}"
    return notebook


INSTRUCTOR_NOTE = (
    "> **강사용 노트북입니다.** 학습자 노트북과 학습자 유인물에는 나오지 않습니다. "
    "수업 진행 방법은 같은 폴더의 [teachers_guide.md](teachers_guide.md)를 보세요."
)


def teaching_notes_cells(content: Content, notebook: InstructorNotebook) -> list[NotebookNode]:
    """Per lesson: minutes, objectives, key points and the instructor notes from data/."""
    cells = [
        md(f"# {notebook.title}\n\n{INSTRUCTOR_NOTE}"),
        code("from certtraining.lesson import *\nshow_course_map()"),
    ]
    for index, lesson in enumerate(content.lessons):
        cells += [
            md(f"## {index:02d}. {lesson.title} {anchor('notes-' + lesson.id)}"),
            code(f'show_instructor_notes("{lesson.id}", with_plan=True)'),
        ]
    return cells


def class_progress_cells(content: Content, notebook: InstructorNotebook) -> list[NotebookNode]:
    """Class summary, item analysis and two charts, from the store CERTTRAINING_DB names."""
    return [
        md(f"# {notebook.title}\n\n{INSTRUCTOR_NOTE}"),
        code("from certtraining.notebook.instructor import *\nshow_class_overview()"),
        md(
            f"## 학급 요약 {anchor('class-summary')}\n\n"
            "학습자마다 한 줄: 전체 진도, 수업별 점수(첫 시도에 맞히면 1점, 두 번째 0.5점, "
            "세 번째부터 0.25점의 평균), 최종 평가 점수와 합격 여부, 마지막 활동 시각(UTC)."
        ),
        code("show_class_summary()"),
        md(
            f"## 문항 분석 {anchor('item-analysis')}\n\n"
            "문항마다 한 줄(문제 글, 그 아래 작은 글씨로 문항 id): 푼 학습자 수, 첫 시도 정답률, "
            "평균 시도 횟수, 가장 많이 고른 오답, 난이도, 변별도(점이연, 상하 27%), 선택지마다 "
            "고른 비율(*는 정답), 확인할 점, 학습자가 '이 문제가 헷갈려요'를 누른 수. 문장이나 "
            "정답을 고친 문항은 지금 문장에 낸 답만 셉니다. **⚠ 확인**은 3명 이상이 푼 문항 가운데 첫 시도 "
            "정답률이 50% 미만인 문항입니다. 변별도가 음수이면 잘하는 학습자일수록 더 틀린 "
            "문항이니 정답과 문장을 확인하세요. 계산 방법은 docs/scoring.md에 있습니다."
        ),
        code("show_item_analysis()"),
        md(
            f"## 학습자가 헷갈린다고 한 문항 {anchor('confusion-flags')}\n\n"
            "학습자는 퀴즈마다 있는 **이 문제가 헷갈려요** 단추로 알리고, 짧은 메모를 남길 수 "
            "있습니다(이름 없이 보여 줍니다). 많이 눌린 문항부터 보여 줍니다. 문장이나 정답을 "
            "고치면 그 문항의 통계와 표시는 새 문장부터 다시 셉니다(이전 메모는 '이전 문장'으로 "
            "남습니다)."
        ),
        code("show_confusion_flags()"),
        md(f"## 최종 평가 신뢰도 {anchor('exam-reliability')}"),
        code("show_exam_reliability()"),
        md(f"## 점수 분포 {anchor('score-distribution')}"),
        code("show_score_distribution()"),
        md(f"## 절별 숙달도 {anchor('mastery-by-section')}"),
        code("show_mastery_by_section()"),
        md(
            f"## 파일로 내보내기 {anchor('export')}\n\n"
            "터미널에서 같은 보고서를 파일로 만들 수 있습니다.\n\n"
            "```\n"
            "certtraining report --what summary --format csv --out 학급요약.csv\n"
            "certtraining report --what items --format csv --out 문항분석.csv\n"
            "certtraining report --format xlsx --out 학급진도.xlsx\n"
            "```\n\n"
            "공유 서버가 없는 수업에서는 학습자가 `certtraining progress export --out 내진도.jsonl` "
            "로 만든 파일을 모아 `certtraining progress import *.jsonl` 로 합칩니다. 같은 파일을 "
            "두 번 가져와도 기록이 늘지 않습니다."
        ),
    ]


INSTRUCTOR_BUILDERS: dict[str, Callable[[Content, InstructorNotebook], list[NotebookNode]]] = {
    "lesson_notes": teaching_notes_cells,
    "class_report": class_progress_cells,
}


def build_instructor(content: Content, entry: InstructorNotebook) -> NotebookNode | None:
    """An instructor notebook from its kind's builder (no kind: written by hand, left alone)."""
    if entry.kind is None:
        return None
    return new_notebook(INSTRUCTOR_BUILDERS[entry.kind](content, entry), "instructor", entry.id)


def deterministic_env(folder: Path) -> dict[str, str]:
    """The environment every non-interactive run uses (GUIDE: deterministic notebooks)."""
    return {
        "CERTTRAINING_DB": f"sqlite:///{folder / 'progress.db'}",
        "CERTTRAINING_LEARNER": "demo-learner",
    }


def execute(notebook: NotebookNode, cwd: Path) -> NotebookNode:
    """Run every cell so that the same notebook and data give the same bytes every time.

    Widget model ids come from ``stable_ids`` instead of ``uuid4``, no execution timings are
    recorded, and the kernel's ``language_info`` (which names the Python version of whoever
    built it) is put back to the builder's. nbformat writes keys sorted, so dict order is stable.
    """
    from nbclient import NotebookClient

    from certtraining.notebook.stable_ids import kernel_arguments

    with tempfile.TemporaryDirectory(prefix="certtraining-") as scratch:
        saved = {k: os.environ.get(k) for k in ("CERTTRAINING_DB", "CERTTRAINING_LEARNER")}
        os.environ.update(deterministic_env(Path(scratch)))
        try:
            NotebookClient(
                notebook,
                timeout=120,
                kernel_name="python3",
                resources={"metadata": {"path": str(cwd)}},
                record_timing=False,
                extra_arguments=kernel_arguments(id_namespace(notebook)),
            ).execute()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    notebook.metadata["language_info"] = dict(LANGUAGE_INFO)
    return notebook


def id_namespace(notebook: NotebookNode) -> str:
    """What sets one notebook's widget ids apart from another's: its lesson or instructor id."""
    kind_and_ident = notebook.metadata.get("certtraining", {})
    return "/".join(f"{kind}:{ident}" for kind, ident in sorted(kind_and_ident.items()))


def unexecuted(notebook: NotebookNode) -> NotebookNode:
    """The notebook as the builder writes it before running it: no outputs, counts or widgets.

    Lets a test compare a committed (executed) notebook byte for byte with a fresh build.
    """
    copy = nbformat.from_dict(notebook)
    copy.metadata.pop("widgets", None)
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return copy


# The learner app (certtraining app): its home page and its editions of the lessons.
APP_HOME = "index.ipynb"
APP_HOME_TITLE = "과정 지도"


def _link(lesson: Lesson | None) -> dict[str, str] | None:
    return None if lesson is None else {"href": lesson.notebook, "title": lesson.title}


_QUIZ_CALL = re.compile(r'^(quiz_section|quiz_cautions)\("([^"]+)"\)$')


def one_quiz_per_cell(content: Content, cell: NotebookNode) -> list[NotebookNode]:
    """A cell that asks several questions, as the app serves it: one cell per question.

    The app renders progressively (each cell's outputs drawn as it finishes), and Voilà 0.5
    then draws only the widgets of a cell whose models the page already knows, up to the
    first it does not know yet: the questions after it went missing now and then. One widget
    per cell has no such gap (a widget that arrives early is drawn when its model does)."""
    match = _QUIZ_CALL.match(cell.source) if cell.cell_type == "code" else None
    if match is None:
        return [cell]
    kind, ident = match.groups()
    items = (questions_for if kind == "quiz_section" else questions_for_cautions)(ident, content)
    split = []
    for number, item in enumerate(items):
        one = code(f'quiz("{item.id}")')
        one["id"] = f"{cell['id']}-{number}"
        split.append(one)
    return split


def app_lesson(content: Content, lesson: Lesson) -> NotebookNode:
    """A lesson as the app serves it: no JupyterLab-only guidance, and in its metadata what the
    app's page template needs around it (title, previous and next lesson, the map)."""
    notebook = build_lesson(content, lesson)
    cells = []
    for cell in notebook.cells:
        if LAB_ONLY_TAG not in cell.metadata.get("tags", []):
            cells += one_quiz_per_cell(content, cell)
    notebook.cells = cells
    lessons = list(content.lessons)
    index = lessons.index(lesson)
    notebook.metadata["title"] = lesson.title  # the page title (Voilà's template reads it)
    notebook.metadata["certtraining"]["app"] = {
        "title": lesson.title,
        "number": f"{index:02d}",
        "lesson": lesson.id,
        "home": APP_HOME,
        "previous": _link(lessons[index - 1] if index > 0 else None),
        "next": _link(lessons[index + 1] if index + 1 < len(lessons) else None),
    }
    return notebook


def app_home(content: Content) -> NotebookNode:
    """The app's home page: the course map with this learner's progress, 이어서 하기, the name."""
    cells = [
        md(f"# {content.course.title}"),
        code("from certtraining.notebook.home import show_home\nshow_home()"),
    ]
    notebook = new_notebook(cells, "app", "home")
    notebook.metadata["title"] = f"{APP_HOME_TITLE} · {content.course.title}"
    notebook.metadata["certtraining"]["app"] = {
        "title": f"{APP_HOME_TITLE} · {content.course.title}",
        "home": None,
        "previous": None,
        "next": None,
    }
    return notebook


def build_app(folder: Path) -> list[Path]:
    """Write the app's pages into ``folder`` (only these: a stale page is removed, and the
    instructor notebooks are never there, so the app cannot serve them)."""
    content = load_content()
    pages = {APP_HOME: app_home(content)}
    pages.update({lesson.notebook: app_lesson(content, lesson) for lesson in content.lessons})
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.rglob("*.ipynb"):
        if stale.relative_to(folder).as_posix() not in pages:
            stale.unlink()
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    written = []
    for relative, notebook in pages.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        notary.sign(notebook)  # ours: its outputs' markup is kept
        nbformat.write(notebook, path)
        written.append(path)
    return written


def build_all(
    out_dir: Path | None = None, run: bool = False, only: list[str] | None = None
) -> list[Path]:
    """Write every lesson and instructor notebook named in the manifest; execute them if asked."""
    content = load_content()
    folder = out_dir or notebooks_dir()
    planned = [
        (lesson.id, lesson.notebook, build_lesson(content, lesson)) for lesson in content.lessons
    ]
    planned += [
        (entry.id, entry.notebook, build_instructor(content, entry))
        for entry in content.course.instructor
    ]
    written = []
    for ident, relative, notebook in planned:
        if notebook is None or (only and ident not in only):
            continue
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if run:
            execute(notebook, path.parent)
        nbformat.write(notebook, path)
        written.append(path)
    return written
