"""Compile speed and start-up costs.

* :func:`compile_speed` compiles one generated module of small definitions
  with semac and with Hy and returns the best time of each.
* :func:`runtime_import_ms` and :func:`semac_import_ms` time ``import`` in
  fresh interpreters, less the start-up time of a bare interpreter.
* :func:`cached_module_import` compares importing a module compiled from
  ``.scm`` with importing the Python that semac emits for it, both from
  their ``__pycache__`` bytecode.

Every subprocess runs ``sys.executable`` in the project directory, so it
imports the same semac and runtime as the benchmark itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

from implementations import PROJECT_DIR, hy, hy_compile

from semac.compiler import compile_to_code, to_python_source

# Each shape is a small top-level definition written once in Sema and once
# in Hy, with the same number of lines in both, so that the two generated
# modules have equal line counts. "{i}" is replaced by a running number.
SHAPES = [
    ("(define limit-{i} {i})", "(setv limit-{i} {i})"),
    (
        """\
(define (scale-{i} x)
  (+ (* x {i}) 1))""",
        """\
(defn scale-{i} [x]
  (+ (* x {i}) 1))""",
    ),
    (
        """\
(define (clamp-{i} x)
  (if (< x {i})
      {i}
      x))""",
        """\
(defn clamp-{i} [x]
  (if (< x {i})
      {i}
      x))""",
    ),
    (
        """\
(define (grade-{i} n)
  (cond ((< n 10) "low")
        ((< n {i}) "mid")
        (else "high")))""",
        """\
(defn grade-{i} [n]
  (cond (< n 10) "low"
        (< n {i}) "mid"
        True "high"))""",
    ),
    (
        """\
(define (distance-{i} x y)
  (let ((dx (- x {i}))
        (dy (- y {i})))
    (+ (* dx dx) (* dy dy))))""",
        """\
(defn distance-{i} [x y]
  (let [dx (- x {i})
        dy (- y {i})]
    (+ (* dx dx) (* dy dy))))""",
    ),
    (
        """\
(define (shift-all-{i} xs)
  (map (lambda (x) (+ x {i})) xs))""",
        """\
(defn shift-all-{i} [xs]
  (list (map (fn [x] (+ x {i})) xs)))""",
    ),
    (
        """\
(define (sum-below-{i} n)
  (let loop ((k 0) (acc 0))
    (if (= k n)
        acc
        (loop (+ k 1) (+ acc k)))))""",
        """\
(defn sum-below-{i} [n]
  (setv k 0 acc 0)
  (while (!= k n)
    (setv acc (+ acc k) k (+ k 1)))
  acc)""",
    ),
    (
        """\
(define config-{i}
  {{:name "item-{i}" :size {i}
   :tags ["a" "b"]}})""",
        """\
(setv config-{i}
  {{"name" "item-{i}" "size" {i}
   "tags" ["a" "b"]}})""",
    ),
    (
        """\
(define (greet-{i} name)
  (string-append "hello " name " number {i}"))""",
        """\
(defn greet-{i} [name]
  (+ "hello " name " number {i}"))""",
    ),
    (
        """\
(define counter-{i} 0)
(define (bump-{i} by)
  (when (> by 0)
    (set! counter-{i} (+ counter-{i} by)))
  counter-{i})""",
        """\
(setv counter-{i} 0)
(defn bump-{i} [by]
  (global counter-{i})
  (when (> by 0) (setv counter-{i} (+ counter-{i} by)))
  counter-{i})""",
    ),
]


def generate_modules(line_count: int) -> tuple[str, str]:
    """Return a Sema module and a Hy module of exactly ``line_count`` lines each."""
    sema_lines: list[str] = []
    hy_lines: list[str] = []
    i = 0
    while len(sema_lines) < line_count:
        sema, hy_text = SHAPES[i % len(SHAPES)]
        sema_part = sema.format(i=i).split("\n")
        hy_part = hy_text.format(i=i).split("\n")
        if len(sema_lines) + len(sema_part) > line_count:
            # Fill the rest with one-line definitions.
            sema_part = SHAPES[0][0].format(i=i).split("\n")
            hy_part = SHAPES[0][1].format(i=i).split("\n")
        sema_lines.extend(sema_part)
        hy_lines.extend(hy_part)
        i += 1
    return "\n".join(sema_lines) + "\n", "\n".join(hy_lines) + "\n"


def best_seconds(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return min(samples)


def compile_with_hy(source: str):
    module = types.ModuleType("generated")
    tree = hy_compile(
        hy.read_many(source, filename="<generated>"),
        module,
        filename="<generated>",
        source=source,
    )
    return compile(tree, "<generated>", "exec", dont_inherit=True)


def compile_speed(line_count: int, repeat: int) -> dict:
    """Compile a generated module to a code object with semac and with Hy.

    Returns ``{"lines", "semac_s", "hy_s"}`` with the best time of ``repeat``
    compilations each; ``hy_s`` is None when Hy is not installed.
    """
    sema_source, hy_source = generate_modules(line_count)
    semac_s = best_seconds(lambda: compile_to_code(sema_source, "<generated>"), repeat)
    hy_s = None
    if hy is not None:
        hy_s = best_seconds(lambda: compile_with_hy(hy_source), repeat)
    return {"lines": line_count, "semac_s": semac_s, "hy_s": hy_s}


# -- start-up ---------------------------------------------------------------


def run_python(code: str, *options: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter that reads and writes bytecode caches.

    PYTHONDONTWRITEBYTECODE is dropped because without caches every sample
    would compile the runtime from source, which users with a normal set-up
    never pay for after the first import.
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run(
        [sys.executable, *options, "-c", code],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=environment,
        check=True,
        timeout=60,
    )


def best_process_ms(code: str, repeat: int) -> float:
    """Return the best wall time in ms of ``repeat`` fresh interpreters running code.

    One untimed run comes first so that the bytecode caches exist.
    """
    run_python(code)
    return best_seconds(lambda: run_python(code), repeat) * 1000


def import_overhead_ms(statement: str, repeat: int) -> float:
    """Time ``statement`` in a fresh interpreter, less a bare interpreter's start-up."""
    bare = best_process_ms("pass", repeat)
    return best_process_ms(statement, repeat) - bare


