;; A loop summing 1 to 1000000: the cost of one loop iteration.
(defn main []
  (setv total 0)
  (for [i (range 1 1000001)]
    (+= total i))
  total)
