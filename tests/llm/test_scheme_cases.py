"""Every ``cases/NAME.scm`` run through ``python -m semac run`` prints ``NAME.out``.

The cases are copies of the shared llm/ cases; each stands for a family of
programs (usage, pricing, budgets, batches). They use providers defined in
Sema, so they run offline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CREDENTIAL_VARIABLES, closed_port

CASES = Path(__file__).parent / "cases"
ROOT = Path(__file__).resolve().parents[2]


def offline_environment(home: Path) -> dict:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in CREDENTIAL_VARIABLES
    }
    env["SEMA_HOME"] = str(home)
    env["SEMA_PRICING_URL"] = f"http://127.0.0.1:{closed_port()}/current-v1.json"
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    return env


def run_semac(program: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "semac", "run", str(program)],
        cwd=ROOT,
        env=offline_environment(home),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("case", sorted(CASES.glob("*.scm")), ids=lambda p: p.stem)
def test_case_prints_its_expected_output(case, tmp_path):
    result = run_semac(case, tmp_path)
    assert result.stdout == case.with_suffix(".out").read_text(), result.stderr
    assert result.returncode == 0, result.stderr


EXAMPLES = ROOT / "examples" / "llm"


@pytest.mark.parametrize(
    # live.scm needs a real model; tests/llm/test_local_model.py runs it.
    "example", sorted(p for p in EXAMPLES.glob("*.scm") if p.stem != "live"), ids=lambda p: p.stem
)
def test_example_runs_offline(example, tmp_path):
    result = run_semac(example, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "warning" not in result.stderr
