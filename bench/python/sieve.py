"""Count the primes up to 30000 with a sieve over lists.

Each prime up to the square root filters its multiples out of the remaining
candidates.
"""


def count_primes(limit):
    candidates = list(range(2, limit + 1))
    found = 0
    while candidates[0] * candidates[0] <= limit:
        p = candidates[0]
        candidates = [x for x in candidates[1:] if x % p != 0]
        found += 1
    return found + len(candidates)


def main():
    return count_primes(30000)
