;; Build a 50000-item string from pieces and return its length.
(define (build n)
  (string/join (map (lambda (i) (string-append "item-" (number->string i)))
                    (range n))
               ","))

(string-length (build 50000))
