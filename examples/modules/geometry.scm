;; A module used by app.scm and by use_from_python.py.
(define pi 3.141592653589793)

(define (circle-area r) (* pi r r))

(define (polygon-perimeter sides length) (* sides length))
