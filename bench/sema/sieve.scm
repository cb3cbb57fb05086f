;; Count the primes up to 30000 with a sieve of Eratosthenes over lists:
;; each prime up to the square root filters its multiples out of the
;; remaining candidates.
(define (count-primes limit)
  (let loop ((candidates (range 2 (+ limit 1))) (found 0))
    (let ((p (car candidates)))
      (if (> (* p p) limit)
          (+ found (length candidates))
          (loop (filter (lambda (x) (not (= (remainder x p) 0)))
                        (cdr candidates))
                (+ found 1))))))

(count-primes 30000)
