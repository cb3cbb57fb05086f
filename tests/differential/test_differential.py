"""Differential tests: semac against the reference Sema interpreter.

Every ``*.jsonl`` file in this folder contains cases, one JSON object a line::

    {"name": ..., "src": ..., "expect": {"value": ..., "output": [...], "error": ...}}

``expect`` was recorded from the reference interpreter (see ``record.py``),
except in cases that carry a ``note``: there the note names an intended
difference and ``expect`` is what semac must give.

The programs of all collected cases run through one
``python -m semac eval --jsonl`` process, which writes one line
``{"src", "value", "output", "error"}`` per program and evaluates each program
in a fresh environment. That process is started again after a program that
gets no result within ``SEMAC_DIFF_TIMEOUT`` seconds (default 120) or that
makes it exit. Each case is then one test, which compares ``value`` and
``output`` exactly. For ``error`` only its presence is compared, because semac
need not copy the reference's wording.

Live mode::

    SEMAC_ORACLE=1 pytest tests/differential

runs every case without a note through the reference interpreter and
compares semac with those fresh results instead of the recorded ones. It
needs ``node`` and the package installed by
``npm install --prefix .oracle @sema-lang/sema-wasm@1.36.0``. Without them it
warns and uses the recorded expectations.

``test_recorded_expectations_match_reference`` runs a sample of the recorded
cases through the reference (``SEMAC_ORACLE_SAMPLE`` cases per file, default
150) and skips when node or the package is missing.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import sema_oracle

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
SEMAC_COMMAND = [sys.executable, "-m", "semac", "eval", "--jsonl"]
PROGRAM_TIMEOUT = float(os.environ.get("SEMAC_DIFF_TIMEOUT", "120"))
SAMPLE_SIZE = int(os.environ.get("SEMAC_ORACLE_SAMPLE", "150"))
LIVE_MODE = os.environ.get("SEMAC_ORACLE") == "1"


@dataclass(frozen=True)
class Case:
    """One program with the result semac must give."""

    file: str
    name: str
    src: str
    expect: dict
    note: str | None
    known_gap: str | None = None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"


EXPECT_KEYS = ("value", "output", "error")


def parse_case(file: str, number: int, raw: dict) -> Case:
    """Build a case from one decoded line of a case file.

    A note may sit at the top level or inside ``expect``. Raises
    ``ValueError`` naming the file and line when a required key is missing.
    """
    missing = [key for key in ("name", "src", "expect") if key not in raw]
    missing += [
        f"expect.{key}" for key in EXPECT_KEYS if key not in raw.get("expect", {})
    ]
    if missing:
        raise ValueError(f"{file}.jsonl case {number} lacks {', '.join(missing)}")

    expect = {key: raw["expect"][key] for key in EXPECT_KEYS}
    note = raw.get("note") or raw["expect"].get("note")
    return Case(file, raw["name"], raw["src"], expect, note, raw.get("known_gap"))


def load_all_cases() -> list[Case]:
    """Read every ``*.jsonl`` case file in this folder."""
    cases = []
    for path in sorted(HERE.glob("*.jsonl")):
        for number, raw in enumerate(sema_oracle.load_cases(path), 1):
            cases.append(parse_case(path.stem, number, raw))
    return cases


CASES = load_all_cases()


# --- running semac -----------------------------------------------------------


def harness_failure(message: str) -> dict:
    """Build the result recorded for a program that got no result from semac."""
    return {"harness_error": message}


def read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def write_requests(stream, sources: list[str]) -> None:
    try:
        for src in sources:
            stream.write(json.dumps({"src": src}) + "\n")
        stream.close()
    except (BrokenPipeError, OSError, ValueError):
        pass  # semac exited early; run_batch reports that


def run_batch(sources: list[str], start: int, results: list) -> int:
    """Run ``sources[start:]`` through one semac process, filling ``results``.

    Returns the index of the first program left without a result, which is
    ``len(sources)`` when the process returned a result for every program.
    """
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            SEMAC_COMMAND,
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
        )
        lines: queue.Queue = queue.Queue()
        threading.Thread(
            target=read_lines, args=(process.stdout, lines), daemon=True
        ).start()
        threading.Thread(
            target=write_requests, args=(process.stdin, sources[start:]), daemon=True
        ).start()

        index = start
        stray: list[str] = []
        while index < len(sources):
            try:
                line = lines.get(timeout=PROGRAM_TIMEOUT)
            except queue.Empty:
                process.kill()
                process.wait()
                results[index] = harness_failure(
                    f"no result within {PROGRAM_TIMEOUT:g} s: timed out (SEMAC_DIFF_TIMEOUT)"
                )
                return index + 1
            if line is None:
                returncode = process.wait()
                stderr.seek(0)
                failure = harness_failure(
                    f"semac exited with status {returncode} before writing a result; "
                    f"stderr ends with:\n{stderr.read()[-3000:]}"
                )
                if index == 0:
                    # The command itself is broken, so restarting it once per
                    # program would only repeat this failure.
                    results[:] = [failure] * len(sources)
                    return len(sources)
                results[index] = failure
                return index + 1
            try:
                reply = json.loads(line)
            except json.JSONDecodeError:
                stray.append(line.rstrip("\n"))
                continue
            if stray:
                reply["stray_stdout"] = stray
                stray = []
            results[index] = reply
            index += 1

        process.wait(timeout=PROGRAM_TIMEOUT)
        return index


def run_semac(sources: list[str]) -> list[dict]:
    """Evaluate every source with semac, restarting it after a lost program."""
    results: list = [None] * len(sources)
    start = 0
    while start < len(sources):
        start = run_batch(sources, start, results)
    return results


def selected_indices(session: pytest.Session) -> list[int]:
    """Return the case indices of the differential tests this run collected."""
    indices = set()
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        name = getattr(item, "originalname", None)
        if name == "test_program_matches_reference" and callspec:
            indices.add(callspec.params["index"])
    return sorted(indices)


@pytest.fixture(scope="session")
def semac_results(request) -> dict[int, dict]:
    """Map each selected case index to semac's result for its program."""
    indices = selected_indices(request.session)
    results = run_semac([CASES[index].src for index in indices])
    return dict(zip(indices, results))


