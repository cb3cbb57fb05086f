"""The benchmark harness runs, and fib has one result in every implementation.

This test checks results only, never timings: the machine that runs the
suite may be busy, and the benchmark report is where speed is recorded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def test_quick_run_of_fib_agrees(tmp_path):
    report_path = tmp_path / "report.json"
    completed = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--quick",
            "--only",
            "fib",
            "--json",
            str(report_path),
        ],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    fib = json.loads(report_path.read_text())["programs"]["fib"]
    assert fib["python"]["value"] == "75025"
    assert fib["semac"]["value"] == "75025", fib["semac"]["failure"]
    if "hy" in fib:
        assert fib["hy"]["value"] == "75025", fib["hy"]["failure"]
    if "sema-wasm" in fib:
        assert fib["sema-wasm"]["value"] == "75025", fib["sema-wasm"]["failure"]
