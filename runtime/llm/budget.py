"""Cost and token budgets, enforced before a call is sent.

Active scopes are the session budget (``llm/set-budget``, process-wide)
and every enclosing ``llm/with-budget`` scope. The ``with-budget`` stack is
a :class:`~contextvars.ContextVar`, so a scope follows its thread and the
tasks copied from it; the scope objects themselves are shared, so a
batch worker charges the same scopes as its caller.

A call's life in the budgets:

1. :func:`reserve` takes its worst case (a generous prompt estimate plus
   ``:max-tokens`` of output, priced with the model's price) and, under
   one lock, checks every active scope for room for
   ``spent + reserved + worst case``. The first scope without room, from
   the innermost out, raises :class:`BudgetExceeded`; else the worst case
   is reserved in all of them.
2. :meth:`Reservation.settle` turns the reservation into the actual cost
   and tokens; :meth:`Reservation.release` drops it when the call failed.

Nesting charges every level: inner spending also counts in the outer
scopes and the session. A model without a known price reserves no cost,
so a cost budget is then best-effort (pricing warns once on stderr); token
limits still hold.
"""

from __future__ import annotations

import threading
from contextvars import ContextVar
from decimal import Decimal

from ..errors import BudgetExceeded, LLMError
from ..values import Keyword, Map
from .pricing import Price, to_decimal
from .request import Request
from .usage import Usage

__all__ = [
    "Reservation",
    "Scope",
    "clear_session",
    "estimate_prompt_tokens",
    "remaining_map",
    "reserve",
    "set_session",
    "with_budget",
]

#: Tokens added per message and per request for chat-template markup.
MESSAGE_OVERHEAD = 8

_ZERO = Decimal(0)
_lock = threading.Lock()
#: Signalled whenever a reservation settles or is released.
_settled = threading.Condition(_lock)
#: How many reservations the current thread has open (a provider written
#: in Scheme may itself call an LLM while its caller's reservation is open).
_held = threading.local()
_session: Scope | None = None
_stack: ContextVar[tuple[Scope, ...]] = ContextVar("sema_llm_budget_scopes", default=())


class Scope:
    """One budget: optional USD and token limits, what is spent and what
    calls in flight have reserved. Mutated only under the module lock."""

    __slots__ = (
        "label",
        "cost_limit",
        "token_limit",
        "spent",
        "tokens",
        "reserved",
        "reserved_tokens",
    )

    def __init__(self, label: str, cost_limit: Decimal | None, token_limit: int | None):
        self.label = label
        self.cost_limit = cost_limit
        self.token_limit = token_limit
        self.spent = self.reserved = _ZERO
        self.tokens = self.reserved_tokens = 0

    def __repr__(self) -> str:
        return (
            f"<Scope {self.label} cost {self.spent}/{self.cost_limit} "
            f"tokens {self.tokens}/{self.token_limit}>"
        )

    def refusal(self, cost: Decimal | None, tokens: int) -> str | None:
        """The refusal message if a call of this worst case does not fit, else None.

        ``cost`` None (an unpriced model) is never refused on cost.
        """
        limit = self.token_limit
        if limit is not None and self.tokens + self.reserved_tokens + tokens > limit:
            return self._token_refusal(tokens)
        limit = self.cost_limit
        if (
            limit is not None
            and cost is not None
            and self.spent + self.reserved + cost > limit
        ):
            return self._cost_refusal(cost)
        return None

    def _token_refusal(self, tokens: int) -> str:
        held = self.reserved_tokens
        held_text = f", with {held} held by calls in flight" if held else ""
        return (
            f"token budget exceeded: used {self.tokens} of {self.token_limit} "
            f"tokens ({self.label}); this call could use up to {tokens} tokens"
            f"{held_text}; lower :max-tokens or raise the limit"
        )

    def _cost_refusal(self, cost: Decimal) -> str:
        held = self.reserved
        held_text = f", with ${held:.4f} held by calls in flight" if held else ""
        return (
            f"budget exceeded: spent ${self.spent:.4f} of ${self.cost_limit:.4f} "
            f"limit ({self.label}); this call could cost up to ${cost:.4f}"
            f"{held_text}; lower :max-tokens or raise the limit"
        )

    def to_map(self) -> Map:
        """``{:limit :spent :remaining}`` and/or ``{:token-limit :tokens-spent
        :tokens-remaining}``, money as floats."""
        result = Map()
        if self.cost_limit is not None:
            result[Keyword("limit")] = float(self.cost_limit)
            result[Keyword("spent")] = float(self.spent)
            result[Keyword("remaining")] = float(
                max(self.cost_limit - self.spent, _ZERO)
            )
        if self.token_limit is not None:
            result[Keyword("token-limit")] = self.token_limit
            result[Keyword("tokens-spent")] = self.tokens
            result[Keyword("tokens-remaining")] = max(self.token_limit - self.tokens, 0)
        return result


