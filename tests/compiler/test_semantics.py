"""Compiled programs: scoping, closures, tail calls, evaluation order, macros."""

import pytest

from tests.conftest import evaluate


def value_of(source):
    result = evaluate(source)
    assert result["error"] is None, result
    return result["value"]


@pytest.mark.parametrize(
    "source, expected",
    [
        # Self tail calls, named let and mutual recursion in constant stack.
        ("(define (count n) (if (= n 0) 'done (count (- n 1)))) (count 1000000)", "done"),
        ("(let loop ((i 0) (acc 0)) (if (= i 1000000) acc (loop (+ i 1) (+ acc 1))))", "1000000"),
        (
            "(define (ev? n) (if (= n 0) #t (od? (- n 1))))"
            "(define (od? n) (if (= n 0) #f (ev? (- n 1))))"
            "(list (ev? 1000000) (od? 7))",
            "(#t #t)",
        ),
        ("(define (depth n) (if (= n 0) 0 (+ 1 (depth (- n 1))))) (depth 10000)", "10000"),
        # A tail call through a parameter, then through cond and and/or.
        ("(define (apply-n f n x) (if (= n 0) x (apply-n f (- n 1) (f x)))) (apply-n (fn (v) (+ v 2)) 100000 0)", "200000"),
        ("(define (walk n) (cond ((= n 0) 'end) (else (and #t (walk (- n 1)))))) (walk 200000)", "end"),
        # Closures: fresh bindings per iteration, set! from any depth.
        (
            # do updates one binding in place, as the reference does.
            "(define fs '()) (do ((i 0 (+ i 1))) ((= i 3)) (set! fs (cons (lambda () i) fs))) (map (fn (f) (f)) fs)",
            "(3 3 3)",
        ),
        (
            "(define (make) (let ((n 0)) (lambda () ((lambda () (set! n (+ n 1)))) n))) (define c (make)) (c) (c)",
            "2",
        ),
        ("(let loop ((i 0) (fs '())) (if (= i 3) (map (fn (f) (f)) fs) (loop (+ i 1) (cons (fn () i) fs))))", "(2 1 0)"),
        # Shadowing, including a builtin and a global read before a local of the same name.
        ("(define x 1) (define (f) (let ((y x)) (let ((x 2)) (list y x)))) (f)", "(1 2)"),
        ("(define (f list) (car list)) (f '(7 8))", "7"),
        ("(let ((x 1)) (let ((x (+ x 1))) (let ((x (* x 10))) x)))", "20"),
        # Evaluation order when a later argument needs statements.
        (
            "(define log '()) (define (note x) (set! log (cons x log)) x)"
            "(list (note 1) (let ((t (note 2))) (if t (note 3) 0)) (note 4) (reverse log))",
            "(1 3 4 (1 2 3 4))",
        ),
        ("(define x 1) (list x (begin (set! x 2) x) x)", "(1 2 2)"),
        # Names that are Python keywords or differ only by - and _.
        ("(define def 1) (define class 2) (define foo-bar 3) (define foo_bar 4) (list def class foo-bar foo_bar)", "(1 2 3 4)"),
        ("(define (ok? x) x) (define ok_q 5) (list (ok? 1) ok_q)", "(1 5)"),
        ("(define tmp__1 9) (define (f) (let ((a 1)) (+ a tmp__1))) (f)", "10"),
        # Macros: defmacro, syntax-rules hygiene, recursive syntax-rules.
        ("(defmacro twice (e) `(begin ,e ,e)) (define n 0) (twice (set! n (+ n 1))) n", "2"),
        (
            "(define-syntax swap! (syntax-rules () ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp)))))"
            "(define tmp 1) (define other 2) (swap! tmp other) (list tmp other)",
            "(2 1)",
        ),
        (
            "(define-syntax my-or (syntax-rules () ((_) #f) ((_ e) e) ((_ e r ...) (let ((t e)) (if t t (my-or r ...))))))"
            "(define t 5) (my-or #f t)",
            "5",
        ),
        ("(define (helper x) (* x 10)) (defmacro m (x) (helper x)) (m 4)", "40"),
    ],
)
def test_program_value(source, expected):
    assert value_of(source) == expected


