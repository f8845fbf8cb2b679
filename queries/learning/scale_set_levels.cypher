// Gives each scale named in $levels (scale id -> level) its new level.
UNWIND keys($levels) AS scale_id
MATCH (s:Scale {id: scale_id})
SET s.level = $levels[scale_id]
RETURN count(s) AS changed
