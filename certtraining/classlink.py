"""The kernel's line to the class server's progress service, and its outbox.

On a JupyterHub class server, ``CERTTRAINING_DB`` names the progress service instead of a
database: ``certtraining+http://127.0.0.1:10101/services/certtraining/`` (``certtraining+https``
likewise). The ``certtraining+`` prefix marks the URL as ours, so it can never be mistaken for
a SQLAlchemy URL. Calls carry the learner's own hub token (``JUPYTERHUB_API_TOKEN``, already in
every single-user server's environment); the service takes the learner from that token.

Both the progress store (records) and the quiz (answer checks) talk through this leaf, so
neither imports the other. When the service cannot be reached, a request that must not be
lost goes to the outbox, a JSON Lines file in the user's data folder, and is sent before the
next request (every record carries a UUID the service stores once, so resending is safe).
"""

from __future__ import annotations

import fcntl
import http.client
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from certtraining.errors import UserError
from certtraining.settings import user_data_dir

DB_ENV = "CERTTRAINING_DB"
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
SCHEME_PREFIX = "certtraining+"
OUTBOX_FILE = "outbox.jsonl"
TIMEOUT_S = 10.0

REJECTED_FILE = "outbox.rejected.jsonl"
REFUSED_MESSAGE = (
    "보관했던 기록 {count}개를 채점 서버가 받지 않았습니다 (사유: {reason}). 기록은 {path}에 "
    "남겨 두었으니 강사에게 알려 주세요. / {count} kept record(s) were refused by the service; "
    "they are kept in {path}"
)

QUEUED_MESSAGE = (
    "채점 서버에 연결할 수 없어 답을 보관했습니다. 서버가 돌아오면 채점해 기록합니다. / "
    "The checking server cannot be reached: the answer was kept and will be checked once it is back."
)


class ServiceError(UserError, RuntimeError):
    """The service answered with a refusal (4xx): the message is the service's own."""

    def __init__(self, status: int, message: str, data: Any = None):
        super().__init__(message)
        self.status = status
        self.data = data if isinstance(data, dict) else {}  # the refusal's JSON, if any


class ServiceUnreachable(UserError, ConnectionError):
    """The service did not answer (down, restarting, or the proxy has no route yet)."""

    def __init__(self, detail: str = ""):
        super().__init__(
            "진도 서버(채점 서버)에 연결할 수 없습니다. 잠시 뒤 다시 해 보세요. / "
            f"the class progress service cannot be reached{': ' + detail if detail else ''}"
        )


def is_service_url(url: str | None) -> bool:
    return bool(url) and str(url).strip().lower().startswith(SCHEME_PREFIX + "http")


def service_url() -> str | None:
    """``CERTTRAINING_DB`` when it names the service, else None."""
    configured = (os.environ.get(DB_ENV) or "").strip()
    return configured if is_service_url(configured) else None


def on_class_server() -> bool:
    """A hub user's server recording through the service: the hub user is the learner."""
    return service_url() is not None and bool((os.environ.get("JUPYTERHUB_USER") or "").strip())


