"""Arithmetic, numeric comparison and number conversion builtins.

Numbers are Python ``int``, ``float`` and ``Fraction``; a rational whose
denominator becomes 1 is returned as an ``int``. Booleans are not numbers,
although Python lets ``True + 1`` through, so every operation tests exact
types. The common case (two ints or floats) is tested first and everything
else, including errors, goes through a slower helper.

Floats follow IEEE 754 as the reference does: ``(/ 1.0 0)`` is ``inf`` and
``(/ 0.0 0)`` is NaN, where Python would raise ``ZeroDivisionError``.
"""

from __future__ import annotations

import math
import operator
from decimal import Decimal
from fractions import Fraction

from ..errors import EvalError, SemaTypeError, type_name
from ..printer import write_string
from ..registry import BUILTINS
from .args import (
    NUMBER_TYPES,
    arity_error,
    check_integer,
    check_number,
    is_nan,
    normalize,
    pair_type_error,
    register,
    type_error,
)
from .equality import equal

# -- arithmetic ------------------------------------------------------------


# The arithmetic and comparison builtins take two optional parameters and a
# rest tuple instead of ``*args`` alone, so that CPython builds no argument
# tuple for the common two-argument call.
_ABSENT = object()


def _arguments(left, right, rest: tuple) -> tuple:
    """Rebuild the full argument tuple of a call to one of the functions below."""
    if left is _ABSENT:
        return ()
    if right is _ABSENT:
        return (left,)
    return (left, right, *rest)


@register("+")
def add(left=_ABSENT, right=_ABSENT, *rest):
    """Add numbers. As in the reference, exactly two strings are concatenated."""
    if not rest:
        left_type = type(left)
        right_type = type(right)
        if (left_type is int or left_type is float) and (
            right_type is int or right_type is float
        ):
            return left + right
        if right is not _ABSENT:
            return _add_pair(left, right)
    args = _arguments(left, right, rest)
    if not args:
        return 0
    total = check_number(args[0])
    for value in args[1:]:
        total += check_number(value)
    return normalize(total)


def _add_pair(left, right):
    if type(left) in NUMBER_TYPES and type(right) in NUMBER_TYPES:
        return normalize(left + right)
    if type(left) is str and type(right) is str:
        return left + right
    raise pair_type_error("number or string", left, right)


@register("-")
def subtract(left=_ABSENT, right=_ABSENT, *rest):
    if not rest:
        left_type = type(left)
        right_type = type(right)
        if (left_type is int or left_type is float) and (
            right_type is int or right_type is float
        ):
            return left - right
        if right is not _ABSENT:
            _check_pair(left, right)
            return normalize(left - right)
    args = _arguments(left, right, rest)
    if len(args) == 1:
        return -check_number(args[0])
    if not args:
        raise arity_error("-", "1 or more", 0)
    total = check_number(args[0])
    for value in args[1:]:
        total -= check_number(value)
    return normalize(total)


@register("*")
def multiply(left=_ABSENT, right=_ABSENT, *rest):
    if not rest:
        left_type = type(left)
        right_type = type(right)
        if (left_type is int or left_type is float) and (
            right_type is int or right_type is float
        ):
            return left * right
        if right is not _ABSENT:
            _check_pair(left, right)
            return normalize(left * right)
    args = _arguments(left, right, rest)
    if not args:
        return 1
    total = check_number(args[0])
    for value in args[1:]:
        total *= check_number(value)
    return normalize(total)


@register("/")
def divide(left=_ABSENT, right=_ABSENT, *rest):
    """Divide. Two ints give an int when the division is exact, else a rational."""
    if right is _ABSENT:
        raise arity_error("/", "2 or more", 0 if left is _ABSENT else 1)
    if not rest:
        _check_pair(left, right)
        return _divide(left, right, "division by zero")
    result = check_number(left)
    for value in (right, *rest):
        result = _divide(result, check_number(value), "/: division by zero")
    return result


def _check_pair(left, right) -> None:
    if type(left) not in NUMBER_TYPES or type(right) not in NUMBER_TYPES:
        raise pair_type_error("number", left, right)


