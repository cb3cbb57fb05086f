"""Tests for the math/, bit/ and char/ namespaces."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import EvalError, SemaTypeError
from runtime.registry import BUILTINS
from runtime.values import Char


def call(name, *args):
    return BUILTINS[name](*args)


@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("math/clamp", (5, 0, 3), 3),
        ("math/clamp", (1.5, 0, 3), 1.5),
        ("math/clamp", (1, 3, 0), 0),
        ("math/lerp", (0, 10, 0.5), 5.0),
        ("math/map-range", (5, 0, 10, 0, 100), 50.0),
        ("math/map-range", (5, 0, 0, 0, 100), math.inf),
        ("math/round-to", (3.14159, 2), 3.14),
        ("math/round-to", (2.5, 0), 3.0),
        ("math/round-to", (1.005, 2), 1.0),
        ("math/round-to", (12345, -2), 12300.0),
        ("math/format-fixed", (3.14159, 2), "3.14"),
        ("math/format-fixed", (2.5, 0), "2"),
        ("math/format-fixed", (2, 3), "2.000"),
        ("math/sign", (-5,), -1),
        ("math/sign", (2.5,), 1),
        ("math/sign", (-0.0,), 0),
        ("math/gcd", (12, 18, 8), 2),
        ("math/gcd", (), 0),
        ("math/lcm", (4, 6, 10), 60),
        ("math/lcm", (), 1),
        ("math/log10", (1000,), 3.0),
        ("math/log10", (0,), -math.inf),
        ("math/log2", (8,), 3.0),
        ("math/exp", (1000,), math.inf),
        ("math/atan2", (0, -1), math.pi),
        ("math/pow", (2, 10), 1024),
        ("math/pow", (2, -1), Fraction(1, 2)),
        ("math/pow", (2.0, 3), 8.0),
    ],
)
def test_math_functions(name, args, expected):
    result = call(name, *args)
    assert result == expected
    assert type(result) is type(expected)


def test_math_domain_errors_give_nan():
    assert math.isnan(call("math/acos", 2))
    assert math.isnan(call("math/log10", -1))


def test_math_predicates_accept_any_value():
    assert call("math/nan?", BUILTINS["math/nan"]) is True
    assert call("math/nan?", "a") is False
    assert call("math/infinite?", BUILTINS["math/infinity"]) is True
    assert call("math/infinite?", 1) is False


def test_math_type_errors():
    with pytest.raises(SemaTypeError, match="math/acos: expected number, got string"):
        call("math/acos", "x")
    with pytest.raises(SemaTypeError, match="expected integer, got float"):
        call("math/gcd", 1.5, 2)


def test_random_int_bounds():
    assert call("math/random-int", 5, 5) == 5
    assert 0 <= call("math/random") < 1
    with pytest.raises(EvalError, match=r"lo \(5\) must be <= hi \(4\)"):
        call("math/random-int", 5, 4)


def test_bit_operations():
    assert call("bit/and", 12, 10) == 8
    assert call("bit/or", 12, 10) == 14
    assert call("bit/xor", 12, 10) == 6
    assert call("bit/not", 5) == -6
    assert call("bit/shift-left", 1, 64) == 2**64
    assert call("bit/shift-right", -16, 2) == -4


def test_bit_rejects_negative_shift_and_floats():
    with pytest.raises(EvalError, match="non-negative"):
        call("bit/shift-left", 1, -1)
    with pytest.raises(SemaTypeError, match="expected int, got float"):
        call("bit/and", 1.5, 1)


def test_char_predicates_and_case():
    assert call("char/alphabetic?", Char("é")) is True
    assert call("char/numeric?", Char("٣")) is True
    assert call("char/whitespace?", Char("\t")) is True
    assert call("char/upcase", Char("ß")) == Char("S")
    assert call("char/to-integer", Char("😀")) == 128512
    assert call("char/to-string", Char("A")) == "A"
    assert call("char-ci=?", Char("a"), Char("A")) is True


def test_char_namespace_shares_scheme_functions():
    assert BUILTINS["char/upcase"] is BUILTINS["char-upcase"]


def test_char_errors():
    with pytest.raises(SemaTypeError, match="expected char, got string"):
        call("char/alphabetic?", "a")
    with pytest.raises(EvalError, match="invalid codepoint -1"):
        call("integer->char", -1)
