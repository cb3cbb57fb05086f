"""The reader: every form of the spec's table, positions and read errors."""

from fractions import Fraction

import pytest

from runtime.values import Char, Keyword, Symbol, Vector
from semac.errors import ReadError
from semac.reader import MapLiteral, read_string, strip_source


def read_one(text):
    forms = read_string(text)
    assert len(forms) == 1
    return strip_source(forms[0])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("42", 42),
        ("-7", -7),
        ("#xFF", 255),
        ("#b101", 5),
        ("#o17", 15),
        ("1/3", Fraction(1, 3)),
        ("-2/4", Fraction(-1, 2)),
        ("4/2", 2),
        ("3.5", 3.5),
        ("1e-7", 1e-7),
        ("1.5e3", 1500.0),
        ('"a\\nb"', "a\nb"),
        ('"\\x41;\\u00e9"', "Aé"),
        ("#\\a", Char("a")),
        ("#\\space", Char(" ")),
        ("#\\newline", Char("\n")),
        ("#t", True),
        ("false", False),
        ("nil", None),
        (":name", Keyword("name")),
        (":a/b", Keyword("a/b")),
        ("set!", Symbol("set!")),
        ("string/upper", Symbol("string/upper")),
        ("a.b", Symbol("a.b")),
    ],
)
def test_reader_atoms(text, expected):
    value = read_one(text)
    assert value == expected
    assert type(value) is type(expected)


def test_reader_collections():
    assert read_one("(1 [2 3] {:a 1})") == [1, Vector([2, 3]), {Keyword("a"): 1}]
    assert isinstance(read_one("[1]"), Vector)
    assert read_one("'x") == [Symbol("quote"), Symbol("x")]
    assert read_one("`(a ,b ,@c)") == [
        Symbol("quasiquote"),
        [Symbol("a"), [Symbol("unquote"), Symbol("b")], [Symbol("unquote-splicing"), Symbol("c")]],
    ]


def test_reader_short_lambda():
    assert read_one("#(+ % %2)") == [
        Symbol("lambda"),
        [Symbol("%1"), Symbol("%2")],
        [Symbol("+"), Symbol("%1"), Symbol("%2")],
    ]


def test_reader_fstring():
    assert read_one('f"total: ${n}!"') == [Symbol("str"), "total: ", Symbol("n"), "!"]


def test_reader_comments():
    text = "#!/usr/bin/env semac\n; a comment\n(a #| block |# b) #;(skipped) c"
    assert [strip_source(f) for f in read_string(text)] == [[Symbol("a"), Symbol("b")], Symbol("c")]


def test_reader_positions():
    forms = read_string("(define x 1)\n  (foo\n   bar)")
    assert (forms[0].line, forms[0].column) == (1, 1)
    assert (forms[1].line, forms[1].column) == (2, 3)
    assert (forms[1][1].line, forms[1][1].column) == (3, 4)


@pytest.mark.parametrize(
    "text, line, column, words",
    [
        ("(define x\n  (+ 1 2)", 1, 1, "expected ')'"),
        ("(a))", 1, 4, "unexpected ')'"),
        ("{:a 1 :b}", 1, 1, "even number"),
        ('"abc', 1, 1, "unterminated string"),
        ("(a ]", 1, 4, "expected ')'"),
        ("'", 1, 2, "after a quote"),
    ],
)
def test_reader_errors(text, line, column, words):
    with pytest.raises(ReadError) as info:
        read_string(text, "prog.scm")
    error = info.value
    assert words in error.message
    assert (error.line, error.column) == (line, column)
    assert "prog.scm" in str(error)
    assert "^" in str(error)


def test_reader_keeps_unknown_escape():
    assert read_one('"a\\qb"') == "a\\qb"


def test_reader_quote_ends_symbol():
    assert read_one("('a'b)") == [[Symbol("quote"), Symbol("a")], [Symbol("quote"), Symbol("b")]]


def test_reader_fstring_with_nested_string():
    assert read_one('f"x ${(str "}" 1)} y"') == [Symbol("str"), "x ", [Symbol("str"), "}", 1], " y"]


def test_reader_deep_nesting():
    depth = 50_000
    (form,) = read_string("(" * depth + ")" * depth)
    for _ in range(depth - 1):
        (form,) = form
    assert form == []
