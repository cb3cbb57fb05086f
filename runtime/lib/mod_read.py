"""The ``read/``, ``format/`` and ``sema/`` namespaces: reading and checking source text.

They use the compiler's reader, which :mod:`semac` lends the runtime
through :data:`runtime.registry.HOOKS` when it is loaded; the runtime never
imports the compiler itself.
"""

from __future__ import annotations

from ..errors import EvalError
from ..names import mangle
from ..printer import write_string
from ..registry import BUILTINS, hook
from ..values import Keyword, Map, Symbol
from .mod_common import alias, check_string, register


def read_forms(function: str, text) -> list:
    """Return every form in ``text`` as plain data; raise an :class:`EvalError` when malformed."""
    ReadError, read_string, strip_source = hook("ReadError"), hook("read_string"), hook("strip_source")
    check_string(function, text)
    try:
        return [strip_source(form) for form in read_string(text)]
    except ReadError as exc:
        raise EvalError(f"{function}: {exc.message}") from exc


def _read_first(text):
    forms = read_forms("read", text)
    return forms[0] if forms else None


def _read_all(text):
    return read_forms("read-many", text)


for _name, _function in {"read": _read_first, "read-many": _read_all}.items():
    if _name not in BUILTINS:
        _function.sema_name = _name
        _function.__name__ = _function.__qualname__ = mangle(_name)
        BUILTINS[_name] = _function

alias("read/string", "read")
alias("read/all", "read-many")


@register("sema/check-string")
def check_source(text):
    """Return ``{:ok bool :diagnostics (...)}`` for reading ``text`` as a program."""
    ReadError, read_string = hook("ReadError"), hook("read_string")
    check_string("sema/check-string", text)
    try:
        read_string(text)
    except ReadError as exc:
        line = exc.line or 1
        column = exc.column or 1
        diagnostic = Map(
            {
                Keyword("level"): Keyword("error"),
                Keyword("code"): "syntax",
                Keyword("message"): f"Reader error at {line}:{column}: {exc.message}",
                Keyword("span"): Map(
                    {
                        Keyword("line"): line,
                        Keyword("col"): column,
                        Keyword("end-line"): line,
                        Keyword("end-col"): column + 1,
                    }
                ),
            }
        )
        return Map({Keyword("ok"): False, Keyword("diagnostics"): [diagnostic]})
    return Map({Keyword("ok"): True, Keyword("diagnostics"): []})


# ---------------------------------------------------------------------------
# format/form: lay out code

_WIDTH = 80
_BODY_FORMS = frozenset(["let", "let*", "letrec"])


def _layout(form, column: int, top: bool) -> str:
    flat = write_string(form)
    is_call = type(form) is list and form and isinstance(form[0], Symbol)
    head = form[0].name if is_call else None
    breaks_body = top and head in _BODY_FORMS and len(form) > 2
    if (column + len(flat) <= _WIDTH and not breaks_body) or not is_call or len(form) < 3:
        return flat
    first_line = "(" + head + " " + write_string(form[1])
    inner = column + 2
    body = [" " * inner + _layout(item, inner, False) for item in form[2:]]
    return first_line + "\n" + "\n".join(body) + ")"


@register("format/form")
def format_form(form):
    """Return ``form`` as source text, broken over lines when it is wider than 80 columns.

    NOTE: the reference's formatter has more layout rules than this one. A
    call stays on one line when it fits. Otherwise the head and first
    argument go on the first line and each further argument on its own
    line, indented by two. A top-level ``let`` always puts its body on new
    lines.
    """
    return _layout(form, 0, True)


