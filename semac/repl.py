"""The interactive REPL.

Reads forms until the brackets balance, evaluates them in one namespace,
and prints each result in written form. Errors are shown and the session
goes on. Line editing and history come from the standard library's
``readline`` where Python was built with it; history is kept in
``$SEMA_HOME/history`` (``~/.sema/history`` by default).

Commands: ``,quit`` (or end of input) leaves, ``,help`` lists commands,
``,py FORM`` shows the Python a form compiles to.
"""

from __future__ import annotations

import ast
import os
import sys

from runtime.errors import error_message
from runtime.printer import pretty_string

from .compiler import Compiler, new_namespace
from .errors import InternalError, ReadError, SemacError
from .evaluate import eval_source, session_for
from .reader import read_string

PROMPT = "sema> "
CONTINUATION = "  ... "
HISTORY_LENGTH = 5000


def sema_home() -> str:
    return os.environ.get("SEMA_HOME") or os.path.join(os.path.expanduser("~"), ".sema")


def is_complete(text: str) -> bool:
    """Return True when ``text`` contains whole forms, or a read error that more input cannot fix."""
    try:
        read_string(text)
    except ReadError as exc:
        return not exc.message.startswith(("unexpected end of input", "unterminated"))
    return True


class Repl:
    def __init__(self, input_stream=None, output=None) -> None:
        self.input = input_stream or sys.stdin
        self.output = output or sys.stdout
        self.namespace = new_namespace("__main__")
        self.interactive = self.input.isatty() if hasattr(self.input, "isatty") else False
        self.history_path = os.path.join(sema_home(), "history")
        self.readline = None

    def setup_history(self) -> None:
        if not self.interactive:
            return
        try:
            import readline
        except ImportError:
            return
        self.readline = readline
        try:
            readline.read_history_file(self.history_path)
        except OSError:
            pass
        readline.set_history_length(HISTORY_LENGTH)

    def save_history(self) -> None:
        if self.readline is None:
            return
        try:
            os.makedirs(os.path.dirname(self.history_path), exist_ok=True)
            self.readline.write_history_file(self.history_path)
        except OSError:
            pass

    def read_line(self, prompt: str) -> str | None:
        if self.interactive:
            try:
                return input(prompt)
            except EOFError:
                return None
        line = self.input.readline()
        if not line:
            return None
        return line.rstrip("\n")

    def read_entry(self) -> str | None:
        lines: list[str] = []
        while True:
            line = self.read_line(PROMPT if not lines else CONTINUATION)
            if line is None:
                return "\n".join(lines) if lines else None
            lines.append(line)
            text = "\n".join(lines)
            if not text.strip() or is_complete(text):
                return text

    def run(self) -> int:
        self.setup_history()
        if self.interactive:
            print("semac REPL: ,help for commands, Ctrl-D to leave", file=self.output)
        try:
            while True:
                try:
                    entry = self.read_entry()
                except KeyboardInterrupt:
                    print("", file=self.output)
                    continue
                if entry is None:
                    break
                if not entry.strip():
                    continue
                if entry.strip().startswith(","):
                    if not self.command(entry.strip()):
                        break
                    continue
                self.evaluate(entry)
        finally:
            self.save_history()
        return 0

    def command(self, text: str) -> bool:
        name, _, argument = text.partition(" ")
        if name in (",quit", ",q", ",exit"):
            return False
        if name == ",py":
            try:
                compiler = Compiler(argument, "<repl>", session_for(self.namespace))
                module = compiler.compile_forms(read_string(argument, "<repl>"))
                print(ast.unparse(module), file=self.output)
            except SemacError as exc:
                print(exc, file=self.output)
            return True
        print(",quit leaves; ,py FORM shows the Python a form compiles to", file=self.output)
        return True

    def evaluate(self, text: str) -> None:
        try:
            value = eval_source(text, self.namespace, "<repl>")
        except KeyboardInterrupt:
            print("interrupted", file=self.output)
            return
        except SemacError as exc:
            print(exc, file=self.output)
            return
        except InternalError as exc:
            print(f"internal error: {exc}", file=self.output)
            return
        except Exception as exc:
            print(f"error: {error_message(exc)}", file=self.output)
            return
        finally:
            self.output.flush()
        if value is not None:
            print(pretty_string(value), file=self.output)
