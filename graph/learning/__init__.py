"""The learning structure (docs/design.md): scales, cycles and their links, actors, experiments,
evidence, patterns, sensemaking, conditions, and the two questions (learn from below, enable below).

Who owns the transaction: the domain function. Each operation comes twice, under one convention:
``get_cycle(graph, ...)`` opens its own read (or write) transaction, so a caller (a route, the CLI,
a notebook) makes one call per change; ``get_cycle_tx(tx, ...)`` runs inside a transaction the
caller already holds, to compose a larger change that commits whole or not at all. The public forms
are made from the ``_tx`` ones by ``graph.core.db.reads`` / ``writes``.
"""
