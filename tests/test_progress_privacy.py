"""No 주민등록번호-like or phone-like string ever reaches the progress store (hypothesis)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from certtraining import events
from certtraining.personal.privacy import looks_personal
from certtraining.personal.rrn import looks_like_phone, looks_like_rrn
from certtraining.progress import (
    Attempt,
    ExamRecord,
    LessonRecord,
    PracticeRecord,
    ProgressStore,
    RecordError,
)
from certtraining.progress.schema import metadata

NOT_DIGIT = st.characters(exclude_categories=("Nd", "Cs"))


@st.composite
def rrn_like(draw: st.DrawFn) -> str:
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))
    rest = draw(st.from_regex(r"\A[0-9]{7}\Z"))
    dash = draw(st.sampled_from(["-", ""]))
    return f"{born:%y%m%d}{dash}{rest}"


PHONE_LIKE = st.from_regex(r"\A01[016789]-?[0-9]{3,4}-?[0-9]{4}\Z")
PERSONAL = st.one_of(rrn_like(), PHONE_LIKE)


@st.composite
def text_with_personal(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Free text with one or more personal-looking numbers somewhere inside.

    Numbers are kept apart by at least one non-digit: two glued together are one longer
    digit run, which the definition (shared/domain-facts.md) does not count.
    """
    numbers = draw(st.lists(PERSONAL, min_size=1, max_size=3))
    parts = [draw(st.text(NOT_DIGIT, max_size=12))]
    for number in numbers:
        parts += [number, draw(st.text(NOT_DIGIT, min_size=1, max_size=12))]
    return "".join(parts), numbers


def answers(text: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    """Answer shapes widgets publish: a key, a list, a mapping, or something nested."""
    return st.one_of(
        text,
        st.lists(text, max_size=3),
        st.dictionaries(text, text, max_size=3),
        st.dictionaries(st.sampled_from(["typed", "note"]), st.lists(text, max_size=2)),
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProgressStore]:
    folder = tmp_path_factory.mktemp("privacy")
    store = ProgressStore(f"sqlite:///{folder / 'progress.db'}")
    yield store
    store.close()


def stored_texts(store: ProgressStore) -> list[str]:
    """Every value of every column of every table, as text."""
    values: list[str] = []
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                values += [str(v) for v in row if v is not None]
    return values


def raw_bytes(store: ProgressStore) -> bytes:
    path = Path(store.url.database or "")
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typed=answers(text_with_personal().map(lambda pair: pair[0])), correct=st.booleans())
def test_personal_numbers_typed_into_an_answer_never_reach_the_store(
    store: ProgressStore, typed: object, correct: bool
) -> None:
    stored = store.record(Attempt.new("학습자", "q-free", typed, correct))
    assert not looks_personal(stored.answer)
    assert not any(looks_like_rrn(v) or looks_like_phone(v) for v in stored_texts(store))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=text_with_personal())
def test_the_exact_numbers_are_nowhere_in_the_database_files(
    store: ProgressStore, pair: tuple[str, list[str]]
) -> None:
    typed, numbers = pair
    store.record(Attempt.new("학습자", "q-free", {"typed": typed}, False))
    on_disk = raw_bytes(store)
    for number in numbers:
        assert number.encode() not in on_disk


@settings(max_examples=150, deadline=None)
@given(typed=answers(st.text(max_size=40)))
def test_any_text_at_all_is_stored_without_anything_personal_looking(
    store: ProgressStore, typed: object
) -> None:
    stored = store.record(Attempt.new("학습자", "q-any", typed, True))
    assert not looks_personal(stored.answer)


@settings(max_examples=60, deadline=None)
@given(pair=text_with_personal())
def test_labels_that_look_personal_are_refused_not_stored(
    store: ProgressStore, pair: tuple[str, list[str]]
) -> None:
    _, numbers = pair
    number = numbers[0]
    before = sorted(stored_texts(store))
    attempts = [
        lambda: store.record(Attempt.new(f"이름 {number}", "q-1", "a", True)),
        lambda: store.record(Attempt.new("학습자", f"q{number}", "a", True)),
        lambda: store.record(LessonRecord("학습자", f"l{number}", "opened")),
        lambda: store.record(PracticeRecord("학습자", "issuance", f"s{number}")),
        lambda: store.record(ExamRecord("학습자", 1, 2, False, (f"q{number}",))),
    ]
    for attempt in attempts:
        with pytest.raises(RecordError, match="주민등록번호나 전화번호"):
            attempt()
    assert sorted(stored_texts(store)) == before


def test_the_event_path_scrubs_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from certtraining.progress import recorder
    from certtraining.progress.store import close_stores, open_store

    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'events.db'}")
    recorder.ensure_recording()
    try:
        events.publish(
            events.AnswerChecked(
                "q-typed", "제 번호는 900101-1234567, 폰 010-1234-5678", False, "practice"
            )
        )
        stored = open_store().attempts()
    finally:
        recorder.stop_recording()
        close_stores()
    assert len(stored) == 1
    assert stored[0].answer_value == "제 번호는 [개인정보 삭제됨], 폰 [개인정보 삭제됨]"
    on_disk = b"".join(p.read_bytes() for p in tmp_path.glob("events.db*"))
    assert b"900101" not in on_disk and b"1234-5678" not in on_disk
