// Changes the name or colour of a cluster; a null value removes that property.
MATCH (c:Cluster {id: $cluster_id})
SET c += $changes
RETURN c.id AS id
