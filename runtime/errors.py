"""Run-time errors and their Sema view.

Exception tree::

    Exception
    └── SemaError                 any error a Sema program can catch
        ├── UserError             (throw value)            :type :user
        ├── EvalError             (error "msg" ...), misc  :type :eval
        ├── SemaTypeError         wrong argument type      :type :type-error
        ├── ArityError            wrong argument count     :type :arity
        ├── UnboundError          unbound variable         :type :unbound
        ├── IOErrorSema           file and I/O failures    :type :io
        └── LLMError              llm/ library failures    :type :llm
            ├── BudgetExceeded    a call would break a budget
            └── ProviderError     HTTP or protocol failure of a provider

Python exceptions raised inside compiled code (``ZeroDivisionError``,
``NameError``, a ``TypeError`` from a wrong argument count) are translated
by :func:`to_sema_error` when a ``catch`` sees them, so Sema code always
binds the same map shape: ``{:type :kind :message "..." ...}``.
"""

from __future__ import annotations

import re

from .names import demangle
from .values import Keyword, Map


class SemaError(Exception):
    """Base of every error a Sema ``try``/``catch`` can bind."""

    kind = "eval"

    def __init__(self, message: str, **fields) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields

    def to_map(self) -> "ErrorMap":
        result = ErrorMap({Keyword("type"): Keyword(self.kind), Keyword("message"): self.message})
        for name, value in self.fields.items():
            result[Keyword(name)] = value
        result.exception = self
        return result


class ErrorMap(Map):
    """The map a ``catch`` binds; ``(throw e)`` of it re-raises the original error."""

    __slots__ = ("exception",)


class UserError(SemaError):
    kind = "user"

    def __init__(self, value) -> None:
        from .printer import write_string

        super().__init__(write_string(value), value=value)
        self.value = value

    def __str__(self) -> str:
        return f"User exception: {self.message}"


class EvalError(SemaError):
    kind = "eval"


class SemaTypeError(SemaError):
    kind = "type-error"

    def __init__(self, expected: str, got=None, message: str | None = None) -> None:
        got_name = type_name(got)
        super().__init__(
            message or f"expected {expected}, got {got_name}",
            expected=expected,
            got=got_name,
        )


class ArityError(SemaError):
    kind = "arity"


class UnboundError(SemaError):
    kind = "unbound"

    def __init__(self, name: str) -> None:
        super().__init__(f"Unbound variable: {name}", name=name)


class IOErrorSema(SemaError):
    kind = "io"


class LLMError(SemaError):
    kind = "llm"


class BudgetExceeded(LLMError):
    """A call was refused before sending because its worst case breaks a budget."""


class ProviderError(LLMError):
    """A provider failed: HTTP status, transport failure, bad reply or a raising
    Scheme-defined provider. ``fields`` carry ``provider`` and, for HTTP,
    ``status``."""


def type_name(value) -> str:
    """Return the name Sema uses for ``value``'s type in messages (``int``, ``nil``...)."""
    from .values import Char, Keyword as Kw, Symbol, Vector
    from fractions import Fraction

    if value is None:
        return "nil"
    if value is True or value is False:
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, Fraction):
        return "rational"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Symbol):
        return "symbol"
    if isinstance(value, Kw):
        return "keyword"
    if isinstance(value, Char):
        return "char"
    if isinstance(value, Vector):
        return "vector"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "map"
    from .values import Promise, Record

    if isinstance(value, Record):
        return "record"
    if isinstance(value, Promise):
        return "promise"
    if isinstance(value, (bytes, bytearray)):
        return "bytevector"
    if callable(value):
        # The reference calls every function native-fn in messages, lambdas too.
        return "native-fn"
    return type(value).__name__


