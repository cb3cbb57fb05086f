;; Word frequencies with maps and string functions.
(define text "the quick brown fox jumps over the lazy dog the fox")

(define (count-words words)
  (foldl (fn (counts word) (assoc counts word (+ 1 (get counts word 0))))
         {}
         words))

(define counts (count-words (string/split text " ")))
(println "distinct words:" (length (keys counts)))
(println "the:" (get counts "the") "fox:" (get counts "fox"))
(define top (take 3 (sort (map (fn (w) (list w (get counts w))) (keys counts))
                          (fn (a b) (> (cadr a) (cadr b))))))
(for-each (fn (entry) (println (format "~a appears ~a times" (car entry) (cadr entry)))) top)
(println (string/join (map string/upper (take 3 (string/split text " "))) "-"))
