"""The key-free copy of the content a class server gives learners (``certtraining content public``).

It must load (keys off) as the same course learners see without keys, hold no part of any key
in any file, and refuse to pretend it has keys.
"""

from __future__ import annotations

import pytest

from certtraining.cli.main import main
from certtraining.content import ContentError, load_content
from certtraining.settings import default_data_dir


def key_texts(content) -> set[str]:
    """Every explanation and feedback text of the keyed course (long enough to be telling)."""
    found: set[str] = set()
    for key in content.answer_keys:
        found.add(key.explanation)
        feedback = getattr(key, "feedback", None)
        if isinstance(feedback, list):
            found.update(feedback)
    return {" ".join(t.split())[:40] for t in found if len(t) > 20}


def test_the_public_copy_loads_without_keys_and_holds_none(tmp_path, capsys):
    out = tmp_path / "public"
    assert main(["content", "public", "--out", str(out)]) == 0
    assert "key-free copy" in capsys.readouterr().out
    assert not (out / "questions.yaml").exists()
    public = load_content(out, keys=False)
    keyed = load_content(keys=True)
    assert public.answer_keys is None
    assert public.question_bank == keyed.question_bank
    # every other file is the course's own, as it is; the bank holds no key text
    source = default_data_dir()
    others = sorted(p.name for p in out.glob("*.yaml") if p.name != "questions.public.yaml")
    assert others == sorted(p.name for p in source.glob("*.yaml") if p.name != "questions.yaml")
    assert all((out / n).read_bytes() == (source / n).read_bytes() for n in others)
    bank = " ".join((out / "questions.public.yaml").read_text(encoding="utf-8").split())
    assert [t for t in key_texts(keyed) if t in bank] == []
    assert "answer:" not in bank and "explanation:" not in bank
    with pytest.raises(ContentError, match="공개용 사본"):
        load_content(out, keys=True)
    assert main(["validate", "--data", str(out)]) == 0


def test_a_second_run_replaces_a_stale_key_file(tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    (out / "questions.yaml").write_text("questions: []\n", encoding="utf-8")  # an old keyed copy
    assert main(["content", "public", "--out", str(out)]) == 0
    assert not (out / "questions.yaml").exists()
    assert load_content(out, keys=False).answer_keys is None