def _divide(left, right, zero_message: str):
    if type(left) is float or type(right) is float:
        return float_divide(float(left), float(right))
    if type(left) is int and type(right) is int:
        if right == 0:
            raise EvalError(zero_message)
        if left % right == 0:
            return left // right
        return Fraction(left, right)
    if right == 0:
        raise EvalError("/: division by zero")
    return normalize(Fraction(left) / right)


def float_divide(left: float, right: float) -> float:
    """Divide as IEEE 754 does: ``x/0`` is an infinity and ``0/0`` is NaN."""
    if right == 0:
        if left == 0 or math.isnan(left):
            return math.nan
        negative = (left < 0) != (math.copysign(1.0, right) < 0)
        return -math.inf if negative else math.inf
    return left / right


# -- integer division ------------------------------------------------------


def _check_integers(left, right) -> None:
    check_integer(left)
    check_integer(right)


@register("quotient")
def quotient(left, right):
    """Divide two integers, truncating toward zero."""
    _check_integers(left, right)
    if right == 0:
        raise EvalError("quotient: division by zero")
    result = left // right
    if result < 0 and result * right != left:
        result += 1
    return result


@register("remainder")
def remainder(left, right):
    """Return the remainder of truncating division, which has the sign of ``left``."""
    _check_integers(left, right)
    if right == 0:
        raise EvalError("remainder: division by zero")
    return left - right * quotient(left, right)


@register("mod", "modulo")
def modulo(left, right):
    """Return the remainder of floor division for integers.

    A float argument switches to the reference's float remainder, which
    truncates: ``(modulo -7.5 2)`` is ``-1.5``.
    """
    if type(left) is float or type(right) is float:
        for value in (left, right):
            if type(value) is float:
                continue
            if type(value) is not int:
                raise type_error("integer", left if type(left) is float else value)
            if not -(2**63) <= value < 2**63:
                # A big integer does not mix with floats here in the reference.
                raise type_error("integer", left if type(left) is float else right)
        if right == 0:
            return math.nan
        return math.fmod(left, right)
    _check_integers(left, right)
    if right == 0:
        raise EvalError("modulo by zero")
    return left % right


# -- magnitude, rounding ---------------------------------------------------


@register("abs")
def absolute(value):
    return abs(check_number(value))


def _extreme(name: str, args: tuple, pick_first):
    if not args:
        raise arity_error(name, "1 or more", 0)
    best = check_number(args[0])
    has_float = type(best) is float
    for value in args[1:]:
        check_number(value)
        if type(value) is float:
            has_float = True
        if is_nan(value) or is_nan(best):
            raise EvalError(f"{name}: cannot order these numbers")
        if not pick_first(best, value):
            best = value
    if is_nan(best):
        raise EvalError(f"{name}: cannot order these numbers")
    return float(best) if has_float else best


@register("min")
def minimum(*args):
    """Return the smallest argument, as a float when any argument is a float."""
    return _extreme("min", args, lambda best, value: best <= value)


@register("max")
def maximum(*args):
    """Return the largest argument, as a float when any argument is a float."""
    return _extreme("max", args, lambda best, value: best >= value)


def _round_with(value, to_int):
    """Apply ``to_int`` to a number. A float gives a float with the same sign."""
    kind = type(value)
    if kind is int:
        return value
    if kind is float:
        if not math.isfinite(value):
            return value
        return math.copysign(float(to_int(value)), value)
    if kind is Fraction:
        return to_int(value)
    raise type_error("number", value)


@register("floor")
def floor(value):
    return _round_with(value, math.floor)


@register("ceil", "ceiling")
def ceiling(value):
    return _round_with(value, math.ceil)


@register("round")
def round_(value):
    """Round to the nearest integer, ties to even: ``(round 2.5)`` is ``2.0``."""
    return _round_with(value, round)


@register("truncate")
def truncate(value):
    return _round_with(value, math.trunc)


# -- powers, roots, logarithms ---------------------------------------------


def _exact_sqrt(value: int) -> int | None:
    root = math.isqrt(value)
    return root if root * root == value else None


