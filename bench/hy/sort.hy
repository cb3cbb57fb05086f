;; Sort 20000 scrambled integers by last three digits, then by value, with
;; a key function, and fold the order into a checksum.
(defn scrambled [n]
  (lfor i (range n) (% (+ (* i 1103515245) 12345) 2147483648)))

(defn checksum [xs]
  (% (sum (gfor [i x] (enumerate xs 1) (* i x))) 1000000007))

(defn main []
  (checksum (sorted (scrambled 20000) :key (fn [x] #((% x 1000) x)))))
