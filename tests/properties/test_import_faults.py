"""Fault injection for the ``.scm`` import cache, with real processes and files.

Each test imports a module in fresh ``python`` processes, then edits,
breaks or locks the source or its ``__pycache__`` entry between imports.
The processes run with ``PYTHONDONTWRITEBYTECODE`` unset, so the cache is
really written even when the calling shell disables bytecode.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reference_runs import ROOT
from semac.importer import cache_path, pyc_header

MODULE = "semac_fault_mod"

LOADER = textwrap.dedent(
    f"""
    import sys
    sys.path.insert(0, ".")
    import semac
    import {MODULE}
    print({MODULE}.value)
    """
)


def python_env(**overrides: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("SEMA_HOME", str(ROOT / ".pytest_cache" / "sema-home"))
    env.update(overrides)
    return env


def import_in_process(directory: Path, script: str = LOADER, **env: str) -> subprocess.CompletedProcess:
    """Run ``script`` with ``directory`` as the working directory, in a new process."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=directory,
        env=python_env(**env),
        timeout=120,
    )


def write_source(directory: Path, text: str, mtime_offset: float = 0.0) -> Path:
    """Write the module source; move its mtime ``mtime_offset`` seconds away from now."""
    path = directory / f"{MODULE}.scm"
    path.write_text(text, encoding="utf-8")
    if mtime_offset:
        stamp = time.time() + mtime_offset
        os.utime(path, (stamp, stamp))
    return path


def cache_file(source: Path) -> Path:
    return Path(cache_path(str(source)))


def valid_header(source: Path) -> bytes:
    return pyc_header(importlib.util.source_hash(source.read_bytes()))


