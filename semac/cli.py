"""The ``semac`` command: run, compile, eval and repl.

Exit status: 0 on success, 1 when the program fails (a compile error or an
uncaught run-time error), 2 for bad command-line usage.
"""

from __future__ import annotations

import argparse
import re
import contextvars
import io
import json
import os
import sys
import threading
import traceback

from runtime.errors import error_message, to_sema_error
from runtime.output import LineCapture
from runtime.printer import pretty_string

from .compiler import VERSION, compile_to_code, new_namespace, to_python_source
from .errors import InternalError, SemacError

#: C stack for the thread that runs programs; deep recursion through
#: builtins such as ``map`` needs more than the default 8 MiB.
PROGRAM_STACK_BYTES = 512 * 1024 * 1024


def run_with_big_stack(function, *args):
    """Run ``function(*args)`` in a thread with a large stack and return its result."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # re-raised in the calling thread
            outcome["error"] = exc

    previous = threading.stack_size()
    try:
        threading.stack_size(PROGRAM_STACK_BYTES)
    except (ValueError, RuntimeError):
        pass
    try:
        worker = threading.Thread(target=target, name="semac-program", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


MAX_TRACEBACK_FRAMES = 40


def display_frame_name(name: str) -> str:
    """The Sema name of a compiled function from its Python name."""
    from runtime.names import demangle

    if name == "<module>":
        return name
    if name.startswith("lambda__") or name == "<lambda>":
        return "<lambda>"
    base = re.sub(r"(_int)?__\d+$", "", name)
    return demangle(base)


def format_runtime_error(exc: BaseException) -> str:
    """Format ``exc`` as a traceback of Sema source lines, then the Sema error message."""
    lines = []
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.endswith((".scm", ".sema")) or frame.filename.startswith("<")
        and not frame.filename.startswith("<frozen")
    ]
    if frames:
        lines.append("Traceback (most recent call last):")
        entries = []
        for frame in frames:
            entries.append((frame.filename, frame.lineno, display_frame_name(frame.name), (frame.line or "").strip()))
        if len(entries) > MAX_TRACEBACK_FRAMES:
            # Deep recursion: keep the outermost and innermost calls.
            half = MAX_TRACEBACK_FRAMES // 2
            hidden = len(entries) - 2 * half
            entries = entries[:half] + [None] + entries[-half:]
        else:
            hidden = 0
        previous, repeats = None, 0
        for entry in entries + [("", 0, "", "")]:
            if entry is not None and entry == previous:
                repeats += 1
                continue
            if repeats:
                lines.append(f"  [previous line repeated {repeats} more times]")
                repeats = 0
            if entry is None:
                lines.append(f"  ... {hidden} more calls ...")
                previous = None
                continue
            if entry[0]:
                filename, line, name, text = entry
                lines.append(f'  File "{filename}", line {line}, in {name}')
                if text:
                    lines.append(f"    {text}")
            previous = entry
    error = to_sema_error(exc)
    lines.append(f"error[{error.kind}]: {error_message(exc)}")
    return "\n".join(lines)


def read_source(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise SystemExit(f"semac: cannot read {path}: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        raise SystemExit(f"semac: {path} is not valid UTF-8 text (byte {exc.start}): {exc.reason}")


def command_run(options) -> int:
    from .importer import install

    install()
    path = os.path.abspath(options.file)
    source = read_source(options.file)
    directory = os.path.dirname(path)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    sys.argv = [options.file] + list(options.args)
    try:
        code = compile_to_code(source, path)
    except SemacError as exc:
        print(exc, file=sys.stderr)
        return 1
    namespace = new_namespace("__main__")
    namespace["__file__"] = path

    def execute():
        exec(code, namespace)

    try:
        run_with_big_stack(execute)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except SemacError as exc:
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:
        sys.stdout.flush()
        print(format_runtime_error(exc), file=sys.stderr)
        return 1
    finally:
        sys.stdout.flush()
    return 0


def command_compile(options) -> int:
    source = read_source(options.file)
    try:
        text = to_python_source(source, options.file)
    except SemacError as exc:
        print(exc, file=sys.stderr)
        return 1
    output = options.output
    if output is None:
        output = os.path.splitext(options.file)[0] + ".py"
    if output == "-":
        sys.stdout.write(text)
        return 0
    temporary = output + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, output)
    print(f"wrote {output}", file=sys.stderr)
    return 0


def evaluate_program(source: str) -> dict:
    """Run one program in a fresh namespace; return value, output and error as JSON data."""
    from .evaluate import eval_source

    from runtime.registry import reset_state

    reset_state()
    captured = LineCapture()
    previous = sys.stdout
    sys.stdout = captured
    value = None
    error = None
    try:
        # A new, empty context: context variables (budgets, context/) start from their defaults.
        value = contextvars.Context().run(eval_source, source, new_namespace("__main__"), "<input>")
    except SemacError as exc:
        error = f"{exc.label}: {exc.message}"
    except InternalError as exc:
        error = str(exc)
    except ProgramTimeout:
        error = "timed out"
    except Exception as exc:
        error = error_message(exc)
    except SystemExit as exc:
        error = f"exit {exc.code}"
    finally:
        sys.stdout = previous
    lines = captured.result()
    written = None
    if error is None and value is not None:
        try:
            written = pretty_string(value)
        except RecursionError:
            error = "cannot print the value: it contains itself or is nested too deeply"
    return {"value": written, "output": lines, "error": error.splitlines()[0] if error else None}


class ProgramTimeout(Exception):
    """Raised inside a program that ran longer than ``--timeout``."""


def interrupt_thread(thread: threading.Thread, exception: type) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(exception))


def command_eval_jsonl(options) -> int:
    from .importer import install

    install()
    requests = []
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            requests.append(json.loads(line))
        except json.JSONDecodeError as exc:
            requests.append({"src": None, "_invalid": f"not JSON: {exc}"})
    out = sys.stdout
    results: list = [None] * len(requests)
    done = threading.Event()
    current = {"index": -1, "started": 0.0}

    def work():
        import time

        for index, request in enumerate(requests):
            current["index"] = index
            current["started"] = time.monotonic()
            if not isinstance(request.get("src"), str):
                reason = request.pop("_invalid", "missing \"src\" string")
                results[index] = {"value": None, "output": [], "error": f"invalid request: {reason}"}
            else:
                try:
                    results[index] = evaluate_program(request["src"])
                except ProgramTimeout:
                    results[index] = {"value": None, "output": [], "error": "timed out"}
                except Exception as exc:  # noqa: BLE001  (one program's failure must not end the others)
                    results[index] = {"value": None, "output": [], "error": f"internal error: {type(exc).__name__}: {exc}"}
            reply = dict(request)
            reply.update(results[index])
            out.write(json.dumps(reply) + "\n")
            out.flush()
        done.set()

    previous = threading.stack_size()
    threading.stack_size(PROGRAM_STACK_BYTES)
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    threading.stack_size(previous)
    import time

    while not done.wait(0.1):
        if not worker.is_alive():
            break
        if options.timeout and current["index"] >= 0 and time.monotonic() - current["started"] > options.timeout:
            interrupt_thread(worker, ProgramTimeout)
            current["started"] = time.monotonic() + 5
    if not done.is_set():
        print(f"semac eval --jsonl: stopped at request {current['index'] + 1} of {len(requests)}", file=sys.stderr)
        return 1
    return 0


def command_eval(options) -> int:
    if options.jsonl:
        return command_eval_jsonl(options)
    from .evaluate import eval_source
    from .importer import install

    install()
    source = options.source if options.source is not None else sys.stdin.read()
    try:
        value = run_with_big_stack(eval_source, source, new_namespace("__main__"), "<eval>")
    except SemacError as exc:
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:
        sys.stdout.flush()
        print(format_runtime_error(exc), file=sys.stderr)
        return 1
    sys.stdout.flush()
    print(pretty_string(value))
    return 0


def command_repl(options) -> int:
    from .repl import Repl

    return Repl().run()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="semac", description="Compile and run Sema (Scheme) programs on Python.")
    parser.add_argument("--version", action="version", version=f"semac {VERSION}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="compile and run a .scm program")
    run.add_argument("file", help="the .scm file to run")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the program")
    run.set_defaults(handler=command_run)

    compile_ = commands.add_parser("compile", help="write the Python module a .scm file compiles to")
    compile_.add_argument("file", help="the .scm file to compile")
    compile_.add_argument("-o", "--output", help="output path (default: FILE with .py; '-' for stdout)")
    compile_.set_defaults(handler=command_compile)

    evaluate = commands.add_parser("eval", help="evaluate source text and print the last value")
    evaluate.add_argument("source", nargs="?", help="Sema source (default: read standard input)")
    evaluate.add_argument("--jsonl", action="store_true", help='read JSON lines {"src": ...} and write one result line for each')
    evaluate.add_argument("--timeout", type=float, default=30.0, help="seconds each --jsonl program may run (default 30)")
    evaluate.set_defaults(handler=command_eval)

    repl = commands.add_parser("repl", help="start an interactive session")
    repl.set_defaults(handler=command_repl)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    if not getattr(options, "handler", None):
        parser.print_help()
        return 2
    try:
        return options.handler(options)
    except InternalError as exc:
        print(f"semac: {exc}\nThis is a bug in semac; please report it with the program that caused it.", file=sys.stderr)
        return 70
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