def runtime_import_ms(repeat: int) -> float:
    """Time importing what every compiled module imports: the prelude and support."""
    return import_overhead_ms("import runtime.prelude, runtime.support", repeat)


def semac_import_ms(repeat: int) -> float:
    """Time ``import semac``, which loads the compiler and installs the import hook."""
    return import_overhead_ms("import semac", repeat)


IMPORTTIME_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def importtime_breakdown(statement: str, top: int = 5) -> dict:
    """Run ``statement`` under ``-X importtime`` and sum up the runtime's imports.

    Returns ``{"total_ms", "heaviest"}``: ``total_ms`` adds up the
    cumulative times of the top-level ``runtime`` modules, and ``heaviest``
    lists ``(module, cumulative_ms, imported_by)`` for the ``top`` modules
    outside ``runtime`` that runtime modules import directly, slowest first.
    """
    run_python(statement)
    stderr = run_python(statement, "-X", "importtime").stderr
    total_us = 0
    heaviest: list[tuple[str, float, str]] = []
    # -X importtime prints a module after everything it imports, one indent
    # step deeper, so the pending entries one level down are its children.
    pending: dict[int, list[tuple[str, int]]] = {}
    for line in stderr.splitlines():
        match = IMPORTTIME_LINE.match(line)
        if match is None:
            continue
        _, cumulative_us, indent, module = match.groups()
        depth = (len(indent) - 1) // 2
        children = pending.pop(depth + 1, [])
        if module.startswith("runtime"):
            heaviest.extend(
                (child, child_us / 1000, module)
                for child, child_us in children
                if not child.startswith("runtime")
            )
            if depth == 0:
                total_us += int(cumulative_us)
        pending.setdefault(depth, []).append((module, int(cumulative_us)))
    heaviest.sort(key=lambda item: item[1], reverse=True)
    return {"total_ms": total_us / 1000, "heaviest": heaviest[:top]}


TIMED_IMPORT = """
import sys, time
sys.path.insert(0, {directory!r})
{setup}
started = time.perf_counter()
import {module}
print(time.perf_counter() - started)
"""


def best_module_import_ms(
    directory: str, module: str, setup: str, repeat: int
) -> float:
    code = TIMED_IMPORT.format(directory=directory, setup=setup, module=module)
    samples = [float(run_python(code).stdout) for _ in range(repeat)]
    return min(samples) * 1000


def cached_module_import(line_count: int, repeat: int) -> dict:
    """Time importing a generated module from its bytecode cache, as .scm and as .py.

    The ``.py`` file contains the Python that semac emits for the ``.scm`` file,
    so both run the same code. Each sample is a fresh interpreter that has
    already imported semac and the runtime, and times the ``import``
    statement alone. Returns ``{"scm_ms", "py_ms", "recompiled"}``;
    ``recompiled`` is true when the ``.scm`` cache was rewritten during the
    timed imports, which would make the numbers meaningless.
    """
    sema_source, _ = generate_modules(line_count)
    setup = "import semac, runtime.prelude, runtime.support"
    with tempfile.TemporaryDirectory(prefix="semac-bench-") as directory:
        Path(directory, "generated_scm.scm").write_text(sema_source, encoding="utf-8")
        python_source = to_python_source(sema_source, "generated_scm.scm")
        Path(directory, "generated_py.py").write_text(python_source, encoding="utf-8")
        for module in ("generated_scm", "generated_py"):
            run_python(
                TIMED_IMPORT.format(directory=directory, setup=setup, module=module)
            )
        cache_stamps = cache_mtimes(directory)
        scm_ms = best_module_import_ms(directory, "generated_scm", setup, repeat)
        py_ms = best_module_import_ms(directory, "generated_py", setup, repeat)
        recompiled = cache_mtimes(directory) != cache_stamps
    return {
        "lines": line_count,
        "scm_ms": scm_ms,
        "py_ms": py_ms,
        "recompiled": recompiled,
    }


def cache_mtimes(directory: str) -> dict[str, int]:
    cache = Path(directory, "__pycache__")
    return {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}


__all__ = [
    "cached_module_import",
    "compile_speed",
    "generate_modules",
    "importtime_breakdown",
    "runtime_import_ms",
    "semac_import_ms",
]
