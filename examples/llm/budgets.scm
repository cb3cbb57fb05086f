;; A session budget: calls whose worst case does not fit are refused before
;; they are sent, so the limit is never passed.
;; Run: semac run examples/llm/budgets.scm
(llm/define-provider :fake
  {:complete (fn (request)
               {:content "ok" :model "m" :usage {:prompt-tokens 10 :completion-tokens 10}})
   :default-model "m"})
;; For a real provider, replace the form above with (llm/auto-configure).

(llm/set-pricing "m" 1000 1000)        ; $0.001 a token, so budgets bite fast
(llm/set-budget 0.10)

(define (try-call max-tokens)
  (try (begin (llm/complete "hi" {:max-tokens max-tokens}) "sent")
       (catch e (:message e))))

(println (try-call 10))                ; worst case $0.028: sent, costs $0.020
(println (try-call 200))               ; worst case $0.218: refused
(println (try-call 10))                ; still fits
(define b (llm/budget-remaining))
(println "spent" (:spent b) "of" (:limit b) "remaining" (:remaining b))
(llm/clear-budget)
