"""Doubly recursive Fibonacci: small integer arithmetic and calls."""


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    return fib(25)