class Reservation:
    """A call's worst case held in ``scopes`` until it is settled or released."""

    __slots__ = ("scopes", "cost", "tokens", "open")

    def __init__(self, scopes: tuple[Scope, ...], cost: Decimal, tokens: int) -> None:
        self.scopes = scopes
        self.cost = cost
        self.tokens = tokens
        self.open = True

    def settle(self, usage: Usage) -> None:
        """Replace the reservation by ``usage``'s tokens and cost (0 when unknown)."""
        self._close(usage.cost if usage.cost is not None else _ZERO, usage.total_tokens)

    def settle_worst_case(self) -> None:
        """Charge the reserved worst case, for a reply that reported no usage."""
        self._close(self.cost, self.tokens)

    def release(self) -> None:
        """Drop the reservation of a call that failed; nothing is charged."""
        self._close(_ZERO, 0)

    def _close(self, cost: Decimal, tokens: int) -> None:
        with _lock:
            if not self.open:
                return
            self.open = False
            for scope in self.scopes:
                scope.reserved -= self.cost
                scope.reserved_tokens -= self.tokens
                scope.spent += cost
                scope.tokens += tokens
            _held.count = max(getattr(_held, "count", 1) - 1, 0)
            _settled.notify_all()


def estimate_prompt_tokens(request: Request) -> int:
    """A deliberately generous prompt size: one token per UTF-8 byte, which
    byte-level BPE and byte-fallback tokenizers never exceed, plus
    :data:`MESSAGE_OVERHEAD` per message and per request for template markup."""
    size = MESSAGE_OVERHEAD
    for message in request.messages:
        size += len(message.content.encode("utf-8")) + MESSAGE_OVERHEAD
    if request.system:
        size += len(request.system.encode("utf-8")) + MESSAGE_OVERHEAD
    return size


def active_scopes() -> tuple[Scope, ...]:
    """The session scope, if any, then the ``with-budget`` scopes, outermost first."""
    stack = _stack.get()
    return (_session, *stack) if _session is not None else stack


def reserve(request: Request, price: Price | None) -> Reservation | None:
    """Reserve ``request``'s worst case in every active scope.

    Returns None when no budget is active. Raises :class:`BudgetExceeded`
    with the innermost refusing scope's message when one lacks room.
    """
    scopes = active_scopes()
    if not scopes:
        return None
    prompt = estimate_prompt_tokens(request)
    tokens = prompt + request.max_tokens
    cost = price.worst_case(prompt, request.max_tokens) if price is not None else None
    with _lock:
        while True:
            refusing = [scope for scope in reversed(scopes) if scope.refusal(cost, tokens) is not None]
            if not refusing:
                break
            # Calls in flight reserved their worst case and usually cost less,
            # so wait for them to settle before raising: the same calls then
            # fit at any concurrency. A thread with an open reservation of its
            # own does not wait, because it could wait for itself.
            pending = any(scope.reserved or scope.reserved_tokens for scope in refusing)
            if not pending or getattr(_held, "count", 0):
                raise BudgetExceeded(refusing[0].refusal(cost, tokens))
            _settled.wait()
        for scope in scopes:
            scope.reserved += cost or _ZERO
            scope.reserved_tokens += tokens
        _held.count = getattr(_held, "count", 0) + 1
    return Reservation(scopes, cost or _ZERO, tokens)


def _limits(cost, tokens, function: str) -> tuple[Decimal | None, int | None]:
    if cost is None and tokens is None:
        raise LLMError(f"{function} needs :max-cost-usd or :max-tokens (or both)")
    cost_limit = None if cost is None else to_decimal(cost, ":max-cost-usd")
    if cost_limit is not None and cost_limit < 0:
        raise LLMError(f"{function}: :max-cost-usd must not be negative, got {cost}")
    if tokens is not None and (
        isinstance(tokens, bool) or not isinstance(tokens, int) or tokens < 0
    ):
        raise LLMError(
            f"{function}: :max-tokens must be a non-negative integer, got {tokens!r}"
        )
    return cost_limit, tokens


def set_session(cost=None, tokens=None) -> None:
    """Install a fresh session budget (spent starts at 0). Raises
    :class:`LLMError` when both limits are None or one is invalid."""
    global _session
    cost_limit, token_limit = _limits(cost, tokens, "llm/set-budget")
    with _lock:
        _session = Scope("session budget", cost_limit, token_limit)


def clear_session() -> None:
    """Remove the session budget; ``with-budget`` scopes end with their thunk."""
    global _session
    with _lock:
        _session = None


def with_budget(cost, tokens, thunk):
    """Run ``thunk()`` inside a new scope and return its value.

    The scope is removed on exit, also when ``thunk`` raises. Raises
    :class:`LLMError` naming both keys when neither limit is given.
    """
    cost_limit, token_limit = _limits(cost, tokens, "llm/with-budget")
    scope = Scope("with-budget scope", cost_limit, token_limit)
    token = _stack.set((*_stack.get(), scope))
    try:
        return thunk()
    finally:
        _stack.reset(token)


def remaining_map() -> Map | None:
    """The innermost active scope's :meth:`Scope.to_map`, or None without one."""
    stack = _stack.get()
    scope = stack[-1] if stack else _session
    if scope is None:
        return None
    with _lock:
        return scope.to_map()
