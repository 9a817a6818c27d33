"""The privacy guard: nothing 주민등록번호-like or phone-like ever reaches the progress store.

Learners type into free-text fields, and some will type their real number "to practise".
Answers are scrubbed (the matching text is replaced, the attempt still counts); ids and
other labels that look personal are refused, because a label cannot be half-kept.
Definitions come from ``certtraining.personal.rrn`` (shared/domain-facts.md).
"""

from __future__ import annotations

import json
from typing import Any

from certtraining.errors import UserError
from certtraining.personal.rrn import (
    PHONE_LIKE,
    RRN_LIKE,
    is_date6,
    looks_like_phone,
    looks_like_rrn,
)

REDACTED = "[개인정보 삭제됨]"
MAX_ANSWER_CHARS = 2000
MAX_NOTE_CHARS = 200
"""A 헷갈려요 note is a short remark to the teacher, not an essay."""


class PersonalDataError(UserError, ValueError):
    """A label (learner id, question id, ...) that looks like a 주민등록번호 or phone number."""


def looks_personal(text: str) -> bool:
    return looks_like_rrn(text) or looks_like_phone(text)


def refuse_personal(text: str, what: str, what_en: str = "value") -> None:
    """Raise for a label that must be stored whole but looks like personal data."""
    if looks_personal(text):
        raise PersonalDataError(
            f"{what}에 주민등록번호나 전화번호처럼 보이는 숫자가 있어 저장하지 않았습니다. "
            f"다른 이름을 써 주세요. / The {what_en} looks like a resident registration or phone "
            "number, so it was not stored."
        )


def scrub_text(text: str) -> str:
    """Replace every 주민등록번호-like or phone-like run; repeat until none is left."""
    for _ in range(len(text) + 1):
        replaced = PHONE_LIKE.sub(REDACTED, text)
        replaced = RRN_LIKE.sub(
            lambda m: REDACTED if is_date6(m.group(1)) else m.group(0), replaced
        )
        if replaced == text:
            return text
        text = replaced
    return text


def scrub(value: Any) -> Any:
    """A JSON-like answer with every string (keys too) scrubbed."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {scrub_text(str(k)): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def answer_json(answer: Any) -> str:
    """The answer as canonical JSON, scrubbed and bounded in size.

    Checked once more as a whole: if joining the parts made something personal-looking
    (it cannot with JSON punctuation in between, but the guard does not rely on that),
    the whole answer is replaced.
    """
    try:
        text = json.dumps(scrub(answer), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        text = json.dumps(scrub(str(answer)), ensure_ascii=False)
    if len(text) > MAX_ANSWER_CHARS:
        text = json.dumps(scrub_text(text[:MAX_ANSWER_CHARS]) + "…", ensure_ascii=False)
    if looks_personal(text):
        text = json.dumps(REDACTED, ensure_ascii=False)
    return text


def note_text(note: Any) -> str | None:
    """A learner's short note as stored: trimmed, control characters dropped, at most
    :data:`MAX_NOTE_CHARS`, scrubbed like an answer; ``None`` when nothing is left.

    The widget refuses a personal-looking note before sending (the learner can fix it);
    this scrub is the store's own guard, for notes that arrive any other way (imports).
    """
    if note is None:
        return None
    text = "".join(ch if ch.isprintable() else " " for ch in str(note))
    text = " ".join(text.split())[:MAX_NOTE_CHARS]
    text = scrub_text(text)
    if looks_personal(text):
        text = REDACTED
    return text or None
