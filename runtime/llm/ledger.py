"""The usage ledger: the last call and the session's totals.

One process-wide ledger, shared by every thread: a batch's workers record
into the same totals as the caller. Costs add up as exact Decimals.
"""

from __future__ import annotations

import threading
from decimal import Decimal

from ..values import Keyword, Map
from .usage import Usage

__all__ = ["Ledger", "ledger"]

_PROMPT = Keyword("prompt-tokens")
_COMPLETION = Keyword("completion-tokens")
_TOTAL = Keyword("total-tokens")
_COST = Keyword("cost-usd")
_CALLS = Keyword("calls")
_UNPRICED = Keyword("unpriced-calls")


class Ledger:
    """Thread-safe record of completed calls. Failed or refused calls are not
    recorded."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Clear the totals and the last usage (budgets are separate)."""
        with self._lock:
            self._last: Usage | None = None
            self._prompt = 0
            self._completion = 0
            self._cost = Decimal(0)
            self._calls = 0
            self._unpriced = 0

    def record(self, usage: Usage) -> None:
        """Add one completed call; ``usage.cost`` None counts as unpriced."""
        with self._lock:
            self._last = usage
            self._prompt += usage.prompt_tokens
            self._completion += usage.completion_tokens
            self._calls += 1
            if usage.cost is None:
                self._unpriced += 1
            else:
                self._cost += usage.cost

    @property
    def last(self) -> Usage | None:
        return self._last

    @property
    def cost(self) -> Decimal:
        """Exact USD total over the priced calls."""
        return self._cost

    def session_map(self) -> Map:
        """``{:prompt-tokens :completion-tokens :total-tokens :cost-usd :calls
        :unpriced-calls}``; ``:cost-usd`` is a float and a lower bound when
        ``:unpriced-calls`` is above 0."""
        with self._lock:
            return Map(
                {
                    _PROMPT: self._prompt,
                    _COMPLETION: self._completion,
                    _TOTAL: self._prompt + self._completion,
                    _COST: float(self._cost),
                    _CALLS: self._calls,
                    _UNPRICED: self._unpriced,
                }
            )


#: The ledger every call records into.
ledger = Ledger()
