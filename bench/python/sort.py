"""Sort 20000 scrambled integers by last three digits, then by value.

Idiomatic Python sorts with a key function, where the Sema program passes a
comparator.
"""


def scrambled(n):
    return [(i * 1103515245 + 12345) % 2147483648 for i in range(n)]


def checksum(xs):
    return sum(i * x for i, x in enumerate(xs, 1)) % 1000000007


def main():
    return checksum(sorted(scrambled(20000), key=lambda x: (x % 1000, x)))
