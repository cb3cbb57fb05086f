"""A loop summing 1 to 1000000: the cost of one loop iteration."""


def main():
    total = 0
    for i in range(1, 1000001):
        total += i
    return total
