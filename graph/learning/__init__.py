"""The learning structure (DESIGN.md): scales, cycles and their links, actors, experiments, evidence,
patterns, sensemaking, conditions, and the two questions (learn from below, enable below)."""
