"""Registers every area's command group on the ``hls-graph`` app (imported by ``main``)."""
import graph.cli_analysis  # noqa: F401  (hls-graph analyse …)
import graph.cli_demo  # noqa: F401  (hls-graph load demo)
import graph.cli_systems  # noqa: F401  (hls-graph load foresight, hls-graph systems …)
from graph import cli_maps  # noqa: F401  (hls-graph map …)
