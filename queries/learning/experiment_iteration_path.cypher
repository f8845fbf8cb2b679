// A NEXT_ITERATION path from experiment $from to experiment $to, if one exists (ids along the way).
MATCH (a:Experiment {id: $from}), (b:Experiment {id: $to})
MATCH path = shortestPath((a)-[:NEXT_ITERATION*1..]->(b))
RETURN [n IN nodes(path) | n.id] AS ids
