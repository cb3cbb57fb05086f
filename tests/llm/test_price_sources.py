"""Fetched prices from a loopback server, and the cache under SEMA_HOME."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import runtime.llm as llm
from runtime.llm import price_sources
from runtime.llm.price_sources import cache_path, load_pricing, parse_table, write_cache
from runtime.llm.pricing import pricing
from runtime.values import Keyword, Symbol

from .servers import ScriptedServer, delayed, reply, trickle

ROOT = Path(__file__).resolve().parents[2]


def price_file(updated="2026-09-01", **prices):
    entries = [
        {
            "id": name,
            "vendor": "acme",
            "name": name,
            "input": p[0],
            "output": p[1],
            "input_cached": None,
        }
        for name, p in prices.items()
    ]
    return {"updated_at": updated, "prices": entries}


GOOD = price_file(**{"acme-one": (1, 2), "gpt-4o": (9, 9)})


def status():
    found = llm.pricing_status()
    return found[Keyword("source")], found.get(Keyword("updated-at"))


@pytest.fixture
def pricing_server(monkeypatch):
    with ScriptedServer() as server:
        monkeypatch.setenv("SEMA_PRICING_URL", server.url + "/current-v1.json")
        yield server


def test_good_file_is_used_and_cached(pricing_server):
    pricing_server.script(reply(200, GOOD))
    assert load_pricing() == "fetched"
    assert status() == (Symbol("fetched"), "2026-09-01")
    assert pricing.price_for("acme-one").output == 2
    assert pricing.price_for("gpt-4o").input == 9
    assert json.loads(cache_path().read_text()) == GOOD
    assert pricing_server.received[0].path == "/current-v1.json"


def test_fresh_cache_is_reused_without_fetching(pricing_server):
    pricing_server.script(reply(200, GOOD))
    load_pricing()
    pricing.reset()
    assert load_pricing() == "cache"
    assert len(pricing_server.received) == 1
    assert status() == (Symbol("fetched"), "2026-09-01")


def test_stale_cache_is_refreshed(pricing_server):
    pricing_server.script(
        reply(200, GOOD), reply(200, price_file("2026-09-02", **{"acme-two": (3, 4)}))
    )
    load_pricing()
    day_old = time.time() - 25 * 3600
    os.utime(cache_path(), (day_old, day_old))
    assert load_pricing() == "fetched"
    assert status() == (Symbol("fetched"), "2026-09-02")
    assert len(pricing_server.received) == 2


def test_stale_cache_beats_builtin_when_the_fetch_fails(pricing_server):
    write_cache(cache_path(), json.dumps(GOOD).encode())
    day_old = time.time() - 25 * 3600
    os.utime(cache_path(), (day_old, day_old))
    pricing_server.script(reply(500, {"error": "down"}))
    assert load_pricing() == "stale-cache"
    assert status() == (Symbol("fetched"), "2026-09-01")


def test_corrupt_cache_is_ignored(pricing_server):
    cache_path().parent.mkdir(parents=True)
    cache_path().write_text('{"updated_at": "2026-01-01", "prices": [')
    pricing_server.script(reply(200, GOOD))
    assert load_pricing() == "fetched"
    assert json.loads(cache_path().read_text()) == GOOD


def test_slow_server_is_abandoned_after_two_seconds(pricing_server):
    pricing_server.script(delayed(3.5, reply(200, GOOD)))
    started = time.monotonic()
    assert load_pricing() == "none"
    assert time.monotonic() - started < 2.5
    assert status()[0] == Symbol("hardcoded")
    assert not cache_path().exists()


def test_trickling_server_is_abandoned_after_two_seconds(pricing_server):
    pricing_server.script(trickle(json.dumps(GOOD).encode(), every=0.2))
    started = time.monotonic()
    assert load_pricing() == "none"
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize(
    "body",
    [
        b"<html>not json</html>",
        b'{"prices": "none"}',
        b"[1, 2, 3]",
        b'{"updated_at": "x", "prices": []}',
    ],
    ids=["html", "prices-not-a-list", "array", "empty"],
)
def test_malformed_file_keeps_the_previous_source(pricing_server, body):
    pricing_server.script(reply(200, raw=body))
    assert load_pricing() == "none"
    assert status()[0] == Symbol("hardcoded")
    assert not cache_path().exists()


def test_null_prices_skip_only_their_entries():
    data = price_file(**{"good": (1, 2)})
    data["prices"] += [
        {
            "id": "no-input",
            "vendor": "x",
            "input": None,
            "output": 1,
            "input_cached": None,
        },
        {"id": "no-output", "vendor": "x", "input": 1, "input_cached": None},
        {"id": "text-price", "vendor": "x", "input": "1", "output": 1},
        {
            "id": "cached-null",
            "vendor": "x",
            "input": 0.5,
            "output": 1.5,
            "input_cached": None,
        },
        "not even a map",
    ]
    table = parse_table(json.dumps(data))
    assert table.size == 2
    assert table.lookup("no-input") is None
    assert table.lookup("cached-null").cached_input is None


def test_auto_configure_loads_fetched_pricing(pricing_server):
    pricing_server.script(reply(200, GOOD))
    assert llm.auto_configure() is None
    assert status() == (Symbol("fetched"), "2026-09-01")


WRITER = """
import sys
from pathlib import Path
from runtime.llm.price_sources import write_cache
payload = Path(sys.argv[2]).read_bytes()
print("writing", flush=True)
write_cache(Path(sys.argv[1]), payload)
print("done", flush=True)
"""


def test_killed_writer_leaves_the_old_or_the_new_file(tmp_path):
    target = tmp_path / "home" / "pricing-cache.json"
    old = json.dumps(GOOD).encode()
    write_cache(target, old)
    new_file = tmp_path / "new.json"
    new = json.dumps(
        price_file(**{f"model-{i}": (i, i) for i in range(100_000)})
    ).encode()
    new_file.write_bytes(new)
    outcomes = set()
    for delay in (0.0, 0.005, 0.02, 0.05, 0.1, 0.2):
        write_cache(target, old)
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(new_file)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
        assert writer.stdout.readline() == b"writing\n"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        content = target.read_bytes()
        assert content in (old, new), f"half-written cache after {delay}s"
        leftovers = list(target.parent.glob(".pricing-cache.json.*.tmp"))
        outcomes.add(
            "killed mid-write" if leftovers else "new" if content == new else "old"
        )
        for leftover in leftovers:
            leftover.unlink()
    assert parse_table(target.read_bytes()) is not None
    # a temporary file left behind proves a kill landed during the write
    assert "killed mid-write" in outcomes, outcomes


def test_fetch_is_bounded_by_its_own_deadline():
    started = time.monotonic()
    assert price_sources.fetch("http://127.0.0.1:9/none", deadline=0.5) is None
    assert time.monotonic() - started < 1.0


REPEATED_WRITER = """
import sys
from pathlib import Path
from runtime.llm.price_sources import write_cache
payload = Path(sys.argv[2]).read_bytes()
for _ in range(40):
    write_cache(Path(sys.argv[1]), payload)
