"""``certtraining content public`` and ``certtraining class setup``: answer keys out of learners' reach.

On a class server every learner is an OS user who can open any file she can read, so keeping
the keys out of what a kernel *loads* is not enough. ``class setup`` (run as root by the
deployment's ``jupyterhub_config.py`` at every hub start, so an upgrade is covered too):

1. writes the key-free copy learners' servers load (``--public``, readable by all);
2. copies the keyed content into ``--service-dir``/content, owned by the progress service's
   own system user, mode 0700/0600 (the service's content cache goes beside it);
3. makes the package's bundled ``questions.yaml`` readable by root only (0600), so the one
   keyed copy a learner could otherwise open is closed too.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from certtraining.errors import UserError


class SetupError(UserError):
    """The class set-up cannot do what it was asked (no such user, not root)."""


def register(subparsers: Any) -> None:
    content = subparsers.add_parser("content", help="내용 폴더 도구 / content folder tools")
    actions = content.add_subparsers(dest="content_command", required=True)
    public = actions.add_parser(
        "public",
        help="정답 없는 공개용 사본 만들기 (학습자 서버용) / write the key-free copy for learners",
    )
    public.add_argument("--out", required=True, metavar="DIR")
    public.add_argument("--data", default=None, help="content folder (default: the course's)")
    public.set_defaults(handler=_public)

    klass = subparsers.add_parser("class", help="수업 서버 도구 / class server tools")
    class_actions = klass.add_subparsers(dest="class_command", required=True)
    setup = class_actions.add_parser(
        "setup",
        help="수업 서버의 내용 준비: 공개용 사본, 진도 서버만 읽는 정답 / prepare a class server",
    )
    setup.add_argument("--public", required=True, metavar="DIR", help="learners' key-free copy")
    setup.add_argument(
        "--service-dir", required=True, metavar="DIR", help="the service's own folder (0700)"
    )
    setup.add_argument("--service-user", default=None, help="the service's system user")
    setup.add_argument("--data", default=None, help="content folder (default: the course's)")
    setup.set_defaults(handler=_setup)


def _public(args: argparse.Namespace) -> int:
    from certtraining.content.public import write_public

    written = write_public(Path(args.out), Path(args.data) if args.data else None)
    print(f"✓ 정답 없는 공개용 사본 / key-free copy: {args.out} ({len(written)} files)")
    return 0


def _owner(name: str | None) -> tuple[int, int] | None:
    if name is None:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise SetupError(
            f"시스템 사용자 {name!r}가 없습니다: 먼저 `useradd --system {name}`으로 만드세요 / "
            f"no system user {name!r}"
        ) from None
    if os.geteuid() != 0 and entry.pw_uid != os.geteuid():
        raise SetupError(
            f"다른 사용자({name})의 폴더를 만들려면 root로 실행해야 합니다 / "
            "run as root to give the service its own folder"
        )
    return entry.pw_uid, entry.pw_gid


def _chown_tree(root: Path, owner: tuple[int, int] | None) -> None:
    if owner is None:
        return
    for path in [root, *root.rglob("*")]:
        os.chown(path, *owner, follow_symlinks=False)


def _setup(args: argparse.Namespace) -> int:
    from certtraining.content.public import copy_keyed, write_public
    from certtraining.settings import bundled_data_dir

    owner = _owner(args.service_user)
    data = Path(args.data) if args.data else None
    public = Path(args.public)
    written = write_public(public, data)
    service_dir = Path(args.service_dir)
    service_dir.mkdir(parents=True, exist_ok=True)
    service_dir.chmod(0o700)
    (service_dir / "cache").mkdir(exist_ok=True)
    (service_dir / "cache").chmod(0o700)
    keyed = copy_keyed(service_dir / "content", data)
    _chown_tree(service_dir, owner)
    print(f"✓ 학습자용 공개 사본 (정답 없음) / learners' key-free copy: {public} ({len(written)})")
    print(f"✓ 진도 서버만 읽는 정답 / keys for the service only: {service_dir} ({len(keyed)})")
    bundled = bundled_data_dir() / "questions.yaml"
    if bundled.exists() and bundled.resolve().parent != (service_dir / "content").resolve():
        bundled.chmod(0o600)
        os.chown(bundled, 0, 0) if os.geteuid() == 0 else None
        print(
            f"✓ 패키지의 정답 파일은 root만 읽습니다 / bundled keys readable by root only: {bundled}"
        )
    return 0
