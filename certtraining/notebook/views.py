"""What learners see of their progress: a live progress bar, a lesson summary, a name prompt.

Each view is an ipywidget plus a display bundle with the course's own MIME entry
(``application/vnd.certtraining.widget+json``, from which the handout builder writes a
learner-neutral note) and a deterministic ``text/plain`` for nbval. Views redraw from the
store after every record (the recorder tells them), so the bar moves as soon as an answer
is checked and shows the same numbers after a kernel restart or days later.

Everything shown in a lesson depends only on that lesson's records and on answered
questions, so with the demo learner and an empty store the output is identical on every
run, whichever other notebooks ran first against the same throw-away store.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from certtraining import events
from certtraining.learner import (
    LearnerIdError,
    normalize_learner_id,
    remember_learner,
    remembered_learner,
    resolve_learner,
)
from certtraining.notebook.plan import course_plan
from certtraining.personal.privacy import PersonalDataError, refuse_personal
from certtraining.present.blocks import FONT_STACK, Block
from certtraining.progress import recorder
from certtraining.progress.bank import CoursePlan
from certtraining.progress.scoring import MASTERY_THRESHOLD, LearnerSummary
from certtraining.progress.store import ProgressStoreError, open_store

WIDGET_MIME = "application/vnd.certtraining.widget+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
_FONT = html.escape(FONT_STACK)
_BAR_CELLS = 20


def _percent(value: float) -> int:
    return round(100 * value)


def _warning(message: str) -> Block:
    return Block(
        f'<div class="ct-progress-warning" role="alert" style="font-family:{_FONT}; '
        'border:2px solid #b35c00; background:#fff4e5; border-radius:6px; padding:0.5em 1em">'
        f"⚠ {html.escape(message)}</div>",
        f"⚠ {message}",
    )


def _summary_for(learner: str) -> LearnerSummary:
    return open_store().summarise(learner, course_plan())


# --------------------------------------------------------------------------- renderings


def progress_block(
    plan: CoursePlan, summary: LearnerSummary, lesson_id: str, learner: str
) -> Block:
    """The bar for one lesson: its own progress only (see module docstring)."""
    result = summary.lesson(lesson_id)
    percent = _percent(result.progress)
    opened = "✓" if result.opened else "아직"
    finished = "✓" if result.finished else "아직"
    if plan.lesson(lesson_id).is_exam:
        middle = f"평가 제출 {'✓' if result.exam_submitted else '아직'}"
    else:
        middle = f"문제 {result.answered}/{result.questions}"
    details = f"수업 열기 {opened} · {middle} · 끝까지 읽기 {finished}"
    filled = round(_BAR_CELLS * result.progress)
    text = (
        f"진도 [{'#' * filled}{'-' * (_BAR_CELLS - filled)}] {percent}% · {result.title} · "
        f"학습자 {learner} · {details}"
    )
    markup = (
        f'<div class="ct-progress" data-lesson="{html.escape(lesson_id)}" '
        f'style="font-family:{_FONT}; margin:0.4em 0 0.8em 0; color:#1b1b1b">'
        '<div style="display:flex; align-items:center; gap:0.8em">'
        f'<div role="progressbar" aria-label="이 수업 진도" aria-valuemin="0" '
        f'aria-valuemax="100" aria-valuenow="{percent}" style="flex:1; max-width:28em; '
        'height:0.9em; background:#e3e3e3; border-radius:0.45em; overflow:hidden">'
        f'<div style="width:{percent}%; height:100%; background:#2f6f3e"></div></div>'
        f'<strong style="font-size:1.1em">{percent}%</strong></div>'
        f'<div style="font-size:0.95em; color:#333; margin-top:0.2em">'
        f"{html.escape(result.title)} · 학습자 {html.escape(learner)} · {html.escape(details)}"
        "</div></div>"
    )
    return Block(markup, text)


def lesson_summary_frame(plan: CoursePlan, summary: LearnerSummary, lesson_id: str) -> pd.DataFrame:
    """One row per section of the lesson: questions, answered, score, status."""
    lesson = plan.lesson(lesson_id)
    rows = []
    for section in summary.sections:
        questions = set(plan.section_questions(section.section))
        if not questions & set(lesson.questions):
            continue
        if section.answered == 0:
            status = "아직 안 풂"
        elif section.mastered:
            status = "숙달 ✓"
        else:
            status = "복습 필요"
        rows.append(
            {
                "절": section.title,
                "문제": section.questions,
                "푼 문제": section.answered,
                "점수(%)": _percent(section.mastery),
                "상태": status,
            }
        )
    return pd.DataFrame(rows, columns=["절", "문제", "푼 문제", "점수(%)", "상태"])


def _table_html(frame: pd.DataFrame) -> str:
    head = "".join(
        f'<th scope="col" style="text-align:left; padding:0.3em 0.8em; '
        f'border-bottom:2px solid #555">{html.escape(str(c))}</th>'
        for c in frame.columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="padding:0.3em 0.8em; border-bottom:1px solid #ccc">{html.escape(str(v))}</td>'
            for v in row
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        '<table class="ct-summary-table" style="border-collapse:collapse; margin:0.4em 0">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def review_block(summary: LearnerSummary, link_prefix: str = "") -> Block:
    answered_any = any(s.answered for s in summary.sections)
    if not summary.review:
        sentence = (
            "아직 푼 문제가 없습니다. 수업의 퀴즈를 풀면 여기에 다시 볼 곳이 나타납니다."
            if not answered_any
            else "지금은 다시 볼 곳이 없습니다. 푼 부분을 모두 잘 익혔어요!"
        )
        return Block(f"<p>{html.escape(sentence)}</p>", sentence)
    items_html = "".join(
        f'<li><a href="{html.escape(link_prefix + item.link)}" style="color:#1f5fa8; '
        f'text-decoration:underline">{html.escape(item.title)}</a> '
        f"(점수 {_percent(item.mastery)}%)</li>"
        for item in summary.review
    )
    items_text = "\n".join(
        f"- {item.title} (점수 {_percent(item.mastery)}%) → {link_prefix}{item.link}"
        for item in summary.review
    )
    return Block(f'<ol style="margin:0.3em 0 0.3em 1.4em">{items_html}</ol>', items_text)


def summary_block(plan: CoursePlan, summary: LearnerSummary, lesson_id: str) -> Block:
    """The end-of-lesson summary: this lesson's table (or exam result), then what to review."""
    lesson = plan.lesson(lesson_id)
    result = summary.lesson(lesson_id)
    parts_html: list[str] = []
    parts_text: list[str] = []
    if lesson.is_exam:
        final = summary.final
        if final is None:
            line = "최종 평가: 아직 제출하지 않았습니다."
        else:
            verdict = "합격" if final.passed else "불합격"
            line = f"최종 평가: {final.percent:.0f}점 (합격 기준 {plan.pass_threshold:.0f}점) — {verdict}"
        parts_html.append(f"<p><strong>{html.escape(line)}</strong></p>")
        parts_text.append(line)
    else:
        frame = lesson_summary_frame(plan, summary, lesson_id)
        if frame.empty:
            line = "이 수업에는 퀴즈가 없습니다."
            parts_html.append(f"<p>{line}</p>")
            parts_text.append(line)
        else:
            mastery = _percent(result.mastery or 0.0)
            line = (
                f"이 수업 진도 {_percent(result.progress)}% · 점수 {mastery}% "
                f"(숙달 기준 {_percent(MASTERY_THRESHOLD)}%)"
            )
            parts_html += [f"<p><strong>{line}</strong></p>", _table_html(frame)]
            parts_text += [line, frame.to_string(index=False)]
    review = review_block(summary)
    parts_html.append(
        f'<div style="font-weight:700; margin-top:0.6em">다음에 복습할 곳</div>{review.html}'
    )
    parts_text.append(f"다음에 복습할 곳\n{review.text}")
    markup = (
        f'<div class="ct-summary" data-lesson="{html.escape(lesson_id)}" '
        f'style="font-family:{_FONT}; line-height:1.6; color:#1b1b1b; border:1px solid #bbb; '
        f'border-radius:6px; padding:0.6em 1em; margin:0.6em 0">'
        f'<div style="font-weight:700; font-size:1.1em; margin-bottom:0.3em">학습 결과: '
        f"{html.escape(result.title)}</div>{''.join(parts_html)}</div>"
    )
    return Block(markup, f"학습 결과: {result.title}\n" + "\n".join(parts_text))


