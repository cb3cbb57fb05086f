;; Scoped budgets nest; spending inside a scope also counts outside it, and
;; the outer budget comes back when the scope ends, even after an error.
;; Run: semac run examples/llm/scoped-budgets.scm
(llm/define-provider :fake
  {:complete (fn (request)
               {:content "ok" :model "m" :usage {:prompt-tokens 10 :completion-tokens 10}})
   :default-model "m"})
;; For a real provider, replace the form above with (llm/auto-configure).

(llm/set-pricing "m" 1000 1000)
(llm/set-budget 1.00)

(define inner
  (llm/with-budget {:max-cost-usd 0.05 :max-tokens 500}
    (fn ()
      (llm/complete "one" {:max-tokens 10})
      (llm/complete "two" {:max-tokens 10})
      (llm/budget-remaining))))
(println "inner scope spent" (:spent inner) "and" (:tokens-spent inner) "tokens")
(println "session spent" (:spent (llm/budget-remaining)))

(define refused
  (try (llm/with-budget {:max-tokens 5} (fn () (llm/complete "three" {:max-tokens 10})))
       (catch e (:message e))))
(println refused)
(println "back to the session limit:" (:limit (llm/budget-remaining)))
