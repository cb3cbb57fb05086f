"""The four implementations a benchmark program runs in.

Each in-process implementation compiles a program once with :meth:`prepare`.
Its :meth:`run` executes the compiled module in a fresh namespace and
returns the program's result, and only :meth:`run` is timed. The reference
interpreter runs in a node process of its own and times itself
(:func:`time_in_sema_wasm`).

Results are compared by their Sema written form (:func:`written`), so an
integer from Python and the string ``"75025"`` from the reference
interpreter compare equal.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import types
from pathlib import Path

from runtime.printer import write_string
from semac.compiler import RESULT_NAME, compile_to_code, new_namespace

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
WASM_PACKAGE = PROJECT_DIR / ".oracle" / "node_modules" / "@sema-lang" / "sema-wasm"
WASM_TIMER = BENCH_DIR / "sema_wasm_timer.mjs"

try:
    import hy
    from hy.compiler import hy_compile
except ImportError:  # Hy is the optional extra `bench`.
    hy = None
    hy_compile = None


def written(value) -> str:
    """Return ``value`` in Sema's written form, the form results are compared in."""
    return write_string(value)


class Semac:
    """Programs compiled by semac from ``bench/sema/NAME.scm``."""

    label = "semac"
    source_dir = BENCH_DIR / "sema"
    suffix = ".scm"

    def prepare(self, path: Path):
        source = path.read_text(encoding="utf-8")
        return compile_to_code(source, str(path), with_result=True)

    def run(self, code):
        namespace = new_namespace("__main__")
        exec(code, namespace)
        return namespace[RESULT_NAME]


class Python:
    """Hand-written Python in ``bench/python/NAME.py``, entered through ``main()``."""

    label = "python"
    source_dir = BENCH_DIR / "python"
    suffix = ".py"

    def prepare(self, path: Path):
        return compile(
            path.read_text(encoding="utf-8"), str(path), "exec", dont_inherit=True
        )

    def run(self, code):
        namespace = {"__name__": "__main__"}
        exec(code, namespace)
        return namespace["main"]()


class Hy:
    """Hy programs in ``bench/hy/NAME.hy``, compiled with Hy's own compiler."""

    label = "hy"
    source_dir = BENCH_DIR / "hy"
    suffix = ".hy"

    def prepare(self, path: Path):
        source = path.read_text(encoding="utf-8")
        module = types.ModuleType("__main__")
        tree = hy_compile(
            hy.read_many(source, filename=str(path)),
            module,
            filename=str(path),
            source=source,
        )
        return compile(tree, str(path), "exec", dont_inherit=True)

    def run(self, code):
        namespace = {"__name__": "__main__"}
        exec(code, namespace)
        return namespace["main"]()


def in_process_implementations() -> list:
    """Semac, Python and, when it is installed, Hy."""
    found = [Semac(), Python()]
    if hy is not None:
        found.append(Hy())
    return found


def sema_wasm_missing() -> str | None:
    """Return why the reference interpreter cannot run, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (WASM_PACKAGE / "sema_wasm_bg.wasm").exists():
        return "not installed (run `make oracle`)"
    return None


def time_in_sema_wasm(
    paths: dict[str, Path], budget, timeout: float
) -> dict[str, dict]:
    """Time each program in the reference interpreter, as often as ``budget`` sets.

    ``paths`` maps a program's name to its ``.scm`` file, and ``budget`` is
    a ``run.Budget``. Returns, per name, the timer's report: ``value``
    (written form), ``error``, ``best_ms`` and ``runs_ms``. Raises
    ``subprocess.TimeoutExpired`` after ``timeout`` seconds in all.
    """
    limits = {
        "min_runs": budget.min_runs,
        "min_total_ms": budget.min_total_s * 1000,
        "max_runs": budget.max_runs,
    }
    requests = [
        json.dumps({"name": name, "src": path.read_text(encoding="utf-8"), **limits})
        for name, path in paths.items()
    ]
    completed = subprocess.run(
        ["node", str(WASM_TIMER)],
        input="\n".join(requests) + "\n",
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env={**os.environ, "SEMA_WASM_DIR": str(WASM_PACKAGE)},
        timeout=timeout,
        check=True,
    )
    reports = [
        json.loads(line) for line in completed.stdout.splitlines() if line.strip()
    ]
    return {report["name"]: report for report in reports}
