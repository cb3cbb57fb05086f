;; Count the solutions of the 8-queens problem by backtracking over lists.
(defn safe? [col placed]
  (for [[distance other] (enumerate placed 1)]
    (when (or (= other col) (= (abs (- other col)) distance))
      (return False)))
  True)

(defn queens [size]
  (defn place [row placed]
    (if (= row size)
        1
        (do
          (setv total 0)
          (for [col (range size)]
            (when (safe? col placed)
              (+= total (place (+ row 1) (+ [col] placed)))))
          total)))
  (place 0 []))

(defn main []
  (queens 8))
