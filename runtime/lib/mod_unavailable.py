"""Reference builtins that cannot work in semac, registered so that they fail clearly.

``pio/`` assembles programs for the Raspberry Pi RP2040's programmable I/O
blocks, ``web/`` reads the browser's user agent, and ``ws/listen`` runs a
WebSocket server inside the reference's own event loop. Calling any of
them raises an error saying the function is not available in semac.
"""

from __future__ import annotations

from ..registry import unavailable

UNAVAILABLE = (
    "pio/assemble",
    "pio/delay",
    "pio/in",
    "pio/irq",
    "pio/jmp",
    "pio/mov",
    "pio/nop",
    "pio/out",
    "pio/pull",
    "pio/push",
    "pio/set",
    "pio/side",
    "pio/wait",
    "web/user-agent",
    "web/user-agent-data",
    "ws/listen",
)

for _name in UNAVAILABLE:
    unavailable(_name)
