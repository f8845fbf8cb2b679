"""Registers every area's command group on the ``hls-graph`` app (imported by ``main``)."""
