;; Count the primes up to 30000 with a sieve over lists: each prime up to
;; the square root filters its multiples out of the remaining candidates.
(defn count-primes [limit]
  (setv candidates (list (range 2 (+ limit 1)))
        found 0)
  (while (<= (* (get candidates 0) (get candidates 0)) limit)
    (setv p (get candidates 0)
          candidates (lfor x (cut candidates 1 None) :if (!= (% x p) 0) x))
    (+= found 1))
  (+ found (len candidates)))

(defn main []
  (count-primes 30000))