def test_try_catch_binds_map():
    assert value_of("(try (throw 42) (catch e (list (:type e) (:message e) (:value e))))") == '(:user "42" 42)'
    assert value_of('(try (error "boom" 1) (catch e (list (:type e) (:message e))))') == '(:eval "boom")'
    assert value_of("(try (undefined-name) (catch e (:type e)))") == ":unbound"
    assert value_of("(try ((fn (x) x)) (catch e (:type e)))") == ":arity"
    assert value_of("(try (/ 1 0) (catch e (:message e)))") == '"division by zero"'


def test_uncaught_error_message():
    assert evaluate("(throw 42)")["error"] == "User exception: 42"
    assert evaluate("(foo)")["error"] == "Unbound variable: foo"


def test_compile_error_is_user_error():
    from semac.compiler import compile_source
    from semac.errors import CompileError, SemacError

    for source in ["(let ((x)) x)", "(lambda)", "(define)", "(if)", "(define-syntax m 5)", "(set! 5 1)"]:
        with pytest.raises(SemacError) as info:
            compile_source(source, "bad.scm")
        assert isinstance(info.value, CompileError), source
        assert info.value.line == 1


def test_deep_nesting_is_compile_error():
    from semac.compiler import compile_source
    from semac.errors import SemacError

    source = "(+ 1 " * 3000 + "1" + ")" * 3000
    try:
        compile_source(source)
    except SemacError as exc:
        assert "nested too deeply" in exc.message


def test_macroexpand_expands_once():
    source = "(defmacro m (x) `(+ ,x 1)) (list (macroexpand '(m 5)) (macroexpand '(foo 1)))"
    assert value_of(source) == "((+ 5 1) (foo 1))"
    swap = "(define-syntax sw (syntax-rules () ((_ a b) (list b a)))) (macroexpand '(sw 1 2))"
    assert value_of(swap) == "(list 2 1)"


def test_record_accessor_arity_message():
    source = "(define-record-type point (make-point x y) point? (x point-x) (y point-y)) (try (point-x) (catch e (:message e)))"
    assert value_of(source) == '"point-x expects 1 argument, got 0"'


def test_catch_without_handler_is_rejected():
    assert evaluate("(try (car 5) (catch e))")["error"].startswith("compile error: try:")


def test_llm_errors_use_sema_type_names():
    result = evaluate("(try (llm/complete nil) (catch e (:message e)))")
    assert result["value"] == '"a prompt must be a string, got nil"'


def test_arity_message_through_higher_order_calls():
    source = "(define (h a b) a) (define (g f) (f 1)) (list (try (map h '(1 2)) (catch e (:message e))) (try (g h) (catch e (:message e))))"
    assert value_of(source) == '("h expects 2 arguments, got 1" "h expects 2 arguments, got 1")'


def test_calling_a_constant_names_value_and_type():
    assert value_of('(list (try (5 1) (catch e (:message e))) (try ("s" 1) (catch e (:message e))))') == (
        '("not callable: 5 (int)" "not callable: \\"s\\" (string)")'
    )


def test_calling_a_variable_names_value_and_type():
    cases = [
        ("(define (f a b) (a b))", "(f 1 2)", "not callable: 1 (int)"),
        ("(define (f a b) (a (+ b 1) 3))", '(f "s" 2)', 'not callable: \\"s\\" (string)'),
        ("(define (f a b) ((car a) b))", "(f (list 7) 2)", "not callable: 7 (int)"),
        ("(define x 5) (define (f) (x 1))", "(f)", "not callable: 5 (int)"),
    ]
    for definitions, call, message in cases:
        program = f"{definitions} (try {call} (catch e (:message e)))"
        assert value_of(program) == f'"{message}"', definitions


def test_tail_calls_through_apply_use_constant_stack():
    source = (
        "(define (ev? n) (if (= n 0) #t (apply od? (list (- n 1)))))"
        "(define (od? n) (if (= n 0) #f (apply ev? (list (- n 1)))))"
        "(define (down n acc) (if (= n 0) acc (apply down (- n 1) (list (+ acc 1)))))"
        "(list (ev? 300000) (od? 300001) (down 200000 0))"
    )
    assert value_of(source) == "(#t #t 200000)"
