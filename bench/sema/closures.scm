;; Make, compose and call closures in a loop: a counter with set! and
;; two adders composed afresh on every iteration.
(define (make-counter)
  (let ((count 0))
    (lambda ()
      (set! count (+ count 1))
      count)))

(define (make-adder n)
  (lambda (x) (+ x n)))

(define (compose f g)
  (lambda (x) (f (g x))))

(define (run n)
  (let ((tick (make-counter)))
    (let loop ((i 0) (acc 0))
      (if (= i n)
          (+ acc (tick))
          (let ((step (compose (make-adder i) (make-adder 1))))
            (tick)
            (loop (+ i 1) (modulo (step acc) 1000003)))))))

(run 100000)
