"""The runtime's named loggers, made on first use.

``logging`` takes longer to import than the rest of the runtime together
(it brings ``traceback``, ``tokenize`` and ``string``), and every compiled
program imports the runtime, so the import waits for the first LLM call or
retry that logs. No handler is ever added here: where the lines go is the
application's choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

__all__ = ["INFO", "logger"]

#: ``logging.INFO``, without importing logging.
INFO = 20

_loggers: dict[str, logging.Logger] = {}


def logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)``, cached."""
    found = _loggers.get(name)
    if found is None:
        import logging

        found = _loggers[name] = logging.getLogger(name)
    return found
