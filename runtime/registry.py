"""The table of builtins that compiled code can name.

A builtin is an ordinary Python function registered under one or more Sema
names with :func:`builtin`. The compiler reads :data:`BUILTINS` to decide
which free names are builtins; :mod:`runtime.prelude` exposes each one
under its mangled Python name so that emitted modules can write
``from runtime.prelude import car``.
"""

from __future__ import annotations

from typing import Callable

from .names import mangle

#: Sema name to function.
BUILTINS: dict[str, Callable] = {}


def builtin(*names: str):
    """Register the decorated function under each Sema name in ``names``.

    The first name becomes the function's ``sema_name``, which the printer
    and error messages use. A Python function also gets the mangled first
    name as its ``__qualname__``, because Python words the ``TypeError`` for
    a wrong argument count with it and
    :func:`runtime.errors.to_sema_error` demangles that name back.
    """

    def register(function: Callable) -> Callable:
        try:
            function.sema_name = names[0]
        except (AttributeError, TypeError):
            pass
        if hasattr(function, "__code__"):
            function.__qualname__ = mangle(names[0])
        for name in names:
            BUILTINS[name] = function
        return function

    return register


def unavailable(name: str, reason: str = "not available in semac") -> None:
    """Register ``name`` as a builtin that raises a clear error when called."""

    def raise_unavailable(*args, **kwargs):
        from .errors import EvalError

        raise EvalError(f"{name}: {reason}")

    raise_unavailable.sema_name = name
    BUILTINS[name] = raise_unavailable


#: Functions that clear module-level state (counters, caches) between programs.
RESET_HOOKS: list[Callable[[], None]] = []


def on_reset(function: Callable[[], None]) -> Callable[[], None]:
    """Register ``function`` to run when a host starts a new, independent program."""
    RESET_HOOKS.append(function)
    return function


def reset_state() -> None:
    """Run every reset hook: ``semac eval --jsonl`` does this before each program."""
    for hook in RESET_HOOKS:
        hook()


#: Services the compiler lends the runtime when it is loaded: "read_string",
#: "strip_source" and "ReadError" (semac's reader). The runtime never imports
#: semac, so builtins that read Sema text use these and fail clearly without.
HOOKS: dict = {}


def hook(name: str):
    """Return the compiler service ``name``; raise a clear error when semac is not loaded."""
    found = HOOKS.get(name)
    if found is None:
        from .errors import EvalError

        raise EvalError(f"reading Sema text needs the semac compiler: import semac first ({name} is missing)")
    return found
