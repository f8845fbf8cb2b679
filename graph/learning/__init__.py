"""The learning structure (docs/design.md): scales, cycles and their links, actors, experiments, evidence,
patterns, sensemaking, conditions, and the two questions (learn from below, enable below)."""
