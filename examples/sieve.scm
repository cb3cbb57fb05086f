;; The sieve of Eratosthenes on a mutable vector.
(define (primes-below limit)
  (let ((marks (make-vector limit #t)))
    (do ((i 2 (+ i 1))) ((>= (* i i) limit))
      (when (vector-ref marks i)
        (do ((j (* i i) (+ j i))) ((>= j limit))
          (vector-set! marks j #f))))
    (filter (fn (i) (vector-ref marks i)) (range 2 limit))))

(define primes (primes-below 100))
(println "primes below 100:" (length primes))
(println (take 10 primes))
