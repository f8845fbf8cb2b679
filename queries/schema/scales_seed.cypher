// The five HLS system scales, created only on a database that has no scale yet, so a
// deployment's renamed or added scales are never overwritten.
OPTIONAL MATCH (existing:Scale)
WITH count(existing) AS n
WHERE n = 0
UNWIND $scales AS scale
CREATE (:Scale {id: scale.id, name: scale.name, level: scale.level})
