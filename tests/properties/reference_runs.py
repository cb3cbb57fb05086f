"""Run batches of programs through semac and the reference interpreter, and compare.

Each batch costs two processes: one ``python -m semac eval --jsonl`` and one
``node sema-oracle.mjs``, both reading JSON lines ``{"src": ...}``. Results
are remembered by source text, so when Hypothesis shrinks a failing batch
only the programs it changed are run again.

The reference is Sema 1.36 compiled to WebAssembly (npm package
``@sema-lang/sema-wasm``), installed into ``.oracle/`` by ``make oracle``.
``SEMAC_ORACLE_SCRIPT`` overrides the driver script (default
``tests/oracle/sema-oracle.mjs``) and ``SEMA_WASM_DIR`` the package folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORACLE_SCRIPT = Path(os.environ.get("SEMAC_ORACLE_SCRIPT", ROOT / "tests" / "oracle" / "sema-oracle.mjs"))
PACKAGE_DIR = Path(os.environ.get("SEMA_WASM_DIR", ROOT / ".oracle" / "node_modules" / "@sema-lang" / "sema-wasm"))

#: The reference reports a WebAssembly trap with an error starting like this.
#: Such a result tells nothing about the program, so it is not compared.
TRAP_PREFIX = "reference interpreter trapped:"

#: Seconds one program may run under ``semac eval --jsonl``.
PROGRAM_TIMEOUT = 10


def fuzz_examples(default: int) -> int:
    """Return how many examples a property runs: ``SEMAC_FUZZ_EXAMPLES`` or ``default``."""
    text = os.environ.get("SEMAC_FUZZ_EXAMPLES")
    return int(text) if text else default


def oracle_unavailable_reason() -> str | None:
    """Return why the reference interpreter cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not ORACLE_SCRIPT.is_file():
        return f"oracle driver {ORACLE_SCRIPT} not found (set SEMAC_ORACLE_SCRIPT)"
    if not (PACKAGE_DIR / "sema_wasm_bg.wasm").is_file():
        return f"reference interpreter not installed in {PACKAGE_DIR}: run `make oracle`"
    return None


@dataclass(frozen=True)
class Outcome:
    """What one program did: written value (None for nil), printed text, error message."""

    value: str | None
    output: str
    error: str | None


def _printed_text(lines: list[str]) -> str:
    # The reference keeps text printed without a final newline as its own
    # entry, while semac splits on newlines, so compare the joined text
    # without trailing newlines.
    return "\n".join(lines).rstrip("\n")


def _run_jsonl(command: list[str], sources: list[str], timeout: float, env: dict | None = None) -> list[dict]:
    request = "".join(json.dumps({"src": source}) + "\n" for source in sources)
    completed = subprocess.run(
        command, input=request, capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout
    )
    replies = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    if completed.returncode != 0 or len(replies) != len(sources):
        raise RuntimeError(
            f"{command[0]} exited with status {completed.returncode} after {len(replies)} of "
            f"{len(sources)} programs:\n{completed.stderr[-3000:]}"
        )
    return replies


def run_reference(sources: list[str]) -> list[Outcome | None]:
    """Evaluate ``sources`` in one reference process; None marks a trapped run."""
    env = dict(os.environ, SEMA_WASM_DIR=str(PACKAGE_DIR))
    replies = _run_jsonl(["node", str(ORACLE_SCRIPT)], sources, timeout=60 + 5 * len(sources), env=env)
    outcomes: list[Outcome | None] = []
    for reply in replies:
        result = reply["oracle"]
        error = result.get("error")
        if error and error.startswith(TRAP_PREFIX):
            outcomes.append(None)
            continue
        first_line = error.split("\n", 1)[0] if error else None
        outcomes.append(Outcome(result.get("value"), _printed_text(result.get("output") or []), first_line))
    return outcomes


def run_semac(sources: list[str]) -> list[Outcome]:
    """Evaluate ``sources`` in one ``python -m semac eval --jsonl`` process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("SEMA_HOME", str(ROOT / ".pytest_cache" / "sema-home"))
    command = [sys.executable, "-m", "semac", "eval", "--jsonl", "--timeout", str(PROGRAM_TIMEOUT)]
    replies = _run_jsonl(command, sources, timeout=120 + PROGRAM_TIMEOUT * len(sources), env=env)
    return [Outcome(r.get("value"), _printed_text(r.get("output") or []), r.get("error")) for r in replies]


_reference_results: dict[str, Outcome | None] = {}
_semac_results: dict[str, Outcome] = {}


def evaluate_both(sources: list[str]) -> list[tuple[Outcome | None, Outcome]]:
    """Return (reference, semac) outcomes for each source, running only new ones."""
    new = list(dict.fromkeys(s for s in sources if s not in _semac_results))
    if new:
        for source, outcome in zip(new, run_reference(new)):
            _reference_results[source] = outcome
        for source, outcome in zip(new, run_semac(new)):
            _semac_results[source] = outcome
    return [(_reference_results[s], _semac_results[s]) for s in sources]


def disagreement(reference: Outcome | None, semac: Outcome) -> str | None:
    """Describe how semac differs from the reference, or return None when they agree.

    Error messages are not compared, only whether an error happened, because
    the wording of messages is not part of the language.
    """
    if reference is None:
        return None
    problems = []
    if (reference.error is None) != (semac.error is None):
        problems.append(f"error: reference {reference.error!r}, semac {semac.error!r}")
    if reference.output != semac.output:
        problems.append(f"output: reference {reference.output!r}, semac {semac.output!r}")
    if reference.error is None and semac.error is None and reference.value != semac.value:
        problems.append(f"value: reference {reference.value!r}, semac {semac.value!r}")
    return "; ".join(problems) or None


def report(failures: list[tuple[str, str]]) -> str:
    """Format (source, difference) pairs for an assertion message."""
    parts = [f"{len(failures)} program(s) disagree with the reference interpreter:"]
    for source, difference in failures:
        parts.append(f"--- program ---\n{source.rstrip()}\n--- difference ---\n{difference}")
    return "\n".join(parts)
