"""Make, compose and call closures in a loop.

A counter with ``nonlocal`` and two adders composed afresh on every
iteration.
"""


def make_counter():
    count = 0

    def tick():
        nonlocal count
        count += 1
        return count

    return tick


def make_adder(n):
    return lambda x: x + n


def compose(f, g):
    return lambda x: f(g(x))


def run(n):
    tick = make_counter()
    acc = 0
    for i in range(n):
        step = compose(make_adder(i), make_adder(1))
        tick()
        acc = step(acc) % 1000003
    return acc + tick()


def main():
    return run(100000)
