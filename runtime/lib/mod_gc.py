"""The ``gc/`` namespace: garbage-collector statistics from Python's :mod:`gc`.

The reference reports its own cycle collector; the numbers here describe
CPython's generational collector instead, under the same keys.
"""

from __future__ import annotations

from ..values import Keyword, Map
from .mod_common import register


def _tracked() -> int:
    import gc

    return len(gc.get_objects())


@register("gc/collect")
def collect():
    """Run a full collection; return ``{:collected :candidates :traced :pruned}``."""
    import gc

    collected = gc.collect()
    tracked = _tracked()
    return Map(
        {
            Keyword("collected"): collected,
            Keyword("candidates"): tracked,
            Keyword("traced"): tracked,
            Keyword("pruned"): 0,
        }
    )


@register("gc/stats")
def stats():
    """Return cumulative collector counts: ``{:collected :candidates :traced :pruned :registry-size}``."""
    import gc

    collected = sum(generation["collected"] for generation in gc.get_stats())
    tracked = _tracked()
    return Map(
        {
            Keyword("collected"): collected,
            Keyword("candidates"): tracked,
            Keyword("traced"): tracked,
            Keyword("pruned"): 0,
            Keyword("registry-size"): len(gc.garbage),
        }
    )
