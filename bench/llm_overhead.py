"""Runtime overhead of one llm/ call against a provider that answers at once.

The provider is defined in Python (as a Sema program would with
``llm/define-provider``), so every microsecond measured is the runtime's:
option reading, request building, pricing, budget reservation, usage
normalisation, the ledger and the call log line. Target: < 50 us per call.

A second table puts the same calls through the OpenAI provider against a
loopback server that answers at once, beside bare httpx posts of the same
body: client CPU per call, which bounds ``llm/pmap`` at high concurrency.

Run: python bench/llm_overhead.py [calls]
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from llm_pmap import serve  # noqa: E402

import runtime.llm as llm  # noqa: E402
from runtime.values import Keyword, Map  # noqa: E402

USAGE = Map({Keyword("prompt-tokens"): 12, Keyword("completion-tokens"): 5})
ANSWER = Map({Keyword("content"): "ok", Keyword("model"): "m", Keyword("usage"): USAGE})
OPTIONS = Map({Keyword("max-tokens"): 50})


def instant(request):
    return ANSWER


def per_call(calls: int, repeats: int = 7) -> tuple[float, float]:
    """Best and median over ``repeats`` runs of the mean time of one call, in us."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(calls):
            llm.complete("hello", OPTIONS)
        samples.append((time.perf_counter() - started) / calls * 1e6)
    return min(samples), statistics.median(samples)


def baseline(calls: int) -> float:
    """The provider function alone, for comparison."""
    started = time.perf_counter()
    for _ in range(calls):
        instant(None)
    return (time.perf_counter() - started) / calls * 1e6


def cpu_per_call(send, calls: int) -> tuple[float, float]:
    """(wall, client CPU) in milliseconds per call of ``send()``."""
    for _ in range(50):
        send()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        send()
    return (
        (time.perf_counter() - wall) / calls * 1e3,
        (time.process_time() - cpu) / calls * 1e3,
    )


def http_table(calls: int = 1000) -> None:
    ports = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(ports, 0.0), daemon=True)
    server.start()
    try:
        base = f"http://127.0.0.1:{ports.get(timeout=10)}/v1"
        llm.configure("openai", {"base-url": base, "default-model": "m"})
        body = {"model": "m", "messages": [{"role": "user", "content": "hello"}]}
        client = httpx.Client(base_url=base)
        rows = [
            (
                "bare httpx POST + json()",
                lambda: client.post("/chat/completions", json=body).json(),
            ),
            ("llm/complete, OpenAI provider", lambda: llm.complete("hello", OPTIONS)),
        ]
        print(f"\n{'loopback HTTP, instant server':<36} {'wall ms':>8} {'cpu ms':>10}")
        for name, send in rows:
            wall, cpu = cpu_per_call(send, calls)
            print(f"{name:<36} {wall:>8.3f} {cpu:>10.3f}")
    finally:
        server.terminate()


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    llm.define_provider("instant", {"complete": instant, "default-model": "m"})
    llm.set_pricing("m", 1.0, 3.0)
    llm.complete("warm up", OPTIONS)

    alone = baseline(calls)
    rows = [("provider function alone", (alone, alone))]
    rows.append(("llm/complete, no budget", per_call(calls)))
    llm.set_budget(1e9)
    rows.append(("llm/complete, session budget", per_call(calls)))
    nested = llm.with_budget(
        {"max-cost-usd": 1e9},
        lambda: llm.with_budget({"max-tokens": 10**12}, lambda: per_call(calls)),
    )
    rows.append(("llm/complete, session + 2 scopes", nested))

    print(f"{'case':<36} {'best us':>8} {'median us':>10}")
    for name, (best, median) in rows:
        print(f"{name:<36} {best:>8.1f} {median:>10.1f}")
    worst = max(median for _, (_, median) in rows[1:])
    print(
        f"\nworst median overhead {worst:.1f} us/call (target < 50): "
        + ("ok" if worst < 50 else "MISSED")
    )
    llm.clear_budget()
    http_table()


if __name__ == "__main__":
    main()
