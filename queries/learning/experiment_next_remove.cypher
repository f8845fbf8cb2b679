// Experiment $next is no longer the next iteration of experiment $id.
MATCH (:Experiment {id: $id})-[r:NEXT_ITERATION]->(:Experiment {id: $next})
DELETE r
RETURN count(*) AS removed
