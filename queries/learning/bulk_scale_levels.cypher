// Every scale and its level (a handful of rows): the bulk write's scale-order checks.
MATCH (s:Scale)
RETURN s.id AS id, s.level AS level