_POSITIONAL = re.compile(
    r"^(?P<name>[\w.<>]+)\(\) (?:takes|missing) .*?"
)
_TAKES = re.compile(
    r"^(?P<name>[\w.<>]+)\(\) takes (?:from (?P<low>\d+) to )?(?P<count>\d+) positional arguments? but (?P<got>\d+) (?:were|was) given"
)
_MISSING = re.compile(
    r"^(?P<name>[\w.<>]+)\(\) missing (?P<missing>\d+) required positional arguments?"
)
_NAME = re.compile(r"name '(?P<name>[^']+)' is not defined")
_NOT_CALLABLE = re.compile(r"'(\w+)' object is not callable")
_PYTHON_TYPES = {"int": "int", "str": "string", "float": "float", "NoneType": "nil", "bool": "bool",
                 "list": "list", "Vector": "vector", "Map": "map", "Fraction": "rational", "Char": "char",
                 "Symbol": "symbol"}


def _display_function_name(python_name: str) -> str:
    base = python_name.rsplit(".", 1)[-1]
    if base.startswith(("lambda__", "_semac")) or base == "<lambda>":
        return "<lambda>"
    return demangle(re.sub(r"(_int)?__\d+$", "", base))


def to_sema_error(exc: BaseException) -> SemaError:
    """Translate any exception raised by compiled code into a :class:`SemaError`."""
    if isinstance(exc, UserError) and isinstance(exc.value, ErrorMap):
        # (throw e) inside a catch re-raises the error that e describes.
        return to_sema_error(exc.value.exception)
    if isinstance(exc, SemaError):
        return exc
    if isinstance(exc, ZeroDivisionError):
        return EvalError("division by zero")
    if isinstance(exc, NameError):
        match = _NAME.search(str(exc))
        name = demangle(match.group("name")) if match else str(exc)
        return UnboundError(name)
    if isinstance(exc, RecursionError):
        return EvalError("maximum recursion depth exceeded")
    if isinstance(exc, TypeError):
        text = str(exc)
        arity = _arity_from_type_error(text, exc)
        if arity is not None:
            return arity
        match = _NOT_CALLABLE.match(text)
        if match:
            kind = _PYTHON_TYPES.get(match.group(1), match.group(1))
            written = _not_callable_value(exc, match.group(1))
            if written is None:
                return EvalError(f"not callable: ({kind})")
            return EvalError(f"not callable: {written} ({kind})")
        return SemaTypeError("valid argument", None, message=text)
    if isinstance(exc, OSError):
        return IOErrorSema(str(exc))
    if isinstance(exc, KeyboardInterrupt):
        return EvalError("interrupted")
    return EvalError(f"{type(exc).__name__}: {exc}")


def _innermost(exc: BaseException):
    """Return the traceback entry of the frame where ``exc`` was raised, or None."""
    traceback = exc.__traceback__
    while traceback is not None and traceback.tb_next is not None:
        traceback = traceback.tb_next
    return traceback


_SIMPLE_LOADS = frozenset({"LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE", "LOAD_GLOBAL", "LOAD_NAME", "LOAD_CONST"})


def _not_callable_value(exc: BaseException, class_name: str) -> str | None:
    """Return the written form of the value that was called, when the calling frame shows it.

    Python's message names only the class. The call's bytecode usually
    shows which variable held the value. Failing that, when the frame's
    locals of that class have one written form, it is the one. Otherwise
    this returns None.
    """
    traceback = _innermost(exc)
    if traceback is None:
        return None
    from .printer import write_string

    frame = traceback.tb_frame
    candidates = [_called_value(frame, traceback.tb_lasti)]
    if candidates[0] is _UNKNOWN:
        candidates = list(frame.f_locals.values())
    forms = {
        write_string(value)
        for value in candidates
        if type(value).__name__ == class_name and not callable(value)
    }
    return forms.pop() if len(forms) == 1 else None


_UNKNOWN = object()


