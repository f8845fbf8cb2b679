// The stored properties of the ids a merging bulk load writes again ($entities: ids of the learning
// structure's one namespace, $scales: scale ids), as [id, properties] pairs: the `before` of each
// entity's history record (graph/learning/bulk.py; the API's bulk writes create only new ids).
CALL () { UNWIND $entities AS i MATCH (n:Entity {id: i}) RETURN collect([i, properties(n)]) AS entities }
CALL () { UNWIND $scales AS i MATCH (n:Scale {id: i}) RETURN collect([i, properties(n)]) AS scales }
RETURN entities, scales