# --------------------------------------------------------------------------- live widgets


class LiveView:
    """An ipywidgets.HTML that redraws itself from the store after each record."""

    kind = "view"

    def __init__(self, lesson_id: str | None = None):
        import ipywidgets

        self.lesson_id = lesson_id
        self.block = self.render()
        self.widget = ipywidgets.HTML(value=self.block.html)
        recorder.after_record(self)

    def _render(self, plan: CoursePlan, summary: LearnerSummary, learner: str) -> Block:
        raise NotImplementedError

    def render(self) -> Block:
        try:
            learner = resolve_learner()
            plan = course_plan()
            return self._render(plan, _summary_for(learner), learner)
        except (ProgressStoreError, LearnerIdError) as exc:
            return _warning(f"진도를 불러오지 못했습니다. {exc}")

    def refresh(self) -> None:
        self.block = self.render()
        self.widget.value = self.block.html

    def recorded(self, _record: Any) -> None:
        self.refresh()

    def store_failed(self, message: str) -> None:
        self.block = _warning(f"진도를 저장하지 못했습니다. {message}")
        self.widget.value = self.block.html

    def mime(self) -> dict[str, Any]:
        return {"kind": self.kind, "lesson": self.lesson_id}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        view = self.widget._repr_mimebundle_() or {}
        # No text/html: on paper (handouts) a learner-neutral note says what is here instead
        # of the demo learner's numbers; JupyterLab shows the live widget.
        data: dict[str, Any] = {"text/plain": self.block.text, WIDGET_MIME: self.mime()}
        if WIDGET_VIEW_MIME in view:
            data[WIDGET_VIEW_MIME] = view[WIDGET_VIEW_MIME]
        return data

    def __repr__(self) -> str:
        return self.block.text