# A kept-alive connection the service closed meanwhile (idle timeout, restart) fails like
# this on first use, before any answer: the request is sent once more on a new connection.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class ServiceClient:
    """JSON over HTTP to the service with one hub token; no third-party HTTP library.

    Each thread keeps one HTTP/1.1 connection open and sends every call on it: a learner
    answers one question after another, and a new TCP connection per answer cost the
    service an accept and a close each time (and the kernel a connect), a third of its
    time per answer under a class's load. A connection the service closed while idle is
    replaced on the next call, which is then sent once more; every record carries a UUID
    the service stores once, so that is safe.
    """

    def __init__(self, url: str, token: str | None = None):
        if not is_service_url(url):
            raise UserError(
                f"{DB_ENV} 값이 진도 서버 주소가 아닙니다: {url!r} "
                "(예: certtraining+http://127.0.0.1:10101/services/certtraining/) / "
                "not a progress-service URL"
            )
        base = url.strip()[len(SCHEME_PREFIX) :]
        self.base = base if base.endswith("/") else base + "/"
        parts = urlsplit(self.base)
        self._https = parts.scheme.lower() == "https"
        self._netloc = parts.netloc
        self._path = parts.path or "/"
        self._local = threading.local()
        self.token = token if token is not None else os.environ.get(TOKEN_ENV, "")
        if not self.token:
            raise UserError(
                f"진도 서버에 보낼 허브 토큰이 없습니다 ({TOKEN_ENV}). JupyterHub에서 연 서버이거나 "
                "--token으로 토큰을 주세요. / no hub token to call the progress service"
            )

    def __repr__(self) -> str:
        return f"ServiceClient({self.base!r})"

    def call(self, method: str, path: str, body: Any = None, raw: bool = False) -> Any:
        """One request; JSON back (or bytes with ``raw``). Raises the two errors above."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        headers = {
            "Authorization": f"token {self.token}",
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
        }
        status, payload = self._send(method, self._path + path.lstrip("/"), data, headers)
        if status >= 300:
            text = payload.decode("utf-8", "replace")
            if status >= 500 or status == 404 and "certtraining" not in text:
                # The proxy's 502/503 (service down) or a hub 404 page: nothing reached us.
                raise ServiceUnreachable(f"HTTP {status}")
            if status < 400:  # the hub's login page: the token was not accepted
                raise ServiceError(
                    403, "허브 토큰이 받아들여지지 않았습니다 / the hub token was not accepted"
                )
            try:
                data = json.loads(text)
                message = data.get("message") or text
            except (ValueError, AttributeError):
                data, message = None, text or f"HTTP {status}"
            raise ServiceError(status, str(message), data)
        return payload if raw else json.loads(payload or b"null")

    def _send(
        self, method: str, target: str, data: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        """The status and body, on this thread's kept-alive connection (see class docstring)."""
        for attempt in (1, 2):
            conn = getattr(self._local, "conn", None)
            reused = conn is not None
            if conn is None:
                kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
                conn = self._local.conn = kind(self._netloc, timeout=TIMEOUT_S)
            try:
                conn.request(method, target, body=data, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except _STALE as exc:
                self.close()
                if reused and attempt == 1:
                    continue
                raise ServiceUnreachable(str(exc)) from None
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                raise ServiceUnreachable(str(exc)) from None
            if response.will_close:
                self.close()
            return response.status, payload
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Close this thread's connection (the next call opens a new one)."""
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            conn.close()


_notices: list[str] = []
_recorded: dict[tuple[str, ...], dict[str, Any]] = {}


def take_notices() -> list[str]:
    """Messages for the learner that no request could carry (refused kept records); once."""
    taken = list(_notices)
    _notices.clear()
    return taken


def answer_key(learner: str, question_id: str, answer: Any, mode: str) -> tuple[str, ...]:
    """Whose answer to what, in which mode: a record is only ever taken for its own learner."""
    return learner, question_id, mode, json.dumps(answer, sort_keys=True, ensure_ascii=False)


def remember_recorded(question_id: str, answer: Any, mode: str, record: dict[str, Any]) -> None:
    """The service checked *and* recorded this answer (one request, ``api/answer``).

    The quiz announces the answer next and the recorder would send it again as a record;
    the progress store takes the stored record from here instead (:func:`take_recorded`).
    """
    if len(_recorded) > 256:  # announced answers are taken at once; never grow without end
        _recorded.clear()
    _recorded[answer_key(str(record.get("learner")), question_id, answer, mode)] = record


def take_recorded(learner: str, question_id: str, answer: Any, mode: str) -> dict[str, Any] | None:
    return _recorded.pop(answer_key(learner, question_id, answer, mode), None)


class Outbox:
    """Requests kept while the service is away: one JSON object a line, sent in order.

    A kept request the service refuses (4xx: sending it again cannot succeed) is moved to
    ``outbox.rejected.jsonl`` beside it with the service's reason, never dropped, and the
    learner is told (:func:`take_notices`).
    """

    def __init__(self, path: Path | None = None):
        self.path = path or user_data_dir() / OUTBOX_FILE
        self.rejected_path = self.path.with_name(self.path.stem + ".rejected.jsonl")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def pending(self) -> list[dict[str, Any]]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in lines if line.strip()]

    def keep(self, path: str, body: Any) -> None:
        with self._locked(), self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"path": path, "body": body}, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def rejected(self) -> list[dict[str, Any]]:
        try:
            lines = self.rejected_path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in lines if line.strip()]

    def flush(self, client: ServiceClient) -> int:
        """Send what is kept, oldest first; stop at the first failure. Returns how many went
        (refused ones included: they left the outbox for the rejected file)."""
        with self._locked():
            items = self.pending()
            sent = 0
            refused: list[dict[str, Any]] = []
            try:
                for item in items:
                    try:
                        client.call("POST", item["path"], item["body"])
                    except ServiceError as exc:
                        refused.append({**item, "status": exc.status, "reason": str(exc)})
                    sent += 1
            except ServiceUnreachable:
                pass
            if refused:
                with self.rejected_path.open("a", encoding="utf-8") as handle:
                    for item in refused:
                        handle.write(json.dumps(item, ensure_ascii=False) + "\n")
                    handle.flush()
                    os.fsync(handle.fileno())
                _notices.append(
                    REFUSED_MESSAGE.format(
                        count=len(refused), reason=refused[-1]["reason"], path=self.rejected_path
                    )
                )
            rest = items[sent:]
            if rest:
                tmp = self.path.with_suffix(".tmp")
                tmp.write_text(
                    "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in rest),
                    encoding="utf-8",
                )
                tmp.replace(self.path)
            elif items:
                self.path.unlink(missing_ok=True)
            return sent


def send_or_keep(client: ServiceClient, path: str, body: Any, outbox: Outbox | None = None) -> Any:
    """POST after sending anything kept; on no answer, keep it and return None."""
    outbox = outbox or Outbox()
    if outbox.path.exists():
        outbox.flush(client)
        if outbox.pending():
            outbox.keep(path, body)
            return None
    try:
        return client.call("POST", path, body)
    except ServiceUnreachable:
        outbox.keep(path, body)
        return None
