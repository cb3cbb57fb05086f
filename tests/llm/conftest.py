"""Isolation for the llm/ runtime tests.

Every test starts with a fresh runtime (no providers, usage, prices or
budgets), no provider credentials in the environment, ``SEMA_HOME`` in a
temporary folder, and a pricing URL on a closed loopback port, so nothing
here can reach a real host.
"""

from __future__ import annotations

import socket

import pytest

import runtime.llm as llm

CREDENTIAL_VARIABLES = (
    "ANTHROPIC_API_KEY",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "OLLAMA_HOST",
    "SEMA_CHAT_MODEL",
    "SEMA_CHAT_PROVIDER",
)


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def isolated_runtime(monkeypatch, tmp_path):
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SEMA_HOME", str(tmp_path / "sema-home"))
    monkeypatch.setenv(
        "SEMA_PRICING_URL", f"http://127.0.0.1:{closed_port()}/current-v1.json"
    )
    llm.reset()
    yield
    llm.reset()