class ProgressBar(LiveView):
    kind = "progress"

    def _render(self, plan: CoursePlan, summary: LearnerSummary, learner: str) -> Block:
        return progress_block(plan, summary, str(self.lesson_id), learner)


class LessonSummary(LiveView):
    kind = "summary"

    def _render(self, plan: CoursePlan, summary: LearnerSummary, learner: str) -> Block:
        return summary_block(plan, summary, str(self.lesson_id))

    def frame(self) -> pd.DataFrame:
        learner = resolve_learner()
        return lesson_summary_frame(course_plan(), _summary_for(learner), str(self.lesson_id))


def start_lesson(lesson_id: str) -> ProgressBar:
    """Record that the lesson was opened and show its live progress bar."""
    course_plan().lesson(lesson_id)  # unknown id: a clear KeyError before anything is stored
    recorder.ensure_recording()
    events.publish(events.LessonEvent(lesson_id, "opened"))
    return ProgressBar(lesson_id)


def finish_lesson(lesson_id: str) -> LessonSummary:
    """Record that the end was reached and show the lesson's results and what to review."""
    course_plan().lesson(lesson_id)
    recorder.ensure_recording()
    events.publish(events.LessonEvent(lesson_id, "finished"))
    return LessonSummary(lesson_id)


# --------------------------------------------------------------------------- name prompt


@dataclass(frozen=True)
class LearnerSource:
    learner: str
    source: str  # "CERTTRAINING_LEARNER" | "JUPYTERHUB_USER" | "remembered" | "os"


def learner_source() -> LearnerSource:
    for variable in ("CERTTRAINING_LEARNER", "JUPYTERHUB_USER"):
        value = os.environ.get(variable)
        if value and value.strip():
            return LearnerSource(normalize_learner_id(value), variable)
    remembered = remembered_learner()
    if remembered:
        return LearnerSource(remembered, "remembered")
    return LearnerSource(resolve_learner(), "os")


def check_name(raw: str) -> str:
    """The name as it would be stored; raises ValueError with a Korean+English message."""
    name = normalize_learner_id(raw)
    refuse_personal(name, "이름", "name")
    return name


