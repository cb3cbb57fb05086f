;; Count the solutions of the n-queens problem by backtracking.
(define (safe? col placed)
  (let loop ((rest placed) (distance 1))
    (cond ((null? rest) #t)
          ((or (= (car rest) col)
               (= (abs (- (car rest) col)) distance))
           #f)
          (else (loop (cdr rest) (+ distance 1))))))

(define (queens n)
  (define (place row placed)
    (if (= row n)
        1
        (foldl + 0
               (map (fn (col)
                      (if (safe? col placed) (place (+ row 1) (cons col placed)) 0))
                    (range n)))))
  (place 0 '()))

(for-each (fn (n) (println n "queens:" (queens n))) '(4 5 6 7 8))
