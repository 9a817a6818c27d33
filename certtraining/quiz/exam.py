"""Exam mode (``05_final_assessment``): one paper per learner, no feedback until it is submitted.

The paper follows the course's blueprint (``data/course.yaml``: how many questions from each
part, which questions never share a paper; :mod:`certtraining.content.blueprint`), drawn with
a seed from the learner id (resolved the GUIDE's way), so a learner who restarts the kernel
gets the same paper and two learners get different ones. Choices are shuffled with the same seed. Grading is a pure function
(:func:`grade`) so scoring is testable without widgets; the widget only collects answers,
publishes ``AnswerChecked(mode="exam")`` per question and one ``ExamSubmitted``, and shows the
score, pass or fail and a review of every wrong answer.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, replace
from typing import Any

import ipywidgets as widgets

from certtraining.classlink import ServiceUnreachable
from certtraining.content import load_content
from certtraining.content.blueprint import ExamPlan, draw, exam_plan
from certtraining.content.models import Content
from certtraining.events import AnswerChecked, ExamSubmitted, publish
from certtraining.learner import resolve_learner
from certtraining.present.markup import to_html
from certtraining.present.templates import render, safe
from certtraining.quiz.bank import AnswerError, _rng, question, review_anchor
from certtraining.quiz.checker import (
    Checker,
    CheckResult,
    CheckUnavailable,
    checker_for,
    version_of,
)
from certtraining.quiz.display import WIDGET_MIME, bundle
from certtraining.quiz.widgets import (
    QUIZ_STYLE,
    QuestionWidget,
    notice_html,
    result_html,
    review_text,
)


@dataclass(frozen=True)
class ExamPaper:
    """Which questions a learner gets, and the seed that shuffles their choices.

    ``seed`` is a hash of the learner id, so the id itself never reaches an output.
    """

    seed: str
    question_ids: tuple[str, ...]


def exam_seed(learner_id: str) -> str:
    return hashlib.sha256(f"certtraining-exam:{learner_id}".encode()).hexdigest()[:16]


def exam_paper(learner_id: str, content: Content | None = None) -> ExamPaper:
    """The learner's paper, drawn by the blueprint with a learner seed."""
    seed = exam_seed(learner_id)
    return ExamPaper(seed, draw(exam_plan(content or load_content()), _rng(seed)))


def paper_plan(content: Content | None = None) -> ExamPlan:
    """The blueprint as the exam draws it (for previews and checks)."""
    return exam_plan(content or load_content())


@dataclass(frozen=True)
class ExamResult:
    """A graded paper (shaped like otter-grader's results: total, possible, percent)."""

    score: int
    possible: int
    percent: int
    passed: bool
    threshold: int
    results: tuple[CheckResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "possible": self.possible,
            "percent": self.percent,
            "passed": self.passed,
            "threshold": self.threshold,
            "wrong": [r.question_id for r in self.results if not r.correct],
        }


def _unanswered(question_id: str, explanation: str) -> CheckResult:
    return CheckResult(question_id, False, "", None, (), explanation)


def grade(
    paper: ExamPaper,
    answers: list[Any],
    content: Content | None = None,
    checker: Checker | None = None,
) -> ExamResult:
    """Score answers (``None`` = not answered, counted wrong) against the pass threshold.

    Raises ``CheckUnavailable`` when the checker holds no keys.
    """
    content = content or load_content()
    checker = checker or checker_for(content)
    results = []
    kept: CheckUnavailable | None = None
    for question_id, answer in zip(paper.question_ids, answers, strict=True):
        try:
            if answer is None:
                raise AnswerError("not answered")
            results.append(checker.check(question_id, answer, mode="exam"))
        except AnswerError:
            unanswered = _unanswered(question_id, checker.explain(question_id))
            results.append(replace(unanswered, question_version=version_of(checker, question_id)))
        except CheckUnavailable as exc:
            if not getattr(exc, "question_id", None) or not checker.can_check:
                raise
            # The class service is away: this answer is kept (as an exam answer) and so is
            # every other one of the paper; all are checked once it is back.
            kept = exc
    if kept is not None:
        raise kept
    score = sum(1 for r in results if r.correct)
    possible = len(results)
    percent = round(100 * score / possible) if possible else 0
    threshold = content.course.pass_threshold
    return ExamResult(score, possible, percent, percent >= threshold, threshold, tuple(results))