# --- expectations ------------------------------------------------------------


def live_expectations(indices: list[int]) -> dict[int, dict]:
    """Run the selected cases without a note through the reference interpreter."""
    expectations = {index: CASES[index].expect for index in indices}
    checked = [index for index in indices if CASES[index].note is None]
    reference_results = sema_oracle.run([CASES[index].src for index in checked])
    for index, result in zip(checked, reference_results):
        if sema_oracle.is_trap(result):
            expectations[index] = {"trapped": result["error"]}
        else:
            expectations[index] = sema_oracle.expectation(result)
    return expectations


@pytest.fixture(scope="session")
def expectations(request) -> dict[int, dict]:
    """Map each selected case index to the result semac must give."""
    indices = selected_indices(request.session)
    recorded = {index: CASES[index].expect for index in indices}
    if not LIVE_MODE:
        return recorded
    reason = sema_oracle.unavailable_reason()
    if reason is not None:
        warnings.warn(f"SEMAC_ORACLE=1 ignored, using recorded expectations: {reason}")
        return recorded
    return live_expectations(indices)


# --- the differential test ---------------------------------------------------


def describe(case: Case, expected: dict, actual: dict) -> str:
    """Format a failure so that it shows the program and both results."""
    shown = {key: value for key, value in actual.items() if key != "src"}
    if actual.get("src") not in (None, case.src):
        shown["src"] = actual["src"]
    parts = [
        f"case {case.id}",
        f"--- src ---\n{case.src}",
        f"--- expected ---\n{json.dumps(expected, indent=1, ensure_ascii=False)}",
        f"--- actual ---\n{json.dumps(shown, indent=1, ensure_ascii=False)}",
    ]
    if case.note:
        parts.insert(1, f"note: {case.note}")
    return "\n".join(parts)


