;; A prime sieve: keep the first candidate, strike out its multiples, repeat.
(define (sieve candidates)
  (if (null? candidates)
      '()
      (let ((p (car candidates)))
        (cons p (sieve (filter (fn (n) (not (= 0 (modulo n p))))
                               (cdr candidates)))))))

(define primes (sieve (range 2 200)))
(println "primes below 200:" (length primes))
(println (take 10 primes))
(println "largest:" (last primes))
