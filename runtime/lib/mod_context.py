"""The ``context/`` namespace: a key-value store shared by the whole program.

Typical use is request-scoped data for logging or LLM prompts. Values are
kept per thread of control in a :class:`contextvars.ContextVar`, so the
extra entries of ``context/with`` are visible only until its callback
returns. Hidden entries (``context/set-hidden``) are left out of
``context/all``; stacks (``context/push``) are stored apart from entries.
"""

from __future__ import annotations

import contextvars

from ..values import Map
from .mod_common import check_function, check_map, register

_ENTRIES: contextvars.ContextVar[Map] = contextvars.ContextVar("sema_context", default=Map())
_HIDDEN: contextvars.ContextVar[Map] = contextvars.ContextVar("sema_context_hidden", default=Map())
_STACKS: contextvars.ContextVar[Map] = contextvars.ContextVar("sema_context_stacks", default=Map())


def _updated(variable: contextvars.ContextVar, key, value) -> None:
    entries = Map(variable.get())
    entries[key] = value
    variable.set(entries)


@register("context/set")
def set_(key, value):
    _updated(_ENTRIES, key, value)


@register("context/get")
def get(key):
    return _ENTRIES.get().get(key)


@register("context/has?")
def has(key):
    return key in _ENTRIES.get()


@register("context/remove")
def remove(key):
    entries = Map(_ENTRIES.get())
    entries.pop(key, None)
    _ENTRIES.set(entries)


@register("context/pull")
def pull(key):
    """Remove ``key`` and return its value (nil when it was not set)."""
    value = _ENTRIES.get().get(key)
    remove(key)
    return value


@register("context/all")
def all_():
    """Return the visible entries as a map."""
    return Map(_ENTRIES.get())


@register("context/merge")
def merge(entries):
    check_map("context/merge", entries)
    merged = Map(_ENTRIES.get())
    merged.update(entries)
    _ENTRIES.set(merged)


@register("context/clear")
def clear():
    """Remove every visible entry."""
    _ENTRIES.set(Map())


@register("context/with")
def with_(entries, callback):
    """Call ``callback`` with ``entries`` added, then restore the previous entries."""
    check_map("context/with", entries)
    check_function("context/with", callback)
    merged = Map(_ENTRIES.get())
    merged.update(entries)
    token = _ENTRIES.set(merged)
    try:
        return callback()
    finally:
        _ENTRIES.reset(token)


@register("context/set-hidden")
def set_hidden(key, value):
    _updated(_HIDDEN, key, value)


@register("context/get-hidden")
def get_hidden(key):
    return _HIDDEN.get().get(key)


@register("context/has-hidden?")
def has_hidden(key):
    return key in _HIDDEN.get()


@register("context/push")
def push(key, value):
    """Push ``value`` on the stack named ``key``."""
    _updated(_STACKS, key, _STACKS.get().get(key, []) + [value])


@register("context/pop")
def pop(key):
    """Pop and return the top of the stack named ``key`` (nil when it is empty)."""
    stack = _STACKS.get().get(key, [])
    if not stack:
        return None
    _updated(_STACKS, key, stack[:-1])
    return stack[-1]


@register("context/stack")
def stack(key):
    """Return the stack named ``key``, bottom first."""
    return list(_STACKS.get().get(key, []))
