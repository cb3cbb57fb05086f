"""Google Gemini: ``POST {base}/v1beta/models/{model}:generateContent``.

The key goes in the ``x-goog-api-key`` header rather than the ``?key=``
query, so it never appears in a URL that an error or a log line shows.
Assistant turns are called ``model`` there, and thought parts are left
out of the text (their tokens still count as output).
"""

from __future__ import annotations

from urllib.parse import quote

from ..request import Reply, Request, split_system
from ..transport import Transport
from ..usage import from_gemini
from .base import HTTPProvider

__all__ = ["GeminiProvider"]

DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com"
DEFAULT_MODEL = "gemini-2.5-flash"


class GeminiProvider(HTTPProvider):
    kind = "gemini"

    def __init__(
        self,
        name: str = "gemini",
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        default_model: str | None = None,
        **transport_options,
    ) -> None:
        headers = {"content-type": "application/json"}
        if api_key:
            headers["x-goog-api-key"] = api_key
        base_url = base_url or DEFAULT_BASE_URL
        transport = Transport(
            name, base_url, headers, secret=api_key, **transport_options
        )
        super().__init__(name, default_model or DEFAULT_MODEL, transport)

    def path(self, request: Request) -> str:
        model = request.model.removeprefix("models/")
        return f"/v1beta/models/{quote(model, safe='-._')}:generateContent"

    def body(self, request: Request) -> dict:
        system, turns = split_system(request.messages, request.system)
        config = {"maxOutputTokens": request.max_tokens}
        if request.temperature is not None:
            config["temperature"] = request.temperature
        body = {
            "contents": [
                {
                    "role": "model" if m.role == "assistant" else "user",
                    "parts": [{"text": m.content}],
                }
                for m in turns
            ],
            "generationConfig": config,
        }
        if system:
            body["systemInstruction"] = {"parts": [{"text": system}]}
        return body

    def reply(self, data: dict, request: Request) -> Reply:
        candidates = data.get("candidates")
        if not candidates:
            reason = (data.get("promptFeedback") or {}).get(
                "blockReason", "no candidates"
            )
            raise self.malformed(str(reason))
        parts = candidates[0].get("content", {}).get("parts", [])
        text = "".join(
            part.get("text", "") for part in parts if not part.get("thought")
        )
        model = data.get("modelVersion") or request.model
        return Reply(text, from_gemini(data.get("usageMetadata"), model))
