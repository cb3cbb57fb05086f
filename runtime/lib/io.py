"""Output, errors and a few control builtins.

``display``, ``print``, ``println`` and ``newline`` write to whatever
``sys.stdout`` is when they are called, so tests and the REPL can capture
it. Several arguments are separated by one space: ``(println "a" 1 "b")``
prints ``a 1 b``. ``display`` and ``println`` use the display form,
``print`` and ``pprint`` the written form; only ``println``, ``newline``,
``pprint`` and the ``-error`` variants end the line.
"""

from __future__ import annotations

import itertools
import sys
import time

from ..errors import EvalError, UserError
from ..output import end_line
from ..printer import display_string, pretty_string, write_string
from ..registry import on_reset
from ..values import Record, RecordType, Symbol
from .args import check_callable, check_int, check_string, register


def _joined(values: tuple, render) -> str:
    return " ".join([render(value) for value in values])


@register("display")
def display(*values):
    sys.stdout.write(_joined(values, display_string))


@register("println")
def println(*values):
    sys.stdout.write(_joined(values, display_string))
    end_line()


@register("print")
def print_(*values):
    """Write the written forms (strings quoted) without ending the line."""
    sys.stdout.write(_joined(values, write_string))


@register("newline")
def newline(*ignored):
    """End the line; the reference accepts and ignores arguments."""
    end_line()


@register("pprint")
def pprint(value):
    """Print the written form, broken over lines when wider than 80 columns."""
    sys.stdout.write(pretty_string(value))
    end_line()


@register("print-error")
def print_error(*values):
    """Print ``[error]`` and the written forms on standard error.

    NOTE: the WebAssembly build of the reference has no standard error, so
    it shows this line with the normal output. semac writes it to
    ``sys.stderr``, as a command-line interpreter does.
    """
    sys.stderr.write("[error] " + _joined(values, write_string) + "\n")


@register("println-error")
def println_error(*values):
    sys.stderr.write("[error] " + _joined(values, write_string) + "\n")


# -- errors ----------------------------------------------------------------


@register("throw")
def throw(value):
    """Raise ``value`` as a user error; ``catch`` binds it under ``:value``."""
    raise UserError(value)


@register("error")
def error(*args):
    """Raise an eval error whose message is the display form of the first argument.

    The reference ignores the remaining arguments.
    """
    if not args:
        raise EvalError("error called with no message")
    raise EvalError(display_string(args[0]))


# -- symbols, values, time -------------------------------------------------

_gensym_counter = itertools.count()


def _restart_gensym_counter() -> None:
    global _gensym_counter
    _gensym_counter = itertools.count()


on_reset(_restart_gensym_counter)


@register("gensym")
def gensym(prefix="g") -> Symbol:
    """Return a fresh symbol ``PREFIX__N``; one counter is shared by all prefixes."""
    check_string(prefix)
    return Symbol(f"{prefix}__{next(_gensym_counter)}")


#: The record type that carries several results of ``values``.
MULTIPLE_VALUES = RecordType("%multiple-values%", ())


@register("values")
def values(*items):
    """Return one value unchanged, or a multiple-values record for any other count."""
    if len(items) == 1:
        return items[0]
    return Record(MULTIPLE_VALUES, list(items))


@register("call-with-values")
def call_with_values(producer, consumer):
    """Call ``consumer`` with the values ``producer`` returns."""
    produced = producer()
    if type(produced) is Record and produced.rtype.name == MULTIPLE_VALUES.name:
        return consumer(*produced.values)
    return consumer(produced)


@register("sleep")
def sleep(milliseconds):
    """Pause for ``milliseconds``; zero or a negative count returns at once."""
    check_int(milliseconds)
    # Short naps, so that a host's timeout (an exception raised in this
    # thread) takes effect within a tenth of a second.
    deadline = time.monotonic() + milliseconds / 1000
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        time.sleep(min(left, 0.1))


@register("time-ms")
def time_ms() -> int:
    """Return the wall-clock time in milliseconds since the Unix epoch."""
    return time.time_ns() // 1_000_000


@register("exit")
def exit_(code=0):
    """End the program with exit status ``code`` after flushing standard output."""
    check_int(code)
    sys.stdout.flush()
    raise SystemExit(code)


@register("tap")
def tap(value, function):
    """Call ``(function value)`` for its effect and return ``value``."""
    check_callable(function)(value)
    return value


@register("spy")
def spy(label, value):
    """Print ``label: value`` on standard error and return ``value``.

    NOTE: the reference's output format for ``spy`` was not observable in
    the reference build used for testing; this format is semac's own.
    """
    text = label if type(label) is str else display_string(label)
    sys.stderr.write(f"{text}: {write_string(value)}\n")
    return value
