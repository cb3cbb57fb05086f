"""Plain regression tests for bugs that the property tests found.

A test marked ``xfail(strict=True)`` is a bug still open: it fails today,
and once the bug is fixed it passes, which strict mode reports as an
error so the mark gets removed. When removing one, also remove its entry
from ``KNOWN_BUGS`` in sema_programs.py or ``KNOWN_INTERNAL_ERRORS`` in
test_internal_errors.py, so the property covers that case again.

Expected values come from the reference interpreter, Sema 1.36.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import pytest

from reference_runs import ROOT
from semac.cli import evaluate_program
from semac.compiler import compile_to_code
from semac.errors import SemacError

FILENAME = "regression.scm"


def compile_error(source: str) -> SemacError:
    """Compile ``source``; return the SemacError it must raise."""
    with pytest.raises(SemacError) as info:
        compile_to_code(source, FILENAME)
    return info.value


def assert_located(error: SemacError) -> None:
    assert error.filename == FILENAME
    assert error.line is not None and error.line >= 1
    assert error.column is not None and error.column >= 1


# -- internal compiler errors: each must become a located CompileError ------

# Each source, and the internal error it raised before the fix.
INTERNAL_ERRORS = [
    ("(%runtime)", "IndexError from the %runtime form"),
    ("(%runtime 0)", "AttributeError from the %runtime form"),
    ("(let-values 5 0)", "TypeError: let-values bindings are not checked"),
    ("(let*-values x 0)", "TypeError: let*-values bindings are not checked"),
    ("(define-record-type p (make-p 1) p? (x))", "AttributeError: constructor arguments are not checked"),
    ("(define-record-type p make-p p? (x 1))", "AttributeError: accessor names are not checked"),
    ("(define-record-type p make-p p? (x a 1))", "AttributeError: modifier names are not checked"),
    ("(define {:keys a} 1)", "TypeError: :keys must be followed by a vector"),
    ("(import math :as 1)", "AttributeError: the :as alias is not checked"),
]


@pytest.mark.parametrize(("source", "cause"), INTERNAL_ERRORS, ids=[case[0] for case in INTERNAL_ERRORS])
def test_malformed_form_gives_compile_error(source, cause):
    assert_located(compile_error(source))


@pytest.mark.xfail(strict=True, reason="strip_source builds a Map with an unhashable key: InternalError")
def test_quoted_map_with_vector_key_compiles():
    compile_to_code("'{[1] 2}", FILENAME)


@pytest.mark.parametrize(
    "source",
    [
        "(define-syntax m (syntax-rules () ((_ a ...) (list a ... ...))))\n(m 1 2)",
        "(define-syntax m (syntax-rules () ((_ (a ...) ...) (list a ...))))\n(m (1) (2))",
    ],
)
def test_syntax_rules_template_error_is_located(source):
    assert_located(compile_error(source))


def test_macro_arity_error_names_macro():
    error = compile_error("(defmacro m (x) x)\n(m 1 2)")
    assert "semac_result" not in error.message
    assert "m" in error.message


def test_calling_a_number_gives_no_python_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile_to_code("(define (f) (1 2))", FILENAME)


# -- wrong results: expected values from the reference --------------------


def evaluated(source: str) -> dict:
    return evaluate_program(source)


@pytest.mark.xfail(strict=True, reason="Map is a dict, so keys 1, 1.0 and #t collapse into one")
def test_map_keeps_equal_numbers_and_booleans_apart():
    assert evaluated("{1 :a 1.0 :b #t :c}")["value"] == "{#t :c 1 :a 1.0 :b}"
    assert evaluated("(get {#t :x} 1)")["value"] is None
    assert evaluated("(= {1 :a} {1.0 :a})")["value"] == "#f"


@pytest.mark.xfail(strict=True, reason="lists, vectors and maps are unhashable, so they cannot be map keys")
def test_vector_as_map_key():
    assert evaluated("{[1] 2}") == {"value": "{[1] 2}", "output": [], "error": None}


@pytest.mark.xfail(strict=True, reason="converting an int beyond the float range raises OverflowError")
def test_huge_integer_in_float_arithmetic_gives_inf():
    assert evaluated("(* 1.0 (expt 10 400))")["value"] == "inf"
    assert evaluated("(exact->inexact (expt 10 400))")["value"] == "inf"


def test_internal_define_rebinding_let_variable():
    assert evaluated("(let ((x 1)) (define x 1/2) (+ x x))")["value"] == "1"
    assert evaluated("(let ((x 1)) (define x #t) (+ x 1))")["error"] is not None


def test_internal_define_rebinding_parameter():
    assert evaluated("(define (f n) (define n 1/2) (+ n n)) (f 3)")["value"] == "1"


def test_written_string_keeps_nul_character():
    assert evaluated('(println (list "a\\0b"))')["output"] == ['("a\x00b")']


def test_match_empty_list_pattern():
    assert evaluated("(match '() (() 'empty) (_ 1))")["value"] == "empty"


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        ("quotient", "quotient: division by zero"),
        ("remainder", "remainder: division by zero"),
        ("modulo", "modulo by zero"),
    ],
)
def test_integer_division_by_zero_message(operation, message):
    source = f"(let ((x 7)) (try ({operation} x 0) (catch e (:message e))))"
    assert evaluated(source)["value"] == f'"{message}"'


def test_tail_call_in_recursive_function_with_int_argument():
    source = "(define (g n) (if (<= n 0) (#(* % 2) 5) (- n (g (- n 1)))))\n(g 2)"
    assert evaluated(source) == {"value": "11", "output": [], "error": None}
    source = "(define (g n) (if (<= n 0) (k 5) (list n (g (- n 1)))))\n(define (k x) x)\n(g 2)"
    assert evaluated(source)["value"] == "(2 (1 5))"


def test_arguments_run_before_unbound_function_error():
    result = evaluated("(no-such-function (display 5))")
    assert result["error"] is not None
    assert result["output"] == ["5"]


@pytest.mark.xfail(strict=True, reason="a define in a do body makes a new binding per iteration; the reference shares one")
def test_define_in_do_body_is_shared_across_iterations():
    source = (
        "(let ((fs '()))"
        " (do ((i 0 (+ i 1))) ((= i 3)) (define j (* i 10)) (set! fs (cons (lambda () j) fs)))"
        " (map (lambda (f) (f)) fs))"
    )
    assert evaluated(source)["value"] == "(20 20 20)"


# -- the command line ----------------------------------------------------------


def test_stack_overflow_traceback_is_short(tmp_path):
    path = tmp_path / "deep.scm"
    path.write_text("(define (f n) (if (= n 0) 0 (+ 1 (f (- n 1)))))\n(f 1000000)\n", encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run(
        [sys.executable, "-m", "semac", "run", str(path)], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) < 100
