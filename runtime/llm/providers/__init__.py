"""One module per provider kind; :data:`KINDS` maps a kind to its class."""

from __future__ import annotations

from .anthropic import AnthropicProvider
from .base import HTTPProvider, Provider
from .gemini import GeminiProvider
from .openai import OpenAIProvider
from .scheme import SchemeProvider

__all__ = [
    "KINDS",
    "AnthropicProvider",
    "GeminiProvider",
    "HTTPProvider",
    "OpenAIProvider",
    "Provider",
    "SchemeProvider",
]

#: Provider kinds that ``llm/configure`` can build.
KINDS = {
    "openai": OpenAIProvider,
    "anthropic": AnthropicProvider,
    "gemini": GeminiProvider,
}
