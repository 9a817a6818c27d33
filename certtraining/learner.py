"""Who the learner is: one normalised id, resolved the same way in every notebook and command."""

from __future__ import annotations

import getpass
import os
import unicodedata
from pathlib import Path

from certtraining.classlink import on_class_server
from certtraining.errors import UserError
from certtraining.settings import user_data_dir

MAX_LENGTH = 64
_REMEMBERED_FILE = "learner.txt"


class LearnerIdError(UserError, ValueError):
    """A learner id we refuse, with a message a learner can act on."""


def normalize_learner_id(raw: str) -> str:
    """NFC, trimmed, 1–64 characters, no control or invisible format characters.

    NFC matters because macOS and some IMEs type Hangul decomposed (NFD): without it
    '김민수' typed on two machines would be two learners.
    """
    if not isinstance(raw, str):
        raise LearnerIdError("이름은 글자로 입력해 주세요. / The learner id must be text.")
    value = unicodedata.normalize("NFC", raw).strip()
    if not value:
        raise LearnerIdError("이름이 비어 있습니다. / The learner id is empty.")
    if len(value) > MAX_LENGTH:
        raise LearnerIdError(
            f"이름은 {MAX_LENGTH}자 이하로 입력해 주세요 (지금 {len(value)}자). / "
            f"The learner id must be at most {MAX_LENGTH} characters."
        )
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise LearnerIdError(
            "이름에 보이지 않는 제어 문자가 들어 있습니다. 다시 입력해 주세요. / "
            "The learner id contains control characters."
        )
    return value


def remembered_file() -> Path:
    return user_data_dir() / _REMEMBERED_FILE


def remember_learner(name: str) -> str:
    """Keep the name typed in 00_intro so later lessons and restarts know the learner."""
    learner_id = normalize_learner_id(name)
    path = remembered_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(learner_id, encoding="utf-8")
    tmp.replace(path)
    return learner_id


def forget_learner() -> None:
    """Forget the remembered name (the app's 이름 바꾸기 on a shared family computer): the next
    lesson asks for a name again. Names set by CERTTRAINING_LEARNER or the hub stay."""
    remembered_file().unlink(missing_ok=True)


def remembered_learner() -> str | None:
    try:
        return normalize_learner_id(remembered_file().read_text(encoding="utf-8"))
    except (OSError, LearnerIdError):
        return None


def resolve_learner() -> str:
    """CERTTRAINING_LEARNER, then JUPYTERHUB_USER, then the remembered name, then the OS user.

    On a class server (``JUPYTERHUB_USER`` set and ``CERTTRAINING_DB`` naming the progress
    service) the hub user is the learner and ``CERTTRAINING_LEARNER`` is ignored; the service
    takes the learner from the hub token anyway.
    """
    override = None if on_class_server() else os.environ.get("CERTTRAINING_LEARNER")
    for candidate in (override, os.environ.get("JUPYTERHUB_USER")):
        if candidate and candidate.strip():
            return normalize_learner_id(candidate)
    remembered = remembered_learner()
    if remembered:
        return remembered
    return normalize_learner_id(getpass.getuser())
