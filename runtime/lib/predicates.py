"""Type predicates, ``not`` and ``type``.

``type`` (also ``type-of``) returns a keyword naming the value's type:
``:int :float :rational :string :symbol :keyword :list :vector :map :nil
:bool :char :promise``; a record gives its record type's name (``:point``);
a builtin gives ``:native-fn`` and a compiled Sema function ``:lambda``.
"""

from __future__ import annotations

from fractions import Fraction

from ..values import Char, Keyword, Promise, Record, Symbol, Vector
from .args import register


@register("not")
def not_(value) -> bool:
    return value is None or value is False


@register("nil?")
def is_nil(value) -> bool:
    return value is None


@register("bool?", "boolean?")
def is_bool(value) -> bool:
    return value is True or value is False


@register("fn?", "procedure?")
def is_procedure(value) -> bool:
    """Return #t for anything callable except a keyword, which is only a getter."""
    return callable(value) and type(value) is not Keyword


@register("symbol?")
def is_symbol(value) -> bool:
    return isinstance(value, Symbol)


@register("keyword?")
def is_keyword(value) -> bool:
    return type(value) is Keyword


@register("string?")
def is_string(value) -> bool:
    return type(value) is str


@register("char?")
def is_char(value) -> bool:
    return type(value) is Char


@register("record?")
def is_record(value) -> bool:
    return type(value) is Record


@register("promise?")
def is_promise(value) -> bool:
    return type(value) is Promise


@register("promise-forced?")
def is_promise_forced(value) -> bool:
    return type(value) is Promise and value.done


_TYPE_KEYWORDS = {
    type(None): Keyword("nil"),
    bool: Keyword("bool"),
    int: Keyword("int"),
    float: Keyword("float"),
    Fraction: Keyword("rational"),
    str: Keyword("string"),
    Keyword: Keyword("keyword"),
    Char: Keyword("char"),
    list: Keyword("list"),
    Vector: Keyword("vector"),
    Promise: Keyword("promise"),
}


@register("type", "type-of")
def type_of(value) -> Keyword:
    found = _TYPE_KEYWORDS.get(type(value))
    if found is not None:
        return found
    if isinstance(value, Symbol):
        return Keyword("symbol")
    if isinstance(value, dict):
        return Keyword("map")
    if isinstance(value, Record):
        return Keyword(value.rtype.name)
    if callable(value):
        return Keyword("lambda" if _is_compiled_function(value) else "native-fn")
    return Keyword(type(value).__name__.lower())


def _is_compiled_function(value) -> bool:
    """Return True for a function compiled from Sema source, not a runtime builtin.

    Builtins and the record procedures made by the runtime live in the
    ``runtime`` package. Compiled functions live in the user's module, and
    a tail-calling one is wrapped by a trampoline that records its body.
    """
    if hasattr(value, "tail_call_body"):
        return True
    module = getattr(value, "__module__", None) or ""
    return not (module == "runtime" or module.startswith("runtime."))
