;; Ackermann's function: tail calls mixed with nested non-tail calls.
(defn ack [m n]
  (cond (= m 0) (+ n 1)
        (= n 0) (ack (- m 1) 1)
        True (ack (- m 1) (ack m (- n 1)))))

(defn main []
  (ack 3 5))
