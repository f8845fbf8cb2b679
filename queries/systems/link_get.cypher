// The link from one factor to another, if there is one.
MATCH (a:Factor {id: $source})-[r:INFLUENCES]->(b:Factor {id: $target})
RETURN {source: a.id, source_name: a.name, target: b.id, target_name: b.name, props: properties(r)} AS link
