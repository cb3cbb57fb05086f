"""The ``path/`` namespace: path strings, with ``/`` as the separator.

Everything except ``path/absolute``, ``path/canonicalize`` and
``path/within?`` is pure string work and never touches the file system.
As in the reference, a trailing ``/`` is ignored, ``.bashrc`` has no
extension and ``a.`` has an empty one.
"""

from __future__ import annotations

import posixpath

from ..errors import IOErrorSema
from .mod_common import check_string, register


def file_name(path: str) -> str:
    """Return the text after the last ``/``, ignoring trailing ones."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def _split_extension(name: str) -> tuple[str, str | None]:
    """Split a file name into stem and extension (None when there is no dot)."""
    index = name.rfind(".")
    if index <= 0:
        return name, None
    return name[:index], name[index + 1 :]


@register("path/filename", "path/basename")
def filename(path):
    return file_name(check_string("path/filename", path))


@register("path/extension", "path/ext")
def extension(path):
    """Return the text after the last dot of the file name, or ``""``."""
    name = file_name(check_string("path/extension", path))
    return _split_extension(name)[1] or ""


@register("path/stem")
def stem(path):
    """Return the file name without its last extension."""
    name = file_name(check_string("path/stem", path))
    return _split_extension(name)[0]


@register("path/dir", "path/dirname")
def directory(path):
    """Return the path without its last component; ``""`` for a single name or ``/``."""
    check_string("path/dir", path)
    trimmed = path.rstrip("/")
    if not trimmed:
        return ""
    index = trimmed.rfind("/")
    if index < 0:
        return ""
    return trimmed[:index] if index > 0 else "/"


@register("path/join")
def join(first, *rest):
    """Join the parts with ``/``, adding one only where the left side does not end with it."""
    result = check_string("path/join", first)
    for part in rest:
        check_string("path/join", part)
        if not result.endswith("/"):
            result += "/"
        result += part
    return result


@register("path/absolute?")
def is_absolute(path):
    return check_string("path/absolute?", path).startswith("/")


def _resolve(function: str, path: str) -> str:
    import os

    check_string(function, path)
    try:
        os.stat(path)
    except OSError as exc:
        raise IOErrorSema(f"{function} {path}: {exc.strerror}") from exc
    return os.path.realpath(path)


@register("path/absolute")
def absolute(path):
    """Return the real absolute path; the path must exist."""
    return _resolve("path/absolute", path)


@register("path/canonicalize")
def canonicalize(path):
    """Return the real absolute path, following symlinks; the path must exist."""
    return _resolve("path/canonicalize", path)


@register("path/relative-to")
def relative_to(base, path):
    """Express ``path`` relative to ``base`` by path arithmetic alone."""
    check_string("path/relative-to", base)
    check_string("path/relative-to", path)
    return posixpath.relpath(posixpath.normpath(path), posixpath.normpath(base))


@register("path/within?")
def is_within(base, child):
    """Return True when ``child`` is ``base`` or inside it, after resolving ``..`` and symlinks."""
    import os

    check_string("path/within?", base)
    check_string("path/within?", child)
    real_base = os.path.realpath(base)
    real_child = os.path.realpath(child)
    return real_child == real_base or real_child.startswith(real_base.rstrip("/") + "/")
