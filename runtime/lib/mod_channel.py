"""The ``channel/`` namespace: bounded queues for passing values between threads.

A channel contains at most ``capacity`` values (default 1). ``channel/send``
waits while it is full and ``channel/recv`` waits while it is empty. The
reference's channels connect cooperative async tasks, but these connect
threads. An operation that would wait with no other thread alive raises
an error instead of hanging. After ``channel/close``, ``recv``
drains the remaining values and then returns nil.
"""

from __future__ import annotations

import threading
from collections import deque

from ..errors import EvalError
from .mod_common import check_int, register, type_error


class Channel:
    """A bounded FIFO queue shared between threads."""

    __slots__ = ("capacity", "items", "closed", "condition")
    sema_type = "channel"

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.items: deque = deque()
        self.closed = False
        self.condition = threading.Condition()

    def sema_repr(self) -> str:
        return "<channel>"


def _check(function: str, value) -> Channel:
    if not isinstance(value, Channel):
        raise type_error(function, "channel", value)
    return value


def _wait(function: str, channel: Channel) -> None:
    """Wait on the channel's condition, or raise when no other thread could wake us."""
    if threading.active_count() <= 1:
        raise EvalError(f"{function}: would wait forever: no other thread is running")
    channel.condition.wait(timeout=0.5)


@register("channel/new")
def new(capacity=1):
    check_int("channel/new", capacity)
    if capacity < 1:
        raise EvalError("channel/new: capacity must be at least 1")
    return Channel(capacity)


@register("channel/send")
def send(channel, value):
    """Put ``value`` on the channel, waiting while it is full."""
    _check("channel/send", channel)
    with channel.condition:
        while True:
            if channel.closed:
                from ..printer import write_string

                raise EvalError(
                    f"channel/send: channel is closed; value {write_string(value)} was dropped"
                )
            if len(channel.items) < channel.capacity:
                channel.items.append(value)
                channel.condition.notify_all()
                return None
            _wait("channel/send", channel)


@register("channel/recv")
def recv(channel):
    """Take the next value, waiting while the channel is empty; nil once it is closed and empty."""
    _check("channel/recv", channel)
    with channel.condition:
        while True:
            if channel.items:
                value = channel.items.popleft()
                channel.condition.notify_all()
                return value
            if channel.closed:
                return None
            _wait("channel/recv", channel)


@register("channel/try-recv")
def try_recv(channel):
    """Take the next value without waiting; nil when the channel is empty."""
    _check("channel/try-recv", channel)
    with channel.condition:
        if not channel.items:
            return None
        value = channel.items.popleft()
        channel.condition.notify_all()
        return value


@register("channel/close")
def close(channel):
    _check("channel/close", channel)
    with channel.condition:
        channel.closed = True
        channel.condition.notify_all()


@register("channel/closed?")
def is_closed(channel):
    return _check("channel/closed?", channel).closed


@register("channel/count")
def count(channel):
    return len(_check("channel/count", channel).items)


@register("channel/empty?")
def is_empty(channel):
    return not _check("channel/empty?", channel).items


@register("channel/full?")
def is_full(channel):
    channel = _check("channel/full?", channel)
    return len(channel.items) >= channel.capacity
