// One system as three values in ONE row, for analysis: its properties, its factors and its links as
// lists (a row per factor and per link costs the driver far more on a map of thousands). Factors
// and links in the order of system_snapshot_factors / system_snapshot_links. No row: no system.
// (A link's `undirected` comes along for the maps, which draw from this read too.)
MATCH (s:OutcomeSystem {id: $system_id})
CALL (s) {
  MATCH (f:Factor)-[:PART_OF]->(s)
  OPTIONAL MATCH (f)-[:IN_CLUSTER]->(c:Cluster)
  WITH f, c
  ORDER BY CASE WHEN f.local_id =~ '[0-9]{1,15}' THEN toInteger(f.local_id) END, f.local_id, f.id
  RETURN collect([f.id, f.local_id, f.name, f.description, c.name, c.id, f.x, f.y]) AS factors
}
CALL (s) {
  MATCH (s)<-[:PART_OF]-(a:Factor)-[r:INFLUENCES]->(b:Factor)
  WHERE (b)-[:PART_OF]->(s)
  WITH a, b, r
  ORDER BY CASE WHEN a.local_id =~ '[0-9]{1,15}' THEN toInteger(a.local_id) END, a.local_id, a.id,
    CASE WHEN b.local_id =~ '[0-9]{1,15}' THEN toInteger(b.local_id) END, b.local_id, b.id
  RETURN collect([a.id, b.id, r.polarity, r.strength, r.delay, r.evidence, r.undirected]) AS links
}
RETURN s {.*} AS system, factors, links