@register("sqrt")
def sqrt(value):
    """Return the square root, exact when ``value`` is an exact perfect square.

    NOTE: the reference returns a complex number for a negative argument
    (``(sqrt -4)`` is ``0+2i``); semac has no complex numbers and returns
    NaN instead.
    """
    kind = type(value)
    if kind is int and value >= 0:
        root = _exact_sqrt(value)
        if root is not None:
            return root
    elif kind is Fraction and value > 0:
        top = _exact_sqrt(value.numerator)
        bottom = _exact_sqrt(value.denominator)
        if top is not None and bottom is not None:
            return Fraction(top, bottom)
    check_number(value)
    if value < 0:
        return math.nan
    try:
        return math.sqrt(value)
    except OverflowError:
        return float(math.isqrt(int(value)))


@register("pow", "expt")
def expt(base, exponent):
    """Raise ``base`` to ``exponent``, exactly for an exact base and an int exponent."""
    check_number(base)
    check_number(exponent)
    if type(exponent) is int and type(base) is not float:
        if exponent >= 0:
            return normalize(base**exponent)
        if base == 0:
            raise EvalError("expt: 0 raised to a negative power")
        return normalize(Fraction(1) / Fraction(base) ** -exponent)
    return float_power(float(base), float(exponent))


def float_power(base: float, exponent: float) -> float:
    """Raise as IEEE 754 ``pow`` does, returning inf or NaN where Python raises."""
    try:
        return math.pow(base, exponent)
    except OverflowError:
        if base < 0 and exponent.is_integer() and exponent % 2 == 1:
            return -math.inf
        return math.inf
    except ValueError:
        if base == 0:
            return math.inf
        return math.nan


@register("log")
def log(value):
    """Return the natural logarithm: ``(log 0)`` is ``-inf``, a negative gives NaN."""
    check_number(value)
    if value == 0:
        return -math.inf
    if value < 0 or is_nan(value):
        return math.nan
    try:
        return math.log(float(value))
    except OverflowError:
        # The reference converts to a float first, so a huge int gives inf.
        return math.inf


@register("sin")
def sin(value):
    return math.sin(check_number(value))


@register("cos")
def cos(value):
    return math.cos(check_number(value))


@register("exact-integer-sqrt")
def exact_integer_sqrt(value):
    """Return ``(s r)`` where ``s`` is the integer square root and ``r`` the rest."""
    if type(value) is not int:
        raise type_error("exact integer", value)
    if value < 0:
        raise EvalError("exact-integer-sqrt: argument must be non-negative")
    root = math.isqrt(value)
    return [root, value - root * root]


@register("real-part")
def real_part(value):
    """Return ``value``: semac's numbers are all real (see :func:`sqrt`)."""
    return check_number(value)


@register("imag-part")
def imag_part(value):
    check_number(value)
    return 0


@register("magnitude")
def magnitude(value):
    return abs(check_number(value))


@register("angle")
def angle(value):
    """Return the argument of a real number: pi when negative, else 0.0."""
    check_number(value)
    return math.pi if value < 0 else 0.0


BUILTINS["e"] = math.e
BUILTINS["pi"] = math.pi

# -- exactness and conversion ----------------------------------------------


@register("inexact", "exact->inexact")
def exact_to_inexact(value):
    return float(check_number(value))


@register("exact", "inexact->exact")
def inexact_to_exact(value):
    """Return the exact value of a float; infinities and NaN come back unchanged."""
    check_number(value)
    if type(value) is float:
        if not math.isfinite(value):
            return value
        return normalize(Fraction(value))
    return value


@register("float")
def to_float(value):
    """Convert a number or a numeric string to a float."""
    kind = type(value)
    if kind in NUMBER_TYPES:
        return float(value)
    if kind is str:
        try:
            return float(_strict_number_text(value))
        except ValueError:
            raise EvalError(f"cannot convert '{value}' to float") from None
    raise type_error("number or string", value)


#: Bound on the magnitude of a float that ``int`` accepts: the reference converts
#: to a 64-bit integer.
_I64_LIMIT = 2**63


