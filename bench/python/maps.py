"""Count 20000 keys into 101 buckets, then fold the counts into one checksum.

Idiomatic Python updates one dict in place, where the Sema program makes a
new map with assoc on every step.
"""


def tally(n):
    counts = {}
    for i in range(n):
        key = i * 7919 % 101
        counts[key] = counts.get(key, 0) + 1
    return counts


def checksum(counts):
    return sum(key * count for key, count in counts.items())


def main():
    return checksum(tally(20000))
