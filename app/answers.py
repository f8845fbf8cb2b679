"""Answers serialised once: the big question answers skip FastAPI's second pass over them.

A route that returns a dict with a ``response_model`` has FastAPI validate the whole dict against
the model and then serialise it — on a region's learn-from-below answer that validation alone cost
about as much as the database (issue 17: ``record.data()`` + pydantic validation ~200 ms). The
domain functions build exactly the declared shape (tests/test_questions_lean.py checks the JSON
equals the model's own dump), so these routes return bytes serialised once by
:func:`app.answer_cache.cached_answer` instead, while the OpenAPI schema still declares the model
(the route keeps ``response_model``).

orjson, not ``json.dumps``: measured on the region answer (1.8 MB), 5 ms against 38 ms.
"""

from __future__ import annotations

# Answers at least this big are gzip-compressed for clients that accept it (app.main); level 1:
# on a 1.8 MB answer it takes 8 ms for an 8× smaller body, where level 9 takes 66 ms for 11×.
GZIP_MIN_BYTES = 16_384
GZIP_LEVEL = 1

