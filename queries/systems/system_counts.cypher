// How many factors, clusters and links (by polarity; unknown polarity is a missing property) one
// outcome system has.
MATCH (s:OutcomeSystem {id: $system_id})
RETURN
  COUNT { (:Factor)-[:PART_OF]->(s) } AS factors,
  COUNT { (:Cluster)-[:PART_OF]->(s) } AS clusters,
  COUNT { (s)<-[:PART_OF]-(:Factor)-[:INFLUENCES]->(:Factor) } AS links,
  COUNT { (s)<-[:PART_OF]-(:Factor)-[r:INFLUENCES]->(:Factor) WHERE r.polarity = 1 } AS positive_links,
  COUNT { (s)<-[:PART_OF]-(:Factor)-[r:INFLUENCES]->(:Factor) WHERE r.polarity = -1 } AS negative_links,
  COUNT { (s)<-[:PART_OF]-(:Factor)-[r:INFLUENCES]->(:Factor) WHERE r.polarity IS NULL } AS unknown_links