def assert_imports(directory: Path, value: str, **env: str) -> None:
    result = import_in_process(directory, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == value


# -- edits after caching ----------------------------------------------------


def test_cache_is_written_and_reused(tmp_path):
    source = write_source(tmp_path, "(define value 1)\n", mtime_offset=-10)
    assert_imports(tmp_path, "1")
    cache = cache_file(source)
    assert cache.is_file()
    stamp = cache.stat().st_mtime_ns

    assert_imports(tmp_path, "1")
    assert cache.stat().st_mtime_ns == stamp


def test_edit_with_new_size_is_recompiled(tmp_path):
    write_source(tmp_path, "(define value 1)\n", mtime_offset=-10)
    assert_imports(tmp_path, "1")
    write_source(tmp_path, "(define value 1234)\n")
    assert_imports(tmp_path, "1234")


def test_edit_with_same_size_later_is_recompiled(tmp_path):
    write_source(tmp_path, "(define value 1)\n", mtime_offset=-10)
    assert_imports(tmp_path, "1")
    write_source(tmp_path, "(define value 2)\n")
    assert_imports(tmp_path, "2")


def test_edit_with_same_size_same_second_is_recompiled(tmp_path):
    source = write_source(tmp_path, "(define value 1)\n", mtime_offset=-10)
    assert_imports(tmp_path, "1")
    stamp = source.stat().st_mtime
    write_source(tmp_path, "(define value 2)\n")
    os.utime(source, (stamp, stamp))
    assert_imports(tmp_path, "2")


def test_compile_failure_after_good_cache(tmp_path):
    source = write_source(tmp_path, "(define value 1)\n", mtime_offset=-10)
    assert_imports(tmp_path, "1")

    write_source(tmp_path, "(define value 2)\n(define broken (\n")
    failed = import_in_process(tmp_path)
    assert failed.returncode != 0
    assert f"{source}:2:16" in failed.stderr
    assert "read error" in failed.stderr
    assert failed.stdout == ""

    write_source(tmp_path, "(define value 3)\n", mtime_offset=10)
    assert_imports(tmp_path, "3")


# -- concurrent imports -------------------------------------------------------


def big_module(functions: int = 1500) -> str:
    """A module that takes a noticeable time to compile, so importers overlap."""
    lines = [f"(define (f{index} x) (+ x {index}))" for index in range(functions)]
    lines.append('(println "loaded")')
    lines.append(f"(define value (f{functions - 1} 1))")
    return "\n".join(lines) + "\n"


def test_two_threads_import_once(tmp_path):
    write_source(tmp_path, big_module())
    script = textwrap.dedent(
        f"""
        import importlib, sys, threading
        sys.path.insert(0, ".")
        import semac
        barrier = threading.Barrier(2)
        modules = []

        def load():
            barrier.wait()
            modules.append(importlib.import_module("{MODULE}"))

        threads = [threading.Thread(target=load) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(len(modules), modules[0] is modules[1], modules[0].value)
        """
    )
    result = import_in_process(tmp_path, script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["loaded", "2 True 1500"]


def test_two_processes_import_at_once(tmp_path):
    source = write_source(tmp_path, big_module(), mtime_offset=-10)
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, ".")
        import semac
        while not os.path.exists("go"):
            time.sleep(0.001)
        import {MODULE}
        print({MODULE}.value)
        """
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            cwd=tmp_path,
            env=python_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(0.5)
    (tmp_path / "go").touch()
    outputs = [process.communicate(timeout=120) for process in processes]

    for process, (stdout, stderr) in zip(processes, outputs):
        assert process.returncode == 0, stderr
        assert stdout.splitlines() == ["loaded", "1500"]
    cache = cache_file(source)
    assert sorted(path.name for path in cache.parent.iterdir()) == [cache.name]
    stamp = cache.stat().st_mtime_ns
    assert_imports(tmp_path, "loaded\n1500")
    assert cache.stat().st_mtime_ns == stamp


# -- damaged cache files ------------------------------------------------------

MARSHALLED_NON_CODE = {
    "an int": marshal.dumps(42),
    "None": marshal.dumps(None),
    "a tuple": marshal.dumps((1, 2)),
}


@pytest.mark.parametrize(
    "damage",
    ["empty file", "truncated header", "wrong magic number", "garbage after header", "truncated code"],
)
def test_corrupt_cache_is_recompiled(tmp_path, damage):
    source = write_source(tmp_path, "(define value 1)\n", mtime_offset=-10)
    assert_imports(tmp_path, "1")
    cache = cache_file(source)
    good = cache.read_bytes()
    header = valid_header(source)
    assert good.startswith(header)
    damaged = {
        "empty file": b"",
        "truncated header": good[:10],
        "wrong magic number": b"\0\0\0\0" + good[4:],
        "garbage after header": header + b"\xff\x00 not marshal data",
        "truncated code": good[: len(header) + (len(good) - len(header)) // 2],
    }[damage]
    cache.write_bytes(damaged)

    assert_imports(tmp_path, "1")
    assert cache.read_bytes() == good


@pytest.mark.parametrize("payload", sorted(MARSHALLED_NON_CODE))
def test_cache_holding_non_code_is_recompiled(tmp_path, payload):
    source = write_source(tmp_path, "(define value 1)\n", mtime_offset=-10)
    assert_imports(tmp_path, "1")
    cache = cache_file(source)
    cache.write_bytes(valid_header(source) + MARSHALLED_NON_CODE[payload])

    assert_imports(tmp_path, "1")


# -- caches that cannot be written ---------------------------------------------


def test_pycache_that_is_a_file(tmp_path):
    (tmp_path / "__pycache__").write_text("not a directory")
    write_source(tmp_path, "(define value 1)\n")
    assert_imports(tmp_path, "1")
    assert_imports(tmp_path, "1")
    assert (tmp_path / "__pycache__").read_text() == "not a directory"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write to a read-only directory")
def test_read_only_pycache(tmp_path):
    cache_directory = tmp_path / "__pycache__"
    cache_directory.mkdir()
    write_source(tmp_path, "(define value 1)\n")
    cache_directory.chmod(0o555)
    try:
        assert_imports(tmp_path, "1")
        assert list(cache_directory.iterdir()) == []
    finally:
        cache_directory.chmod(0o755)


def test_cache_path_taken_by_directory(tmp_path):
    (tmp_path / "__pycache__").mkdir()
    source = write_source(tmp_path, "(define value 1)\n")
    # A directory in place of the cache file makes the write fail, even for root.
    cache_file(source).mkdir()
    assert_imports(tmp_path, "1")
    assert cache_file(source).is_dir()


def test_bytecode_writing_disabled(tmp_path):
    write_source(tmp_path, "(define value 1)\n")
    assert_imports(tmp_path, "1", PYTHONDONTWRITEBYTECODE="1")
    assert not (tmp_path / "__pycache__").exists()
