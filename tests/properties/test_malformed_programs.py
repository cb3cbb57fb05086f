"""``semac run`` on a malformed program prints one located error and no Python traceback.

Every case is a real file run by a real ``python -m semac run`` process.
The error must name the file, line and column, quote the source line with
a caret under the column, and exit with status 1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from reference_runs import ROOT

# name, source, expected line, expected column, words the message contains
CASES = [
    ("unclosed paren", "(define x 1)\n(println (+ x 1)\n", 2, 1, "expected ')'"),
    ("extra close paren", "(define x 1))\n", 1, 13, "unexpected ')'"),
    ("mismatched bracket", "(define v [1 2)\n", 1, 15, "expected ']'"),
    ("odd map literal", "(define m\n  {:a 1 :b})\n", 2, 3, "even number"),
    ("bad hex escape", '(println "abc\\x41")\n', 1, 14, "\\x escape"),
    ("bad unicode escape", '(println "abc\\u12")\n', 1, 14, "\\u escape"),
    ("unterminated string", '(println 1)\n(println "abc)\n', 2, 10, "unterminated string"),
    ("unknown character name", "(println 1)\n(println #\\bogus)\n", 2, 10, "unknown character"),
    ("define of a number", "(define 5 1)\n", 1, 1, "expected a symbol"),
    ("define of a string", '(println 0)\n  (define "x" 1)\n', 2, 3, "expected a symbol"),
    ("define function named by a number", "(define (5 x) x)\n", 1, 1, "expected a symbol"),
    ("let binding without value", "(define (f)\n  (let ((x 1) (y))\n    x))\n", 2, 15, "2 elements"),
    ("duplicate parameter", "(define g (lambda (x x) 1))\n", 1, 11, "duplicate parameter"),
    (
        "syntax-rules pattern never matches",
        "(define-syntax pair-up\n  (syntax-rules ()\n    ((_ a b) (list a b))))\n(println (pair-up 1))\n",
        4,
        10,
        "no syntax-rules pattern matches",
    ),
    (
        "macro body raises",
        '(defmacro boom (x)\n  (error "boom at expansion"))\n(define y 2)\n  (boom y)\n',
        4,
        3,
        "boom at expansion",
    ),
    (
        "macro body fails in a builtin",
        "(defmacro twice (x)\n  (car 5))\n(define (f)\n  (twice 1))\n",
        4,
        3,
        "error while expanding macro twice",
    ),
]


def run_file(path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("SEMA_HOME", str(ROOT / ".pytest_cache" / "sema-home"))
    return subprocess.run(
        [sys.executable, "-m", "semac", "run", str(path)], capture_output=True, text=True, env=env, timeout=60
    )


def check_located_error(result: subprocess.CompletedProcess, path, line: int, column: int) -> list[str]:
    """Assert the shape of a located error on stderr; return its lines."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.rstrip("\n").split("\n")
    assert lines[0].startswith(f"{path}:{line}:{column}: "), lines[0]
    source_line = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert lines[1].strip() == source_line.strip()
    caret = lines[2]
    assert re.fullmatch(r" *\^", caret), caret
    # The caret sits under the column, counted in the quoted source line.
    indent = len(lines[1]) - len(lines[1].lstrip(" ")) - (len(source_line) - len(source_line.lstrip(" ")))
    assert caret.index("^") == indent + column - 1
    return lines


@pytest.mark.parametrize(
    ("source", "line", "column", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_malformed_program_reports_location(tmp_path, source, line, column, words):
    path = tmp_path / "bad.scm"
    path.write_text(source, encoding="utf-8")
    result = run_file(path)
    lines = check_located_error(result, path, line, column)
    assert words in lines[0]
    assert result.stdout == ""


def test_bad_syntax_rules_template_reports_location(tmp_path):
    path = tmp_path / "bad.scm"
    path.write_text("(define-syntax m\n  (syntax-rules () ((_ a ...) (list a ... ...))))\n(m 1 2)\n", encoding="utf-8")
    result = run_file(path)
    check_located_error(result, path, 3, 1)


def test_program_output_before_runtime_error_is_kept(tmp_path):
    path = tmp_path / "late.scm"
    path.write_text('(println "first")\n(car 5)\n', encoding="utf-8")
    result = run_file(path)
    assert result.returncode == 1
    assert result.stdout == "first\n"
    assert "error" in result.stderr
