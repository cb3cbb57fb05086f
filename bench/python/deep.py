"""Non-tail recursion 10000 calls deep, repeated 20 times."""

import sys


def sum_to(n):
    if n == 0:
        return 0
    return n + sum_to(n - 1)


def main():
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
    return sum(sum_to(10000) for _ in range(20))
