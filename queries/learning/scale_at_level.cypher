// The scale that holds level $level, if any (levels are unique).
MATCH (s:Scale {level: $level})
RETURN s.id AS id
