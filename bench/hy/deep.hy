;; Non-tail recursion 10000 calls deep, repeated 20 times.
(import sys)

(defn sum-to [n]
  (if (= n 0)
      0
      (+ n (sum-to (- n 1)))))

(defn main []
  (sys.setrecursionlimit (max (sys.getrecursionlimit) 20000))
  (sum (gfor _ (range 20) (sum-to 10000))))
