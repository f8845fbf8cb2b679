// Nodes per label of the domain model (answered from Neo4j's count store, not a scan).
RETURN
  COUNT { (:Scale) } AS Scale,
  COUNT { (:LearningCycle) } AS LearningCycle,
  COUNT { (:CycleElement) } AS CycleElement,
  COUNT { (:Actor) } AS Actor,
  COUNT { (:Experiment) } AS Experiment,
  COUNT { (:Evidence) } AS Evidence,
  COUNT { (:Pattern) } AS Pattern,
  COUNT { (:SensemakingSession) } AS SensemakingSession,
  COUNT { (:Decision) } AS Decision,
  COUNT { (:Condition) } AS Condition,
  COUNT { (:OutcomeSystem) } AS OutcomeSystem,
  COUNT { (:Factor) } AS Factor,
  COUNT { (:Cluster) } AS Cluster,
  COUNT { (:ImportReport) } AS ImportReport
