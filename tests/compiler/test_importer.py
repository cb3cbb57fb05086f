"""``import prog`` finds prog.scm; bytecode is cached and invalidated like .py."""

import importlib
import os
import sys
import threading
from pathlib import Path

import pytest

import semac  # noqa: F401  (installs the import hook)
from semac.errors import SemacError
from semac.importer import CACHE_TAG


@pytest.fixture
def module_dir(tmp_path, monkeypatch):
    # PYTHONDONTWRITEBYTECODE may be set in the environment; these tests need caching on.
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield tmp_path
    for name in list(sys.modules):
        if name.startswith("semac_test_"):
            del sys.modules[name]


def cache_files(directory: Path, stem: str) -> list:
    cache = directory / "__pycache__"
    if not cache.exists():
        return []
    return sorted(p.name for p in cache.iterdir() if p.name.startswith(stem + "."))


def test_import_scm_module(module_dir):
    (module_dir / "semac_test_basic.scm").write_text("(define (double-it x) (list x x))\n(define answer? #t)\n")
    module = importlib.import_module("semac_test_basic")
    assert module.double_it(3) == [3, 3]
    assert module._answer_q_ is True
    assert cache_files(module_dir, "semac_test_basic") == [f"semac_test_basic.{sys.implementation.cache_tag}.{CACHE_TAG}.pyc"]


def test_no_cache_when_bytecode_writing_is_off(module_dir, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    (module_dir / "semac_test_nocache.scm").write_text("(define value 3)\n")
    assert importlib.import_module("semac_test_nocache").value == 3
    assert cache_files(module_dir, "semac_test_nocache") == []


def test_edited_source_is_recompiled(module_dir):
    path = module_dir / "semac_test_edit.scm"
    path.write_text("(define value 1)\n")
    assert importlib.import_module("semac_test_edit").value == 1
    del sys.modules["semac_test_edit"]
    path.write_text("(define value 2) ; a longer file, so the size changes\n")
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    assert importlib.import_module("semac_test_edit").value == 2


def test_cached_bytecode_is_used(module_dir):
    path = module_dir / "semac_test_cached.scm"
    path.write_text("(define value 1)\n")
    importlib.import_module("semac_test_cached")
    del sys.modules["semac_test_cached"]
    (cache,) = (module_dir / "__pycache__").iterdir()
    stamp = cache.stat().st_mtime_ns
    importlib.import_module("semac_test_cached")
    assert cache.stat().st_mtime_ns == stamp


def test_compile_failure_leaves_no_trace(module_dir):
    path = module_dir / "semac_test_broken.scm"
    path.write_text("(define x 1)\n(let ((y)) y)\n")
    with pytest.raises(SemacError) as info:
        importlib.import_module("semac_test_broken")
    assert info.value.line == 2
    assert "semac_test_broken" not in sys.modules
    assert cache_files(module_dir, "semac_test_broken") == []


def test_failure_after_good_cache_keeps_error(module_dir):
    path = module_dir / "semac_test_regress.scm"
    path.write_text("(define value 1)\n")
    importlib.import_module("semac_test_regress")
    del sys.modules["semac_test_regress"]
    path.write_text("(define value (\n")
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    with pytest.raises(SemacError):
        importlib.import_module("semac_test_regress")
    assert "semac_test_regress" not in sys.modules


def test_scm_imports_scm_and_python(module_dir):
    (module_dir / "semac_test_lib.scm").write_text("(define (greet name) (str \"hi \" name))\n")
    (module_dir / "semac_test_app.scm").write_text(
        "(import semac_test_lib)\n(import math)\n"
        "(define (run) (list (semac_test_lib.greet \"bo\") (math.floor 2.5) (.upper \"abc\")))\n"
    )
    assert importlib.import_module("semac_test_app").run() == ["hi bo", 2, "ABC"]


def test_concurrent_imports(module_dir):
    (module_dir / "semac_test_threads.scm").write_text("(define value 42)\n")
    results = []

    def load():
        results.append(importlib.import_module("semac_test_threads").value)

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 8


def test_runtime_never_imports_semac():
    import subprocess

    code = (
        "import sys, runtime.prelude, runtime.support\n"
        "assert not any(name == 'semac' or name.startswith('semac.') for name in sys.modules), sorted(sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
