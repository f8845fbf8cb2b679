// Decision $id is no longer recorded as informed by pattern $pattern.
MATCH (:Decision {id: $id})-[r:INFORMED_BY]->(:Pattern {id: $pattern})
DELETE r
RETURN count(*) AS removed