@register("int")
def to_int(value):
    """Convert a number (truncating toward zero) or an integer string to an int."""
    kind = type(value)
    if kind is int:
        return value
    if kind is float:
        if math.isnan(value) or abs(value) >= _I64_LIMIT:
            raise EvalError(
                f"int: cannot convert {_shortest_digits(value)} to an integer"
                " (not finite or out of i64 range)"
            )
        return int(value)
    if kind is Fraction:
        return math.trunc(value)
    if kind is str:
        try:
            return int(_strict_number_text(value))
        except ValueError:
            raise EvalError(f"cannot convert '{value}' to int") from None
    raise type_error("number or string", value)


def _shortest_digits(value: float) -> str:
    """Write a float with its shortest round-trip digits and no exponent or ``.0``.

    This is how the reference words floats inside some messages, unlike
    the printer, which writes every digit of a large float.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return format(Decimal(repr(value)), "f")


def _strict_number_text(text: str) -> str:
    """Return ``text`` for Python's parser, rejecting what the reference rejects.

    The reference does not trim whitespace or accept ``_`` separators,
    which Python's ``int()`` and ``float()`` do.
    """
    if not text or text != text.strip() or "_" in text:
        raise ValueError(text)
    return text


@register("gcd")
def gcd(*args):
    for value in args:
        check_integer(value)
    return math.gcd(*args)


@register("lcm")
def lcm(*args):
    for value in args:
        check_integer(value)
    return abs(math.lcm(*args)) if args else 1


@register("numerator")
def numerator(value):
    if type(value) is int:
        return value
    if type(value) is Fraction:
        return value.numerator
    raise type_error("rational", value)


@register("denominator")
def denominator(value):
    if type(value) is int:
        return 1
    if type(value) is Fraction:
        return value.denominator
    raise type_error("rational", value)


@register("rationalize")
def rationalize(value, tolerance):
    """Return the simplest rational within ``tolerance`` of ``value``.

    The result is a float when either argument is a float, as in R7RS.
    """
    for argument in (value, tolerance):
        if type(argument) not in NUMBER_TYPES:
            raise type_error("real", argument)
    inexact = type(value) is float or type(tolerance) is float
    if inexact and not (math.isfinite(value) and math.isfinite(tolerance)):
        return float(value) if math.isfinite(tolerance) else 0.0
    exact_value = Fraction(value)
    exact_tolerance = abs(Fraction(tolerance))
    result = _simplest_between(
        exact_value - exact_tolerance, exact_value + exact_tolerance
    )
    return float(result) if inexact else normalize(result)


def _simplest_between(low: Fraction, high: Fraction) -> Fraction:
    """Return the rational with the smallest denominator in ``[low, high]``."""
    if low > 0:
        return _simplest_positive(low, high)
    if high < 0:
        return -_simplest_positive(-high, -low)
    return Fraction(0)


def _simplest_positive(low: Fraction, high: Fraction) -> Fraction:
    whole = math.floor(low)
    if whole == low:
        return Fraction(whole)
    if whole < math.floor(high):
        return Fraction(whole + 1)
    rest = _simplest_positive(1 / (high - whole), 1 / (low - whole))
    return whole + 1 / rest


# -- number <-> string -----------------------------------------------------

_RADIXES = (2, 8, 10, 16)
_DIGITS = "0123456789abcdef"


def _check_radix(name: str, radix) -> int:
    check_integer(radix)
    if radix not in _RADIXES:
        raise EvalError(f"{name}: unsupported radix {radix} (expected 2, 8, 10, or 16)")
    return radix


@register("number->string")
def number_to_string(value, radix=10):
    """Return the written form of a number, or an integer's digits in ``radix``."""
    if type(value) is int and radix == 10 and type(radix) is int:
        return str(value)
    check_number(value)
    if radix == 10 and type(radix) is int:
        return write_string(value)
    if type(value) is not int:
        raise type_error("exact integer", value)
    _check_radix("number->string", radix)
    digits = []
    magnitude = abs(value)
    while True:
        magnitude, digit = divmod(magnitude, radix)
        digits.append(_DIGITS[digit])
        if magnitude == 0:
            break
    sign = "-" if value < 0 else ""
    return sign + "".join(reversed(digits))


_PREFIX_RADIX = {"#x": 16, "#b": 2, "#o": 8, "#d": 10}


