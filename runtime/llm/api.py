"""The ``llm/`` builtins, callable from Sema and from Python alike.

From Sema, options are maps keyed by keywords: ``(llm/complete "hi"
{:max-tokens 10})``. From Python the same functions take a dict with
string keys in either spelling, or keyword arguments:
``complete("hi", max_tokens=10)``. Every failure raises
:class:`~runtime.errors.LLMError` or a subclass, which Sema's ``catch``
binds as ``{:type :llm :message "..."}``.
"""

from __future__ import annotations

import functools

from ..errors import LLMError, type_name
from ..registry import builtin
from ..values import Keyword, Map, Symbol
from . import budget, config
from .batch import concurrency_of, run_batch
from .call import CALL_OPTIONS, build_request, send
from .ledger import ledger
from .pricing import Price, pricing, to_decimal
from .providers import SchemeProvider
from .request import Message, read_options, to_messages

__all__ = [
    "auto_configure",
    "batch",
    "budget_remaining",
    "chat",
    "clear_budget",
    "complete",
    "configure",
    "define_provider",
    "last_usage",
    "pmap",
    "pricing_status",
    "reset_usage",
    "session_usage",
    "set_budget",
    "set_pricing",
    "with_budget",
]

BATCH_OPTIONS = CALL_OPTIONS | {"concurrency"}
BUDGET_OPTIONS = frozenset({"max-cost-usd", "max-tokens"})
PROVIDER_OPTIONS = frozenset({"complete", "default-model"})


def _name(value, function: str) -> str:
    if isinstance(value, (Keyword, Symbol)):
        return value.name
    if isinstance(value, str) and value:
        return value.lstrip(":")
    raise LLMError(f"{function}: the provider name must be a keyword, got {value!r}")


def _sequence(value, function: str):
    """``value`` as a list; raises :class:`LLMError` unless a list or vector."""
    if isinstance(value, (str, dict)) or not hasattr(value, "__iter__"):
        raise LLMError(f"{function} expects a list, got {type_name(value)}")
    return list(value)


def _prompt(value) -> tuple[Message, ...]:
    if not isinstance(value, str):
        raise LLMError(f"a prompt must be a string, got {type_name(value)}")
    return (Message("user", value),)


@builtin("llm/complete")
def complete(prompt: str, opts=None, **kwargs) -> str:
    """Send ``prompt`` as one user message; return the completion text.

    ``opts``: ``:model :max-tokens`` (default 4096) ``:temperature :system
    :provider``.
    """
    options = read_options("llm/complete", opts, kwargs, CALL_OPTIONS)
    provider, request = build_request(_prompt(prompt), options)
    return send(provider, request)[0]


@builtin("llm/chat")
def chat(messages, opts=None, **kwargs) -> str:
    """Send a list of ``{:role :user :content "..."}`` maps; return the reply."""
    options = read_options("llm/chat", opts, kwargs, CALL_OPTIONS)
    provider, request = build_request(to_messages(messages), options)
    return send(provider, request)[0]


@builtin("llm/configure")
def configure(name, opts=None, **kwargs) -> Keyword:
    """Register an OpenAI, Anthropic or Gemini provider (:func:`config.configure`)."""
    return config.configure(_name(name, "llm/configure"), opts, **kwargs)


@builtin("llm/auto-configure")
def auto_configure() -> Keyword | None:
    """Register providers from the environment and load pricing; return the default."""
    return config.auto_configure()


@builtin("llm/define-provider")
def define_provider(name, opts=None, **kwargs) -> Keyword:
    """Register a provider whose ``:complete`` function handles requests, and
    make it the default. ``opts``: ``:complete`` (required), ``:default-model``."""
    name = _name(name, "llm/define-provider")
    options = read_options("llm/define-provider", opts, kwargs, PROVIDER_OPTIONS)
    if "complete" not in options:
        raise LLMError(f"llm/define-provider :{name} needs :complete")
    config.providers.register(
        SchemeProvider(name, options["complete"], options.get("default-model"))
    )
    return Keyword(name)


@builtin("llm/last-usage")
def last_usage() -> Map | None:
    """The most recent completed call's usage map, or nil before any call."""
    usage = ledger.last
    return usage.to_map() if usage is not None else None


@builtin("llm/session-usage")
def session_usage() -> Map:
    """Totals over the session, with ``:calls`` and ``:unpriced-calls``."""
    return ledger.session_map()


