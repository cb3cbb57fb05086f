"""Generated programs give the same value, output and error presence in semac and the reference.

Each Hypothesis example is a batch of programs run through one semac
process and one reference process. ``SEMAC_FUZZ_EXAMPLES`` sets the total
number of programs (default 200, about 20 seconds on two cores); ``make
fuzz`` runs 2000. When a batch fails, Hypothesis shrinks it and the
message shows the smallest disagreeing program.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reference_runs import disagreement, evaluate_both, fuzz_examples, oracle_unavailable_reason, report
from sema_programs import programs

PROGRAMS = fuzz_examples(200)
BATCH_SIZE = 50

pytestmark = pytest.mark.skipif(
    oracle_unavailable_reason() is not None, reason=f"reference interpreter unavailable: {oracle_unavailable_reason()}"
)


@settings(
    max_examples=math.ceil(PROGRAMS / BATCH_SIZE),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(st.data())
def test_programs_match_reference(data):
    batch = [data.draw(programs(), label=f"program {index}").source() for index in range(BATCH_SIZE)]
    failures = []
    for source, (reference, semac) in zip(batch, evaluate_both(batch)):
        difference = disagreement(reference, semac)
        if difference is not None:
            failures.append((source, difference))
    assert not failures, report(failures)
