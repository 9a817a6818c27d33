"""The key-free copy of the course a class server gives learners (``certtraining content public``).

On a class server the answer keys must be out of every learner's reach, not only out of what
their kernel loads: a learner can open any file her OS user can read. So learners' servers get
a copy of the content folder without ``questions.yaml``: every other content file as it is,
and ``questions.public.yaml`` holding each question's public part (what a learner sees before
answering, :mod:`certtraining.content.keys`). The loader accepts such a folder when keys are
off (``CERTTRAINING_KEYS=off``); the keyed original stays with the progress service alone.

The copy is written from content that validated with its keys, so a mistake in an answer is
reported here, by the teacher's command, rather than never.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml

from certtraining.content import files
from certtraining.content.loader import is_public_dir, load_content
from certtraining.settings import default_data_dir

HEADER = (
    "# 정답 없는 공개용 문제 은행 (certtraining content public이 만든 파일, 고치지 마세요).\n"
    "# The key-free question bank, written by `certtraining content public`; do not edit.\n"
)


def public_bank_yaml(data_dir: Path | None = None) -> str:
    """``questions.public.yaml`` for the content in ``data_dir`` (validated with its keys)."""
    content = load_content(data_dir, keys=True)
    bank = content.question_bank.model_dump(mode="json", exclude_none=True)
    return HEADER + yaml.safe_dump(bank, allow_unicode=True, sort_keys=False, width=100)


def write_public(out: Path, data_dir: Path | None = None) -> list[Path]:
    """Write the key-free copy of ``data_dir`` (default: the course's) into ``out``.

    ``out`` ends up holding exactly the copy (files of an older copy are replaced; nothing
    else in it is touched); readable by everyone, since nothing in it is secret.
    """
    source = Path(data_dir) if data_dir is not None else default_data_dir()
    source_is_public = is_public_dir(source)
    out.mkdir(parents=True, exist_ok=True)
    out.chmod(0o755)
    written: list[Path] = []
    for spec in files.FILES:
        if spec.key == "questions":
            continue
        if (source / spec.name).exists():
            written.append(_put(out / spec.name, (source / spec.name).read_bytes()))
    bank = (
        (source / files.PUBLIC.name).read_text(encoding="utf-8")
        if source_is_public
        else public_bank_yaml(source)
    )
    written.append(_put(out / files.PUBLIC.name, bank.encode("utf-8")))
    (out / "questions.yaml").unlink(missing_ok=True)  # never a key beside the public bank
    return written


def _put(target: Path, data: bytes) -> Path:
    """Write through a temporary file renamed into place: a kernel never reads half a file."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return target


def copy_keyed(out: Path, data_dir: Path | None = None) -> list[Path]:
    """The keyed content for the progress service alone: ``out`` mode 0700, files 0600."""
    source = Path(data_dir) if data_dir is not None else default_data_dir()
    load_content(source, keys=True)  # refuse to hand the service a broken or key-free folder
    out.mkdir(parents=True, exist_ok=True)
    out.chmod(0o700)
    written = []
    for path in sorted(source.glob("*.yaml")):
        target = out / path.name
        shutil.copyfile(path, target)
        target.chmod(0o600)
        written.append(target)
    return written
