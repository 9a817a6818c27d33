"""What a handout shows in place of a course widget that has no meaning on paper.

ipywidgets outputs in nbconvert HTML are either blank (the widget script comes from a CDN)
or a raw ``VBox(children=...)`` repr. A handout shows the widget's own static rendering
when its bundle carries one, or else a short Korean note saying what is there in
JupyterLab: never a blank area, never a repr.
"""

from __future__ import annotations

import re

from certtraining.present.templates import render

KIND_NOTES: dict[str, str] = {
    "progress": "진도 막대: JupyterLab에서 이 수업을 열면 여기에 지금까지의 학습 진도가 나타납니다.",
    "name_prompt": "이름 입력: JupyterLab에서 처음 열면 여기에서 이름을 한 번 적습니다.",
    "simulator": "모의 발급 실습: JupyterLab에서 가상의 인증센터 화면을 단계별로 직접 눌러 봅니다.",
    "exam": "최종 평가: JupyterLab에서 학습자마다 정해진 평가 문항이 여기에 나타나고, 모두 제출하면 점수가 나옵니다.",
    "summary": "학습 결과 요약: JupyterLab에서 여기에 문항별 결과와 다시 볼 부분이 표로 나타납니다.",
    "review": "오늘의 복습: JupyterLab에서 여기에 오늘 다시 풀 때가 된 퀴즈 문항이 나타나고, 그 자리에서 풉니다.",
    "certificate": "수료증: JupyterLab에서 수료 조건을 모두 채우면 여기에서 이름을 적고 수료증(PDF)을 받습니다. 아직 남은 것이 있으면 그 목록이 나옵니다.",
}
# Widgets that show one learner's state: a handout is built with the demo learner, whose
# progress means nothing to a reader, so these show their note, not their static rendering.
LEARNER_STATE_KINDS = frozenset({"progress", "name_prompt", "summary", "review", "certificate"})
UNKNOWN_NOTE = (
    "이 자리에는 JupyterLab에서 직접 조작하는 대화형 요소가 있습니다. 인쇄물에서는 보이지 않습니다."
)

# The plain-text form ipywidgets gives a widget: ``VBox(children=(...))``, ``Output()``...
_WIDGET_REPR = re.compile(r"^\s*[A-Z][A-Za-z]*\((children|layout|value|options|description|\))")


def note_html(text: str, kind: str = "widget") -> str:
    return render("blocks.html.j2:widget_note", kind=kind, text=text)


def kind_note(kind: str) -> str:
    return note_html(KIND_NOTES.get(kind, UNKNOWN_NOTE), kind or "unknown")


def static_html(payload: dict[str, object]) -> str:
    """A course widget's handout rendering from its MIME payload: the simulator's static
    walk-through of its screens, the exam's size, or the note for its kind."""
    kind = str(payload.get("kind", ""))
    if kind == "simulator" and payload.get("flow"):
        from certtraining.practice.static import simulator_walkthrough_html

        try:
            return simulator_walkthrough_html(str(payload["flow"]))
        except (KeyError, ValueError):  # a flow this version does not know
            return kind_note(kind)
    if kind == "exam" and isinstance(payload.get("question_count"), int):
        return note_html(f"{KIND_NOTES['exam']} (문항 {payload['question_count']}개)", kind)
    return kind_note(kind)


def looks_like_widget_repr(text: str) -> bool:
    return bool(_WIDGET_REPR.match(text))
