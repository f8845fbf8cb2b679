// One batch of a restore: relationships between nodes created by restore_nodes in this transaction.
UNWIND $rows AS row
MATCH (a:HlsRestoring {hls_backup_id: row.start})
MATCH (b:HlsRestoring {hls_backup_id: row.end})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS created
