// Experiment $id no longer intervenes on factor $factor.
MATCH (:Experiment {id: $id})-[r:INTERVENES_ON]->(:Factor {id: $factor})
DELETE r
RETURN count(*) AS removed
