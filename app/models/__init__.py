"""Pydantic models of the API: one module per area (create / update / public shapes)."""
