;; Non-tail recursion 10000 calls deep, repeated 20 times.
(define (sum-to n)
  (if (= n 0)
      0
      (+ n (sum-to (- n 1)))))

(let loop ((round 0) (total 0))
  (if (= round 20)
      total
      (loop (+ round 1) (+ total (sum-to 10000)))))
