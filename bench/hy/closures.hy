;; Make, compose and call closures in a loop: a counter with nonlocal and
;; two adders composed afresh on every iteration.
(defn make-counter []
  (setv count 0)
  (defn tick []
    (nonlocal count)
    (+= count 1)
    count)
  tick)

(defn make-adder [n]
  (fn [x] (+ x n)))

(defn compose [f g]
  (fn [x] (f (g x))))

(defn run [n]
  (setv tick (make-counter)
        acc 0)
  (for [i (range n)]
    (setv step (compose (make-adder i) (make-adder 1)))
    (tick)
    (setv acc (% (step acc) 1000003)))
  (+ acc (tick)))

(defn main []
  (run 100000))
