;; Count 20000 keys into 101 buckets with assoc on an immutable map,
;; then fold the counts into one checksum.
(define (tally n)
  (let loop ((i 0) (counts {}))
    (if (= i n)
        counts
        (let ((key (modulo (* i 7919) 101)))
          (loop (+ i 1)
                (assoc counts key (+ (get counts key 0) 1)))))))

(define (checksum counts)
  (foldl (lambda (acc key) (+ acc (* key (get counts key))))
         0
         (keys counts)))

(checksum (tally 20000))
