// The change that brought entity $entity of kind $kind to version $version (its `after` is the
// entity as it was then).
MATCH (c:Change {entity: $entity})
WHERE c.kind = $kind AND c.version = $version AND c.after IS NOT NULL
RETURN properties(c) AS change
ORDER BY c.at DESC
LIMIT 1
