"""Read every content file, validate it, and collect *all* problems before failing.

Teaching staff edit these files by hand, so one run should list everything that is wrong,
each problem naming its file, item and field, rather than stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from certtraining.content import disk_cache, files, rules
from certtraining.content.keys import split_bank
from certtraining.content.models import Content
from certtraining.content.problems import Problem
from certtraining.errors import UserError
from certtraining.settings import answer_keys_wanted, default_data_dir


class ContentError(UserError):
    """Raised with every problem found; ``str()`` is a readable list, never a traceback."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"내용 파일에 문제가 {len(problems)}개 있습니다 / "
            f"{len(problems)} problem(s) in content files:\n{lines}"
        )


@lru_cache(maxsize=1)
def _unique_key_loader() -> type:
    """A YAML loader that refuses a key given twice in one mapping.

    PyYAML keeps the last of two equal keys silently; a teacher's copy-paste slip should show.
    Built on libyaml's parser when PyYAML has it (several times faster than the pure-Python
    one), and made on first use: a kernel served from the content cache never imports PyYAML.
    """
    import yaml

    class UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return UniqueKeyLoader


_MESSAGES_KO = {
    "missing": "필수 항목이 없습니다",
    "extra_forbidden": "알 수 없는 항목입니다 (철자를 확인하세요)",
    "string_type": "글자(문자열)여야 합니다",
    "string_too_short": "비어 있으면 안 됩니다",
    "string_pattern_mismatch": "형식이 맞지 않습니다 (영문 소문자·숫자·-·_ 로 된 id 또는 .ipynb 파일 이름)",
    "string_too_long": "너무 깁니다",
    "int_parsing": "정수여야 합니다",
    "int_type": "정수여야 합니다",
    "list_type": "목록이어야 합니다",
    "too_short": "항목이 부족합니다",
    "literal_error": "허용된 값이 아닙니다",
    "model_type": "항목들의 묶음(매핑)이어야 합니다",
    "dict_type": "항목들의 묶음(매핑)이어야 합니다",
    "greater_than_equal": "값이 너무 작습니다",
    "less_than_equal": "값이 너무 큽니다",
    "bool_parsing": "예/아니오(true/false)여야 합니다",
    "bool_type": "예/아니오(true/false)여야 합니다",
}


def _describe_item(raw: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    """Split a pydantic location into the item (named by its id when it has one) and the field."""
    node, split, item_id = raw, 0, None
    for position, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int):
            split, item_id = position + 1, None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                item_id = node["id"]
    item = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[:split]).lstrip(".")
    if item_id:
        item += f" (id={item_id})"
    field = ".".join(str(p) for p in loc[split:])
    return item, field


def _validation_problems(file: str, raw: Any, error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        item, field = _describe_item(raw, tuple(detail["loc"]))
        ko = _MESSAGES_KO.get(detail["type"], "값이 올바르지 않습니다")
        problems.append(Problem(file, item, field, ko, detail["msg"]))
    return problems


def _read_yaml(path: Path, name: str) -> tuple[Any, list[Problem]]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(name, "", "", "UTF-8 글자로 저장되어 있지 않습니다", "not UTF-8")]
    except OSError as exc:
        return None, [Problem(name, "", "", "파일을 읽을 수 없습니다", str(exc))]
    try:
        return yaml.load(text, Loader=_unique_key_loader()), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}번째 줄" if mark else ""
        detail = getattr(exc, "problem", None) or str(exc)
        return None, [
            Problem(name, where, "", "YAML 문법 오류입니다", f"YAML syntax error: {detail}")
        ]


def _parse_file(data_dir: Path, spec: files.FileSpec) -> tuple[BaseModel | None, list[Problem]]:
    path = data_dir / spec.name
    if not path.exists():
        if spec.required:
            return None, [Problem(spec.name, "", "", "파일이 없습니다", "file is missing")]
        return spec.model.model_validate(spec.empty), []
    raw, problems = _read_yaml(path, spec.name)
    if problems:
        return None, problems
    if not isinstance(raw, dict):
        return None, [
            Problem(
                spec.name,
                "",
                "",
                "최상위가 항목 묶음(매핑)이어야 합니다",
                "top level must be a mapping",
            )
        ]
    try:
        return spec.model.model_validate(raw), []
    except ValidationError as exc:
        return None, _validation_problems(spec.name, raw, exc)


