"""An API key never shows: not in errors, log lines, reprs or printed values."""

from __future__ import annotations

import logging
import traceback

import pytest

import runtime.llm as llm
from runtime.errors import LLMError, error_map
from runtime.llm.config import providers
from runtime.printer import write_string

from .servers import ScriptedServer, delayed, drop, reply
from .shapes import anthropic_error, gemini_error, openai_error, openai_reply

KEY = "sk-live-SECRET-4f9a8b7c6d5e"


def everything_said_about(exc: BaseException) -> str:
    """The error's text, repr, Sema map, and its full traceback with causes."""
    return "\n".join(
        [
            str(exc),
            repr(exc),
            write_string(error_map(exc)),
            "".join(traceback.format_exception(exc)),
        ]
    )


ECHOING_FAILURES = {
    "openai": lambda: reply(
        401, openai_error(f"Incorrect API key provided: {KEY}.", code="invalid_api_key")
    ),
    "anthropic": lambda: reply(
        401, anthropic_error(f"invalid x-api-key {KEY}", "authentication_error")
    ),
    "gemini": lambda: reply(
        400, gemini_error(400, f"API key not valid: {KEY}", "INVALID_ARGUMENT")
    ),
}


@pytest.mark.parametrize("kind", sorted(ECHOING_FAILURES))
def test_key_echoed_by_the_provider_is_redacted(kind, caplog):
    caplog.set_level(logging.DEBUG)
    with ScriptedServer() as server:
        server.script(ECHOING_FAILURES[kind]())
        llm.configure(kind, {"api-key": KEY, "base-url": server.url})
        with pytest.raises(LLMError) as caught:
            llm.complete("hello")

    said = everything_said_about(caught.value)
    assert "[redacted]" in str(caught.value)
    assert KEY not in said
    assert KEY not in caplog.text


@pytest.mark.parametrize(
    "failure",
    [
        lambda: drop(),
        lambda: delayed(1.0, reply(200, openai_reply())),
        lambda: reply(200, raw=f"<html>bad gateway for {KEY}</html>".encode()),
        lambda: reply(503, openai_error("busy")),
    ],
    ids=["dropped", "timeout", "not-json", "retries-exhausted"],
)
def test_no_failure_mode_leaks_the_key(failure, caplog):
    caplog.set_level(logging.DEBUG)
    with ScriptedServer() as server:
        server.default = failure()
        llm.configure(
            "openai",
            {"api-key": KEY, "base-url": server.url, "timeout": 0.3, "max-retries": 1},
        )
        with pytest.raises(LLMError) as caught:
            llm.complete("hello")

    assert KEY not in everything_said_about(caught.value)
    assert KEY not in caplog.text


def test_success_logs_and_values_do_not_show_the_key(caplog, capsys):
    caplog.set_level(logging.DEBUG)
    with ScriptedServer() as server:
        server.script(reply(200, openai_reply("fine")))
        name = llm.configure("openai", {"api-key": KEY, "base-url": server.url})
        llm.complete("hello")

    shown = [
        write_string(name),
        write_string(llm.last_usage()),
        write_string(llm.session_usage()),
        repr(providers.get()),
        repr(providers.get().transport),
        repr(vars(providers.get())),
    ]
    assert all(KEY not in text for text in shown)
    assert KEY not in caplog.text
    captured = capsys.readouterr()
    assert KEY not in captured.out + captured.err


def test_auto_configured_keys_stay_hidden(monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("GEMINI_API_KEY", KEY + "-g")
    assert write_string(llm.auto_configure()) == ":anthropic"
    for name in ("anthropic", "gemini"):
        assert KEY not in repr(providers.get(name))
    assert KEY not in caplog.text
