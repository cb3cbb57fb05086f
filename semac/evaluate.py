"""Evaluation of Sema source at run time: ``eval``, ``read``, the REPL and tools.

Compiled code that uses ``eval`` or ``read`` imports this module; so do the
REPL and ``semac eval``. Each namespace keeps a :class:`~semac.compiler.Session`
under ``_semac_session``, so macros defined by one evaluation are visible
to the next.
"""

from __future__ import annotations

import os

from runtime.printer import write_string
from runtime.registry import BUILTINS
from runtime.values import Symbol

from .compiler import FIXED_BUILTINS, Session, new_namespace, run_forms
from .expander import Expander
from .errors import ReadError
from .reader import SourceList, read_string, strip_source

SESSION_KEY = "_semac_session"


def session_for(namespace: dict) -> Session:
    session = namespace.get(SESSION_KEY)
    if session is None:
        session = Session(namespace)
        namespace[SESSION_KEY] = session
    return session


def eval_source(text: str, namespace: dict | None = None, filename: str = "<string>"):
    """Evaluate every form of ``text`` in ``namespace`` and return the last value.

    Raises :class:`~semac.errors.SemacError` for a bad program and the
    program's own exceptions when it fails at run time.
    """
    if namespace is None:
        namespace = new_namespace()
    session = session_for(namespace)
    forms = read_string(text, filename)
    # Forms run one at a time, so a builtin that a later form redefines must
    # not be compiled as the builtin in the earlier ones.
    session.redefined_builtins.update(top_level_definitions(forms) & set(BUILTINS))
    session.redefined_globals.update(repeated_definitions(forms))
    result = None
    for form in forms:
        result = run_forms([form], namespace, filename, text, session)
    return result


def binding_forms(forms: list):
    """Yield ``(head, name)`` for each define, defun and set! in ``forms``, at any depth.

    ``(eval ...)`` and ``(import "file")`` yield ``(head, None)``: they may
    define anything at run time. Quoted data is skipped.
    """
    stack = list(forms)
    while stack:
        form = stack.pop()
        if not isinstance(form, list) or not form:
            continue
        head = form[0].name if isinstance(form[0], Symbol) else None
        if head in ("quote", "quasiquote"):
            continue
        stack.extend(item for item in form if isinstance(item, list))
        if head == "eval" or (head == "import" and len(form) > 1 and isinstance(form[1], str)):
            yield head, None
        elif head in ("define", "set!", "defun") and len(form) > 1:
            target = form[1]
            while isinstance(target, list) and target:
                target = target[0]
            if isinstance(target, Symbol):
                yield head, target.name


def repeated_definitions(forms: list) -> set[str]:
    """Names that the forms define more than once or assign with set!."""
    counts: dict = {}
    assigned = set()
    for head, name in binding_forms(forms):
        if name is None:
            continue
        if head == "set!":
            assigned.add(name)
        else:
            counts[name] = counts.get(name, 0) + 1
    return assigned | {name for name, count in counts.items() if count > 1}


def top_level_definitions(forms: list) -> set[str]:
    """Names that define or set! forms bind anywhere in ``forms``, found without expanding.

    A define inside a function is local, but counting it only costs that
    name its inline form. ``(eval ...)`` or ``(import "file")`` may define
    anything at run time, so with either, every builtin counts. A set! or
    an eval never counts for the builtins whose calls are fixed (see
    ``FIXED_BUILTINS``).
    """
    names = set()
    for head, name in binding_forms(forms):
        if name is None:
            names.update(set(BUILTINS) - FIXED_BUILTINS)
        elif not (head == "set!" and name in FIXED_BUILTINS):
            names.add(name)
    # NOTE: a builtin that a macro's expansion defines in a later form still
    # runs inline in the forms compiled before it.
    return names


def eval_in(namespace: dict, form, environment=None):
    """Evaluate a quoted form (a runtime value) in ``namespace``: Sema's ``eval``."""
    session = session_for(namespace)
    source = write_string(form)
    return run_forms([to_source(form)], namespace, "<eval>", source, session)


def to_source(value):
    """Turn runtime data into forms the expander accepts (lists become SourceList)."""
    if type(value) is list:
        result = SourceList(to_source(item) for item in value)
        result.line = 0
        result.column = 0
        return result
    if isinstance(value, dict) and not hasattr(value, "line"):
        from .reader import MapLiteral

        items = []
        for key, item in value.items():
            items.extend([to_source(key), to_source(item)])
        result = MapLiteral(items)
        result.line = 0
        result.column = 0
        return result
    return value


def macroexpand(namespace: dict, form):
    """Expand ``form`` once when its head names a macro defined in ``namespace``'s session.

    Anything else, special forms included, comes back unchanged.
    """
    if type(form) is not list or not form or not isinstance(form[0], Symbol):
        return form
    session = session_for(namespace)
    macro = session.macros.get(form[0].name)
    if macro is None:
        return form
    from .compiler import Compiler

    compiler = Compiler(write_string(form), "<macroexpand>", session)
    compiler.expander = Expander(compiler)
    return strip_source(macro.expand(to_source(form), compiler.expander))


def read_value(text: str = None):
    """Sema's ``read``: the first form of ``text`` as data, or nil when there is none."""
    if text is None:
        import sys

        text = sys.stdin.readline()
    if not isinstance(text, str):
        from runtime.errors import SemaTypeError

        raise SemaTypeError("string", text)
    try:
        forms = read_string(text, "<read>")
    except ReadError as exc:
        from runtime.errors import EvalError

        raise EvalError(f"read: {exc.message}") from exc
    return strip_source(forms[0]) if forms else None


def import_file(namespace: dict, path: str):
    """``(import "file.scm")``: run a Sema file and copy its definitions in."""
    base = namespace.get("__file__")
    if base and not os.path.isabs(path):
        path = os.path.join(os.path.dirname(base), path)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        from runtime.errors import IOErrorSema

        raise IOErrorSema(f"import {path}: {exc.strerror or exc}") from exc
    module_namespace = new_namespace(os.path.splitext(os.path.basename(path))[0])
    module_namespace["__file__"] = path
    eval_source(text, module_namespace, path)
    for key, value in module_namespace.items():
        if not key.startswith("_") or not key.startswith("_semac"):
            if key in ("__name__", "__builtins__", "__file__", SESSION_KEY) or key.startswith("_rt"):
                continue
            namespace[key] = value
    source_session = module_namespace.get(SESSION_KEY)
    if source_session is not None:
        session_for(namespace).macros.update(source_session.macros)
    return None


__all__ = ["Symbol", "eval_in", "eval_source", "import_file", "read_value"]
