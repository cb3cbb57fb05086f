;; defmacro and syntax-rules, including a hygienic temporary.
(defmacro unless* (test . body)
  `(if ,test nil (begin ,@body)))

(define-syntax swap!
  (syntax-rules ()
    ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp)))))

(define-syntax my-and
  (syntax-rules ()
    ((_) #t)
    ((_ e) e)
    ((_ e rest ...) (if e (my-and rest ...) #f))))

(define tmp 1)
(define other 2)
(swap! tmp other)
(println "after swap:" tmp other)
(println (unless* #f 'ran) (my-and 1 2 3) (my-and 1 #f 3))

(define-record-type point (make-point x y) point? (x point-x) (y point-y))
(define p (make-point 3 4))
(println p (point? p) (sqrt (+ (* (point-x p) (point-x p)) (* (point-y p) (point-y p)))))
(println (match [1 [2 3]] ([a [b c]] (+ a b c))))
(println (try (throw {:code 7}) (catch e (:code (:value e)))))
