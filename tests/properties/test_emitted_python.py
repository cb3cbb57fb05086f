"""The Python that semac emits parses, runs on its own, and behaves like the .scm source.

For generated programs the .scm side is ``semac eval``'s evaluation (one
form at a time), and the Python side is the whole module written by
:func:`semac.compiler.to_python_source` and run with ``exec``. The two
paths compile differently (whole-module type inference and int
specialisation only happen in the second), so this also checks those
optimisations. For every ``examples/*.scm``, the emitted ``.py`` file runs
as a plain ``python`` process and prints what ``semac run`` prints.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from reference_runs import ROOT, fuzz_examples
from runtime.printer import pretty_string
from sema_programs import Program, programs
from semac.cli import evaluate_program
from semac.compiler import to_python_source
from semac.errors import CompileError

# Importing the runtime raises the recursion limit, which Hypothesis notes.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")

EXAMPLES = fuzz_examples(200)
RESULT_NAME = "semac-test-result"
EXAMPLE_FILES = sorted((ROOT / "examples").glob("*.scm"))


def run_emitted(text: str) -> dict:
    """Execute emitted Python in a fresh namespace; return value, output and error like eval --jsonl."""
    namespace = {"__name__": "__main__"}
    captured = io.StringIO()
    error = None
    with contextlib.redirect_stdout(captured):
        try:
            exec(compile(text, "<emitted>", "exec"), namespace)
        except Exception as exc:  # the program's own run-time error
            error = f"{type(exc).__name__}: {exc}"
    value = namespace.get(RESULT_NAME.replace("-", "_"))
    written = pretty_string(value) if error is None and value is not None else None
    return {"value": written, "output": captured.getvalue().rstrip("\n"), "error": error}


def emitted_source(program: Program) -> str:
    with_result = Program(program.forms, f"(define {RESULT_NAME} {program.result})")
    return to_python_source(with_result.source(), "generated.scm")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(programs())
def test_emitted_python_matches_evaluation(program):
    evaluated = evaluate_program(program.source())
    text = emitted_source(program)
    ast.parse(text)
    emitted = run_emitted(text)
    assert (emitted["error"] is None) == (evaluated["error"] is None), (emitted["error"], evaluated["error"])
    assert emitted["output"] == "\n".join(evaluated["output"]).rstrip("\n")
    if evaluated["error"] is None:
        assert emitted["value"] == evaluated["value"]


def run_python(path: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("SEMA_HOME", str(ROOT / ".pytest_cache" / "sema-home"))
    return subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def run_semac(path: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("SEMA_HOME", str(ROOT / ".pytest_cache" / "sema-home"))
    return subprocess.run(
        [sys.executable, "-m", "semac", "run", str(path)], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=[path.name for path in EXAMPLE_FILES])
def test_example_runs_as_plain_python(example, tmp_path):
    text = to_python_source(example.read_text(encoding="utf-8"), str(example))
    ast.parse(text)
    emitted = tmp_path / (example.stem + ".py")
    emitted.write_text(text, encoding="utf-8")

    expected = run_semac(example, example.parent)
    actual = run_python(emitted, example.parent)

    assert expected.returncode == 0, expected.stderr
    assert actual.returncode == 0, actual.stderr
    assert actual.stdout == expected.stdout


@pytest.mark.parametrize(
    "source",
    [
        ("(define (f x) " + "(+ x " * 300 + "1" + ")" * 300 + ")", "(f 2)", "601"),
        ("(define (f x) " + "(list x " * 300 + "1" + ")" * 300 + ")", "(length (f 2))", "2"),
        ("", "(list " * 250 + "(if #t 1 2)" + ")" * 250, "(" * 250 + "1" + ")" * 250),
        ("(define (f x) " + "(let ((y (+ x 1))) " * 250 + "y" + ")" * 250 + ")", "(f 2)", "3"),
        ("(define (f x) " + "(+ 1 " * 150 + "(car x)" + ")" * 150 + ")", "(f (list 1))", "151"),
    ],
    ids=["arithmetic", "calls", "conditional", "lets", "guarded"],
)
def test_deep_nesting_emits_parsable_python(source):
    forms, result, expected = source
    text = to_python_source(f"{forms} (define {RESULT_NAME} {result})", "<deep>")
    ast.parse(text)
    emitted = run_emitted(text)
    assert emitted["error"] is None
    assert emitted["value"] == expected


def test_deep_statements_raise_clear_error():
    # Nested ifs become nested if statements, and Python reads at most 100 levels of indentation.
    source = "(define x " + "(if #t " * 250 + "1" + " 2)" * 250 + ")"
    with pytest.raises(CompileError, match="semac run"):
        to_python_source(source, "<deep>")
