"""Build a 50000-item string from pieces and return its length."""


def build(n):
    return ",".join(["item-" + str(i) for i in range(n)])


def main():
    return len(build(50000))
