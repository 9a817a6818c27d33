"""The instructor notebook's calls (notebooks/instructor/class_progress.ipynb).

Each call reads the class from the store ``CERTTRAINING_DB`` names. While no learner has
answered a question yet, the notebook shows a made-up example class instead, said so in a
banner, so a teacher sees what the tables and charts will look like (and a test run, with
its empty throw-away store, shows the same thing every time).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import Any

import pandas as pd

from certtraining.notebook.plan import course_plan
from certtraining.present.blocks import Block
from certtraining.present.fonts import register_with_matplotlib
from certtraining.present.stylesheet import course
from certtraining.present.tables import table_block
from certtraining.present.templates import render
from certtraining.progress.report import (
    CONFUSING_BELOW_PCT,
    CONFUSING_MIN_LEARNERS,
    ClassData,
    class_summary,
    confusion_notes,
    exam_reliability,
    item_analysis,
    korean_items,
    korean_summary,
    load_class,
    section_mastery,
)
from certtraining.progress.scoring import MASTERY_THRESHOLD
from certtraining.progress.store import ProgressStore, ProgressStoreError

EXAMPLE_LEARNERS = 24

__all__ = [
    "show_class_overview",
    "show_class_summary",
    "show_confusion_flags",
    "show_exam_reliability",
    "show_item_analysis",
    "show_mastery_by_section",
    "show_score_distribution",
]


@dataclass
class ClassView:
    data: ClassData
    example: bool
    source: str


_current: ClassView | None = None


def _example_class() -> ClassData:
    from certtraining.notebook.synthetic import synthetic_class

    plan = course_plan()
    store = ProgressStore("sqlite://")
    try:
        store.import_records(list(synthetic_class(plan, EXAMPLE_LEARNERS)))
        return load_class(store, plan)
    finally:
        store.close()


def load_view(refresh: bool = False) -> ClassView:
    """The class (or the example class), loaded once per kernel until ``refresh``."""
    global _current
    if _current is None or refresh:
        store = ProgressStore()
        try:
            data = load_class(store, course_plan())
        finally:
            store.close()
        if data.has_answers:
            _current = ClassView(data, False, store.display_url)
        else:
            _current = ClassView(_example_class(), True, store.display_url)
    return _current


def _note(text: str, tone: str = "info") -> Block:
    return Block(render("progress.html.j2:class_note", message=text, warn=tone == "warn"), text)


def _colour(name: str) -> str:
    """A chart colour from the course stylesheet (charts are images: nothing to inline)."""
    return course().variable(name)


def show_class_overview() -> Block:
    """Where the numbers come from, and how many learners there are (reloads the class)."""
    try:
        view = load_view(refresh=True)
    except ProgressStoreError as exc:
        return _note(str(exc), "warn")
    learners = len(view.data.learners)
    if view.example:
        return _note(
            "아직 문제를 푼 학습자가 없어 예시 학급(가상의 학습자 "
            f"{learners}명)으로 보여 줍니다. 학습자가 퀴즈를 풀면 이 노트북을 다시 실행하세요. "
            "공유 서버(JupyterHub)가 없는 수업은 학습자의 내보내기 파일을 "
            "`certtraining progress import` 로 합친 뒤 실행합니다.",
            "warn",
        )
    return _note(
        f"학습자 {learners}명의 기록입니다. 최신 기록을 보려면 이 노트북을 다시 실행하세요."
    )


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), "—")


def show_class_summary(view: ClassView | None = None) -> Block:
    """One row per learner: progress, score per lesson, final assessment, last activity."""
    view = view or load_view()
    frame = _display(korean_summary(class_summary(view.data), view.data.plan)).set_index("학습자")
    return table_block(frame, "class-summary", "학급 요약")


def show_item_analysis(view: ClassView | None = None) -> Block:
    """One row per question, led by its Korean stem (id in small print): difficulty,
    discrimination, every option's pick rate and what to check (docs/scoring.md)."""
    view = view or load_view()
    frame = _display(korean_items(item_analysis(view.data)))
    stems = view.data.plan.stems
    columns = [c for c in frame.columns if c not in ("문항", "수업", "절")]
    rows = [
        {"stem": stems.get(qid, qid), "id": qid, "values": [str(v) for v in values]}
        for qid, values in zip(frame["문항"], frame[columns].itertuples(index=False), strict=True)
    ]
    html = render("progress.html.j2:item_table", columns=["문항", *columns], rows=rows)
    text = frame.set_index("문항")[columns].to_string()
    return Block(html, f"문항 분석\n{text}")


def show_confusion_flags(view: ClassView | None = None) -> Block:
    """Questions learners marked 이 문제가 헷갈려요: how many learners, and their notes
    (without names), most-flagged first. Notes about an earlier wording say so."""
    view = view or load_view()
    data = view.data
    counts = data.flag_counts
    notes = confusion_notes(data)
    if counts.empty and notes.empty:
        return _note("아직 '이 문제가 헷갈려요'를 누른 학습자가 없습니다.")
    order = {qid: position for position, qid in enumerate(data.plan.questions)}
    ids = sorted(
        set(counts.index) | set(notes["question_id"]),
        key=lambda q: (-int(counts.get(q, 0)), order.get(q, len(order)), q),
    )
    rows = []
    lines = []
    for qid in ids:
        mine = notes[notes["question_id"] == qid]
        row_notes = [
            {"text": text, "earlier": not current}
            for text, current in zip(mine["note"], mine["current_wording"], strict=True)
        ]
        count = int(counts.get(qid, 0))
        rows.append(
            {"stem": data.plan.stems.get(qid, qid), "id": qid, "count": count, "notes": row_notes}
        )
        said = " / ".join(n["text"] + (" (이전 문장)" if n["earlier"] else "") for n in row_notes)
        lines.append(f"{qid}: {count}명" + (f" — {said}" if said else ""))
    html = render("progress.html.j2:flag_notes_table", rows=rows)
    return Block(html, "'이 문제가 헷갈려요' 표시\n" + "\n".join(lines))


