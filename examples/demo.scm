;; A tour of semac: the language, then an LLM call under a budget.
;; The LLM part uses a provider defined in Scheme, so it runs offline;
;; examples/llm/ shows how to use a real provider.

(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
(println "fib(25) =" (fib 25))

(define inventory {:apples 3 :pears 5})
(println "total fruit:" (foldl + 0 (vals inventory)))
(println f"pears: ${(:pears inventory)}")

(llm/define-provider :echo
  {:complete (fn (request)
               {:content (string/upper (:content (first (:messages request))))
                :model "echo-1"
                :usage {:prompt-tokens 12 :completion-tokens 8}})
   :default-model "echo-1"})
(llm/set-pricing "echo-1" 1.0 2.0)

(define answers
  (llm/with-budget {:max-cost-usd 0.50}
    (lambda () (llm/pmap (fn (w) (format "Define: ~a" w)) '("ephemeral" "ubiquitous")))))
(println answers)
(define usage (llm/session-usage))
(println "calls:" (:calls usage) "tokens:" (:total-tokens usage) "cost:" (:cost-usd usage))