def is_public_dir(data_dir: Path) -> bool:
    """A key-free copy (``certtraining content public``): the public bank, no ``questions.yaml``."""
    return not (data_dir / "questions.yaml").exists() and (data_dir / files.PUBLIC.name).exists()


def validate_dir(data_dir: Path) -> tuple[Content | None, list[Problem]]:
    """Every problem in a content folder, and the content when there are none.

    A public copy (:func:`is_public_dir`) gives content without answer keys: its questions
    were validated with their keys when the copy was written.
    """
    if not data_dir.is_dir():
        return None, [Problem(str(data_dir), "", "", "폴더가 없습니다", "folder does not exist")]
    public_only = is_public_dir(data_dir)
    specs = [files.PUBLIC if s.key == "questions" and public_only else s for s in files.FILES]
    parsed: dict[str, BaseModel] = {}
    problems: list[Problem] = []
    for spec in specs:
        model, file_problems = _parse_file(data_dir, spec)
        problems += file_problems
        if model is not None:
            parsed[spec.key] = model
    if problems:
        return None, problems
    for spec in specs:
        if spec.resolve is not None:
            parsed[spec.key] = spec.resolve(parsed[spec.key], parsed)
    if public_only:
        content = Content(**parsed)  # type: ignore[arg-type]
    else:
        public, keys = split_bank(parsed.pop("questions").questions)  # type: ignore[attr-defined]
        content = Content(**parsed, questions=public, answer_keys=keys)
    problems = rules.check(content)
    return (None, problems) if problems else (content, [])


@dataclass(frozen=True)
class _CacheKey:
    path: Path
    stamp: tuple[tuple[str, int, int], ...]


def _stamp(data_dir: Path) -> _CacheKey:
    stamp = tuple(
        sorted(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size)
            for p in data_dir.glob("*.yaml")
            if p.is_file()
        )
    )
    return _CacheKey(data_dir.resolve(), stamp)


@lru_cache(maxsize=4)
def _load_cached(key: _CacheKey, keys: bool) -> Content:
    disk_key = disk_cache.cache_key(key.path, keys)
    if disk_key is not None and (cached := disk_cache.read(disk_key)) is not None:
        return cached
    content, problems = validate_dir(key.path)
    if problems:
        raise ContentError(problems)
    assert content is not None
    # Without keys, the keyed course is validated and dropped: it is never cached.
    result = content if keys else content.without_answer_keys()
    if disk_key is not None:
        disk_cache.write(disk_key, result)
    return result


def load_content(data_dir: Path | None = None, keys: bool | None = None) -> Content:
    """The validated course; cached until a content file changes on disk.

    ``keys=False`` gives the course without its answer keys (``Content.answer_keys`` is
    ``None``): the view a learner's server gets. ``None`` follows ``CERTTRAINING_KEYS``.
    Content is validated with its keys either way, so a teacher's mistake in an answer
    is still reported.
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    if not folder.is_dir():
        raise ContentError(
            [Problem(str(folder), "", "", "폴더가 없습니다", "folder does not exist")]
        )
    wanted = answer_keys_wanted() if keys is None else keys
    if wanted and is_public_dir(folder):
        raise ContentError(
            [
                Problem(
                    str(folder / files.PUBLIC.name),
                    "",
                    "",
                    "정답이 없는 공개용 사본입니다: CERTTRAINING_KEYS=off로 열거나 "
                    "questions.yaml이 있는 원본 폴더를 지정하세요",
                    "a key-free public copy: load it with CERTTRAINING_KEYS=off, "
                    "or point at the folder with questions.yaml",
                )
            ]
        )
    return _load_cached(_stamp(folder), wanted)
