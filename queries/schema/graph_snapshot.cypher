// Every node (labels and properties) and every relationship (type, ends, properties), in a stable
// order: the tests compare two snapshots to prove a refused request changed nothing.
CALL () {
  MATCH (n)
  WITH labels(n) AS labels, properties(n) AS props
  ORDER BY labels, props.id
  RETURN collect({labels: labels, props: props}) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  WITH type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
  ORDER BY type, start, end
  RETURN collect({type: type, start: start, end: end, props: props}) AS relationships
}
RETURN nodes, relationships
