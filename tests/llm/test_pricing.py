"""Model-name matching, resolution order and exact cost."""

from __future__ import annotations

from decimal import Decimal

import pytest

import runtime.llm as llm
from runtime.llm.price_sources import builtin_table
from runtime.llm.pricing import Price, PriceTable, normalise, pricing
from runtime.llm.usage import Usage
from runtime.values import Keyword, Symbol


@pytest.mark.parametrize(
    "name, expected",
    [
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),
        ("Claude-3.5-Sonnet", "claude-3-5-sonnet"),
        ("openrouter/anthropic/claude-3.7-sonnet", "claude-3-7-sonnet"),
        ("llama3.2:latest", "llama3-2"),
        ("claude-3-5-sonnet@20240620", "claude-3-5-sonnet"),
    ],
)
def test_normalise(name, expected):
    assert normalise(name) == expected


@pytest.mark.parametrize(
    "model, site_id",
    [
        ("gpt-4o", "gpt-4o"),
        ("openai/gpt-4o", "gpt-4o"),
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4.5"),
        ("claude-3-5-haiku-latest", "claude-3.5-haiku"),
        ("models/gemini-2.5-flash", "gemini-2.5-flash"),
    ],
)
def test_builtin_table_finds_api_names(model, site_id):
    table = builtin_table()
    assert table.lookup(model) is not None
    assert table.lookup(model) == table.lookup(site_id)


def test_builtin_snapshot_is_complete_and_dated():
    table = builtin_table()
    assert table.size == 142
    assert table.updated_at == "2026-08-05"


def test_containment_needs_a_boundary():
    table = PriceTable([("o3", "openai", Price(Decimal(2), Decimal(8)))], None)
    assert table.lookup("o3-mini-high") is not None
    assert table.lookup("gemma3") is None


def test_unknown_model_costs_nil_and_warns_once(capsys):
    assert pricing.price_for("acme-llm-9") is None
    assert pricing.price_for("acme-llm-9") is None
    assert capsys.readouterr().err.count("acme-llm-9") == 1


def test_custom_prices_win_and_the_longest_pattern_wins():
    llm.set_pricing("gpt-4o", 2.5, 10)
    llm.set_pricing("gpt-4o-mini", 0.15, 0.6)
    assert pricing.price_for("gpt-4o-mini-2024-07-18") == Price(
        Decimal("0.15"), Decimal("0.6")
    )
    assert pricing.price_for("gpt-4o") == Price(Decimal("2.5"), Decimal(10))
    assert pricing.price_for("my-gpt-4o-tune") == Price(Decimal("2.5"), Decimal(10))
    llm.set_pricing("gpt-4o-mini-2024-07-18", 1, 2, 0.5)
    assert pricing.price_for("gpt-4o-mini-2024-07-18") == Price(
        Decimal(1), Decimal(2), Decimal("0.5")
    )


def test_cost_formula_counts_cache_reads_and_writes():
    price = Price(Decimal(3), Decimal(15), Decimal("0.3"))
    usage = Usage(
        prompt_tokens=3050,
        completion_tokens=30,
        cache_read_tokens=2000,
        cache_creation_tokens=1000,
    )
    expected = (
        50 * Decimal(3) + 2000 * Decimal("0.3") + 1000 * Decimal("1.25") * 3 + 30 * 15
    ) / 10**6
    assert price.cost(usage) == expected


def test_money_stays_exact_over_many_calls():
    llm.define_provider(
        "fake",
        {
            "complete": lambda request: {
                "content": "ok",
                "usage": {"prompt_tokens": 1, "completion_tokens": 0},
            }
        },
    )
    llm.set_pricing("fake", 100000, 0)  # $0.1 per call
    for _ in range(3):
        llm.complete("x")
    assert llm.session_usage()[Keyword("cost-usd")] == 0.3
    assert 0.1 + 0.1 + 0.1 != 0.3


def test_pricing_status_is_hardcoded_until_fetched():
    assert llm.pricing_status() == {Keyword("source"): Symbol("hardcoded")}
    pricing.set_fetched(
        PriceTable([("m", "", Price(Decimal(1), Decimal(1)))], "2026-09-01")
    )
    assert llm.pricing_status() == {
        Keyword("source"): Symbol("fetched"),
        Keyword("updated-at"): "2026-09-01",
    }


def test_fetched_table_falls_back_to_the_builtin_one():
    pricing.set_fetched(
        PriceTable([("only-here", "", Price(Decimal(7), Decimal(7)))], "2026-09-01")
    )
    assert pricing.price_for("only-here").input == 7
    assert pricing.price_for("gpt-4o").input == Decimal("2.5")


@pytest.mark.parametrize("bad", ["cheap", True, float("nan"), -1])
def test_set_pricing_rejects_bad_prices(bad):
    with pytest.raises(llm.LLMError):
        llm.set_pricing("m", bad, 1)
