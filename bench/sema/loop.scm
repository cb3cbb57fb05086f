;; A named let summing 1 to 1000000: the cost of one loop iteration.
(let loop ((i 1) (total 0))
  (if (> i 1000000)
      total
      (loop (+ i 1) (+ total i))))
