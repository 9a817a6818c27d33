"""A learner's working folder: the course's lessons copied out of the installed package.

``certtraining init`` copies the shipped lessons (:func:`certtraining.settings.shipped_course_dir`)
into a folder the learner owns: lessons at its top level, ``instructor/`` beside them. A small
manifest in that folder records what was installed: per file, a digest of the shipped bytes
and a digest of its cell *sources*. A later version then

- adds lessons that are new,
- replaces lessons whose sources the learner never changed (running a lesson saves outputs,
  widget state, execution counts and metadata: none of that counts as a change),
- keeps every lesson whose cell sources the learner edited, and says so and why.

``certtraining init --restore LESSON`` puts the shipped lesson back, after moving an edited
copy aside so nothing the learner wrote is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from certtraining import __version__
from certtraining.errors import UserError
from certtraining.settings import shipped_course_dir

MANIFEST_NAME = ".certtraining-course.json"
DEFAULT_FOLDER_NAME = "certtraining-course"
MANIFEST_FORMAT = 1


class WorkspaceError(UserError):
    """The working folder or the lesson asked for cannot be used as it is."""


@dataclass(frozen=True)
class Installed:
    """What ``init`` put into the folder for one file: its bytes and its cell sources.

    ``declined`` is the digest of a newer shipped copy that was not installed because the
    learner had edited the file, so ``lab`` does not announce the same update again. A file
    kept without ever being installed has an empty ``file`` and ``sources``.
    """

    file: str
    sources: str
    declined: str = ""

    @property
    def installed(self) -> bool:
        return bool(self.file)


@dataclass(frozen=True)
class Kept:
    path: str
    reason: str


@dataclass
class InitReport:
    """What ``init`` did to each course file, for the learner to read."""

    folder: Path
    created: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            (
                f"수업 폴더를 만들었습니다 / created the course folder: {self.folder}"
                if self.created
                else f"수업 폴더 / course folder: {self.folder}"
            )
        ]
        out += [f"  ! {note}" for note in self.notes]
        out += [f"  + 새 수업 / added: {path}" for path in self.added]
        out += [f"  ↻ 새 버전으로 바꿈 / updated: {path}" for path in self.updated]
        for kept in self.kept:
            out.append(f"  = 그대로 둠 / kept: {kept.path} — {kept.reason}")
        out += [
            f"  - 이 버전에는 없는 수업 (파일은 그대로 둠) / no longer in the course, left in place: {path}"
            for path in self.retired
        ]
        if self.kept:
            out.append(
                "  원래 수업으로 되돌리려면 / to bring back the original: "
                "certtraining init --restore <수업 파일 이름 / lesson file name>"
            )
        if not (self.added or self.updated or self.kept or self.retired):
            out.append("  모든 수업이 최신입니다 / every lesson is up to date")
        return out


@dataclass(frozen=True)
class RestoreReport:
    folder: Path
    path: str
    moved_aside: str | None

    def lines(self) -> list[str]:
        out = [f"원래 수업으로 되돌렸습니다 / restored the original: {self.folder / self.path}"]
        if self.moved_aside:
            out.append(
                f"  고친 수업은 여기에 옮겨 두었습니다 / your edited copy is kept as: "
                f"{self.folder / self.moved_aside}"
            )
        return out


EDITED = "셀 내용을 고쳤습니다 / you edited cell sources"
NOT_INSTALLED = (
    "certtraining init 이 넣은 파일이 아닙니다 / this file was not put here by certtraining init"
)
UNREADABLE = "노트북으로 읽을 수 없습니다 / it cannot be read as a notebook"


def default_folder(cwd: Path | None = None) -> Path:
    """The working folder a bare ``certtraining init`` or ``lab`` means.

    Inside a working folder that is the folder itself; elsewhere ``./certtraining-course``.
    """
    here = (cwd or Path.cwd()).resolve()
    if is_workspace(here):
        return here
    return here / DEFAULT_FOLDER_NAME


def is_workspace(folder: Path) -> bool:
    return (folder / MANIFEST_NAME).is_file()


def course_files(source: Path) -> list[str]:
    """Every file the course ships, as folder-relative POSIX paths (hidden files skipped)."""
    if not source.is_dir():
        raise WorkspaceError(
            f"설치된 패키지에 수업 파일이 없습니다 / the installed package ships no lessons: {source}"
        )
    found = []
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if path.is_file() and not any(part.startswith((".", "__")) for part in relative.parts):
            found.append(relative.as_posix())
    return sorted(found)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources_digest(path: Path) -> str | None:
    """A digest of what a learner writes: each cell's type and source, in order.

    Outputs, execution counts, widget state, cell and notebook metadata are left out, so
    running a lesson never makes it "changed". Other files count byte for byte. ``None``
    for a notebook that no longer parses.
    """
    if path.suffix != ".ipynb":
        return file_digest(path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = [
            [cell.get("cell_type", ""), _text(cell.get("source", ""))] for cell in notebook["cells"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    encoded = json.dumps(cells, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _text(source: object) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def read_manifest(folder: Path) -> tuple[dict[str, Installed], list[str]]:
    """The recorded installs, and notes for the learner when the record was unusable."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}, []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        files = {
            name: Installed(
                file=str(entry["file"]),
                sources=str(entry["sources"]),
                declined=str(entry.get("declined", "")),
            )
            for name, entry in raw["files"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}, [
            f"설치 기록({MANIFEST_NAME})을 읽을 수 없어 있던 파일은 모두 그대로 둡니다 / "
            f"the install record {MANIFEST_NAME} is unreadable: every existing file is kept"
        ]
    return files, []


