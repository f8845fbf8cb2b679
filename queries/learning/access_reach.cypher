// What actor $actor may reach: the cycles it participates in, and the cycles below those
// (FEEDS_INTO, any number of hops), which a steward may write and read `cycle` evidence of.
OPTIONAL MATCH (a:Actor {id: $actor})-[:PARTICIPATES_IN]->(c:LearningCycle)
WITH collect(DISTINCT c) AS cycles
RETURN [c IN cycles | c.id] AS participates,
       COLLECT {
         UNWIND cycles AS top
         MATCH (low:LearningCycle)-[:FEEDS_INTO*1..]->(top)
         RETURN DISTINCT low.id
       } AS below
