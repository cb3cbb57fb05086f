;; Doubly recursive Fibonacci: small integer arithmetic and calls.
(defn fib [n]
  (if (< n 2)
      n
      (+ (fib (- n 1)) (fib (- n 2)))))

(defn main []
  (fib 25))
