// One entry of the trash: what one delete removed (nodes and relationships as JSON text), kept until
// $props.expires_at. Expired entries go at the same time.
OPTIONAL MATCH (old:TrashEntry) WHERE old.expires_at < $now
DETACH DELETE old
WITH count(*) AS purged
CREATE (t:TrashEntry)
SET t = $props
RETURN t.id AS id
