;; llm/pmap builds a prompt from each item, then sends them as a batch. Under
;; a budget, exactly the items that fit are sent; a failure is raised after
;; every other item has finished and been recorded.
;; Run: semac run examples/llm/pmap.scm
(llm/define-provider :fake
  {:complete (fn (request)
               (sleep 50)
               {:content (str "summary of " (:content (first (:messages request))))
                :model "m"
                :usage {:prompt-tokens 10 :completion-tokens 10}})
   :default-model "m"})
;; For a real provider, replace the form above with (llm/auto-configure).

(llm/set-pricing "m" 1000 1000)

(println (llm/pmap (fn (n) (str "chapter " n)) '(1 2 3) {:max-tokens 20}))

(llm/reset-usage)
(llm/set-budget 0.15)
(define outcome
  (try (llm/pmap (fn (n) (str "chapter " n)) (range 10) {:max-tokens 20 :concurrency 10})
       (catch e (:message e))))
(println outcome)
(define b (llm/budget-remaining))
(println "sent" (:calls (llm/session-usage)) "calls; spent" (:spent b) "of" (:limit b))
