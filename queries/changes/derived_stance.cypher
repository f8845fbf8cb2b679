// The stance pattern $id is derived from evidence $other with now (null: not derived from it): what
// a derivation change replaces, kept in its history so the change can be undone.
OPTIONAL MATCH (:Pattern {id: $id})-[d:DERIVED_FROM]->(:Evidence {id: $other})
RETURN d.stance AS value
