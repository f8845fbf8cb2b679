// Sets the given properties of experiment $id (a null removes one).
MATCH (x:Experiment {id: $id})
SET x += $props
RETURN x.id AS id
