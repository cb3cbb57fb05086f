;; Sort 20000 scrambled integers with a comparator (by last three digits,
;; then by value) and fold the order into a checksum.
(define (scrambled n)
  (map (lambda (i) (modulo (+ (* i 1103515245) 12345) 2147483648))
       (range n)))

(define (before? a b)
  (let ((ka (modulo a 1000)) (kb (modulo b 1000)))
    (or (< ka kb) (and (= ka kb) (< a b)))))

(define (checksum xs)
  (modulo (foldl + 0 (map * (range 1 (+ (length xs) 1)) xs))
          1000000007))

(checksum (sort (scrambled 20000) before?))
