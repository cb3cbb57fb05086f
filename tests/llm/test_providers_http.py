"""The HTTP providers against real loopback servers speaking each API's shapes."""

from __future__ import annotations

import email.utils
import logging
import time

import pytest

import runtime.llm as llm
from runtime.errors import LLMError, ProviderError
from runtime.llm.config import providers
from runtime.llm.providers import OpenAIProvider

from .servers import ScriptedServer, delayed, drop, reply
from .shapes import (
    anthropic_error,
    anthropic_reply,
    gemini_error,
    gemini_reply,
    openai_error,
    openai_reply,
)

KEY = "sk-test-abcdef0123456789"


def usage_of(*names):
    usage = llm.last_usage()
    return [usage[llm_keyword(name)] for name in names]


def llm_keyword(name):
    from runtime.values import Keyword

    return Keyword(name)


# --- success and usage normalisation ---------------------------------------


def test_openai_sends_chat_completions_and_reads_cached_and_reasoning_tokens():
    with ScriptedServer() as server:
        server.script(
            reply(
                200,
                openai_reply(
                    "Hi there", prompt=2006, completion=300, cached=1920, reasoning=100
                ),
            )
        )
        llm.configure("openai", {"api_key": KEY, "base_url": server.url + "/v1"})
        llm.set_pricing("gpt-4o", 2.5, 10, 1.25)

        text = llm.complete(
            "hello",
            {
                "model": "gpt-4o",
                "max_tokens": 77,
                "system": "be brief",
                "temperature": 0.2,
            },
        )

    assert text == "Hi there"
    sent = server.received[0]
    assert (sent.method, sent.path) == ("POST", "/v1/chat/completions")
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.json() == {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "hello"},
        ],
        "max_tokens": 77,
        "temperature": 0.2,
    }
    assert usage_of("prompt-tokens", "completion-tokens", "total-tokens") == [
        2006,
        300,
        2306,
    ]
    assert usage_of("cache-read-tokens", "reasoning-tokens", "model") == [
        1920,
        100,
        "gpt-4o-2024-08-06",
    ]
    # 86 fresh x 2.5 + 1920 cached x 1.25 + 300 x 10, per million
    assert usage_of("cost-usd") == [0.005615]


def test_anthropic_adds_cache_tokens_to_the_prompt():
    with ScriptedServer() as server:
        server.script(
            reply(
                200,
                anthropic_reply(
                    "Bonjour",
                    uncached=50,
                    cache_read=2000,
                    cache_creation=1000,
                    output=30,
                ),
            )
        )
        llm.configure("anthropic", {"api-key": KEY, "base-url": server.url})

        text = llm.chat(
            [
                {"role": "system", "content": "French"},
                {"role": "user", "content": "hello"},
            ],
            {"max-tokens": 64},
        )

    assert text == "Bonjour"
    sent = server.received[0]
    assert sent.path == "/v1/messages"
    assert sent.headers["x-api-key"] == KEY
    assert sent.headers["anthropic-version"] == "2023-06-01"
    assert sent.json() == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "hello"}],
        "system": "French",
    }
    assert usage_of("prompt-tokens", "cache-read-tokens", "cache-creation-tokens") == [
        3050,
        2000,
        1000,
    ]
    assert usage_of("completion-tokens", "provider") == [30, llm_keyword("anthropic")]
    # built-in claude-sonnet-4.5, no cached price:
    # 50 x 3 + 2000 x 3 + 1000 x 1.25 x 3 + 30 x 15
    assert usage_of("cost-usd") == [
        pytest.approx((50 * 3 + 2000 * 3 + 3750 + 450) / 1e6)
    ]


def test_gemini_counts_thoughts_as_output_and_skips_thought_text():
    with ScriptedServer() as server:
        server.script(
            reply(200, gemini_reply("Hallo", prompt=10, candidates=5, thoughts=100))
        )
        llm.configure("gemini", {"api-key": KEY, "base-url": server.url})

        text = llm.chat(
            [
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": "hello"},
                {"role": "user", "content": "in German"},
            ],
            {"system": "translate", "max-tokens": 200},
        )

    assert text == "Hallo"
    sent = server.received[0]
    assert sent.path == "/v1beta/models/gemini-2.5-flash:generateContent"
    assert sent.headers["x-goog-api-key"] == KEY
    assert "key=" not in sent.path
    assert sent.json() == {
        "contents": [
            {"role": "user", "parts": [{"text": "hi"}]},
            {"role": "model", "parts": [{"text": "hello"}]},
            {"role": "user", "parts": [{"text": "in German"}]},
        ],
        "generationConfig": {"maxOutputTokens": 200},
        "systemInstruction": {"parts": [{"text": "translate"}]},
    }
    assert usage_of(
        "prompt-tokens", "completion-tokens", "reasoning-tokens", "total-tokens"
    ) == [10, 105, 100, 115]


# --- retries ----------------------------------------------------------------


def test_429_waits_for_retry_after_seconds_then_succeeds(caplog):
    caplog.set_level(logging.INFO, logger="runtime.llm")
    with ScriptedServer() as server:
        server.script(
            reply(429, anthropic_error("rate limited"), {"retry-after": "1"}),
            reply(200, anthropic_reply("ok")),
        )
        llm.configure("anthropic", {"api-key": KEY, "base-url": server.url})
        started = time.monotonic()
        assert llm.complete("x") == "ok"
        elapsed = time.monotonic() - started

    assert 1.0 <= elapsed < 3.0
    assert len(server.received) == 2
    retries = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(retries) == 1
    assert "HTTP 429" in retries[0].getMessage()
    assert "retry 1 of 3 in 1.00s" in retries[0].getMessage()
    calls = [
        r
        for r in caplog.records
        if r.levelno == logging.INFO and r.name == "runtime.llm.call"
    ]
    assert len(calls) == 1


