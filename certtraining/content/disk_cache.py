"""The validated course kept on disk, so a lesson kernel does not parse and validate it again.

Parsing the YAML and validating it costs a lesson kernel more than its own imports. The result
is pickled into the user cache folder under a key made of the hashes of every content file, of
the content package's own source (a changed model must never load an old pickle), of the Python
and pydantic versions and of whether answer keys are wanted, so a content change or an upgrade
simply misses. A file that cannot be read or unpickled, or holds something else, is ignored and
rebuilt: the cache is only ever a shortcut. Writes go to a temporary file renamed into place, so
two kernels starting together never see half a file.

Only content that validated without problems is stored, and without keys only the key-free
course is (a learner's server never writes the answer keys to disk).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from certtraining.settings import content_cache_dir

if TYPE_CHECKING:
    from certtraining.content.models import Content

FORMAT = b"certtraining-content-cache-1"
_SOURCE = Path(__file__).resolve().parent


def _source_digest() -> bytes:
    digest = hashlib.sha256()
    for path in sorted(_SOURCE.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.digest()


def cache_key(data_dir: Path, keys: bool) -> str | None:
    """The key of this folder's content as it is on disk now; ``None`` if it cannot be read."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(FORMAT)
    try:
        pydantic_version = version("pydantic")
    except PackageNotFoundError:
        pydantic_version = "?"
    digest.update(f"{sys.version}|{pydantic_version}|keys={keys}".encode())
    digest.update(_source_digest())
    try:
        for path in sorted(data_dir.glob("*.yaml")):
            digest.update(b"\0" + path.name.encode() + b"\0")
            digest.update(path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _path(key: str) -> Path:
    return content_cache_dir() / f"content-{key}.pickle"


def read(key: str) -> Content | None:
    """The cached course under ``key``, or ``None`` when missing, unreadable or not a course."""
    from certtraining.content.models import Content

    try:
        data = _path(key).read_bytes()
        value = pickle.loads(data)  # noqa: S301 - our own file in the user's private cache
    except Exception:  # noqa: BLE001 - a corrupt or foreign cache is rebuilt, never fatal
        return None
    return value if isinstance(value, Content) else None


def write(key: str, content: Content) -> None:
    """Store the course under ``key``; a read-only or full disk only costs the next start."""
    target = _path(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("content-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as f:
            f.write(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(f.name, target)
    except OSError:
        return
