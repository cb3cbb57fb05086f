"""The ``prompt/`` namespace: ``{{name}}`` templates for LLM prompts."""

from __future__ import annotations

import re

from ..printer import display_string
from ..values import Keyword
from .mod_common import check_map, check_string, register

_PLACEHOLDER = re.compile(r"\{\{([^\s{}]+)\}\}")


@register("prompt/template")
def template(text):
    """Return ``text`` unchanged; the call marks a string as a template."""
    return check_string("prompt/template", text)


@register("prompt/render")
def render(text, values):
    """Replace each ``{{name}}`` with the value of ``:name`` in ``values``, displayed as by ``str``.

    A placeholder without a matching key, or with spaces inside the
    braces, is left as it is.
    """
    check_string("prompt/render", text)
    check_map("prompt/render", values)

    def substitute(match: re.Match) -> str:
        key = Keyword(match.group(1))
        if key not in values:
            return match.group(0)
        value = values[key]
        return "nil" if value is None else display_string(value)

    return _PLACEHOLDER.sub(substitute, text)
