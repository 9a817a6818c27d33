"""The learner app's home page: who is learning, the course map with their progress, 이어서 하기.

The app (``certtraining app``) renders this from its ``index.ipynb`` in a fresh kernel each time
the page opens, so the map always shows the store as it is now. Identity resolves as everywhere
else (:func:`certtraining.learner.resolve_learner`). "No name known" means no
``CERTTRAINING_LEARNER``, no ``JUPYTERHUB_USER`` and no remembered name: the OS user is only a
fallback for JupyterLab, so the home page asks for a name first and shows the map after it.
"이름 바꾸기" (offered only for a remembered name: a hub or a teacher's variable decides the
others) forgets the name, so the prompt comes back: a family computer, one learner at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from certtraining.learner import LearnerIdError, forget_learner, remember_learner
from certtraining.notebook.plan import course_plan
from certtraining.notebook.views import check_name, learner_source
from certtraining.personal.privacy import PersonalDataError
from certtraining.present.mime import WIDGET_MIME, bundle
from certtraining.present.templates import render
from certtraining.progress.scoring import LearnerSummary
from certtraining.progress.store import ProgressStoreError, open_store

_VIEWS = "progress.html.j2"


@dataclass(frozen=True)
class MapRow:
    number: str
    title: str
    href: str
    percent: int
    complete: bool


def map_rows(summary: LearnerSummary) -> list[MapRow]:
    """Every lesson in course order with this learner's progress in it."""
    plan = course_plan()
    return [
        MapRow(
            number=f"{index:02d}",
            title=result.title,
            href=plan.lesson(result.lesson).notebook,
            percent=round(100 * result.progress),
            complete=result.complete,
        )
        for index, result in enumerate(summary.lessons)
    ]


def continue_row(rows: list[MapRow]) -> MapRow | None:
    """Where 이어서 하기 goes: the first lesson not yet complete (None: all are)."""
    return next((row for row in rows if not row.complete), None)


def home_map_html(learner: str) -> str:
    try:
        summary = open_store().summarise(learner, course_plan())
    except ProgressStoreError as exc:
        return render(f"{_VIEWS}:warning", message=f"진도를 불러오지 못했습니다. {exc}")
    rows = map_rows(summary)
    return render(
        f"{_VIEWS}:app_home",
        rows=rows,
        next_row=continue_row(rows),
        first=rows[0] if rows else None,
        overall=round(summary.progress_percent),
    )


class Home:
    """The home page's one widget; it redraws itself when the name is saved or forgotten."""

    def __init__(self) -> None:
        import ipywidgets

        self.greeting = ipywidgets.HTML()
        self.field = ipywidgets.Text(placeholder="예: 김민수", description="이름")
        self.save_button = ipywidgets.Button(description="저장", button_style="primary")
        self.save_button.on_click(lambda _b: self.save(self.field.value))
        self.change_button = ipywidgets.Button(description="이름 바꾸기")
        self.change_button.on_click(lambda _b: self.change_name())
        self.message = ipywidgets.HTML()
        self.form = ipywidgets.HBox([self.field, self.save_button])
        self.map = ipywidgets.HTML()
        self.widget = ipywidgets.VBox(
            [self.greeting, self.form, self.change_button, self.message, self.map]
        )
        self.widget.add_class("ct-app-home")
        self.redraw()

    def redraw(self) -> None:
        try:
            source = learner_source()
        except LearnerIdError as exc:  # a CERTTRAINING_LEARNER we refuse: say so, ask nothing
            self.greeting.value = render(f"{_VIEWS}:warning", message=str(exc))
            for part in (self.form, self.change_button, self.map):
                part.layout.display = "none"
            return
        named = source.source != "os"
        if source.source == "remembered":
            sentence = f"반갑습니다, {source.learner} 님. 진도는 이 이름으로 저장됩니다."
        elif named:
            sentence = f"학습자: {source.learner}"
        else:
            sentence = (
                "처음 오셨군요. 이름을 한 번만 적고 저장을 누르세요. 진도를 이 이름으로 "
                "저장합니다. 주민등록번호나 전화번호는 적지 마세요."
            )
        self.greeting.value = render(f"{_VIEWS}:name_status", sentence=sentence)
        self.form.layout.display = "none" if named else None
        self.change_button.layout.display = None if source.source == "remembered" else "none"
        self.map.layout.display = None if named else "none"
        self.map.value = home_map_html(source.learner) if named else ""

    def save(self, raw: str) -> str | None:
        try:
            name = remember_learner(check_name(raw))
        except (LearnerIdError, PersonalDataError) as exc:
            self.message.value = render(f"{_VIEWS}:name_message", message=str(exc), saved=False)
            return None
        self.message.value = ""
        self.field.value = ""
        self.redraw()
        return name

    def change_name(self) -> None:
        forget_learner()
        self.message.value = ""
        self.redraw()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return bundle(self.widget, "과정 지도", {WIDGET_MIME: {"kind": "app_home"}})


def show_home() -> Home:
    return Home()
