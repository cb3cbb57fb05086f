"""Run time, compile speed and start-up of semac against Python, Hy and Sema.

Each program in :data:`PROGRAMS` exists four times: ``sema/NAME.scm``
(compiled by semac, and run as it is by the reference interpreter),
``python/NAME.py`` and ``hy/NAME.hy`` (hand-written, ``main()`` returns the
result). Every program is compiled once. Each timed run executes the
compiled module in a fresh namespace, timed with ``time.perf_counter``,
and the table shows the best run. Each program runs at least ``--repeat``
times in each implementation, and short programs run more often, until
their runs add up to half a second (see :class:`Budget`). The runs of all
programs and in-process implementations are interleaved, so a burst of
load from another process spreads over all columns instead of one.

Run: python bench/run.py [--quick] [--only NAME] [--repeat N] [--json FILE]
     python bench/run.py --profile NAME
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# The project root for semac and runtime, and this folder for the modules
# beside this file, also when the script is run through runpy.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR), str(BENCH_DIR.parent)]

import startup  # noqa: E402
from implementations import (  # noqa: E402
    Semac,
    hy,
    in_process_implementations,
    sema_wasm_missing,
    time_in_sema_wasm,
    written,
)
from report import (  # noqa: E402
    Cell,
    Program,
    agreement,
    failure_notes,
    first_line,
    markdown_table,
    program_table,
    summary_lines,
)

PROGRAMS = [
    Program("fib", "(fib 25)"),
    Program("tak", "(tak 18 12 6)"),
    Program("ackermann", "(ack 3 5)"),
    Program("nqueens", "8 queens, all solutions"),
    Program("sieve", "primes up to 30000"),
    Program("strings", "join 50000 pieces"),
    Program("maps", "20000 assoc into a map"),
    Program("sort", "20000 ints, comparator"),
    Program("closures", "100000 compose/counter"),
    Program("deep", "20 x depth 10000"),
    Program("loop", "named let, 1..1e6", classic=False),
    Program("cons", "cons 20000, cdr down", classic=False),
]

MIN_TOTAL_S = 0.5
MAX_RUNS = 100
WASM_TIMEOUT_S = 900


@dataclass(frozen=True)
class Budget:
    """How often each program runs in each implementation.

    At least ``min_runs`` times, then on until the runs add up to
    ``min_total_s`` seconds, but never more than ``max_runs`` times. On a
    busy machine the best of many short runs varies less between
    invocations than the best of five.
    """

    min_runs: int
    min_total_s: float
    max_runs: int

    def wants_more(self, samples: list[float]) -> bool:
        if len(samples) >= self.max_runs:
            return False
        return len(samples) < self.min_runs or sum(samples) < self.min_total_s


# -- measuring --------------------------------------------------------------


def measure_in_process(
    programs: list[Program], budget: Budget
) -> dict[str, dict[str, Cell]]:
    """Time every program in semac, Python and Hy.

    Returns the cells by program name, then by implementation label.
    """
    implementations = in_process_implementations()
    cells = {p.name: {impl.label: Cell() for impl in implementations} for p in programs}
    compiled = {}
    for program in programs:
        for impl in implementations:
            path = impl.source_dir / (program.name + impl.suffix)
            try:
                compiled[program.name, impl.label] = impl.prepare(path)
            except Exception as exc:  # noqa: BLE001  (reported in the table)
                failure = f"compile failed: {describe(exc)}"
                cells[program.name][impl.label].failure = failure

    while True:
        pending = [
            (program, impl)
            for program in programs
            for impl in implementations
            if cells[program.name][impl.label].failure is None
            and budget.wants_more(cells[program.name][impl.label].samples)
        ]
        if not pending:
            return cells
        for program, impl in pending:
            time_one_run(
                impl,
                compiled[program.name, impl.label],
                cells[program.name][impl.label],
            )


def time_one_run(impl, code, cell: Cell) -> None:
    gc.collect()
    started = time.perf_counter()
    try:
        value = impl.run(code)
    except Exception as exc:  # noqa: BLE001  (reported in the table)
        cell.failure = f"run failed: {describe(exc)}"
        return
    elapsed = time.perf_counter() - started
    cell.samples.append(elapsed)
    cell.best_s = min(cell.samples)
    try:
        cell.value = written(value)
    except Exception as exc:  # noqa: BLE001  (reported in the table)
        cell.failure = f"result cannot be printed: {describe(exc)}"


def measure_sema_wasm(
    programs: list[Program], budget: Budget
) -> tuple[dict[str, Cell], str | None]:
    """Time every program in the reference interpreter.

    Returns the cells by program name, and the reason when it was skipped.
    """
    missing = sema_wasm_missing()
    if missing:
        return {}, missing
    paths = {p.name: Semac.source_dir / f"{p.name}.scm" for p in programs}
    try:
        reports = time_in_sema_wasm(paths, budget, WASM_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {}, f"timed out after {WASM_TIMEOUT_S} s"
    except subprocess.CalledProcessError as exc:
        lines = exc.stderr.strip().splitlines()
        return {}, "node failed: " + (
            first_line(lines[-1]) if lines else f"exit status {exc.returncode}"
        )
    cells = {}
    for name, report in reports.items():
        cell = Cell()
        if report["error"]:
            cell.failure = first_line(report["error"])
        else:
            cell.best_s = report["best_ms"] / 1000
            cell.samples = [run_ms / 1000 for run_ms in report["runs_ms"]]
            cell.value = report["value"] if report["value"] is not None else "nil"
        cells[name] = cell
    return cells, None


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {first_line(str(exc))}"


# -- the run ----------------------------------------------------------------


def machine_lines() -> list[str]:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    hy_version = hy.__version__ if hy is not None else "not installed"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"machine: {model}, {os.cpu_count()} cores; load average at start {load}",
        f"Python {platform.python_version()}; Hy {hy_version}; node {node_version()}",
    ]


def node_version() -> str:
    try:
        return subprocess.run(
            ["node", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not installed"


def run_programs(programs: list[Program], budget: Budget, report: dict) -> bool:
    """Measure and print the program table; return True when every result agrees."""
    cells = measure_in_process(programs, budget)
    wasm_cells, wasm_skipped = measure_sema_wasm(programs, budget)
    for program in programs:
        if program.name in wasm_cells:
            cells[program.name]["sema-wasm"] = wasm_cells[program.name]

    if budget.min_total_s:
        runs = (
            f"at least {budget.min_runs} runs, and short programs until"
            f" {budget.min_total_s} s (at most {budget.max_runs})"
        )
    else:
        runs = f"{budget.min_runs} run(s)"
    print(f"Run time in ms, best of {runs}:\n")
    print(program_table(programs, cells))
    print()
    for line in summary_lines(programs, cells):
        print(line)
    if hy is None:
        print("hy: not installed, so its column is empty (pip install -e '.[bench]')")
    if wasm_skipped:
        print(f"sema-wasm: skipped, {wasm_skipped}")
    notes = failure_notes(programs, cells)
    for note in notes:
        print(f"failed: {note}")

    report["programs"] = {
        name: {label: vars(cell) for label, cell in row.items()}
        for name, row in cells.items()
    }
    agree = all(agreement(cells[p.name]) == "ok" for p in programs)
    ran = all(
        cell.failure is None
        for p in programs
        for label, cell in cells[p.name].items()
        if label != "sema-wasm"
    )
    return agree and ran


def attempt(action):
    """Call ``action``; return ``(value, None)``, or ``(None, reason)`` if it raises."""
    try:
        return action(), None
    except subprocess.CalledProcessError as exc:
        lines = (exc.stderr or "").strip().splitlines()
        return None, "subprocess failed: " + (
            first_line(lines[-1]) if lines else f"exit status {exc.returncode}"
        )
    except Exception as exc:  # noqa: BLE001  (reported beside the table)
        return None, describe(exc)


def run_compile_speed(line_count: int, repeat: int, report: dict) -> None:
    print(
        f"\nCompile speed, generated {line_count}-line module to a code object,"
        f" best of {repeat}:\n"
    )
    result, failure = attempt(lambda: startup.compile_speed(line_count, repeat))
    report["compile"] = result or {"failure": failure}
    if failure:
        print(f"failed: {failure}")
        return
    rows = [
        [
            "semac",
            f"{result['semac_s'] * 1000:.0f}",
            f"{line_count / result['semac_s']:,.0f}",
        ]
    ]
    if result["hy_s"] is not None:
        rows.append(
            [
                "hy",
                f"{result['hy_s'] * 1000:.0f}",
                f"{line_count / result['hy_s']:,.0f}",
            ]
        )
    print(markdown_table(["compiler", "ms", "lines/s"], rows))
    if result["hy_s"] is not None:
        speedup = result["hy_s"] / result["semac_s"]
        print(f"\nsemac is {speedup:.2f}x as fast as Hy (target >= 10x)")


def run_startup(line_count: int, repeat: int, report: dict) -> None:
    statement = "import runtime.prelude, runtime.support"
    runtime_ms, runtime_failure = attempt(lambda: startup.runtime_import_ms(repeat))
    semac_ms, semac_failure = attempt(lambda: startup.semac_import_ms(repeat))
    breakdown, breakdown_failure = attempt(
        lambda: startup.importtime_breakdown(statement)
    )
    cached, cached_failure = attempt(
        lambda: startup.cached_module_import(line_count, repeat)
    )
    report["startup"] = {
        "runtime_ms": runtime_ms,
        "semac_ms": semac_ms,
        "importtime": breakdown,
        "cached": cached,
    }

    def format_ms(value, failure, digits=1):
        return "failed" if failure else f"{value:.{digits}f}"

    rows = [
        [
            f"{statement} (fresh process, less `python -c pass`)",
            format_ms(runtime_ms, runtime_failure),
        ],
        [
            "the same, sum of -X importtime cumulative times",
            format_ms(breakdown and breakdown["total_ms"], breakdown_failure),
        ],
        ["import semac (compiler and import hook)", format_ms(semac_ms, semac_failure)],
        [
            f"import cached {line_count}-line module from .scm",
            format_ms(cached and cached["scm_ms"], cached_failure, 2),
        ],
        [
            "import the same module as the .py semac emits, cached",
            format_ms(cached and cached["py_ms"], cached_failure, 2),
        ],
    ]
    if cached:
        rows.append([".scm over .py", f"{cached['scm_ms'] - cached['py_ms']:+.2f}"])
    print(f"\nStart-up, best of {repeat} fresh processes:\n")
    print(markdown_table(["measurement", "ms"], rows))
    print("\ntargets: import runtime < 30 ms; cached .scm within 5 ms of .py")
    if breakdown:
        heaviest = ", ".join(
            f"{name} {cumulative:.1f} ms (by {parent})"
            for name, cumulative, parent in breakdown["heaviest"]
        )
        print(
            "heaviest imports of other packages by the runtime"
            f" (-X importtime, cumulative): {heaviest}"
        )
    if cached and cached["recompiled"]:
        print(
            "warning: the .scm module was recompiled during the timed imports,"
            " so its time is not a cache hit"
        )
    for measurement, failure in [
        ("import runtime", runtime_failure),
        ("import semac", semac_failure),
        ("-X importtime", breakdown_failure),
        ("cached module import", cached_failure),
    ]:
        if failure:
            print(f"failed: {measurement}: {failure}")


def profile_program(name: str) -> None:
    """Print the 15 functions with the most own time in one semac run of ``name``."""
    impl = Semac()
    code = impl.prepare(impl.source_dir / f"{name}.scm")
    impl.run(code)
    profiler = cProfile.Profile()
    profiler.runcall(impl.run, code)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(15)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run per program, a 1000-line module for compile speed"
        " and 3 start-up samples",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this program (repeatable), skipping the compile"
        " and start-up sections",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        metavar="N",
        help="minimum runs per program and implementation (default 5, 1 with --quick)",
    )
    parser.add_argument(
        "--json", metavar="FILE", help="also write every measurement to FILE as JSON"
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="profile one semac program with cProfile and exit",
    )
    return parser.parse_args(argv)


def select_programs(only: list[str] | None) -> list[Program]:
    if not only:
        return PROGRAMS
    requested = {name for item in only for name in item.split(",")}
    known = {p.name for p in PROGRAMS}
    unknown = sorted(requested - known)
    if unknown:
        expected = ", ".join(sorted(known))
        raise SystemExit(
            f"unknown program {', '.join(unknown)}; expected one of {expected}"
        )
    return [p for p in PROGRAMS if p.name in requested]


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.profile:
        select_programs([args.profile])
        profile_program(args.profile)
        return 0
    programs = select_programs(args.only)
    repeat = args.repeat or (1 if args.quick else 5)
    budget = Budget(repeat, 0.0 if args.quick else MIN_TOTAL_S, max(repeat, MAX_RUNS))

    report: dict = {"machine": machine_lines(), "budget": vars(budget)}
    for line in report["machine"]:
        print(line)
    print()
    agree = run_programs(programs, budget, report)
    if not args.only:
        run_compile_speed(1000 if args.quick else 4000, 1 if args.quick else 3, report)
        run_startup(1000 if args.quick else 4000, 3 if args.quick else 10, report)
    if args.json:
        Path(args.json).write_text(
            json.dumps(report, indent=2) + "\n", encoding="utf-8"
        )
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
