;; Count 20000 keys into 101 buckets in a dict updated in place, then fold
;; the counts into one checksum.
(defn tally [n]
  (setv counts {})
  (for [i (range n)]
    (setv key (% (* i 7919) 101))
    (setv (get counts key) (+ (.get counts key 0) 1)))
  counts)

(defn checksum [counts]
  (sum (gfor [key count] (.items counts) (* key count))))

(defn main []
  (checksum (tally 20000)))
