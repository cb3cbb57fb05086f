"""Usage normalisation per provider, and the ledger's view of it."""

from __future__ import annotations

import pytest

import runtime.llm as llm
from runtime.errors import LLMError
from runtime.llm.usage import Usage, from_anthropic, from_gemini, from_openai, from_sema
from runtime.values import Keyword

from .shapes import anthropic_reply, gemini_reply, openai_reply


def kw(name):
    return Keyword(name)


def test_openai_details_are_already_inside_the_totals():
    usage = from_openai(
        openai_reply(prompt=2006, completion=300, cached=1920, reasoning=250)["usage"],
        "o",
    )
    assert usage == Usage(
        2006, 300, cache_read_tokens=1920, reasoning_tokens=250, model="o"
    )


def test_openai_servers_without_details():
    assert from_openai(
        {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}, "l"
    ) == Usage(5, 2, model="l")
    assert from_openai(None, "l") == Usage(model="l", reported=False)


def test_anthropic_input_excludes_cache_reads_and_writes():
    usage = from_anthropic(
        anthropic_reply(uncached=50, cache_read=2000, cache_creation=1000, output=30)[
            "usage"
        ],
        "c",
    )
    assert (
        usage.prompt_tokens,
        usage.cache_read_tokens,
        usage.cache_creation_tokens,
    ) == (3050, 2000, 1000)
    assert usage.completion_tokens == 30
    assert usage.total_tokens == 3080


def test_gemini_candidates_exclude_thoughts():
    usage = from_gemini(
        gemini_reply(prompt=10, candidates=5, thoughts=100, cached=4)["usageMetadata"],
        "g",
    )
    assert usage == Usage(10, 105, cache_read_tokens=4, reasoning_tokens=100, model="g")


def test_sema_usage_map_uses_the_normalised_convention():
    data = {
        kw("prompt-tokens"): 10,
        kw("completion-tokens"): 4,
        kw("cache-read-tokens"): 6,
        kw("reasoning-tokens"): 2,
        kw("total-tokens"): 999,
    }
    assert from_sema(data, "m") == Usage(
        10, 4, cache_read_tokens=6, reasoning_tokens=2, model="m"
    )
    assert from_sema({"prompt_tokens": 3}, "m").prompt_tokens == 3


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_bad_counts_are_rejected(bad):
    with pytest.raises(LLMError):
        from_openai({"prompt_tokens": bad}, "m")


def test_last_and_session_usage_follow_the_calls():
    llm.define_provider(
        "fake",
        {
            "complete": lambda r: {
                "content": "ok",
                "model": "fake-model",
                "usage": {"prompt-tokens": 42, "completion-tokens": 15},
            }
        },
    )
    llm.set_pricing("fake-model", 1.0, 3.0)
    assert llm.last_usage() is None
    llm.complete("ping")
    last = llm.last_usage()
    assert [
        last[kw(k)]
        for k in (
            "prompt-tokens",
            "completion-tokens",
            "total-tokens",
            "model",
            "cost-usd",
        )
    ] == [42, 15, 57, "fake-model", 0.000087]
    assert last[kw("provider")] == kw("fake")
    llm.complete("again")
    session = llm.session_usage()
    assert [
        session[kw(k)]
        for k in (
            "prompt-tokens",
            "completion-tokens",
            "total-tokens",
            "calls",
            "cost-usd",
        )
    ] == [84, 30, 114, 2, 0.000174]
    llm.set_budget(1.0)
    llm.reset_usage()
    assert llm.last_usage() is None
    assert llm.session_usage()[kw("cost-usd")] == 0.0
    assert llm.budget_remaining() is not None


def test_reply_without_usage_charges_worst_case():
    from runtime.llm import reset
    from semac.cli import evaluate_program

    reset()
    source = """
(llm/define-provider :quiet {:complete (fn (request) {:content "ok" :model "m"}) :default-model "m"})
(llm/set-pricing "m" 1000 1000)
(llm/set-budget 0.05)
(define sent 0)
(define (try-call) (try (begin (llm/complete "hi" {:max-tokens 5}) (set! sent (+ sent 1))) (catch e nil)))
(try-call) (try-call) (try-call) (try-call) (try-call)
(list sent (:unpriced-calls (llm/session-usage)) (<= (:spent (llm/budget-remaining)) 0.05))
"""
    result = evaluate_program(source)
    assert result["error"] is None, result
    sent, unpriced, within = result["value"].strip("()").split()
    assert int(sent) < 5
    assert unpriced == sent
    assert within == "#t"
