"""Promises: ``force`` and ``make-promise``; ``delay`` itself is a special form."""

from __future__ import annotations

from ..errors import SemaTypeError
from ..registry import builtin
from ..values import Promise


@builtin("force")
def force(value):
    """Run a promise's body the first time and return its value ever after."""
    if isinstance(value, Promise):
        return value.force()
    raise SemaTypeError("thunk", value)


@builtin("make-promise")
def make_promise(value):
    """Return an already forced promise holding ``value`` (a promise is returned as is)."""
    if isinstance(value, Promise):
        return value
    promise = Promise(None)
    promise.value = value
    promise.done = True
    return promise