def test_retry_after_as_http_date_is_honoured():
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    with ScriptedServer() as server:
        server.script(
            reply(503, openai_error("busy"), {"retry-after": when}),
            reply(200, openai_reply("ok")),
        )
        llm.configure("openai", {"base-url": server.url})
        started = time.monotonic()
        assert llm.complete("x") == "ok"

    assert 0.9 <= time.monotonic() - started < 3.5


def test_500_then_success_uses_backoff():
    with ScriptedServer() as server:
        server.script(
            reply(500, openai_error("internal error", "server_error")),
            reply(200, openai_reply("fine")),
        )
        llm.configure("openai", {"base-url": server.url})
        assert llm.complete("x") == "fine"

    assert len(server.received) == 2
    assert llm.session_usage()[llm_keyword("calls")] == 1


def test_retries_give_up_with_status_and_provider_message():
    with ScriptedServer() as server:
        server.default = reply(529, anthropic_error("Overloaded", "overloaded_error"))
        providers.register(
            OpenAIProvider("local", base_url=server.url, max_retries=2, backoff=0.01)
        )
        with pytest.raises(ProviderError) as caught:
            llm.complete("x")

    assert len(server.received) == 3
    assert str(caught.value) == "local: HTTP 529: Overloaded"
    assert caught.value.fields["status"] == 529
    assert llm.last_usage() is None


def test_client_errors_are_not_retried():
    with ScriptedServer() as server:
        server.script(
            reply(
                400,
                gemini_error(
                    400,
                    "API key not valid. Please pass a valid API key.",
                    "INVALID_ARGUMENT",
                ),
            )
        )
        llm.configure("gemini", {"api-key": KEY, "base-url": server.url})
        with pytest.raises(
            ProviderError, match=r"^gemini: HTTP 400: API key not valid"
        ):
            llm.complete("x")

    assert len(server.received) == 1


def test_retry_after_longer_than_the_cap_fails_at_once():
    with ScriptedServer() as server:
        server.script(reply(429, openai_error("slow down"), {"retry-after": "3600"}))
        llm.configure("openai", {"base-url": server.url})
        started = time.monotonic()
        with pytest.raises(ProviderError, match="HTTP 429: slow down") as caught:
            llm.complete("x")

    assert time.monotonic() - started < 1.0
    assert "retry in 3600s; the limit is 60s" in str(caught.value)
    assert caught.value.fields["model"] == "gpt-4o-mini"


# --- broken servers -----------------------------------------------------------


def test_slow_reply_past_the_timeout():
    with ScriptedServer() as server:
        server.script(delayed(2.0, reply(200, openai_reply())))
        llm.configure("openai", {"base-url": server.url, "timeout": 0.3})
        started = time.monotonic()
        with pytest.raises(
            ProviderError, match=r"^openai: no reply within 0.3s"
        ) as caught:
            llm.complete("x")

    assert time.monotonic() - started < 1.5
    assert caught.value.__cause__ is not None
    assert len(server.received) == 1


def test_malformed_json_reply():
    with ScriptedServer() as server:
        server.script(reply(200, raw=b'{"choices": [ oops'))
        llm.configure("openai", {"base-url": server.url})
        with pytest.raises(
            ProviderError, match=r"reply is not JSON \(HTTP 200\)"
        ) as caught:
            llm.complete("x")

    assert caught.value.kind == "llm"


def test_json_of_the_wrong_shape():
    with ScriptedServer() as server:
        server.script(
            reply(200, {"id": "x", "choices": []}), reply(200, {"content": "no list"})
        )
        llm.configure("openai", {"base-url": server.url})
        with pytest.raises(ProviderError, match="unexpected reply shape"):
            llm.complete("x")
        llm.configure("anthropic", {"api-key": KEY, "base-url": server.url})
        with pytest.raises(ProviderError, match="unexpected reply shape"):
            llm.complete("x")


def test_dropped_connection_is_an_error_and_not_retried():
    with ScriptedServer() as server:
        server.script(drop(), reply(200, openai_reply()))
        llm.configure("openai", {"base-url": server.url})
        with pytest.raises(ProviderError, match="^openai: connection failed") as caught:
            llm.complete("x")

    assert len(server.received) == 1
    assert caught.value.__cause__ is not None


def test_refused_connection_is_retried_then_reported():
    from .conftest import closed_port

    url = f"http://127.0.0.1:{closed_port()}"
    providers.register(
        OpenAIProvider("nowhere", base_url=url, max_retries=2, backoff=0.01)
    )
    with pytest.raises(ProviderError, match=f"^nowhere: could not connect to {url}"):
        llm.complete("x")


def test_failed_calls_release_their_budget_reservation():
    with ScriptedServer() as server:
        server.script(
            reply(400, openai_error("bad request")),
            reply(200, openai_reply(model="m", prompt=10, completion=10)),
        )
        llm.configure("openai", {"base-url": server.url, "default-model": "m"})
        llm.set_pricing("m", 1000, 1000)
        llm.set_budget(0.05)
        with pytest.raises(ProviderError):
            llm.complete("x", max_tokens=20)
        assert llm.complete("x", max_tokens=20) == "Hello"

    remaining = llm.budget_remaining()
    assert remaining[llm_keyword("spent")] == 0.02


def test_no_provider_names_the_environment_variables():
    with pytest.raises(LLMError) as caught:
        llm.complete("x")
    message = str(caught.value)
    for variable in (
        "ANTHROPIC_API_KEY",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "GEMINI_API_KEY",
        "OLLAMA_HOST",
    ):
        assert variable in message
    assert caught.value.kind == "llm"
