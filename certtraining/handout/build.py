"""Build a folder of handouts: execute each notebook (throw-away store, demo learner), export
it with ``HandoutExporter`` and write an ``index.html`` that lists the lessons in course
order (the manifest in ``data/course.yaml``).

Each notebook is executed once however many copies are written, so a test or benchmark
can build the learner and the instructor copy from one run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import nbformat
from nbformat.notebooknode import NotebookNode

from certtraining.content import load_content
from certtraining.errors import UserError
from certtraining.handout.exporter import TEMPLATE_NAME, TEMPLATES_DIR, HandoutExporter
from certtraining.present.fonts import FONT_FACE_SLOT, embed_font
from certtraining.present.markup import inline_html, to_text
from certtraining.present.stylesheet import read as read_stylesheet

LEARNER_DIR = Path("build/handouts")
INSTRUCTOR_DIR = Path("build/handouts-instructor")


class HandoutError(UserError):
    """A build problem worded for teaching staff (Korean / English), shown without traceback."""


@dataclass(frozen=True)
class HandoutCopy:
    """One folder of handouts: the learner copy, or the instructor copy with answers."""

    out_dir: Path
    answers: bool = False


@dataclass(frozen=True)
class IndexEntry:
    file_name: str
    title: str
    number: str
    minutes: str


def default_out_dir(answers: bool) -> Path:
    return INSTRUCTOR_DIR if answers else LEARNER_DIR


def lesson_notebooks() -> list[Path]:
    """Every lesson notebook of the manifest, in course order."""
    from certtraining.content import load_content
    from certtraining.settings import notebooks_dir

    return [notebooks_dir() / lesson.notebook for lesson in load_content().lessons]


def in_course_order(paths: Sequence[Path]) -> list[Path]:
    """The given notebooks in manifest order; any not in the manifest keep their order, last."""
    from certtraining.content import load_content

    order = {Path(lesson.notebook).name: i for i, lesson in enumerate(load_content().lessons)}
    indexed = list(enumerate(paths))
    indexed.sort(key=lambda pair: (order.get(pair[1].name, len(order)), pair[0]))
    return [path for _, path in indexed]


def read_notebook(path: Path) -> NotebookNode:
    if not path.is_file():
        raise HandoutError(f"노트북 파일이 없습니다 / notebook not found: {path}")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises several kinds for a damaged file
        raise HandoutError(
            f"노트북 파일을 읽을 수 없습니다 / cannot read notebook {path}: {exc}"
        ) from exc


def execute_notebook(notebook: NotebookNode, path: Path) -> NotebookNode:
    """Run it the way ``make notebooks`` does (``certtraining.notebook.build.execute``)."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from certtraining.notebook.build import execute

    try:
        return execute(notebook, path.parent)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        first_line = next((line for line in str(exc).splitlines() if line.strip()), "")
        raise HandoutError(
            f"노트북을 실행하다 오류가 났습니다 / executing {path.name} failed: {first_line}"
        ) from exc


def export_handout(notebook: NotebookNode, path: Path, answers: bool) -> tuple[str, dict]:
    exporter = HandoutExporter(answers=answers)
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)}}
    return exporter.from_notebook_node(notebook, resources=resources)


Progress = Callable[[int, int, str], None]
# Told of every file written and the bytes its embedded Korean font subset adds to it.
Written = Callable[[Path, int], None]


def build_handouts(
    notebooks: Sequence[Path],
    copies: Sequence[HandoutCopy],
    execute: bool = True,
    progress: Progress | None = None,
    on_written: Written | None = None,
) -> dict[Path, list[Path]]:
    """Write every notebook's handout into every copy's folder, then each folder's index.

    Returns the files written per folder (handouts in course order, then ``index.html``).
    """
    if any(copy.answers for copy in copies) and not load_content().has_answer_keys:
        raise HandoutError(
            "강사용 유인물에는 정답 정보가 필요합니다. 정답 없이 읽은 내용(CERTTRAINING_KEYS=off)으로는 "
            "만들 수 없습니다. / the instructor copy needs the answer keys; content was loaded "
            "without them (CERTTRAINING_KEYS=off)"
        )
    ordered = in_course_order([Path(p) for p in notebooks])
    written: dict[Path, list[Path]] = {copy.out_dir: [] for copy in copies}
    entries: dict[Path, list[IndexEntry]] = {copy.out_dir: [] for copy in copies}
    for copy in copies:
        copy.out_dir.mkdir(parents=True, exist_ok=True)
    for done, path in enumerate(ordered):
        if progress:
            progress(done, len(ordered), path.name)
        notebook = read_notebook(path)
        if execute:
            notebook = execute_notebook(notebook, path)
        for copy in copies:
            body, resources = export_handout(notebook, path, copy.answers)
            target = copy.out_dir / f"{path.stem}.html"
            target.write_text(body, encoding="utf-8")
            written[copy.out_dir].append(target)
            state = resources["handout"]
            if on_written:
                on_written(target, state.get("font_bytes", 0))
            entries[copy.out_dir].append(
                IndexEntry(
                    target.name,
                    state.get("title") or path.stem,
                    state.get("number", ""),
                    state.get("minutes", ""),
                )
            )
    if progress:
        progress(len(ordered), len(ordered), "index.html")
    for copy in copies:
        index = copy.out_dir / "index.html"
        page, face = embed_font(index_html(entries[copy.out_dir], copy.answers))
        index.write_text(page, encoding="utf-8")
        written[copy.out_dir].append(index)
        if on_written:
            on_written(index, face.added_bytes)
    return written


def index_html(entries: list[IndexEntry], answers: bool) -> str:
    """The folder's front page: the course title and every handout in course order (its font
    slot still empty: :func:`certtraining.present.fonts.embed_font` fills it)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from certtraining.content import load_content

    folder = TEMPLATES_DIR / TEMPLATE_NAME
    environment = Environment(
        loader=FileSystemLoader(folder), autoescape=select_autoescape(default=True)
    )
    course_title = load_content().course.title
    return environment.get_template("course_index.html.j2").render(
        course_title_text=to_text(course_title),
        course_title_html=_markup(inline_html(course_title)),
        entries=[
            {
                "href": e.file_name,
                "title_html": _markup(inline_html(e.title)),
                "number": e.number,
                "minutes": e.minutes,
            }
            for e in entries
        ],
        answers=answers,
        font_face_slot=_markup(FONT_FACE_SLOT),
        course_css=_markup(read_stylesheet()),
        css=_markup((folder / "handout.css").read_text(encoding="utf-8")),
    )


def _markup(text: str) -> object:
    from markupsafe import Markup

    return Markup(text)  # noqa: S704 - built by certtraining.present.markup, which escapes first


class ProgressBar:
    """A one-line progress bar on stderr while several handouts build (plain lines when
    stderr is not a terminal, so logs stay readable)."""

    def __init__(self, stream: TextIO | None = None, width: int = 24):
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = self.stream.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        filled = round(self.width * done / total) if total else self.width
        bar = "█" * filled + "·" * (self.width - filled)
        line = f"유인물 만드는 중 / building handouts [{bar}] {done}/{total} {label}"
        if self.tty:
            end = "\n" if done == total else ""
            self.stream.write(f"\r\x1b[2K{line}{end}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
