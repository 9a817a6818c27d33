"""The kernel's WebSocket to the browser, sent without Nagle's delay.

jupyter_server leaves ``TCP_NODELAY`` off on kernel WebSockets (tornado's default). A quiz's
feedback then often waited about 40 ms in the server's socket: Nagle's algorithm held the
small message until the browser acknowledged the kernel's "busy" status sent just before it,
and the browser delays that acknowledgement (seen in the feedback benchmark: the kernel had
sent the feedback 5 ms after the click; the browser received it 45 ms after). Every widget
message is small, so every click of the course answers sooner with the flag on.
``certtraining lab``, the learner app and learners' servers on a class server all use it
(``certtraining.notebook.KERNEL_CONNECTION_CLASS``).
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class PromptKernelConnection(ZMQChannelsWebsocketConnection):
    def connect(self) -> Any:
        self.websocket_handler.set_nodelay(True)
        return super().connect()
