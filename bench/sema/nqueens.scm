;; Count the solutions of the 8-queens problem by backtracking over lists.
(define (safe? col placed)
  (let loop ((rest placed) (distance 1))
    (cond ((null? rest) #t)
          ((= (car rest) col) #f)
          ((= (abs (- (car rest) col)) distance) #f)
          (else (loop (cdr rest) (+ distance 1))))))

(define (queens size)
  (define (place row placed)
    (if (= row size)
        1
        (let loop ((col 0) (total 0))
          (if (= col size)
              total
              (loop (+ col 1)
                    (if (safe? col placed)
                        (+ total (place (+ row 1) (cons col placed)))
                        total))))))
  (place 0 '()))

(queens 8)
