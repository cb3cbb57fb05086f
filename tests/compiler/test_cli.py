"""The semac command: run, compile, eval, eval --jsonl and the REPL."""

import ast
import json
import subprocess
import sys

from tests.conftest import ROOT, run_semac

PROGRAM = '(define (square x) (* x x))\n(println "squares:" (map square (list 1 2 3)))\n(define result (square 12))\n'


def test_run_prints_output(tmp_path):
    path = tmp_path / "prog.scm"
    path.write_text(PROGRAM)
    result = run_semac("run", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "squares: (1 4 9)\n"


def test_compile_writes_equivalent_python(tmp_path):
    path = tmp_path / "prog.scm"
    path.write_text(PROGRAM)
    result = run_semac("compile", str(path), "-o", str(tmp_path / "prog_py.py"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "prog_py.py").read_text()
    ast.parse(text)
    assert "def square(x):" in text
    ran = subprocess.run(
        [sys.executable, str(tmp_path / "prog_py.py")],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "squares: (1 4 9)\n"


def test_eval_prints_written_value():
    result = run_semac("eval", '(list 1 (/ 7 2) "s" {:b 1 :a 2})')
    assert result.returncode == 0, result.stderr
    assert result.stdout == '(1 7/2 "s" {:a 2 :b 1})\n'


def test_eval_jsonl_shape():
    lines = [
        {"src": '(println "hi") (+ 1 2)'},
        {"src": "(define x 1)"},
        {"src": "(car 5)"},
        {"src": "(define y 2) y", "name": "kept"},
        {"src": "y"},
    ]
    result = run_semac("eval", "--jsonl", input="".join(json.dumps(line) + "\n" for line in lines))
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["value"] for r in replies] == ["3", None, None, "2", None]
    assert replies[0]["output"] == ["hi"]
    assert replies[2]["error"] == "expected list or vector, got int"
    assert replies[3]["name"] == "kept"
    assert replies[4]["error"] == "Unbound variable: y"


def test_eval_jsonl_survives_bad_programs():
    lines = ['{"src": "(((("}', "not json", '{"src": "(let loop () (loop))"}', '{"src": "(+ 1 1)"}']
    result = run_semac("eval", "--jsonl", "--timeout", "2", input="\n".join(lines) + "\n")
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == 4
    assert replies[0]["error"].startswith("read error")
    assert replies[1]["error"].startswith("invalid request")
    assert replies[2]["error"] == "timed out"
    assert replies[3]["value"] == "2"


def test_eval_jsonl_reports_unprintable_value():
    nested = "(let loop ((i 0) (x (list))) (if (= i 100000) x (loop (+ i 1) (list x))))"
    lines = [json.dumps({"src": nested}), json.dumps({"src": "(+ 1 2)"})]
    result = run_semac("eval", "--jsonl", input="\n".join(lines) + "\n")
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0
    assert len(replies) == 2
    assert replies[0]["error"].startswith("cannot print the value")
    assert replies[1]["value"] == "3"


def test_repl_keeps_state_and_survives_errors():
    session = "(define (f x)\n  (* x 2))\n(f 21)\n(car 1)\n(f 1)\n"
    result = run_semac("repl", input=session)
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["42", "error: expected list or vector, got int", "2"]
