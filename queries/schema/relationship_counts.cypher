// How many relationships of each type the database holds.
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS n
ORDER BY type
