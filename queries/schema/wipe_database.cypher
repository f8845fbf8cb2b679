// Deletes every node and relationship. Used by the test suite between tests and by
// `hls-graph db wipe`; never by the API.
MATCH (n)
DETACH DELETE n
