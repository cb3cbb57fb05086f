"""Anthropic Messages API: ``POST {base}/v1/messages``.

System text travels in the top-level ``system`` field, so system turns
are lifted out of the conversation.
"""

from __future__ import annotations

from ..request import Reply, Request, split_system
from ..transport import Transport
from ..usage import from_anthropic
from .base import HTTPProvider

__all__ = ["AnthropicProvider"]

DEFAULT_BASE_URL = "https://api.anthropic.com"
DEFAULT_MODEL = "claude-sonnet-4-5"
API_VERSION = "2023-06-01"


class AnthropicProvider(HTTPProvider):
    kind = "anthropic"

    def __init__(
        self,
        name: str = "anthropic",
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        default_model: str | None = None,
        **transport_options,
    ) -> None:
        headers = {"content-type": "application/json", "anthropic-version": API_VERSION}
        if api_key:
            headers["x-api-key"] = api_key
        base_url = base_url or DEFAULT_BASE_URL
        transport = Transport(
            name, base_url, headers, secret=api_key, **transport_options
        )
        super().__init__(name, default_model or DEFAULT_MODEL, transport)

    def path(self, request: Request) -> str:
        return "/v1/messages"

    def body(self, request: Request) -> dict:
        system, turns = split_system(request.messages, request.system)
        body = {
            "model": request.model,
            "max_tokens": request.max_tokens,
            "messages": [{"role": m.role, "content": m.content} for m in turns],
        }
        if system:
            body["system"] = system
        if request.temperature is not None:
            body["temperature"] = request.temperature
        return body

    def reply(self, data: dict, request: Request) -> Reply:
        blocks = data["content"]
        text = "".join(
            block.get("text", "") for block in blocks if block.get("type") == "text"
        )
        return Reply(
            text, from_anthropic(data.get("usage"), data.get("model") or request.model)
        )
