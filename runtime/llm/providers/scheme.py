"""Providers written in Sema with ``llm/define-provider``.

The ``:complete`` function is any Python callable (compiled Sema lambdas
are plain functions). It receives a map
``{:model :messages :max-tokens :temperature :system}`` whose messages are
``{:role "user" :content "..."}`` maps, and returns
``{:content "..." :model "m" :usage {:prompt-tokens n :completion-tokens n}}``
or just the content string. This is how programs and tests drive the
ledger with exact numbers.
"""

from __future__ import annotations

from ...errors import LLMError, ProviderError, UserError, to_sema_error
from ...values import Keyword, Map
from ..request import Reply, Request, name_of
from ..transport import provider_error
from ..usage import Usage, from_sema
from .base import Provider

__all__ = ["SchemeProvider"]

_MODEL = Keyword("model")
_MESSAGES = Keyword("messages")
_MAX_TOKENS = Keyword("max-tokens")
_TEMPERATURE = Keyword("temperature")
_SYSTEM = Keyword("system")
_ROLE = Keyword("role")
_CONTENT = Keyword("content")


class SchemeProvider(Provider):
    kind = "scheme"

    def __init__(self, name: str, complete, default_model: str | None = None) -> None:
        if not callable(complete):
            raise LLMError(f"llm/define-provider {name}: :complete must be a function")
        super().__init__(name, default_model or name)
        self._complete = complete

    def complete(self, request: Request) -> Reply:
        """Call the Sema function; an error it raises becomes a :class:`ProviderError`
        with the same message (and ``:value`` for a thrown value)."""
        try:
            result = self._complete(request_map(request))
        except LLMError:
            raise
        except Exception as exc:
            raise self._failure(exc) from exc
        return self._reply(result, request)

    def _failure(self, exc: Exception) -> ProviderError:
        error = to_sema_error(exc)
        if isinstance(error, UserError):
            return provider_error(self.name, error.message, value=error.value)
        return provider_error(self.name, error.message)

    def _reply(self, result, request: Request) -> Reply:
        if isinstance(result, str):
            return Reply(result, Usage(model=request.model, reported=False))
        if not isinstance(result, dict):
            raise provider_error(
                self.name,
                f"provider {self.name} must return a map or a string, "
                f"got {type(result).__name__}",
            )
        fields = {name_of(key): value for key, value in dict.items(result)}
        content = fields.get("content")
        if not isinstance(content, str):
            raise provider_error(
                self.name, f"provider {self.name} returned no string :content"
            )
        model = fields.get("model") or request.model
        return Reply(content, from_sema(fields.get("usage"), str(model)))


def request_map(request: Request) -> Map:
    """The Sema view of ``request`` passed to a defined provider."""
    messages = [Map({_ROLE: m.role, _CONTENT: m.content}) for m in request.messages]
    return Map(
        {
            _MODEL: request.model,
            _MESSAGES: messages,
            _MAX_TOKENS: request.max_tokens,
            _TEMPERATURE: request.temperature,
            _SYSTEM: request.system,
        }
    )
