// Deletes experiment $id and the evidence it yielded (evidence never outlives its experiment).
// Patterns stay; answers those left with no evidence at all.
MATCH (x:Experiment {id: $id})
WITH x, COLLECT { MATCH (x)-[:YIELDED]->(e:Evidence) RETURN e } AS evidence
WITH x, evidence,
  COLLECT {
    MATCH (p:Pattern)-[:DERIVED_FROM]->(e:Evidence)
    WHERE e IN evidence AND NOT EXISTS {
      MATCH (p)-[:DERIVED_FROM]->(other:Evidence) WHERE NOT other IN evidence
    }
    RETURN DISTINCT p.id AS id ORDER BY id
  } AS orphaned
FOREACH (e IN evidence | DETACH DELETE e)
DETACH DELETE x
RETURN {Experiment: 1, Evidence: size(evidence)} AS deleted, orphaned AS patterns_left_without_evidence
