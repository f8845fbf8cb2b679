// One page of scale ids in level order, and how many scales there are.
MATCH (s:Scale)
WITH s.id AS id ORDER BY s.level
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids
