// A FEEDS_INTO path from cycle $from up to cycle $to, if one exists (ids along the way).
MATCH (a:LearningCycle {id: $from}), (b:LearningCycle {id: $to})
MATCH path = shortestPath((a)-[:FEEDS_INTO*1..]->(b))
RETURN [n IN nodes(path) | n.id] AS ids
