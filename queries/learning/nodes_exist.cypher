// For each id in $ids, which domain labels hold a node with that id (one index lookup per label).
UNWIND $ids AS wanted
RETURN wanted AS id, [pair IN [
    ['Scale', EXISTS { MATCH (:Scale {id: wanted}) }],
    ['LearningCycle', EXISTS { MATCH (:LearningCycle {id: wanted}) }],
    ['CycleElement', EXISTS { MATCH (:CycleElement {id: wanted}) }],
    ['Actor', EXISTS { MATCH (:Actor {id: wanted}) }],
    ['Experiment', EXISTS { MATCH (:Experiment {id: wanted}) }],
    ['Evidence', EXISTS { MATCH (:Evidence {id: wanted}) }],
    ['Pattern', EXISTS { MATCH (:Pattern {id: wanted}) }],
    ['SensemakingSession', EXISTS { MATCH (:SensemakingSession {id: wanted}) }],
    ['Decision', EXISTS { MATCH (:Decision {id: wanted}) }],
    ['Condition', EXISTS { MATCH (:Condition {id: wanted}) }],
    ['OutcomeSystem', EXISTS { MATCH (:OutcomeSystem {id: wanted}) }],
    ['Factor', EXISTS { MATCH (:Factor {id: wanted}) }]
  ] WHERE pair[1] | pair[0]] AS labels
