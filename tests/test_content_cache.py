"""The validated course cached on disk: hit, miss on any content change, corrupt file rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from certtraining.content import disk_cache, load_content
from certtraining.settings import CACHE_ENV
from tests.fixture_course import clear_content_caches, copy_fixture_course, edit_yaml


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    clear_content_caches()
    yield folder
    clear_content_caches()


def _facts(content):
    """What a lesson reads, as values (``Content`` itself compares by identity)."""
    return (
        content.course,
        tuple(content.lessons),
        tuple(content.questions),
        content.answer_keys,
        content.glossary,
    )


def _load(data: Path, keys: bool = True):
    clear_content_caches()  # only the disk cache may serve the second load
    return load_content(data, keys=keys)


def test_second_kernel_gets_the_same_course_from_disk(tmp_path: Path, cache: Path) -> None:
    data = copy_fixture_course(tmp_path)
    first = _load(data)
    files = list(cache.glob("content-*.pickle"))
    assert len(files) == 1
    second = _load(data)
    assert second is not first and _facts(second) == _facts(first)


def test_a_content_change_is_never_served_from_the_cache(tmp_path: Path, cache: Path) -> None:
    data = copy_fixture_course(tmp_path)
    before = _load(data)
    edit_yaml(data, "course.yaml", lambda doc: doc.update(title="바뀐 제목"))
    after = _load(data)
    assert after.course.title == "바뀐 제목" != before.course.title
    assert len(list(cache.glob("content-*.pickle"))) == 1  # the stale entry is replaced


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    tmp_path: Path, cache: Path, garbage: bytes
) -> None:
    data = copy_fixture_course(tmp_path)
    expected = _load(data)
    (entry,) = cache.glob("content-*.pickle")
    entry.write_bytes(garbage)
    assert _facts(_load(data)) == _facts(expected)
    assert entry.read_bytes() != garbage


def test_without_keys_only_the_key_free_course_is_written(tmp_path: Path, cache: Path) -> None:
    data = copy_fixture_course(tmp_path)
    key_free = _load(data, keys=False)
    assert key_free.answer_keys is None
    stored = disk_cache.read(disk_cache.cache_key(data, False) or "")
    assert stored is not None and stored.answer_keys is None
    assert _load(data, keys=False).answer_keys is None
    assert _load(data, keys=True).answer_keys  # another key: validated again, with its keys


def test_compiled_templates_are_reused_and_a_corrupt_one_is_compiled_again() -> None:
    from certtraining.present import templates
    from certtraining.present.blocks import paragraphs_block

    def fresh_render() -> str:
        templates._environment.cache.clear()  # as in a new kernel: only the disk cache is left
        return paragraphs_block(["첫 문단", "둘째 문단"]).html

    expected = fresh_render()
    cache = templates._environment.bytecode_cache
    assert cache is not None
    entries = list(Path(cache.directory).glob("*.cache"))  # type: ignore[attr-defined]
    assert entries
    assert fresh_render() == expected
    from jinja2.bccache import bc_magic

    for entry in entries:  # right header, then garbage where the checksum's pickle should be
        entry.write_bytes(bc_magic + b"\x80\x05garbage")
    assert fresh_render() == expected
