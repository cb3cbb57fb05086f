"""Tests for the http/ namespace against a server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import EvalError, IOErrorSema
from runtime.registry import BUILTINS
from runtime.values import Keyword, Map

STATUS, HEADERS, BODY = Keyword("status"), Keyword("headers"), Keyword("body")


class EchoHandler(BaseHTTPRequestHandler):
    """Reply to every request with a JSON description of it (404 for ``/missing``)."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        received = self.rfile.read(length).decode("utf-8") if length else ""
        payload = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "body": received,
                "content_type": self.headers.get("Content-Type"),
                "token": self.headers.get("X-Token"),
            }
        ).encode("utf-8")
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _answer

    def log_message(self, format, *args):  # noqa: A002  (signature fixed by the base class)
        pass


@pytest.fixture(scope="module")
def base_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def call(name, *args):
    return BUILTINS[name](*args)


def test_get_returns_status_headers_body(base_url):
    options = Map({HEADERS: Map({Keyword("x-token"): "abc"})})
    response = call("http/get", base_url + "/items", options)
    assert response[STATUS] == 200
    assert response[HEADERS]["content-type"] == "application/json"
    echoed = json.loads(response[BODY])
    assert echoed["path"] == "/items"
    assert echoed["token"] == "abc"


def test_post_sends_map_as_json(base_url):
    response = call("http/post", base_url + "/items", Map({Keyword("n"): 1}))
    echoed = json.loads(response[BODY])
    assert echoed["method"] == "POST"
    assert echoed["body"] == '{"n":1}'
    assert echoed["content_type"] == "application/json"


def test_put_delete_and_request(base_url):
    assert json.loads(call("http/put", base_url, "text")[BODY])["body"] == "text"
    assert json.loads(call("http/delete", base_url)[BODY])["method"] == "DELETE"
    patched = call("http/request", "patch", base_url, None, "x")
    assert json.loads(patched[BODY])["method"] == "PATCH"
    assert call("http/request", "HEAD", base_url)[BODY] == ""


def test_error_status_is_a_response(base_url):
    assert call("http/get", base_url + "/missing")[STATUS] == 404


def test_bytes_option(base_url):
    response = call("http/get", base_url, Map({Keyword("as"): Keyword("bytes")}))
    assert isinstance(response[BODY], bytearray)


def test_transport_failure_is_io_error():
    with pytest.raises(IOErrorSema, match="request failed"):
        call("http/get", "http://127.0.0.1:1/", Map({Keyword("timeout"): 2000}))


def test_unsupported_method():
    with pytest.raises(EvalError, match="unsupported method TRACE"):
        call("http/request", "TRACE", "http://127.0.0.1:1/")
