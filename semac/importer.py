"""Import ``.scm`` files as Python modules.

:func:`install` adds a path hook to :data:`sys.path_hooks`, the documented
seam for new file types: a :class:`importlib.machinery.FileFinder` that
knows the ``.scm`` and ``.sema`` suffixes, with :class:`SemaLoader` as
their loader. The loader is a ``SourceFileLoader`` whose ``source_to_code``
compiles Sema instead of Python, so bytecode is cached in ``__pycache__``
as for ``.py`` files, validated by a hash of the source. The cache file name carries the compiler
version (``mod.semac-0.1.0.pyc``), so upgrading semac never runs stale code.
A module that fails to compile raises a :class:`~semac.errors.SemacError`
(an ``ImportError`` subclass would hide the location) and leaves neither a
cache file nor a ``sys.modules`` entry.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import marshal
import os
import sys
import types
import warnings

from .compiler import VERSION, compile_source

SUFFIXES = [".scm", ".sema"]
CACHE_TAG = f"semac-{VERSION}"


class SemaLoader(importlib.machinery.SourceFileLoader):
    """Loads a ``.scm`` module: compiles it, with bytecode cached like any module."""

    def source_to_code(self, data, path, *, _optimize=-1):
        source = importlib.util.decode_source(data)
        module = compile_source(source, path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            return compile(module, path, "exec", dont_inherit=True, optimize=_optimize)

    def get_code(self, fullname):
        """Return the module's code, from a valid cache file or by compiling it."""
        source_path = self.get_filename(fullname)
        cache = cache_path(source_path)
        source = self.get_data(source_path)
        # Keyed on a hash of the source, as Python's checked hash-based
        # .pyc files are: an edit within the same second is still seen.
        header = pyc_header(importlib.util.source_hash(source))
        try:
            data = self.get_data(cache)
        except OSError:
            data = None
        if data is not None and len(data) > len(header) and data[: len(header)] == header:
            try:
                code = marshal.loads(data[len(header) :])
            except (EOFError, ValueError, TypeError):
                code = None  # a damaged cache file is recompiled and replaced
            if isinstance(code, types.CodeType):
                return code
        code = self.source_to_code(source, source_path)
        if not sys.dont_write_bytecode:
            try:
                # set_data writes to a temporary file and renames it.
                self.set_data(cache, header + marshal.dumps(code))
            except (OSError, NotImplementedError):
                pass
        return code


def cache_path(source_path: str) -> str:
    """``dir/__pycache__/name.cpython-311.semac-0.1.0.pyc`` for ``dir/name.scm``."""
    directory, filename = os.path.split(source_path)
    stem = filename.rsplit(".", 1)[0]
    tag = sys.implementation.cache_tag or "python"
    return os.path.join(directory, "__pycache__", f"{stem}.{tag}.{CACHE_TAG}.pyc")


def pyc_header(source_hash: bytes) -> bytes:
    """The 16-byte header of a checked hash-based .pyc (PEP 552): magic, flags 0b11, hash."""
    return importlib.util.MAGIC_NUMBER + (3).to_bytes(4, "little") + source_hash


_hook = importlib.machinery.FileFinder.path_hook(
    (importlib.machinery.SourceFileLoader, importlib.machinery.SOURCE_SUFFIXES),
    (importlib.machinery.SourcelessFileLoader, importlib.machinery.BYTECODE_SUFFIXES),
    (importlib.machinery.ExtensionFileLoader, importlib.machinery.EXTENSION_SUFFIXES),
    (SemaLoader, SUFFIXES),
)


def install() -> None:
    """Let ``import name`` find ``name.scm`` on ``sys.path``. Safe to call twice."""
    if _hook in sys.path_hooks:
        return
    sys.path_hooks.insert(0, _hook)
    sys.path_importer_cache.clear()
