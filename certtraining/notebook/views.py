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

import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from certtraining import events
from certtraining.classlink import on_class_server
from certtraining.learner import (
    LearnerIdError,
    normalize_learner_id,
    remember_learner,
    remembered_learner,
    resolve_learner,
)
from certtraining.notebook.plan import course_plan
from certtraining.personal.privacy import PersonalDataError, refuse_personal
from certtraining.present.blocks import Block
from certtraining.present.mime import WIDGET_MIME, WIDGET_VIEW_MIME, bundle
from certtraining.present.templates import render
from certtraining.progress import recorder
from certtraining.progress.bank import CoursePlan
from certtraining.progress.scoring import MASTERY_THRESHOLD, LearnerSummary, mastery
from certtraining.progress.store import ProgressStoreError, open_store

_VIEWS = "progress.html.j2"
_BAR_CELLS = 20


def _percent(value: float) -> int:
    return round(100 * value)


def _warning(message: str) -> Block:
    return Block(render(f"{_VIEWS}:warning", message=message), f"⚠ {message}")


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
    markup = render(
        f"{_VIEWS}:progress_bar",
        lesson_id=lesson_id,
        percent=percent,
        title=result.title,
        learner=learner,
        details=details,
    )
    return Block(markup, text)


def lesson_summary_frame(plan: CoursePlan, summary: LearnerSummary, lesson_id: str) -> pd.DataFrame:
    """One row per section of the lesson: questions, answered, score, status.

    Only the questions this lesson counts (it shows them outside its "더 풀어 보기" part):
    a section's questions asked in another lesson count there.
    """
    rows = []
    for section in summary.sections:
        ids = plan.section_questions(section.section, lesson_id)
        if not ids:
            continue
        answered = sum(1 for q in ids if q in summary.questions)
        score = mastery(ids, summary.questions) or 0.0
        if answered == 0:
            status = "아직 안 풂"
        elif score >= MASTERY_THRESHOLD - 1e-9:
            status = "숙달 ✓"
        else:
            status = "복습 필요"
        rows.append(
            {
                "절": section.title,
                "문제": len(ids),
                "푼 문제": answered,
                "점수(%)": _percent(score),
                "상태": status,
            }
        )
    return pd.DataFrame(rows, columns=["절", "문제", "푼 문제", "점수(%)", "상태"])


def _table_html(frame: pd.DataFrame) -> str:
    return render(
        f"{_VIEWS}:table",
        columns=[str(c) for c in frame.columns],
        rows=[[str(v) for v in row] for row in frame.itertuples(index=False)],
    )


def _review_sentence(summary: LearnerSummary) -> str:
    if any(s.answered for s in summary.sections):
        return "지금은 다시 볼 곳이 없습니다. 푼 부분을 모두 잘 익혔어요!"
    return "아직 푼 문제가 없습니다. 수업의 퀴즈를 풀면 여기에 다시 볼 곳이 나타납니다."


def _review_items(summary: LearnerSummary, link_prefix: str) -> list[dict[str, object]]:
    return [
        {"href": link_prefix + item.link, "title": item.title, "percent": _percent(item.mastery)}
        for item in summary.review
    ]


def review_block(summary: LearnerSummary, link_prefix: str = "") -> Block:
    sentence = _review_sentence(summary)
    markup = render(
        f"{_VIEWS}:review", sentence=sentence, items=_review_items(summary, link_prefix)
    )
    if not summary.review:
        return Block(markup, sentence)
    items_text = "\n".join(
        f"- {item.title} (점수 {_percent(item.mastery)}%) → {link_prefix}{item.link}"
        for item in summary.review
    )
    return Block(markup, items_text)


