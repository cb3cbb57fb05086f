"""The ``uuid/`` namespace."""

from __future__ import annotations

from .mod_common import register


@register("uuid/v4")
def v4():
    """Return a random (version 4) UUID in its 36-character text form."""
    import uuid

    return str(uuid.uuid4())
