"""HTTP for providers: one ``httpx.Client`` each, retries and error mapping.

Every HTTP failure is turned into a :class:`~runtime.errors.ProviderError`
here and nowhere else, raised ``from`` the httpx exception, with the
provider's name, the HTTP status and the provider's own message.

Retries: a 429, 5xx (and 408 or 409, as the OpenAI SDK does) reply, or a
connection that could not be opened, is tried again up to ``max_retries``
times. The wait is the reply's
``Retry-After`` (seconds or an HTTP date; ``retry-after-ms`` first) when it
has one, else an exponential backoff with jitter. A timeout or a dropped
connection after the request was sent is not retried: the provider may
have processed and billed it, and the budget reserved for one call only.

The API key lives only in the client's headers. Error texts pass through
:meth:`Transport.redact`, and no ``repr`` here shows headers.

httpx is imported when the first transport is built, not with the runtime:
it takes longer to import than the rest of the runtime together, and most
programs never make an HTTP call.
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING

from ..errors import ProviderError
from ..values import Keyword
from .logs import logger

if TYPE_CHECKING:
    import httpx

__all__ = ["Transport", "provider_error"]

LOGGER = "runtime.llm.transport"

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504, 529})
#: Maximum wait in seconds a ``Retry-After`` may request before the call fails.
MAX_RETRY_WAIT = 60.0
#: Batches bound the calls in flight; keep this many connections warm.
KEEPALIVE_CONNECTIONS = 64
_MESSAGE_LIMIT = 300


class Transport:
    """POST JSON to one provider's API.

    ``timeout`` is in seconds for each of connect, read and write;
    ``backoff`` is the first retry wait in seconds, doubled on each retry.
    """

    def __init__(
        self,
        provider: str,
        base_url: str,
        headers: dict[str, str],
        *,
        secret: str | None = None,
        timeout: float = 120.0,
        max_retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.provider = provider
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self._secret = secret
        forms = {secret, repr(secret)[1:-1], str(secret.encode("utf-8"))[2:-1]} if secret else set()
        self._secret_forms = sorted((form for form in forms if form), key=len, reverse=True)
        if secret and not secret.isascii():
            raise provider_error(provider, f"{provider}: the API key contains non-ASCII characters; check the key")
        self._client = _make_client(self.base_url, headers, timeout)

    def __repr__(self) -> str:
        return f"<Transport {self.provider} {self.base_url}>"

    def close(self) -> None:
        self._client.close()

    def redact(self, text: str) -> str:
        """Return ``text`` with the API key replaced, also in escaped or cut-off form.

        httpx quotes a bad header value as bytes (``b'Bearer sk-...\\n'``),
        and a provider's message may be cut short in the middle of the key.
        """
        if not self._secret:
            return text
        for form in self._secret_forms:
            if form in text:
                text = text.replace(form, "[redacted]")
        for form in self._secret_forms:
            for size in range(len(form) - 1, 5, -1):
                if text.endswith(form[:size]):
                    return text[:-size] + "[redacted]"
        return text

    def post_json(self, path: str, body: dict) -> dict:
        """POST ``body`` to ``path`` and return the decoded JSON object.

        Raises :class:`ProviderError` for an HTTP error status (after the
        retries), a timeout, a broken connection or a reply that is not a
        JSON object.
        """
        import httpx

        attempt = 0
        while True:
            try:
                response = self._client.post(path, json=body)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                if attempt >= self.max_retries:
                    raise self._error(f"could not connect to {self.base_url}") from exc
                wait, reason = self._backoff(attempt), "could not connect"
            except httpx.TimeoutException as exc:
                raise self._error(f"no reply within {self.timeout:g}s") from exc
            except httpx.HTTPError as exc:
                raise self._error(f"connection failed: {exc}") from exc
            else:
                if response.status_code < 400:
                    return self._decode(response)
                wait = self._retry_wait(response, attempt)
                if wait is None:
                    raise self._status_error(response)
                reason = f"HTTP {response.status_code}"
            attempt += 1
            logger(LOGGER).warning(
                "%s: %s; retry %d of %d in %.2fs",
                self.provider,
                reason,
                attempt,
                self.max_retries,
                wait,
            )
            time.sleep(wait)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff: 50-100% of ``backoff * 2**attempt`` seconds."""
        return self.backoff * (2**attempt) * (0.5 + random.random() / 2)

    def _retry_wait(self, response: httpx.Response, attempt: int) -> float | None:
        """Return seconds to wait before retrying ``response``, or None to give up."""
        if response.status_code not in RETRYABLE_STATUS or attempt >= self.max_retries:
            return None
        asked = retry_after(response.headers)
        if asked is None:
            return self._backoff(attempt)
        return asked if asked <= MAX_RETRY_WAIT else None

    def _decode(self, response: httpx.Response) -> dict:
        try:
            data = response.json()
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
            snippet = self.redact(response.text[:_MESSAGE_LIMIT])
            raise self._error(
                f"reply is not JSON (HTTP {response.status_code}): {snippet!r}",
                status=response.status_code,
            ) from exc
        if not isinstance(data, dict):
            raise self._error(f"reply is not a JSON object: {type(data).__name__}")
        return data

    def _status_error(self, response: httpx.Response) -> ProviderError:
        status = response.status_code
        message = self.redact(provider_message(response))
        asked = retry_after(response.headers)
        if asked is not None and asked > MAX_RETRY_WAIT:
            limit = f"the limit is {MAX_RETRY_WAIT:.0f}s"
            message += f" (it asked for a retry in {asked:.0f}s; {limit})"
        return self._error(f"HTTP {status}: {message}", status=status)

    def _error(self, text: str, **fields) -> ProviderError:
        """Build the error; callers raise it ``from`` the httpx exception."""
        return provider_error(
            self.provider, f"{self.provider}: {self.redact(text)}", **fields
        )


def _make_client(
    base_url: str, headers: dict[str, str], timeout: float
) -> httpx.Client:
    """An httpx client with ``timeout`` seconds per phase (connect at most 10)."""
    import socket

    import httpx

    # httpcore writes request headers and body separately; without
    # TCP_NODELAY the body can wait for the server's delayed ACK (~40 ms).
    nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    limits = httpx.Limits(
        max_connections=None, max_keepalive_connections=KEEPALIVE_CONNECTIONS
    )
    return httpx.Client(
        base_url=base_url,
        headers=headers,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        transport=httpx.HTTPTransport(socket_options=nodelay, limits=limits),
    )


def provider_error(provider: str, message: str, **fields) -> ProviderError:
    """A :class:`ProviderError` whose Sema map carries ``:provider :name``."""
    return ProviderError(message, provider=Keyword(provider), **fields)


def retry_after(headers: httpx.Headers) -> float | None:
    """Read ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date) in seconds."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def provider_message(response: httpx.Response) -> str:
    """Extract the provider's own error text.

    OpenAI, Anthropic and Gemini all reply with ``{"error": {"message": ...}}``;
    other servers may send a string ``error`` or plain text.
    """
    try:
        data = response.json()
    except ValueError:
        return response.text[:_MESSAGE_LIMIT].strip() or response.reason_phrase
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])[:_MESSAGE_LIMIT]
    if isinstance(error, str):
        return error[:_MESSAGE_LIMIT]
    if isinstance(data, dict) and data.get("message"):
        return str(data["message"])[:_MESSAGE_LIMIT]
    return str(data)[:_MESSAGE_LIMIT]
