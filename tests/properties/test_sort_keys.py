"""A comparator read as sort keys orders every list as the comparator itself does.

``semac.sortkeys`` turns comparators over int keys into a key function.
Each comparator below is compiled twice: as a literal, which is keyed when
it has one of the recognised shapes, and behind a wrapper that hides it.
With the wrapper, the builtin ``sort`` calls it for every comparison and
orders ties as the reference does (the differential cases in
``fast-paths.scm-cases`` check that). Lists are drawn with many ties and with a few
non-int elements, which must send the keyed sort back to the comparator.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from semac.compiler import to_python_source
from tests.conftest import evaluate
from tests.properties.reference_runs import fuzz_examples

COMPARATORS = [
    "(lambda (a b) (< a b))",
    "(lambda (a b) (>= a b))",
    "(lambda (a b) (< (modulo a 7) (modulo b 7)))",
    "(lambda (a b) (> (abs a) (abs b)))",
    "(lambda (a b) (<= (quotient a 3) (quotient b 3)))",
    "(lambda (a b) (< (remainder b 4) (remainder a 4)))",
    "(lambda (a b) (let ((ka (modulo a 5)) (kb (modulo b 5))) (or (< ka kb) (and (= ka kb) (> a b)))))",
    "(lambda (a b) (let* ((ka (- a)) (kb (- b))) (if (= ka kb) (< (abs a) (abs b)) (< ka kb))))",
    "(lambda (a b) (cond ((< (modulo a 3) (modulo b 3)) #t) ((> (modulo a 3) (modulo b 3)) #f) (else (<= (* a a) (* b b)))))",
    "(lambda (a b) (or (< (+ a 1) (+ b 1)) (and (= (+ a 1) (+ b 1)) (< (modulo a 2) (modulo b 2)))))",
]

ELEMENTS = st.one_of(
    st.integers(-12, 12),
    st.integers(-(2**70), 2**70),
    st.sampled_from(["1.5", "-0.5", "1/2"]),
)


@pytest.mark.parametrize("comparator", COMPARATORS)
def test_shapes_sort_by_keys(comparator):
    emitted = to_python_source(f"(define (f xs) (sort xs {comparator}))", "<test>")
    assert "_rt.sort_keyed(" in emitted, emitted


@pytest.mark.parametrize(
    "comparator",
    [
        "(lambda (a b) (< (modulo a 0) (modulo b 0)))",  # raises, so the comparator must run
        "(lambda (a b) (< (car a) (car b)))",
        "(lambda (a b) (let ((ka (modulo a 5)) (noise (display 1)) (kb (modulo b 5))) (< ka kb)))",
        "(lambda (a b) (or (<= a b) (and (= a b) (< a b))))",
        "(lambda (a b) (< (modulo a 3) (modulo b 4)))",
        "(lambda (a b) (< a a))",
    ],
)
def test_other_shapes_call_comparator(comparator):
    emitted = to_python_source(f"(define (f xs) (sort xs {comparator}))", "<test>")
    assert "_rt.sort_keyed(" not in emitted, emitted


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(comparator=st.sampled_from(COMPARATORS), items=st.lists(ELEMENTS, max_size=40))
def test_keyed_sort_matches_comparator(comparator, items):
    literal = "(list " + " ".join(str(item) for item in items) + ")"
    keyed = evaluate(f"(sort {literal} {comparator})")
    hidden = evaluate(f"(define (hide f) (lambda (a b) (f a b))) (sort {literal} (hide {comparator}))")
    assert keyed == hidden

