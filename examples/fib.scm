;; Naive doubly recursive Fibonacci, and a tail-recursive one.
(define (fib n)
  (if (< n 2)
      n
      (+ (fib (- n 1)) (fib (- n 2)))))

(define (fib-iter n)
  (let loop ((i 0) (a 0) (b 1))
    (if (= i n) a (loop (+ i 1) b (+ a b)))))

(println "fib(20) =" (fib 20))
(println "fib(100) =" (fib-iter 100))
