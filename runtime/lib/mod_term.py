"""The ``term/`` namespace: ANSI colors and styles for terminal output.

Styling is applied only when standard output is a terminal and the
``NO_COLOR`` environment variable is unset. Otherwise the functions return
the text unchanged, as the reference's WebAssembly build always does. The ``term/with-...`` forms need raw terminal control and are
unavailable.
"""

from __future__ import annotations

import os
import re
import sys

from ..errors import EvalError, SemaTypeError, type_name
from ..registry import unavailable
from ..values import Keyword
from .mod_common import check_int, check_string, register

STYLE_CODES = {
    "bold": 1,
    "dim": 2,
    "italic": 3,
    "underline": 4,
    "inverse": 7,
    "strikethrough": 9,
    "black": 30,
    "red": 31,
    "green": 32,
    "yellow": 33,
    "blue": 34,
    "magenta": 35,
    "cyan": 36,
    "white": 37,
    "gray": 90,
}
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def color_enabled() -> bool:
    """Return True when styles should be emitted: a terminal and no ``NO_COLOR``."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _wrap(text: str, codes: str) -> str:
    if not codes or not color_enabled():
        return text
    return f"\x1b[{codes}m{text}\x1b[0m"


def _style_function(name: str, code: int):
    @register(f"term/{name}")
    def style(text):
        return _wrap(check_string(f"term/{name}", text), str(code))

    return style


for _name, _code in STYLE_CODES.items():
    _style_function(_name, _code)


@register("term/style")
def style(text, *styles):
    """Apply several style keywords at once, in one escape sequence."""
    check_string("term/style", text)
    codes = []
    for keyword in styles:
        if not isinstance(keyword, Keyword):
            raise SemaTypeError(
                "keyword",
                keyword,
                message=f"term/style: expected keyword, got {type_name(keyword)}",
            )
        code = STYLE_CODES.get(keyword.name)
        if code is None:
            raise EvalError(f"term/style: unknown style keyword :{keyword.name}")
        codes.append(str(code))
    return _wrap(text, ";".join(codes))


@register("term/rgb")
def rgb(text, red, green, blue):
    """Color the text with a 24-bit foreground color; components must be 0-255."""
    check_string("term/rgb", text)
    for component in (red, green, blue):
        check_int("term/rgb", component)
        if not 0 <= component <= 255:
            raise EvalError(f"term/rgb: color component {component} is outside 0-255")
    return _wrap(text, f"38;2;{red};{green};{blue}")


@register("term/strip")
def strip(text):
    """Remove ANSI escape sequences (colors, cursor movement, titles)."""
    return _ESCAPE_SEQUENCE.sub("", check_string("term/strip", text))


for _name in (
    "term/with-alt-screen",
    "term/with-bracketed-paste",
    "term/with-focus-events",
    "term/with-kitty-keys",
    "term/with-mouse",
    "io/with-raw-mode",
):
    unavailable(_name)
