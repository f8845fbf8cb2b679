"""The ``hls-graph`` command line (entry point: :func:`graph.cli.main.main`)."""
