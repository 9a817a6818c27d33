"""Learner ids: one learner however Hangul was typed; odd ids refused with a clear message."""

from __future__ import annotations

import unicodedata

import pytest

from certtraining.learner import (
    LearnerIdError,
    normalize_learner_id,
    remember_learner,
    resolve_learner,
)


def test_nfd_and_nfc_hangul_are_the_same_learner():
    composed = "김민수"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert normalize_learner_id(decomposed) == normalize_learner_id(composed) == composed


def test_spaces_are_trimmed():
    assert normalize_learner_id("  이영희 \n") == "이영희"


@pytest.mark.parametrize(
    ("raw", "message"),
    [("", "비어"), ("   ", "비어"), ("가" * 65, "64자"), ("kim\x07", "제어"), ("a\u200bb", "제어")],
)
def test_odd_ids_are_refused_with_a_korean_reason(raw, message):
    with pytest.raises(LearnerIdError) as caught:
        normalize_learner_id(raw)
    assert message in str(caught.value)


def test_resolution_order(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("CERTTRAINING_LEARNER", "override")
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-user")
    assert resolve_learner() == "override"
    monkeypatch.delenv("CERTTRAINING_LEARNER")
    assert resolve_learner() == "hub-user"
    monkeypatch.delenv("JUPYTERHUB_USER")
    remember_learner(unicodedata.normalize("NFD", "박지성"))
    assert resolve_learner() == "박지성"


def test_forgetting_the_name_brings_back_the_os_user_fallback(tmp_path, monkeypatch) -> None:
    from certtraining.learner import forget_learner, remember_learner, remembered_learner

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("CERTTRAINING_LEARNER", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    remember_learner("김민수")
    assert remembered_learner() == "김민수"
    forget_learner()
    assert remembered_learner() is None
    forget_learner()  # nothing to forget: no error
