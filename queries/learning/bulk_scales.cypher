// Bulk write (graph/learning/bulk.py): scales $scales [{id, props}] (MERGE on id: one a database
// already has at the same level is kept). Returns how many rows matched.
UNWIND $scales AS row
MERGE (s:Scale {id: row.id})
SET s += row.props
RETURN count(*) AS scales