def check(condition: bool, problem: str, case: Case, expected: dict, actual: dict):
    """Fail the running test with ``problem`` and both results unless ``condition``.

    pytest's own traceback would repeat the fixtures, which contain every result
    of the run, so the failure shows only this message.
    """
    if not condition:
        pytest.fail(f"{problem}\n{describe(case, expected, actual)}", pytrace=False)


def case_parameters() -> list:
    """One parameter per case; a case with a ``known_gap`` must fail (strict xfail)."""
    parameters = []
    for index, case in enumerate(CASES):
        marks = [pytest.mark.xfail(strict=True, reason=case.known_gap)] if case.known_gap else []
        parameters.append(pytest.param(index, marks=marks, id=case.id))
    return parameters


@pytest.mark.parametrize("index", case_parameters())
def test_program_matches_reference(index, semac_results, expectations):
    case = CASES[index]
    expected = expectations[index]
    actual = semac_results[index]
    if "trapped" in expected:
        pytest.skip(f"the reference trapped: {expected['trapped']}")

    check(
        "harness_error" not in actual,
        actual.get("harness_error"),
        case,
        expected,
        actual,
    )
    check(
        actual.get("src") == case.src,
        "result belongs to another program",
        case,
        expected,
        actual,
    )
    check(
        "stray_stdout" not in actual,
        "semac wrote non-JSON lines to stdout",
        case,
        expected,
        actual,
    )
    check(
        actual.get("value") == expected["value"],
        "value differs",
        case,
        expected,
        actual,
    )
    check(
        actual.get("output") == expected["output"],
        "output differs",
        case,
        expected,
        actual,
    )
    if expected["error"] is None:
        check(actual.get("error") is None, "unexpected error", case, expected, actual)
    else:
        check(
            actual.get("error") is not None, "expected an error", case, expected, actual
        )


# --- the recorded expectations against the reference -------------------------


def sample(cases: list[Case], size: int) -> list[Case]:
    """Pick at most ``size`` cases spread evenly over ``cases``."""
    if len(cases) <= size:
        return cases
    stride = len(cases) / size
    return [cases[int(position * stride)] for position in range(size)]


CASE_FILES = sorted({case.file for case in CASES})


@pytest.mark.parametrize("file", CASE_FILES)
def test_recorded_expectations_match_reference(file):
    reason = sema_oracle.unavailable_reason()
    if reason is not None:
        pytest.skip(f"reference interpreter unavailable: {reason}")

    chosen = sample(
        [c for c in CASES if c.file == file and c.note is None], SAMPLE_SIZE
    )
    reference_results = sema_oracle.run([case.src for case in chosen])
    stale = [
        f"{case.id}\n  recorded:  {case.expect}\n  reference: {sema_oracle.expectation(result)}"
        for case, result in zip(chosen, reference_results)
        if not sema_oracle.is_trap(result)
        and sema_oracle.expectation(result) != case.expect
    ]
    assert not stale, f"{len(stale)} recorded expectations are stale:\n" + "\n".join(
        stale
    )


# --- the emitted module --------------------------------------------------------


def test_every_program_compiles_to_valid_python():
    """``semac compile`` writes a module that ``ast.parse`` accepts for every case that compiles."""
    import ast

    from semac.compiler import to_python_source
    from semac.errors import SemacError

    failures = []
    for case in CASES:
        try:
            text = to_python_source(case.src, f"<{case.id}>")
        except SemacError:
            continue  # a read or compile error, which the case itself checks
        except Exception as exc:  # noqa: BLE001  (collected, then reported together)
            failures.append(f"{case.id}: {type(exc).__name__}: {exc}")
            continue
        try:
            ast.parse(text)
        except SyntaxError as exc:
            failures.append(f"{case.id}: emitted Python does not parse: {exc}")
    assert not failures, "\n".join(failures[:20])
