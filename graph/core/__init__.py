"""The runtime every wing stands on: settings, the Neo4j driver and named queries, domain errors,
and the local Neo4j (an embedded JVM) with its launcher. Imports nothing else of ``graph``."""
