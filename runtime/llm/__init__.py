"""The ``llm/`` runtime: providers, usage, pricing, budgets and batches.

Layers, each a module, from the wire up::

    transport        one httpx client per provider: timeouts, retries, errors
    providers/       openai, anthropic, gemini, scheme (llm/define-provider)
    usage            each provider's token counts in one shape
    pricing          prices per model, exact cost  (price_sources: snapshot,
                     fetched file and its cache)
    ledger           last call and session totals
    budget           limits checked and reserved before a call is sent
    call             one call through all of the above
    batch            many calls on a bounded thread pool
    api              the Sema builtins, also plain Python functions

Errors are :class:`runtime.errors.LLMError` and its subclasses
``BudgetExceeded`` and ``ProviderError``. Importing this package registers
the builtins in :data:`runtime.registry.BUILTINS`.
"""

from __future__ import annotations

import time

from ..errors import BudgetExceeded, LLMError, ProviderError
from ..registry import BUILTINS, builtin, on_reset
from . import budget
from .api import (
    auto_configure,
    batch,
    budget_remaining,
    chat,
    clear_budget,
    complete,
    configure,
    define_provider,
    last_usage,
    pmap,
    pricing_status,
    reset_usage,
    session_usage,
    set_budget,
    set_pricing,
    with_budget,
)
from .config import providers
from .ledger import ledger
from .pricing import pricing

__all__ = [
    "BudgetExceeded",
    "LLMError",
    "ProviderError",
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
    "reset",
    "reset_usage",
    "session_usage",
    "set_budget",
    "set_pricing",
    "with_budget",
]


def reset() -> None:
    """Return the runtime to its start: no providers, usage, custom or fetched
    prices, or session budget. For tests and long-lived hosts."""
    providers.clear()
    ledger.reset()
    pricing.reset()
    budget.clear_session()


def _sleep(milliseconds) -> None:
    """Pause the current thread for ``milliseconds``."""
    time.sleep(milliseconds / 1000)


# Each program of ``semac eval --jsonl`` starts with no providers, usage or budget.
on_reset(reset)

# The shared cases need ``sleep``; the core builtins normally provide it.
if "sleep" not in BUILTINS:
    builtin("sleep")(_sleep)
