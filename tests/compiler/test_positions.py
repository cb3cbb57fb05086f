"""Generated Python carries .scm positions; tracebacks show .scm lines."""

import ast

from semac.compiler import compile_source
from tests.conftest import run_semac

PROGRAM = """; first line is a comment, so no statement may claim line 1
(define (f x)
  (list (g x)))

(define (g y)
  (car y))
(f 5)
"""


def test_statements_carry_source_lines():
    module = compile_source(PROGRAM, "prog.scm")
    header = (ast.Import, ast.ImportFrom)
    body = [
        node
        for node in module.body
        if not isinstance(node, header) and not (isinstance(node, ast.Assign) and node.targets[0].id.startswith("_semac"))
    ]
    lines = {node.lineno for node in body}
    assert 1 not in lines
    assert lines <= {2, 3, 5, 6, 7}
    definitions = {node.name: node.lineno for node in body if isinstance(node, ast.FunctionDef)}
    assert definitions == {"f": 2, "g": 5}


def test_every_call_has_its_form_line():
    module = compile_source(PROGRAM, "prog.scm")
    calls = [node for node in ast.walk(module) if isinstance(node, ast.Call)]
    assert calls
    lines = {node.func.id: node.lineno for node in calls if getattr(node.func, "id", "") in ("g", "car", "f")}
    assert lines == {"g": 3, "car": 6, "f": 7}


def test_traceback_points_into_scm(tmp_path):
    path = tmp_path / "prog.scm"
    path.write_text(PROGRAM)
    result = run_semac("run", str(path))
    assert result.returncode == 1
    assert f'File "{path}", line 6, in g' in result.stderr
    assert "(car y))" in result.stderr
    assert f'File "{path}", line 3, in f' in result.stderr
    assert "expected list or vector, got int" in result.stderr


def test_compile_error_shows_caret(tmp_path):
    path = tmp_path / "bad.scm"
    path.write_text("(define x 1)\n(let ((y)) y)\n")
    result = run_semac("run", str(path))
    assert result.returncode == 1
    assert f"{path}:2:" in result.stderr
    assert "each binding must have 2 elements" in result.stderr
    assert "^" in result.stderr
    assert "Traceback" not in result.stderr
