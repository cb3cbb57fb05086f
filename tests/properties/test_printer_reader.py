"""Reading the written form of a value gives back an equal value of the same type.

Equality here is strict about type: ``1``, ``1.0``, ``#t`` and ``1/1`` are
all different, a list never equals a vector, and ``-0.0`` differs from
``0.0``. Infinities and NaN are left out on purpose: the reference prints
them as ``inf`` and ``NaN``, which read back as symbols.
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from reference_runs import fuzz_examples
from runtime.printer import write_string
from runtime.values import Char, Keyword, Map, Symbol, Vector
from sema_programs import values
from semac.reader import read_string, strip_source

EXAMPLES = fuzz_examples(300)


def strictly_equal(left, right) -> bool:
    """Compare two values by type and content, recursively."""
    if type(left) is not type(right):
        return False
    if isinstance(left, float):
        return left == right and math.copysign(1.0, left) == math.copysign(1.0, right)
    if isinstance(left, dict):
        if set(left) != set(right):
            return False
        # Keys that are equal across types (1 and 1.0) would already differ
        # in set(); check each value strictly.
        return all(strictly_equal(left[key], right[key]) for key in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(strictly_equal(a, b) for a, b in zip(left, right))
    return left == right


def read_back(value):
    text = write_string(value)
    forms = read_string(text, "<printed>")
    assert len(forms) == 1, f"{text!r} reads as {len(forms)} forms"
    return strip_source(forms[0])


@settings(max_examples=EXAMPLES, deadline=None)
@given(values)
def test_written_value_reads_back(value):
    assert strictly_equal(read_back(value), value), write_string(value)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_reads_back_exactly(value):
    result = read_back(value)
    assert type(result) is float, write_string(value)
    assert strictly_equal(result, value), write_string(value)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text())
def test_string_reads_back(value):
    assert read_back(value) == value


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.characters())
def test_character_reads_back(char):
    assert read_back(Char(char)) == Char(char), write_string(Char(char))


def test_strict_equality_sees_types():
    assert not strictly_equal(1, 1.0)
    assert not strictly_equal(1, True)
    assert not strictly_equal(0.0, -0.0)
    assert not strictly_equal([1], Vector([1]))
    assert not strictly_equal(Map({1: 1}), Map({1: 1.0}))
    assert strictly_equal(Map({Keyword("a"): [Fraction(1, 2)]}), Map({Keyword("a"): [Fraction(1, 2)]}))


def test_boundary_values_read_back():
    cases = [
        0,
        -(2**64),
        Fraction(-1, 3),
        5e-324,
        1.7976931348623157e308,
        -0.0,
        1e21,
        1e-7,
        "",
        'quote " and \\ backslash',
        "\x00\x07\x1b\x7f",
        "line\r\nbreak\ttab",
        Char(" "),
        Char("\n"),
        Char("("),
        Char(";"),
        Char('"'),
        Char("\\"),
        Char("x"),
        Char("u"),
        Char("\x0b"),
        Symbol("set!"),
        Symbol("string/upper"),
        Keyword("a/b"),
        [],
        Vector(),
        Map(),
        [None, True, False],
        Map({1: "one", "s": Keyword("k"), Keyword("k"): Vector([Map()])}),
    ]
    for value in cases:
        assert strictly_equal(read_back(value), value), write_string(value)
