"""``certtraining certificate --learner ID --out FILE`` and ``certificate verify CODE``.

Issuing checks the course's rule (``course.yaml`` › ``certificate``) against the store
``CERTTRAINING_DB`` names and refuses, listing what is missing, until it is met. Verifying
looks the code up in the same store and recomputes it with this machine's secret, from the
stored record and whatever details are given (``--name``, ``--score``, ``--date`` as printed
on the paper): any difference makes it invalid. Errors are UserErrors for cli.main.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from certtraining.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    certificate = subparsers.add_parser(
        "certificate",
        help="수료증 발급·확인 / issue or verify the completion certificate",
        description=(
            "수료 조건(course.yaml › certificate)을 채운 학습자에게 A4 수료증을 만듭니다 "
            "(.pdf: Chromium으로 인쇄, 없으면 .html과 인쇄 안내). 저장소: CERTTRAINING_DB. "
            "확인: certtraining certificate verify 코드 [--name 이름 --score 점수 --date 날짜]"
        ),
    )
    certificate.add_argument("--learner", default=None, help="학습자 id (기본: 레슨과 같은 이름)")
    certificate.add_argument(
        "--name", default=None, help="수료증에 찍을 이름 (로그인 id와 달라도 됨; 없으면 물어봄)"
    )
    certificate.add_argument("--out", default=None, help="만들 파일: 수료증.pdf 또는 수료증.html")
    certificate.set_defaults(handler=_issue)
    actions = certificate.add_subparsers(dest="certificate_command")
    verify = actions.add_parser(
        "verify",
        help="확인 코드로 수료증 진위 확인 / verify a certificate by its code",
        description=(
            "코드로 발급 기록을 찾아 확인합니다. 종이에 적힌 이름·점수·날짜를 함께 주면 "
            "그것까지 맞는지 봅니다. 맞으면 '유효', 아니면 '무효'(종료 코드 1)."
        ),
    )
    verify.add_argument("code", help="수료증의 확인 코드 (예: ABCD-EFGH-JKLM-NPQR)")
    verify.add_argument("--name", default=None, help="수료증에 찍힌 이름")
    verify.add_argument("--score", default=None, help="수료증의 점수 (예: 90 또는 9/10)")
    verify.add_argument("--date", default=None, help="수료일 YYYY-MM-DD")
    verify.set_defaults(handler=_verify)


def _store() -> Any:
    """The store ``CERTTRAINING_DB`` names: on a class server the service's (which issues and
    verifies with the secret only it holds), else a database opened for this command."""
    from certtraining.classlink import service_url
    from certtraining.progress.service_store import ServiceStore
    from certtraining.progress.store import ProgressStore

    url = service_url()
    return ServiceStore(url) if url is not None else ProgressStore()


def _printed_name(args: argparse.Namespace) -> str:
    if args.name is not None:
        return str(args.name)
    if sys.stdin.isatty():
        return input("수료증에 찍을 이름 / name to print: ")
    raise UserError(
        "--name 으로 수료증에 찍을 이름을 적어 주세요 / give the name to print with --name"
    )


def _issue(args: argparse.Namespace) -> int:
    from pathlib import Path

    from certtraining.learner import resolve_learner
    from certtraining.notebook.certificate import issue, write_certificate

    if args.out is None:
        raise UserError(
            "--out 으로 만들 파일을 적어 주세요 (예: 수료증.pdf) / --out FILE is required"
        )
    learner = args.learner if args.learner is not None else resolve_learner()
    store = _store()
    try:
        certificate = issue(learner, _printed_name(args), store=store)
        written = write_certificate(certificate, Path(args.out))
    finally:
        store.close()
    print(
        f"✓ 수료증: {written.path} (확인 코드 {certificate.code}, 수료일 "
        f"{certificate.completed_on}) / certificate written"
    )
    if written.note:
        print(f"  {written.note}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from certtraining.notebook.certificate import verify

    store = _store()
    try:
        result = verify(args.code, args.name, args.score, args.date, store=store)
    finally:
        store.close()
    if result.valid and result.certificate is None:  # the service shows others' only to teachers
        print(f"✓ 유효 / valid: {result.reason}")
        return 0
    if result.valid and result.certificate is not None:
        c = result.certificate
        print(
            f"✓ 유효 / valid: {result.reason}\n"
            f"  이름 {c.printed_name} · 수료일 {c.completed_on} · 점수 {c.percent:.0f}점 "
            f"({c.score:g}/{c.possible:g}) · 과정 판 {c.course_version}"
        )
        return 0
    print(f"✗ 무효 / invalid: {result.reason}")
    return 1
