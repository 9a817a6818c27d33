"""``certtraining report`` and ``certtraining progress export|import``.

Instructors run these against the store ``CERTTRAINING_DB`` names (the same default as the
lessons). A failure is raised as a UserError; the one handler in ``cli.main`` prints it.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import Any

from certtraining.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser(
        "report",
        help="학급 진도 보고서 / class progress report",
        description="학급 요약(학습자별)과 문항 분석(문항별). 저장소: CERTTRAINING_DB.",
    )
    report.add_argument(
        "--what",
        choices=["summary", "items", "flags"],
        default=None,
        help="summary = 학습자별 요약, items = 문항 분석, flags = '이 문제가 헷갈려요' 메모 "
        "(기본: 모두; csv는 하나만)",
    )
    report.add_argument(
        "--format",
        choices=["table", "csv", "xlsx", "moodle-csv", "canvas-csv"],
        default="table",
        help="moodle-csv / canvas-csv = 학습자마다 한 줄, 성적부 가져오기용 (docs/exports.md)",
    )
    report.add_argument("--out", default=None, help="파일로 저장 (기본: 화면에 출력)")
    report.add_argument(
        "--token",
        default=None,
        help="진도 서버에 보낼 허브 토큰 (CERTTRAINING_DB가 진도 서버일 때; 기본: JUPYTERHUB_API_TOKEN) / the hub token for the class service",
    )
    report.set_defaults(handler=_report)

    progress = subparsers.add_parser(
        "progress", help="진도 기록 내보내기·가져오기 (JSON Lines) / export and import progress"
    )
    actions = progress.add_subparsers(dest="progress_command", required=True)
    export = actions.add_parser(
        "export", help="기록을 JSON Lines 또는 xAPI 문장으로 / write records (JSON Lines or xAPI)"
    )
    export.add_argument("--learner", default=None, help="이 학습자만 (기본: 모두)")
    export.add_argument(
        "--format",
        choices=["jsonl", "xapi"],
        default="jsonl",
        help="jsonl = 가져오기용 기록, xapi = xAPI 1.0.3 문장 (LRS용, 정답 정의 포함)",
    )
    export.add_argument(
        "--home-page",
        default=None,
        help="xAPI 학습자 계정의 homePage (기본: CERTTRAINING_XAPI_HOME_PAGE)",
    )
    export.add_argument("--out", default=None, help="만들 파일 (xapi는 생략하면 화면에 출력)")
    export.add_argument(
        "--push",
        default=None,
        metavar="URL",
        help="xapi 문장을 이 LRS로 보내기 (인증: CERTTRAINING_LRS_USER / CERTTRAINING_LRS_PASSWORD)",
    )
    export.add_argument("--batch-size", type=int, default=200, help="LRS로 한 번에 보낼 문장 수")
    export.set_defaults(handler=_export)
    imported = actions.add_parser("import", help="JSON Lines 파일 합치기 / merge files")
    imported.add_argument("files", nargs="+", help="가져올 .jsonl 파일들")
    imported.add_argument(
        "--token",
        default=None,
        help="진도 서버에 보낼 허브 토큰 (CERTTRAINING_DB가 진도 서버일 때; 기본: JUPYTERHUB_API_TOKEN) / the hub token for the class service",
    )
    imported.set_defaults(handler=_import)


def _service_store(token: str | None) -> Any:
    """The class service's store when ``CERTTRAINING_DB`` names it, with ``--token`` (default
    ``JUPYTERHUB_API_TOKEN``: the teacher's own hub token); else None."""
    from certtraining.classlink import service_url

    url = service_url()
    if url is None:
        return None
    from certtraining.progress.service_store import ServiceStore

    return ServiceStore(url, token or None)


def _frames(what: str | None, token: str | None = None) -> dict[str, object]:
    from certtraining.notebook.plan import course_plan
    from certtraining.progress.report import (
        class_summary,
        confusion_notes,
        item_analysis,
        load_class,
    )
    from certtraining.progress.store import ProgressStore

    service = _service_store(token)
    if service is not None:  # a class server: the service computes the same tables
        return service.report(what)  # type: ignore[no-any-return]
    store = ProgressStore()
    try:
        data = load_class(store, course_plan())
    finally:
        store.close()
    frames: dict[str, object] = {}
    if what in (None, "summary"):
        frames["summary"] = class_summary(data)
    if what in (None, "items"):
        frames["items"] = item_analysis(data)
    if what in (None, "flags"):
        frames["flags"] = confusion_notes(data)
    return frames


