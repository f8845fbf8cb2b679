// Actor $actor is no longer a co-designer of experiment $id.
MATCH (:Actor {id: $actor})-[r:CO_DESIGNED]->(:Experiment {id: $id})
DELETE r
RETURN count(*) AS removed
