"""llm/pmap throughput against a loopback server with a fixed latency.

A server in its own process answers every Chat Completions request after
``latency`` seconds. Each row sends ``rounds x c`` items at concurrency
``c``, so the ideal time is ``rounds * latency`` and the ideal rate
``c / latency``; efficiency is ideal time / measured time. Target: >= 90%.
A provider defined in Python that sleeps the same latency gives the figure
without HTTP.

Run: python bench/llm_pmap.py [latency-ms] [rounds]
"""

from __future__ import annotations

import json
import math
import multiprocessing
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import runtime.llm as llm  # noqa: E402

REPLY = json.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "model": "m",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "ok"},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12},
    }
).encode()


def serve(port_queue, latency: float) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in separate writes

        def do_POST(self):
            self.rfile.read(int(self.headers["content-length"]))
            time.sleep(latency)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(REPLY)))
            self.end_headers()
            self.wfile.write(REPLY)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256  # the listen backlog; the default 5 resets bursts

    server = Server(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def measure(items: int, concurrency: int, latency: float) -> tuple[float, float]:
    """Return (seconds, efficiency) of one pmap over ``items`` prompts."""
    started = time.perf_counter()
    results = llm.pmap(
        lambda i: f"item {i}",
        range(items),
        {"concurrency": concurrency, "max-tokens": 16},
    )
    elapsed = time.perf_counter() - started
    assert len(results) == items
    ideal = math.ceil(items / concurrency) * latency
    return elapsed, ideal / elapsed


def table(title: str, rounds: int, latency: float, levels) -> list[float]:
    print(f"\n{title}: {rounds} rounds of {latency * 1000:.0f} ms")
    print(
        f"{'concurrency':>11} {'items':>6} {'seconds':>8} {'items/s':>8} "
        f"{'ideal/s':>8} {'efficiency':>10}"
    )
    found = []
    for concurrency in levels:
        items = rounds * concurrency
        measure(concurrency, concurrency, latency)  # open the connections
        elapsed, efficiency = measure(items, concurrency, latency)
        ideal_rate = concurrency / latency
        print(
            f"{concurrency:>11} {items:>6} {elapsed:>8.3f} {items / elapsed:>8.1f} "
            f"{ideal_rate:>8.1f} {efficiency:>9.1%}"
        )
        found.append(efficiency)
    return found


def main() -> None:
    latency = (int(sys.argv[1]) if len(sys.argv) > 1 else 200) / 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    levels = (1, 8, 16, 32, 64)

    llm.set_pricing("m", 1, 2)
    llm.define_provider(
        "sleeper",
        {"complete": lambda request: time.sleep(latency) or "ok", "default-model": "m"},
    )
    table("Python-defined provider (no HTTP)", rounds, latency, levels)

    ports = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(ports, latency), daemon=True)
    server.start()
    try:
        llm.configure(
            "openai", {"base-url": f"http://127.0.0.1:{ports.get(timeout=10)}/v1"}
        )
        efficiencies = table(
            "OpenAI provider over loopback HTTP", rounds, latency, levels
        )
    finally:
        server.terminate()
    worst = min(efficiencies)
    print(
        f"\nworst HTTP efficiency {worst:.1%} (target >= 90%): "
        + ("ok" if worst >= 0.9 else "MISSED")
    )


if __name__ == "__main__":
    main()
