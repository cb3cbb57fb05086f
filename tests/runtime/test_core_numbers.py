"""Tests for the arithmetic, comparison and number conversion builtins.

Expected results are the reference interpreter's, in written form.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import ArityError, EvalError, SemaTypeError
from runtime.printer import write_string
from runtime.registry import BUILTINS

HALF = Fraction(1, 2)


def call(name, *args):
    return BUILTINS[name](*args)


@pytest.mark.parametrize(
    "name, args, written",
    [
        ("+", (), "0"),
        ("+", (1, 2, 3), "6"),
        ("+", (1, 2.5), "3.5"),
        ("+", (HALF, HALF), "1"),
        ("+", (HALF, 0.5), "1.0"),
        ("+", ("a", "b"), '"ab"'),
        ("-", (5,), "-5"),
        ("-", (5, 1, 1), "3"),
        ("-", (0.0,), "-0.0"),
        ("-", (HALF, HALF), "0"),
        ("*", (), "1"),
        ("*", (2, 1.5), "3.0"),
        ("*", (HALF, 2), "1"),
        ("/", (6, 2), "3"),
        ("/", (7, 2), "7/2"),
        ("/", (7, 2, 2), "7/4"),
        ("/", (1.0, 0), "inf"),
        ("/", (-1, 0.0), "-inf"),
        ("/", (0.0, 0), "NaN"),
        ("quotient", (-7, 2), "-3"),
        ("remainder", (-7, 2), "-1"),
        ("remainder", (7, -2), "1"),
        ("modulo", (-7, 2), "1"),
        ("modulo", (7, -2), "-1"),
        ("modulo", (-7.5, 2), "-1.5"),
        ("modulo", (7.0, 0), "NaN"),
        ("abs", (-HALF,), "1/2"),
        ("min", (1, 2.0), "1.0"),
        ("max", (3, 2.0), "3.0"),
        ("max", (HALF, Fraction(1, 3)), "1/2"),
        ("floor", (-2.5,), "-3.0"),
        ("floor", (Fraction(-7, 2),), "-4"),
        ("ceiling", (-0.5,), "-0.0"),
        ("round", (2.5,), "2.0"),
        ("round", (3.5,), "4.0"),
        ("round", (-0.5,), "-0.0"),
        ("round", (Fraction(7, 2),), "4"),
        ("round", (Fraction(5, 2),), "2"),
        ("truncate", (-2.7,), "-2.0"),
        ("sqrt", (16,), "4"),
        ("sqrt", (16.0,), "4.0"),
        ("sqrt", (Fraction(9, 4),), "3/2"),
        ("sqrt", (2,), "1.4142135623730951"),
        ("sqrt", (15241578750190521,), "123456789"),
        ("expt", (2, -1), "1/2"),
        ("expt", (2, 100), "1267650600228229401496703205376"),
        ("expt", (HALF, -2), "4"),
        ("expt", (4, HALF), "2.0"),
        ("expt", (-8, Fraction(1, 3)), "NaN"),
        ("expt", (0.0, -1), "inf"),
        ("log", (0,), "-inf"),
        ("log", (-1,), "NaN"),
        ("log", (10**400,), "inf"),
        ("exact->inexact", (Fraction(1, 8),), "0.125"),
        ("inexact->exact", (2.5,), "5/2"),
        ("inexact->exact", (0.1,), "3602879701896397/36028797018963968"),
        ("exact", (2.0,), "2"),
        ("int", (-2.7,), "-2"),
        ("int", ("42",), "42"),
        ("float", ("2.5",), "2.5"),
        ("gcd", (), "0"),
        ("gcd", (-12, 18), "6"),
        ("lcm", (-4, 6), "12"),
        ("numerator", (Fraction(6, 4),), "3"),
        ("denominator", (5,), "1"),
        ("rationalize", (Fraction(3, 10), Fraction(1, 10)), "1/3"),
        ("rationalize", (0.3, Fraction(1, 10)), "0.3333333333333333"),
        ("exact-integer-sqrt", (17,), "(4 1)"),
        ("number->string", (255, 16), '"ff"'),
        ("number->string", (-255, 2), '"-11111111"'),
        ("number->string", (1e21,), '"1000000000000000000000.0"'),
        ("number->string", (1e-7,), '"0.0000001"'),
    ],
)
def test_arithmetic_result(name, args, written):
    assert write_string(call(name, *args)) == written


def test_rational_with_denominator_one_becomes_int():
    result = call("+", Fraction(1, 3), Fraction(2, 3))
    assert type(result) is int
    assert result == 1


@pytest.mark.parametrize(
    "text, written",
    [
        ("42", "42"),
        ("-42", "-42"),
        (" 42 ", "42"),
        ("3.14", "3.14"),
        ("1e3", "1000.0"),
        ("1/2", "1/2"),
        ("6/4", "3/2"),
        ("#xff", "255"),
        ("#e1.5", "3/2"),
        ("-inf", "-inf"),
        ("abc", "#f"),
        ("", "#f"),
        ("+5", "#f"),
        (".5", "#f"),
        ("5.", "#f"),
        ("1/0", "#f"),
        ("1_000", "#f"),
    ],
)
def test_string_to_number(text, written):
    assert write_string(call("string->number", text)) == written


def test_string_to_number_radix():
    assert call("string->number", "ff", 16) == 255
    assert call("string->number", "101", 2) == 5


@pytest.mark.parametrize(
    "name, args, written",
    [
        ("<", (1, 2, 3), "#t"),
        ("<", (1, 3, 2), "#f"),
        ("<", (HALF, 0.6), "#t"),
        ("<", ("a", "b"), "#t"),
        ("<", (3, 2, "a"), "#f"),
        (">=", (3, 3, 1), "#t"),
        ("=", (1, 1.0), "#t"),
        ("=", (HALF, 0.5), "#t"),
        ("=", ("a", "a"), "#t"),
        ("=", ([1], [1.0]), "#f"),
        ("=", (True, 1), "#f"),
        ("=", (math.nan, math.nan), "#f"),
        ("=", (1, 2, "a"), "#f"),
    ],
)
def test_comparison(name, args, written):
    assert write_string(call(name, *args)) == written


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("integer?", 1.0, True),
        ("integer?", HALF, False),
        ("rational?", 1.5, False),
        ("rational?", HALF, True),
        ("number?", True, False),
        ("exact?", "a", False),
        ("inexact?", 1.0, True),
        ("exact-integer?", 5.0, False),
        ("zero?", -0.0, True),
        ("positive?", math.nan, False),
        ("even?", 0, True),
        ("odd?", -3, True),
    ],
)
def test_numeric_predicate(name, value, expected):
    assert call(name, value) is expected


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("+", ("a", 1), "expected number or string, got string and int"),
        ("+", (True, 1), "expected number or string, got bool and int"),
        ("+", ("a", "b", "c"), "expected number, got string"),
        ("-", ("a", "b"), "expected number, got string and string"),
        ("*", (2, "a"), "expected number, got int and string"),
        ("<", (1, "a"), "expected comparable values, got int and string"),
        (">", (1, None), "expected comparable values, got nil and int"),
        ("=", ("a", "a", "b"), "expected number, got string"),
        ("quotient", (7.0, 2), "expected integer, got float"),
        ("even?", (2.0,), "expected integer, got float"),
        ("zero?", (None,), "expected number, got nil"),
        ("numerator", (0.5,), "expected rational, got float"),
        ("number->string", (2.5, 2), "expected exact integer, got float"),
        ("string->number", (42,), "expected string, got int"),
        ("float", (True,), "expected number or string, got bool"),
    ],
)
def test_type_error_message(name, args, message):
    with pytest.raises(SemaTypeError) as raised:
        call(name, *args)
    assert raised.value.message == message


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("/", (1, 0), "division by zero"),
        ("/", (1, 0, 2), "/: division by zero"),
        ("/", (HALF, 0), "/: division by zero"),
        ("quotient", (7, 0), "quotient: division by zero"),
        ("modulo", (7, 0), "modulo by zero"),
        ("expt", (0, -1), "expt: 0 raised to a negative power"),
        ("max", (1, math.nan), "max: cannot order these numbers"),
        ("int", ("4.5",), "cannot convert '4.5' to int"),
        (
            "int",
            (1e30,),
            (
                "int: cannot convert 1000000000000000000000000000000 to an integer"
                " (not finite or out of i64 range)"
            ),
        ),
        ("string->float", ("x",), "cannot parse 'x' as float"),
        (
            "number->string",
            (255, 36),
            "number->string: unsupported radix 36 (expected 2, 8, 10, or 16)",
        ),
        (
            "exact-integer-sqrt",
            (-1,),
            "exact-integer-sqrt: argument must be non-negative",
        ),
    ],
)
def test_eval_error_message(name, args, message):
    with pytest.raises(EvalError) as raised:
        call(name, *args)
    assert raised.value.message == message


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("-", (), "- expects 1 or more arguments, got 0"),
        ("/", (2,), "/ expects 2 or more arguments, got 1"),
        ("min", (), "min expects 1 or more arguments, got 0"),
        ("<", (1,), "< expects 2 or more arguments, got 1"),
        ("=", (), "= expects 2 or more arguments, got 0"),
    ],
)
def test_variadic_arity_error(name, args, message):
    with pytest.raises(ArityError) as raised:
        call(name, *args)
    assert raised.value.message == message
    assert raised.value.fields["function"] == name


def test_fixed_arity_error_names_builtin():
    from runtime.errors import to_sema_error

    with pytest.raises(TypeError) as raised:
        call("round", 2.5, 1)
    error = to_sema_error(raised.value)
    assert error.message == "round expects 1 argument, got 2"


def test_alias_names_and_arity_names():
    assert write_string(BUILTINS["modulo"]) == "<native-fn modulo>"
    assert write_string(BUILTINS["mod"]) == "<native-fn mod>"
    assert BUILTINS["modulo"].__qualname__ == "mod"
    assert BUILTINS["expt"].__qualname__ == "pow"
