"""The kernel's HTTP line to the class service keeps one connection and survives its loss."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from certtraining.classlink import ServiceClient, ServiceError, ServiceUnreachable


class _Service(BaseHTTPRequestHandler):
    """Answers every POST with its body and the number of the connection it came on."""

    protocol_version = "HTTP/1.1"
    connections = 0
    drop_after_reply = False

    def setup(self) -> None:
        super().setup()
        type(self).connections += 1
        self.number = type(self).connections

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.endswith("/refused"):
            self._reply(403, {"status": 403, "message": "not yours"})
            return
        self._reply(200, {"echo": json.loads(body), "connection": self.number})
        if type(self).drop_after_reply:  # as an idle timeout would, without telling the client
            self.close_connection = True

    def _reply(self, status: int, data: object) -> None:
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def service() -> Iterator[str]:
    _Service.connections, _Service.drop_after_reply = 0, False
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Service)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"certtraining+http://127.0.0.1:{server.server_address[1]}/services/certtraining/"
    finally:
        server.shutdown()
        server.server_close()


def test_calls_share_one_connection(service: str) -> None:
    client = ServiceClient(service, token="t")
    replies = [client.call("POST", "api/answer", {"n": n}) for n in range(3)]
    assert [r["echo"]["n"] for r in replies] == [0, 1, 2]
    assert {r["connection"] for r in replies} == {1}
    with pytest.raises(ServiceError) as refused:
        client.call("POST", "api/refused", {})
    assert (refused.value.status, str(refused.value)) == (403, "not yours")
    assert client.call("POST", "api/answer", {})["connection"] == 1
    client.close()


def test_a_connection_the_service_dropped_is_replaced_and_the_call_sent_again(
    service: str,
) -> None:
    _Service.drop_after_reply = True
    client = ServiceClient(service, token="t")
    replies = [client.call("POST", "api/answer", {"n": n}) for n in range(3)]
    assert [r["echo"]["n"] for r in replies] == [0, 1, 2]
    assert [r["connection"] for r in replies] == [1, 2, 3]


def test_no_service_is_unreachable() -> None:
    client = ServiceClient("certtraining+http://127.0.0.1:9/services/certtraining/", token="t")
    with pytest.raises(ServiceUnreachable):
        client.call("POST", "api/answer", {})
