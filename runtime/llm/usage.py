"""Token usage in one shape, whatever the provider reported.

Providers count the same things differently, so every reply's usage is
normalised here before the ledger, pricing or budgets see it:

* OpenAI: ``prompt_tokens_details.cached_tokens`` is already inside
  ``prompt_tokens`` and ``completion_tokens_details.reasoning_tokens``
  inside ``completion_tokens``; both are copied as they are.
* Anthropic: ``input_tokens`` excludes ``cache_read_input_tokens`` and
  ``cache_creation_input_tokens``, so the prompt is the sum of the three.
* Gemini: ``candidatesTokenCount`` excludes ``thoughtsTokenCount``, which is
  billed as output, so the completion is the sum of the two.

In the result, ``prompt_tokens`` counts all input (cache reads and writes
included) and ``completion_tokens`` all output (reasoning included).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ..errors import LLMError
from ..values import Keyword, Map

__all__ = [
    "Usage",
    "from_anthropic",
    "from_gemini",
    "from_openai",
    "from_sema",
]


class Usage(NamedTuple):
    """The normalised usage of one call.

    Token counts are integers. ``cost`` is in US dollars as an exact
    :class:`~decimal.Decimal`, or None while unpriced or when the model's
    price is unknown. ``model`` is the model that served the call and
    ``provider`` the name of the provider that sent it.
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0
    reasoning_tokens: int = 0
    model: str | None = None
    provider: str | None = None
    cost: Decimal | None = None
    #: False when the reply carried no usage at all, so its cost is unknown.
    reported: bool = True

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def with_cost(self, provider: str, cost: Decimal | None) -> Usage:
        """Return a copy attributed to ``provider`` and priced at ``cost``."""
        return Usage(
            self.prompt_tokens,
            self.completion_tokens,
            self.cache_read_tokens,
            self.cache_creation_tokens,
            self.reasoning_tokens,
            self.model,
            provider,
            cost,
            self.reported,
        )

    def to_map(self) -> Map:
        """Return the Sema view: ``{:prompt-tokens ... :cost-usd ...}``."""
        return Map(
            {
                _PROMPT: self.prompt_tokens,
                _COMPLETION: self.completion_tokens,
                _TOTAL: self.total_tokens,
                _CACHE_READ: self.cache_read_tokens,
                _CACHE_CREATION: self.cache_creation_tokens,
                _REASONING: self.reasoning_tokens,
                _MODEL: self.model,
                _PROVIDER: Keyword(self.provider) if self.provider else None,
                _COST: None if self.cost is None else float(self.cost),
            }
        )


_PROMPT = Keyword("prompt-tokens")
_COMPLETION = Keyword("completion-tokens")
_TOTAL = Keyword("total-tokens")
_CACHE_READ = Keyword("cache-read-tokens")
_CACHE_CREATION = Keyword("cache-creation-tokens")
_REASONING = Keyword("reasoning-tokens")
_MODEL = Keyword("model")
_PROVIDER = Keyword("provider")
_COST = Keyword("cost-usd")


def _count(data: dict | None, key: str) -> int:
    """Read a token count; absent or null counts as 0, anything else must be an int."""
    if not data:
        return 0
    value = data.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise LLMError(
            f"usage field {key} must be a non-negative integer, got {value!r}"
        )
    return value


def from_openai(data: dict | None, model: str | None) -> Usage:
    """Normalise a Chat Completions ``usage`` object (details already included)."""
    reported = bool(data)
    data = data or {}
    return Usage(
        reported=reported,
        prompt_tokens=_count(data, "prompt_tokens"),
        completion_tokens=_count(data, "completion_tokens"),
        cache_read_tokens=_count(data.get("prompt_tokens_details"), "cached_tokens"),
        reasoning_tokens=_count(
            data.get("completion_tokens_details"), "reasoning_tokens"
        ),
        model=model,
    )


def from_anthropic(data: dict | None, model: str | None) -> Usage:
    """Normalise a Messages API ``usage`` object (cache tokens reported apart)."""
    cache_read = _count(data, "cache_read_input_tokens")
    cache_creation = _count(data, "cache_creation_input_tokens")
    return Usage(
        reported=bool(data),
        prompt_tokens=_count(data, "input_tokens") + cache_read + cache_creation,
        completion_tokens=_count(data, "output_tokens"),
        cache_read_tokens=cache_read,
        cache_creation_tokens=cache_creation,
        model=model,
    )


def from_gemini(data: dict | None, model: str | None) -> Usage:
    """Normalise a generateContent ``usageMetadata`` (thoughts reported apart)."""
    thoughts = _count(data, "thoughtsTokenCount")
    return Usage(
        reported=bool(data),
        prompt_tokens=_count(data, "promptTokenCount"),
        completion_tokens=_count(data, "candidatesTokenCount") + thoughts,
        cache_read_tokens=_count(data, "cachedContentTokenCount"),
        reasoning_tokens=thoughts,
        model=model,
    )


_SEMA_FIELDS = {
    "prompt-tokens": "prompt_tokens",
    "completion-tokens": "completion_tokens",
    "cache-read-tokens": "cache_read_tokens",
    "cache-creation-tokens": "cache_creation_tokens",
    "reasoning-tokens": "reasoning_tokens",
}


def from_sema(data: dict | None, model: str | None) -> Usage:
    """Read the ``:usage`` map of a provider defined with ``llm/define-provider``.

    It uses the normalised convention already: cache and reasoning tokens
    are parts of the prompt and completion counts. Keys may be keywords or
    strings (``"prompt-tokens"`` or ``"prompt_tokens"``); ``:total-tokens``
    is ignored because it is derived.
    """
    counts = {}
    for key, value in (data or {}).items():
        name = key.name if isinstance(key, Keyword) else str(key).replace("_", "-")
        field = _SEMA_FIELDS.get(name)
        if field is not None:
            counts[field] = _count({name: value}, name)
    return Usage(model=model, reported=bool(data), **counts)