class NamePrompt:
    """The one-time name prompt of 00_intro: remembered for every later lesson and restart."""

    kind = "name_prompt"

    def __init__(self) -> None:
        import ipywidgets

        self.source = learner_source()
        self.status = ipywidgets.HTML(value=self._status_html())
        self.message = ipywidgets.HTML(value="")
        children: list[Any] = [self.status]
        if self.source.source in ("remembered", "os"):
            self.field = ipywidgets.Text(
                value=self.source.learner if self.source.source == "remembered" else "",
                placeholder="예: 김민수",
                description="이름",
                layout=ipywidgets.Layout(width="18em"),
            )
            label = "이름 바꾸기" if self.source.source == "remembered" else "저장"
            self.button = ipywidgets.Button(description=label, button_style="primary")
            self.button.on_click(lambda _button: self.save(self.field.value))
            children += [ipywidgets.HBox([self.field, self.button]), self.message]
        self.widget = ipywidgets.VBox(children)

    def _sentence(self) -> str:
        learner, source = self.source.learner, self.source.source
        if source in ("CERTTRAINING_LEARNER", "JUPYTERHUB_USER"):
            return f"학습자 이름: {learner} (이 환경에서 정해져 있어 따로 적지 않아도 됩니다)"
        if source == "remembered":
            return f"반갑습니다, {learner} 님. 진도는 이 이름으로 저장됩니다."
        return (
            "이름을 한 번만 적어 주세요. 진도를 이 이름으로 저장합니다. "
            "주민등록번호나 전화번호는 적지 마세요."
        )

    def _status_html(self) -> str:
        return (
            f'<div class="ct-name-prompt" style="font-family:{_FONT}; font-size:1.05em; '
            f'margin:0.3em 0">{html.escape(self._sentence())}</div>'
        )

    def save(self, raw: str) -> str | None:
        """Check and remember the name; shows the result under the field."""
        try:
            name = remember_learner(check_name(raw))
        except (LearnerIdError, PersonalDataError) as exc:
            self.message.value = (
                f'<div role="alert" style="color:#a00000; font-family:{_FONT}">'
                f"{html.escape(str(exc))}</div>"
            )
            return None
        self.source = LearnerSource(name, "remembered")
        self.status.value = self._status_html()
        self.button.description = "이름 바꾸기"
        self.message.value = (
            f'<div role="status" style="color:#1d5b2c; font-family:{_FONT}">'
            f"저장했습니다: {html.escape(name)}. 다음 수업부터 이 이름으로 진도가 기록됩니다.</div>"
        )
        for view in list(recorder._after):
            view.refresh()
        return name

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        view = self.widget._repr_mimebundle_() or {}
        data: dict[str, Any] = {"text/plain": self._sentence(), WIDGET_MIME: {"kind": self.kind}}
        if WIDGET_VIEW_MIME in view:
            data[WIDGET_VIEW_MIME] = view[WIDGET_VIEW_MIME]
        return data

    def __repr__(self) -> str:
        return self._sentence()


def ask_learner_name() -> NamePrompt:
    return NamePrompt()


# --------------------------------------------------------------------------- whole course


def course_progress_frame(summary: LearnerSummary) -> pd.DataFrame:
    """One row per lesson: progress, score (mastery) and whether it is complete."""
    rows = [
        {
            "수업": lesson.title,
            "진도(%)": _percent(lesson.progress),
            "점수(%)": "—" if lesson.mastery is None else _percent(lesson.mastery),
            "완료": "✓" if lesson.complete else "",
        }
        for lesson in summary.lessons
    ]
    return pd.DataFrame(rows, columns=["수업", "진도(%)", "점수(%)", "완료"])


def course_progress() -> Block:
    """The learner's whole course: overall progress, final result and the lesson table."""
    try:
        learner = resolve_learner()
        summary = _summary_for(learner)
    except (ProgressStoreError, LearnerIdError) as exc:
        return _warning(f"진도를 불러오지 못했습니다. {exc}")
    frame = course_progress_frame(summary)
    line = f"{learner} 님의 전체 진도 {round(summary.progress_percent)}%"
    if summary.final is not None:
        line += f" · 최종 평가 {summary.final.percent:.0f}점 ({'합격' if summary.final.passed else '불합격'})"
    markup = (
        f'<div class="ct-course-progress" style="font-family:{_FONT}; line-height:1.6">'
        f"<p><strong>{html.escape(line)}</strong></p>{_table_html(frame)}</div>"
    )
    return Block(markup, f"{line}\n{frame.to_string(index=False)}")
