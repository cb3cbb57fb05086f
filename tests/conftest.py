"""Shared fixtures: run semac in-process or as the real command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# In CI every property test draws the same examples on every run, so a
# landing never depends on luck; `make fuzz` and local runs stay random.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent


def run_semac(*args: str, input: str | None = None, cwd=None, env=None, timeout: float = 120):
    """Run ``python -m semac ARGS`` and return the CompletedProcess."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(ROOT) + os.pathsep + environment.get("PYTHONPATH", "")
    environment.setdefault("SEMA_HOME", str(ROOT / ".pytest_cache" / "sema-home"))
    if env:
        environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "semac", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=timeout,
    )


@pytest.fixture
def semac():
    return run_semac


def evaluate(source: str) -> dict:
    """Run a program in-process; return its value, output and error like ``eval --jsonl``."""
    from semac.cli import evaluate_program

    return evaluate_program(source)


@pytest.fixture
def run():
    return evaluate
