// Every outcome system for the explorer's home page, by name: its factor, cluster and link counts
// and the learning cycles that explore it. Read-only; no parameters.
MATCH (s:OutcomeSystem)
RETURN s {.id, .name, .outcome,
  factors: COUNT { (:Factor)-[:PART_OF]->(s) },
  clusters: COUNT { (:Cluster)-[:PART_OF]->(s) },
  links: COUNT { (s)<-[:PART_OF]-(:Factor)-[:INFLUENCES]->(:Factor) },
  cycles: COLLECT { MATCH (c:LearningCycle)-[:EXPLORES]->(s) RETURN c.id ORDER BY c.id }
} AS system
ORDER BY toLower(coalesce(s.name, s.id)), s.id
