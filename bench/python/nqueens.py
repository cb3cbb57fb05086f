"""Count the solutions of the 8-queens problem by backtracking over lists."""


def safe(col, placed):
    for distance, other in enumerate(placed, 1):
        if other == col or abs(other - col) == distance:
            return False
    return True


def queens(size):
    def place(row, placed):
        if row == size:
            return 1
        total = 0
        for col in range(size):
            if safe(col, placed):
                total += place(row + 1, [col] + placed)
        return total

    return place(0, [])


def main():
    return queens(8)
