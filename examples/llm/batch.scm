;; Many prompts at once on a bounded thread pool; answers keep input order.
;; Run: semac run examples/llm/batch.scm
(llm/define-provider :fake
  {:complete (fn (request)
               (sleep 100)              ; pretend the model takes 100 ms
               {:content (string/upper (:content (first (:messages request))))
                :model "m"
                :usage {:prompt-tokens 5 :completion-tokens 5}})
   :default-model "m"})
;; For a real provider, replace the form above with (llm/auto-configure).
(llm/set-pricing "m" 0.15 0.6)

(println (llm/batch ["red" "green" "blue" "cyan"] {:concurrency 4 :max-tokens 20}))
(define s (llm/session-usage))
(println "calls:" (:calls s) "cost: $" (:cost-usd s))
