"""Every example program prints exactly its recorded .out file.

The .out files of the plain language examples were recorded with the
reference interpreter; module and LLM examples were checked by hand.
"""

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_semac

EXAMPLES = ROOT / "examples"
PROGRAMS = sorted(p for p in EXAMPLES.rglob("*.scm") if p.with_suffix(".out").exists())


@pytest.mark.parametrize("program", PROGRAMS, ids=[str(p.relative_to(EXAMPLES)) for p in PROGRAMS])
def test_example_output(program: Path):
    result = run_semac("run", str(program), cwd=program.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == program.with_suffix(".out").read_text()


def test_examples_have_outputs():
    assert len(PROGRAMS) >= 7


def test_module_used_from_python():
    import subprocess
    import sys

    script = EXAMPLES / "modules" / "use_from_python.py"
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=script.parent,
        env={"PYTHONPATH": f"{ROOT}:{script.parent}", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "area: 3.1416\nperimeter: 8\n"