@register("string->number")
def string_to_number(text, radix=10):
    """Parse a number, returning ``#f`` when ``text`` is not one.

    Accepted: integers with an optional ``-``, rationals ``n/d``, decimals
    with digits on both sides of the point and an optional exponent, ``inf``
    and ``nan`` with a sign, and the prefixes ``#x #b #o #d #e``.
    Surrounding whitespace is ignored.
    """
    if type(text) is not str:
        raise type_error("string", text)
    if radix != 10 or type(radix) is not int:
        radix = _check_radix("string->number", radix)
    body = text.strip()
    exact = False
    if body[:2].lower() == "#e":
        exact = True
        body = body[2:]
    prefix = body[:2].lower()
    if prefix in _PREFIX_RADIX:
        radix = _PREFIX_RADIX[prefix]
        body = body[2:]
    result = _parse_number(body, radix)
    if result is None:
        return False
    if exact and type(result) is float and math.isfinite(result):
        return normalize(Fraction(result))
    return result


def _parse_number(body: str, radix: int):
    if not body or "_" in body or body[0] == "+" and body[1:2].isdigit():
        return None
    if radix != 10:
        return _parse_integer(body, radix)
    integer = _parse_integer(body, 10)
    if integer is not None:
        return integer
    if "/" in body:
        return _parse_rational(body)
    return _parse_decimal(body)


def _parse_integer(body: str, radix: int):
    digits = body[1:] if body[0] == "-" else body
    if not digits or not all(char.lower() in _DIGITS[:radix] for char in digits):
        return None
    return int(body, radix)


def _parse_rational(body: str):
    top, _, bottom = body.partition("/")
    numerator_value = _parse_integer(top, 10) if top else None
    if (
        numerator_value is None
        or not bottom
        or not bottom.isascii()
        or not bottom.isdigit()
    ):
        return None
    denominator_value = int(bottom)
    if denominator_value == 0:
        return None
    return normalize(Fraction(numerator_value, denominator_value))


def _parse_decimal(body: str):
    lowered = body.lower()
    unsigned = lowered.lstrip("+-")
    if unsigned in ("inf", "nan") and len(lowered) - len(unsigned) <= 1:
        return float(lowered)
    mantissa, _, exponent = unsigned.partition("e")
    whole, point, fraction = mantissa.partition(".")
    if not (whole.isdigit() and whole.isascii()):
        return None
    if point and not (fraction.isdigit() and fraction.isascii()):
        return None
    if "e" in unsigned:
        sign_free = exponent.lstrip("+-")
        if not sign_free.isdigit() or len(exponent) - len(sign_free) > 1:
            return None
    elif not point:
        return None
    if lowered[0] == "+":
        return None
    return float(lowered)


@register("string->float")
def string_to_float(text):
    """Parse a float; an int or float argument is converted instead."""
    if type(text) is int or type(text) is float:
        return float(text)
    if type(text) is not str:
        raise type_error("string or number", text)
    try:
        return float(_strict_number_text(text))
    except ValueError:
        raise EvalError(f"cannot parse '{text}' as float") from None


# -- numeric predicates ----------------------------------------------------


@register("number?")
def is_number(value) -> bool:
    return type(value) in NUMBER_TYPES


@register("complex?")
def is_complex(value) -> bool:
    return type(value) in NUMBER_TYPES


@register("integer?")
def is_integer(value) -> bool:
    """Return #t for an int and for a float with no fractional part."""
    kind = type(value)
    if kind is int:
        return True
    if kind is float:
        return value.is_integer()
    return False


@register("rational?")
def is_rational(value) -> bool:
    """Return #t for exact numbers. Unlike R7RS, the reference returns #f for floats."""
    kind = type(value)
    return kind is int or kind is Fraction


@register("real?")
def is_real(value) -> bool:
    return type(value) in NUMBER_TYPES


@register("exact?")
def is_exact(value) -> bool:
    kind = type(value)
    return kind is int or kind is Fraction


@register("inexact?")
def is_inexact(value) -> bool:
    return type(value) is float


@register("float?")
def is_float(value) -> bool:
    return type(value) is float