@builtin("llm/reset-usage")
def reset_usage() -> None:
    """Clear session totals and the last usage; budgets stay."""
    ledger.reset()


@builtin("llm/set-pricing")
def set_pricing(model: str, input_price, output_price, cached_input_price=None) -> None:
    """Price ``model`` (an exact name or a pattern contained in names) in USD
    per million input, output and, optionally, cached input tokens."""
    if not isinstance(model, str) or not model:
        raise LLMError(
            f"llm/set-pricing: the model must be a non-empty string, got {model!r}"
        )
    prices = [
        to_decimal(input_price, "input price"),
        to_decimal(output_price, "output price"),
    ]
    cached = (
        None
        if cached_input_price is None
        else to_decimal(cached_input_price, "cached price")
    )
    if any(price < 0 for price in prices) or (cached is not None and cached < 0):
        raise LLMError(f"llm/set-pricing {model!r}: prices must not be negative")
    pricing.set_custom(model, Price(prices[0], prices[1], cached))


@builtin("llm/pricing-status")
def pricing_status() -> Map:
    """``{:source fetched :updated-at "..."}`` or ``{:source hardcoded}``."""
    source, updated_at = pricing.status()
    result = Map({Keyword("source"): Symbol(source)})
    if source == "fetched" and updated_at is not None:
        result[Keyword("updated-at")] = updated_at
    return result


@builtin("llm/set-budget")
def set_budget(limit=None, **kwargs) -> None:
    """Start a session budget, spent 0: ``(llm/set-budget 1.00)`` in USD, or a
    map ``{:max-cost-usd :max-tokens}``. Raises :class:`LLMError` without a limit."""
    if isinstance(limit, dict):
        options = read_options("llm/set-budget", limit, kwargs, BUDGET_OPTIONS)
    else:
        options = read_options("llm/set-budget", None, kwargs, BUDGET_OPTIONS)
        if limit is not None:
            options["max-cost-usd"] = limit
    budget.set_session(options.get("max-cost-usd"), options.get("max-tokens"))


@builtin("llm/budget-remaining")
def budget_remaining() -> Map | None:
    """The innermost budget's ``{:limit :spent :remaining}`` and/or
    ``{:token-limit :tokens-spent :tokens-remaining}``; nil without one."""
    return budget.remaining_map()


@builtin("llm/with-budget")
def with_budget(opts, thunk):
    """Call ``thunk`` under ``{:max-cost-usd :max-tokens}`` (at least one) and
    return its value; the scope ends on exit, also by an error."""
    options = read_options("llm/with-budget", opts, {}, BUDGET_OPTIONS)
    if not callable(thunk) or _required_arguments(thunk):
        raise LLMError("llm/with-budget expects a function of no arguments")
    return budget.with_budget(
        options.get("max-cost-usd"), options.get("max-tokens"), thunk
    )


@builtin("llm/clear-budget")
def clear_budget() -> None:
    """Remove the session budget."""
    budget.clear_session()


@builtin("llm/batch")
def batch(prompts, opts=None, **kwargs) -> list:
    """Complete every prompt concurrently; return the texts in input order.

    ``opts``: the call options plus ``:concurrency`` (default 8). When
    items fail, the others still finish and are recorded, then the first
    error in input order is raised.
    """
    options = read_options("llm/batch", opts, kwargs, BATCH_OPTIONS)
    concurrency = concurrency_of(options.pop("concurrency", None))
    jobs = []
    for prompt in _sequence(prompts, "llm/batch"):
        provider, request = build_request(_prompt(prompt), options)
        jobs.append(functools.partial(send, provider, request))
    return [text for text, _ in run_batch(jobs, concurrency)]


@builtin("llm/pmap")
def pmap(function, items, opts=None, **kwargs) -> list:
    """Build a prompt from each item with ``function``, then :func:`batch` them."""
    prompts = [function(item) for item in _sequence(items, "llm/pmap")]
    return batch(prompts, opts, **kwargs)


def _required_arguments(function) -> int:
    """How many positional arguments a Python function needs (0 when unknown)."""
    code = getattr(getattr(function, "tail_call_body", function), "__code__", None)
    if code is None:
        return 0
    defaults = getattr(function, "__defaults__", None) or ()
    return code.co_argcount - len(defaults)
