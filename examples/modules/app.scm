;; Imports another .scm module and a Python module.
(import geometry)
(import math)

(println "area:" (round (geometry.circle-area 2)))
(println "perimeter:" (geometry.polygon-perimeter 6 1.5))
(println "hypot:" (math.hypot 3 4))
