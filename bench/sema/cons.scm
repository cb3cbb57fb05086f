;; Build a 20000-element list with cons, then sum it with car and cdr.
(define (build n)
  (let loop ((i 0) (acc '()))
    (if (= i n)
        acc
        (loop (+ i 1) (cons i acc)))))

(define (sum-list xs)
  (let loop ((xs xs) (total 0))
    (if (null? xs)
        total
        (loop (cdr xs) (+ total (car xs))))))

(sum-list (build 20000))
