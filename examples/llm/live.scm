;; Usage, a token budget and pmap against a real model: whatever provider
;; the environment configures (an API key, OPENAI_BASE_URL), or the local
;; Gemma 3 270M model that examples/llm/run_live.py starts when no key is set.
;; Small models answer oddly, so this prints sizes and usage, not answers.
(define provider (llm/auto-configure))
(println "provider:" provider)

(define answer (llm/complete "Name one colour of the rainbow." {:max-tokens 16}))
(define u (llm/last-usage))
(println "completion:" (string-length answer) "characters from model" (:model u))
(println "usage:" (:prompt-tokens u) "prompt +" (:completion-tokens u) "completion =" (:total-tokens u) "tokens")

;; A token budget holds whatever the model's price: a call whose worst case
;; (prompt estimate plus :max-tokens) does not fit is never sent.
(define words '("ephemeral" "ubiquitous" "serendipity" "quixotic" "laconic" "ineffable"))
(define result
  (llm/with-budget {:max-tokens 150}
    (lambda ()
      (try (llm/pmap (fn (w) (format "Define: ~a" w)) words {:max-tokens 20 :concurrency 3})
           (catch e (:message e))))))
(define s (llm/session-usage))
(println "pmap:" (if (string? result) "stopped by the budget" "all sent")
         "| calls so far:" (:calls s) "| tokens:" (:total-tokens s))
(println "budget kept:" (<= (- (:total-tokens s) (:total-tokens u)) 150))
