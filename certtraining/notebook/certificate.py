"""The 수료증 as a learner and a teacher get it: issued from the course, drawn, printed.

:mod:`certtraining.progress.certificate` decides who has earned it and computes and records
the verification code; this module joins it to the course (the rule and version in
``course.yaml``, the plan from :mod:`certtraining.notebook.plan`), draws the A4 page from
``present/templates/certificate.html.j2`` with the course's own font subset embedded, prints
it to PDF through Chromium when there is one, and offers it at the end of the final lesson
(:class:`CertificateOffer`: a name box and 수료증 받기, or the list of what is missing).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from certtraining.content import Content, load_content
from certtraining.errors import UserError
from certtraining.learner import LearnerIdError, resolve_learner
from certtraining.notebook.plan import course_plan
from certtraining.present.blocks import Block
from certtraining.present.fonts import FONT_FACE_SLOT, embed_font
from certtraining.present.mime import WIDGET_MIME, bundle
from certtraining.present.stylesheet import read as read_stylesheet
from certtraining.present.templates import fragment, render
from certtraining.progress.certificate import (
    CertificateError,
    NotEarned,
    Verification,
    issue_certificate,
    local_secret,
    missing_requirements,
    verify_certificate,
)
from certtraining.progress.records import Certificate
from certtraining.progress.service_store import ServiceStore
from certtraining.progress.store import ProgressStore, ProgressStoreError, open_store
from certtraining.settings import chromium_missing_reason, chromium_path

_TEMPLATE = "certificate.html.j2"
PRINT_TIMEOUT_S = 90
PRINT_HOWTO = (
    "Chromium이 없어 PDF 대신 HTML로 만들었습니다. 브라우저로 열고 Ctrl+P(맥은 ⌘+P) → "
    "용지 A4 → 'PDF로 저장' 또는 프린터를 고르면 인쇄됩니다. / no Chromium: wrote HTML; "
    "open it in a browser and print (A4)."
)


def no_certificate_error() -> CertificateError:
    return CertificateError(
        "이 과정은 수료증을 발급하지 않습니다 (course.yaml › certificate 가 없음) / "
        "this course issues no certificate (course.yaml has no certificate rule)"
    )


def issue(
    learner: str,
    printed_name: str,
    content: Content | None = None,
    store: ProgressStore | ServiceStore | None = None,
) -> Certificate:
    """Issue (or find again) ``learner``'s certificate under the course's rule.

    The one place that chooses where: on a laptop here, with this machine's secret; on a
    class server (the store is the service's) the progress service checks its own rule for
    the token's learner and issues with the secret only it holds.
    """
    content = content or load_content()
    rule = content.course.certificate
    if rule is None:
        raise no_certificate_error()
    store = store or open_store()
    if isinstance(store, ServiceStore):
        return store.issue_certificate(printed_name)
    return issue_certificate(
        store,
        local_secret(store),
        learner,
        printed_name,
        course_plan(content),
        rule.require,
        content.course.version,
    )


def verify(
    code: str,
    name: str | None = None,
    score: str | None = None,
    day: str | None = None,
    store: ProgressStore | ServiceStore | None = None,
) -> Verification:
    """Valid or invalid: here with this machine's secret, or by the class server's service."""
    store = store or open_store()
    if isinstance(store, ServiceStore):
        return store.verify_certificate(code, name, score, day)
    return verify_certificate(store, local_secret(store), code, name, score, day)


def korean_date(day: str) -> str:
    value = dt.date.fromisoformat(day)
    return f"{value.year}년 {value.month}월 {value.day}일"


def score_line(certificate: Certificate) -> str:
    if not certificate.possible:
        return "—"
    return (
        f"{certificate.percent:.0f}점 (100점 만점, {certificate.possible:g}문항 중 "
        f"{certificate.score:g}문항 정답)"
    )


@dataclass(frozen=True)
class PageFields:
    """What the page prints (the template's ``c``)."""

    course_title: str
    course_version: str
    issuer: str | None
    printed_name: str
    completed_on_text: str
    score_text: str
    code: str
    print_note: bool
    statement: str


STATEMENTS = {
    ("all_lessons_complete", "final_passed"): "본 과정의 모든 수업을 마치고 최종 평가에 합격하여",
    ("all_lessons_complete",): "본 과정의 모든 수업을 마쳐",
    ("final_passed",): "본 과정의 최종 평가에 합격하여",
}


def statement(require: tuple[str, ...] | list[str]) -> str:
    """The sentence the page prints, saying which rule the learner met."""
    met = tuple(name for name in ("all_lessons_complete", "final_passed") if name in require)
    return f"위 사람은 {STATEMENTS.get(met, '본 과정을 마쳐')} 이 수료증을 드립니다."


def certificate_html(
    certificate: Certificate, content: Content | None = None, print_note: bool = True
) -> str:
    """The whole A4 page, self-contained: the stylesheet and a font subset inside.

    ``print_note``: a screen-only box saying how to print it (left out for the PDF).
    """
    from certtraining.present.markup import to_text

    content = content or load_content()
    rule = content.course.certificate
    fields = PageFields(
        to_text(content.course.title),
        certificate.course_version,
        rule.issuer if rule and rule.issuer else None,
        certificate.printed_name,
        korean_date(certificate.completed_on),
        score_line(certificate),
        certificate.code,
        print_note,
        statement(rule.require if rule else ()),
    )
    page = fragment(
        f"{_TEMPLATE}:page", c=fields, course_css=read_stylesheet(), font_face_slot=FONT_FACE_SLOT
    )
    html, _face = embed_font(page)
    return html


def print_pdf(html_file: Path, pdf_file: Path) -> None:
    """Chromium's own print of the page (A4 from the page's CSS, no header or footer)."""
    with tempfile.TemporaryDirectory(prefix="certtraining-print-") as profile:
        command = [
            str(chromium_path()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_file}",
            html_file.resolve().as_uri(),
        ]
        try:
            subprocess.run(
                command,
                check=True,
                capture_output=True,
                timeout=PRINT_TIMEOUT_S,
                env={**os.environ, "LANG": "ko_KR.UTF-8"},
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise CertificateError(
                f"Chromium으로 PDF를 만들지 못했습니다 ({type(exc).__name__}). HTML 파일 "
                f"{html_file}을(를) 브라우저로 열어 인쇄하세요 / Chromium could not print the PDF"
            ) from None
    if not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        raise CertificateError(
            f"Chromium이 PDF를 만들지 않았습니다: {pdf_file} / Chromium wrote no PDF"
        )


@dataclass(frozen=True)
class Written:
    """What :func:`write_certificate` made: the file, and a Korean note when it is HTML."""

    path: Path
    note: str | None = None


def write_certificate(
    certificate: Certificate, out: Path, content: Content | None = None
) -> Written:
    """Write the certificate to ``out`` (``.pdf`` or ``.html``).

    A PDF is printed by Chromium; without Chromium the HTML is written beside the asked
    name (``.html``) with :data:`PRINT_HOWTO`.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise CertificateError(
            f"--out 은 .pdf 또는 .html 파일이어야 합니다: {out.name} / --out must end in .pdf or .html"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix != ".pdf":
        out.write_text(certificate_html(certificate, content), encoding="utf-8")
        return Written(out)
    html_file = out.with_suffix(".html")
    if chromium_missing_reason() is not None:
        html_file.write_text(certificate_html(certificate, content), encoding="utf-8")
        return Written(html_file, PRINT_HOWTO)
    with tempfile.TemporaryDirectory(prefix="certtraining-certificate-") as folder:
        page = Path(folder) / "certificate.html"
        page.write_text(certificate_html(certificate, content, print_note=False), "utf-8")
        print_pdf(page, out)
    return Written(out)


# --------------------------------------------------------------------------- the final lesson


def offer_block(heading: str, lines: list[str], note: str = "") -> Block:
    html = render(f"{_TEMPLATE}:offer", heading=heading, lines=lines, note=note)
    text = "\n".join([heading, *(f"- {line}" for line in lines), *([note] if note else [])])
    return Block(html, text)


class CertificateOffer:
    """The end of the final lesson: what is missing, or a name box and 수료증 받기.

    The certificate is written into the working folder (the notebook's folder) as PDF, or
    HTML without Chromium, and linked for download.
    """

    kind = "certificate"

    def __init__(self, folder: Path | None = None):
        import ipywidgets

        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.content = load_content()
        self.message = ipywidgets.HTML(value="")
        children: list[Any] = []
        try:
            self.learner = resolve_learner()
            self.block = self._status()
        except (ProgressStoreError, LearnerIdError) as exc:
            self.learner = None
            self.block = offer_block(f"⚠ 수료 조건을 확인하지 못했습니다. {exc}", [])
        self.status = ipywidgets.HTML(value=self.block.html)
        children.append(self.status)
        if self.earned:
            self.field = ipywidgets.Text(
                placeholder="예: 김민수",
                description="수료증 이름",
                style={"description_width": "initial"},
                layout=ipywidgets.Layout(width="22em"),
            )
            self.button = ipywidgets.Button(description="수료증 받기", button_style="primary")
            self.button.on_click(lambda _button: self.ask(self.field.value))
            children += [ipywidgets.HBox([self.field, self.button]), self.message]
        self.widget = ipywidgets.VBox(children)

    earned = False

    def _status(self) -> Block:
        rule = self.content.course.certificate
        if rule is None:
            return offer_block("이 과정은 수료증을 발급하지 않습니다.", [])
        plan = course_plan(self.content)
        summary = open_store().summarise(str(self.learner), plan)
        missing = missing_requirements(summary, plan, rule.require)
        if missing:
            return offer_block(
                "수료증: 아래를 마치면 여기에서 받을 수 있습니다.",
                missing,
                "기록은 답을 확인할 때마다 저장됩니다. 다 마친 뒤 이 칸을 다시 실행하세요.",
            )
        self.earned = True
        return offer_block(
            "수료 조건을 모두 채웠습니다. 수료증에 찍을 이름을 적고 '수료증 받기'를 누르세요.",
            [],
            "이름은 수료증에만 저장됩니다. 주민등록번호나 전화번호는 적지 마세요.",
        )

    def ask(self, printed_name: str) -> Written | None:
        """Issue and write the certificate; show a download link, or why not."""
        try:
            certificate = issue(str(self.learner), printed_name, self.content)
            suffix = ".html" if chromium_missing_reason() else ".pdf"
            name = f"수료증_{certificate.completed_on}{suffix}"
            written = write_certificate(certificate, self.folder / name, self.content)
        except (UserError, NotEarned) as exc:
            self.message.value = render(
                "progress.html.j2:name_message", message=str(exc), saved=False
            )
            return None
        sentence = f"수료증을 만들었습니다 (확인 코드 {certificate.code})."
        if written.note:
            sentence += " " + written.note.split(" / ")[0]
        self.message.value = render(
            f"{_TEMPLATE}:issued",
            sentence=sentence,
            href=written.path.name,
            label=f"{written.path.name} 내려받기",
        )
        return written

    @property
    def text(self) -> str:
        return self.block.text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return bundle(self.widget, self.text, {WIDGET_MIME: {"kind": self.kind}})

    def __repr__(self) -> str:
        return self.text


def offer_certificate(folder: Path | None = None) -> CertificateOffer:
    return CertificateOffer(folder)
