"""Which global functions get a second body for int arguments."""

from semac.compiler import to_python_source


def int_entries(source: str) -> list[str]:
    text = to_python_source(source, "<test>")
    return sorted(line.split("(")[0][4:] for line in text.splitlines() if line.startswith("def ") and "_int__" in line)


def test_unused_straight_line_function_has_one_body():
    assert int_entries("(define (scale x) (+ (* x 3) 1))") == []


def test_called_function_gets_int_body():
    entries = int_entries("(define (scale x) (+ (* x 3) 1)) (scale 4)")
    assert len(entries) == 1
    assert entries[0].startswith("scale_int__")


def test_unused_function_with_loop_gets_int_body():
    source = "(define (sum-below n) (- (let loop ((k 0) (acc 0)) (if (= k n) acc (loop (+ k 1) (+ acc k)))) n))"
    entries = int_entries(source)
    assert len(entries) == 1
    assert entries[0].startswith("sum_below_int__")
