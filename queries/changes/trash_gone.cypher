// Which of the nodes $eids (element ids read earlier in this transaction) no longer exist.
UNWIND $eids AS wanted
OPTIONAL MATCH (n) WHERE elementId(n) = wanted
WITH wanted, n WHERE n IS NULL
RETURN collect(wanted) AS gone
