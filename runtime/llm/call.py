"""One call, from options to recorded usage. Every ``llm/`` call goes here.

Steps: pick the provider and model, build the :class:`Request`, reserve
its worst case in the active budgets (refusing before anything is sent),
send it, price the normalised usage with the model that actually
answered, record it in the ledger, and settle the reservation. A failed
call releases its reservation and records nothing.
"""

from __future__ import annotations

import time

from ..errors import LLMError, type_name
from ..values import Keyword
from . import budget
from .config import providers
from .ledger import ledger
from .logs import INFO, logger
from .pricing import pricing
from .request import DEFAULT_MAX_TOKENS, Message, Request
from .usage import Usage

__all__ = ["CALL_OPTIONS", "build_request", "send"]

LOGGER = "runtime.llm.call"

#: Options every call accepts.
CALL_OPTIONS = frozenset({"model", "max-tokens", "temperature", "system", "provider"})


def _provider_name(value) -> str | None:
    if value is None:
        return None
    return value.name if isinstance(value, Keyword) else str(value).lstrip(":")


def _max_tokens(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise LLMError(f":max-tokens must be a positive integer, got {value!r}")
    return value


def _temperature(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LLMError(f":temperature must be a number, got {value!r}")
    return float(value)


def _text_option(value, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise LLMError(f":{name} must be a string, got {type_name(value)}")


def build_request(messages: tuple[Message, ...], options: dict):
    """Return ``(provider, request)`` for ``messages`` and read call ``options``.

    Raises :class:`LLMError` for a bad option or when no provider is set up.
    """
    provider = providers.get(_provider_name(options.get("provider")))
    model = _text_option(options.get("model"), "model") or provider.default_model
    request = Request(
        model=model,
        messages=messages,
        max_tokens=_max_tokens(options.get("max-tokens", DEFAULT_MAX_TOKENS)),
        temperature=_temperature(options.get("temperature")),
        system=_text_option(options.get("system"), "system"),
    )
    return provider, request


def send(provider, request: Request) -> tuple[str, Usage]:
    """Send ``request`` through ``provider`` under the active budgets.

    Returns the completion text and the priced usage. Raises
    :class:`~runtime.errors.BudgetExceeded` before sending when the worst
    case does not fit, and :class:`~runtime.errors.ProviderError` when the
    provider fails.
    """
    reservation = budget.reserve(request, pricing.price_for(request.model))
    started = time.perf_counter()
    try:
        reply = provider.complete(request)
    except BaseException:
        if reservation is not None:
            reservation.release()
        raise
    usage = _priced(reply.usage, provider.name, request.model)
    if not usage.reported:
        # The reply reported no usage: its cost is unknown, not zero, so the
        # budget keeps the call's worst case and the ledger counts it unpriced.
        usage = usage.with_cost(provider.name, None)
        ledger.record(usage)
        if reservation is not None:
            reservation.settle_worst_case()
    else:
        ledger.record(usage)
        if reservation is not None:
            reservation.settle(usage)
    if logger(LOGGER).isEnabledFor(INFO):
        _log_call(provider.name, usage, time.perf_counter() - started)
    return reply.content, usage


def _log_call(provider: str, usage: Usage, seconds: float) -> None:
    cost = "unknown" if usage.cost is None else f"${usage.cost:.6f}"
    logger(LOGGER).info(
        "%s %s: %d prompt + %d completion tokens, cost %s, %.1f ms",
        provider,
        usage.model,
        usage.prompt_tokens,
        usage.completion_tokens,
        cost,
        seconds * 1000,
    )


def _priced(usage: Usage, provider: str, requested_model: str) -> Usage:
    model = usage.model or requested_model
    if model == requested_model:
        price = pricing.price_for(model)
    else:  # a served name we cannot price falls back to the requested one
        price = pricing.price_for(model, warn=False) or pricing.price_for(
            requested_model
        )
    cost = price.cost(usage) if price is not None else None
    return usage.with_cost(provider, cost)