"""


def test_two_writers_never_mix_their_files(tmp_path):
    target = tmp_path / "home" / "pricing-cache.json"
    first = json.dumps(price_file(**{f"a-{i}": (i, i) for i in range(20_000)})).encode()
    second = json.dumps(price_file(**{f"b-{i}": (i, i) for i in range(20_000)})).encode()
    write_cache(target, first)
    sources = []
    for index, payload in enumerate((first, second)):
        source = tmp_path / f"payload-{index}.json"
        source.write_bytes(payload)
        sources.append(source)
    writers = [
        subprocess.Popen([sys.executable, "-c", REPEATED_WRITER, str(target), str(source)], cwd=ROOT)
        for source in sources
    ]
    reads = 0
    while any(writer.poll() is None for writer in writers):
        assert target.read_bytes() in (first, second)
        reads += 1
    for writer in writers:
        assert writer.wait(timeout=60) == 0
    assert target.read_bytes() in (first, second)
    assert reads > 0
    assert list(target.parent.glob(".pricing-cache.json.*.tmp")) == []


def test_unwritable_cache_folder_still_prices(pricing_server, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("SEMA_HOME", str(blocker / "sema"))
    pricing_server.default = reply(200, GOOD)
    assert load_pricing() == "fetched"
    assert status()[0] == Symbol("fetched")
    assert not (blocker / "sema").exists()
