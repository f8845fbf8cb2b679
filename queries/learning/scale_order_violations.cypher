// FEEDS_INTO links that would no longer go from a lower scale level to a strictly higher one if
// the scales took the levels in $levels (scale id -> level; scales not named keep theirs).
MATCH (lo:LearningCycle)-[:FEEDS_INTO]->(up:LearningCycle)
MATCH (lo)-[:AT_SCALE]->(ls:Scale), (up)-[:AT_SCALE]->(us:Scale)
WITH lo, up, ls, us,
  coalesce($levels[ls.id], ls.level) AS lower_level,
  coalesce($levels[us.id], us.level) AS upper_level
WHERE lower_level >= upper_level
RETURN lo.id AS lower, up.id AS upper, ls.id AS lower_scale, us.id AS upper_scale,
  lower_level, upper_level
ORDER BY lower, upper