@register("exact-integer?")
def is_exact_integer(value) -> bool:
    return type(value) is int


@register("zero?")
def is_zero(value) -> bool:
    return check_number(value) == 0


@register("positive?")
def is_positive(value) -> bool:
    return check_number(value) > 0


@register("negative?")
def is_negative(value) -> bool:
    return check_number(value) < 0


@register("even?")
def is_even(value) -> bool:
    return check_integer(value) % 2 == 0


@register("odd?")
def is_odd(value) -> bool:
    return check_integer(value) % 2 == 1


# -- comparison ------------------------------------------------------------


def _comparable_pair(left, right) -> None:
    """Check two arguments of ``<`` and friends: two numbers or two strings."""
    left_type = type(left)
    right_type = type(right)
    if left_type in NUMBER_TYPES and right_type in NUMBER_TYPES:
        return
    if left_type is str and right_type is str:
        return
    message = (
        f"expected comparable values, got {type_name(left)} and {type_name(right)}"
    )
    raise SemaTypeError("comparable values", left, message=message)


def _compare_chain(name: str, args: tuple, compare, swapped: bool = False) -> bool:
    """Compare the arguments of ``<`` and friends pairwise.

    Two arguments may be two numbers or two strings. Three or more must all
    be numbers, checked as the comparison goes, so ``(< 3 2 "a")`` is
    ``#f`` before the string is reached. ``swapped`` names the two types in
    reverse order in the error, as the reference does for ``>`` and ``<=``.
    """
    if len(args) < 2:
        raise arity_error(name, "2 or more", len(args))
    if len(args) == 2:
        left, right = args
        if swapped:
            _comparable_pair(right, left)
        else:
            _comparable_pair(left, right)
        return compare(left, right)
    previous = check_number(args[0])
    for value in args[1:]:
        check_number(value)
        if not compare(previous, value):
            return False
        previous = value
    return True


@register("<")
def less(left=_ABSENT, right=_ABSENT, *rest) -> bool:
    """Compare numbers (any count) or two strings."""
    if not rest:
        left_type = type(left)
        right_type = type(right)
        if (left_type is int or left_type is float) and (
            right_type is int or right_type is float
        ):
            return left < right
    return _compare_chain("<", _arguments(left, right, rest), operator.lt)


@register(">")
def greater(left=_ABSENT, right=_ABSENT, *rest) -> bool:
    if not rest:
        left_type = type(left)
        right_type = type(right)
        if (left_type is int or left_type is float) and (
            right_type is int or right_type is float
        ):
            return left > right
    return _compare_chain(">", _arguments(left, right, rest), operator.gt, swapped=True)


@register("<=")
def less_equal(left=_ABSENT, right=_ABSENT, *rest) -> bool:
    if not rest:
        left_type = type(left)
        right_type = type(right)
        if (left_type is int or left_type is float) and (
            right_type is int or right_type is float
        ):
            return left <= right
    return _compare_chain(
        "<=", _arguments(left, right, rest), operator.le, swapped=True
    )


@register(">=")
def greater_equal(left=_ABSENT, right=_ABSENT, *rest) -> bool:
    if not rest:
        left_type = type(left)
        right_type = type(right)
        if (left_type is int or left_type is float) and (
            right_type is int or right_type is float
        ):
            return left >= right
    return _compare_chain(">=", _arguments(left, right, rest), operator.ge)


@register("=")
def numeric_equal(left=_ABSENT, right=_ABSENT, *rest) -> bool:
    """Compare two values, numbers numerically and anything else structurally.

    With three or more arguments every argument must be a number.
    """
    if not rest and right is not _ABSENT:
        left_type = type(left)
        right_type = type(right)
        if left_type is int and right_type is int:
            return left == right
        if left_type in NUMBER_TYPES and right_type in NUMBER_TYPES:
            return left == right
        return equal(left, right)
    args = _arguments(left, right, rest)
    if len(args) < 2:
        raise arity_error("=", "2 or more", len(args))
    previous = check_number(args[0])
    for value in args[1:]:
        check_number(value)
        if previous != value:
            return False
        previous = value
    return True
