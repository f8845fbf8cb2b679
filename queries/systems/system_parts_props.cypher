// The properties of every factor, cluster and INFLUENCES link of system $system_id, as [id,
// properties] pairs (a link's id: "<source>-><target>"): what a replacing import changes, read
// before it clears the old map (graph/systems/import_history.py).
CALL () {
  MATCH (f:Factor)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
  RETURN collect([f.id, properties(f)]) AS factor
}
CALL () {
  MATCH (c:Cluster)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
  RETURN collect([c.id, properties(c)]) AS cluster
}
CALL () {
  MATCH (a:Factor)-[:PART_OF]->(:OutcomeSystem {id: $system_id}), (a)-[r:INFLUENCES]->(b:Factor)
  RETURN collect([a.id + '->' + b.id, properties(r)]) AS link
}
RETURN factor, cluster, link
