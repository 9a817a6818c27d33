"""Progress as JSON Lines: one record per line, each with its UUID, for classes without a
shared server. Learners export; the teacher imports everyone's files into one store.

A file is read and checked completely before anything from it is stored, so a malformed
line (reported with file and line number) means nothing from that file is imported.
Importing the same file twice adds nothing: records are deduplicated on their UUID.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from certtraining.errors import UserError
from certtraining.progress.records import (
    Attempt,
    Record,
    RecordError,
    from_json_dict,
    to_json_dict,
)
from certtraining.progress.store import ProgressStore


class ImportFileError(UserError, ValueError):
    """A file that cannot be imported; ``str()`` names the file and the line."""


def record_line(record: Record) -> str:
    return json.dumps(to_json_dict(record), ensure_ascii=False, separators=(",", ":"))


def export_jsonl(store: ProgressStore, path: Path, learner: str | None = None) -> int:
    """Write the store's records (one learner's, or everyone's) to ``path``; returns the count.

    Written to a temporary file first and moved into place, so an interrupted export never
    leaves half a file under the final name.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    handle, temporary = tempfile.mkstemp(prefix=".certtraining-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            for record in store.records(learner):
                out.write(record_line(record) + "\n")
                count += 1
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def read_jsonl(path: Path) -> list[Record]:
    """Every record in the file, checked; raises :class:`ImportFileError` at the first bad line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{path}: UTF-8 텍스트 파일이 아닙니다 / not a UTF-8 text file"
        ) from None
    except OSError as exc:
        raise ImportFileError(
            f"{path}: 파일을 열 수 없습니다 / cannot open: {exc.strerror}"
        ) from None
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise ImportFileError(
                f"{path}:{number}: JSON으로 읽을 수 없는 줄입니다 / not valid JSON ({exc.msg})"
            ) from None
        try:
            records.append(from_json_dict(data))
        except RecordError as exc:
            raise ImportFileError(f"{path}:{number}: {exc}") from None
    return records


Rescorer = Callable[[Attempt], bool]
"""Whether a self-reported answer is right, by the answer key (the CLI hands in the quiz's
checker: progress never reads keys). Raises :class:`RecordError` for an unknown question."""


@dataclass(frozen=True)
class ImportResult:
    path: Path
    records: int  # lines read
    added: int  # records that were new to the store
    self_reported: int = 0  # self-reported answers in the file (re-scored)
    self_reported_correct: int = 0  # of which right by the key


def rescored(records: list[Record], rescore: Rescorer | None, path: Path) -> list[Record]:
    """Self-reported attempts with ``correct`` decided again by ``rescore``.

    What an offline handout says about its own answers is never trusted: without a rescorer
    (no answer key here) a file with self-reported answers is refused.
    """
    out: list[Record] = []
    for record in records:
        if isinstance(record, Attempt) and record.self_reported:
            if rescore is None:
                raise ImportFileError(
                    f"{path}: 유인물에서 낸 답(self_reported)은 정답 열쇠로 다시 채점해야 하는데 "
                    "여기에는 정답 정보가 없습니다 / self-reported answers need the answer key"
                )
            try:
                record = replace(record, correct=bool(rescore(record)))
            except RecordError as exc:
                raise ImportFileError(f"{path}: {exc}") from None
        out.append(record)
    return out


def import_file(store: ProgressStore, path: Path, rescore: Rescorer | None = None) -> ImportResult:
    """Import one file; self-reported answers are re-scored with ``rescore`` first."""
    records = rescored(read_jsonl(path), rescore, Path(path))
    own = [r for r in records if isinstance(r, Attempt) and r.self_reported]
    return ImportResult(
        Path(path),
        len(records),
        store.import_records(records),
        len(own),
        sum(1 for r in own if r.correct),
    )