def _report(args: argparse.Namespace) -> int:
    if args.format == "csv" and args.what is None:
        raise UserError(
            "CSV 파일에는 표 하나만 담습니다. --what summary, items, flags 가운데 하나를 "
            "고르세요. / CSV holds one table: choose --what summary, items or flags."
        )
    if args.format == "xlsx" and not args.out:
        raise UserError("xlsx는 --out 파일 이름이 필요합니다. / xlsx needs --out FILE.")
    if args.format in ("moodle-csv", "canvas-csv"):
        return _gradebook(args)
    frames = _frames(args.what, args.token)
    if args.format == "csv":
        (frame,) = frames.values()
        if args.out:
            frame.to_csv(args.out, index=False, encoding="utf-8-sig")  # type: ignore[attr-defined]
            print(f"✓ {args.out}", file=sys.stderr)
        else:
            frame.to_csv(sys.stdout, index=False)  # type: ignore[attr-defined]
        return 0
    if args.format == "xlsx":
        import pandas as pd

        with pd.ExcelWriter(args.out, engine="openpyxl") as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name, index=False)  # type: ignore[attr-defined]
        print(f"✓ {args.out}", file=sys.stderr)
        return 0
    text = _table_text(frames)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"✓ {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _gradebook(args: argparse.Namespace) -> int:
    """One row per learner in the layout a Moodle or Canvas gradebook import takes."""
    from certtraining.progress.lms import LMS_FORMATS

    if args.what in ("items", "flags"):
        raise UserError(
            f"성적부 파일은 학습자마다 한 줄입니다: --what {args.what} 와 함께 쓸 수 없습니다. / "
            f"gradebook files hold one row per learner; --what {args.what} does not apply."
        )
    text = LMS_FORMATS[args.format](_frames("summary", args.token)["summary"])  # type: ignore[arg-type]
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8", newline="")
        print(f"✓ {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _table_text(frames: dict[str, object]) -> str:
    import pandas as pd

    from certtraining.notebook.plan import course_plan
    from certtraining.progress.report import korean_flag_notes, korean_items, korean_summary

    titles = {
        "summary": "학급 요약 / class summary",
        "items": "문항 분석 / item analysis",
        "flags": "'이 문제가 헷갈려요' 메모 / learners' confusion notes",
    }
    shown_as = {
        "summary": lambda frame: korean_summary(frame, course_plan()),
        "items": korean_items,
        "flags": korean_flag_notes,
    }
    out = io.StringIO()
    with pd.option_context(
        "display.unicode.east_asian_width",
        True,
        "display.width",
        250,
        "display.max_columns",
        None,
        "display.max_rows",
        None,
        "display.max_colwidth",
        40,
    ):
        for name, frame in frames.items():
            assert isinstance(frame, pd.DataFrame)
            out.write(f"## {titles[name]} ({len(frame)})\n")
            if frame.empty:
                out.write("아직 기록이 없습니다. / no records yet.\n\n")
                continue
            shown = shown_as[name](frame)
            out.write(shown.to_string(index=False) + "\n\n")
    return out.getvalue()


HOME_PAGE_ENV = "CERTTRAINING_XAPI_HOME_PAGE"


def _export(args: argparse.Namespace) -> int:
    from certtraining.progress.jsonl import export_jsonl
    from certtraining.progress.records import check_learner
    from certtraining.progress.store import ProgressStore

    learner = check_learner(args.learner) if args.learner is not None else None
    if args.format == "xapi":
        return _export_xapi(args, learner)
    if args.push:
        raise UserError("--push 는 --format xapi 와 함께 씁니다 / --push needs --format xapi")
    if args.out is None:
        raise UserError("--out 파일을 지정해 주세요 / --out is required for jsonl")
    store = ProgressStore()
    try:
        count = export_jsonl(store, Path(args.out), learner)
    finally:
        store.close()
    print(f"✓ 기록 {count}개를 {args.out}에 썼습니다 / wrote {count} records")
    return 0


def _export_xapi(args: argparse.Namespace, learner: str | None) -> int:
    from certtraining.notebook.plan import course_plan
    from certtraining.progress.store import ProgressStore
    from certtraining.progress.xapi import StatementBuilder, check_home_page, write_statements
    from certtraining.quiz.checker import CheckUnavailable
    from certtraining.quiz.xapi import interaction_definitions

    home_page = check_home_page(args.home_page or os.environ.get(HOME_PAGE_ENV))
    try:
        definitions = interaction_definitions()
    except CheckUnavailable as exc:
        raise UserError(
            "정답 정보 없이 읽은 내용(CERTTRAINING_KEYS=off)으로는 xAPI 문장을 쓸 수 없습니다 "
            "(문항 정의에 정답이 들어갑니다) / xAPI interaction definitions hold the keys"
        ) from exc
    builder = StatementBuilder(home_page, course_plan(), definitions)
    store = ProgressStore()
    try:
        statements = list(builder.statements(store.records(learner)))
    finally:
        store.close()
    if args.push:
        from certtraining.progress.xapi import push_statements

        sent = push_statements(args.push, statements, os.environ, batch=args.batch_size)
        print(f"✓ xAPI 문장 {sent}개를 LRS로 보냈습니다 / sent {sent} statements", file=sys.stderr)
        if args.out is None:
            return 0
    text = write_statements(statements)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    count = len(statements)
    print(f"✓ xAPI 문장 {count}개를 {args.out}에 썼습니다 / wrote {count} xAPI statements")
    return 0


def _rescorer() -> object:
    """Checks a self-reported (handout) answer against the key: the CLI may read quiz."""
    from certtraining.progress.records import Attempt, RecordError
    from certtraining.quiz.bank import AnswerError
    from certtraining.quiz.checker import CheckUnavailable, local_checker

    checker = None

    def rescore(attempt: Attempt) -> bool:
        nonlocal checker
        try:
            checker = checker or local_checker()
        except CheckUnavailable:
            raise RecordError(
                "정답 정보 없이 읽은 내용(CERTTRAINING_KEYS=off)으로는 유인물 답을 채점할 수 "
                "없습니다 / no answer key to re-score handout answers"
            ) from None
        try:
            return bool(checker.check(attempt.question_id, attempt.answer_value).correct)
        except KeyError:
            raise RecordError(
                f"이 과정에 없는 문항의 답입니다: {attempt.question_id} / unknown question"
            ) from None
        except (AnswerError, ValueError, TypeError):
            return False  # an answer the question cannot take is not right

    return rescore


def _rescored_by_service(attempt: Any) -> bool:
    return bool(attempt.correct)


def _import(args: argparse.Namespace) -> int:
    from certtraining.progress.jsonl import ImportFileError, import_file
    from certtraining.progress.store import ProgressStore

    service = _service_store(args.token)
    store = service or ProgressStore()
    # A teacher's kernel on a class server holds no key; the service re-scores every
    # self-reported answer with its own on import, so the file's word is passed on as is.
    rescore = _rescorer() if service is None else _rescored_by_service
    failed = 0
    try:
        for name in args.files:
            try:
                result = import_file(store, Path(name), rescore)  # type: ignore[arg-type]
            except ImportFileError as exc:
                failed += 1
                print(
                    f"✗ {exc}\n  이 파일에서는 아무것도 가져오지 않았습니다 / "
                    "nothing from this file was imported",
                    file=sys.stderr,
                )
                continue
            print(
                f"✓ {name}: 기록 {result.records}개 중 새 기록 {result.added}개를 더했습니다 / "
                f"{result.added} of {result.records} records were new"
            )
            if result.self_reported and service is not None:
                print(
                    f"  유인물에서 스스로 낸 답 {result.self_reported}개는 수업 서버가 정답 열쇠로 "
                    "다시 채점했습니다. 점수·완료·수료증에는 셈하지 않습니다 / "
                    f"{result.self_reported} self-reported answers were re-scored by the class "
                    "service; they count toward no score"
                )
            elif result.self_reported:
                print(
                    f"  유인물에서 스스로 낸 답 {result.self_reported}개를 정답 열쇠로 다시 채점했습니다 "
                    f"(맞음 {result.self_reported_correct}개). 점수·완료·수료증에는 셈하지 않습니다 / "
                    f"{result.self_reported} self-reported answers re-scored "
                    f"({result.self_reported_correct} right); they count toward no score"
                )
    finally:
        store.close()
    return 1 if failed else 0