def summary_block(plan: CoursePlan, summary: LearnerSummary, lesson_id: str) -> Block:
    """The end-of-lesson summary: this lesson's table (or exam result), then what to review."""
    lesson = plan.lesson(lesson_id)
    result = summary.lesson(lesson_id)
    parts_text: list[str] = []
    line = note = ""
    frame = pd.DataFrame()
    if lesson.is_exam:
        final = summary.final
        if final is None:
            line = "최종 평가: 아직 제출하지 않았습니다."
        else:
            verdict = "합격" if final.passed else "불합격"
            line = f"최종 평가: {final.percent:.0f}점 (합격 기준 {plan.pass_threshold:.0f}점) — {verdict}"
        parts_text.append(line)
    else:
        frame = lesson_summary_frame(plan, summary, lesson_id)
        if frame.empty:
            note = "이 수업에는 퀴즈가 없습니다."
            parts_text.append(note)
        else:
            mastery = _percent(result.mastery or 0.0)
            line = (
                f"이 수업 진도 {_percent(result.progress)}% · 점수 {mastery}% "
                f"(숙달 기준 {_percent(MASTERY_THRESHOLD)}%)"
            )
            parts_text += [line, frame.to_string(index=False)]
    review = review_block(summary)
    parts_text.append(f"다음에 복습할 곳\n{review.text}")
    markup = render(
        f"{_VIEWS}:summary",
        lesson_id=lesson_id,
        title=result.title,
        line=line,
        note=note,
        columns=[str(c) for c in frame.columns],
        rows=[[str(v) for v in row] for row in frame.itertuples(index=False)],
        review_sentence=_review_sentence(summary),
        review_items=_review_items(summary, ""),
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
        # No text/html: on paper (handouts) a learner-neutral note says what is here instead
        # of the demo learner's numbers; JupyterLab shows the live widget.
        return bundle(self.widget, self.block.text, {WIDGET_MIME: self.mime()})

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


END_CLASS = "ct-lesson-end"
END_DONE_CLASS = "ct-lesson-end-done"
END_LABEL = "끝까지 읽었어요 ✓"
END_DONE_LABEL = "끝까지 읽음 ✓"


class LessonEnd(LessonSummary):
    """The end of a lesson: the marker that records "finished", then the lesson's results.

    Running the last cell records nothing (Run All, or the app running every cell as the page
    opens, would count a lesson read the moment it opened). "Finished" is recorded when the
    learner reaches this marker: in JupyterLab by pressing it; in the app when it scrolls into
    view or the learner presses 다음 수업 (the app's page script presses it then). See
    docs/scoring.md.
    """

    def __init__(self, lesson_id: str) -> None:
        import ipywidgets

        super().__init__(lesson_id)
        self._reached = False
        self.button = ipywidgets.Button(description=END_LABEL, button_style="success")
        self.button.add_class(END_CLASS)
        self.button.on_click(lambda _button: self.reach_end())
        if self._already_finished():
            self._reached = True
            self._show_done()
        self.box = ipywidgets.VBox([self.button, self.widget])

    def _already_finished(self) -> bool:
        try:
            return _summary_for(resolve_learner()).lesson(str(self.lesson_id)).finished
        except (ProgressStoreError, LearnerIdError):
            return False

    def _show_done(self) -> None:
        self.button.description = END_DONE_LABEL
        self.button.disabled = True
        self.button.add_class(END_DONE_CLASS)

    def reach_end(self) -> None:
        """Record that the learner reached the end of the lesson (once per page)."""
        if self._reached:
            return
        self._reached = True
        events.publish(events.LessonEvent(str(self.lesson_id), "finished"))
        self._show_done()  # after the record: the app's page waits for this to leave

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        data = super()._repr_mimebundle_(include, exclude)
        view = self.box._repr_mimebundle_() or {}
        if WIDGET_VIEW_MIME in view:
            data[WIDGET_VIEW_MIME] = view[WIDGET_VIEW_MIME]
        return data


def finish_lesson(lesson_id: str) -> LessonEnd:
    """Show the end-of-lesson marker and the lesson's results; "finished" is recorded when the
    learner reaches the marker, not when this runs (see :class:`LessonEnd`)."""
    course_plan().lesson(lesson_id)
    recorder.ensure_recording()
    return LessonEnd(lesson_id)


# --------------------------------------------------------------------------- name prompt


@dataclass(frozen=True)
class LearnerSource:
    learner: str
    source: str  # "CERTTRAINING_LEARNER" | "JUPYTERHUB_USER" | "remembered" | "os"


def learner_source() -> LearnerSource:
    """Who the learner is and what decided it, in :func:`resolve_learner`'s order (on a class
    server the hub user, whatever ``CERTTRAINING_LEARNER`` says)."""
    variables = ("CERTTRAINING_LEARNER", "JUPYTERHUB_USER")
    for variable in variables[1:] if on_class_server() else variables:
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
        return render(f"{_VIEWS}:name_status", sentence=self._sentence())

    def save(self, raw: str) -> str | None:
        """Check and remember the name; shows the result under the field."""
        try:
            name = remember_learner(check_name(raw))
        except (LearnerIdError, PersonalDataError) as exc:
            self.message.value = render(f"{_VIEWS}:name_message", message=str(exc), saved=False)
            return None
        self.source = LearnerSource(name, "remembered")
        self.status.value = self._status_html()
        self.button.description = "이름 바꾸기"
        self.message.value = render(f"{_VIEWS}:name_message", message=name, saved=True)
        for view in list(recorder._after):
            view.refresh()
        return name

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return bundle(self.widget, self._sentence(), {WIDGET_MIME: {"kind": self.kind}})

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
    markup = render(
        f"{_VIEWS}:course_progress",
        line=line,
        columns=[str(c) for c in frame.columns],
        rows=[[str(v) for v in row] for row in frame.itertuples(index=False)],
    )
    return Block(markup, f"{line}\n{frame.to_string(index=False)}")
