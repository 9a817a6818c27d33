"""Salted hashes and sealed texts for offline answer checking in a learner handout.

A learner handout must let the reader check an answer with no kernel, yet its source must
not give the key away. So the page holds only the SHA-256 of ``salt:question_id:answer``
for the right answer, and every feedback or explanation text is XOR-ed with a keystream
derived from the salted hash of the answer it belongs to. The inline script
(``templates/certtraining_handout/handout.js``) mirrors these functions byte for byte.

This hides the key from someone reading the page; it is not a secret from someone who
runs code, and does not pretend to be.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

# The answer that opens texts shown after any answer (the explanation).
ANY_ANSWER = "*"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def choice_answer(choice_key: str) -> str:
    """The pseudo-answer under which one choice's own feedback is sealed."""
    return f"choice={choice_key}"


def keystream(key: str, length: int) -> bytes:
    blocks = []
    for counter in range((length + 31) // 32):
        blocks.append(hashlib.sha256(f"{key}:{counter}".encode()).digest())
    return b"".join(blocks)[:length]


def seal(key: str, text: str, width: int) -> str:
    """``text`` padded with NUL bytes to ``width`` bytes, XOR-ed with the keystream, base64."""
    data = text.encode("utf-8")
    if len(data) > width:
        raise ValueError("sealed text is longer than its width")
    data += b"\0" * (width - len(data))
    return base64.b64encode(
        bytes(a ^ b for a, b in zip(data, keystream(key, width), strict=True))
    ).decode()


def unseal(key: str, sealed: str) -> str:
    data = base64.b64decode(sealed)
    plain = bytes(a ^ b for a, b in zip(data, keystream(key, len(data)), strict=True))
    return plain.rstrip(b"\0").decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Slot:
    """One sealed text in the page: found by ``slot_id`` and opened only with its answer."""

    slot_id: str
    sealed: str


def seal_for_answer(salt: str, question_id: str, answer: str, text: str, width: int) -> Slot:
    base = f"{salt}:{question_id}:{answer}"
    return Slot(sha256_hex(f"slot:{base}")[:16], seal(sha256_hex(f"key:{base}"), text, width))


def padded_width(texts: list[str]) -> int:
    """One width for all of a question's sealed texts, so no length stands out (the right
    choice's feedback must not be recognisable by its size); rounded up to 32 bytes."""
    longest = max((len(t.encode("utf-8")) for t in texts), default=0)
    return max(32, (longest + 31) // 32 * 32)
