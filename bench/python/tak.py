"""Takeuchi's function, the Gabriel benchmark: three-argument calls."""


def tak(x, y, z):
    if not y < x:
        return z
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))


def main():
    return tak(18, 12, 6)
