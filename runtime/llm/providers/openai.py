"""OpenAI Chat Completions, and every server that speaks it.

Ollama, llama.cpp's server, vLLM, OpenRouter and Groq accept the same
``POST {base}/chat/completions``. Only api.openai.com gets
``max_completion_tokens``: its reasoning models refuse ``max_tokens``,
while many compatible servers know only ``max_tokens``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..request import Reply, Request
from ..transport import Transport
from ..usage import from_openai
from .base import HTTPProvider

__all__ = ["OpenAIProvider"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"


class OpenAIProvider(HTTPProvider):
    kind = "openai"

    def __init__(
        self,
        name: str = "openai",
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        default_model: str | None = None,
        **transport_options,
    ) -> None:
        base_url = base_url or DEFAULT_BASE_URL
        headers = {"content-type": "application/json"}
        if api_key:
            headers["authorization"] = f"Bearer {api_key}"
        transport = Transport(
            name, base_url, headers, secret=api_key, **transport_options
        )
        super().__init__(name, default_model or DEFAULT_MODEL, transport)
        self._limit_field = (
            "max_completion_tokens"
            if urlsplit(base_url).hostname == "api.openai.com"
            else "max_tokens"
        )

    def path(self, request: Request) -> str:
        return "/chat/completions"

    def body(self, request: Request) -> dict:
        messages = [{"role": m.role, "content": m.content} for m in request.messages]
        if request.system:
            messages.insert(0, {"role": "system", "content": request.system})
        body = {
            "model": request.model,
            "messages": messages,
            self._limit_field: request.max_tokens,
        }
        if request.temperature is not None:
            body["temperature"] = request.temperature
        return body

    def reply(self, data: dict, request: Request) -> Reply:
        choices = data.get("choices")
        if not choices:
            raise self.malformed("no choices")
        content = choices[0]["message"].get("content") or ""
        return Reply(
            content, from_openai(data.get("usage"), data.get("model") or request.model)
        )