def show_exam_reliability(view: ClassView | None = None) -> Block:
    """KR-20 and the standard error of measurement of the final assessment."""
    view = view or load_view()
    result = exam_reliability(view.data)
    if result.alpha is None or result.sem_pct is None:
        return _note(
            "최종 평가의 신뢰도는 아직 계산할 수 없습니다: 평가 문항을 둘 이상 푼 학습자가 더 "
            "있어야 합니다."
        )
    return _note(
        f"최종 평가 신뢰도(KR-20) {result.alpha:.2f}, 측정의 표준오차 ±{result.sem_pct:.1f}점 "
        f"(학습자 {result.learners}명, 문항 {result.items}개, 시험지 평균 "
        f"{result.paper_length:.1f}문항). 0.7 이상이면 평가가 한 가지 능력을 일관되게 잽니다. "
        "학습자마다 시험지가 달라 문항 쌍마다 함께 푼 학습자로 계산합니다(docs/scoring.md)."
    )


@dataclass(frozen=True)
class Chart:
    """A PNG chart with a plain-text description (for nbval, screen readers and handouts)."""

    png: bytes
    description: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"image/png": base64.b64encode(self.png).decode(), "text/plain": self.description}

    def __repr__(self) -> str:
        return self.description


def _figure(width: float, height: float) -> Any:
    """A figure and the font its texts use: the course's own Korean font, added to
    matplotlib by file path, so no chart depends on the system's fonts or matplotlib's
    cache of them (a missing glyph would be a warning on stderr and an empty box)."""
    from matplotlib.figure import Figure

    families = register_with_matplotlib()
    figure = Figure(figsize=(width, height), dpi=100)
    figure.set_layout_engine("constrained")
    return figure, {"family": families}


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def show_score_distribution(view: ClassView | None = None) -> Chart:
    """How many learners scored in each band of the final assessment (or progress, if none)."""
    view = view or load_view()
    summary = class_summary(view.data)
    scores = summary["final_score_pct"].dropna().astype(float)
    what = "최종 평가 점수"
    if scores.empty:
        scores = summary["progress_pct"].astype(float)
        what = "진도"
    edges = list(range(0, 101, 10))
    counts = pd.cut(scores, bins=edges, right=False, include_lowest=True).value_counts(sort=False)
    counts.iloc[-1] += int((scores >= 100).sum())  # 100 belongs to the last band
    labels = [f"{lo}–{lo + 9}" if lo < 90 else "90–100" for lo in edges[:-1]]
    figure, font = _figure(7, 3.4)
    axes = figure.add_subplot()
    axes.bar(labels, counts.to_numpy(), color=_colour("bar-fill"))
    threshold = view.data.plan.pass_threshold
    if what == "최종 평가 점수":
        axes.axvline(
            threshold / 10 - 0.5,
            color=_colour("warn"),
            linestyle="--",
            label=f"합격 기준 {threshold:.0f}점",
        )
        axes.legend(prop={"family": font["family"]}, loc="upper left")
    axes.set_xlabel(f"{what} (%)", fontdict=font)
    axes.set_ylabel("학습자 수", fontdict=font)
    axes.set_title(f"{what} 분포 (학습자 {len(scores)}명)", fontdict=font)
    bands = ", ".join(f"{label}: {int(n)}명" for label, n in zip(labels, counts, strict=True))
    return Chart(_png(figure), f"{what} 분포 (학습자 {len(scores)}명) — {bands}")


def show_mastery_by_section(view: ClassView | None = None) -> Chart:
    """Mean score per section across the class, against the 80 % mastery line."""
    view = view or load_view()
    frame = section_mastery(view.data)
    figure, font = _figure(7, 0.38 * max(len(frame), 1) + 1.2)
    axes = figure.add_subplot()
    values = frame["mastery_pct"].to_numpy()
    threshold = 100 * MASTERY_THRESHOLD
    colours = [_colour("bar-fill") if v >= threshold else _colour("warn") for v in values]
    labels = [t if len(t) <= 24 else t[:23] + "…" for t in frame["title"]]
    axes.barh(labels, values, color=colours)
    axes.invert_yaxis()
    axes.axvline(threshold, color=_colour("chart-line"), linestyle="--")
    axes.set_xlim(0, 100)
    axes.set_xlabel("평균 점수 (%) — 점선: 숙달 기준 80%", fontdict=font)
    for label in axes.get_yticklabels():
        label.set_fontfamily(font["family"])
    axes.set_title("절별 숙달도", fontdict=font)
    lines = "; ".join(
        f"{title} {value:.0f}%" for title, value in zip(frame["title"], values, strict=True)
    )
    return Chart(_png(figure), f"절별 숙달도 (숙달 기준 {threshold:.0f}%) — {lines}")


def confusing_rule_text() -> str:
    return (
        f"'헷갈리는 문항'(⚠ 확인)은 {CONFUSING_MIN_LEARNERS}명 이상이 푼 문항 가운데 첫 시도 "
        f"정답률이 {CONFUSING_BELOW_PCT:.0f}% 미만인 문항입니다."
    )
