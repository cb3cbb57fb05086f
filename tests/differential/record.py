"""Record expectations for the differential cases from the reference interpreter.

Usage, from the project root::

    python tests/differential/record.py            # rewrite language.jsonl
    python tests/differential/record.py --check    # exit 1 if it would change

Programs live in ``programs/*.scm-cases``. Each case starts with a header
line ``;;; NAME`` (lowercase letters, digits and hyphens) and runs until the
next header. Optional lines right after the header:

``;;; note: TEXT``
    documents an intended difference from the reference.
``;;; expect: JSON``
    the ``{"value", "output", "error"}`` semac must give instead of the
    reference's result. It requires a note.

Lines before the first header describe the file and are ignored. Every
program is run twice through one reference process per run, once in file
order and once in reverse order. A case whose two results differ, or whose
result is a WebAssembly trap, is left out and listed on stderr, because the
reference leaks state between programs after some failures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import sema_oracle

PROGRAMS_DIR = sema_oracle.HERE / "programs"
OUTPUT = sema_oracle.HERE / "language.jsonl"

HEADER = re.compile(r"^;;; ([a-z0-9][a-z0-9-]*)\s*$")
META = re.compile(r"^;;; (note|expect): (.*)$")


@dataclass
class Program:
    """One case read from a ``.scm-cases`` file."""

    name: str
    path: Path
    line: int
    src: str = ""
    note: str | None = None
    expect: dict | None = None


def parse_file(path: Path) -> list[Program]:
    """Split a ``.scm-cases`` file into programs.

    Raises ``ValueError`` for metadata outside a header or an expect
    override without a note.
    """
    programs: list[Program] = []
    body: list[str] = []
    in_header = False

    def finish() -> None:
        if programs:
            programs[-1].src = "\n".join(body).strip()
        body.clear()

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        header = HEADER.match(line)
        meta = META.match(line)
        if header:
            finish()
            programs.append(Program(header.group(1), path, number))
            in_header = True
        elif meta:
            if not (programs and in_header):
                raise ValueError(f"{path}:{number}: metadata line outside a header")
            key, text = meta.groups()
            if key == "note":
                programs[-1].note = text.strip()
            else:
                programs[-1].expect = json.loads(text)
        else:
            in_header = False
            if programs:
                body.append(line)
    finish()

    for program in programs:
        if program.expect is not None and program.note is None:
            raise ValueError(f"{path}:{program.line}: expect override needs a note")
    return programs


def load_programs() -> list[Program]:
    """Read every program file, rejecting empty programs and repeated names."""
    programs: list[Program] = []
    seen: dict[str, Program] = {}
    for path in sorted(PROGRAMS_DIR.glob("*.scm-cases")):
        for program in parse_file(path):
            where = f"{program.path.name}:{program.line}"
            if not program.src:
                raise ValueError(f"{where}: case {program.name} has no program")
            if program.name in seen:
                first = seen[program.name]
                raise ValueError(
                    f"{where}: case name {program.name} already used at "
                    f"{first.path.name}:{first.line}"
                )
            seen[program.name] = program
            programs.append(program)
    return programs


def evaluate_twice(programs: list[Program]) -> tuple[list[dict], list[dict]]:
    """Run all programs in file order, then in reverse order."""
    sources = [program.src for program in programs]
    forward = sema_oracle.run(sources)
    backward = sema_oracle.run(sources[::-1])[::-1]
    return forward, backward


def build_case(program: Program, forward: dict, backward: dict) -> dict | None:
    """Turn one program and its two reference results into a case.

    Returns None, after a message on stderr, when the result cannot be trusted.
    """
    where = f"{program.path.name}:{program.line} {program.name}"
    if sema_oracle.is_trap(forward) or sema_oracle.is_trap(backward):
        print(f"skipped {where}: the reference trapped", file=sys.stderr)
        return None
    recorded = sema_oracle.expectation(forward)
    if recorded != sema_oracle.expectation(backward):
        print(
            f"skipped {where}: result depends on the programs run before it",
            file=sys.stderr,
        )
        return None

    case: dict = {"name": program.name, "src": program.src}
    if program.expect is None:
        case["expect"] = recorded
        return case

    case["expect"] = program.expect
    case["note"] = program.note
    if program.expect == recorded:
        print(
            f"warning {where}: the reference now gives the noted expectation",
            file=sys.stderr,
        )
    return case


def render(cases: list[dict]) -> str:
    """Serialize cases as JSON lines, keeping non-ASCII text readable."""
    return "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare with the recorded file instead of writing it",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=OUTPUT,
        help="JSON-lines file to write (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    programs = load_programs()
    forward, backward = evaluate_twice(programs)
    cases = [
        case
        for program, first, second in zip(programs, forward, backward)
        if (case := build_case(program, first, second)) is not None
    ]
    text = render(cases)

    if args.check:
        current = (
            args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        )
        if current != text:
            print(f"{args.output} is out of date: run record.py", file=sys.stderr)
            return 1
        print(f"{args.output}: {len(cases)} cases up to date")
        return 0

    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {len(cases)} of {len(programs)} cases to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
