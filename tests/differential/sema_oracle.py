"""Run programs through the reference Sema interpreter and read case files.

The reference is the WebAssembly build of Sema 1.36 (npm package
``@sema-lang/sema-wasm``), driven by ``oracle.mjs`` beside this file. It is
installed into the ignored folder ``.oracle/`` at the project root with::

    npm install --prefix .oracle @sema-lang/sema-wasm@1.36.0

``SEMA_WASM_DIR`` overrides the package folder. ``record.py`` and
``test_differential.py`` both use this module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
DRIVER = HERE / "oracle.mjs"
DEFAULT_PACKAGE_DIR = PROJECT_ROOT / ".oracle/node_modules/@sema-lang/sema-wasm"

# The reference reports a WebAssembly trap with an error starting like this.
# Such a result shows nothing about Sema itself, so no case records one.
TRAP_PREFIX = "reference interpreter trapped:"


def package_dir() -> Path:
    """Return the folder of the installed ``@sema-lang/sema-wasm`` package."""
    override = os.environ.get("SEMA_WASM_DIR")
    return Path(override) if override else DEFAULT_PACKAGE_DIR


def unavailable_reason() -> str | None:
    """Return why the reference cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    wasm = package_dir() / "sema_wasm_bg.wasm"
    if not wasm.is_file():
        return (
            f"{wasm} not found: install the reference with "
            "`npm install --prefix .oracle @sema-lang/sema-wasm@1.36.0`"
        )
    return None


def run(sources: list[str], timeout: float = 600.0) -> list[dict]:
    """Evaluate each source in a fresh reference interpreter.

    All programs go through one ``node`` process. Each result is a dict with
    ``value`` (written form of the last value, None for nil), ``output``
    (printed lines) and ``error`` (the full message, or None).

    Raises ``RuntimeError`` when the driver fails or returns fewer results
    than programs, and ``subprocess.TimeoutExpired`` after ``timeout``
    seconds.
    """
    reason = unavailable_reason()
    if reason is not None:
        raise RuntimeError(f"reference interpreter unavailable: {reason}")

    request = "".join(json.dumps({"src": src}) + "\n" for src in sources)
    env = dict(os.environ, SEMA_WASM_DIR=str(package_dir()))
    completed = subprocess.run(
        ["node", str(DRIVER)],
        check=False,
        input=request,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    results = [json.loads(line) for line in completed.stdout.splitlines() if line]
    if completed.returncode != 0 or len(results) != len(sources):
        raise RuntimeError(
            f"reference driver oracle.mjs exited with {completed.returncode} after "
            f"{len(results)} of {len(sources)} programs: {completed.stderr[-2000:]}"
        )
    return results


def first_line(error: str | None) -> str | None:
    """Return the first line of an error message, keeping None as None."""
    if error is None:
        return None
    return error.split("\n", 1)[0]


def expectation(result: dict) -> dict:
    """Convert a raw reference result into a case's ``expect`` mapping."""
    return {
        "value": result["value"],
        "output": list(result["output"]),
        "error": first_line(result["error"]),
    }


def is_trap(result: dict) -> bool:
    """Tell whether the reference trapped instead of evaluating the program."""
    return (result.get("error") or "").startswith(TRAP_PREFIX)


def load_cases(path: Path) -> list[dict]:
    """Read a JSON-lines case file, skipping blank lines."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
