"""Every builtin under its mangled Python name, for emitted code to import.

Emitted modules write ``from runtime.prelude import car, _string_sl_upper``.
Importing this module loads the builtin library and the ``llm/`` runtime.
"""

from __future__ import annotations

from . import lib  # noqa: F401  (registers the builtins)
from .names import mangle
from .registry import BUILTINS

try:
    from . import llm  # noqa: F401  (registers the llm/ builtins)
except ImportError:  # pragma: no cover - the llm runtime is optional while it is built
    pass

globals().update({mangle(name): function for name, function in BUILTINS.items()})