class ExamWidget(widgets.VBox):
    """The whole paper with one 제출 button; nothing is checked until it is pressed."""

    def __init__(
        self,
        learner_id: str | None = None,
        content: Content | None = None,
        checker: Checker | None = None,
    ):
        self.content = content or load_content()
        self.checker = checker or checker_for(self.content)
        self.paper = exam_paper(learner_id or resolve_learner(), self.content)
        issue = getattr(self.checker, "exam_paper", None)
        if issue is not None:  # the class service issues (and records) the paper
            # Unreachable: the same draw from the same learner id; the service checks it later.
            with contextlib.suppress(ServiceUnreachable):
                self.paper = ExamPaper(self.paper.seed, issue())
        self.threshold = self.content.course.pass_threshold
        self.items = [
            QuestionWidget(
                question(qid, self.content),
                mode="exam",
                seed=f"exam:{self.paper.seed}",
                number=number,
                content=self.content,
                checker=self.checker,
            )
            for number, qid in enumerate(self.paper.question_ids, start=1)
        ]
        count = len(self.items)
        self.intro = widgets.HTML(
            QUIZ_STYLE + render("quiz.html.j2:exam_intro", count=count, threshold=self.threshold)
        )
        self.submit_button = widgets.Button(
            description="제출",
            tooltip="답안 전체를 제출하고 점수를 봅니다",
            button_style="primary",
            icon="paper-plane",
        )
        self.again_button = widgets.Button(
            description="다시 응시",
            tooltip="답을 모두 지우고 같은 문제로 다시 풉니다",
            icon="refresh",
            layout=widgets.Layout(display="none"),
        )
        self.submit_button.on_click(lambda _: self.submit())
        self.again_button.on_click(lambda _: self.restart())
        self.outcome = widgets.HTML("")
        self.result: ExamResult | None = None
        self._confirm_unanswered = False
        super().__init__(
            [
                self.intro,
                *self.items,
                widgets.HBox(
                    [self.submit_button, self.again_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.outcome,
            ],
            layout=widgets.Layout(width="auto"),
        )
        self.add_class("ct-exam")

    def submit(self) -> ExamResult | None:
        """Grade the paper; first ask again if some questions have no answer yet."""
        answers = [item.answer() for item in self.items]
        missing = [str(n) for n, a in enumerate(answers, start=1) if a is None]
        if missing and not self._confirm_unanswered:
            self._confirm_unanswered = True
            self.outcome.value = notice_html(
                f"답하지 않은 문항이 있습니다: {', '.join(missing)}번. 답하지 않은 문항은 틀린 것으로 "
                "셉니다. 그래도 제출하려면 제출을 한 번 더 누르세요."
            )
            return None
        try:
            result = grade(self.paper, answers, self.content, self.checker)
        except CheckUnavailable as exc:
            self.outcome.value = notice_html(str(exc).split(" / ")[0])
            return None
        self.result = result
        for item, checked in zip(self.items, result.results, strict=True):
            item.input.disable()
            anchor = review_anchor(item.question, self.content)
            publish(
                AnswerChecked(
                    question_id=item.question.id,
                    answer=checked.answer,
                    correct=checked.correct,
                    mode="exam",
                    lesson=anchor.lesson,
                    section=anchor.section,
                    question_version=checked.question_version,
                )
            )
            item.feedback.value = render("quiz.html.j2:exam_mark", correct=checked.correct)
            if item.feedback not in item.children:
                item.children = (*item.children, item.feedback)
        publish(
            ExamSubmitted(
                score=float(result.score),
                possible=float(result.possible),
                passed=result.passed,
                question_ids=self.paper.question_ids,
            )
        )
        self.outcome.value = self._outcome_html(result)
        self.submit_button.disabled = True
        self.again_button.layout.display = None
        return result

    def restart(self) -> None:
        for item in self.items:
            item.input.reset()
            item.input.disable(False)
            item.feedback.value = ""
        self.outcome.value = ""
        self.result = None
        self._confirm_unanswered = False
        self.submit_button.disabled = False
        self.again_button.layout.display = "none"

    def _outcome_html(self, result: ExamResult) -> str:
        wrong = []
        for number, (item, checked) in enumerate(
            zip(self.items, result.results, strict=True), start=1
        ):
            if checked.correct:
                continue
            review = review_text(item.question, self.content)
            wrong.append(
                {
                    "number": number,
                    "prompt_html": safe(to_html(item.question.prompt)),
                    "result_html": safe(result_html(checked, review)) if checked.feedback else "",
                    "explanation_html": safe(to_html(checked.explanation)),
                    "review": review,
                }
            )
        return render(
            "quiz.html.j2:exam_outcome",
            passed=result.passed,
            percent=result.percent,
            possible=result.possible,
            score=result.score,
            threshold=result.threshold,
            wrong=wrong,
        )

    def __repr__(self) -> str:
        return (
            f"최종 평가: {len(self.items)}문항, 합격 기준 {self.threshold}점 "
            "(제출하기 전에는 정답과 해설이 보이지 않습니다)"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return bundle(
            self, repr(self), {WIDGET_MIME: {"kind": "exam", "question_count": len(self.items)}}
        )
