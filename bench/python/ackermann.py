"""Ackermann's function: tail calls mixed with nested non-tail calls."""


def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))


def main():
    return ack(3, 5)
