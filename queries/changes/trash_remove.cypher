// Removes trash entry $id (it was restored).
MATCH (t:TrashEntry {id: $id})
DELETE t
RETURN count(*) AS removed
