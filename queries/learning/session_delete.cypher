// Deletes sensemaking session $id and its links (attendees and patterns stay).
MATCH (s:SensemakingSession {id: $id})
DETACH DELETE s
RETURN {SensemakingSession: 1} AS deleted