def write_manifest(folder: Path, files: dict[str, Installed]) -> None:
    payload = {
        "format": MANIFEST_FORMAT,
        "certtraining": __version__,
        "files": {
            name: {"file": entry.file, "sources": entry.sources}
            | ({"declined": entry.declined} if entry.declined else {})
            for name, entry in sorted(files.items())
        },
    }
    _write_atomically(
        folder / MANIFEST_NAME,
        (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
    )


def _write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target, then rename: a crash never leaves half a lesson."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.partial")
    scratch.write_bytes(data)
    os.replace(scratch, target)


def _install(source: Path, folder: Path, relative: str) -> Installed:
    shipped = source / relative
    data = shipped.read_bytes()
    _write_atomically(folder / relative, data)
    digest = sources_digest(shipped)
    return Installed(file=hashlib.sha256(data).hexdigest(), sources=digest or "")


def _prepare(folder: Path) -> bool:
    """Make sure the folder can hold the course; ``True`` when it had to be created."""
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(
            f"같은 이름의 파일이 있어 수업 폴더로 쓸 수 없습니다 / "
            f"not a folder, cannot hold the course: {folder}"
        )
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    return created


def init_workspace(folder: Path, source: Path | None = None) -> InitReport:
    """Copy the course into ``folder``, or bring an existing copy up to this version."""
    source = source or shipped_course_dir()
    shipped = course_files(source)
    report = InitReport(folder=folder.resolve(), created=_prepare(folder))
    recorded, report.notes = read_manifest(folder)
    files = dict(recorded)
    for relative in shipped:
        target = folder / relative
        before = recorded.get(relative)
        if before is not None and not before.installed:
            before = None
        if not target.exists():
            files[relative] = _install(source, folder, relative)
            report.added.append(relative)
            continue
        shipped_file = source / relative
        shipped_digest = file_digest(shipped_file)
        if before is not None and shipped_digest == before.file:
            report.unchanged.append(relative)
            continue
        current = sources_digest(target)
        untouched = before is not None and current == before.sources
        if untouched or (current is not None and current == sources_digest(shipped_file)):
            files[relative] = _install(source, folder, relative)
            report.updated.append(relative)
        else:
            reason = UNREADABLE if current is None else EDITED if before else NOT_INSTALLED
            report.kept.append(Kept(relative, reason))
            files[relative] = replace(before or Installed("", ""), declined=shipped_digest)
    report.retired = sorted(
        relative
        for relative, entry in recorded.items()
        if entry.installed and relative not in shipped and (folder / relative).exists()
    )
    write_manifest(folder, files)
    return report


def pending_updates(folder: Path, source: Path | None = None) -> list[str]:
    """Course files this version ships that ``init`` has neither installed nor been refused."""
    source = source or shipped_course_dir()
    recorded, _ = read_manifest(folder)
    pending = []
    for relative in course_files(source):
        entry = recorded.get(relative)
        digest = file_digest(source / relative)
        if entry is None or digest not in (entry.file, entry.declined):
            pending.append(relative)
    return pending


def resolve_lesson(name: str, source: Path) -> str:
    """The course file a learner means: a path, a file name, a name without ``.ipynb``, or an id."""
    shipped = course_files(source)
    wanted = name.strip().replace("\\", "/").removeprefix("./")
    for relative in shipped:
        path = Path(relative)
        if wanted in (relative, path.name, path.stem, path.with_suffix("").as_posix()):
            return relative
    for relative in shipped:
        if relative.endswith(".ipynb") and wanted in _notebook_ids(source / relative):
            return relative
    choices = ", ".join(Path(relative).name for relative in shipped)
    raise WorkspaceError(
        f"그런 수업이 없습니다: {name!r} (고를 수 있는 것: {choices}) / "
        f"no such lesson: {name!r} (choose one of: {choices})"
    )


def _notebook_ids(path: Path) -> Iterable[str]:
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        return [str(value) for value in metadata.get("certtraining", {}).values()]
    except (ValueError, AttributeError):
        return []


def restore_lesson(folder: Path, name: str, source: Path | None = None) -> RestoreReport:
    """Put the shipped copy of one lesson back; an edited copy is moved aside first."""
    source = source or shipped_course_dir()
    if not folder.is_dir():
        raise WorkspaceError(
            f"수업 폴더가 없습니다. 먼저 certtraining init 을 실행하세요 / "
            f"no course folder here yet, run certtraining init first: {folder}"
        )
    relative = resolve_lesson(name, source)
    recorded, _ = read_manifest(folder)
    target = folder / relative
    moved_aside = None
    if target.exists():
        current = sources_digest(target)
        originals = {sources_digest(source / relative)}
        if relative in recorded:
            originals.add(recorded[relative].sources)
        if current is None or current not in originals:
            aside = _free_name(target)
            os.replace(target, aside)
            moved_aside = aside.relative_to(folder).as_posix()
    recorded[relative] = _install(source, folder, relative)
    write_manifest(folder, recorded)
    return RestoreReport(folder=folder.resolve(), path=relative, moved_aside=moved_aside)


def _free_name(target: Path) -> Path:
    """``01_issuance.edited.ipynb``, or ``.edited-2`` and on when that is taken."""
    number = 1
    while True:
        tag = "edited" if number == 1 else f"edited-{number}"
        candidate = target.with_name(f"{target.stem}.{tag}{target.suffix}")
        if not candidate.exists():
            return candidate
        number += 1
