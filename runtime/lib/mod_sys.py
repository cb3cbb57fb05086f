"""The ``sys/`` namespace: the process, the host and the environment.

These report the real machine (the reference's WebAssembly build reports
a browser instead: ``(sys/os)`` is ``"web"`` there). Functions that only
make sense inside the reference's own process are registered as
unavailable.
"""

from __future__ import annotations

import os
import sys
import time as _clock

from ..registry import unavailable
from ..values import Keyword, Map
from .mod_common import check_string, register

_STARTED_NS = _clock.monotonic_ns()


@register("sys/args")
def args():
    """Return the full argument vector: the program path first, then its arguments."""
    return list(sys.argv)


@register("sys/cwd")
def cwd():
    return os.getcwd()


@register("sys/elapsed")
def elapsed():
    """Return nanoseconds since the runtime was loaded, from a monotonic clock."""
    return _clock.monotonic_ns() - _STARTED_NS


@register("sys/env-all")
def env_all():
    """Return every environment variable as a map from string to string."""
    return Map(os.environ.items())


@register("sys/set-env")
def set_env(name, value):
    check_string("sys/set-env", name)
    check_string("sys/set-env", value)
    os.environ[name] = value


@register("sys/home-dir")
def home_dir():
    home = os.path.expanduser("~")
    return None if home == "~" else home


@register("sys/temp-dir")
def temp_dir():
    import tempfile

    return tempfile.gettempdir()


@register("sys/config-dir")
def config_dir():
    """Return ``$XDG_CONFIG_HOME`` or ``~/.config``, or nil without a home directory."""
    configured = os.environ.get("XDG_CONFIG_HOME")
    if configured:
        return configured
    home = home_dir()
    return None if home is None else os.path.join(home, ".config")


@register("sys/hostname")
def hostname():
    import socket

    return socket.gethostname()


@register("sys/user")
def user():
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


@register("sys/pid")
def pid():
    return os.getpid()


@register("sys/os")
def os_name():
    """Return the operating system: ``"linux"``, ``"macos"``, ``"windows"``..."""
    platform = sys.platform
    if platform.startswith("linux"):
        return "linux"
    if platform == "darwin":
        return "macos"
    if platform in ("win32", "cygwin"):
        return "windows"
    return platform


@register("sys/platform")
def platform_family():
    """Return ``"unix"`` or ``"windows"``."""
    return "windows" if os.name == "nt" else "unix"


@register("sys/arch")
def arch():
    """Return the CPU architecture, such as ``"x86_64"`` or ``"aarch64"``."""
    import platform

    machine = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)


@register("sys/interactive?")
def is_interactive():
    """Return True when standard input is a terminal."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


@register("sys/tty")
def tty():
    """Return the terminal device of standard input, or nil when there is none."""
    try:
        return os.ttyname(sys.stdin.fileno())
    except (AttributeError, ValueError, OSError):
        return None


@register("sys/term-size")
def term_size():
    """Return ``{:rows :cols}`` of the terminal, or nil when no stream is a terminal."""
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            size = os.get_terminal_size(stream.fileno())
        except (AttributeError, ValueError, OSError):
            continue
        return Map({Keyword("rows"): size.lines, Keyword("cols"): size.columns})
    return None


@register("sys/which")
def which(program):
    """Return the full path of ``program`` found on ``PATH``, or nil."""
    import shutil

    return shutil.which(check_string("sys/which", program))


for _name in ("sys/on-signal", "sys/check-signals", "sys/interner-stats", "sys/sema-home"):
    unavailable(_name)
