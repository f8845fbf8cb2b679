// The ids of learning cycle $cycle and every cycle below it (FEEDS_INTO into it, at any depth), or
// of every cycle when $cycle is null: what a learning export carries.
CALL () {
  MATCH (top:LearningCycle {id: $cycle})<-[:FEEDS_INTO*0..]-(c:LearningCycle)
  WHERE $cycle IS NOT NULL
  RETURN c.id AS id
  UNION
  MATCH (c:LearningCycle)
  WHERE $cycle IS NULL
  RETURN c.id AS id
}
RETURN collect(DISTINCT id) AS ids