def _called_value(frame, offset: int):
    """Return the callee of the call instruction at ``offset`` when only plain loads feed it."""
    import dis  # only when reporting an error: it is slow to import

    instructions = [ins for ins in dis.get_instructions(frame.f_code) if ins.opname not in ("CACHE", "PRECALL", "KW_NAMES", "PUSH_NULL")]
    position = next((i for i, ins in enumerate(instructions) if ins.offset >= offset), None)
    if position is None or instructions[position].opname != "CALL":
        return _UNKNOWN
    count = instructions[position].arg or 0
    operands = instructions[max(position - count - 1, 0) : position]
    if len(operands) != count + 1 or any(ins.opname not in _SIMPLE_LOADS for ins in operands):
        return _UNKNOWN
    load = operands[0]
    if load.opname == "LOAD_CONST":
        return load.argval
    if load.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
        return frame.f_globals.get(load.argval, _UNKNOWN)
    return frame.f_locals.get(load.argval, _UNKNOWN)


def _declared_arity(exc: BaseException, python_name: str) -> tuple[int, int | None] | None:
    """Find the called function and return its (required, total) positional parameter counts.

    ``total`` is None when the function takes a rest parameter.
    """
    traceback = _innermost(exc)
    if traceback is None:
        return None
    frame = traceback.tb_frame
    base = python_name.rsplit(".", 1)[-1]
    if base == "<lambda>":
        found = [
            const
            for const in frame.f_code.co_consts
            if hasattr(const, "co_argcount") and const.co_name == "<lambda>" and not const.co_flags & 0x04
        ]
        counts = {const.co_argcount for const in found}
        if len(counts) != 1:
            return None
        count = counts.pop()
        return count, count
    function = None
    # The callee is usually a local of the calling frame: a parameter, a
    # builtin's ``function`` argument or the trampoline's ``target``.
    for value in frame.f_locals.values():
        candidate = getattr(value, "tail_call_body", value)
        if getattr(candidate, "__name__", None) == base and hasattr(candidate, "__code__"):
            function = candidate
            break
    if function is None:
        function = frame.f_globals.get(base)
    if function is None:
        # A builtin imported under another name (``first`` is ``car``).
        from .registry import BUILTINS

        function = BUILTINS.get(demangle(base))
    function = getattr(function, "tail_call_body", function)
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    required = code.co_argcount - len(getattr(function, "__defaults__", None) or ())
    if code.co_flags & 0x04:  # CO_VARARGS: a rest parameter, so no upper bound
        return required, None
    return required, code.co_argcount


def _arity_from_type_error(text: str, exc: BaseException | None = None) -> ArityError | None:
    match = _TAKES.match(text)
    if match:
        name = _display_function_name(match.group("name"))
        expected = match.group("count")
        if match.group("low"):
            expected = f"{match.group('low')} to {expected}"
        got = int(match.group("got"))
        plural = "" if expected == "1" else "s"
        wording = "no arguments" if expected == "0" else f"{expected} argument{plural}"
        return ArityError(
            f"{name} expects {wording}, got {got}",
            function=name,
            expected=expected,
            got=got,
        )
    match = _MISSING.match(text)
    if match:
        name = _display_function_name(match.group("name"))
        counts = _declared_arity(exc, match.group("name")) if exc is not None else None
        if counts is not None:
            required, total = counts
            if total is None:
                expected = f"{required} or more"
            elif required == total:
                expected = str(required)
            else:
                expected = f"{required} to {total}"
            got = required - int(match.group("missing"))
            plural = "" if expected == "1" else "s"
            return ArityError(
                f"{name} expects {expected} argument{plural}, got {got}",
                function=name,
                expected=expected,
                got=got,
            )
        return ArityError(
            f"{name} expects more arguments: {match.group('missing')} missing",
            function=name,
        )
    if "got an unexpected keyword argument" in text:
        return None
    return None


def error_map(exc: BaseException) -> Map:
    """Return the map a Sema ``catch`` clause binds for ``exc``."""
    return to_sema_error(exc).to_map()


def error_message(exc: BaseException) -> str:
    """Return the one-line message shown when ``exc`` ends a program."""
    error = to_sema_error(exc)
    return str(error)
