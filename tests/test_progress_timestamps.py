"""`certtraining progress import` reads the timestamps other tools write (RFC 3339 / ISO 8601).

xAPI tools and LRS exports write ``2026-11-01T10:00:00Z`` (no fractional seconds), offsets
such as ``+09:00`` or nanoseconds; the store keeps one sortable UTC form with six digits.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from certtraining.cli.main import main
from certtraining.progress import ProgressStore
from certtraining.progress.records import canonical_timestamp, from_json_dict
from certtraining.progress.store import close_stores

STORED = "2026-11-01T10:00:00.000000Z"


@pytest.mark.parametrize(
    "written",
    [
        "2026-11-01T10:00:00Z",
        "2026-11-01T10:00:00.000Z",
        "2026-11-01T10:00:00.000000000Z",
        "2026-11-01t10:00:00z",
        "2026-11-01 10:00:00Z",
        "2026-11-01T10:00:00+00:00",
        "2026-11-01T19:00:00+09:00",
        "2026-11-01T05:30:00-04:30",
        "2026-11-01T19:00:00+0900",
    ],
)
def test_every_rfc3339_form_of_one_instant_is_stored_alike(written: str) -> None:
    assert canonical_timestamp(written) == STORED


def test_fractions_are_cut_to_microseconds_never_rounded_into_the_next_second() -> None:
    assert canonical_timestamp("2026-12-31T23:59:59.9999999Z") == "2026-12-31T23:59:59.999999Z"
    assert canonical_timestamp("2026-11-01T10:00:00.5Z") == "2026-11-01T10:00:00.500000Z"
    assert canonical_timestamp("2026-11-01T00:30:00+01:00") == "2026-10-31T23:30:00.000000Z"


@pytest.mark.parametrize(
    "written", ["2026-11-01T10:00:00", "2026-02-30T10:00:00Z", "2026-11-01", "yesterday", 17]
)
def test_no_zone_or_no_such_date_is_refused(written) -> None:
    line = {
        "type": "lesson",
        "learner": "학습자-001",
        "lesson": "fx-lesson",
        "kind": "finished",
        "uuid": "0b1e3c2a-4d5f-4a6b-8c7d-9e0f1a2b3c4d",
        "created_at": written,
    }
    with pytest.raises(ValueError, match="created_at"):
        from_json_dict(line)


def test_import_accepts_a_timestamp_without_fractional_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'teacher.db'}"
    monkeypatch.setenv("CERTTRAINING_DB", url)
    line = {
        "type": "lesson",
        "learner": "학습자-001",
        "lesson": "fx-lesson",
        "kind": "finished",
        "uuid": "0b1e3c2a-4d5f-4a6b-8c7d-9e0f1a2b3c4d",
        "created_at": "2026-11-01T10:00:00Z",
    }
    path = tmp_path / "lrs.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["progress", "import", str(path)]) == 0, capsys.readouterr().err
    store = ProgressStore(url)
    try:
        (record,) = list(store.records())
        assert record.created_at == STORED
    finally:
        store.close()
        close_stores()
