// One batch of a restore: nodes with their labels (dynamic labels, Neo4j 5.26) and properties, marked
// HlsRestoring with the id the backup file gave them so relationships can find them (indexed:
// schema/schema). restore_finish removes the marks in the same transaction.
UNWIND $rows AS row
CREATE (n:$(row.labels + ['HlsRestoring']))
SET n = row.props, n.hls_backup_id = row.id
RETURN count(n) AS created
