"""The ``http/`` namespace: a blocking HTTP client built on :mod:`urllib.request`.

Every function returns ``{:status int :headers {...} :body ...}``, also for
4xx and 5xx responses. Only a failure to get a response (invalid URL,
refused connection, timeout) raises an ``:io`` error. Header names in the result
are lowercase strings. Options:

* ``:headers``: a map of request headers (keyword or string names);
* ``:timeout``: milliseconds before giving up (default 30000);
* ``:as``: ``:text`` (default, the body decoded as UTF-8) or ``:bytes``
  (the body as a bytevector).

A request body that is a map or a list is sent as JSON with
``Content-Type: application/json``. A string is sent as UTF-8 text, and a
bytevector as it is. ``http/serve`` is not available.
"""

from __future__ import annotations

from ..errors import EvalError, IOErrorSema
from ..registry import unavailable
from ..values import Keyword, Map, Symbol
from .mod_common import check_string, register, type_error

_DEFAULT_TIMEOUT_MS = 30_000
_METHODS = frozenset(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"])


def _option(options, name: str):
    if options is None:
        return None
    if not isinstance(options, dict):
        raise type_error("http/request", "map", options)
    return options.get(Keyword(name))


def _header_name(name) -> str:
    if isinstance(name, (Keyword, Symbol)):
        return name.name
    if isinstance(name, str):
        return name
    raise type_error("http/request", "string or keyword header name", name)


def _encode_body(body, headers: dict) -> bytes | None:
    if body is None:
        return None
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (dict, list)):
        from .mod_json import encode

        if not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = "application/json"
        return encode(body).encode("utf-8")
    raise type_error("http/request", "map, list, string or bytevector body", body)


def _response(status: int, headers, data: bytes, as_bytes: bool) -> Map:
    body = bytearray(data) if as_bytes else data.decode("utf-8", errors="replace")
    header_map = Map((name.lower(), value) for name, value in headers.items())
    return Map({Keyword("status"): status, Keyword("headers"): header_map, Keyword("body"): body})


def send_request(method, url, options=None, body=None) -> Map:
    """Send one request and return the response map; raise ``:io`` errors for transport failures."""
    import urllib.error
    import urllib.request

    check_string("http/request", method)
    check_string("http/request", url)
    method = method.upper()
    if method not in _METHODS:
        choices = ", ".join(sorted(_METHODS))
        raise EvalError(f"http/request: unsupported method {method}; use one of {choices}")
    headers = {_header_name(k): str(v) for k, v in (_option(options, "headers") or {}).items()}
    timeout_ms = _option(options, "timeout") or _DEFAULT_TIMEOUT_MS
    as_bytes = _option(options, "as") == Keyword("bytes")
    data = _encode_body(body, headers)
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout_ms / 1000) as answer:
            return _response(answer.status, answer.headers, answer.read(), as_bytes)
    except urllib.error.HTTPError as answer:
        return _response(answer.code, answer.headers, answer.read(), as_bytes)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IOErrorSema(f"http/{method.lower()} {url}: request failed: {reason}", url=url) from exc


@register("http/request")
def request(method, url, options=None, body=None):
    return send_request(method, url, options, body)


@register("http/get")
def get(url, options=None):
    return send_request("GET", url, options)


@register("http/delete")
def delete(url, options=None):
    return send_request("DELETE", url, options)


@register("http/post")
def post(url, body, options=None):
    return send_request("POST", url, options, body)


@register("http/put")
def put(url, body, options=None):
    return send_request("PUT", url, options, body)


unavailable("http/serve")
