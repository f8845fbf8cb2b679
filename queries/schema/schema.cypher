// Schema as code: applied at start-up, each statement in its own transaction, idempotent.
// Every label of the domain model has a uniqueness constraint on `id`.
CREATE CONSTRAINT scale_id IF NOT EXISTS FOR (n:Scale) REQUIRE n.id IS UNIQUE;
// Scale levels are a strict order: no two scales share one.
CREATE CONSTRAINT scale_level IF NOT EXISTS FOR (n:Scale) REQUIRE n.level IS UNIQUE;
CREATE CONSTRAINT learning_cycle_id IF NOT EXISTS FOR (n:LearningCycle) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT cycle_element_id IF NOT EXISTS FOR (n:CycleElement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT experiment_id IF NOT EXISTS FOR (n:Experiment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (n:Evidence) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT pattern_id IF NOT EXISTS FOR (n:Pattern) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sensemaking_session_id IF NOT EXISTS FOR (n:SensemakingSession) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (n:Decision) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT condition_id IF NOT EXISTS FOR (n:Condition) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT outcome_system_id IF NOT EXISTS FOR (n:OutcomeSystem) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT factor_id IF NOT EXISTS FOR (n:Factor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT cluster_id IF NOT EXISTS FOR (n:Cluster) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT import_report_id IF NOT EXISTS FOR (n:ImportReport) REQUIRE n.id IS UNIQUE;
// One id namespace across the kinds of the learning structure (issue 14): every such node also
// carries the Entity label, unique on id. Nodes stored before get the label first. (Scales keep
// their own namespace: a cycle may be called "team" like the scale it runs at.)
MATCH (n) WHERE (n:LearningCycle OR n:CycleElement OR n:Actor OR n:Experiment OR n:Evidence
  OR n:Pattern OR n:SensemakingSession OR n:Decision OR n:Condition) AND NOT n:Entity SET n:Entity;
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
// Factor names are unique per system, compared as name_key (system id, then the name lower-cased,
// trimmed, runs of spaces as one): factors stored before get their key first.
MATCH (f:Factor)-[:PART_OF]->(s:OutcomeSystem) WHERE f.name_key IS NULL
SET f.name_key = s.id + '|' + reduce(k = '', w IN [x IN split(toLower(trim(f.name)), ' ') WHERE x <> ''] |
  k + CASE WHEN k = '' THEN '' ELSE ' ' END + w);
CREATE CONSTRAINT factor_name_key IF NOT EXISTS FOR (n:Factor) REQUIRE n.name_key IS UNIQUE;
// The singleton locks of rules checked across many nodes (no loop in FEEDS_INTO / NEXT_ITERATION).
CREATE CONSTRAINT hls_lock_name IF NOT EXISTS FOR (n:HlsLock) REQUIRE n.name IS UNIQUE;
// History (append-only Change nodes) and the trash.
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE;
CREATE INDEX change_entity IF NOT EXISTS FOR (n:Change) ON (n.entity);
CREATE INDEX change_actor IF NOT EXISTS FOR (n:Change) ON (n.actor);
CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at);
// Undo looks up whether a change is undone (the Change whose `undoes` names it) for each candidate.
CREATE INDEX change_undoes IF NOT EXISTS FOR (n:Change) ON (n.undoes);
CREATE CONSTRAINT trash_entry_id IF NOT EXISTS FOR (n:TrashEntry) REQUIRE n.id IS UNIQUE;
CREATE INDEX trash_entry_request IF NOT EXISTS FOR (n:TrashEntry) ON (n.request_id);
// Indexes for the list filters and the two questions.
CREATE INDEX learning_cycle_status IF NOT EXISTS FOR (n:LearningCycle) ON (n.status);
CREATE INDEX experiment_status IF NOT EXISTS FOR (n:Experiment) ON (n.status);
CREATE INDEX evidence_sensitivity IF NOT EXISTS FOR (n:Evidence) ON (n.sensitivity);
CREATE INDEX condition_status IF NOT EXISTS FOR (n:Condition) ON (n.status);
CREATE INDEX condition_kind IF NOT EXISTS FOR (n:Condition) ON (n.kind);
CREATE INDEX actor_kind IF NOT EXISTS FOR (n:Actor) ON (n.kind);
CREATE INDEX factor_name IF NOT EXISTS FOR (n:Factor) ON (n.name);
// A restore (graph/core/backup.py) finds the nodes it created by the backup file's ids.
CREATE INDEX hls_restoring IF NOT EXISTS FOR (n:HlsRestoring) ON (n.hls_backup_id);
CREATE INDEX import_report_system IF NOT EXISTS FOR (n:ImportReport) ON (n.system);
// API keys (issue 13): found by the hash of their secret; the secret itself is never stored.
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT api_key_hash IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.hash IS UNIQUE;
// Share links and one-time login tokens (issue 13): found by id / by the hash of their nonce.
CREATE CONSTRAINT share_id IF NOT EXISTS FOR (n:Share) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT login_token_id IF NOT EXISTS FOR (n:LoginToken) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT login_token_nonce IF NOT EXISTS FOR (n:LoginToken) REQUIRE n.nonce_hash IS UNIQUE;
