"""The tables and summary lines that ``run.py`` prints.

Each table row is one :class:`Program`, with one :class:`Cell` per
implementation. Ratios are always against the hand-written Python column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

COLUMNS = ["semac", "python", "hy", "sema-wasm"]
# The reference interpreter's message when a program recurses too deeply.
WASM_DEPTH_ERROR = "maximum call depth"


@dataclass(frozen=True)
class Program:
    """A benchmark: its file name stem, what it computes, and if it is in the mean."""

    name: str
    workload: str
    classic: bool = True


@dataclass
class Cell:
    """One program in one implementation: its best time, result or failure."""

    best_s: float | None = None
    value: str | None = None
    failure: str | None = None
    samples: list[float] = field(default_factory=list)


def first_line(text: str, limit: int = 160) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return "-"
    if cell.failure is not None:
        if WASM_DEPTH_ERROR in cell.failure:
            return "n/a (depth limit)"
        return "failed"
    return f"{cell.best_s * 1000:.1f}"


def ratio(cell: Cell | None, base: Cell | None) -> float | None:
    if cell is None or base is None or cell.best_s is None or base.best_s is None:
        return None
    return cell.best_s / base.best_s


def ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def agreement(row: dict[str, Cell]) -> str:
    """Return ``ok`` when every result equals Python's, else the results that differ."""
    expected = row.get("python")
    values = {
        label: cell.value for label, cell in row.items() if cell.value is not None
    }
    if not values:
        return "no result"
    reference = (
        expected.value
        if expected and expected.value is not None
        else next(iter(values.values()))
    )
    differing = [
        f"{label}={shorten(value)}"
        for label, value in values.items()
        if value != reference
    ]
    if differing:
        return f"DIFFERS from {shorten(reference)}: " + ", ".join(differing)
    return "ok"


def shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
    return "\n".join(lines)


def program_table(programs: list[Program], cells: dict[str, dict[str, Cell]]) -> str:
    header = ["program", "workload", *(f"{c} ms" for c in COLUMNS)]
    header += ["semac/py", "hy/py", "wasm/py", "results"]
    rows = []
    for program in programs:
        row = cells[program.name]
        base = row.get("python")
        name = program.name if program.classic else program.name + " *"
        line = [name, program.workload, *(cell_text(row.get(c)) for c in COLUMNS)]
        line += [
            ratio_text(ratio(row.get(c), base)) for c in ("semac", "hy", "sema-wasm")
        ]
        line.append(agreement(row))
        rows.append(line)
    return markdown_table(header, rows)


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def summary_lines(
    programs: list[Program], cells: dict[str, dict[str, Cell]]
) -> list[str]:
    classic = [p for p in programs if p.classic]
    ratios = {
        p.name: ratio(cells[p.name].get("semac"), cells[p.name].get("python"))
        for p in classic
    }
    measured = {name: value for name, value in ratios.items() if value is not None}
    lines = []
    if measured:
        worst = max(measured, key=measured.get)
        mean = geometric_mean(list(measured.values()))
        lines.append(
            f"semac/python geometric mean over {len(measured)} of {len(classic)}"
            f" classic programs: {mean:.2f}x (target <= 1.15x);"
            f" worst {worst} {measured[worst]:.2f}x (target <= 1.5x)"
        )
    for program in programs:
        if not program.classic:
            value = ratio(
                cells[program.name].get("semac"), cells[program.name].get("python")
            )
            lines.append(
                f"* {program.name} is not in the mean: semac/python {ratio_text(value)}"
            )
    return lines


def failure_notes(
    programs: list[Program], cells: dict[str, dict[str, Cell]]
) -> list[str]:
    notes = []
    for program in programs:
        for label, cell in cells[program.name].items():
            if cell.failure is not None and WASM_DEPTH_ERROR not in cell.failure:
                notes.append(f"{program.name} in {label}: {cell.failure}")
    return notes
