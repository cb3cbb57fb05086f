;; Per-call and session usage, with a custom price.
;; Run: semac run examples/llm/usage.scm
(llm/define-provider :fake
  {:complete (fn (request)
               (let ((prompt (:content (first (:messages request)))))
                 {:content (string/upper prompt)
                  :model "fake-model"
                  :usage {:prompt-tokens 120 :completion-tokens 40 :cache-read-tokens 100}}))
   :default-model "fake-model"})
;; For a real provider, replace the form above with (llm/auto-configure).

;; USD per million tokens: input, output and (optional) cached input.
(llm/set-pricing "fake-model" 3.0 15.0 0.3)

(println (llm/complete "hello, world"))
(define u (llm/last-usage))
(println "prompt" (:prompt-tokens u) "of which cached" (:cache-read-tokens u))
(println "completion" (:completion-tokens u) "cost $" (:cost-usd u))

(llm/complete "and again")
(define s (llm/session-usage))
(println "session:" (:calls s) "calls," (:total-tokens s) "tokens, $" (:cost-usd s))
(println "pricing table:" (:source (llm/pricing-status)))
