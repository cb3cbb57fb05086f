"""Import ``.scm`` files as Python modules.

:func:`install` appends :class:`SemaFinder` to :data:`sys.meta_path`, the
documented seam for new kinds of module. Because it comes after Python's
own path finder, a real Python module always wins: a program named
``csv.scm`` cannot shadow the standard library's ``csv`` that the runtime
imports. :class:`SemaLoader` is a ``SourceFileLoader`` whose
``source_to_code`` compiles Sema instead of Python, so bytecode is cached
in ``__pycache__`` as for ``.py`` files, validated by a hash of the source.
The cache file name carries the compiler version
(``mod.cpython-311.semac-0.1.0.pyc``), so upgrading semac never runs stale
code. A module that fails to compile raises a
:class:`~semac.errors.SemacError` and leaves neither a cache file nor a
``sys.modules`` entry.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import marshal
import os
import sys
import types

from .compiler import VERSION, compile_to_code

SUFFIXES = [".scm", ".sema"]
CACHE_TAG = f"semac-{VERSION}"


class SemaLoader(importlib.machinery.SourceFileLoader):
    """Loads a ``.scm`` module: compiles it, with bytecode cached like any module."""

    def source_to_code(self, data, path, *, _optimize=-1):
        source = importlib.util.decode_source(data)
        return compile_to_code(source, path, optimize=_optimize)

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


class SemaFinder(importlib.abc.MetaPathFinder):
    """Finds ``name.scm`` (or ``name.sema``) on ``sys.path`` or a package's ``__path__``."""

    def find_spec(self, fullname, path=None, target=None):
        directories = path if path is not None else sys.path
        leaf = fullname.rpartition(".")[2]
        for directory in directories:
            if not isinstance(directory, str):
                continue
            for suffix in SUFFIXES:
                candidate = os.path.join(os.path.abspath(directory or "."), leaf + suffix)
                if os.path.isfile(candidate):
                    loader = SemaLoader(fullname, candidate)
                    return importlib.util.spec_from_file_location(fullname, candidate, loader=loader)
        return None

    def invalidate_caches(self) -> None:
        pass


def cache_path(source_path: str) -> str:
    """``dir/__pycache__/name.cpython-311.semac-0.1.0.pyc`` for ``dir/name.scm``."""
    directory, filename = os.path.split(source_path)
    stem = filename.rsplit(".", 1)[0]
    tag = sys.implementation.cache_tag or "python"
    return os.path.join(directory, "__pycache__", f"{stem}.{tag}.{CACHE_TAG}.pyc")


def pyc_header(source_hash: bytes) -> bytes:
    """Build the 16-byte header of a checked hash-based .pyc (PEP 552): magic, flags 0b11, hash."""
    return importlib.util.MAGIC_NUMBER + (3).to_bytes(4, "little") + source_hash


_finder = SemaFinder()


def install() -> None:
    """Let ``import name`` find ``name.scm`` on ``sys.path``. Safe to call twice."""
    if _finder not in sys.meta_path:
        sys.meta_path.append(_finder)
