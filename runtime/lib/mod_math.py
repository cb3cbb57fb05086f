"""The ``math/`` namespace: floating-point functions and numeric helpers.

Results follow IEEE 754 instead of raising: ``(math/log10 0)`` is ``-inf``,
``(math/acos 2)`` is ``NaN`` and ``(math/exp 1000)`` is ``inf``, as in the
reference. Rationals are accepted wherever a number is.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ..errors import EvalError
from ..registry import BUILTINS
from .mod_common import (
    alias,
    check_int,
    check_non_negative,
    check_number,
    is_number,
    register,
    type_error,
)


def _float(function: str, value) -> float:
    check_number(function, value)
    return float(value)


def _ieee(compute, argument: float) -> float:
    """Call a :mod:`math` function, mapping its errors to IEEE results."""
    try:
        return compute(argument)
    except OverflowError:
        return math.inf
    except ValueError:
        return math.nan


def divide(numerator: float, denominator: float) -> float:
    """Divide two floats as IEEE 754 does: ``x/0`` is ``±inf`` and ``0/0`` is NaN."""
    if denominator == 0:
        if numerator == 0 or numerator != numerator:
            return math.nan
        negative = (numerator < 0) != (math.copysign(1.0, denominator) < 0)
        return -math.inf if negative else math.inf
    return numerator / denominator


def _logarithm(compute, value: float) -> float:
    if value == 0:
        return -math.inf
    if value < 0 or value != value:
        return math.nan
    return compute(value)


def _unary(name: str, compute):
    @register(name)
    def function(value):
        return _ieee(compute, _float(name, value))

    return function


for _name, _compute in {
    "math/acos": math.acos,
    "math/asin": math.asin,
    "math/atan": math.atan,
    "math/tan": math.tan,
    "math/sinh": math.sinh,
    "math/cosh": math.cosh,
    "math/tanh": math.tanh,
    "math/exp": math.exp,
    "math/degrees->radians": math.radians,
    "math/radians->degrees": math.degrees,
}.items():
    _unary(_name, _compute)


@register("math/atan2")
def atan2(y, x):
    return math.atan2(_float("math/atan2", y), _float("math/atan2", x))


@register("math/log10")
def log10(value):
    return _logarithm(math.log10, _float("math/log10", value))


@register("math/log2")
def log2(value):
    return _logarithm(math.log2, _float("math/log2", value))


# ---------------------------------------------------------------------------
# Classification


@register("math/nan?")
def is_nan(value):
    """Return True for a NaN float; any other value, numbers or not, gives False."""
    return isinstance(value, float) and value != value


@register("math/infinite?")
def is_infinite(value):
    """Return True for ``inf`` or ``-inf``; any other value gives False."""
    return isinstance(value, float) and math.isinf(value)


@register("math/sign")
def sign(value):
    """Return -1, 0 or 1 (an integer, also for floats; 0 for NaN and -0.0)."""
    check_number("math/sign", value)
    if value > 0:
        return 1
    if value < 0:
        return -1
    return 0


# ---------------------------------------------------------------------------
# Interpolation and ranges


@register("math/clamp")
def clamp(value, low, high):
    """Return ``value`` limited to ``[low, high]`` (``high`` wins when ``low > high``)."""
    for argument in (value, low, high):
        check_number("math/clamp", argument)
    bounded = low if value < low else value
    return high if bounded > high else bounded


@register("math/lerp")
def lerp(start, end, amount):
    """Return ``start + (end - start) * amount`` as a float; ``amount`` is not clamped."""
    start = _float("math/lerp", start)
    end = _float("math/lerp", end)
    amount = _float("math/lerp", amount)
    return start + (end - start) * amount


@register("math/map-range")
def map_range(value, in_low, in_high, out_low, out_high):
    """Map ``value`` linearly from ``[in_low, in_high]`` to ``[out_low, out_high]``, as a float."""
    value, in_low, in_high, out_low, out_high = (
        _float("math/map-range", argument)
        for argument in (value, in_low, in_high, out_low, out_high)
    )
    scale = divide(value - in_low, in_high - in_low)
    return out_low + scale * (out_high - out_low)


# ---------------------------------------------------------------------------
# Rounding and formatting


def _round_half_away(value: float) -> float:
    whole = math.trunc(value)
    if abs(value - whole) >= 0.5:
        whole += math.copysign(1, value)
    return float(whole)


@register("math/round-to")
def round_to(value, digits):
    """Round to ``digits`` decimal places, halves away from zero; returns a float.

    Negative ``digits`` round to tens, hundreds and so on. The scaling is
    done in binary floating point, so ``(math/round-to 1.005 2)`` is 1.0.
    """
    value = _float("math/round-to", value)
    check_int("math/round-to", digits)
    if math.isinf(value) or value != value:
        return value
    scale = 10.0**digits
    return _round_half_away(value * scale) / scale


@register("math/format-fixed")
def format_fixed(value, digits):
    """Format with exactly ``digits`` decimals (negative counts as 0), rounding half to even."""
    value = _float("math/format-fixed", value)
    check_int("math/format-fixed", digits)
    return format(value, f".{max(0, digits)}f")


# ---------------------------------------------------------------------------
# Integers


def _integers(function: str, values) -> list:
    for value in values:
        if not (isinstance(value, int) and not isinstance(value, bool)):
            raise type_error(function, "integer", value)
    return list(values)


@register("math/gcd")
def gcd(*values):
    """Return the greatest common divisor (never negative); no arguments give 0."""
    return math.gcd(*_integers("math/gcd", values))


@register("math/lcm")
def lcm(*values):
    """Return the least common multiple (never negative); no arguments give 1."""
    return math.lcm(*_integers("math/lcm", values))


# ---------------------------------------------------------------------------
# Random numbers


@register("math/random")
def random_float():
    """Return a float in ``[0, 1)``."""
    import random

    return random.random()


@register("math/random-int")
def random_int(low, high):
    """Return an integer in ``[low, high]``, both ends included."""
    import random

    check_int("math/random-int", low)
    check_int("math/random-int", high)
    if low > high:
        raise EvalError(f"math/random-int: lo ({low}) must be <= hi ({high})")
    return random.randint(low, high)


# ---------------------------------------------------------------------------
# Constants and other names for core builtins

BUILTINS["math/infinity"] = math.inf
BUILTINS["math/nan"] = math.nan


def _power(base, exponent):
    """Raise ``base`` to ``exponent``: exact for integers and rationals, float otherwise."""
    check_number("pow", base)
    check_number("pow", exponent)
    if isinstance(exponent, int) and not isinstance(base, float):
        if exponent >= 0:
            return base**exponent
        if base == 0:
            raise EvalError("pow: division by zero")
        result = Fraction(1) / Fraction(base) ** (-exponent)
        return result.numerator if result.denominator == 1 else result
    try:
        result = float(base) ** float(exponent)
    except OverflowError:
        return math.inf
    except ZeroDivisionError:
        return math.inf
    return math.nan if isinstance(result, complex) else result


if "pow" not in BUILTINS:
    _power.sema_name = "pow"
    _power.__name__ = _power.__qualname__ = "pow"
    BUILTINS["pow"] = _power

alias("math/pow", "pow")
alias("math/quotient", "quotient")
alias("math/remainder", "remainder")
