"""Outcome systems (factor maps) in Neo4j: the neutral snapshot every format converts through, the
system as a whole, its parts (factors, clusters) and its links."""
