"""llm/batch and llm/pmap: order, failures, context, concurrency and progress."""

from __future__ import annotations

import io
import logging
import threading
import time

import pytest

import runtime.llm as llm
from runtime.errors import BudgetExceeded, LLMError, ProviderError, UserError
from runtime.llm.batch import run_batch
from runtime.values import Keyword, Map, Vector

from .servers import ScriptedServer, reply
from .shapes import openai_reply


def kw(name):
    return Keyword(name)


def upper_provider(delay: float = 0.0):
    """Answers the prompt upper-cased; ``bad`` throws as ``(throw "provider down")``."""

    def complete(request):
        text = request[kw("messages")][0][kw("content")]
        if text == "bad":
            raise UserError("provider down")
        time.sleep(delay)
        return Map(
            {
                kw("content"): text.upper(),
                kw("model"): "m",
                kw("usage"): Map({kw("prompt-tokens"): 1, kw("completion-tokens"): 1}),
            }
        )

    return complete


def test_results_keep_input_order_even_when_later_items_finish_first():
    def complete(request):
        text = request[kw("messages")][0][kw("content")]
        time.sleep(0.05 * (5 - int(text)))
        return text

    llm.define_provider("fake", {"complete": complete})
    assert llm.batch(Vector(["1", "2", "3", "4"]), {kw("concurrency"): 4}) == [
        "1",
        "2",
        "3",
        "4",
    ]


def test_pmap_builds_prompts_then_batches():
    llm.define_provider("fake", {"complete": upper_provider()})
    assert llm.pmap(lambda w: f"w-{w}", [1, 2, 3], {"max_tokens": 50}) == [
        "W-1",
        "W-2",
        "W-3",
    ]
    assert llm.session_usage()[kw("calls")] == 3


def test_a_failure_keeps_the_others_usage_and_raises_the_first_error():
    llm.define_provider("fake", {"complete": upper_provider()})
    with pytest.raises(ProviderError) as caught:
        llm.batch(["x", "bad", "y", "bad"])
    assert caught.value.message == '"provider down"'
    assert caught.value.fields["value"] == "provider down"
    assert caught.value.kind == "llm"
    assert llm.session_usage()[kw("calls")] == 2


def test_first_error_in_input_order_not_in_time_order():
    def complete(request):
        text = request[kw("messages")][0][kw("content")]
        if text == "slow-fail":
            time.sleep(0.1)
            raise ValueError("first in input order")
        raise KeyError("first in time")

    llm.define_provider("fake", {"complete": complete})
    with pytest.raises(ProviderError, match="first in input order"):
        llm.batch(["slow-fail", "fast-fail"], concurrency=2)


def test_concurrency_bounds_the_calls_in_flight():
    in_flight, peak, lock = 0, 0, threading.Lock()

    def complete(request):
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.02)
        with lock:
            in_flight -= 1
        return "ok"

    llm.define_provider("fake", {"complete": complete})
    llm.batch(["p"] * 12, concurrency=3)
    assert peak == 3


def test_workers_see_the_callers_budget_scope():
    llm.define_provider("fake", {"complete": upper_provider(), "default-model": "m"})
    llm.set_pricing("m", 1000, 1000)

    def run():
        llm.batch(["a", "b", "c"], max_tokens=10)
        return llm.budget_remaining()

    inside = llm.with_budget({"max-tokens": 1000}, run)
    assert inside[kw("tokens-spent")] == 6


def test_pmap_against_budget_sends_only_what_fits():
    llm.define_provider(
        "fake", {"complete": upper_provider(delay=0.05), "default-model": "m"}
    )
    llm.set_pricing("m", 1000, 1000)
    sent = {}
    for concurrency in (1, 20):
        llm.reset_usage()
        llm.set_budget(0.05)
        with pytest.raises(BudgetExceeded):
            llm.pmap(lambda i: f"item {i}", range(20), max_tokens=10, concurrency=concurrency)
        remaining = llm.budget_remaining()
        sent[concurrency] = llm.session_usage()[kw("calls")]
        assert remaining[kw("spent")] <= remaining[kw("limit")]
        assert round(remaining[kw("spent")] * 1000) == 2 * sent[concurrency]
    # Each call costs $0.002 but reserves about $0.03: calls in flight are
    # waited for, so 20 at once fit exactly as many as one at a time.
    assert 0 < sent[1] < 20
    assert sent[20] == sent[1]


def test_http_batch_runs_concurrently():
    with ScriptedServer() as server:
        from .servers import delayed

        server.default = delayed(0.2, reply(200, openai_reply("ok")))
        llm.configure("openai", {"base-url": server.url})
        started = time.monotonic()
        assert llm.batch(["a"] * 8, concurrency=8) == ["ok"] * 8
        assert time.monotonic() - started < 0.2 * 3


def test_bad_options_are_rejected_before_anything_is_sent():
    calls = []
    llm.define_provider("fake", {"complete": lambda r: calls.append(r) or "ok"})
    for opts in (
        {"concurrency": 0},
        {"concurrency": "many"},
        {"max-tokens": -1},
        {"colour": 1},
    ):
        with pytest.raises(LLMError):
            llm.batch(["a", "b"], opts)
    with pytest.raises(LLMError, match="prompt must be a string"):
        llm.batch(["a", 2])
    with pytest.raises(LLMError, match="llm/batch expects a list"):
        llm.batch("abc")
    with pytest.raises(LLMError, match="llm/pmap expects a list"):
        llm.pmap(str, 42)
    assert calls == []


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_for_long_batches():
    terminal, pipe = FakeTerminal(), io.StringIO()
    jobs = [lambda: 1] * 12
    assert run_batch(jobs, 4, progress_stream=terminal) == [1] * 12
    assert run_batch(jobs, 4, progress_stream=pipe) == [1] * 12
    assert "12/12" in terminal.getvalue()
    assert pipe.getvalue() == ""
    short = FakeTerminal()
    run_batch([lambda: 1] * 3, 4, progress_stream=short)
    assert short.getvalue() == ""


def test_failed_items_are_logged(caplog):
    caplog.set_level(logging.INFO, logger="runtime.llm.batch")
    llm.define_provider("fake", {"complete": upper_provider()})
    with pytest.raises(ProviderError):
        llm.batch(["bad", "ok", "bad"])
    failures = [r for r in caplog.records if "failed" in r.getMessage()]
    assert [r.getMessage() for r in failures] == [
        "batch item 1 of 3 failed",
        "batch item 3 of 3 failed",
    ]
    assert all(r.exc_info for r in failures)
