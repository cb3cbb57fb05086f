;; Build a 20000-element list, newest item first, then sum it in a loop.
(defn build [n]
  (setv items [])
  (for [i (range n)]
    (.append items i))
  (.reverse items)
  items)

(defn sum-list [xs]
  (setv total 0)
  (for [x xs]
    (+= total x))
  total)

(defn main []
  (sum-list (build 20000)))
