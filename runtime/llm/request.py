"""What a provider is asked and what it answers, plus option-map reading.

Sema passes options as maps keyed by keywords (``{:max-tokens 10}``);
Python callers may pass plain dicts with string keys in either spelling
(``{"max_tokens": 10}`` or ``{"max-tokens": 10}``) or keyword arguments.
:func:`read_options` turns all three into one dict keyed by Sema names.
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import LLMError, type_name
from ..values import Keyword, Symbol
from .usage import Usage

__all__ = ["Message", "Reply", "Request", "read_options", "to_messages"]

#: ``:max-tokens`` when a call does not give one.
DEFAULT_MAX_TOKENS = 4096


class Message(NamedTuple):
    """One chat turn; ``role`` is ``"user"``, ``"assistant"`` or ``"system"``."""

    role: str
    content: str


class Request(NamedTuple):
    """A call as every provider receives it; ``max_tokens`` bounds the output."""

    model: str
    messages: tuple[Message, ...]
    max_tokens: int = DEFAULT_MAX_TOKENS
    temperature: float | None = None
    system: str | None = None


class Reply(NamedTuple):
    """A provider's reply: the text and its normalised, not yet priced, usage."""

    content: str
    usage: Usage


def name_of(key) -> str:
    """The Sema spelling of an option or map key: ``max_tokens`` -> ``max-tokens``."""
    if isinstance(key, (Keyword, Symbol)):
        return key.name
    return str(key).replace("_", "-")


def read_options(function: str, opts, kwargs: dict, allowed: frozenset[str]) -> dict:
    """Merge ``opts`` (a map or None) and ``kwargs`` into ``{sema-name: value}``.

    Entries whose value is nil are dropped. Raises :class:`LLMError` naming
    ``function`` for an option outside ``allowed`` or a non-map ``opts``.
    """
    if opts is not None and not isinstance(opts, dict):
        raise LLMError(f"{function}: options must be a map, got {type_name(opts)}")
    found = {}
    for source in (opts, kwargs):
        if not source:
            continue
        for key, value in dict.items(source):
            name = name_of(key)
            if name not in allowed:
                known = " ".join(f":{option}" for option in sorted(allowed))
                raise LLMError(f"{function}: unknown option :{name} (known: {known})")
            if value is not None:
                found[name] = value
    return found


def _text(value, what: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (Keyword, Symbol)):
        return value.name
    raise LLMError(f"{what} must be a string, got {type_name(value)}")


def to_message(value) -> Message:
    """Read ``{:role :user :content "..."}`` (or a dict with string keys)."""
    if isinstance(value, Message):
        return value
    if not isinstance(value, dict):
        raise LLMError(f"a chat message must be a map, got {type_name(value)}")
    fields = {name_of(key): item for key, item in dict.items(value)}
    if "content" not in fields:
        raise LLMError("a chat message needs :content")
    role = _text(fields.get("role", "user"), "message :role")
    return Message(role, _text(fields["content"], "message :content"))


def to_messages(values) -> tuple[Message, ...]:
    """Read a list of chat messages; raises :class:`LLMError` when one is malformed."""
    if isinstance(values, (str, dict)) or not hasattr(values, "__iter__"):
        raise LLMError("llm/chat expects a list of messages")
    messages = tuple(to_message(value) for value in values)
    if not messages:
        raise LLMError("llm/chat needs at least one message")
    return messages


def split_system(messages: tuple[Message, ...], system: str | None):
    """Return ``(system text or None, other messages)`` for APIs that take it apart.

    System turns inside the conversation are joined after ``system``, in order.
    """
    parts = [system] if system else []
    rest = []
    for message in messages:
        if message.role == "system":
            parts.append(message.content)
        else:
            rest.append(message)
    return ("\n\n".join(parts) or None), rest
