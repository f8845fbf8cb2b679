// The end of a restore: the restored nodes lose their restore marks.
MATCH (n:HlsRestoring)
REMOVE n:HlsRestoring, n.hls_backup_id
RETURN count(n) AS restored
