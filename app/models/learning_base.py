"""Shapes the learning-structure models share beyond ``app.models.base``: ids, texts, timestamps
and the answer of a delete."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field

from app.models.base import MAX_ID, MAX_NAME, MAX_TEXT
from graph.learning.ids import ID_PATTERN
from graph.learning.model import timestamp

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=MAX_ID, examples=["gateshead-place"])]
# A name (of a scale, cycle or actor) and a required text (a statement, a question, a description).
Label = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


def to_timestamp(value: Any) -> Any:
    """Dates and ISO-8601 date-times (any offset; none means UTC) as the stored UTC string."""
    if isinstance(value, datetime | date):
        return timestamp(value)
    if isinstance(value, str):
        if len(value) > 64:  # no date is longer; and the refusal must not echo a huge text
            raise ValueError("longer than 64 characters: not an ISO-8601 date or date-time")
        try:
            return timestamp(datetime.fromisoformat(value))
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO-8601 date or date-time") from None
    return value


Timestamp = Annotated[
    str, BeforeValidator(to_timestamp),
    Field(max_length=64, json_schema_extra={"format": "date-time"}, examples=["2024-03-01T09:30:00Z"]),
]


class DeleteSummary(BaseModel):
    """What a delete removed (node counts per label) and what it touched: lower cycles detached,
    patterns kept but left with no evidence."""

    deleted: dict[str, int]
    detached_lower_cycles: list[str] = []
    patterns_left_without_evidence: list[str] = []
