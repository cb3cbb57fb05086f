"""Build a 20000-element list, newest item first, then sum it in a loop."""


def build(n):
    items = []
    for i in range(n):
        items.append(i)
    items.reverse()
    return items


def sum_list(xs):
    total = 0
    for x in xs:
        total += x
    return total


def main():
    return sum_list(build(20000))
