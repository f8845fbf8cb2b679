// Pattern $id is no longer derived from evidence $evidence.
MATCH (:Pattern {id: $id})-[d:DERIVED_FROM]->(:Evidence {id: $evidence})
DELETE d
RETURN count(*) AS removed
