;; Build a 50000-item string from pieces and return its length.
(defn build [n]
  (.join "," (lfor i (range n) (+ "item-" (str i)))))

(defn main []
  (len (build 50000)))
