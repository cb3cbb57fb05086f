"""What every provider offers, and the shared half of the HTTP ones.

A provider turns a :class:`~runtime.llm.request.Request` into a
:class:`~runtime.llm.request.Reply`. It neither prices nor records usage:
the call pipeline in :mod:`runtime.llm.call` does that for all of them.
"""

from __future__ import annotations

from ...errors import ProviderError
from ..request import Reply, Request
from ..transport import Transport, provider_error

__all__ = ["HTTPProvider", "Provider"]


class Provider:
    """Base of all providers.

    ``name`` is the keyword the provider was registered under (``openai``,
    ``fake``); ``default_model`` serves calls that name no model.
    """

    kind = "provider"

    def __init__(self, name: str, default_model: str) -> None:
        self.name = name
        self.default_model = default_model

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} model={self.default_model}>"

    def complete(self, request: Request) -> Reply:
        """Send ``request``; raises :class:`ProviderError` when the provider fails."""
        raise NotImplementedError

    def close(self) -> None:
        """Release connections; the provider is not used afterwards."""


class HTTPProvider(Provider):
    """A provider behind a JSON HTTP API, reached through one :class:`Transport`.

    Subclasses give the path, the request body and the reply parser.
    """

    def __init__(self, name: str, default_model: str, transport: Transport) -> None:
        super().__init__(name, default_model)
        self.transport = transport

    def __repr__(self) -> str:
        kind, url = type(self).__name__, self.transport.base_url
        return f"<{kind} {self.name} {url} model={self.default_model}>"

    def complete(self, request: Request) -> Reply:
        try:
            data = self.transport.post_json(self.path(request), self.body(request))
        except ProviderError as exc:
            exc.fields.setdefault("model", request.model)
            raise
        try:
            return self.reply(data, request)
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise self.malformed(f"{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        self.transport.close()

    def malformed(self, detail: str) -> ProviderError:
        """The error for a reply that parsed as JSON but is not the expected shape."""
        text = self.transport.redact(detail)
        return provider_error(
            self.name, f"{self.name}: unexpected reply shape ({text})"
        )

    def path(self, request: Request) -> str:
        raise NotImplementedError

    def body(self, request: Request) -> dict:
        raise NotImplementedError

    def reply(self, data: dict, request: Request) -> Reply:
        raise NotImplementedError
