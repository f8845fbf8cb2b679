// The shape of the learning structure in the database (used by the demo's tests and docs): cycles
// per scale, FEEDS_INTO links that do not go strictly up in level, cycles on a FEEDS_INTO loop,
// pairs of cycles joined by two or more FEEDS_INTO routes (diamonds), cycles without exactly the five
// element kinds, and counts of evidence, experiments, decisions and conditions by their kinds.
// Read-only; scans the whole learning structure, so meant for small (demo-sized) databases.
RETURN
  COLLECT {
    MATCH (s:Scale)
    RETURN {scale: s.id, level: s.level, cycles: COUNT { (:LearningCycle)-[:AT_SCALE]->(s) }} AS row
    ORDER BY s.level
  } AS cycles_by_scale,
  COUNT { (:LearningCycle)-[:FEEDS_INTO]->(:LearningCycle) } AS feeds_into,
  COLLECT {
    MATCH (sa:Scale)<-[:AT_SCALE]-(a:LearningCycle)-[:FEEDS_INTO]->(b:LearningCycle)-[:AT_SCALE]->(sb:Scale)
    WHERE sa.level >= sb.level
    RETURN a.id + ' -> ' + b.id AS pair ORDER BY pair
  } AS feeds_into_not_upward,
  COLLECT {
    MATCH (c:LearningCycle)
    WHERE EXISTS { (c)-[:FEEDS_INTO]->+(c) }
    RETURN c.id AS id ORDER BY id
  } AS cycles_on_a_loop,
  COLLECT {
    MATCH route = (a:LearningCycle)-[:FEEDS_INTO]->+(b:LearningCycle)
    WITH a, b, count(route) AS routes
    WHERE routes > 1
    RETURN {lower: a.id, upper: b.id, routes: routes} AS row ORDER BY row.lower, row.upper
  } AS diamonds,
  COLLECT {
    MATCH (c:LearningCycle)
    WITH c, COLLECT { MATCH (c)-[:HAS_ELEMENT]->(e:CycleElement) RETURN e.kind ORDER BY e.kind } AS kinds,
         COLLECT { MATCH (c)-[:HAS_ELEMENT]->(e:CycleElement) WHERE e.id <> c.id + ':' + e.kind
                   RETURN e.id } AS misnamed
    WHERE kinds <> ['co_design', 'embed_influence', 'experiment', 'stewardship', 'understand_system']
       OR size(misnamed) > 0
    RETURN c.id AS id ORDER BY id
  } AS cycles_without_five_elements,
  COLLECT {
    MATCH (c:LearningCycle)-[:HAS_ELEMENT]->(e:CycleElement {status: 'active'})
    WITH c, count(e) AS active
    WHERE active >= 3
    RETURN c.id AS id ORDER BY id
  } AS cycles_with_three_active_elements,
  COLLECT {
    MATCH (e:Evidence)
    WITH e.kind AS kind, e.sensitivity AS sensitivity, count(*) AS n
    RETURN {kind: kind, sensitivity: sensitivity, count: n} AS row ORDER BY kind, sensitivity
  } AS evidence,
  COLLECT {
    MATCH (x:Experiment)
    WITH x.kind AS kind, x.status AS status, count(*) AS n
    RETURN {kind: kind, status: status, count: n} AS row ORDER BY kind, status
  } AS experiments,
  COLLECT {
    MATCH (d:Decision)
    WITH d.kind AS kind, count(*) AS n
    RETURN {kind: kind, count: n} AS row ORDER BY kind
  } AS decisions,
  COLLECT {
    MATCH (k:Condition)
    WITH k.kind AS kind, k.status AS status, count(*) AS n
    RETURN {kind: kind, status: status, count: n} AS row ORDER BY kind, status
  } AS conditions
