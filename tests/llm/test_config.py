"""llm/configure, llm/auto-configure and llm/define-provider."""

from __future__ import annotations

import pytest

import runtime.llm as llm
from runtime.errors import LLMError, ProviderError, UserError
from runtime.llm.config import ollama_base_url, providers
from runtime.values import Keyword, Map

from .servers import ScriptedServer, reply
from .shapes import anthropic_reply, openai_reply


def kw(name):
    return Keyword(name)


def test_auto_configure_finds_every_credential_and_prefers_anthropic(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-o")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-a")
    monkeypatch.setenv("GOOGLE_API_KEY", "g")
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:1")
    assert llm.auto_configure() == kw("anthropic")
    for name in ("openai", "anthropic", "gemini", "ollama"):
        assert providers.get(name).name == name
    assert providers.get("ollama").transport.base_url == "http://127.0.0.1:1/v1"


def test_chat_provider_and_model_from_the_environment(monkeypatch):
    with ScriptedServer() as server:
        server.script(reply(200, openai_reply("local")))
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-a")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url + "/v1")
        monkeypatch.setenv("SEMA_CHAT_PROVIDER", "openai")
        monkeypatch.setenv("SEMA_CHAT_MODEL", "tiny")
        assert llm.auto_configure() == kw("openai")
        assert llm.complete("hi") == "local"

    assert server.received[0].json()["model"] == "tiny"
    assert "authorization" not in server.received[0].headers


def test_unknown_chat_provider_is_an_error(monkeypatch):
    monkeypatch.setenv("SEMA_CHAT_PROVIDER", "nope")
    with pytest.raises(LLMError, match="no provider named :nope"):
        llm.auto_configure()


def test_first_call_configures_from_the_environment(monkeypatch):
    with ScriptedServer() as server:
        server.script(reply(200, openai_reply("lazy")))
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        assert providers.default is None
        assert llm.complete("hi") == "lazy"
    assert providers.default == "openai"


def test_auto_configure_without_credentials_returns_nil():
    assert llm.auto_configure() is None
    with pytest.raises(LLMError, match="no LLM provider is configured"):
        llm.complete("hi")


@pytest.mark.parametrize(
    "host, base",
    [
        ("localhost", "http://localhost:11434/v1"),
        ("0.0.0.0:8080", "http://0.0.0.0:8080/v1"),
        ("https://ollama.example:443/", "https://ollama.example:443/v1"),
    ],
)
def test_ollama_host_forms(host, base):
    assert ollama_base_url(host) == base


def test_configure_needs_a_key_where_the_api_does():
    with pytest.raises(LLMError, match="ANTHROPIC_API_KEY"):
        llm.configure(kw("anthropic"), Map())
    with pytest.raises(LLMError, match="GEMINI_API_KEY or GOOGLE_API_KEY"):
        llm.configure(kw("gemini"))
    with pytest.raises(LLMError, match="unknown provider kind :mistral"):
        llm.configure(kw("mistral"), {"base-url": "http://127.0.0.1:1"})
    assert llm.configure(
        kw("groq"), {kw("kind"): kw("openai"), kw("base-url"): "http://127.0.0.1:1"}
    ) == kw("groq")
    assert providers.default == "groq"


def test_configure_reads_the_key_from_the_environment(monkeypatch):
    with ScriptedServer() as server:
        server.script(reply(200, anthropic_reply()))
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-from-env")
        llm.configure("anthropic", {"base-url": server.url})
        llm.complete("x")
    assert server.received[0].headers["x-api-key"] == "sk-from-env"


def test_define_provider_sees_the_request_map_and_becomes_default():
    seen = []

    def complete(request):
        seen.append(request)
        return {"content": "fine"}

    llm.define_provider(kw("one"), {"complete": lambda r: "other"})
    assert llm.define_provider(
        kw("fake"), {kw("complete"): complete, kw("default-model"): "m1"}
    ) == kw("fake")
    assert (
        llm.complete(
            "hi", {kw("system"): "sys", kw("max-tokens"): 9, kw("temperature"): 0.5}
        )
        == "fine"
    )
    assert seen[0] == Map(
        {
            kw("model"): "m1",
            kw("messages"): [Map({kw("role"): "user", kw("content"): "hi"})],
            kw("max-tokens"): 9,
            kw("temperature"): 0.5,
            kw("system"): "sys",
        }
    )
    assert llm.complete("hi", provider=kw("one")) == "other"


def test_defined_provider_errors_keep_their_message():
    def complete(request):
        raise UserError("provider down")

    llm.define_provider("fake", {"complete": complete})
    with pytest.raises(ProviderError) as caught:
        llm.complete("x")
    assert caught.value.to_map()[kw("message")] == '"provider down"'
    assert caught.value.to_map()[kw("type")] == kw("llm")
    assert isinstance(caught.value.__cause__, UserError)


@pytest.mark.parametrize(
    "answer, message",
    [
        (42, "must return a map or a string"),
        ({"content": 3}, "no string :content"),
        ({"content": "x", "usage": {"prompt-tokens": -1}}, "non-negative"),
    ],
)
def test_defined_provider_bad_answers(answer, message):
    llm.define_provider("fake", {"complete": lambda r: answer})
    with pytest.raises(LLMError, match=message):
        llm.complete("x")


def test_chat_validates_messages():
    llm.define_provider("fake", {"complete": lambda r: "ok"})
    with pytest.raises(LLMError, match="list of messages"):
        llm.chat("hello")
    with pytest.raises(LLMError, match="needs :content"):
        llm.chat([{"role": "user"}])
    assert llm.chat([Map({kw("role"): kw("user"), kw("content"): "hi"})]) == "ok"
