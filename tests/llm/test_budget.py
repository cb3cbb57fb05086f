"""Budgets: refusal before sending, nesting, restoration, and property tests."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import runtime.llm as llm
from runtime.errors import BudgetExceeded, LLMError
from runtime.llm import budget
from runtime.llm.pricing import pricing
from runtime.values import Keyword


def kw(name):
    return Keyword(name)


class Recorder:
    """A Python-defined provider that answers with usage written in the prompt
    (``"p c"``) and remembers, per call, which budget scopes were active."""

    def __init__(self, fail_on: str = "fail") -> None:
        self.calls: list[tuple[tuple, int, int]] = []
        self.lock = threading.Lock()
        self.fail_on = fail_on

    def __call__(self, request):
        text = request[kw("messages")][0][kw("content")]
        if text == self.fail_on:
            raise RuntimeError("provider failed on purpose")
        prompt, completion = map(int, text.split())
        with self.lock:
            self.calls.append((budget.active_scopes(), prompt, completion))
        return {
            "content": text,
            "model": "m",
            "usage": {"prompt-tokens": prompt, "completion-tokens": completion},
        }


@pytest.fixture
def recorder():
    provider = Recorder()
    llm.define_provider("fake", {"complete": provider, "default-model": "m"})
    llm.set_pricing("m", 1000, 1000)  # $0.001 per token
    return provider


def test_call_that_cannot_fit_is_never_sent(recorder):
    llm.set_budget(0.05)
    llm.complete("10 10", max_tokens=10)
    with pytest.raises(BudgetExceeded) as caught:
        llm.complete("10 10", max_tokens=100)
    assert str(caught.value).startswith(
        "budget exceeded: spent $0.0200 of $0.0500 limit"
    )
    assert caught.value.kind == "llm"
    assert len(recorder.calls) == 1
    assert llm.budget_remaining() == {
        kw("limit"): 0.05,
        kw("spent"): 0.02,
        kw("remaining"): 0.03,
    }


def test_token_budget_message(recorder):
    with pytest.raises(BudgetExceeded) as caught:
        llm.with_budget({"max_tokens": 5}, lambda: llm.complete("1 1", max_tokens=10))
    assert str(caught.value).startswith("token budget exceeded: used 0 of 5 tokens")
    assert recorder.calls == []


def test_nesting_charges_every_level(recorder):
    llm.set_budget(1.0)

    def inner():
        llm.complete("10 10", max_tokens=10)
        return llm.budget_remaining()

    inside = llm.with_budget(
        {"max-cost-usd": 0.5}, lambda: llm.with_budget({"max-tokens": 1000}, inner)
    )
    assert inside == {
        kw("token-limit"): 1000,
        kw("tokens-spent"): 20,
        kw("tokens-remaining"): 980,
    }
    assert llm.budget_remaining()[kw("spent")] == 0.02
    ((scopes, _, _),) = recorder.calls
    assert len(scopes) == 3
    assert [scope.tokens for scope in scopes] == [20, 20, 20]


def test_inner_limit_stops_the_call_before_outer_limits(recorder):
    llm.set_budget(0.01)
    with pytest.raises(BudgetExceeded, match=r"with-budget scope"):
        llm.with_budget(
            {"max-cost-usd": 0.001}, lambda: llm.complete("1 1", max_tokens=10)
        )


def test_outer_limit_holds_inside_a_generous_inner_scope(recorder):
    llm.set_budget(0.04)  # a "10 10" call may cost up to $0.031 and costs $0.020
    llm.complete("10 10", max_tokens=10)
    with pytest.raises(BudgetExceeded, match=r"session budget"):
        llm.with_budget(
            {"max-cost-usd": 100}, lambda: llm.complete("10 10", max_tokens=10)
        )


def test_scope_is_restored_when_the_thunk_raises(recorder):
    llm.set_budget(1.0)
    before = llm.budget_remaining()

    def boom():
        assert llm.budget_remaining()[kw("limit")] == 0.25
        raise ValueError("inside")

    with pytest.raises(ValueError):
        llm.with_budget({"max-cost-usd": 0.25}, boom)
    assert llm.budget_remaining() == before


def test_with_budget_needs_a_limit_and_names_both_keys():
    with pytest.raises(LLMError) as caught:
        llm.with_budget({}, lambda: 1)
    assert ":max-cost-usd" in str(caught.value)
    assert ":max-tokens" in str(caught.value)
    with pytest.raises(LLMError, match="unknown option :max-cost"):
        llm.with_budget({"max-cost": 1}, lambda: 1)


def test_clear_budget_and_session_budget_with_tokens(recorder):
    assert llm.budget_remaining() is None
    llm.set_budget({kw("max-tokens"): 100})
    assert llm.budget_remaining() == {
        kw("token-limit"): 100,
        kw("tokens-spent"): 0,
        kw("tokens-remaining"): 100,
    }
    llm.clear_budget()
    assert llm.budget_remaining() is None
    assert llm.with_budget({"max_cost_usd": 0.1}, lambda: 42) == 42


def test_unknown_price_leaves_cost_budget_best_effort_but_tokens_hold(recorder, capsys):
    pricing.reset()  # neither "acme-llm-9" nor the served "m" has a price now
    llm.set_budget({"max-cost-usd": 0.000001, "max-tokens": 60})
    llm.complete("1 1", max_tokens=5, model="acme-llm-9")
    assert llm.last_usage()[kw("cost-usd")] is None
    assert llm.session_usage()[kw("unpriced-calls")] == 1
    with pytest.raises(
        BudgetExceeded, match="token budget exceeded: used 2 of 60 tokens"
    ):
        llm.complete("1 1", max_tokens=50, model="acme-llm-9")
    assert capsys.readouterr().err.count("acme-llm-9") == 1


# --- property tests -------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    prompt: int
    completion: int
    max_tokens: int
    fails: bool = False


@dataclass(frozen=True)
class Scope:
    cost: Decimal | None
    tokens: int | None
    body: tuple
    raises: bool


@dataclass(frozen=True)
class Batch:
    calls: tuple
    concurrency: int


calls = st.builds(
    lambda prompt, max_tokens, share, fails: Call(
        prompt, max_tokens * share // 4, max_tokens, fails
    ),
    prompt=st.integers(0, 8),  # never above the estimate, which is >= 16 tokens
    max_tokens=st.integers(1, 60),
    share=st.integers(0, 4),
    fails=st.sampled_from([False, False, False, False, True]),
)
limits_usd = st.none() | st.integers(0, 200).map(lambda n: Decimal(n) / 1000)
limits_tokens = st.none() | st.integers(0, 300)


def programs(depth: int = 2):
    leaf = calls | st.builds(
        Batch, st.lists(calls, max_size=6).map(tuple), st.integers(1, 6)
    )
    if depth == 0:
        return leaf
    scope = st.builds(
        Scope,
        limits_usd,
        limits_tokens,
        st.lists(programs(depth - 1), max_size=4).map(tuple),
        st.booleans(),
    ).filter(lambda s: s.cost is not None or s.tokens is not None)
    return leaf | scope


class Escape(Exception):
    pass


def prompt_of(call: Call) -> str:
    return "fail" if call.fails else f"{call.prompt} {call.completion}"


def run(step, seen_scopes: list) -> None:
    if isinstance(step, Call):
        try:
            llm.complete(prompt_of(step), max_tokens=step.max_tokens)
        except LLMError:
            pass
    elif isinstance(step, Batch):
        try:
            llm.batch(
                [prompt_of(c) for c in step.calls],
                max_tokens=60,
                concurrency=step.concurrency,
            )
        except LLMError:
            pass
    else:
        outside = budget.active_scopes()

        def body():
            seen_scopes.append(budget.active_scopes()[-1])
            for inner in step.body:
                run(inner, seen_scopes)
            if step.raises:
                raise Escape()

        try:
            llm.with_budget(
                {"max-cost-usd": step.cost, "max-tokens": step.tokens}, body
            )
        except Escape:
            pass
        assert budget.active_scopes() == outside


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    session_usd=limits_usd,
    session_tokens=limits_tokens,
    program=st.lists(programs(), max_size=6),
)
def test_budgets_hold_and_add_up(recorder, session_usd, session_tokens, program):
    llm.reset_usage()
    llm.clear_budget()
    recorder.calls.clear()
    if session_usd is not None or session_tokens is not None:
        llm.set_budget({"max-cost-usd": session_usd, "max-tokens": session_tokens})
    session_scopes = budget.active_scopes()
    seen = list(session_scopes)

    for step in program:
        run(step, seen)

    assert budget.active_scopes() == session_scopes
    price = Decimal(1000) / 10**6
    for scope in seen:
        charged = [(p, c) for scopes, p, c in recorder.calls if scope in scopes]
        assert scope.spent == sum((p + c) * price for p, c in charged)
        assert scope.tokens == sum(p + c for p, c in charged)
        assert scope.reserved == 0
        assert scope.reserved_tokens == 0
        if scope.cost_limit is not None:
            assert scope.spent <= scope.cost_limit
        if scope.token_limit is not None:
            assert scope.tokens <= scope.token_limit

    session = llm.session_usage()
    assert session[kw("calls")] == len(recorder.calls)
    assert session[kw("total-tokens")] == sum(p + c for _, p, c in recorder.calls)
    assert session[kw("cost-usd")] == float(
        sum((p + c) * price for _, p, c in recorder.calls)
    )
