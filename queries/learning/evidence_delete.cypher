// Deletes evidence $id; patterns derived from it stay. Answers those left with no evidence at all.
MATCH (e:Evidence {id: $id})
WITH e,
  COLLECT {
    MATCH (p:Pattern)-[:DERIVED_FROM]->(e)
    WHERE NOT EXISTS { MATCH (p)-[:DERIVED_FROM]->(other:Evidence) WHERE other <> e }
    RETURN p.id AS id ORDER BY id
  } AS orphaned
DETACH DELETE e
RETURN {Evidence: 1} AS deleted, orphaned AS patterns_left_without_evidence
