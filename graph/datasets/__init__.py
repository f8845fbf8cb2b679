"""The data sets hls-graph ships (``data/``): the Foresight obesity map and the demo learning stack,
with the loaders that put them into Neo4j."""
