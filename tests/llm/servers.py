"""Real HTTP servers on 127.0.0.1 for the runtime tests.

A :class:`ScriptedServer` answers each request with the next scripted
action: a JSON reply with any status and headers, raw bytes, a delay, or a
connection dropped without a reply. It records what it received, so tests
can check the exact wire shape a provider sent.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


def reply(
    status: int = 200, data=None, headers: dict | None = None, raw: bytes | None = None
):
    """An action answering ``status`` with ``data`` as JSON (or ``raw`` bytes)."""
    body = raw if raw is not None else json.dumps(data).encode()

    def act(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return act


def delayed(seconds: float, then):
    """An action that waits ``seconds`` before doing ``then``."""

    def act(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(handler)

    return act


def drop():
    """An action that closes the connection without sending anything."""

    def act(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    return act


def trickle(body: bytes, every: float):
    """Send headers at once, then the body one byte per ``every`` seconds."""

    def act(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("content-length", str(len(body)))
        handler.end_headers()
        for index in range(len(body)):
            try:
                handler.wfile.write(body[index : index + 1])
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(every)

    return act


class QuietServer(ThreadingHTTPServer):
    """Clients that give up early (timeouts, dropped tests) are expected here."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@dataclass
class ScriptedServer:
    """A loopback server; use as a context manager. ``url`` has no trailing slash."""

    actions: deque = field(default_factory=deque)
    received: list = field(default_factory=list)
    default: object = None

    def __post_init__(self) -> None:
        script = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                script.received.append(
                    Received(
                        self.command,
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        body,
                    )
                )
                action = script.actions.popleft() if script.actions else script.default
                if action is None:
                    action = reply(500, {"error": {"message": "no scripted reply"}})
                action(self)

            do_GET = do_POST = _serve

            def log_message(self, *args) -> None:
                pass

        self._server = QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *actions) -> ScriptedServer:
        self.actions.extend(actions)
        return self

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
